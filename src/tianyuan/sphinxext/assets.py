"""What a reader's browser fetches: only what the page uses, and once for both editions.

Each page's asset lists are set where Sphinx makes them, in ``html-page-context``:

- scripts load deferred (all but ``documentation_options.js``, which the inline lines
  after it need); the search page keeps Sphinx's own order;
- a script or stylesheet a page cannot use is not linked: the tabs' script without tabs,
  the toggles' script and settings without toggles, thebe's stylesheet (thebe is off);
- charts: plotly.js is never linked; a page with a chart gets ``lazy-charts.js``, which
  fetches plotly.js when a chart nears the viewport (the charts' calls wait in inert
  ``<script type="text/x-plotly-chart">`` blocks, written so by `tianyuan.charts.output`),
  and the charts' stylesheet;
- a ``<meta name=description>`` from the page's synopsis or first paragraph (the template
  writes it).

**One `_static` for both editions** (``tianyuan_shared_static``, set by `tianyuan book`):
the files both editions have byte for byte (all but `PER_EDITION`, whose content depends on
the edition) are linked from the folder that holds both editions (``../_static/``), with
the same ``?v=`` checksum, so switching edition fetches nothing twice. `tianyuan.build.site`
moves them there after the build and checks that they are identical.

The bare redirect sphinx-external-toc writes at the edition's root becomes a real page.
"""

from __future__ import annotations

import html
import os
import zlib
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.html._assets import _JavaScript

from tianyuan.text.convert import ours

LAZY_CHARTS_JS = "lazy-charts.js"
CHARTS_CSS = "charts.css"
CSS_FILE = "quality.css"
PLOTLY_JS = "plotly.min.js"
# Static files whose content depends on the edition: each edition keeps its own.
PER_EDITION = {"documentation_options.js", "translations.js", "search-query.js"}
# The folder of shared static files, from an edition's root.
SHARED = "../_static/"
# Scripts and stylesheets only some pages use: {file: classes a page needs one of}.
ONLY_WITH = {
    "design-tabs.js": {"sd-tab-set"},
    "togglebutton.js": {"toggle", "dropdown"},
}
# sphinx-togglebutton's inline settings: useless without its script.
TOGGLE_SETTINGS = ("toggleHint", "toggleOpenOnPrint", "togglebuttonSelector")
NEVER = {"sphinx-thebe.css", PLOTLY_JS}  # thebe is off; plotly.js is fetched lazily
DESCRIPTION_CHARS = 120


def _name(asset) -> str:
    return os.fspath(getattr(asset, "filename", None) or "").rsplit("/", 1)[-1]


def page_classes(doctree) -> set[str]:
    found: set[str] = set()
    if doctree is not None:
        for node in doctree.findall(nodes.Element):
            found.update(node.get("classes", []))
    return found


def has_chart(doctree) -> bool:
    """A plotly chart (not only flows of boxes) among the page's outputs."""
    if doctree is None:
        return False
    return any(
        "plotly-graph-div" in node.astext()
        for node in doctree.findall(nodes.raw)
        if "html" in node.get("format", "")
    )


def page_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """html-page-context (late, after every extension added its files): this page's
    scripts and stylesheets."""
    if "script_files" not in context:
        return
    classes = page_classes(doctree)
    unused = {name for name, need in ONLY_WITH.items() if not need & classes}
    scripts = []  # the lists are the builder's, reset for each page: changed in place
    for js in context["script_files"]:
        name, body = _name(js), js.attributes.get("body", "")
        if name in unused or name in NEVER:
            continue
        if "togglebutton.js" in unused and any(w in body for w in TOGGLE_SETTINGS):
            continue
        if name and name != "documentation_options.js" and pagename != "search":
            attributes = {k: v for k, v in js.attributes.items() if k not in ("async", "defer")}
            js = _JavaScript(js.filename, priority=js.priority, defer="defer", **attributes)
        scripts.append(js)
    if has_chart(doctree):
        plotly = context["pathto"](f"_static/{PLOTLY_JS}", resource=True)
        lazy = {"defer": "defer", "data-plotly": plotly}
        scripts.append(_JavaScript(f"_static/{LAZY_CHARTS_JS}", priority=800, **lazy))
    context["script_files"][:] = scripts
    context["css_files"][:] = [css for css in context["css_files"] if _name(css) not in NEVER]
    if doctree is not None and ("tianyuan-chart" in classes or has_chart(doctree)):
        app.add_css_file(CHARTS_CSS)  # in html-page-context: this page only
    context["tianyuan_description"] = description(doctree) if doctree is not None else ""


def description(doctree) -> str:
    """The page's synopsis, else its first paragraph of prose, cut at a sentence end."""
    scope = next(
        (n for n in doctree.findall(nodes.Element) if "synopsis" in n.get("classes", [])),
        doctree,
    )
    for para in scope.findall(nodes.paragraph):
        if _inside(para, {"article-masthead", "admonition-title"}):
            continue
        text = " ".join(para.astext().split())
        if len(text) >= 20:
            if len(text) > DESCRIPTION_CHARS:
                cut = text[:DESCRIPTION_CHARS]
                end = max(cut.rfind("。"), cut.rfind(". "))
                text = cut[: end + 1] if end > 40 else cut + "…"
            return text
    return ""


