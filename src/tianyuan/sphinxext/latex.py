"""The print edition in Sphinx: the doctree changes that make the assembled book typeset
like a book (see `tianyuan.typeset.tex` for the TeX they use).

- `PrintStructure`: the front page as 「關於本書」, a part page before each part of `_toc.yml`,
  附錄 A, B, C … for the appendix part;
- `PrintQuotes`: straight quotes as typographic ones; quotes, ellipses and dashes of Latin
  text in the Latin face (Chinese ones are full-width CJK punctuation);
- `PrintFigures`: a chart travels with its caption and sources, and is set where it fits
  without leaving the page before it half empty;
- `print_tables`: column widths from the contents, long tables that break across pages.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from tianyuan.text.convert import ours
from tianyuan.typeset.tex import (
    APPENDIX_FOLDER,
    LONG_TABLE_ROWS,
    column_widths,
    curly_quotes,
    latin_punctuation,
    tex_escape,
)


def _edition(transform) -> str:
    return transform.env.config.tianyuan_edition


class PrintStructure(SphinxPostTransform):
    """LaTeX only, on the assembled book: the front page becomes one unnumbered chapter
    「關於本書」 (its sections, sections); each toctree of the root document (a part of
    `_toc.yml`) is preceded by the LaTeX that opens its part."""

    default_priority = 450
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        root = self.env.config.root_doc
        if self.document.get("docname", root) != root:
            return
        wrappers = [
            n
            for n in self.document.findall(nodes.compound)
            if "toctree-wrapper" in n["classes"] and n.parent is not None
        ]
        top = next(iter(self.document.findall(nodes.section)), None)
        if top is None or not wrappers:
            return
        self._front_page(top, wrappers[0])
        parts = [
            t
            for t in self.env.get_doctree(root).findall(lambda n: n.tagname == "toctree")
            if t.get("caption")
        ]
        for wrapper, toctree in zip(wrappers, parts, strict=False):
            wrapper.parent.insert(
                wrapper.parent.index(wrapper),
                nodes.raw("", self.opening(toctree), format="latex"),
            )

    def _front_page(self, top: nodes.section, first_part: nodes.Node) -> None:
        if first_part.parent is not top:
            return
        body = top.children[1 : top.index(first_part)]  # after the title (the book's title)
        about = nodes.section(ids=["tianyuan-about"])
        about += nodes.title("", ours("關於本書", _edition(self)))
        for child in body:
            top.remove(child)
            about += child
        top.insert(1, about)

    def opening(self, toctree) -> str:
        files = toctree.get("includefiles", [])
        caption = tex_escape(toctree["caption"])
        if files and all(f.startswith(APPENDIX_FOLDER) for f in files):
            return r"\tianyuanappendix"
        if toctree.get("numbered"):
            return rf"\tianyuanmainmatter\tianyuanpart{{{caption}}}"
        return rf"\tianyuanunnumbered\tianyuanpart{{{caption}}}"


_LITERAL = (nodes.literal, nodes.literal_block, nodes.raw, nodes.math, nodes.comment)
_BLOCKS = (nodes.paragraph, nodes.term, nodes.line)
ARTICLE_CLASSES = {"article-passage", "article-masthead", "article-credits", "article-captions"}


class PrintQuotes(SphinxPostTransform):
    """LaTeX only: our text's straight quotes become curly ones, and the quotes, ellipses
    and dashes of Latin text are marked `latin-punctuation` so that xeCJK sets them in the
    Latin face, not as full-width CJK punctuation. The article is left exactly as it is
    (all its punctuation is Chinese)."""

    default_priority = 460
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        for block in list(self.document.findall(lambda n: isinstance(n, _BLOCKS))):
            if _inside_article(block):
                continue
            texts = [t for t in block.findall(nodes.Text) if not _in_literal(t, block)]
            if not any(q in t for t in texts for q in "'\"“”‘’…—"):
                continue
            before, pieces = "", []
            for t in texts:
                fixed = curly_quotes(str(t), before)
                pieces.append(fixed)
                before = fixed[-1:] or before
            whole = "".join(pieces)
            latin = latin_punctuation(whole)
            offset = 0
            for t, piece in zip(texts, pieces, strict=True):
                marks = sorted(i - offset for i in latin if offset <= i < offset + len(piece))
                offset += len(piece)
                if piece == str(t) and not marks:
                    continue
                t.parent.replace(t, _split_marks(piece, marks))


def _split_marks(text: str, marks: list[int]) -> list[nodes.Node]:
    out: list[nodes.Node] = []
    last = 0
    for i in marks:
        if i > last:
            out.append(nodes.Text(text[last:i]))
        out.append(nodes.inline(text[i], text[i], classes=["latin-punctuation"]))
        last = i + 1
    if last < len(text):
        out.append(nodes.Text(text[last:]))
    return out


def _in_literal(node: nodes.Node, stop: nodes.Node) -> bool:
    while node is not None and node is not stop:
        if isinstance(node, _LITERAL):
            return True
        node = node.parent
    return False


def _inside_article(node: nodes.Node) -> bool:
    while node is not None:
        if isinstance(node, nodes.Element) and ARTICLE_CLASSES & set(node.get("classes", [])):
            return True
        node = node.parent
    return False


class PrintFigures(SphinxPostTransform):
    r"""LaTeX only: each figure (a chart: image and caption) takes the source line printed
    after it into itself (after the caption), and is boxed so that `tianyuan.typeset.tex`
    sets it where it fits: in place, or held while its data table and the text after it
    fill the page (`\tianyuanchartstart` … `\tianyuanchartplace`, then
    `\tianyuanchartflush` after the data table)."""

    default_priority = 470
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        for figure in list(self.document.findall(nodes.figure)):
            sources = _printed_after(figure, "source-line")
            if sources is not None:
                sources.parent.remove(sources)
                figure += nodes.legend("", sources)
            data = _printed_after(figure, "print-chart-data")
            parent = figure.parent
            parent.insert(parent.index(figure), _latex(r"\tianyuanchartstart"))
            parent.insert(parent.index(figure) + 1, _latex(r"\tianyuanchartend\tianyuanchartplace"))
            if data is not None:
                data.parent.insert(data.parent.index(data) + 1, _latex(r"\tianyuanchartflush"))


def _latex(tex: str) -> nodes.raw:
    return nodes.raw("", tex + "\n", format="latex")


def _printed_after(figure: nodes.figure, cls: str) -> nodes.Element | None:
    """The container of class `cls` printed right after `figure` (with only empty
    wrappers, or the figure's source line, between them), if any."""
    for node in figure.findall(include_self=False, descend=True, siblings=True, ascend=True):
        if _has_ancestor(node, figure):
            continue
        classes = node.get("classes", []) if isinstance(node, nodes.Element) else []
        if isinstance(node, nodes.container) and cls in classes:
            return node
        if "source-line" in classes or _has_class_ancestor(node, "source-line"):
            continue
        if isinstance(node, nodes.Text) and node.strip():
            return None
        if isinstance(node, (nodes.figure, nodes.table, nodes.section, nodes.image)):
            return None
    return None


def _has_ancestor(node: nodes.Node, ancestor: nodes.Node) -> bool:
    while node is not None:
        if node is ancestor:
            return True
        node = node.parent
    return False


def _has_class_ancestor(node: nodes.Node, cls: str) -> bool:
    return _in_class(node.parent, cls) if node.parent is not None else False


def print_tables(app, doctree, docname: str) -> None:
    """LaTeX only: each table gets column widths from its contents (Sphinx would otherwise
    give a long table equal columns, and a short one tabulary's guesses), so that a name
    is not broken character by character; a table with its own `tabularcolumns` keeps it.
    A table of more than a few rows may break across pages.

    Run at `doctree-resolved`, after the tables filled in there (the execution report)."""
    if app.builder.format != "latex":
        return
    after_spec = False
    for node in list(
        doctree.findall(lambda n: isinstance(n, (nodes.table, addnodes.tabular_col_spec)))
    ):
        if isinstance(node, addnodes.tabular_col_spec):
            after_spec = True
            continue
        if after_spec or "colwidths-given" in node["classes"]:
            after_spec = False
            continue
        _set_widths(node)


def _set_widths(table: nodes.table) -> None:
    group = next(iter(table.findall(nodes.tgroup)), None)
    if group is None:
        return
    specs = [c for c in group.children if isinstance(c, nodes.colspec)]
    head = [_row_texts(r) for r in group.findall(nodes.row) if isinstance(r.parent, nodes.thead)]
    body = [_row_texts(r) for r in group.findall(nodes.row) if isinstance(r.parent, nodes.tbody)]
    header = head[0] if head else [""] * len(specs)
    if len(header) != len(specs) or any(len(r) != len(specs) for r in body):
        return  # spanning cells: leave it to Sphinx
    for spec, width in zip(specs, column_widths(header, body), strict=True):
        spec["colwidth"] = width
    table["classes"].append("colwidths-given")
    if len(body) > LONG_TABLE_ROWS or _in_class(table, "print-chart-data"):
        table["classes"].append("longtable")  # may break across pages, its head repeated


def _in_class(node: nodes.Node, cls: str) -> bool:
    while node is not None:
        if isinstance(node, nodes.Element) and cls in node.get("classes", []):
            return True
        node = node.parent
    return False


def _row_texts(row: nodes.row) -> list[str]:
    return [entry.astext() for entry in row.children if isinstance(entry, nodes.entry)]


def setup(app) -> None:
    app.add_post_transform(PrintStructure)
    app.add_post_transform(PrintQuotes)
    app.add_post_transform(PrintFigures)
    app.connect("doctree-resolved", print_tables, priority=900)
