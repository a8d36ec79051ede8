"""Teaching material in the book: directives over `tianyuan.teaching`'s files.

- ``{discussion} core``: a chapter's questions, each with its English beneath.
- ``{discussion-guide}``: every question with what to look for, the evidence (links to
  figures and paragraphs) and common misreadings, for the teaching note.
- ``{glossary-terms}``: the glossary as Sphinx's ``glossary`` (so ``{term}`` links work).
- ``{reproduce}``: the end of a chapter: how to re-run it, and its code.
- ``{en}``: English words inside a Chinese page, tagged as English.
- ``{solution}``: an exercise's worked solution: its conclusion (our prose, numbers glued
  from the computation) together with the code cells tagged ``solution`` just before it,
  in one fold labelled by its state (顯示解答 / 隱藏解答); in print, under 解答.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective

from tianyuan import data
from tianyuan.notebooks.figures import outside_source
from tianyuan.notebooks.source import CODE_CELL
from tianyuan.paths import DATA, ROOT
from tianyuan.teaching.content import (
    CLASS,
    GLOSSARY,
    QUESTIONS,
    SUMMARY_EN,
    TeachingError,
    assignment,
    english_sources,
    english_summary,
    evidence_links,
    exhibits,
    glossary,
    outside_rows,
    question_number,
    questions,
)
from tianyuan.text.article import load_article
from tianyuan.text.convert import convert, ours
from tianyuan.typeset.handout import plain_sources


class _Teaching(SphinxDirective):
    def edition(self) -> str:
        return self.env.config.tianyuan_edition

    def z(self, text: str) -> str:
        return ours(text, self.edition())

    def script(self, text: str) -> str:
        """English with Chinese names in it: the names in the edition's script."""
        return convert(text, self.edition())

    def parse(self, text: str) -> list[nodes.Node]:
        for path in (QUESTIONS, GLOSSARY, CLASS, DATA / "external_figures.csv"):
            self.env.note_dependency(str(path))
        return self.parse_text_to_nodes(text)


class DiscussionDirective(_Teaching):
    """A chapter's discussion questions, numbered, each with its English beneath."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        slug = self.arguments[0]
        items = questions().get(slug)
        if not items:
            raise self.error(f"no questions for {slug!r} in {QUESTIONS.relative_to(ROOT)}")
        lines = []
        for n, q in enumerate(items, 1):
            lines += [
                f"{n}. {self.z(q['zh'])}",
                "",
                f"   {{en}}`{q['en']}`",
                "",
            ]
        box = nodes.container(classes=["discussion"])
        box += self.parse("\n".join(lines))
        return [box]


class DiscussionGuideDirective(_Teaching):
    """Every question with the teacher's guidance, chapter by chapter."""

    def run(self) -> list[nodes.Node]:
        art = load_article()
        lines = []
        for slug, items in questions().items():
            section = art.section(slug)
            title = self.z(section.heading) if section.heading else self.z("導語")
            lines += [f"### {title}", "", self.z("見本書") + f" {{ref}}`ch-{slug}`" + "。", ""]
            for n, q in enumerate(items, 1):
                lines += [
                    f"**{self.z('題')} {question_number(slug, n)}　{self.z(q['zh'])}**",
                    "",
                    f"{{en}}`{q['en']}`",
                    "",
                    f"- {self.z('看什麼')}：{self.z(q['look_for'])}",
                    f"- {self.z('證據')}：{evidence_links(q['evidence'])}",
                    f"- {self.z('常見誤讀')}：{self.z(q['misreadings'])}",
                    "",
                ]
        return self.parse("\n".join(lines))


class AssignmentDirective(_Teaching):
    """The pre-class assignment, numbered, each item with its English beneath."""

    def run(self) -> list[nodes.Node]:
        lines = []
        for n, item in enumerate(assignment(), 1):
            lines += [f"{n}. {self.z(item['zh'])}", "", f"   {{en}}`{item['en']}`", ""]
        return self.parse("\n".join(lines))


class ExhibitsDirective(_Teaching):
    """The class's exhibits, each under its number in the book and its neutral title, with
    its neutral caption and its sources (the data tables are in the chapters): the charts
    glued by the page's code as `exhibit-<figure id>`."""

    def run(self) -> list[nodes.Node]:
        lines = []
        for ex in exhibits():
            name = f"exhibit-{ex['figure']}"
            lines += [
                f"### {self.z('圖')} {ex['number']}　{self.z(ex['title'])}",
                "",
                f"```{{glue}} {name}",
                "```",
                "",
                self.z(ex["caption"]),
                "",
                plain_sources(data.load(ex["table"]), self.edition()),
                "",
            ]
        return self.parse("\n".join(lines))


