"""What readers meet: every page at phone width, dark mode from the system, the reader's own
script in the interface, Chinese punctuation, tables in words, places kept across the
script switch, search across scripts."""

import csv
import re
import urllib.parse
from difflib import SequenceMatcher
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import HTML, chapter_order

from tianyuan.paths import ROOT
from tianyuan.text.convert import EDITIONS, fullwidth_punctuation, ours

PAGES = [d for d in chapter_order() if d != "book/index"] + ["book/index"]


def _open(browser, url, width=390, scheme="light"):
    context = browser.new_context(
        viewport={"width": width, "height": 844}, color_scheme=scheme, device_scale_factor=1
    )
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    return context, page


@pytest.mark.parametrize("docname", PAGES)
def test_no_page_scrolls_sideways_on_a_phone(browser, site, edition, docname):
    context, page = _open(browser, f"{site}/{edition}/{docname}.html", width=390)
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_timeout(300)
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 392, (docname, width)


# --- the article first, English apart --------------------------------------------------------

CHAPTERS = [
    d for d in chapter_order() if re.fullmatch(r"book/(lede|core|dragons|crisis|road|stones)", d)
]


@pytest.mark.parametrize("docname", CHAPTERS)
def test_on_a_phone_the_article_starts_within_a_screen_and_a_half(browser, site, edition, docname):
    context, page = _open(browser, f"{site}/{edition}/{docname}.html", width=390)
    top = page.evaluate(
        "document.querySelector('.article-paragraph').getBoundingClientRect().top + scrollY"
    )
    folded = page.eval_on_selector_all(".synopsis details[lang=en]", "els => els.map(e => e.open)")
    context.close()
    assert folded == [False], (docname, "the English synopsis is folded", folded)
    assert top < 1.5 * 844, (docname, top)


SOURCES = "details.source-line"


@pytest.mark.parametrize("docname", ["book/lede", "book/core"])
def test_a_charts_sources_are_one_line_that_opens_to_the_full_list(browser, site, edition, docname):
    context, page = _open(browser, f"{site}/{edition}/{docname}.html", width=390)
    lines = page.eval_on_selector_all(
        f"{SOURCES} > summary",
        """els => els.map(e => e.getBoundingClientRect().height
                             / parseFloat(getComputedStyle(e).lineHeight))""",
    )
    summary = page.locator(f"{SOURCES} > summary").first
    words = page.eval_on_selector_all(f"{SOURCES} > summary", "els => els.map(e => e.innerText)")
    closed = page.locator(SOURCES).first.locator("a").first.is_visible()
    summary.click()
    links = page.locator(SOURCES).first.locator("a:visible").count()
    context.close()
    assert lines and max(lines) < 1.5, (docname, lines)
    said = ours(
        r"資料來源：(原文 \d+ 段)?(、?外部 \d+ 則（[高中低] \d+(／[中低] \d+)*）)?", edition
    )
    assert all(re.fullmatch(said, w) for w in words), words
    assert any(ours("外部", edition) in w for w in words), words
    assert not closed and links >= 5, (closed, links)


# Two or more Latin words in a row, numbers and sentence punctuation between them allowed.
ENGLISH = re.compile(
    r"\b[A-Za-z][A-Za-z'’\-]*(?:[,.;:!?()“”\"']*\s+(?:[\d.,%]+\s+)*[(“\"']*[A-Za-z][A-Za-z'’\-]*)+"
)
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
NOT_PROSE = {"script", "style", "code", "pre", "kbd", "samp", "svg", "math", "template"}


class _UntaggedEnglish(HTMLParser):
    """English runs in text whose nearest `lang` is not "en"."""

    def __init__(self):
        super().__init__()
        self.open: list[tuple[str, str | None]] = []
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.open.append((tag, dict(attrs).get("lang")))

    def handle_endtag(self, tag):
        while tag not in VOID and self.open and self.open.pop()[0] != tag:
            pass

    def handle_data(self, data):
        if any(tag in NOT_PROSE for tag, _ in self.open):
            return
        if next((lang for _, lang in reversed(self.open) if lang), None) != "en":
            self.found += ENGLISH.findall(data)


