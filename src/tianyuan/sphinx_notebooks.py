"""The book's notebooks in Sphinx: what the download menu offers, and the execution report.

After each HTML build every page's source is written under `_sources/` in the edition's
script (the placeholders filled in) and every chapter as an executed plain notebook
(`tianyuan.notebooks.export`). The ``execution-report`` directive lists each chapter's
last run as myst-nb recorded it, with the versions that ran it.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from tianyuan.convert import ours
from tianyuan.notebooks import PLOTLY_MIME, Links, edition_notebook, export

DOWNLOAD_LABELS = {
    "ipynb": ("已執行的筆記本（含輸出，可在 Jupyter 中重跑）", "fas fa-code"),
    "md": ("本章原始檔（MyST Markdown）", "fas fa-file"),
    "pdf": ("全書 PDF", "fas fa-file-pdf"),
}


def is_notebook(env, docname: str) -> bool:
    from myst_nb.sphinx_ import NbMetadataCollector

    if not hasattr(env, "mystnb_config"):
        return False
    return NbMetadataCollector.get_exec_data(env, docname) is not None


def write_downloads(app, exception) -> None:
    """After an HTML build: each page's source in the edition's script, and for chapters
    the executed notebook, under `_sources/` where the download menu points."""
    if exception or app.builder.format != "html" or not hasattr(app.env, "mystnb_config"):
        return
    import nbformat

    from tianyuan import __version__
    from tianyuan.paths import ROOT
    from tianyuan.sphinxext import edition_source

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
            Links.from_env(env, docname),
            __version__,
            path.relative_to(ROOT).as_posix(),
        )
        nbformat.write(nb, str(sources / f"{docname}.ipynb"))


def download_menu(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The theme's download menu, made to offer what this book has: the executed notebook,
    the source in the page's script and the book's PDF (instead of the browser's print)."""
    from tianyuan.build import pdf_name

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


# --- the execution report ---------------------------------------------------------------------

REPORT_HEADERS = ("章節", "狀態", "執行時間（秒）", "執行於", "方式")
REPORT_STATUS = {True: "✓ 成功", False: "✗ 失敗"}
REPORT_METHOD = {"cache": "快取（程式或資料改變時重跑）", "auto": "每次建置", "force": "每次建置"}


class execution_report(nodes.General, nodes.Element):  # noqa: N801 - docutils node style
    """Placeholder, replaced once every chapter has been executed (or read from cache)."""


class ExecutionReportDirective(SphinxDirective):
    """Each notebook page of the book: status, run time, when it ran; the versions."""

    has_content = False

    def run(self):
        self.env.tianyuan_report_docs = getattr(self.env, "tianyuan_report_docs", set())
        self.env.tianyuan_report_docs.add(self.env.docname)
        return [execution_report()]


def report_docs_to_rewrite(app, env) -> list[str]:
    """The report shows every chapter's latest run, so its page is written on every build."""
    return sorted(getattr(env, "tianyuan_report_docs", set()))


def fill_execution_report(app, doctree, docname: str) -> None:
    from datetime import datetime

    from myst_nb.sphinx_ import NbMetadataCollector

    edition = app.config.tianyuan_edition
    env = app.env
    for placeholder in list(doctree.findall(execution_report)):
        rows = []
        for doc in _toc_order(env):
            data = NbMetadataCollector.get_exec_data(env, doc)
            if not data:
                continue
            title = nodes.reference(
                "",
                env.titles[doc].astext(),
                refuri=app.builder.get_relative_uri(docname, doc),
                internal=True,
            )
            when = datetime.fromtimestamp(data["mtime"]).strftime("%Y-%m-%d %H:%M")
            runtime = f"{data['runtime']:.1f}" if data.get("runtime") is not None else "–"
            rows.append(
                [
                    title,
                    ours(REPORT_STATUS[bool(data["succeeded"])], edition),
                    runtime,
                    when,
                    ours(REPORT_METHOD.get(data["method"], data["method"]), edition),
                ]
            )
        table = _table([ours(h, edition) for h in REPORT_HEADERS], rows, "execution-report")
        versions = nodes.paragraph(
            "", ours("執行環境：", edition) + "；".join(f"{k} {v}" for k, v in versions_used())
        )
        placeholder.replace_self([table, versions])


def _toc_order(env) -> list[str]:
    """Docnames in reading order (the toctree's), falling back to sorted."""
    order = []

    def walk(doc):
        if doc in order:
            return
        order.append(doc)
        for child in env.toctree_includes.get(doc, []):
            walk(child)

    walk(env.config.root_doc)
    return order + sorted(set(env.found_docs) - set(order))


def versions_used() -> list[tuple[str, str]]:
    """What ran the chapters: the same environment runs the kernel and the build."""
    import platform
    from importlib.metadata import version

    from tianyuan import __version__

    packages = ("pandas", "plotly", "opencc", "jupyter-book", "myst-nb")
    return [
        ("tianyuan", __version__),
        ("Python", platform.python_version()),
        *((name, version(name)) for name in packages),
    ]


def _table(headers: list[str], rows: list[list], css: str):
    table = nodes.table(classes=[css])
    group = nodes.tgroup(cols=len(headers))
    table += group
    group += [nodes.colspec(colwidth=1) for _ in headers]
    head = nodes.thead()
    head += _row(headers)
    body = nodes.tbody()
    for row in rows:
        body += _row(row)
    group += [head, body]
    return table


def _row(cells):
    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        para = nodes.paragraph()
        para += cell if isinstance(cell, nodes.Node) else nodes.Text(str(cell))
        entry += para
        row += entry
    return row


def setup(app) -> None:
    """Register the notebook downloads and the execution report (from tianyuan.sphinxext)."""
    app.add_node(execution_report)
    app.add_directive("execution-report", ExecutionReportDirective)
    app.connect("env-get-updated", report_docs_to_rewrite)
    app.connect("doctree-resolved", fill_execution_report)
    app.connect("html-page-context", download_menu, priority=502)
    # The button that opens the chapter in the in-browser notebooks (tianyuan.lite).
    from tianyuan.lite import page_button

    app.add_config_value("tianyuan_lite", True, "html", [bool])
    app.connect("html-page-context", page_button, priority=503)
    app.connect("build-finished", write_downloads)


class PlotlyJsonForNotebooksOnly:
    """myst-nb mime plugin (entry point in pyproject.toml): a chart bundle's plotly JSON is
    for the downloadable notebooks; the book's pages use its HTML, the PDF its PNG."""

    mime_priority_overrides = [("*", PLOTLY_MIME, None)]

    @staticmethod
    def handle_mime(renderer, data, inline) -> list | None:
        return [] if data.mime_type == PLOTLY_MIME else None
