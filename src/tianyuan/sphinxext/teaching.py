"""Teaching material in the book: directives over `tianyuan.teaching`'s files.

- ``{discussion} core``: a chapter's questions, each with its English beneath.
- ``{discussion-guide}``: every question with what to look for, the evidence (links to
  figures and paragraphs) and common misreadings, for the teaching note.
- ``{glossary-terms}``: the glossary as Sphinx's ``glossary`` (so ``{term}`` links work).
- ``{reproduce}``: the end of a chapter: how to re-run it, and its code.
- ``{en}``: English words inside a Chinese page, tagged as English.
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from tianyuan.notebooks.figures import outside_source
from tianyuan.notebooks.source import CODE_CELL
from tianyuan.paths import DATA, ROOT
from tianyuan.teaching.content import (
    GLOSSARY,
    QUESTIONS,
    evidence_links,
    glossary,
    outside_rows,
    questions,
)
from tianyuan.text.article import load_article
from tianyuan.text.convert import ours


class _Teaching(SphinxDirective):
    def edition(self) -> str:
        return self.env.config.tianyuan_edition

    def z(self, text: str) -> str:
        return ours(text, self.edition())

    def parse(self, text: str) -> list[nodes.Node]:
        for path in (QUESTIONS, GLOSSARY, DATA / "external_figures.csv"):
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
                    f"**{n}. {self.z(q['zh'])}**",
                    "",
                    f"{{en}}`{q['en']}`",
                    "",
                    f"- {self.z('看什麼')}：{self.z(q['look_for'])}",
                    f"- {self.z('證據')}：{evidence_links(q['evidence'])}",
                    f"- {self.z('常見誤讀')}：{self.z(q['misreadings'])}",
                    "",
                ]
        return self.parse("\n".join(lines))


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
            lines += [
                self.z(t["term"]),
                f"  {{en}}`{t['en']}`　{self.z(t['definition'])}{source}"
                f"　{self.z('原文')}：{where}",
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
    app.add_directive("reproduce", ReproduceDirective)
