"""Each script edition from one source: configuration, conversion and the switch between them.

- ``config-inited``: the edition's substitutions (the article's title, headings, authors
  as the edition sets them) and its LaTeX settings; a seed that cannot be read stops the
  build before any page is written.
- ``source-read``: our prose, written once in Traditional, converted to the edition's
  script (`tianyuan.notebooks.source`); code cells run unchanged.
- ``html-page-context``: `<html lang>`, a switch to the same page in the other edition.
- The print edition leaves out code cells a reader is not meant to open.
"""

from __future__ import annotations

import html
import posixpath
import shutil
from pathlib import Path

import plotly
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ConfigError
from sphinx.transforms.post_transforms import SphinxPostTransform

from tianyuan import __version__
from tianyuan.notebooks.source import INPUTS_MARKER, edition_source, fingerprint_inputs
from tianyuan.text import rights
from tianyuan.text.article import ArticleError, load_article
from tianyuan.text.convert import (
    EDITION_NAMES,
    EDITIONS,
    OVERRIDES_CSV,
    TERMS_CSV,
    display,
    ours,
)
from tianyuan.typeset.tex import latex_elements


class UnescapeLinkTargets(SphinxPostTransform):
    """MyST leaves `&` in a link target escaped as `&amp;` in the doctree, so the page gets
    `&amp;amp;` and the link goes to a wrong address (MyST-Parser issue #760). Targets are
    addresses, not HTML: put the ampersand back."""

    default_priority = 5

    def run(self, **kwargs) -> None:
        for node in self.document.findall(nodes.reference):
            if "&amp;" in node.get("refuri", ""):
                node["refuri"] = node["refuri"].replace("&amp;", "&")


# Cells whose code a reader is meant to open (the exercises' solutions): printed.
PRINTED_CODE_TAGS = {"tag_hide-cell", "tag_hide-input", "tag_solution"}


class PrintWithoutCode(SphinxPostTransform):
    """LaTeX only: the print edition shows charts and tables, not the cells that make them
    (the code is in the HTML edition and in the chapter notebooks). A cell the HTML hides
    behind a toggle for the reader to open (an exercise's solution) keeps its code."""

    default_priority = 400
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        for node in list(self.document.findall(nodes.container)):
            if "cell_input" in node["classes"]:
                if PRINTED_CODE_TAGS & set(node.parent.get("classes", [])):
                    continue
                node.parent.remove(node)


def convert_source(app: Sphinx, docname: str, source: list[str]) -> None:
    """Our own text is written once in Traditional; each edition gets its script."""
    if INPUTS_MARKER in source[0]:
        for path in fingerprint_inputs():  # re-read (and so re-execute) when these change
            app.env.note_dependency(str(path))
    for path in (TERMS_CSV, OVERRIDES_CSV):  # every page's words follow the term tables
        app.env.note_dependency(str(path))
    source[0] = edition_source(source[0], app.config.tianyuan_edition)


def pages_older_than_their_doctrees(app: Sphinx, env) -> list[str]:
    """HTML pages to write again because another builder read their documents since.

    The HTML and LaTeX builds of an edition share one environment: after `tianyuan book
    pdf` has re-read a chapter (say, its chart code changed), the HTML build finds nothing
    to read and, by Sphinx's own test (the source file newer than the page), nothing to
    write, and the page keeps the old words. A doctree newer than its page says it."""
    if app.builder.format != "html":
        return []
    doctrees = Path(app.doctreedir)
    stale = []
    for docname in env.found_docs:
        doctree = doctrees / f"{docname}.doctree"
        page = Path(app.builder.get_outfilename(docname))
        if doctree.exists() and page.exists() and doctree.stat().st_mtime > page.stat().st_mtime:
            stale.append(docname)
    return stale


