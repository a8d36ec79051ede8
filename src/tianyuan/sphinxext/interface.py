"""The reader's interface: every label in the page's own script, the header's controls,
reading aids and search.

- **Templates** (`templates/`, put first on `templates_path`): the page frame
  (`layout.html`: skip links, back to top, the search dialog, no Font Awesome script), the
  article header's buttons, the contents toggles, the sidebar's contents and search, the
  page's contents, previous/next. Icons are inline SVG (`icon_svg`, drawn from the theme's
  own Font Awesome bundle, which pages no longer load). The theme's navbar is not used:
  the book has one header, the article's, and the theme's scripts bind its toggles.
- **Labels** come from Sphinx's message catalogue (`_()` in the templates):
  `book/locale/zh_TW/LC_MESSAGES/sphinx.po` is the one source of wording; the Simplified
  edition's `zh_CN` catalogue is made from it at build time (`write_simplified_catalogue`,
  through `tianyuan.text.convert.ours`, so the edition's mainland terms apply). The
  toggles' hints and sphinx-copybutton's words come from the same catalogue.
- **Reading aids** (`reader.js`): the script switch keeps the paragraph you are on
  (`#core-05`), a ¶ link copies the paragraph's address, the linked paragraph is marked;
  a link tapped in the contents dialog closes it.
- **Search across scripts.** Code and data tables stay out of the search index; result
  snippets come from prose; and a query typed in the other script (高新区 on the Traditional
  pages) is converted before the search runs, with a table of the index's own words made
  by OpenCC at build time (`search-query.js`, on the search page only).
"""

from __future__ import annotations

import html
import json
import re
from functools import cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from docutils import nodes
from markupsafe import Markup
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.locale import get_translation

from tianyuan.paths import BOOK, STATIC
from tianyuan.text.convert import EDITIONS, convert, ours

_ = get_translation("sphinx")

TEMPLATES = Path(__file__).with_name("templates")
BOOK_THEME = "sphinx_book_theme"
CATALOGUE = BOOK / "locale" / "zh_TW" / "LC_MESSAGES" / "sphinx.po"
# Where reading aids label themselves (the ¶ link's title, the copied notice).
PARAGRAPH_LINK_TITLE = "連結到這一段：點選即複製網址"
COPIED = "已複製這一段的網址"

# The theme's layout, arranged for this book: no navbar (its hidden copies of the toggles
# were what the theme's scripts bound), the article header holding every control.
THEME_OPTIONS = {
    "navbar_start": [],
    "navbar_center": [],
    "navbar_end": [],
    "navbar_persistent": [],
    "article_header_start": ["tianyuan/toggle-primary.html"],
    "article_header_end": ["tianyuan/header-buttons.html"],
    "secondary_sidebar_items": ["tianyuan/page-toc.html"],
    "primary_sidebar_end": [],
    "back_to_top_button": False,  # layout.html draws it, with an inline icon
}
SIDEBAR = ["navbar-logo.html", "tianyuan/search-button-field.html", "tianyuan/sidebar-nav.html"]
# sphinx-copybutton's words, by the page's `lang` (it knows zh-CN, not our editions).
COPY_BUTTON = {
    "copy": "Copy",
    "copy_to_clipboard": "Copy to clipboard",
    "copy_success": "Copied!",
    "copy_failure": "Failed to copy",
}
COPY_BUTTON_ANCHOR = "let locale = 'en'"


def configure(app: Sphinx, config) -> None:
    """config-inited (before sphinx-togglebutton reads its hints): the templates, the
    theme's layout and the labels the extensions take from configuration."""
    config.togglebutton_hint = str(_("Click to show"))
    config.togglebutton_hint_hide = str(_("Click to hide"))
    if config.html_theme != BOOK_THEME:
        return  # the templates are written for sphinx-book-theme
    templates = str(TEMPLATES)
    if templates not in config.templates_path:
        config.templates_path.insert(0, templates)
    config.html_theme_options = {**(config.html_theme_options or {}), **THEME_OPTIONS}
    config.html_sidebars = {"**": SIDEBAR}


# --- icons ---------------------------------------------------------------------------------

ICON_STYLES = {"fa-solid": "fas", "fas": "fas", "fa-regular": "far", "far": "far"}
ICON_STYLES |= {"fa-brands": "fab", "fab": "fab"}
ICON_MODIFIERS = {"fa-lg", "fa-xs", "fa-sm", "fa-fw", "fa-1x", "fa-2x", "fa-3x", "fa-spin"}


@cache
def load_icons(fontawesome_js: Path) -> dict[tuple[str, str], tuple[int, int, str]]:
    """{(style, name): (width, height, path)} for every icon in Font Awesome's JS bundle
    (aliases included), e.g. ("fas", "bars") -> (448, 512, "M0 96C0 ...")."""
    source = fontawesome_js.read_text("utf-8")
    icons: dict[tuple[str, str], tuple[int, int, str]] = {}
    entry = re.compile(
        r'(?:"([\w-]+)"|\b([\w-]+)):\[(\d+),(\d+),\[([^\]]*)\],"?[0-9a-f]+"?,"(M[^"]+)"\]'
    )
    for call in re.finditer(r'\b\w+\("(fa[brs])",(\w+)\)', source):
        style, var = call.groups()
        start = source.rfind(f"var {var}={{", 0, call.start())
        if start < 0:
            continue
        for m in entry.finditer(source, start, call.start()):
            name = m.group(1) or m.group(2)
            shape = (int(m.group(3)), int(m.group(4)), m.group(6))
            icons.setdefault((style, name), shape)
            for alias in re.findall(r'"([\w-]+)"', m.group(5)):
                icons.setdefault((style, alias), shape)
    return icons


