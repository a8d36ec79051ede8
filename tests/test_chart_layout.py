"""Charts as readers see them, measured in Chromium: on a 390 px phone and on a desktop no
chart text leaves its chart, overlaps another or a marker, or is smaller than 11 px; the
toolbar holds only what a reader uses and covers nothing; in dark mode (the reader's
system, nothing stored, or the theme's switch) no chart is a white box and its text keeps
4.5:1."""

import pytest

from tianyuan.text.article import SECTION_SLUGS

pytestmark = pytest.mark.build

PAGES = [f"book/{slug}" for slug in SECTION_SLUGS] + ["book/appendix/source-text"]

# Every drawn text of every chart: its box, its size as drawn (font size times the
# transform plotly may scale it by), its colour and the colour behind it.
MEASURE = """
charts => charts.map(chart => {
  const rgba = s => { const m = s.match(/[\\d.]+/g) || []; return m.length < 3 ? null :
    [+m[0], +m[1], +m[2], m.length > 3 ? +m[3] : 1]; };
  const ground = el => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0.5) return c;
    }
    return [255, 255, 255, 1];
  };
  const box = r => ({x: r.left, y: r.top, w: r.width, h: r.height});
  const texts = [];
  chart.querySelectorAll('.main-svg text').forEach(t => {
    if (t.closest('.hoverlayer') || !t.textContent.trim()) return;
    const r = t.getBoundingClientRect();
    const style = getComputedStyle(t);
    if (!r.width || style.visibility === 'hidden' || style.opacity === '0') return;
    const m = t.getScreenCTM();
    const inside = t.classList.contains('bartext-inside');
    const bar = inside && t.closest('.point') && t.closest('.point').querySelector('path');
    texts.push({text: t.textContent, ...box(r),
                size: parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b),
                ink: rgba(getComputedStyle(t).fill),
                ground: bar ? rgba(getComputedStyle(bar).fill) : ground(chart)});
  });
  chart.querySelectorAll('.chart-head p, .flow-box, .flow-name').forEach(t => {
    const r = t.getBoundingClientRect();
    texts.push({text: t.textContent, ...box(r), size: parseFloat(getComputedStyle(t).fontSize),
                ink: rgba(getComputedStyle(t).color), ground: ground(t), html: true});
  });
  const marks = [...chart.querySelectorAll('.scatterlayer path.point')]
    .map(m => m.getBoundingClientRect()).filter(r => r.width > 0).map(box);
  const plot = chart.querySelector('.main-svg');
  const bg = chart.querySelector('.bglayer .bg');
  return {
    name: chart.closest('figure') ? chart.closest('figure').id : '?',
    chart: box(chart.getBoundingClientRect()),
    texts,
    marks,
    buttons: [...chart.querySelectorAll('.modebar-btn')].map(b => b.getAttribute('data-title')),
    tools: [...chart.querySelectorAll('.modebar')].map(b => box(b.getBoundingClientRect())),
    paper: plot ? rgba(getComputedStyle(plot).backgroundColor) : null,
    plotBg: bg ? [...rgba(getComputedStyle(bg).fill).slice(0, 3),
                  rgba(getComputedStyle(bg).fill)[3] * getComputedStyle(bg).fillOpacity] : null,
    page: ground(chart),
  };
})
"""


