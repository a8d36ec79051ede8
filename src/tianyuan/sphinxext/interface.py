"""The reader's interface: every string in the page's own script, and reading aids.

- **Theme strings.** The themes ship Simplified catalogues only (pydata-sphinx-theme's
  `zh`), and some buttons are labelled in English in their templates ("Toggle primary
  sidebar", the search box's "Search..."). After each HTML build, `localise_page`
  replaces each of these labels with our wording (written in Traditional in `LABELS`,
  converted per edition), in attributes, text and the toggle scripts' hint strings; the
  copy button's script learns the edition's language.
- **Reading aids** (`reader.js`): the script switch keeps the paragraph you are on
  (`#core-05`), a ¶ link copies the paragraph's address, the linked paragraph is marked.
- **Search across scripts.** Code and data tables stay out of the search index; result
  snippets come from prose; and a query typed in the other script (高新区 on the Traditional
  pages) is converted before the search runs, with a table of the index's own words made
  by OpenCC at build time (`search-query.js`, on the search page only).
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

from tianyuan.paths import STATIC
from tianyuan.text.convert import convert, ours

# Interface labels as the themes render them (English, or pydata's Simplified) -> ours.
LABELS = {
    "Color mode": "色彩模式",
    "Main": "全書目錄",
    "Page": "本頁",
    "Search...": "搜尋本書……",
    "Toggle primary sidebar": "顯示或隱藏全書目錄",
    "Toggle secondary sidebar": "顯示或隱藏本頁目錄",
    "Click to hide": "點選收起",
    "Click to show": "點選展開",
    "Copy to clipboard": "複製到剪貼簿",
    "当前页面": "本頁目錄",
    "版本警告": "版本警告",
    "网页导航": "網站導覽",
    "回到顶部": "回到頁首",
    "上一页": "上一頁",
    "下一页": "下一頁",
    "主题": "色彩模式",
    "浅色": "淺色",
    "深色": "深色",
    "跟随系统": "依系統設定",
    "请启用 JavaScript 以启用搜索功能。": "請啟用 JavaScript 才能使用搜尋功能。",
}
COPY_BUTTON = {
    "copy": "複製",
    "copy_to_clipboard": "複製到剪貼簿",
    "copy_success": "已複製！",
    "copy_failure": "無法複製",
}
# Where reading aids label themselves (the ¶ link's title, the copied notice).
PARAGRAPH_LINK_TITLE = "連結到這一段：點選即複製網址"
COPIED = "已複製這一段的網址"
ATTRIBUTES = ("aria-label", "title", "placeholder", "data-bs-title", "data-tooltip")


def label(text: str, edition: str) -> str:
    return ours(LABELS[text], edition)


def localise_page(page: str, edition: str) -> str:
    """Every theme label of a rendered page in the edition's script (idempotent)."""
    for source in LABELS:
        target = html.escape(label(source, edition), quote=True)
        escaped = html.escape(source, quote=True)
        for attribute in ATTRIBUTES:
            page = page.replace(f'{attribute}="{escaped}"', f'{attribute}="{target}"')
        page = re.sub(rf">(\s*){re.escape(escaped)}(\s*)<", rf">\g<1>{target}\g<2><", page)
        page = page.replace(f"'{source}'", f"'{target}'")  # sphinx-togglebutton's hints
    return page


def localise_copy_button(script: str, edition: str) -> str:
    """Teach sphinx-copybutton the edition's language (it knows zh-CN only)."""
    if f"messages['{edition}']" in script:
        return script
    words = json.dumps({k: ours(v, edition) for k, v in COPY_BUTTON.items()}, ensure_ascii=False)
    return script.replace(
        "let locale = 'en'", f"messages['{edition}'] = {words};\nlet locale = 'en'", 1
    )


def finish(app: Sphinx, exception) -> None:
    """build-finished, before the assets pass compresses the pages."""
    if exception or app.builder.format != "html":
        return
    edition = app.config.tianyuan_edition
    outdir = Path(app.outdir)
    for page in outdir.rglob("*.html"):
        if "_static" in page.parts:
            continue
        text = page.read_text("utf-8")
        new = localise_page(text, edition)
        if new != text:
            page.write_text(new, "utf-8")
    copybutton = outdir / "_static" / "copybutton.js"
    if copybutton.exists():
        copybutton.write_text(localise_copy_button(copybutton.read_text("utf-8"), edition))
    write_query_table(outdir, edition)


# --- search ------------------------------------------------------------------------------------

# Parts of a page that are not prose: code, chart data, the reproduce block, the charts.
NOT_SEARCHED = {"cell_input", "chart-data", "reproduce", "tianyuan-chart", "no-search"}


def keep_code_out_of_the_index() -> None:
    """Sphinx indexes every text node; code cells and raw data tables made code and
    numbers the best match for ordinary words (幹部 ranked the lede first because of a
    table). The collector is told to skip them: Sphinx has no hook for this."""
    from sphinx.search import WordCollector

    if getattr(WordCollector.dispatch_visit, "tianyuan", False):
        return
    original = WordCollector.dispatch_visit

    def dispatch_visit(self, node):
        if isinstance(node, nodes.literal_block) or (
            isinstance(node, nodes.Element) and NOT_SEARCHED & set(node.get("classes", []))
        ):
            raise nodes.SkipNode
        return original(self, node)

    dispatch_visit.tianyuan = True
    WordCollector.dispatch_visit = dispatch_visit


def query_table(terms: list[str], edition: str) -> dict[str, str]:
    """The index's words and characters as the other script writes them -> as this edition
    writes them (高新区 -> 高新區 for the Traditional pages)."""
    other = "zh-Hans" if edition == "zh-Hant" else "zh-Hant"
    table: dict[str, str] = {}
    for term in terms:
        if not re.search(r"[\u4e00-\u9fff]", term):
            continue
        alien = convert(term, other)
        if alien != term:
            table[alien] = term
        for char in term:
            alien = convert(char, other)
            if alien != char:
                table.setdefault(alien, char)
    return table


def write_query_table(outdir: Path, edition: str) -> None:
    index = outdir / "searchindex.js"
    if not index.exists():
        return
    text = index.read_text("utf-8")
    data = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    terms = list(data.get("terms", {})) + list(data.get("titleterms", {}))
    table = query_table(terms, edition)
    script = (STATIC / "search-query.js").read_text("utf-8")  # the template, not last build's
    payload = json.dumps(table, ensure_ascii=False, separators=(",", ":"))
    (outdir / "_static" / "search-query.js").write_text(
        script.replace("/*QUERY_TABLE*/{}", payload, 1), "utf-8"
    )


def page_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The search page gets the query table and prose snippets; every page the reader aids."""
    if pagename == "search":
        app.add_js_file("search-query.js")


def setup(app: Sphinx) -> None:
    keep_code_out_of_the_index()
    app.add_js_file("reader.js", loading_method="defer")
    app.connect("html-page-context", page_scripts)
    app.connect("build-finished", finish, priority=800)
