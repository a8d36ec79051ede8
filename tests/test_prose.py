"""Our own words: Taiwan-standard vocabulary, full-width punctuation, no damage from the
round trip through Simplified, and the corrections of the editorial pass kept."""

import csv
import re

import pytest
import yaml
from conftest import HTML, chapter_order, page_text

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
