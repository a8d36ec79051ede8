"""Chapters place the whole article, once, in order; and never retype it."""

import re

from conftest import chapter_order

from tianyuan.paths import ROOT
from tianyuan.text.article import SECTION_SLUGS

PASSAGE = re.compile(r"^```\{passage\}\s+(\S+)\s*$", re.M)


def placed_ids(article) -> list[str]:
    ids = []
    for docname in chapter_order():
        text = (ROOT / f"{docname}.md").read_text("utf-8")
        for spec in PASSAGE.findall(text):
            ids += [p.pid for p in article.select(spec)]
    return ids


def test_every_paragraph_is_placed_exactly_once_in_article_order(article):
    assert placed_ids(article) == [p.pid for p in article.paragraphs]


def test_one_chapter_per_section_named_by_its_slug():
    chapters = [d.removeprefix("book/") for d in chapter_order()]
    assert [c for c in chapters if c in SECTION_SLUGS] == list(SECTION_SLUGS)


def test_section_chapters_take_their_title_from_the_article():
    for slug in SECTION_SLUGS[1:]:
        text = (ROOT / "book" / f"{slug}.md").read_text("utf-8")
        assert f"# {{{{ h_{slug} }}}}" in text, slug


def test_no_article_sentence_is_retyped_into_a_chapter(article):
    sources = "".join(p.read_text("utf-8") for p in (ROOT / "book").rglob("*.md"))
    for p in article.paragraphs:
        # any 16-character run of a paragraph would betray a copy
        for start in range(0, max(1, len(p.text) - 16), 8):
            assert p.text[start : start + 16] not in sources, p.pid