def add_plotly_js(app: Sphinx) -> None:
    """Serve plotly.js once from _static, not inlined per figure, not from a CDN.

    The file is copied here; `lazy-charts.js` fetches it (see `tianyuan.sphinxext.assets`)."""
    if app.builder.format != "html":
        return

    bundle = Path(app.config.tianyuan_plotly_js or "")
    if not app.config.tianyuan_plotly_js or not bundle.is_file():
        bundle = Path(plotly.__file__).with_name("package_data") / "plotly.min.js"
    static = Path(app.doctreedir).parent / "static"
    static.mkdir(parents=True, exist_ok=True)
    target = static / "plotly.min.js"
    if not target.exists() or target.stat().st_size != bundle.stat().st_size:
        shutil.copyfile(bundle, target)
    app.config.html_static_path.append(str(static))


def keep_executed_notebooks_per_edition(app: Sphinx) -> None:
    """myst-nb writes executed notebooks and their images next to the output folder: for
    HTML that is `_build/html/jupyter_execute`, shared by both editions and published with
    the site. Each edition keeps its own, beside its doctrees."""
    if not hasattr(app.env, "mystnb_config"):
        return  # a project without myst-nb (the extension's own tests)
    folder = Path(app.doctreedir).parent / "jupyter_execute"
    app.env.mystnb_config = app.env.mystnb_config.copy(output_folder=str(folder.resolve()))


def set_edition_config(app: Sphinx, config) -> None:
    edition = config.tianyuan_edition
    if edition not in EDITIONS:
        raise ValueError(f"tianyuan_edition must be one of {EDITIONS}, not {edition!r}")
    try:
        art = load_article(config.tianyuan_seed)
    except ArticleError as err:
        # Stop before any page is written: a broken seed must never yield a half-built book.
        raise ConfigError(f"the article cannot be read: {err}") from None
    subs = dict(getattr(config, "myst_substitutions", {}) or {})
    for section in art.sections:
        if section.heading:
            subs[f"h_{section.slug}"] = display(section.heading, edition)
    subs["article_title"] = display(art.title, edition)
    subs["article_subtitle"] = display(art.subtitle, edition)
    subs["article_source"] = display(art.source, edition)
    subs["article_authors"] = display("、".join(art.authors), edition)
    subs["article_editor"] = display(art.editor, edition)
    subs["article_notice"] = rights.notice(art, edition)
    for name in ("reproduction", "licences", "no_address"):
        subs[f"rights_{name}"] = rights.statement(getattr(rights, name.upper()), art, edition)
    subs["book_title"] = config.html_title or config.project
    subs["version"] = __version__
    subs["edition"] = edition
    config.myst_substitutions = subs
    config.latex_elements = {
        **(config.latex_elements or {}),
        **latex_elements(art, edition, subs["book_title"], config.html_baseurl or ""),
    }


def add_edition_switch(app: Sphinx, pagename: str, templatename: str, context: dict, doctree):
    """Tag the page with its script and link the same page in the other edition."""
    edition = app.config.tianyuan_edition
    context["language"] = edition  # <html lang="zh-Hant|zh-Hans">
    depth = pagename.count("/") + 1  # up to the folder holding both editions
    links = []
    for other in EDITIONS:
        name = html.escape(EDITION_NAMES[other])
        if other == edition:
            links.append(f'<span class="edition-current" lang="{other}">{name}</span>')
        else:
            href = posixpath.join(*([".."] * depth), other, pagename + ".html")
            links.append(
                f'<a class="edition-switch-link" lang="{other}" hreflang="{other}" '
                f'href="{html.escape(href)}">{name}</a>'
            )
    switch = (
        f'<nav class="edition-switch" aria-label="{html.escape(ours("字體版本", edition))}">'
        + " | ".join(links)
        + "</nav>"
    )
    context["body"] = switch + context.get("body", "")


def drop_thebe(app: Sphinx, config) -> None:
    """Jupyter Book always loads sphinx-thebe, which writes a third-party script URL (unpkg)
    into every page (twice on incremental builds, a console error). This book is read
    offline and runs its code in Jupyter, so its listeners are removed."""
    for event in ("env-before-read-docs", "doctree-resolved"):
        listeners = app.events.listeners.get(event, [])
        app.events.listeners[event] = [
            listener
            for listener in listeners
            if getattr(listener.handler, "__module__", "") != "sphinx_thebe"
        ]
