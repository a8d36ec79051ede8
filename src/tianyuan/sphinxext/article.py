"""The article in the book: directives that place its words, never retyped.

- ``passage`` places article paragraphs by id, range or section, converted to the
  edition's script and set by the display rules; each paragraph id is a book-wide label.
- ``article-masthead``, ``article-captions`` and ``article-credits`` place the title
  block, the photo captions and the credits block from the seed.
- ``{keep}`` shows characters as written, in every edition.
- HTML: each paragraph id becomes a copyable link to the paragraph.
"""

from __future__ import annotations

import html
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from tianyuan.sphinxext.interface import COPIED, PARAGRAPH_LINK_TITLE
from tianyuan.text.article import ArticleError, load_article
from tianyuan.text.convert import OVERRIDES_CSV, display, ours

logger = logging.getLogger(__name__)


def _edition(env) -> str:
    return env.config.tianyuan_edition


class _ArticleDirective(SphinxDirective):
    """Base: loads the article, records the dependency, turns errors into warnings."""

    def article(self):
        seed = self.env.config.tianyuan_seed
        self.env.note_dependency(seed)
        self.env.note_dependency(str(OVERRIDES_CSV))
        return load_article(seed)

    def text(self, seed_text: str) -> str:
        """The article's words as the edition sets them (script, then display rules)."""
        return display(seed_text, _edition(self.env))

    def lang_classes(self) -> list[str]:
        # docutils' HTML writer turns a `language-xx` class into lang="xx".
        return [f"language-{_edition(self.env)}"]

    def fail(self, message: str) -> list[nodes.Node]:
        logger.warning(message, location=self.get_location(), type="tianyuan", subtype="input")
        return []


class PassageDirective(_ArticleDirective):
    """Place article paragraphs: ``core-03``, ``core-03:core-07`` or ``core``."""

    required_arguments = 1
    optional_arguments = 0
    has_content = False
    option_spec: ClassVar[dict] = {"class": directives.class_option}

    def run(self) -> list[nodes.Node]:
        spec = self.arguments[0]
        try:
            paragraphs = self.article().select(spec)
        except ArticleError as err:
            return self.fail(f"article: {err}")
        except KeyError as err:
            return self.fail(f"passage {spec!r}: no such paragraph or section {err}")
        box = nodes.container(
            classes=["article-passage", *self.lang_classes(), *self.options.get("class", [])]
        )
        for para in paragraphs:
            node = nodes.paragraph(ids=[para.pid], classes=["article-paragraph"])
            # the print edition's target for {ref}`core-05` (HTML uses the id itself)
            target = rf"\phantomsection\label{{\detokenize{{{self.env.docname}:{para.pid}}}}}"
            node += nodes.raw("", target, format="latex")
            node += nodes.inline(para.pid, para.pid, classes=["passage-id"])
            node += nodes.Text(self.text(para.text))
            box += node
        # Paragraph ids are book-wide labels: {ref}`core-05` links to the paragraph.
        std = self.env.get_domain("std")
        for para in paragraphs:
            std.anonlabels[para.pid] = (self.env.docname, para.pid)
            std.labels[para.pid] = (self.env.docname, para.pid, f"¶ {para.pid}")
        return [box]


class _BlockDirective(_ArticleDirective):
    """A block of lines from the article's page furniture, each a styled paragraph."""

    css_class = ""

    def lines(self, art) -> list[tuple[str, str]]:
        """(text in the edition's script, paragraph class) for each line."""
        raise NotImplementedError

    def run(self) -> list[nodes.Node]:
        try:
            art = self.article()
        except ArticleError as err:
            return self.fail(f"article: {err}")
        box = nodes.container(classes=[self.css_class, *self.lang_classes()])
        for text, cls in self.lines(art):
            box += nodes.paragraph("", text, classes=[cls])
        return [box]


class MastheadDirective(_BlockDirective):
    """The article's title, subtitle, byline and dateline as published."""

    css_class = "article-masthead"

    def lines(self, art):
        byline = f"作者:{'、'.join(art.authors)} | 編輯:{art.editor} | 來源:{art.source}"
        return [
            (self.text(art.title), "masthead-title"),
            ("——" + self.text(art.subtitle), "masthead-subtitle"),
            (self.text(byline), "masthead-byline"),
            (f"{art.date} {art.time} · " + self.text(f"瀏覽量:{art.views}"), "masthead-dateline"),
        ]


class CaptionsDirective(_BlockDirective):
    """The photo captions (the photos themselves are not in the seed)."""

    css_class = "article-captions"

    def lines(self, art):
        return [("▲" + self.text(c), "article-caption") for c in art.captions]


class CreditsDirective(_BlockDirective):
    """The article's closing credits block, line by line as published."""

    css_class = "article-credits"

    def lines(self, art):
        return [(self.text(line), "article-credit") for line in art.credits]


class PassageAnchors(SphinxPostTransform):
    """HTML only: each paragraph id becomes a copyable link to the paragraph."""

    default_priority = 400
    formats = ("html",)

    def run(self, **kwargs) -> None:
        edition = self.env.config.tianyuan_edition
        title = html.escape(ours(PARAGRAPH_LINK_TITLE, edition), quote=True)
        copied = html.escape(ours(COPIED, edition), quote=True)
        for label in list(self.document.findall(nodes.inline)):
            if "passage-id" in label["classes"]:
                pid = html.escape(label.astext())
                section, _, number = pid.rpartition("-")
                # on a phone the section part is hidden (the page is the section): ¶ 05
                link = (
                    f'<a class="passage-anchor" href="#{pid}" title="{title}" '
                    f'data-copied="{copied}">¶ '
                    f'<span class="passage-section">{section}-</span>{number}</a>'
                )
                label.replace_self(nodes.raw("", link, format="html"))


def keep_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """{keep}`幹部`: characters shown as written, in every edition (the source-text report
    must show Traditional forms in the Simplified edition too)."""
    node = nodes.inline(rawtext, text, classes=["keep-script", "language-zh-Hant"])
    return [node], []
