"""Our own words: Taiwan-standard vocabulary, full-width punctuation, no damage from the
round trip through Simplified, and the corrections of the editorial pass kept."""

import csv
import re

import pytest
import yaml
from conftest import HTML, _TextExtractor, chapter_order, page_text

from tianyuan.paths import ROOT
from tianyuan.teaching.content import GLOSSARY, QUESTIONS
from tianyuan.text.article import load_article
from tianyuan.text.convert import (
    TERMS_CSV,
    convert,
    display,
    fullwidth_punctuation,
    halfwidth_punctuation,
    ours,
)

BLOCK = re.compile(r"(^```\{(?:code-cell|raw|tabularcolumns)\}.*?^```[ \t]*$)", re.M | re.S)
INLINE = re.compile(r"`[^`\n]*`|\]\([^)\s]*\)|<https?://[^>]+>|https?://\S+|\{\{[^}]*\}\}")
QUOTED = re.compile(r"「[^」]*」|“[^”]*”")


def prose_chunks() -> list[tuple[str, str]]:
    """(where, text) for every piece of our own prose: chapter Markdown outside code, and
    the teaching files' Chinese fields."""
    out = []
    for path in sorted((ROOT / "book").rglob("*.md")):
        for part in BLOCK.split(path.read_text("utf-8"))[::2]:
            for line in part.splitlines():
                if line.strip() and not line.startswith((":", "(")):
                    out.append((path.relative_to(ROOT).as_posix(), INLINE.sub(" ", line)))
    questions = yaml.safe_load(QUESTIONS.read_text("utf-8"))
    for slug, items in questions.items():
        for q in items:
            for key in ("zh", "look_for", "misreadings"):
                out.append((f"questions.yml {slug}", q[key]))
    for t in yaml.safe_load(GLOSSARY.read_text("utf-8"))["terms"]:
        out.append((f"glossary.yml {t['term']}", f"{t['term']} {t['definition']}"))
    return out


def test_our_prose_survives_the_round_trip_through_simplified():
    """The Traditional edition of our words is what we wrote: s2tw(t2s(x)) damages nothing
    (隻取 for 只取) once the overrides in data/conversion_overrides.csv are applied."""
    damaged = [(w, t, ours(t, "zh-Hant")) for w, t in prose_chunks() if ours(t, "zh-Hant") != t]
    assert not damaged, damaged[:3]


def test_our_prose_uses_full_width_punctuation():
    bad = [(w, t[:60]) for w, t in prose_chunks() if fullwidth_punctuation(t) != t]
    assert not bad, bad[:5]


def avoided_terms() -> list[str]:
    with TERMS_CSV.open(encoding="utf-8", newline="") as fh:
        return [row["avoid_in_hant"] for row in csv.DictReader(fh) if row["avoid_in_hant"]]


def test_our_prose_uses_taiwan_vocabulary():
    """Mainland words are not ours (data/edition_terms.csv); the article's own words, which
    we quote in 「」 or “”, are left as the article wrote them."""
    terms = avoided_terms()
    assert "報道" in terms and "點擊" in terms and "口徑" in terms
    found = []
    for where, text in prose_chunks():
        unquoted = QUOTED.sub("", text)
        found += [(where, term, text[:50]) for term in terms if term in unquoted]
    assert not found, found[:5]


FORBIDDEN_IN_HANT = ["報道", "點擊", "柱狀圖", "口徑", "隻取", "130 余天", "一字不改"]
RETRACTED = ["不在同一張榜上", "2018–2022 年無公開名次", "此後停滯"]


def _prose_of_built_page(path) -> str:
    """A page's text without the article's own paragraphs, masthead and credits."""
    raw = path.read_text("utf-8")
    raw = re.sub(r'<p class="article-paragraph".*?</p>', "", raw, flags=re.S)
    raw = re.sub(
        r'<div class="article-(?:masthead|credits|captions)[^"]*".*?</div>', "", raw, flags=re.S
    )
    from conftest import _TextExtractor

    parser = _TextExtractor()
    parser.feed(raw)
    return "".join(parser.parts)


@pytest.mark.build
def test_built_traditional_pages_keep_the_editorial_corrections():
    for docname in chapter_order():
        text = _prose_of_built_page(HTML / "zh-Hant" / f"{docname}.html")
        for word in FORBIDDEN_IN_HANT + RETRACTED:
            assert word not in text, (docname, word)


@pytest.mark.build
def test_the_front_page_says_where_the_article_comes_from_and_what_was_changed(edition):
    text = page_text(HTML / edition / "book" / "index.html")
    assert convert("關於原文", edition) in text
    assert convert("融媒體中心", edition) in text and convert("宣傳", edition) in text
    assert convert("詞句不改", edition) in text