@pytest.mark.build
@pytest.mark.parametrize("edition", EDITIONS)
def test_every_english_run_is_tagged_english(edition):
    pages = sorted((HTML / edition).rglob("*.html"))
    assert len(pages) > 15
    english_seen = 0
    for path in pages:
        raw = path.read_text("utf-8")
        english_seen += raw.count('lang="en"')
        parser = _UntaggedEnglish()
        parser.feed(raw)
        assert not parser.found, (path.relative_to(HTML).as_posix(), parser.found[:5])
    assert english_seen > 100


# --- dark mode -------------------------------------------------------------------------------

CONTRAST = """els => els.map(el => {
  const rgb = s => s.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = c => { const [r, g, b] = c.map(v => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  let bg = el, colour;
  while (bg && (colour = getComputedStyle(bg).backgroundColor).endsWith(", 0)")) bg = bg.parentElement;
  const a = lum(rgb(getComputedStyle(el).color)), b = lum(rgb(colour));
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
})"""


@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_article_text_has_seven_to_one_contrast_following_the_system(browser, site, scheme):
    context, page = _open(browser, f"{site}/zh-Hant/book/core.html", width=1280, scheme=scheme)
    assert page.evaluate("document.documentElement.dataset.theme") == scheme  # nothing stored
    ratios = page.eval_on_selector_all(".article-paragraph", CONTRAST)
    ids = page.eval_on_selector_all(".passage-anchor", CONTRAST)
    context.close()
    assert ratios and min(ratios) >= 7, min(ratios)
    assert min(ids) >= 4.5, min(ids)


# --- the reader's own script ---------------------------------------------------------------

INTERFACE_TEXT = """() => {
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('script, style, pre, code, .keep-script, [lang="zh-Hans"], [lang="en"]')) continue;
    for (const a of ['aria-label', 'title', 'placeholder', 'alt', 'data-bs-title', 'data-tooltip']) {
      const v = el.getAttribute(a); if (v) out.push(v);
    }
    for (const n of el.childNodes) if (n.nodeType === 3) out.push(n.textContent);
  }
  return out;
}"""


@pytest.mark.parametrize("docname", [*PAGES, "search"])
def test_traditional_pages_show_no_simplified_or_english_interface(browser, site, docname):
    context, page = _open(browser, f"{site}/zh-Hant/{docname}.html", width=1280)
    page.wait_for_timeout(300)
    texts = page.evaluate(INTERFACE_TEXT)
    context.close()
    # a string the Traditional edition would print differently was not made by it
    foreign = sorted({t.strip() for t in texts if t.strip() and ours(t, "zh-Hant") != t})
    assert not foreign, (docname, foreign[:10])
    english = {"Search...", "Color mode", "Toggle primary sidebar", "Main", "Page", "Click to show"}
    assert not english & {t.strip() for t in texts}


def test_simplified_pages_show_simplified_interface(browser, site):
    context, page = _open(browser, f"{site}/zh-Hans/book/core.html", width=1280)
    texts = page.evaluate(INTERFACE_TEXT.replace(', [lang="zh-Hans"]', ', [lang="zh-Hant"]'))
    context.close()
    assert "显示或隐藏全书目录" in texts or any("显示或隐藏全书目录" in t for t in texts)
    assert "返回顶部" in " ".join(texts) and "Search..." not in texts  # mainland words too


@pytest.mark.build
def test_the_simplified_interface_comes_from_a_zh_cn_catalogue_made_from_the_taiwan_one():
    """One source of wording: each label of the Simplified pages is the Taiwan catalogue's,
    converted as the edition converts our prose (mainland terms included), never replaced
    on the finished page."""
    from babel.messages.pofile import read_po

    from tianyuan.build.book import edition_dir

    made = edition_dir("zh-Hans") / "locale" / "zh_CN" / "LC_MESSAGES"
    assert made.joinpath("sphinx.mo").stat().st_mtime >= made.joinpath("sphinx.po").stat().st_mtime
    with (CATALOGUE / "sphinx.po").open("rb") as f:
        taiwan = {m.id: m.string for m in read_po(f) if m.id}
    hans = (HTML / "zh-Hans" / "book" / "core.html").read_text("utf-8")
    for msgid in ("Toggle primary sidebar", "Search this book...", "Skip to main content"):
        assert ours(taiwan[msgid], "zh-Hans") in hans, msgid


CATALOGUE = Path(__file__).resolve().parents[1] / "book" / "locale" / "zh_TW" / "LC_MESSAGES"


