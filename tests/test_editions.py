"""Two script editions: conversion pipeline, twin pages, lang tags, search."""

import re
import urllib.parse

import opencc
import pytest
from conftest import HTML, built_page, chapter_order, page_text

from tianyuan.text.convert import EDITIONS, convert, overrides, to_simplified

T2S = opencc.OpenCC("t2s")
S2TW = opencc.OpenCC("s2tw")


def test_pipeline_is_t2s_then_s2tw_not_s2twp(article):
    text = article.paragraph("lede-05").text  # 信息 must stay 信息 (s2twp would say 資訊)
    assert "電子信息" in convert(text, "zh-Hant")
    assert convert(text, "zh-Hans") == T2S.convert(text)
    assert convert(text, "zh-Hant") == S2TW.convert(T2S.convert(text))


def test_seed_errors_are_corrected_in_zh_hant(article):
    hant = convert(article.paragraph("core-13").text, "zh-Hant")
    assert "高新區幹部直言" in hant and "干部" not in hant
    assert "先進製造業" in convert(article.paragraph("lede-03").text, "zh-Hant")


@pytest.mark.parametrize("rule", overrides(), ids=lambda r: r.replace)
def test_each_override_fixes_what_opencc_gets_wrong(article, rule):
    body = "".join(p.text for p in article.paragraphs)
    plain = S2TW.convert(T2S.convert(body))
    assert rule.find in plain  # opencc alone produces the wrong form here ...
    fixed = convert(body, rule.edition)
    assert rule.find not in fixed and rule.replace in fixed  # ... and the override mends it


@pytest.mark.build
def test_zh_hans_pages_hold_no_traditional_characters(article):
    kept = re.compile(r'<span class="[^"]*keep-script[^"]*"[^>]*>.*?</span>', re.S)
    for docname in chapter_order():
        raw = built_page("zh-Hans", docname).read_text("utf-8")
        raw = kept.sub("", raw)
        # code is the same in both editions (it filters on the data's own labels);
        # what it draws is converted, and that is checked here
        raw = re.sub(r"<pre>.*?</pre>", "", raw, flags=re.S)
        # the switch names the other edition in its own script (tagged lang="zh-Hant")
        raw = re.sub(r'<a [^>]*lang="zh-Hant"[^>]*>[^<]*</a>', "", raw)
        if docname.endswith("source-text"):  # reports Traditional characters as data
            raw = re.sub(
                r'<div class="tianyuan-chart.*?</script>\s*</div>\s*</div>', "", raw, flags=re.S
            )
            raw = re.sub(r"<table.*?</table>", "", raw, flags=re.S)
        text = page_text_from(raw)
        trad = sorted({ch for ch in text if T2S.convert(ch) != ch})
        assert not trad, (docname, trad[:20])


def page_text_from(raw: str) -> str:
    from conftest import _TextExtractor

    parser = _TextExtractor()
    parser.feed(raw)
    return "".join(parser.parts)


@pytest.mark.build
def test_every_page_links_to_its_twin_in_the_other_edition():
    for edition in EDITIONS:
        pages = [p for p in (HTML / edition).rglob("*.html") if "_static" not in p.parts]
        assert len(pages) >= 8
        for page in pages:
            raw = page.read_text("utf-8")
            if "edition-switch" not in raw:
                continue  # redirect stubs written by the theme
            links = re.findall(
                r'class="edition-switch-link" lang="([^"]+)" hreflang="[^"]+" href="([^"]+)"', raw
            )
            assert len(links) == 1, page
            other, href = links[0]
            assert other != edition
            twin = (page.parent / urllib.parse.unquote(href)).resolve()
            assert twin == (HTML / other / page.relative_to(HTML / edition)).resolve(), page
            assert twin.exists(), twin


@pytest.mark.build
def test_pages_are_tagged_with_their_script(edition):
    for docname in chapter_order():
        raw = built_page(edition, docname).read_text("utf-8")
        assert f'<html lang="{edition}"' in raw, docname


@pytest.mark.build
def test_root_page_offers_both_editions():
    raw = (HTML / "index.html").read_text("utf-8")
    for edition in EDITIONS:
        assert f'href="{edition}/index.html"' in raw
    assert "navigator.languages" in raw


@pytest.mark.build
def test_our_text_is_converted_too():
    hans = page_text(built_page("zh-Hans", "book/index"))
    hant = page_text(built_page("zh-Hant", "book/index"))
    assert "怎样读这本书" in hans and "怎樣讀這本書" in hant
    assert to_simplified("怎樣讀這本書") == "怎样读这本书"


@pytest.mark.parametrize("edition,query", [("zh-Hant", "高新區"), ("zh-Hans", "高新区")])
def test_search_finds_the_chapters_in_a_real_browser(site, chromium, edition, query):
    dom = chromium(f"{site}/{edition}/search.html?q={urllib.parse.quote(query)}")
    found = set(re.findall(r'<li><a href="(book/[a-z/-]+\.html)', dom))
    chapters = {"book/lede.html", "book/core.html", "book/dragons.html", "book/crisis.html"}
    assert chapters <= found, (edition, sorted(found))


@pytest.mark.build
def test_zh_hans_chart_labels_are_simplified():
    for docname in chapter_order():
        if docname.endswith("source-text"):
            continue  # its chart reports Traditional characters as data
        raw = built_page("zh-Hans", docname).read_text("utf-8")
        for script in re.findall(r"Plotly\.newPlot\((.*?)</script>", raw, flags=re.S):
            text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), script)
            trad = sorted(
                {ch for ch in text if "\u4e00" <= ch <= "\u9fff" and T2S.convert(ch) != ch}
            )
            assert not trad, (docname, trad[:10])


@pytest.mark.build
def test_the_source_text_page_shows_each_override_reason_as_written(edition):
    """A reason explains characters: converting it would garble its own subject (余 -> 餘)."""
    text = page_text(built_page(edition, "book/appendix/source-text"))
    for rule in overrides():
        assert rule.reason in text, rule.reason[:30]
    # the correction table's as-published column keeps the seed's characters
    assert "干" in text and "幹" in text
