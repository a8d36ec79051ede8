"""Page weight budgets, as byte sums on `_build/html` (never timings): what a browser
fetches with an empty cache, raw and as a gzip-serving host sends it (tianyuan.weight)."""

import gzip
import re

import pytest
from conftest import HTML

from tianyuan.audits.audit import site_pages
from tianyuan.audits.weight import external_refs, page_refs, page_weight

pytestmark = pytest.mark.build

MB = 1_000_000
CHART_PAGE_RAW, CHART_PAGE_GZIP = 1.5 * MB, 0.5 * MB
PLAIN_PAGE_GZIP = 0.4 * MB


def pages():
    found = site_pages(HTML)
    if len(found) < 20:
        pytest.fail(f"only {len(found)} pages under {HTML}: run `make book` first")
    return found


def has_charts(page) -> bool:
    return "tianyuan-chart" in page.read_text("utf-8")


def test_every_page_within_budget():
    over = []
    for page in pages():
        w = page_weight(page, HTML)
        raw_limit, gz_limit = (
            (CHART_PAGE_RAW, CHART_PAGE_GZIP) if has_charts(page) else (None, PLAIN_PAGE_GZIP)
        )
        if (raw_limit and w.raw > raw_limit) or w.gzip > gz_limit:
            over.append((page.relative_to(HTML).as_posix(), w.raw, w.gzip, w.largest(3)))
    assert not over, over


def test_the_heaviest_chapter_counts_plotly_and_its_own_assets():
    """The budget is real: a chart page's sum includes plotly.js (fetched lazily) and the
    theme's stylesheet, and stays under 1.5 MB / 0.5 MB."""
    chart_pages = [p for p in pages() if has_charts(p)]
    assert len(chart_pages) >= 12  # six chapters and the source-text appendix, per edition
    heaviest = max((page_weight(p, HTML) for p in chart_pages), key=lambda w: w.gzip)
    names = {p.name for p in heaviest.files}
    assert {"plotly.min.js", "pydata-sphinx-theme.css", "lazy-charts.js"} <= names, names
    assert 1.0 * MB < heaviest.raw <= CHART_PAGE_RAW
    assert 0.3 * MB < heaviest.gzip <= CHART_PAGE_GZIP


def test_front_page_under_plain_budget():
    for edition in ("zh-Hant", "zh-Hans"):
        w = page_weight(HTML / edition / "book" / "index.html", HTML)
        assert w.gzip <= PLAIN_PAGE_GZIP, (edition, w.gzip, w.largest(5))
        assert not any(p.name == "plotly.min.js" for p in w.files)


def test_no_source_maps_or_template_fragments_ship():
    assert not list(HTML.rglob("*.map"))
    assert not list(HTML.rglob("*webpack-macros.html"))
    for page in pages():
        for ref in page_refs(page.read_text("utf-8")):
            assert not ref.split("?")[0].endswith(".map"), (page, ref)


def test_nothing_from_another_host():
    for page in pages():
        assert not external_refs(page.read_text("utf-8")), page


def test_theme_payload_is_gone():
    for page in pages():
        raw = page.read_text("utf-8")
        rel = page.relative_to(HTML).as_posix()
        assert "fontawesome.js" not in raw and "bootstrap.js" not in raw, rel
        assert not re.search(r'<i class="[^"]*\bfa-', raw), rel  # icons are inline SVG
        head = raw.partition("</head>")[0]
        assert not re.search(r'<script[^>]*\ssrc="[^"]*plotly\.min\.js', raw), rel  # lazily
        if 'type="text/x-plotly-chart"' in raw:  # a page whose charts are all flows has none
            lazy = re.search(r"<script [^>]*src=\"[^\"]*lazy-charts\.js[^>]*>", head)
            assert lazy and "defer" in lazy.group(0) and "data-plotly=" in lazy.group(0), rel
        searching = rel.endswith("/search.html")
        for script in ("searchindex.js", "searchtools.js", "language_data.js"):
            assert (script in raw) == searching, (rel, script)


def test_large_assets_have_identical_gz_copies():
    for rel in (
        "_static/plotly.min.js",  # one copy for both editions
        "_static/styles/pydata-sphinx-theme.css",
        "zh-Hant/book/core.html",
        "zh-Hans/book/core.html",
        "zh-Hant/searchindex.js",
        "zh-Hans/searchindex.js",
    ):
        path = HTML / rel
        copy = path.with_name(path.name + ".gz")
        assert copy.exists(), copy
        assert gzip.decompress(copy.read_bytes()) == path.read_bytes(), copy
        assert copy.stat().st_size < 0.4 * path.stat().st_size, copy


def test_every_gz_copy_matches_its_file():
    """A stale copy would send readers an old page (and make the budget lie)."""
    copies = list(HTML.rglob("*.gz"))
    assert len(copies) > 40
    for copy in copies:
        original = copy.with_suffix("")
        assert original.exists(), copy
        assert gzip.decompress(copy.read_bytes()) == original.read_bytes(), copy