def _inside(node: nodes.Node, classes: set[str]) -> bool:
    while node is not None:
        if isinstance(node, nodes.Element) and classes & set(node.get("classes", [])):
            return True
        node = node.parent
    return False


# --------------------------------------------------------------------------- shared _static


def is_shared(filename: str) -> bool:
    return filename.startswith("_static/") and filename.rsplit("/", 1)[-1] not in PER_EDITION


def checksum(path: Path) -> str:
    """Sphinx's cache-busting `?v=` value (CRC-32 of the bytes without carriage returns)."""
    try:
        data = path.read_bytes().translate(None, b"\r")
    except FileNotFoundError:
        return ""
    return f"{zlib.crc32(data):08x}"


def share_static(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """html-page-context (early): the page links the shared copy of every static file both
    editions have, with the checksum of this build's own copy (the same bytes)."""
    if not app.config.tianyuan_shared_static or "pathto" not in context:
        return
    outdir = Path(app.outdir)
    pathto, css_tag, js_tag = context["pathto"], context["css_tag"], context["js_tag"]

    def shared_pathto(otheruri: str, resource: bool = False, **kwargs) -> str:
        if resource and is_shared(otheruri):
            return pathto("../" + otheruri, resource=True, **kwargs)
        return pathto(otheruri, resource, **kwargs)

    def url(filename: str) -> str:
        version = checksum(outdir / filename)
        return shared_pathto(filename, resource=True) + (f"?v={version}" if version else "")

    def attributes(asset, leave: tuple[str, ...]) -> list[str]:
        return sorted(
            f'{k}="{html.escape(v, quote=True)}"'
            for k, v in asset.attributes.items()
            if v is not None and k not in leave
        )

    def shared_css_tag(css) -> str:
        if not is_shared(os.fspath(css.filename)):
            return css_tag(css)
        return f'<link {" ".join(attributes(css, ()))} href="{url(os.fspath(css.filename))}" />'

    def shared_js_tag(js) -> str:
        filename = os.fspath(getattr(js, "filename", "") or "")
        if not filename or not is_shared(filename):
            return js_tag(js)
        attrs = " ".join(attributes(js, ("body",)))
        return f'<script {attrs} src="{url(filename)}"></script>'.replace("<script  ", "<script ")

    context["pathto"] = shared_pathto
    context["css_tag"] = shared_css_tag
    context["js_tag"] = shared_js_tag


# --------------------------------------------------------------------------- the edition's index


def write_edition_index(outdir: Path, edition: str, title: str, target: str, static: str) -> None:
    """The edition's `index.html` as a page (doctype, lang, title, description) that sends
    browsers to the book's first page, instead of a bare meta refresh."""
    label = ours("前往本書首頁", edition)
    text = ours("本書的這個版本從首頁開始。", edition)
    page = f"""<!DOCTYPE html>
<html lang="{edition}">
<head>
<meta charset="utf-8">
<title>{html.escape(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{html.escape(title)}: {html.escape(text)}">
<meta http-equiv="refresh" content="0; url={target}">
<link rel="canonical" href="{target}">
<link rel="icon" href="{static}favicon.svg">
</head>
<body>
<main><h1>{html.escape(title)}</h1><p><a href="{target}">{label}</a></p></main>
</body>
</html>
"""
    path = outdir / "index.html"
    if not path.exists() or path.read_text("utf-8") != page:
        path.write_text(page, "utf-8")


def finish(app: Sphinx, exception: Exception | None) -> None:
    """build-finished (after sphinx-external-toc wrote its redirect stub)."""
    if exception or app.builder.format != "html":
        return
    edition = getattr(app.config, "tianyuan_edition", None)
    if app.config.root_doc != "index" and edition:
        title = app.config.html_title or app.config.project
        static = SHARED if app.config.tianyuan_shared_static else "_static/"
        write_edition_index(Path(app.outdir), edition, title, f"{app.config.root_doc}.html", static)


def theme_scripts(app: Sphinx) -> None:
    """The theme's script and, instead of Bootstrap's 81 KB bundle (which would take the
    heaviest chapter over its 1.5 MB budget), the two things this book asks of it
    (bootstrap-lite.js: the download menu, back to top). The layout template loads none."""
    if app.config.html_theme == "sphinx_book_theme":
        app.add_js_file("bootstrap-lite.js", loading_method="defer", priority=900)
        app.add_js_file("scripts/pydata-sphinx-theme.js", loading_method="defer", priority=900)


def setup(app: Sphinx) -> None:
    app.add_config_value("tianyuan_shared_static", False, "html", [bool])
    app.add_css_file(CSS_FILE)
    app.connect("builder-inited", theme_scripts)
    app.connect("html-page-context", share_static, priority=100)
    app.connect("html-page-context", page_assets, priority=900)
    app.connect("build-finished", finish, priority=900)
