"""Page structure the HTML validator and screen readers expect, made where the markup is
made (doctree transforms and node visitors, not changes to finished pages):

- a hidden cell's toggle (myst-nb's ``HideCodeCellNode``) has a ``<summary>`` holding
  phrasing content, named by the words it shows (myst-nb writes ``<p>`` inside it and an
  English ``aria-label``);
- headings step down one level at a time: a rubric (a heading inside an output or a
  directive, e.g. the teaching note's per-chapter headings) takes the level after its
  section's, whatever level its Markdown had;
- ``{book-contents}``: the book's chapters by part, linked, on a page (the front page);
  the web edition only (the PDF has its contents pages);
- English inside a Chinese page carries ``lang="en"`` (screen readers switch voice, the
  validator stops guessing): a paragraph in English gets it on the paragraph, a run of
  English words inside Chinese text a span of its own (``tianyuan.text.markup``);
- a table sits in a labelled scroll region (``role="region"``, ``tabindex="0"``, an
  ``aria-label`` from its title or section) that says, when it is wider than the page,
  that it scrolls (``reader.js`` marks it; the hint is in the page's script);
- ``{fold}``: a passage folded under a one-line summary on screen, in full in print;
  ``{english}``, the English version of the Chinese before it, folded under "English".
"""

from __future__ import annotations

from html import escape
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from myst_nb.sphinx_ import HideCodeCellNode
from sphinx.application import Sphinx
from sphinx.environment.adapters.toctree import global_toctree_for_doc
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from tianyuan.text.convert import ours
from tianyuan.text.markup import CJK, english_runs


def visit_hidden_cell(self, node: HideCodeCellNode) -> None:
    classes = " ".join(node["classes"])
    self.body.append(f'<details class="admonition hide {classes}">\n<summary>\n')
    for state, prompt in (("collapsed", node["prompt_show"]), ("expanded", node["prompt_hide"])):
        self.body.append(f'<span class="{state} admonition-title">{escape(prompt)}</span>\n')
    self.body.append("</summary>\n")


def depart_hidden_cell(self, node: HideCodeCellNode) -> None:
    self.body.append("</details>\n")


def section_depth(node: nodes.Node) -> int:
    depth = 0
    while node is not None:
        if isinstance(node, nodes.section):
            depth += 1
        node = node.parent
    return depth


class RubricLevels(SphinxPostTransform):
    """HTML: each rubric with a heading level sits one level below its section's title."""

    default_priority = 500
    formats = ("html",)

    def run(self, **kwargs) -> None:
        for rubric in self.document.findall(nodes.rubric):
            if "heading-level" in rubric:
                rubric["heading-level"] = min(6, max(2, section_depth(rubric) + 1))


class book_contents(nodes.General, nodes.Element):  # a node class, named as docutils names them
    """Where the book's contents go; replaced when the page is resolved."""


class BookContentsDirective(SphinxDirective):
    """```{book-contents} title```: a heading and the book's chapters."""

    optional_arguments = 1
    final_argument_whitespace = True

    def run(self) -> list[nodes.Node]:
        node = book_contents()
        if self.arguments:
            node += nodes.rubric(self.arguments[0], self.arguments[0], **{"heading-level": 2})
        return [node]


