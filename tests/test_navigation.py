"""Getting around, as a reader does it, in Chromium at a phone's 390 px and a desktop's
1280 px: the contents buttons open and close the book's and the page's contents (tap,
click, Enter), the download menu opens, the script switch lands on the same paragraph, a
chart's data table opens, 在瀏覽器中執行 opens its tab; every header control shows where
the keyboard is; both editions fetch each shared file once."""

import pytest
from conftest import HTML, chapter_order

from tianyuan.audits.audit import serve
from tianyuan.text.convert import EDITIONS, convert

pytestmark = pytest.mark.build  # every test here opens the built book

PAGES = [d for d in chapter_order() if d != "book/index"] + ["book/index"]
PHONE, DESKTOP = 390, 1280
CHAPTER = "book/core"
SCRIPT_ERRORS: dict[int, list[str]] = {}


def _open(browser, url, width, scheme="light"):
    context = browser.new_context(
        viewport={"width": width, "height": 844 if width == PHONE else 900},
        color_scheme=scheme,
        device_scale_factor=1,
        has_touch=width == PHONE,
    )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    SCRIPT_ERRORS[id(context)] = errors  # each test ends with _close: a script error fails it
    page.goto(url, wait_until="networkidle")
    return context, page


def _close(context):
    errors = SCRIPT_ERRORS.pop(id(context))
    context.close()
    assert not errors, errors


def _press(page, locator, how):
    if how == "tap":
        locator.tap()
    elif how == "click":
        locator.click()
    else:
        locator.focus()
        page.keyboard.press("Enter")


BOOK_LINKS = "#pst-primary-sidebar-modal[open] nav.bd-docs-nav a.reference"


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("docname", PAGES)
def test_on_a_phone_the_contents_button_shows_the_books_contents(browser, site, edition, docname):
    context, page = _open(browser, f"{site}/{edition}/{docname}.html", PHONE)
    button = page.locator(".bd-header-article .primary-toggle")
    assert button.is_visible()
    button.tap()
    page.wait_for_selector(BOOK_LINKS, state="visible", timeout=3000)
    links = page.locator(BOOK_LINKS)
    titles = links.all_inner_texts()
    page.keyboard.press("Escape")
    page.wait_for_timeout(200)
    still_open = page.locator("#pst-primary-sidebar-modal[open]").count()
    _close(context)
    assert len(titles) == len(PAGES) - 1, titles  # every chapter and appendix
    assert convert("1. 導語", edition) in titles
    assert not still_open


@pytest.mark.parametrize("how", ["tap", "Enter"])
def test_on_a_phone_the_page_contents_open_and_a_tapped_section_closes_them(browser, site, how):
    context, page = _open(browser, f"{site}/zh-Hant/{CHAPTER}.html", PHONE)
    _press(page, page.locator(".bd-header-article .secondary-toggle"), how)
    dialog = page.locator("#pst-secondary-sidebar-modal[open]")
    dialog.wait_for(state="visible", timeout=3000)
    section = dialog.locator("nav.page-toc a.nav-link").nth(1)
    target = section.get_attribute("href")
    section.tap() if how == "tap" else (section.focus(), page.keyboard.press("Enter"))
    page.wait_for_timeout(500)
    closed = not page.locator("#pst-secondary-sidebar-modal[open]").count()
    top = page.evaluate(f"document.querySelector('{target}').getBoundingClientRect().top")
    _close(context)
    assert closed
    assert 0 <= top < 844, top  # the section is on screen


@pytest.mark.parametrize("how", ["click", "Enter"])
def test_on_a_desktop_the_contents_button_hides_and_shows_the_books_contents(browser, site, how):
    context, page = _open(browser, f"{site}/zh-Hant/{CHAPTER}.html", DESKTOP)
    contents = page.locator("#pst-primary-sidebar nav.bd-docs-nav")
    button = page.locator(".bd-header-article .primary-toggle")
    shown = [contents.is_visible()]
    for _ in range(2):
        _press(page, button, how)
        page.wait_for_timeout(400)
        shown.append(contents.is_visible())
    page_toc = page.locator("#pst-page-toc-nav").is_visible()
    _close(context)
    assert shown == [True, False, True]
    assert page_toc  # the page's contents stand beside the article


def test_on_a_desktop_the_page_contents_are_a_jump_away(browser, site):
    context, page = _open(browser, f"{site}/zh-Hant/{CHAPTER}.html", DESKTOP)
    page.keyboard.press("Tab")  # 跳到正文
    page.keyboard.press("Tab")
    label = page.evaluate("document.activeElement.textContent.trim()")
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    page.keyboard.press("Tab")
    inside = page.evaluate("!!document.activeElement.closest('#pst-page-toc-nav')")
    _close(context)
    assert label == "跳到本頁目錄"
    assert inside  # the next stop is the page's first section


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_the_download_menu_opens_and_closes(browser, site, width):
    context, page = _open(browser, f"{site}/zh-Hans/{CHAPTER}.html", width)
    toggle = page.locator(".dropdown-download-buttons .dropdown-toggle")
    toggle.tap() if width == PHONE else toggle.click()
    menu = page.locator(".dropdown-download-buttons .dropdown-menu")
    menu.wait_for(state="visible", timeout=3000)
    items = menu.locator("a").all_inner_texts()
    inside = page.evaluate(
        "(() => { const r = document.querySelector('.dropdown-download-buttons .dropdown-menu')"
        ".getBoundingClientRect(); return r.left >= 0 && r.right <= innerWidth; })()"
    )
    page.keyboard.press("Escape")
    page.wait_for_timeout(200)
    closed = not menu.is_visible()
    _close(context)
    assert [t.strip() for t in items] == [".ipynb", ".md", ".pdf"]
    assert inside and closed


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_the_script_switch_lands_on_the_same_paragraph(browser, site, width):
    context, page = _open(browser, f"{site}/zh-Hant/book/dragons.html#dragons-09", width)
    link = page.locator("a.edition-switch-link")
    with page.expect_navigation():
        link.tap() if width == PHONE else link.click()
    page.wait_for_load_state("networkidle")
    url = page.url
    target = page.evaluate("document.querySelector(':target')?.id")
    top = page.evaluate("document.querySelector(':target').getBoundingClientRect().top")
    _close(context)
    assert url.endswith("/zh-Hans/book/dragons.html#dragons-09"), url
    assert target == "dragons-09" and 0 <= top < 400, top


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_a_charts_data_table_opens(browser, site, width):
    context, page = _open(browser, f"{site}/zh-Hant/{CHAPTER}.html", width)
    summary = page.locator(".chart-data summary").first
    summary.scroll_into_view_if_needed()
    table = page.locator(".chart-data table").first
    hidden = not table.is_visible()
    summary.tap() if width == PHONE else summary.click()
    rows = table.locator("tbody tr").count()
    shown = table.is_visible()
    _close(context)
    assert hidden and shown and rows >= 5


