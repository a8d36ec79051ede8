"""Charts in the built book: captioned, sourced, with data; drawn offline in a real browser."""

import csv
import io
import re
import urllib.parse

import pytest
from conftest import HTML, built_page, chapter_order

from tianyuan.paths import ROOT
from tianyuan.text.article import SECTION_SLUGS
from tianyuan.text.convert import ours

CHAPTERS = [f"book/{slug}" for slug in SECTION_SLUGS]
FIGURE = re.compile(r'<figure class="[^"]*" id="(fig-[a-z0-9-]+)">(.*?)</figure>', re.S)


def figures_in(edition, docname):
    return FIGURE.findall(built_page(edition, docname).read_text("utf-8"))


@pytest.mark.build
def test_every_section_has_a_chart_and_the_book_has_at_least_twelve(edition):
    counts = {d: len(figures_in(edition, d)) for d in CHAPTERS}
    assert all(n >= 1 for n in counts.values()), counts
    assert sum(counts.values()) >= 12, counts


@pytest.mark.build
def test_each_figure_has_number_caption_source_data_and_csv(edition):
    for docname in chapter_order():
        page = built_page(edition, docname).read_text("utf-8")
        for fig_id, body in FIGURE.findall(page):
            assert 'class="tianyuan-chart" role="figure" aria-label="' in body, fig_id
            caption = re.search(r'<span class="caption-number">([^<]+)</span>', body)
            assert caption and re.search(r"\d", caption.group(1)), fig_id
            after = page[page.index(f'id="{fig_id}"') :]
            notes = after[: after.find('class="chart-csv"', after.find("</figure>")) + 200_000]
            assert ours("資料來源", edition) in notes, fig_id
            assert "chart-data" in notes, fig_id
            href = re.search(
                rf'download="{fig_id}\.csv" href="data:text/csv;charset=utf-8,([^"]+)"', notes
            )
            assert href, fig_id
            rows = list(
                csv.DictReader(io.StringIO(urllib.parse.unquote(href.group(1)).lstrip("\ufeff")))
            )
            assert rows and ("paragraph_id" in rows[0] or "source_url" in rows[0]), fig_id


@pytest.mark.build
def test_plotly_is_served_once_locally_and_nothing_from_a_cdn(edition):
    import shutil

    bundle = HTML / "_static" / "plotly.min.js"  # one copy for both editions
    assert bundle.stat().st_size > 1_000_000
    if shutil.which("npm"):  # a bundle of the trace types the charts use (scatter, bar, indicator)
        assert "plotly.js v4.1.0 (scatter, bar, indicator" in bundle.read_text("utf-8")[:200]
        assert bundle.stat().st_size < 1_200_000
    for docname in chapter_order():
        page = built_page(edition, docname).read_text("utf-8")
        assert len(page) < 1_500_000, docname  # no plotly.js inlined per figure
        assert not re.findall(r'<(?:script|link)[^>]+(?:src|href)="(?:https?:)?//', page), docname
        for host in ("cdn.plot.ly", "cdn.jsdelivr", "unpkg.com", "mathjax.js", "require.js"):
            assert host not in page.lower(), (docname, host)


@pytest.mark.build
def test_rank_chart_cites_its_paragraphs_and_urls(edition):
    page = built_page(edition, "book/core").read_text("utf-8")
    after = page[page.index('id="fig-core-ranking"') :]
    assert 'href="#core-06"' in after[:20000] or "core.html#core-06" in after[:20000]
    assert "https://zz.rednet.cn/content/646842/58/14181494.html" in after[:20000]


@pytest.mark.parametrize("docname", [*CHAPTERS, "book/appendix/source-text"])
def test_every_chart_draws_offline_without_errors(site, browser, edition, docname):
    page = browser.new_page()
    errors, outside = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: None if r.url.startswith(site) else outside.append(r.url))
    page.goto(f"{site}/{edition}/{docname}.html", wait_until="networkidle")
    divs = page.eval_on_selector_all(".plotly-graph-div", "els => els.map(e => e.id)")
    flows = page.eval_on_selector_all(
        ".tianyuan-chart .chart-flow", "els => els.map(e => e.querySelectorAll('.flow-box').length)"
    )
    assert divs or flows, docname
    assert all(n >= 4 for n in flows), flows  # a chain drawn as boxes needs no script
    if not divs:
        page.close()
        assert not errors and not outside, (errors, outside)
        return
    for div in divs:  # plotly.js loads, and a chart draws, as it nears the viewport
        page.locator(f"#{div}").scroll_into_view_if_needed()
        page.wait_for_selector(f"#{div} svg.main-svg", timeout=15000)
    drawn = page.eval_on_selector_all(
        ".plotly-graph-div",
        "els => els.map(e => e.querySelectorAll("
        "'svg.main-svg .trace, svg.main-svg .indicator').length)",
    )
    page.close()
    assert all(n > 0 for n in drawn), (docname, drawn)
    assert not errors, errors
    assert not outside, outside


@pytest.mark.parametrize("docname", CHAPTERS)
def test_each_chapter_runs_top_to_bottom_in_a_fresh_kernel(docname, tmp_path):
    """As a researcher re-running a chapter by hand (README, 重跑與修改): the chapter opened
    through jupytext, a fresh kernel, and each chart displayed in the notebook with its notes
    (the edition placeholder falls back to Traditional)."""
    import jupytext
    from nbclient import NotebookClient

    nb = jupytext.read(ROOT / f"{docname}.md")
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    charts = [o for o in outputs if "application/vnd.plotly.v1+json" in o.get("data", {})]
    assert charts, docname
    assert not [
        o for o in outputs if "application/papermill.record/text/plain" in o.get("data", {})
    ]
    notes = [o["data"]["text/markdown"] for o in outputs if "text/markdown" in o.get("data", {})]
    assert len(notes) == len(charts) and all("資料來源" in n for n in notes)


@pytest.mark.build
def test_chart_images_are_legible_at_print_size(edition):
    """The PDF sets each chart image across the text width (figures.PRINT_WIDTH_IN): its
    smallest text must print at 7 pt or more and the image hold 200 dpi or more. Computed
    from each figure as glued (kaleido resolves plotly's default sizes) and its PNG."""
    import plotly.graph_objects as go
    from conftest import glued_charts

    from tianyuan.charts import output as figures

    charts = glued_charts(edition)
    assert len(charts) >= 15
    for name, spec, png in charts:
        fig = go.Figure({k: v for k, v in spec.items() if k != "config"})
        width, height = figures._png_size(png)
        assert width == fig.layout.width * figures.PNG_SIZE["scale"], name
        assert height == fig.layout.height * figures.PNG_SIZE["scale"], name
        points, dpi = figures.print_legibility(fig, png)
        assert points >= figures.MIN_PRINT_PT, (name, points)
        assert dpi >= figures.MIN_PRINT_DPI, (name, dpi)