def luminance(rgb) -> float:
    def channel(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def overlap(a, b, slack=1.5) -> bool:
    return (
        min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"]) > slack
        and min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"]) > slack
    )


def inside(a, outer, slack=1.0) -> bool:
    return (
        a["x"] >= outer["x"] - slack
        and a["y"] >= outer["y"] - slack
        and a["x"] + a["w"] <= outer["x"] + outer["w"] + slack
        and a["y"] + a["h"] <= outer["y"] + outer["h"] + slack
    )


def layout_problems(chart: dict, min_px: float) -> list[str]:
    """What a reader would see broken in one chart: text outside it, text over text or
    under a marker, text too small, the toolbar over text."""
    found = []
    texts = chart["texts"]
    for t in texts:
        if not inside(t, chart["chart"]):
            found.append(f"outside the chart: {t['text'][:30]!r}")
        if t["size"] < min_px - 0.05:
            found.append(f"{t['size']:.1f} px: {t['text'][:30]!r}")
    for i, a in enumerate(texts):
        for b in texts[i + 1 :]:
            if overlap(a, b) and not (a.get("html") and b.get("html")):
                found.append(f"overlap: {a['text'][:30]!r} / {b['text'][:30]!r}")
        for mark in chart["marks"]:
            if overlap(a, mark, 4):  # a label beside its own marker may touch it
                found.append(f"a marker covers {a['text'][:30]!r}")
        for tool in chart["tools"]:
            if overlap(a, tool, 0):
                found.append(f"toolbar over {a['text'][:30]!r}")
    return [f"{chart['name']}: {p}" for p in found]


def measure(browser, url: str, width: int, scheme: str = "light", stored: str | None = None):
    """Open `url`, scroll every chart into view until drawn, measure them all."""
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    if stored:  # the theme's switch keeps the reader's choice here
        context.add_init_script(
            f"localStorage.setItem('mode', '{stored}'); localStorage.setItem('theme', '{stored}')"
        )
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    draw_all(page)
    found = page.eval_on_selector_all(".tianyuan-chart", MEASURE)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    theme = page.evaluate("document.documentElement.dataset.theme")
    context.close()
    assert found, url
    return found, scroll_width, theme


def draw_all(page) -> None:
    charts = page.locator(".tianyuan-chart")
    for i in range(charts.count()):
        charts.nth(i).scroll_into_view_if_needed()
        page.wait_for_selector(
            f'.tianyuan-chart >> nth={i} >> xpath=self::*[@data-chart-state="drawn"]',
            timeout=20000,
        )
        if charts.nth(i).locator(".plotly-graph-div").count():
            charts.nth(i).locator(".main-svg").first.wait_for(timeout=20000)
    page.wait_for_timeout(300)  # plotly's responsive redraw after the last resize


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("docname", PAGES)
def test_chart_text_fits_and_never_collides(site, browser, edition, docname, width):
    """And in light mode every chart text keeps 4.5:1 on what is behind it."""
    charts, scroll_width, theme = measure(browser, f"{site}/{edition}/{docname}.html", width)
    problems = [p for chart in charts for p in layout_problems(chart, 11 if width < 500 else 12)]
    assert not problems, problems
    assert scroll_width <= width, f"the page scrolls sideways: {scroll_width} px"
    assert all(len(chart["texts"]) >= 3 for chart in charts)  # title, note or axes, labels
    assert theme == "light"
    for chart in charts:
        for t in chart["texts"]:
            ratio = contrast(t["ink"], t["ground"])
            assert ratio >= 4.5, (chart["name"], t["text"][:30], t["ink"], t["ground"], ratio)


def test_a_chart_drawn_wide_takes_the_phone_layout_when_the_window_narrows(site, browser):
    """A desktop window made narrow (or a tablet turned): lazy-charts.js redraws each chart
    in its narrow layout, and back."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{site}/zh-Hant/book/core.html", wait_until="networkidle")
    draw_all(page)
    years = "() => document.querySelectorAll('#fig-core-ranking-plot .xtick text').length"
    wide = page.evaluate(years)
    page.set_viewport_size({"width": 390, "height": 900})
    page.wait_for_timeout(1200)
    narrow = page.evaluate(years)
    charts = page.eval_on_selector_all(".tianyuan-chart", MEASURE)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.wait_for_timeout(1200)
    again = page.evaluate(years)
    context.close()
    assert wide == again == 11 and narrow == 6, (wide, narrow, again)  # every year, every other
    problems = [p for chart in charts for p in layout_problems(chart, 11)]
    assert not problems, problems


def test_toolbar_has_download_and_reset_only(site, browser, edition):
    from tianyuan.charts.output import TOOLBAR_WORDS
    from tianyuan.text.convert import ours

    charts, _, _ = measure(browser, f"{site}/{edition}/book/core.html", 390)
    allowed = {ours(w, edition) for w in TOOLBAR_WORDS.values()}
    download = ours(TOOLBAR_WORDS["Download plot as a PNG"], edition)
    for chart in charts:
        assert download in chart["buttons"], chart["name"]
        assert set(chart["buttons"]) <= allowed, (chart["name"], chart["buttons"])
    assert any(len(chart["buttons"]) == 2 for chart in charts)  # reset where a chart zooms


DARK = [(docname, None) for docname in PAGES] + [("book/core", "dark"), ("book/stones", "dark")]


@pytest.mark.parametrize(
    "docname,stored", DARK, ids=[f"{d}-{'switched' if s else 'system'}" for d, s in DARK]
)
def test_dark_mode_charts_have_no_white_ground_and_readable_text(
    site, browser, edition, docname, stored
):
    """Dark from the reader's system with nothing stored, or chosen on the theme's switch."""
    scheme = "dark" if stored is None else "light"
    charts, _, theme = measure(
        browser, f"{site}/{edition}/{docname}.html", 1280, scheme=scheme, stored=stored
    )
    assert theme == "dark"
    for chart in charts:
        assert luminance(chart["page"]) < 0.1, chart["name"]  # the page is dark
        for ground in (chart["paper"], chart["plotBg"]):
            assert ground is None or ground[3] == 0 or luminance(ground) < 0.1, chart["name"]
        for t in chart["texts"]:
            ratio = contrast(t["ink"], t["ground"])
            assert ratio >= 4.5, (chart["name"], t["text"][:30], t["ink"], t["ground"], ratio)
