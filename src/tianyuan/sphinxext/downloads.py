"""What a chapter page offers to take away or run: the download menu (the executed
notebook, the source in the page's script, the book's PDF), the button that opens the
chapter in the in-browser notebooks, and the files behind them.

After each HTML build every page's source is written under `_sources/` in the edition's
script (the placeholders filled in) and every chapter as an executed plain notebook
(`tianyuan.notebooks.export`).
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import nbformat
from myst_nb.sphinx_ import NbMetadataCollector

from tianyuan import __version__, lite
from tianyuan.charts.output import PLOTLY_MIME
from tianyuan.config import edition_address
from tianyuan.notebooks.export import Links, edition_notebook, export
from tianyuan.notebooks.source import edition_source
from tianyuan.paths import ROOT, pdf_name
from tianyuan.sphinxext import execution
from tianyuan.text.convert import ours

DOWNLOAD_LABELS = {
    "ipynb": ("已執行的筆記本（含輸出，可在 Jupyter 中重跑）", "fas fa-code"),
    "md": ("本章原始檔（MyST Markdown）", "fas fa-file"),
    "pdf": ("全書 PDF", "fas fa-file-pdf"),
}


def is_notebook(env, docname: str) -> bool:
    if not hasattr(env, "mystnb_config"):
        return False
    return NbMetadataCollector.get_exec_data(env, docname) is not None


def write_downloads(app, exception) -> None:
    """After an HTML build: each page's source in the edition's script, and for chapters
    the executed notebook, under `_sources/` where the download menu points."""
    if exception or app.builder.format != "html" or not hasattr(app.env, "mystnb_config"):
        return
    env, edition = app.env, app.config.tianyuan_edition
    sources = Path(app.outdir) / "_sources"
    cache = env.mystnb_config.execution_cache_path
    for docname in sorted(env.found_docs):
        path = Path(env.doc2path(docname))
        raw = path.read_text("utf-8")
        target = sources / f"{docname}{path.suffix}"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(edition_source(raw, edition, for_book=False), "utf-8")
        if not is_notebook(env, docname):
            continue
        executed = edition_notebook(edition_source(raw, edition), edition, cache)
        nb = export(
            executed,
            edition,
            Links.from_env(env, docname, edition_address(edition)),
            __version__,
            path.relative_to(ROOT).as_posix(),
        )
        nbformat.write(nb, str(sources / f"{docname}.ipynb"))


def download_menu(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The theme's download menu, made to offer what this book has: the executed notebook,
    the source in the page's script and the book's PDF (instead of the browser's print)."""
    edition = app.config.tianyuan_edition
    pathto = context["pathto"]
    for group in context.get("header_buttons", []):
        if group.get("label") != "download-buttons":
            continue
        buttons = []
        if pagename in app.env.found_docs and is_notebook(app.env, pagename):
            buttons.append(_button("ipynb", f"{pathto('_sources', 1)}/{pagename}.ipynb", edition))
        if context.get("sourcename"):
            suffix = context.get("page_source_suffix", ".md")
            url = f"{pathto('_sources', 1)}/{pagename}{suffix}"
            buttons.append(_button("md", url, edition, text=suffix))
        root = pathto("_sources", 1).removesuffix("_sources")  # the edition's folder
        buttons.append(_button("pdf", f"{root}../pdf/{pdf_name(edition)}", edition))
        group["buttons"] = buttons
        group["tooltip"] = ours("下載本頁", edition)


def _button(kind: str, url: str, edition: str, text: str | None = None) -> dict:
    tooltip, icon = DOWNLOAD_LABELS[kind]
    return {
        "type": "link",
        "url": url,
        "text": text or f".{kind}",
        "tooltip": ours(tooltip, edition),
        "icon": icon,
        "label": f"download-{kind}-button",
    }


def page_button(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Sphinx `html-page-context`: a header button on every chapter that is a notebook,
    opening it in the site (a new tab), labelled in the page's script."""
    if not app.config.tianyuan_lite or "header_buttons" not in context:
        return
    if pagename not in app.env.found_docs or not is_notebook(app.env, pagename):
        return
    edition = app.config.tianyuan_edition
    text = lite.words(edition)
    root = context["pathto"]("_sources", 1).removesuffix("_sources")  # the edition's folder
    context["header_buttons"].insert(
        0,
        {
            "type": "link",
            "url": root + lite.notebook_url(edition, pagename),
            "text": text["button"],
            "tooltip": text["tooltip"],
            "icon": "fas fa-play",
            "label": "lite-button",
        },
    )


def setup(app) -> None:
    """Register the notebook downloads, the run-in-the-browser button and the execution
    report (from tianyuan.sphinxext)."""
    execution.setup(app)
    app.connect("html-page-context", download_menu, priority=502)
    app.add_config_value("tianyuan_lite", True, "html", [bool])
    app.connect("html-page-context", page_button, priority=503)
    app.connect("build-finished", write_downloads)


class PlotlyJsonForNotebooksOnly:
    """myst-nb mime plugin (entry point in pyproject.toml): a chart bundle's plotly JSON is
    for the downloadable notebooks; the book's pages use its HTML, the PDF its PNG."""

    mime_priority_overrides: ClassVar[list] = [("*", PLOTLY_MIME, None)]

    @staticmethod
    def handle_mime(renderer, data, inline) -> list | None:
        return [] if data.mime_type == PLOTLY_MIME else None
