"""Sphinx extension: places the article into the book and makes each edition.

- ``passage`` places article paragraphs by id, range or section, converted to the
  edition's script; the article is never retyped into a chapter.
- ``article-masthead``, ``article-captions`` and ``article-credits`` place the
  title block, the photo captions and the credits block from the seed.
- Our prose is written once, in Traditional, and converted to the edition's script as
  each file is read; code cells run unchanged (what they draw is converted by
  ``tianyuan.figures``).
- HTML pages get ``lang`` tags and a switch to the same page in the other edition;
  the print edition leaves out code cells and gets paragraph targets for links.
"""

from __future__ import annotations

import html
import posixpath
import re
import shutil
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from tianyuan import __version__, assets, interface, latex, sphinx_notebooks, teaching
from tianyuan.article import ArticleError, load_article
from tianyuan.convert import (
    EDITION_NAMES,
    EDITIONS,
    OVERRIDES_CSV,
    display,
    ours,
)
from tianyuan.latex import latex_elements
from tianyuan.paths import DATA, ROOT, SEED_PATH

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
    option_spec = {"class": directives.class_option}

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
        byline = f"作者:{' '.join(art.authors)} | 編輯:{art.editor} | 來源:{art.source}"
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
        from tianyuan.interface import COPIED, PARAGRAPH_LINK_TITLE

        edition = self.env.config.tianyuan_edition
        title = html.escape(ours(PARAGRAPH_LINK_TITLE, edition), quote=True)
        copied = html.escape(ours(COPIED, edition), quote=True)
        for label in list(self.document.findall(nodes.inline)):
            if "passage-id" in label["classes"]:
                pid = html.escape(label.astext())
                link = (
                    f'<a class="passage-anchor" href="#{pid}" title="{title}" '
                    f'data-copied="{copied}">¶ {pid}</a>'
                )
                label.replace_self(nodes.raw("", link, format="html"))


EDITION_MARKER = "@EDITION@"
INPUTS_MARKER = "@INPUTS@"
CODE_CELL = re.compile(r"(^```\{code-cell\}.*?^```[ \t]*$)", re.M | re.S)
KEEP_ROLE = re.compile(r"\{keep\}`([^`]*)`")


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
PRINTED_CODE_TAGS = {"tag_hide-cell", "tag_hide-input"}


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
    source[0] = edition_source(source[0], app.config.tianyuan_edition)


def edition_source(text: str, edition: str, for_book: bool = True) -> str:
    """A chapter's source as one edition reads it.

    Code cells are left as written: the same code runs in both editions (a filter on
    the data's own labels must not change with the script); what they draw is
    converted at run time by `tianyuan.figures`. The edition itself is written into
    the setup cell (`@EDITION@`), so executed outputs are cached per edition:
    jupyter-cache keys on notebook content. For the book, `@INPUTS@` becomes the
    fingerprint of code, data and seed; for a download it is dropped, so the chapter
    run by hand shows its charts (see `figures.start`).
    """
    parts = CODE_CELL.split(text)
    # split() with one group: even items are prose, odd items are whole code cells.
    out = "".join(part if i % 2 else _convert_prose(part, edition) for i, part in enumerate(parts))
    out = out.replace(EDITION_MARKER, edition)
    if for_book:
        return out.replace(INPUTS_MARKER, inputs_fingerprint())
    return out.replace(f', inputs="{INPUTS_MARKER}"', "")


def _convert_prose(text: str, edition: str) -> str:
    pieces = KEEP_ROLE.split(text)
    # even items are ours to convert, odd ones are {keep} bodies shown as written
    return "".join(
        ours(piece, edition) if i % 2 == 0 else f"{{keep}}`{piece}`"
        for i, piece in enumerate(pieces)
    )


def fingerprint_inputs() -> list[Path]:
    """Everything a chapter's code can read: the package, every file under `data/`, the seed."""
    package = Path(__file__).parent
    files = [*package.rglob("*.py"), *(p for p in DATA.rglob("*") if p.is_file()), SEED_PATH]
    return sorted(p for p in files if "__pycache__" not in p.parts)


def inputs_fingerprint() -> str:
    """Hash of the package, data and seed: a change re-executes the chapters that use it."""
    import hashlib

    digest = hashlib.sha256()
    for path in fingerprint_inputs():
        name = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name
        digest.update(f"{name}\0{path.stat().st_size}\0".encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def keep_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """{keep}`幹部`: characters shown as written, in every edition (the source-text report
    must show Traditional forms in the Simplified edition too)."""
    node = nodes.inline(rawtext, text, classes=["keep-script", "language-zh-Hant"])
    return [node], []


def add_plotly_js(app: Sphinx) -> None:
    """Serve plotly.js once from _static, not inlined per figure, not from a CDN.

    The file is copied here; pages that hold a chart load it (see `add_edition_switch`)."""
    if app.builder.format != "html":
        return
    import plotly

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
        from sphinx.errors import ConfigError

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
    if "plotly-graph-div" in context["body"]:
        app.add_js_file("plotly.min.js")  # in html-page-context: this page only
    if 'class="tianyuan-chart"' in context["body"]:
        app.add_css_file("charts.css")  # titles, toolbar, flows, dark mode of the charts


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


def setup(app: Sphinx) -> dict:
    app.add_config_value("tianyuan_edition", "zh-Hant", "env", [str])
    app.add_config_value("tianyuan_seed", str(SEED_PATH), "env", [str])
    # a plotly.js file to serve instead of the plotly package's full bundle
    app.add_config_value("tianyuan_plotly_js", "", "html", [str])
    app.connect("config-inited", set_edition_config, priority=400)
    app.connect("config-inited", drop_thebe)
    app.connect("source-read", convert_source)
    app.connect("builder-inited", add_plotly_js)
    app.connect("builder-inited", keep_executed_notebooks_per_edition, priority=600)
    app.connect("html-page-context", add_edition_switch)
    app.add_directive("passage", PassageDirective)
    app.add_directive("article-masthead", MastheadDirective)
    app.add_directive("article-captions", CaptionsDirective)
    app.add_directive("article-credits", CreditsDirective)
    app.add_post_transform(PassageAnchors)
    app.add_post_transform(PrintWithoutCode)
    app.add_post_transform(UnescapeLinkTargets)
    app.add_role("keep", keep_role)
    app.add_css_file("tianyuan.css")
    sphinx_notebooks.setup(app)
    teaching.setup(app)
    interface.setup(app)
    latex.setup(app)
    assets.setup(app)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