def test_the_taiwan_catalogue_translates_every_theme_string_in_traditional():
    import pydata_sphinx_theme
    from babel.messages.pofile import read_po

    theme_po = (
        Path(pydata_sphinx_theme.__file__).parent / "locale" / "zh" / "LC_MESSAGES" / "sphinx.po"
    )
    with theme_po.open("rb") as f:
        theme = {m.id for m in read_po(f) if m.id}
    with (CATALOGUE / "sphinx.po").open("rb") as f:
        ours_po = {m.id: m.string for m in read_po(f) if m.id}
    assert theme and theme <= set(ours_po), sorted(theme - set(ours_po))
    for msgid, text in ours_po.items():
        assert text, f"{msgid!r} has no translation"
        assert ours(text, "zh-Hant") == text, (msgid, text)  # Taiwan script as written
        assert re.findall(r"%\(\w+\)s", msgid) == re.findall(r"%\(\w+\)s", text), msgid


@pytest.mark.build
def test_sphinx_loads_the_catalogue_for_the_traditional_edition():
    """Sphinx compiles a catalogue in `locale_dirs` when it loads it for the build's language."""
    po, mo = CATALOGUE / "sphinx.po", CATALOGUE / "sphinx.mo"
    assert mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime
    hant = (HTML / "zh-Hant" / "book" / "core.html").read_text("utf-8")
    assert "本頁目錄" in hant and "当前页面" not in hant


@pytest.mark.build
def test_rows_are_lie_in_taiwan_and_hang_on_the_mainland():
    hant = (HTML / "zh-Hant" / "book" / "core.html").read_text("utf-8")
    hans = (HTML / "zh-Hans" / "book" / "core.html").read_text("utf-8")
    assert re.search(r"圖表資料（\d+ 列）", hant)
    assert re.search(r"图表数据（\d+ 行）", hans) and not re.search(r"（\d+ 列）", hans)


# --- Chinese typography and tables -------------------------------------------------------------

