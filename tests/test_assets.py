"""tianyuan.sphinxext.assets on small inputs: each rewrite does what it says and nothing else."""

from tianyuan.sphinxext import assets

PAGE = """<!DOCTYPE html><html><head>
<meta charset="utf-8" />
<title>T &#8212; Book</title>
<script defer src="../_static/scripts/fontawesome.js?digest=1"></script>
<script src="../_static/documentation_options.js?v=1"></script>
<script src="../_static/doctools.js?v=1"></script>
<script src="../_static/plotly.min.js?v=1"></script>
<script src="../searchindex.js"></script>
</head><body>
<div id="pst-skip-link" class="skip-link"><a href="#main-content">Skip to main content</a></div>
<button class="btn" aria-label="Search" title="Search"><i class="fa-solid fa-magnifying-glass"></i>
<span>搜尋</span></button>
<article class="bd-article"><h1>T</h1>
<div class="admonition synopsis"><p class="admonition-title">提要</p>
<p>這是一章的提要,說明本章寫了甚麼,足夠長以作為描述。第二句在這裡。</p></div>
<details class="hide"><summary aria-label="Toggle hidden content">
<p class="collapsed">顯示</p></summary><pre>x</pre></details>
<div class="tianyuan-chart" role="figure" aria-label="alt"><div id="c-plot"></div>
<script>                window.PLOTLYENV=window.PLOTLYENV || {};
Plotly.newPlot("c-plot", [], {})</script></div>
</article></body></html>"""

ICONS = {("fas", "magnifying-glass"): (512, 512, "M0 0h512v512z")}


def test_process_page():
    out = assets.process_page(PAGE, "book/core.html", "zh-Hans", ICONS)
    head, _, body = out.partition("</head>")
    assert "fontawesome.js" not in out and "searchindex.js" not in out
    assert '<script defer src="../_static/doctools.js' in head
    assert '<script src="../_static/documentation_options.js' in head  # inline lines need it
    assert 'data-plotly="../_static/plotly.min.js"' in head and "plotly.min.js?v=1" not in head
    assert '<script type="text/x-plotly-chart">' in body and "<script>" not in body
    assert '<svg class="icon" aria-hidden="true" focusable="false" viewBox="0 0 512 512">' in body
    assert 'aria-label="Search"' not in body  # the button shows its name: 搜尋
    assert (
        "<summary>\n<span" in body and "<p" not in body.split("<summary>")[1].split("</summary>")[0]
    )
    assert "跳到正文" in body
    assert '<meta name="description" content="这是一章的提要' not in head  # not converted
    assert '<meta name="description" content="這是一章的提要,說明本章寫了甚麼' in head
    assert assets.process_page(out, "book/core.html", "zh-Hans", ICONS) == out  # once only


def test_pandas_table_style_goes_its_table_stays():
    table = (
        '<div class="output text_html"><div>\n<style scoped>\n    .dataframe thead th {\n'
        "        text-align: right;\n    }\n</style>\n"
        '<table border="1" class="dataframe"><tr><td>1</td></tr></table>\n</div></div>'
    )
    out = assets.process_page(PAGE.replace("</article>", table + "</article>"), "b.html", None, {})
    assert "<style" not in out and '<table border="1" class="dataframe">' in out


def test_search_page_keeps_its_index():
    out = assets.process_page(PAGE, "search.html", "zh-Hant", ICONS)
    assert "searchindex.js" in out


def test_trim_css_keeps_what_pages_use():
    css = (
        ":root{--used:1px;--unused:2px}.a{margin:var(--used)}.b,.a .c{color:red}"
        ".d:not(.gone){color:blue}@media (min-width:1px){.gone{color:red}.a{color:green}}"
        "@font-face{font-family:X;src:url(x.woff2)}@keyframes spin{to{color:red}}"
    )
    out = assets.trim_css(css, {"a", "d"})
    assert ".a{margin:var(--used)}" in out and "--used:1px" in out
    assert "--unused" not in out and ".b" not in out and ".c" not in out
    assert ".d:not(.gone)" in out and "@media (min-width:1px){.a{color:green}}" in out
    assert "@font-face" not in out and "keyframes" not in out


def test_description_falls_back_to_first_paragraph():
    body = '<article class="bd-article"><p>短</p><p>' + "字" * 200 + "。</p></article>"
    text = assets.description(body)
    assert text.startswith("字") and text.endswith("…") and len(text) == 121


def test_heading_levels_step_down_one_at_a_time():
    body = '<h1>A</h1><h3 class="rubric" id="x">B</h3><h3>C</h3><h2>D</h2><h4>E</h4>'
    assert assets.heading_levels_without_gaps(body) == (
        '<h1>A</h1><h2 class="rubric" id="x">B</h2><h2>C</h2><h2>D</h2><h3>E</h3>'
    )
    same = "<h1>A</h1><h2>B</h2><h3>C</h3><h2>D</h2>"
    assert assets.heading_levels_without_gaps(same) == same