@pytest.mark.build
def test_the_front_page_states_the_rights_as_they_are(edition):
    """The notice in full (from the seed), no authorisation recorded, who must obtain it,
    what CC BY and MIT cover and that the article is under neither, no original address."""
    from tianyuan.text import rights

    art = load_article()
    text = page_text(HTML / edition / "book" / "index.html")
    assert convert("未經授權嚴禁轉載", edition) in text
    assert rights.notice(art, edition) in text
    for sentence in (rights.REPRODUCTION, rights.LICENCES, rights.NO_ADDRESS):
        assert rights.statement(sentence, art, edition) in text, sentence[:20]
    flat = " ".join(text.split())
    assert "as its notice requires" not in flat and "records no authorisation" in flat


def test_the_readmes_quote_the_notice_as_published():
    notice = load_article().notice
    for readme in (ROOT / "README.md", ROOT / "seeds" / "README.md"):
        text = readme.read_text("utf-8")
        assert notice in text, readme
        flat = " ".join(text.split())
        assert "as its notice requires" not in flat and "records no authorisation" in flat


@pytest.mark.parametrize("paragraph", [p.pid for p in load_article().paragraphs])
def test_the_fullwidth_rule_is_exactly_reversible_to_the_seed(paragraph):
    text = load_article().paragraph(paragraph).text
    shown = fullwidth_punctuation(text)
    assert halfwidth_punctuation(shown) == text
    assert not re.search(r"[\u4e00-\u9fff][,:;?!()]|[,:;?!()][\u4e00-\u9fff]", shown)


@pytest.mark.build
def test_the_source_text_appendix_counts_the_changed_marks():
    article = load_article()
    changed = sum(
        sum(a != b for a, b in zip(p.text, fullwidth_punctuation(p.text), strict=True))
        for p in article.paragraphs
    )
    text = page_text(HTML / "zh-Hant" / "book" / "appendix" / "source-text.html")
    total = int(re.search(r"共 (\d+) 處", text).group(1))
    assert total >= changed > 250
    assert display(article.paragraph("core-06").text, "zh-Hant") != convert(
        article.paragraph("core-06").text, "zh-Hant"
    )


# --- every built page: the edition's own words -------------------------------------------


class _PageWords(_TextExtractor):
    """Text a reader meets on a page: text nodes and the words of tooltips, labels and
    alternatives; without code (the same in both editions), without characters a page
    shows as written (keep-script), without the article's own paragraphs and blocks."""

    SKIPPED = ("pre", "script", "style")

    def __init__(self):
        super().__init__()
        self._hidden: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        hidden = (
            tag in self.SKIPPED
            or "keep-script" in classes
            or "article-paragraph" in classes
            or any(
                c.startswith(("article-masthead", "article-credits", "article-captions"))
                for c in classes
            )
        )
        if self._hidden or hidden:
            if tag not in ("br", "img", "input", "meta", "link", "hr", "wbr", "source"):
                self._hidden.append(tag)
            return
        for key in ("title", "aria-label", "alt", "placeholder", "data-tooltip"):
            if a.get(key):
                self.parts.append(" " + a[key] + " ")

    def handle_endtag(self, tag):
        if self._hidden and self._hidden[-1] == tag:
            self._hidden.pop()

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def page_words(path) -> str:
    raw = path.read_text("utf-8")
    parser = _PageWords()
    parser.feed(raw)
    charts = [
        re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), script)
        for script in re.findall(r"Plotly\.newPlot\((.*?)</script>", raw, flags=re.S)
    ]
    return "".join(parser.parts) + "\n".join(charts)


def built_pages(edition: str) -> list:
    pages = [p for p in (HTML / edition).rglob("*.html") if "_static" not in p.parts]
    assert len(pages) >= 15, edition
    return sorted(pages)


def _article_words(edition: str) -> str:
    art = load_article()
    parts = [art.title, art.subtitle, art.source, *art.captions, *art.credits]
    parts += [s.heading for s in art.sections if s.heading]
    parts += [p.text for p in art.paragraphs]
    return "\n".join(display(x, edition) for x in parts)


def _terms(column: str) -> list[str]:
    with TERMS_CSV.open(encoding="utf-8", newline="") as fh:
        return [row[column] for row in csv.DictReader(fh) if row[column]]


_QUOTATION = re.compile(r"「([^「」]*)」|“([^“”]*)”")


