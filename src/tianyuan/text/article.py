"""The article model: read the seed, apply the named cleaning rules, return the article.

The seed is the page as it was captured, in the seed's own (naively converted)
Traditional script. Nothing here changes a word of the article: the cleaning rules
below only drop what is not the article, and each is named so that tests, the
front matter and the source-text report can refer to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from tianyuan.errors import InputError
from tianyuan.paths import SEED_PATH

# Section slugs in article order, with the heading as it stands in the seed
# (after the `heading-stray-space` rule). The lede has no heading of its own.
SECTIONS: tuple[tuple[str, str | None], ...] = (
    ("lede", None),
    ("core", "核心區的核心在哪里"),
    ("dragons", "群龍尋首"),
    ("crisis", "危機升級"),
    ("road", "任重道遠"),
    ("stones", "他山之石"),
)
SECTION_SLUGS = tuple(slug for slug, _ in SECTIONS)
HEADINGS = {heading: slug for slug, heading in SECTIONS if heading}

# Lines of page furniture left over from the capture, matched after stripping.
PAGE_DEBRIS = frozenset({"下載APP"})

# Lines that open the credits block at the end of the page.
CREDIT_PREFIXES = ("(本版圖片", "責編:", "初審:", "來源:", "版權作品")

CLEANING_RULES: dict[str, str] = {
    "spam-above-title": (
        "Every line above the title line is dropped. In the seed that is one line of "
        "injected porn-SEO spam that was never part of the article; it must reach no output."
    ),
    "page-debris": (
        "Lines that are page furniture, not article (in the seed, the label of the "
        "page's download-the-app button on its last line), are dropped."
    ),
    "blank-lines": (
        "Empty lines between paragraphs are dropped and trailing white space is "
        "stripped from every line; paragraphs are the remaining lines, one per line."
    ),
    "heading-stray-space": (
        "A space between two Chinese characters inside a section heading is removed "
        "(the seed has 他山 之石). Headings only; body text is never touched."
    ),
}

# The rules' names and what they do as the book shows them (appendix 原文與校訂), in
# Traditional; the code name stays beside the Chinese one, as tests and logs name it.
RULE_NAMES_ZH: dict[str, str] = {
    "spam-above-title": "刪去標題上方的廣告",
    "page-debris": "刪去網頁介面文字",
    "blank-lines": "刪去空行",
    "heading-stray-space": "刪去小標題中的空格",
    "fullwidth-punctuation": "中文旁標點改全形",
}
CLEANING_RULES_ZH: dict[str, str] = {
    "spam-above-title": (
        "標題行以上的每一行都刪去。種子檔在這裡有一行被注入的色情廣告，"
        "從來不屬於原文，不得出現在任何輸出中。"
    ),
    "page-debris": "網頁的介面文字（種子檔最後一行，下載應用程式的按鈕標籤）不屬於原文，刪去。",
    "blank-lines": "段落之間的空行刪去，每行行尾的空白去掉；其餘每一行就是一段。",
    "heading-stray-space": (
        "小標題中兩個漢字之間的空格刪去（種子檔寫作「他山 之石」）。只用於小標題，不動正文。"
    ),
}

_DATELINE = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2}) (?P<time>\d{2}:\d{2}:\d{2})\s+"
    r"來源:(?P<source>.+?)\s*\|\s*編輯:(?P<editor>.+?)\s*\|\s*作者:(?P<authors>.+?)\s+"
    r"瀏覽量:(?P<views>\d+)$"
)
_CJK = r"[\u3400-\u9fff]"
_STRAY_SPACE = re.compile(rf"(?<={_CJK})\s+(?={_CJK})")
# A line that reads like a heading: short and without any punctuation.
_HEADING_LIKE = re.compile(r"^[\u3400-\u9fff\s]{2,14}$")


class ArticleError(InputError):
    """The seed does not have the shape the book expects. Says where and why."""


@dataclass(frozen=True)
class Paragraph:
    pid: str  # stable id: section slug + two-digit index, e.g. "core-03"
    section: str
    index: int  # 1-based within its section
    text: str  # as in the seed, after cleaning
    line: int  # line number in the seed file


@dataclass(frozen=True)
class Section:
    slug: str
    heading: str | None
    heading_line: int | None
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True)
class Article:
    path: str
    title: str
    subtitle: str
    date: str
    time: str
    source: str
    editor: str
    authors: tuple[str, ...]
    views: int
    captions: tuple[str, ...]  # photo captions, the "▲" marker removed
    sections: tuple[Section, ...]
    credits: tuple[str, ...]
    credit_fields: dict[str, str] = field(default_factory=dict)
    dropped: tuple[tuple[int, str, str], ...] = ()  # (line, rule, text) removed by cleaning

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return tuple(p for s in self.sections for p in s.paragraphs)

    @property
    def notice(self) -> str:
        """The copyright notice that ends the page (版權作品,…), as published."""
        for line in self.credits:
            if line.startswith("版權作品"):
                return line
        raise ArticleError(
            self.path, "expected a copyright notice (a credits line 版權作品…), found none"
        )

    def paragraph(self, pid: str) -> Paragraph:
        for p in self.paragraphs:
            if p.pid == pid:
                return p
        raise KeyError(pid)

    def section(self, slug: str) -> Section:
        for s in self.sections:
            if s.slug == slug:
                return s
        raise KeyError(slug)

    def select(self, spec: str) -> tuple[Paragraph, ...]:
        """Paragraphs named by `core-03`, `core-03:core-07` (inclusive) or `core` (a section)."""
        spec = spec.strip()
        if spec in SECTION_SLUGS:
            return self.section(spec).paragraphs
        ids = [p.pid for p in self.paragraphs]
        first, _, last = spec.partition(":")
        last = last or first
        for pid in (first, last):
            if pid not in ids:
                raise KeyError(pid)
        i, j = ids.index(first), ids.index(last)
        if j < i:
            raise KeyError(f"{spec} (range runs backwards)")
        return self.paragraphs[i : j + 1]


def _decode(raw: bytes, path: Path) -> str:
    if not raw.strip():
        raise ArticleError(path, "expected the article's text, found an empty file")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        column = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1  # in bytes
        raise ArticleError(
            path,
            f"not UTF-8: expected UTF-8 text, found the byte 0x{raw[err.start]:02x}",
            line,
            column,
        ) from None


def parse(text: str, path: Path | str = "<string>") -> Article:
    """Parse the seed text into an Article, applying the named cleaning rules."""
    lines = text.splitlines()
    title_at = _title_line(lines, path)
    # spam-above-title: whatever stands above the title line is not the article
    dropped = [(n + 1, "spam-above-title", lines[n]) for n in range(title_at) if lines[n].strip()]
    title_line = lines[title_at].rstrip()
    title, sep, subtitle = title_line.partition("——")
    if not sep or not title.strip() or not subtitle.strip():
        raise ArticleError(
            path,
            f"expected 'title ——subtitle' on the title line, found {title_line!r}",
            title_at + 1,
        )
    dateline_at = next(i for i in range(title_at + 1, len(lines)) if lines[i].strip())
    meta = _DATELINE.match(lines[dateline_at].strip())
    assert meta  # guaranteed by _title_line

    body = _Body(path, dropped)
    for n in range(dateline_at + 1, len(lines)):
        body.read(n + 1, lines[n].rstrip())
    sections = body.sections(end=len(lines))

    return Article(
        path=str(path),
        title=title.rstrip(),
        subtitle=subtitle.strip(),
        date=meta["date"],
        time=meta["time"],
        source=meta["source"].strip(),
        editor=meta["editor"].strip(),
        authors=tuple(meta["authors"].split()),
        views=int(meta["views"]),
        captions=tuple(body.captions),
        sections=sections,
        credits=tuple(body.credits),
        credit_fields=_credit_fields(body.credits),
        dropped=tuple(body.dropped),
    )


def _title_line(lines: list[str], path: Path | str) -> int:
    """Where the title line is: the first line followed by a dateline."""
    for i in range(len(lines) - 1):
        if _next_nonblank_is_dateline(lines, i):
            return i
    raise ArticleError(
        path,
        "no title found: expected a title line followed by a dateline "
        "'YYYY-MM-DD hh:mm:ss 來源:… | 編輯:… | 作者:… 瀏覽量:N', found none",
    )


EXPECTED_HEADINGS = [h for _, h in SECTIONS if h]


@dataclass
class _Body:
    """The page under the dateline, read a line at a time: the photo captions, the sections
    under their headings, the credits; what the cleaning rules drop is recorded."""

    path: Path | str
    dropped: list[tuple[int, str, str]]
    captions: list[str] = field(default_factory=list)
    # (slug, heading, heading's line, [(line, paragraph)]); the lede has no heading
    parts: list[tuple[str, str | None, int | None, list[tuple[int, str]]]] = field(
        default_factory=lambda: [("lede", None, None, [])]
    )
    credits: list[str] = field(default_factory=list)

    def read(self, lineno: int, line: str) -> None:
        stripped = line.strip()
        if not stripped:
            return  # blank-lines
        if stripped in PAGE_DEBRIS:
            self.dropped.append((lineno, "page-debris", line))
        elif self.credits or stripped.startswith(CREDIT_PREFIXES):
            self.credits.append(line)
        elif stripped.startswith("▲"):
            self.caption(lineno, stripped)
        elif _HEADING_LIKE.match(stripped):
            self.heading(lineno, line, stripped)
        else:
            self.parts[-1][3].append((lineno, line))

    def caption(self, lineno: int, stripped: str) -> None:
        if any(paras for *_, paras in self.parts):
            raise ArticleError(
                self.path,
                "expected photo captions (▲) only before the first paragraph, "
                f"found one in the body: {stripped!r}",
                lineno,
            )
        self.captions.append(stripped[1:])

    def heading(self, lineno: int, line: str, stripped: str) -> None:
        heading = _STRAY_SPACE.sub("", stripped)
        if heading != stripped:
            self.dropped.append((lineno, "heading-stray-space", line))
        if heading not in HEADINGS:
            raise ArticleError(
                self.path,
                f"unexpected section heading {stripped!r}; expected one of {EXPECTED_HEADINGS}",
                lineno,
            )
        found = len(self.parts) - 1
        want = EXPECTED_HEADINGS[found] if found < len(EXPECTED_HEADINGS) else None
        if heading != want:
            raise ArticleError(
                self.path,
                f"section heading {heading!r} out of order; expected {want!r} here",
                lineno,
            )
        self.parts.append((HEADINGS[heading], heading, lineno, []))

    def sections(self, end: int) -> tuple[Section, ...]:
        """The sections, once the whole page is read (`end`: its last line)."""
        found = len(self.parts) - 1
        if found != len(EXPECTED_HEADINGS):
            raise ArticleError(
                self.path,
                f"missing section heading {EXPECTED_HEADINGS[found]!r}: expected "
                f"{len(EXPECTED_HEADINGS)} headings, found {found} before the end of the file",
                end,
            )
        for slug, _, hline, paras in self.parts:
            if not paras:
                raise ArticleError(
                    self.path, f"expected paragraphs in section {slug!r}, found none", hline
                )
        if not self.credits:
            raise ArticleError(
                self.path,
                "no credits block found: expected lines starting "
                f"with one of {list(CREDIT_PREFIXES)} after the last section, "
                "found the end of the file",
                end,
            )
        return tuple(
            Section(
                slug,
                heading,
                hline,
                tuple(
                    Paragraph(f"{slug}-{k:02d}", slug, k, t, ln)
                    for k, (ln, t) in enumerate(paras, 1)
                ),
            )
            for slug, heading, hline, paras in self.parts
        )


def _next_nonblank_is_dateline(lines: list[str], i: int) -> bool:
    if not lines[i].strip():
        return False
    for later in lines[i + 1 :]:
        if later.strip():
            return bool(_DATELINE.match(later.strip()))
    return False


def _credit_fields(credits: list[str]) -> dict[str, str]:
    """Split 'key:value' pairs (several may share a line) of the credits block."""
    fields: dict[str, str] = {}
    for line in credits:
        for part in re.split(r"\s{2,}", line.strip()):
            key, sep, value = part.partition(":")
            if sep and len(key) <= 4:
                fields[key] = value.strip()
    return fields


def read_article(path: Path | str) -> Article:
    """Read and parse a seed file; any problem is an ArticleError naming file and line."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise ArticleError(path, f"cannot read the seed: {err.strerror}") from None
    return parse(_decode(raw, path), path)


@lru_cache(maxsize=4)
def load_article(path: str | None = None) -> Article:
    """The book's article (cached): the seed in `seeds/`, parsed and cleaned."""
    return read_article(path or SEED_PATH)