VISIBLE_PROSE = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.querySelector('article.bd-article'), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const n = walker.currentNode;
    // .keep-script: the seed's own text, quoted as published in the source-text appendix
    // [lang="en"]: English follows English typography (a Chinese name in parentheses)
    if (n.parentElement.closest('script, style, pre, code, .highlight, .chart-csv, .keep-script, [lang="en"]')) continue;
    if (n.textContent.trim()) out.push(n.textContent);
  }
  return out;
}"""


@pytest.mark.parametrize("docname", PAGES)
def test_no_half_width_punctuation_beside_chinese(browser, site, edition, docname):
    context, page = _open(browser, f"{site}/{edition}/{docname}.html", width=1280)
    texts = page.evaluate(VISIBLE_PROSE)
    context.close()
    bad = [t.strip()[:60] for t in texts if fullwidth_punctuation(t) != t]
    assert not bad, (docname, bad[:5])


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.build
def test_no_table_shows_code_names_or_codes(edition):
    for docname in PAGES:
        raw = (HTML / edition / f"{docname}.html").read_text("utf-8")
        heads = [
            re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", raw, re.S)
        ]
        assert not [h for h in heads if re.fullmatch(r"[a-z]+(_[a-z0-9]+)+", h)], (docname, heads)
        cells = [
            re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", raw, re.S)
        ]
        assert not {"high", "medium", "low"} & set(cells), docname
        assert not [c for c in cells if re.fullmatch(r"(19|20)\d\d\.0", c)], docname


# Codes the data keeps and a reader of the Chinese editions never meets in a table: the
# ranking systems' codes, the markers' names, English units and periods.
SYSTEM_CODES = sorted(
    {
        line.split(",")[0]
        for line in (ROOT / "data/ranking_systems.csv").read_text("utf-8").splitlines()[1:]
    }
)
# every marker the data names (a new one is covered the day it is added), plotly's name
MARKER_NAMES = {
    row["symbol"]
    for row in csv.DictReader((ROOT / "data/ranking_systems.csv").open(encoding="utf-8"))
    if row["symbol"]
}
ENGLISH_WORDING = re.compile(
    r"\b\d{4} year\b|\bto \d{4}\b|\bc\.\s?\d{4}\b|\b\d{4}H[12]\b|\([a-z]{4,}( [a-z]+)*\)"
)


def _table_cells(raw: str) -> list[tuple[str, str]]:
    """(column title, text) of every cell of every table on a page."""
    cells = []
    for table in re.findall(r"<table.*?</table>", raw, re.S):
        heads = [
            re.sub(r"<[^>]+>", "", h).strip()
            for h in re.findall(r"<th[^>]*>(.*?)</th>", table, re.S)
        ]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S):
            for i, cell in enumerate(re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)):
                text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cell)).strip()
                cells.append((heads[i] if i < len(heads) else "", text))
    return cells


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.build
def test_tables_show_no_ranking_system_code_marker_name_or_english_unit(edition):
    # a code in capitals anywhere in a cell (CCID, MIIT-item); one in lower case (article,
    # article-target) as a whole cell, since English words and addresses contain it
    capitals = [c for c in SYSTEM_CODES if c != c.lower()]
    codes = re.compile(r"(?<![\w/.-])(" + "|".join(map(re.escape, capitals)) + r")(?![\w-])")
    seen = 0
    for docname in PAGES:
        raw = (HTML / edition / f"{docname}.html").read_text("utf-8")
        for column, text in _table_cells(raw):
            seen += 1
            if "English" in column or "英文" in column:  # the teaching note's English titles
                continue
            assert not codes.search(text), (docname, column, text)
            assert text not in SYSTEM_CODES, (docname, column, text)
            assert text not in MARKER_NAMES, (docname, column, text)
            assert not ENGLISH_WORDING.search(text), (docname, column, text)
            assert not ENGLISH.fullmatch(text.rstrip(".")), (docname, column, text)
    assert seen > 500


# --- places kept ---------------------------------------------------------------------------------


def test_the_script_switch_keeps_the_paragraph_and_marks_it(browser, site):
    context, page = _open(browser, f"{site}/zh-Hant/book/dragons.html#dragons-09", width=1280)
    page.click("a.edition-switch-link")
    page.wait_for_load_state("networkidle")
    url = page.url
    target = page.evaluate(
        "document.querySelector(':target') && document.querySelector(':target').id"
    )
    marked = page.evaluate("getComputedStyle(document.querySelector(':target')).backgroundColor")
    context.close()
    assert url.endswith("/zh-Hans/book/dragons.html#dragons-09"), url
    assert target == "dragons-09"
    assert not marked.endswith(", 0)") and marked != "rgba(0, 0, 0, 0)", marked


def test_the_paragraph_link_copies_the_paragraphs_address(browser, site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    page = context.new_page()
    page.goto(f"{site}/zh-Hant/book/core.html", wait_until="networkidle")
    page.click('a.passage-anchor[href="#core-06"]')
    page.wait_for_timeout(300)
    copied = page.evaluate("navigator.clipboard.readText()")
    notice = page.inner_text("#core-06 .passage-copied")
    context.close()
    assert copied == f"{site}/zh-Hant/book/core.html#core-06"
    assert notice == "已複製這一段的網址"


# --- search --------------------------------------------------------------------------------------


@pytest.mark.parametrize("edition,query", [("zh-Hant", "高新区"), ("zh-Hans", "高新區")])
def test_a_query_in_the_other_script_finds_the_chapters(site, chromium, edition, query):
    dom = chromium(f"{site}/{edition}/search.html?q={urllib.parse.quote(query)}")
    found = set(re.findall(r'<li><a href="(book/[a-z/-]+\.html)', dom))
    assert {"book/core.html", "book/dragons.html"} <= found, (edition, sorted(found))


def test_search_snippets_are_prose_not_code(site, chromium):
    dom = chromium(f"{site}/zh-Hant/search.html?q={urllib.parse.quote('幹部')}")
    snippets = re.findall(r'<p class="context">(.*?)</p>', dom, re.S)
    assert snippets
    for s in snippets:
        assert "data.load" not in s and "figures.figure" not in s, s[:120]


@pytest.mark.build
def test_code_is_not_in_the_search_index():
    index = (HTML / "zh-Hant" / "searchindex.js").read_text("utf-8")
    for word in ("figures", "charts", "ranking_history"):
        assert f'"{word}"' not in index, word


# --- wide tables ---------------------------------------------------------------------------------

TABLE_PAGES = [
    "book/appendix/source-text",
    "book/teaching/teaching-note",
    "book/appendix/execution",
]
# Words a column must not break: a duration, a figure's number.
UNBROKEN = r"\d+\s*(?:分鐘|分钟)|[圖图]\s*\d+\.\d+"


@pytest.mark.parametrize("docname", TABLE_PAGES)
def test_wide_tables_are_labelled_regions_that_scroll_by_keyboard_and_say_so(
    browser, site, edition, docname
):
    context, page = _open(browser, f"{site}/{edition}/{docname}.html", width=390)
    tables = page.eval_on_selector_all(
        "article.bd-article table",
        """els => els.map(t => {
          const r = t.closest('.table-region');
          return r && [r.getAttribute('role'), r.getAttribute('tabindex'),
                       r.getAttribute('aria-label')];
        })""",
    )
    scrolling = page.locator(".table-region.scrolls:visible")
    hint, focused, moved = "", False, 0
    if scrolling.count():
        wide = scrolling.first
        hint = wide.evaluate("r => getComputedStyle(r, '::before').content")
        wide.focus()
        focused = page.evaluate("document.activeElement.classList.contains('table-region')")
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(300)
        moved = wide.evaluate("r => r.scrollLeft")
    broken = page.evaluate(
        """re => { const out = [];
          for (const cell of document.querySelectorAll('article.bd-article td, article.bd-article th')) {
            const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
              const n = walker.currentNode;
              for (const m of n.textContent.matchAll(new RegExp(re, 'g'))) {
                const range = document.createRange();
                range.setStart(n, m.index); range.setEnd(n, m.index + m[0].length);
                const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
                if (tops.size > 1) out.push(m[0]);
              }
            }
          }
          return out; }""",
        UNBROKEN,
    )
    context.close()
    assert tables and all(t and t[0] == "region" and t[1] == "0" and t[2] for t in tables), tables
    if docname != "book/teaching/teaching-note":  # its tables fit a phone
        assert ours("可左右捲動", edition) in hint, hint
        assert focused and moved > 0, (focused, moved)
    assert not broken, broken


# --- Chinese glyphs ------------------------------------------------------------------------------

GLYPHS = """() => {
  const slanted = [], marks = {};
  const walker = document.createTreeWalker(document.querySelector('article.bd-article'), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const n = walker.currentNode, el = n.parentElement;
    if (el.closest('script, style, pre, code, svg, [lang="en"]')) continue;
    if (!/[\\u4e00-\\u9fff]/.test(n.textContent)) continue;
    const style = getComputedStyle(el);
    if (style.fontStyle !== 'normal') slanted.push(n.textContent.trim().slice(0, 20));
    // a mark between two Han characters (beside other punctuation the browser rightly
    // sets it half-width: text-spacing-trim)
    for (const mark of ['“', '……', '——']) {
      const found = n.textContent.match(new RegExp('[\\u4e00-\\u9fff]' + mark + '[\\u4e00-\\u9fff]'));
      if (!found || marks[mark]) continue;
      const at = found.index + 1;
      const range = document.createRange();
      range.setStart(n, at); range.setEnd(n, at + 1);
      marks[mark] = range.getBoundingClientRect().width / parseFloat(style.fontSize);
    }
  }
  return [slanted, marks];
}"""


@pytest.mark.parametrize("docname", ["book/core", "book/dragons", "book/crisis"])
def test_chinese_is_never_slanted_and_its_marks_are_full_width(browser, site, edition, docname):
    context, page = _open(browser, f"{site}/{edition}/{docname}.html", width=1280)
    page.wait_for_timeout(500)  # local() faces load after the first layout
    slanted, marks = page.evaluate(GLYPHS)
    context.close()
    assert not slanted, slanted[:5]
    assert marks and all(width > 0.9 for width in marks.values()), marks


# --- charts in the hand --------------------------------------------------------------------------

DARK_MARKS = """() => {
  const rgb = s => (s.match(/[\\d.]+/g) || []).slice(0, 3).map(Number);
  const lum = c => { const [r, g, b] = c.map(v => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const ratio = (a, b) => { const x = lum(rgb(a)), y = lum(rgb(b));
    return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const ground = getComputedStyle(document.body).backgroundColor;
  const marks = [], texts = [];
  for (const chart of document.querySelectorAll('.tianyuan-chart .main-svg')) {
    for (const el of chart.querySelectorAll('.scatterlayer .point, .barlayer .point > path')) {
      const s = getComputedStyle(el);
      const paint = s.fill !== 'none' && !s.fill.startsWith('url') && parseFloat(s.fillOpacity) > 0 ? s.fill : s.stroke;
      if (paint && paint !== 'none') marks.push(ratio(paint, ground));
    }
    for (const el of chart.querySelectorAll('text')) {
      if (el.closest('.hoverlayer') || !el.textContent.trim()) continue;
      const bar = el.classList.contains('bartext-inside') && el.closest('.point').querySelector('path');
      texts.push([ratio(getComputedStyle(el).fill, bar ? getComputedStyle(bar).fill : ground), el.textContent]);
    }
  }
  return [marks, texts];
}"""


@pytest.mark.parametrize("docname", ["book/core", "book/dragons", "book/crisis"])
def test_in_dark_mode_chart_marks_and_words_stand_out(browser, site, docname):
    context, page = _open(browser, f"{site}/zh-Hant/{docname}.html", width=1280, scheme="dark")
    for chart in page.locator(".tianyuan-chart").all():
        chart.scroll_into_view_if_needed()
    page.wait_for_timeout(1500)
    marks, texts = page.evaluate(DARK_MARKS)
    context.close()
    assert marks and min(marks) >= 3, sorted(marks)[:5]
    faint = [t for t in texts if t[0] < 4.5]
    assert texts and not faint, faint[:5]


HOVER_WIDTHS = """() => {
  const out = [];
  for (const gd of document.querySelectorAll('.tianyuan-chart .js-plotly-plot')) {
    const width = gd.getBoundingClientRect().width;
    gd.data.forEach((trace, i) => {
      const n = (trace.x || trace.y || []).length;
      for (let j = 0; j < n; j++) {
        Plotly.Fx.hover(gd, [{curveNumber: i, pointNumber: j}]);
        const label = gd.querySelector('.hoverlayer .hovertext');
        if (label) out.push([label.getBoundingClientRect().width / width, label.textContent.slice(0, 30)]);
      }
    });
    Plotly.Fx.unhover(gd);
  }
  return out;
}"""


@pytest.mark.parametrize("docname", ["book/core", "book/dragons", "book/lede"])
def test_on_a_phone_a_tapped_label_leaves_the_chart_in_view(browser, site, docname):
    context, page = _open(browser, f"{site}/zh-Hant/{docname}.html", width=390)
    for chart in page.locator(".tianyuan-chart").all():
        chart.scroll_into_view_if_needed()
    page.wait_for_timeout(1500)
    widths = page.evaluate(HOVER_WIDTHS)
    context.close()
    wide = [w for w in widths if w[0] > 0.75]
    assert widths and not wide, wide[:5]


def _shared(a: str, b: str) -> str:
    """The longest run of characters two texts share (spaces left out)."""
    a, b = re.sub(r"\s+", "", a), re.sub(r"\s+", "", b)
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return a[match.a : match.a + match.size]


@pytest.mark.build
@pytest.mark.parametrize("edition", EDITIONS)
def test_a_charts_title_subtitle_and_caption_each_say_something_else(edition):
    """The title says what the chart shows, the subtitle how to read it, the caption what
    is drawn: none repeats another (no run of 8 characters in common)."""
    words = lambda html: re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", html))).strip()  # noqa: E731
    seen = 0
    for docname in CHAPTERS:
        raw = (HTML / edition / f"{docname}.html").read_text("utf-8")
        for figure in re.findall(r"<figure.*?</figure>", raw, re.S):
            title = re.search(r'class="chart-title"[^>]*>(.*?)</', figure, re.S)
            subtitle = re.search(r'class="chart-subtitle"[^>]*>(.*?)</p>', figure, re.S)
            caption = re.search(r'<span class="caption-text">(.*?)</span>\s*<a', figure, re.S)
            if not (title and caption):
                continue
            seen += 1
            texts = [words(title[1]), words(subtitle[1]) if subtitle else "", words(caption[1])]
            for i, j in ((0, 1), (0, 2), (1, 2)):
                assert len(_shared(texts[i], texts[j])) < 8, (docname, texts[i], texts[j])
    assert seen >= 14