def resolve_book_contents(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved: the chapters as the sidebar lists them (parts, numbers, titles),
    as links from this page; nothing in print."""
    for node in list(doctree.findall(book_contents)):
        toc = None
        if app.builder.format == "html":
            toc = global_toctree_for_doc(
                app.env, docname, app.builder, collapse=False, maxdepth=1, titles_only=True
            )
        if toc is None:
            node.parent.remove(node)
        else:
            box = nodes.container("", *node.children, toc, classes=["book-contents"])
            node.replace_self(box)


# Nodes whose text is not prose in a language: code, markup, formulas.
NOT_PROSE = (nodes.literal, nodes.FixedTextElement, nodes.raw, nodes.math, nodes.comment)
ENGLISH = "language-en"


def _language_set(node: nodes.Node) -> bool:
    """Whether `node` or an element around it already says its language is English, or
    is not prose."""
    while node is not None:
        if isinstance(node, NOT_PROSE):
            return True
        if isinstance(node, nodes.Element) and ENGLISH in node.get("classes", []):
            return True
        node = node.parent
    return False


class EnglishRuns(SphinxPostTransform):
    """HTML: English words on a Chinese page inside an element with lang="en"."""

    default_priority = 900
    formats = ("html",)

    def run(self, **kwargs) -> None:
        for para in list(self.document.findall(nodes.paragraph)):
            text = para.astext()
            if english_runs(text) and not CJK.search(text) and not _language_set(para):
                para["classes"].append(ENGLISH)
        for text in list(self.document.findall(nodes.Text)):
            spans = english_runs(str(text))
            if not spans or not isinstance(text.parent, nodes.TextElement):
                continue
            if _language_set(text.parent):
                continue
            value, pieces, at = str(text), [], 0
            for start, end in spans:
                if start > at:
                    pieces.append(nodes.Text(value[at:start]))
                pieces.append(nodes.inline(value[start:end], value[start:end], classes=[ENGLISH]))
                at = end
            if at < len(value):
                pieces.append(nodes.Text(value[at:]))
            text.parent.replace(text, pieces)


class table_region(nodes.General, nodes.Element):  # a node class, named as docutils names them
    """A table's scroll region: its label and its hint are attributes."""


def _table_label(table: nodes.table, edition: str) -> str:
    """What a table is: its title, else the section it stands in (both already in the
    edition's script)."""
    title = next(iter(table.findall(nodes.title)), None)
    if title is not None:
        return title.astext()
    node = table.parent
    while node is not None and not isinstance(node, nodes.section):
        node = node.parent
    heading = node.next_node(nodes.title).astext() if node is not None else ""
    return heading + ours("：表格" if heading else "表格", edition)


def wrap_tables(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved, after the tables made there (the execution report): every table
    of an HTML page in a focusable, labelled region that scrolls sideways."""
    if app.builder.format != "html":
        return
    edition = app.config.tianyuan_edition
    for table in list(doctree.findall(nodes.table)):
        if isinstance(table.parent, table_region):
            continue
        region = table_region(
            label=_table_label(table, edition), hint=ours("表格較寬，可左右捲動", edition)
        )
        table.replace_self(region)
        region += table


def visit_table_region_html(self, node: table_region) -> None:
    self.body.append(
        f'<div class="table-region" role="region" tabindex="0" '
        f'aria-label="{escape(node["label"])}" data-hint="{escape(node["hint"])}">'
    )


def depart_table_region_html(self, node: table_region) -> None:
    self.body.append("</div>\n")


class fold(nodes.General, nodes.Element):  # a node class, named as docutils names them
    """A passage folded under a one-line summary on screen (``<details>``), set in full
    in print (the summary is for the screen only)."""


class fold_summary(nodes.TextElement):
    """The line a fold shows closed."""


class FoldDirective(SphinxDirective):
    """```{fold} summary```: the content folded under the summary on screen."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec: ClassVar[dict] = {"class": directives.class_option}

    def run(self) -> list[nodes.Node]:
        node = fold(classes=["fold", *self.options.get("class", [])])
        summary_nodes, messages = self.state.inline_text(self.arguments[0], self.lineno)
        node += fold_summary(self.arguments[0], "", *summary_nodes)
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node, *messages]


class EnglishDirective(SphinxDirective):
    """```{english}```: the English version of the Chinese before it, folded on screen
    under "English", tagged lang="en"."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        node = fold(classes=["fold", "english-fold", ENGLISH])
        node += fold_summary("English", "English")
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node]


def visit_fold_html(self, node: fold) -> None:
    self.body.append(self.starttag(node, "details"))


def depart_fold_html(self, node: fold) -> None:
    self.body.append("</details>\n")


def visit_fold_summary_html(self, node: fold_summary) -> None:
    self.body.append(self.starttag(node, "summary", ""))


def depart_fold_summary_html(self, node: fold_summary) -> None:
    self.body.append("</summary>\n")


def _pass(self, node) -> None:
    pass


def _skip(self, node) -> None:
    raise nodes.SkipNode


def setup(app: Sphinx) -> None:
    app.add_node(book_contents, html=(_skip, None), latex=(_skip, None), text=(_skip, None))
    app.add_directive("book-contents", BookContentsDirective)
    app.connect("doctree-resolved", resolve_book_contents)
    app.add_node(HideCodeCellNode, override=True, html=(visit_hidden_cell, depart_hidden_cell))
    app.add_post_transform(RubricLevels)
    app.add_post_transform(EnglishRuns)
    app.connect("doctree-resolved", wrap_tables, priority=900)
    app.add_node(
        table_region,
        html=(visit_table_region_html, depart_table_region_html),
        latex=(_pass, _pass),
        text=(_pass, _pass),
    )
    app.add_directive("english", EnglishDirective)
    app.add_directive("fold", FoldDirective)
    app.add_node(
        fold, html=(visit_fold_html, depart_fold_html), latex=(_pass, _pass), text=(_pass, _pass)
    )
    app.add_node(
        fold_summary,
        html=(visit_fold_summary_html, depart_fold_summary_html),
        latex=(_skip, None),
        text=(_skip, None),
    )