class EnglishPacketDirective(_Teaching):
    """The English student packet as a page: the book's summary of the article (not a
    translation) with links to the paragraphs it covers, the exhibits drawn in English
    (glued by the page's code as `exhibit-en-<figure id>`), the questions and the
    glossary's English definitions; all of it tagged lang="en"."""

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(SUMMARY_EN))
        charted = {ex["chapter"]: [] for ex in exhibits()}
        for ex in exhibits():
            if ex.get("english"):
                charted[ex["chapter"]].append(ex)
        lines = [
            "## Before class",
            "",
            *[f"{n}. {a['en']}" for n, a in enumerate(assignment(), 1)],
            "",
            "## The article, summarised (the book's summary, not a translation)",
            "",
        ]
        for section in english_summary():
            heading = section["title_en"]
            if section.get("heading_zh"):
                heading += f" ({self.z(section['heading_zh'])})"
            lines += [f"### {heading}", ""]
            for par in section["paragraphs"]:
                ids = ", ".join(f"{{ref}}`{p} <{p}>`" for p in par["ids"])
                lines += [self.script(" ".join(par["text"].split())) + f" *[{ids}]*", ""]
            for ex in charted.get(section["slug"], []):
                table = data.load(ex["table"])
                lines += [
                    f"#### Figure {ex['number']}. {ex['title_en']}",
                    "",
                    f"```{{glue}} exhibit-en-{ex['figure']}",
                    "```",
                    "",
                    ex["caption_en"] + " " + self.script(english_sources(table)),
                    "",
                ]
        lines += ["## Discussion questions", ""]
        for slug, items in questions().items():
            title = next(s["title_en"] for s in english_summary() if s["slug"] == slug)
            lines += [f"### {title}", ""]
            for n, q in enumerate(items, 1):
                lines += [f"**{question_number(slug, n)}** {q['en']}", ""]
        lines += ["## Glossary", ""]
        for t in sorted(glossary(), key=lambda t: t["en"].lower()):
            where = ", ".join(t["paragraphs"])
            used = f" (Article: {where}.)" if where else ""
            definition = self.script(t["definition_en"])
            lines += [f"**{t['en']}** ({self.z(t['term'])}): {definition}{used}", ""]
        box = nodes.container(classes=["english-packet", "language-en"])
        box += self.parse("\n".join(lines))
        return [box]


class GlossaryTermsDirective(_Teaching):
    """The glossary as Sphinx's own glossary directive, so chapters can link {term}`…`."""

    def run(self) -> list[nodes.Node]:
        lines = [":::{glossary}", ":sorted:", ""]
        for t in glossary():
            where = "、".join(f"{{ref}}`{p} <{p}>`" for p in t["paragraphs"])
            rows = outside_rows(t.get("sources", []))
            source = (
                f"（{self.z('外部資料')}："
                + "；".join(f"{r['ext_id']} {outside_source(r, self.edition())}" for r in rows)
                + "）"
                if rows
                else ""
            )
            used = f"　{self.z('原文')}：{where}" if where else ""
            lines += [
                self.z(t["term"]),
                f"  {{en}}`{t['en']}`　{self.z(t['definition'])}{source}{used}",
                "",
            ]
        lines.append(":::")
        return self.parse("\n".join(lines))


