"""The execution report: each chapter's last run as myst-nb recorded it, with the versions
that ran it (``{execution-report}`` in the appendix)."""

from __future__ import annotations

import platform
from datetime import datetime
from importlib.metadata import version

from docutils import nodes
from myst_nb.sphinx_ import NbMetadataCollector
from sphinx.util.docutils import SphinxDirective

from tianyuan import __version__
from tianyuan.text.convert import ours

REPORT_HEADERS = ("章節", "狀態", "執行時間（秒）", "執行於", "方式")
REPORT_STATUS = {True: "✓ 成功", False: "✗ 失敗"}
REPORT_METHOD = {"cache": "快取（程式或資料改變時重跑）", "auto": "每次建置", "force": "每次建置"}


class execution_report(nodes.General, nodes.Element):  # lower case: docutils' node style
    """Placeholder, replaced once every chapter has been executed (or read from cache)."""


class ExecutionReportDirective(SphinxDirective):
    """Each notebook page of the book: status, run time, when it ran; the versions."""

    has_content = False

    def run(self):
        self.env.tianyuan_report_docs = getattr(self.env, "tianyuan_report_docs", set())
        self.env.tianyuan_report_docs.add(self.env.docname)
        return [execution_report()]


def forget_report_doc(app, env, docname: str) -> None:
    """A page read again (or removed) says afresh whether it holds a report."""
    getattr(env, "tianyuan_report_docs", set()).discard(docname)


def merge_report_docs(app, env, docnames, other) -> None:
    """Pages read in parallel: the pages holding a report, from each reading process."""
    env.tianyuan_report_docs = getattr(env, "tianyuan_report_docs", set()) | (
        getattr(other, "tianyuan_report_docs", set()) & set(docnames)
    )


def report_docs_to_rewrite(app, env) -> list[str]:
    """The report shows every chapter's latest run, so its page is written on every build."""
    return sorted(getattr(env, "tianyuan_report_docs", set()))


def fill_execution_report(app, doctree, docname: str) -> None:
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
    app.add_node(execution_report)
    app.add_directive("execution-report", ExecutionReportDirective)
    app.connect("env-purge-doc", forget_report_doc)
    app.connect("env-merge-info", merge_report_docs)
    app.connect("env-get-updated", report_docs_to_rewrite)
    app.connect("doctree-resolved", fill_execution_report)
