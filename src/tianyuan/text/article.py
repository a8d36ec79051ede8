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

# The same rules as the book shows them (appendix 原文與校訂), in Traditional.
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
    dropped: list[tuple[int, str, str]] = []

    # The title line is the first line followed by a dateline.
    title_at = next(
        (i for i in range(len(lines) - 1) if _next_nonblank_is_dateline(lines, i)), None
    )
    if title_at is None:
        raise ArticleError(
            path,
            "no title found: expected a title line followed by a dateline "
            "'YYYY-MM-DD hh:mm:ss 來源:… | 編輯:… | 作者:… 瀏覽量:N', found none",
        )
    for n in range(title_at):
        if lines[n].strip():
            dropped.append((n + 1, "spam-above-title", lines[n]))

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
    assert meta  # guaranteed by _next_nonblank_is_dateline

    captions: list[str] = []
    sections: list[tuple[str, str | None, int | None, list[tuple[int, str]]]] = [
        ("lede", None, None, [])
    ]
    credits: list[str] = []
    expected = [h for _, h in SECTIONS if h]
    for n in range(dateline_at + 1, len(lines)):
        lineno, line = n + 1, lines[n].rstrip()
        stripped = line.strip()
        if not stripped:
            continue  # blank-lines
        if stripped in PAGE_DEBRIS:
            dropped.append((lineno, "page-debris", line))
            continue
        if credits or stripped.startswith(CREDIT_PREFIXES):
            credits.append(line)
            continue
        if stripped.startswith("▲"):
            if any(paras for *_, paras in sections):
                raise ArticleError(
                    path,
                    "expected photo captions (▲) only before the first paragraph, "
                    f"found one in the body: {stripped!r}",
                    lineno,
                )
            captions.append(stripped[1:])
            continue
        if _HEADING_LIKE.match(stripped):
            heading = _STRAY_SPACE.sub("", stripped)
            if heading != stripped:
                dropped.append((lineno, "heading-stray-space", line))
            if heading not in HEADINGS:
                raise ArticleError(
                    path,
                    f"unexpected section heading {stripped!r}; expected one of {expected}",
                    lineno,
                )
            want = expected[len(sections) - 1] if len(sections) - 1 < len(expected) else None
            if heading != want:
                raise ArticleError(
                    path,
                    f"section heading {heading!r} out of order; expected {want!r} here",
                    lineno,
                )
            sections.append((HEADINGS[heading], heading, lineno, []))
            continue
        sections[-1][3].append((lineno, line))

    if len(sections) != len(SECTIONS):
        missing = expected[len(sections) - 1]
        raise ArticleError(
            path,
            f"missing section heading {missing!r}: expected {len(expected)} headings, "
            f"found {len(sections) - 1} before the end of the file",
            len(lines),
        )
    built = []
    for slug, heading, hline, paras in sections:
        if not paras:
            raise ArticleError(path, f"expected paragraphs in section {slug!r}, found none", hline)
        built.append(
            Section(
                slug,
                heading,
                hline,
                tuple(
                    Paragraph(f"{slug}-{k:02d}", slug, k, t, ln)
                    for k, (ln, t) in enumerate(paras, 1)
                ),
            )
        )
    if not credits:
        raise ArticleError(
            path,
            "no credits block found: expected lines starting "
            f"with one of {list(CREDIT_PREFIXES)} after the last section, "
            "found the end of the file",
            len(lines),
        )

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
        captions=tuple(captions),
        sections=tuple(built),
        credits=tuple(credits),
        credit_fields=_credit_fields(credits),
        dropped=tuple(dropped),
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