@pytest.mark.lite
@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_run_in_the_browser_opens_the_chapters_notebook_in_a_new_tab(browser, site, width):
    context, page = _open(browser, f"{site}/zh-Hant/{CHAPTER}.html", width)
    button = page.locator(".bd-header-article .btn-lite-button")
    assert button.inner_text().strip() == "在瀏覽器中執行"
    with context.expect_page() as opened:
        button.tap() if width == PHONE else button.click()
    tab = opened.value
    tab.wait_for_load_state("domcontentloaded")
    url, title = tab.url, tab.title()
    _close(context)
    assert url.startswith(f"{site}/lite/notebooks/index.html?path=zh-Hant/core.ipynb"), url
    assert title  # the JupyterLite page, not an error


# --- focus ---------------------------------------------------------------------------------------

HEADER_CONTROLS = ".bd-header-article button, .bd-header-article a"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_every_header_control_shows_focus_when_tabbed_to(browser, site, width, scheme):
    context, page = _open(browser, f"{site}/zh-Hant/{CHAPTER}.html", width, scheme)
    controls = [
        c for c in page.locator(HEADER_CONTROLS).all() if c.is_visible() and c.bounding_box()
    ]
    before = {}
    for i, control in enumerate(controls):
        box = control.bounding_box()
        clip = {"x": box["x"] - 6, "y": max(0, box["y"] - 6), "width": box["width"] + 12}
        clip["height"] = box["height"] + 12
        before[i] = (clip, page.screenshot(clip=clip))
    changed, reached = set(), set()
    for _ in range(80):
        page.keyboard.press("Tab")
        for i, control in enumerate(controls):
            if i not in reached and control.evaluate("el => el === document.activeElement"):
                reached.add(i)
                clip, shot = before[i]
                if page.screenshot(clip=clip) != shot:
                    changed.add(i)
        if len(reached) == len(controls):
            break
    names = [c.get_attribute("aria-label") or c.inner_text().strip() for c in controls]
    _close(context)
    assert len(controls) >= 5, names
    assert reached == set(range(len(controls))), [
        names[i] for i in set(range(len(names))) - reached
    ]
    assert changed == reached, [names[i] for i in reached - changed]


def test_the_chart_toolbar_shows_focus_in_dark_mode(browser, site):
    context, page = _open(browser, f"{site}/zh-Hant/{CHAPTER}.html", DESKTOP, "dark")
    chart = page.locator(".tianyuan-chart").first
    chart.scroll_into_view_if_needed()
    page.wait_for_selector('.tianyuan-chart[data-chart-state="drawn"] .modebar-btn', timeout=20000)
    button = page.locator(".tianyuan-chart .modebar-btn").first
    button.hover()  # the toolbar shows on hover or focus
    page.mouse.move(0, 0)
    page.keyboard.press("Tab")  # keyboard use: focus rings show from now on
    button.focus()
    outline = button.evaluate(
        "el => { const s = getComputedStyle(el);"
        " return [s.outlineStyle, s.outlineWidth, s.outlineColor]; }"
    )
    _close(context)
    assert outline[0] == "solid" and outline[1] == "3px", outline
    assert outline[2] == "rgb(138, 180, 248)", outline  # the dark scheme's focus colour


# --- one _static for both editions -----------------------------------------------------------


def test_switching_edition_fetches_no_shared_file_twice(browser):
    requests: list[str] = []
    with serve(HTML, requests) as url:
        context, page = _open(browser, f"{url}/zh-Hant/{CHAPTER}.html#core-05", DESKTOP)
        for edition in ("zh-Hant", "zh-Hans"):
            if edition == "zh-Hans":
                with page.expect_navigation():
                    page.locator("a.edition-switch-link").click()
                page.wait_for_load_state("networkidle")
            charts = page.locator(".tianyuan-chart")
            for i in range(charts.count()):
                charts.nth(i).scroll_into_view_if_needed()
            page.wait_for_selector('.tianyuan-chart[data-chart-state="drawn"] .main-svg')
            page.wait_for_load_state("networkidle")
        _close(context)
    plotly = [r for r in requests if r.endswith("/plotly.min.js")]
    assert plotly == ["/_static/plotly.min.js"], plotly
    static = [r for r in requests if "/_static/" in r]
    twice = sorted({r for r in static if static.count(r) > 1})
    assert not twice, twice
    assert "/zh-Hans/_static/documentation_options.js" in static  # the edition's own
