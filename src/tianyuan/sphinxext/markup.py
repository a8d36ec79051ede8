"""Page structure the HTML validator and screen readers expect, made where the markup is
made (doctree transforms and node visitors, not changes to finished pages):

- a hidden cell's toggle (myst-nb's ``HideCodeCellNode``) has a ``<summary>`` holding
  phrasing content, named by the words it shows (myst-nb writes ``<p>`` inside it and an
  English ``aria-label``);
- headings step down one level at a time: a rubric (a heading inside an output or a
  directive, e.g. the teaching note's per-chapter headings) takes the level after its
  section's, whatever level its Markdown had;
- ``{book-contents}``: the book's chapters by part, linked, on a page (the front page);
  the web edition only (the PDF has its contents pages).
"""

from __future__ import annotations

from html import escape

from docutils import nodes
from myst_nb.sphinx_ import HideCodeCellNode
from sphinx.application import Sphinx
from sphinx.environment.adapters.toctree import global_toctree_for_doc
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective


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


def _skip(self, node) -> None:
    raise nodes.SkipNode


def setup(app: Sphinx) -> None:
    app.add_node(book_contents, html=(_skip, None), latex=(_skip, None), text=(_skip, None))
    app.add_directive("book-contents", BookContentsDirective)
    app.connect("doctree-resolved", resolve_book_contents)
    app.add_node(HideCodeCellNode, override=True, html=(visit_hidden_cell, depart_hidden_cell))
    app.add_post_transform(RubricLevels)