class ReproduceDirective(_Teaching):
    """How to re-run this chapter, and its code in one place (instead of a toggle before
    every chart). HTML only: the print edition says where the code is."""

    def run(self) -> list[nodes.Node]:
        docname = self.env.docname
        source = Path(self.env.doc2path(docname)).read_text("utf-8")
        edition = self.edition()
        cells = [
            _code_of(cell).replace(', inputs="@INPUTS@"', "").replace("@EDITION@", edition)
            for cell in CODE_CELL.findall(source)
        ]
        up = "../" * docname.count("/")
        intro = self.z(
            "本章的每張圖都由下面的程式產生：先載入資料，再呼叫本書套件中的繪圖函式。"
            "下載已執行的筆記本，或在本書的程式庫中執行 `make lab` 打開本章，"
            "就能修改資料或程式後重跑。"
        )
        links = (
            f'<a href="{up}_sources/{docname}.ipynb">{self.z("已執行的筆記本（.ipynb）")}</a> · '
            f'<a href="{up}_sources/{docname}.md">{self.z("MyST 原始檔（.md）")}</a>'
        )
        code = "\n\n".join(f"```python\n{c}\n```" for c in cells if c)
        text = "\n".join(
            [
                "::::{only} html",
                f":::{{dropdown}} {self.z('重現本章')} · Reproduce",
                ":class-container: reproduce",
                "",
                intro,
                "",
                f'```{{raw}} html\n<p class="reproduce-links">{links}</p>\n```',
                "",
                code,
                ":::",
                "::::",
            ]
        )
        return self.parse(text)


class solution(nodes.General, nodes.Element):  # a node class, named as docutils names them
    """An exercise's solution: the cells that work it out and the conclusion, one fold."""


SOLUTION_TAG = "tag_solution"


class SolutionDirective(_Teaching):
    """```{solution}```: the conclusion; `GatherSolutionCells` puts the code in front."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        node = solution(show=self.z("顯示解答"), hide=self.z("隱藏解答"), title=self.z("解答"))
        node += self.parse("\n".join(self.content))
        return [node]


class GatherSolutionCells(SphinxTransform):
    """Move the code cells tagged `solution` that stand right before a {solution} into it,
    so that code and conclusion open together. A tagged cell with no {solution} after it
    is an error: its answer would sit open on the page."""

    default_priority = 700

    def apply(self, **kwargs) -> None:
        for box in list(self.document.findall(solution)):
            parent = box.parent
            at = parent.index(box)
            cells = []
            while at > 0 and SOLUTION_TAG in parent[at - 1].get("classes", []):
                at -= 1
                cells.insert(0, parent[at])
            for cell in cells:
                parent.remove(cell)
            box[0:0] = cells
        for cell in self.document.findall(nodes.container):
            if SOLUTION_TAG in cell["classes"] and not isinstance(cell.parent, solution):
                raise TeachingError(
                    Path(self.env.doc2path(self.env.docname)),
                    "expected a cell tagged `solution` right before a {solution} block, "
                    "found one outside it (its answer would be visible)",
                )


def visit_solution_html(self, node: solution) -> None:
    self.body.append('<details class="admonition hide solution">\n<summary>\n')
    for state, prompt in (("collapsed", node["show"]), ("expanded", node["hide"])):
        self.body.append(f'<span class="{state} admonition-title">{escape(prompt)}</span>\n')
    self.body.append("</summary>\n")


def depart_solution_html(self, node: solution) -> None:
    self.body.append("</details>\n")


def visit_solution_latex(self, node: solution) -> None:
    self.body.append(f"\n\\par\\medskip\\noindent\\textbf{{{node['title']}}}\\par\\nopagebreak\n")


def depart_solution_latex(self, node: solution) -> None:
    self.body.append("\n\\par\\medskip\n")


def _code_of(cell: str) -> str:
    """The code of a `{code-cell}` block, without its fence and option lines."""
    body = cell.split("\n", 1)[1].rsplit("```", 1)[0]
    return "\n".join(line for line in body.splitlines() if not re.match(r"^:\w+:", line)).strip()


def english_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """{en}`…`: English words inside a Chinese page, tagged lang="en" (screen readers
    switch voice; the print edition sets them like any Latin text)."""
    return [nodes.inline(rawtext, text, classes=["english", "language-en"])], []


def setup(app) -> None:
    app.add_role("en", english_role)
    app.add_directive("discussion", DiscussionDirective)
    app.add_directive("discussion-guide", DiscussionGuideDirective)
    app.add_directive("glossary-terms", GlossaryTermsDirective)
    app.add_directive("assignment", AssignmentDirective)
    app.add_directive("exhibits", ExhibitsDirective)
    app.add_directive("english-packet", EnglishPacketDirective)
    app.add_directive("reproduce", ReproduceDirective)
    app.add_directive("solution", SolutionDirective)
    app.add_transform(GatherSolutionCells)
    app.add_node(
        solution,
        html=(visit_solution_html, depart_solution_html),
        latex=(visit_solution_latex, depart_solution_latex),
    )