def _foreign_words(text: str, terms: list[str], article: str) -> list[str]:
    """Each use of a term that is not the article's own words: quoted from it (「數據」)
    or standing with two characters of context, on one side or the other, that are."""
    quoted = [
        m.span() for m in _QUOTATION.finditer(text) if (m.group(1) or m.group(2) or "?") in article
    ]
    found = []
    for term in terms:
        for m in re.finditer(re.escape(term), text):
            i, j = m.span()
            if text[max(i - 2, 0) : j] in article or text[i : j + 2] in article:
                continue
            if any(a < i and j < b for a, b in quoted):
                continue
            found.append(f"{term}: …{text[max(i - 12, 0) : j + 12]}…")
    return found


@pytest.mark.build
def test_zh_hans_pages_speak_mainland_chinese():
    """No Taiwan word and no Taiwan quotation mark on a Simplified page, interface and
    chart text included (data/edition_terms.csv, avoid_in_hans)."""
    terms = [*_terms("avoid_in_hans"), "「", "」", "『", "』", "〈"]
    for needed in ("程式", "快取", "建置", "套件", "选单", "字元", "介面"):
        assert needed in terms
    article = _article_words("zh-Hans")
    bad = {}
    for page in built_pages("zh-Hans"):
        found = _foreign_words(page_words(page), terms, article)
        if found:
            bad[page.relative_to(HTML).as_posix()] = found[:4]
    assert not bad, bad


@pytest.mark.build
def test_zh_hant_pages_speak_taiwan_chinese():
    """No mainland word on a Traditional page, interface and chart text included, outside
    the article's own words (data/edition_terms.csv, avoid_in_hant)."""
    terms = _terms("avoid_in_hant")
    assert {"報道", "點擊", "柱狀圖", "口徑", "代碼", "軟件"} <= set(terms)
    article = _article_words("zh-Hant")
    bad = {}
    for page in built_pages("zh-Hant"):
        found = _foreign_words(page_words(page), terms, article)
        if found:
            bad[page.relative_to(HTML).as_posix()] = found[:4]
    assert not bad, bad


def test_mainland_marks_nest_and_title_marks_change():
    assert ours("原文說「“火炬計劃”正式實施」", "zh-Hans") == "原文说“‘火炬计划’正式实施”"
    assert ours("書末〈版本說明〉", "zh-Hans") == "书末《版本说明》"
    assert ours("《書名〈篇名〉》", "zh-Hans") == "《书名〈篇名〉》"
    assert ours("核心區的指標", "zh-Hans") == "核心区的指标"  # not 内核, not 指针
    assert ours("程式碼與快取", "zh-Hans") == "代码与缓存"
    assert ours("圖表資料（16 列）", "zh-Hans") == "图表数据（16 行）"
    assert ours("外部資料", "zh-Hans") == "外部资料"  # sources, not 数据


# Files whose Chinese strings are not ours but written as found: the seed's own headings
# and credit prefixes, and the researchers' free text the one-off migration reads.
CODE_STRINGS_AS_WRITTEN = {
    "src/tianyuan/text/article.py": "the seed's headings and credit lines, as published",
    "src/tianyuan/data/migration.py": "the researchers' notes, read as they were obtained",
}


def code_strings() -> list[tuple[str, str]]:
    """Every Traditional string literal of the package: the words the code writes (chart
    titles, notes, labels, interface strings). Simplified ones are data keys, and a string
    holding Simplified-only characters names both scripts on purpose (简体)."""
    import ast

    import opencc

    t2s, s2tw = opencc.OpenCC("t2s"), opencc.OpenCC("s2tw")
    out = []
    for path in sorted((ROOT / "src" / "tianyuan").rglob("*.py")):
        where = path.relative_to(ROOT).as_posix()
        if where in CODE_STRINGS_AS_WRITTEN:
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
                continue
            text = node.value
            if re.search(r"\[[^\]]*-[^\]]*\]", text):
                continue  # a character class (a range of code points), not words
            traditional = any(t2s.convert(c) != c for c in text)
            simplified = any(t2s.convert(c) == c and s2tw.convert(c) != c for c in text)
            if traditional and not simplified:
                out.append((f"{where}:{node.lineno}", text))
    return out


def test_the_words_in_the_code_survive_the_round_trip_and_are_taiwan_usage():
    strings = code_strings()
    assert len(strings) > 200
    damaged = [(w, t[:40]) for w, t in strings if ours(t, "zh-Hant") != t]
    assert not damaged, damaged[:5]
    terms = avoided_terms()
    found = [(w, term) for w, t in strings for term in terms if term in QUOTED.sub("", t)]
    assert not found, found[:5]
