"""The built HTML: the whole article in each edition, once, in order; no spam anywhere."""

import re

import pytest
from conftest import HTML, built_page, chapter_order, page_text

from tianyuan.paths import BUILD
from tianyuan.text.article import SECTION_SLUGS
from tianyuan.text.convert import convert, display

pytestmark = pytest.mark.build

SPAM_FRAGMENTS = ["亚洲日韩AV无码", "亞洲日韓AV無碼", "无码人妻", "無碼人妻", "黑人粗硬"]


def test_every_paragraph_appears_once_in_order(article, edition):
    text = "".join(page_text(built_page(edition, d)) for d in chapter_order())
    pos = 0
    for p in article.paragraphs:
        want = display(p.text, edition)
        assert text.count(want) == 1, (edition, p.pid)
        found = text.index(want)
        assert found >= pos, (edition, p.pid, "out of order")
        pos = found


def test_headings_once_each_as_chapter_titles(article, edition):
    pages = {d: built_page(edition, d).read_text("utf-8") for d in chapter_order()}
    for section in article.sections[1:]:
        heading = display(section.heading, edition)
        holders = [d for d, html in pages.items() if re.search(rf"<h[1-6]>[^<]*{heading}", html)]
        assert holders == [f"book/{section.slug}"], (edition, heading, holders)


def test_paragraphs_carry_their_id_as_an_anchor_and_a_lang_tag(edition):
    page = built_page(edition, "book/core").read_text("utf-8")
    assert re.search(r'<p class="article-paragraph" id="core-05">', page)
    assert 'href="#core-05"' in page
    assert re.search(rf'<div class="article-passage[^"]*" lang="{edition}"', page)


def test_spam_and_debris_are_nowhere_under_build():
    files = [p for p in BUILD.rglob("*") if p.is_file() and p.suffix not in {".png", ".pdf"}]
    assert len(files) > 20
    for path in files:
        data = path.read_bytes()
        for frag in SPAM_FRAGMENTS:
            assert frag.encode() not in data, path
        assert "下載APP".encode() not in data and "下载APP".encode() not in data, path


def test_front_page_credits_the_source(article, edition):
    text = page_text(built_page(edition, "book/index"))
    for needed in (article.title, article.subtitle, article.source, *article.authors):
        assert display(needed, edition) in text, needed
    assert convert("不得變更核心內容", edition) in text


def test_every_section_chapter_is_built(edition):
    for slug in SECTION_SLUGS:
        assert (HTML / edition / "book" / f"{slug}.html").exists()


def test_no_link_points_to_a_double_escaped_address():
    """MyST left `&` in link targets as `&amp;` (MyST-Parser #760): the href then read
    `&amp;amp;` and led to a wrong address."""
    pages = [p for p in HTML.rglob("*.html") if "_static" not in p.parts and "lite" not in p.parts]
    assert len(pages) > 20
    for page in pages:
        assert "&amp;amp;" not in page.read_text("utf-8"), page
    claims = (HTML / "zh-Hant" / "book" / "appendix" / "claims.html").read_text("utf-8")
    assert 'href="http://s.www.hbzqbyyxgs.com/citiao/160709.html?action=top10list&amp;page=1"' in (
        claims
    )  # the ledger's one address with an `&`, written once escaped, as HTML wants


def test_every_local_link_leads_to_a_built_file():
    """A page may link only files the build wrote: a PDF named on the student page but never
    built (the English packet) is a dead link a reader finds, not a test."""
    from urllib.parse import unquote, urlsplit

    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    pages = [p for p in HTML.rglob("*.html") if "_static" not in p.parts and "lite" not in p.parts]
    assert len(pages) > 20
    dead = []
    for page in pages:
        tree = HTMLParser(page.read_text("utf-8"))
        for node in tree.css("a[href], link[href], script[src], img[src]"):
            target = node.attributes.get("href") or node.attributes.get("src") or ""
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or not parts.path:
                continue  # outside addresses and same-page anchors
            resolved = (page.parent / unquote(parts.path)).resolve()
            if resolved.is_dir():
                resolved = resolved / "index.html"
            if not resolved.exists():
                dead.append(f"{page.relative_to(HTML)} → {target}")
    assert not dead, dead[:20]
