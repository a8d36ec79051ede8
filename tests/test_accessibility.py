"""Every page of both editions in a real browser: no serious or critical axe-core
violation, no request to another host, no console error; everything it fetched is
counted by the weight budget; charts are figures reachable by keyboard."""

import re

import pytest
from conftest import HTML

from tianyuan.audits.audit import axe, serious, site_pages
from tianyuan.audits.weight import page_weight
from tianyuan.config import toc_docnames
from tianyuan.text.convert import EDITIONS, convert

# Every page a reader can open, named from the book's sources (not from what was built, so
# that a missing build fails every test instead of leaving nothing to test): the root page,
# and in each edition its index, the chapters of _toc.yml, the search page and the index.
PAGES = ["index.html"] + [
    f"{edition}/{docname}.html"
    for edition in EDITIONS
    for docname in ["index", *toc_docnames(), "search", "genindex"]
]
# pages that send the browser on (the root page, each edition's index): passed through
REDIRECTS = {"/index.html"} | {f"/{edition}/index.html" for edition in EDITIONS}


@pytest.mark.build
def test_the_pages_audited_are_the_pages_built():
    built = {p.relative_to(HTML).as_posix() for p in site_pages(HTML)}
    assert built == set(PAGES)
    for rel in REDIRECTS:
        assert re.search(
            r'http-equiv="refresh"|location\.replace', (HTML / rel[1:]).read_text("utf-8")
        ), rel


def open_page(browser, site, rel, width=1280):
    page = browser.new_page(viewport={"width": width, "height": 900})
    seen = {"errors": [], "outside": [], "fetched": []}
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))

    def request(r):
        if r.url.startswith(site):
            seen["fetched"].append(r.url[len(site) :].split("?")[0].split("#")[0])
        elif not r.url.startswith("data:"):
            seen["outside"].append(r.url)

    page.on("request", request)
    page.goto(f"{site}/{rel}", wait_until="networkidle")
    return page, seen


def scroll_through(page):
    """Scroll to the end as a reader would, so lazy charts load and draw."""
    charts = page.locator(".tianyuan-chart")
    for i in range(charts.count()):
        charts.nth(i).scroll_into_view_if_needed()
        page.wait_for_selector(
            f'.tianyuan-chart >> nth={i} >> xpath=self::*[@data-chart-state="drawn"]',
            timeout=20000,
        )
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("rel", PAGES)
def test_page_is_accessible_offline_and_quiet(site, browser, rel):
    page, seen = open_page(browser, site, rel)
    scroll_through(page)
    found = serious(axe(page))
    final = page.url[len(site) :].split("#")[0]
    page.close()
    assert not found, found
    assert not seen["outside"], seen["outside"]
    assert not seen["errors"], seen["errors"]
    # the weight budget counted everything this page fetched
    counted = {
        "/" + p.relative_to(HTML.resolve()).as_posix()
        for p in page_weight(HTML / final.lstrip("/"), HTML).files
    }
    uncounted = set(seen["fetched"]) - counted - REDIRECTS - {f"/{rel}", "/favicon.ico"}
    assert not uncounted, uncounted


@pytest.mark.parametrize("edition", ["zh-Hant", "zh-Hans"])
def test_skip_link_first_in_the_pages_script_and_chart_table_by_keyboard(site, browser, edition):
    page, _ = open_page(browser, site, f"{edition}/book/core.html", width=390)
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == convert("跳到正文", edition)
    figure = page.locator('.tianyuan-chart[role="figure"]').first
    assert len(figure.get_attribute("aria-label")) > 20
    summary = page.locator(".chart-data summary").first
    summary.focus()
    page.keyboard.press("Enter")
    assert page.locator(".chart-data table").first.is_visible()
    page.close()