def icon_svg(icons: dict, classes: str, **attributes: str) -> Markup:
    """The SVG Font Awesome's script would draw for `<i class="{classes}">`, decorative
    (its control carries the name). A class that names no icon is an error: a template
    asked for an icon the theme does not have."""
    words = classes.split()
    style = next((ICON_STYLES[c] for c in words if c in ICON_STYLES), "fas")
    names = [c[3:] for c in words if c.startswith("fa-") and c not in ICON_STYLES]
    names = [n for n in names if f"fa-{n}" not in ICON_MODIFIERS]
    shape = next((icons[(style, n)] for n in names if (style, n) in icons), None)
    if shape is None:
        raise ExtensionError(f"tianyuan: no Font Awesome icon for {classes!r}")
    width, height, path = shape
    keep = [c for c in words if c not in ICON_STYLES and c[3:] not in names]
    extra = "".join(
        f' {k.replace("_", "-")}="{html.escape(v, quote=True)}"' for k, v in attributes.items()
    )
    return Markup(
        f'<svg class="{" ".join(["icon", *keep])}"{extra} aria-hidden="true" '
        f'focusable="false" viewBox="0 0 {width} {height}">'
        f'<path fill="currentColor" d="{path}"/></svg>'
    )


def fontawesome_js(app: Sphinx) -> Path:
    theme = getattr(app.builder, "theme", None)
    for theme_dir in theme.get_theme_dirs() if theme else []:
        candidate = Path(theme_dir) / "static" / "scripts" / "fontawesome.js"
        if candidate.exists():
            return candidate
    raise ExtensionError("tianyuan: the theme's fontawesome.js (the icons' shapes) is missing")


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """html-page-context: what the templates call."""
    if app.config.html_theme != BOOK_THEME:
        return
    icons = load_icons(fontawesome_js(app))
    context["tianyuan_icon"] = lambda classes, **attrs: icon_svg(icons, classes, **attrs)


# --- catalogues ----------------------------------------------------------------------------


def simplified_catalogue(po: bytes) -> Catalog:
    """The Taiwan catalogue made mainland Simplified: every translation through `ours`
    (OpenCC and the edition's term table), nothing retyped."""
    from io import BytesIO

    source = read_po(BytesIO(po))
    target = Catalog(
        locale="zh_CN",
        project="tianyuan",
        fuzzy=False,
        header_comment="# Made from the Taiwan catalogue (book/locale/zh_TW) at build time by\n"
        "# tianyuan.sphinxext.interface: edit that one.",
    )
    for message in source:
        if message.id:
            target.add(message.id, ours(message.string, "zh-Hans"))
    return target


def write_simplified_catalogue(locale_dir: Path) -> Path:
    """`<locale_dir>/zh_CN/LC_MESSAGES/sphinx.po` from the Taiwan catalogue (rewritten only
    when its text changes, so Sphinx recompiles it only then); returns `locale_dir`."""
    from io import BytesIO

    out = BytesIO()
    write_po(out, simplified_catalogue(CATALOGUE.read_bytes()), omit_header=False, width=0)
    target = locale_dir / "zh_CN" / "LC_MESSAGES" / "sphinx.po"
    target.parent.mkdir(parents=True, exist_ok=True)
    text = re.sub(rb'"[A-Za-z-]*Date: [^"]*"\n', b"", out.getvalue())  # stable bytes
    if not target.exists() or target.read_bytes() != text:
        target.write_bytes(text)
    return locale_dir


def copy_button_words() -> dict[str, dict[str, str]]:
    """sphinx-copybutton's words for both editions (one file serves both)."""
    with CATALOGUE.open("rb") as f:
        taiwan = {m.id: m.string for m in read_po(f) if m.id}
    return {
        edition: {key: ours(taiwan[msgid], edition) for key, msgid in COPY_BUTTON.items()}
        for edition in EDITIONS
    }


def localise_copy_button(script: str, source: str) -> str:
    """Teach sphinx-copybutton the editions' languages (it picks its words by the page's
    `lang`, and knows zh-CN only). Stops the build if its script changed shape."""
    if "messages['zh-Hant']" in script:
        return script
    if COPY_BUTTON_ANCHOR not in script:
        raise ExtensionError(
            f"tianyuan: {source}: {COPY_BUTTON_ANCHOR!r} not found; sphinx-copybutton changed, "
            "its words cannot be set"
        )
    lines = "".join(
        f"messages['{e}'] = {json.dumps(w, ensure_ascii=False)};\n"
        for e, w in copy_button_words().items()
    )
    return script.replace(COPY_BUTTON_ANCHOR, lines + COPY_BUTTON_ANCHOR, 1)


def finish(app: Sphinx, exception) -> None:
    """build-finished: the copy button's words and the search page's query table."""
    if exception or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    copybutton = outdir / "_static" / "copybutton.js"
    if copybutton.exists():
        text = copybutton.read_text("utf-8")
        new = localise_copy_button(text, str(copybutton))
        if new != text:
            copybutton.write_text(new, "utf-8")
    write_query_table(outdir, app.config.tianyuan_edition)


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
    """The search page gets the query table."""
    if pagename == "search":
        app.add_js_file("search-query.js")


def setup(app: Sphinx) -> None:
    keep_code_out_of_the_index()
    app.add_js_file("reader.js", loading_method="defer")
    app.connect("config-inited", configure, priority=450)
    app.connect("html-page-context", page_context)
    app.connect("html-page-context", page_scripts)
    app.connect("build-finished", finish, priority=800)
