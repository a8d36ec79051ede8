"""Text from the data files reaches MyST and HTML as written: escaped at one place
(`tianyuan.text.markup`), so a `|`, `*`, `$`, `{{`, `<` or `&` in a CSV is shown, not obeyed."""

from __future__ import annotations

import html
import re

import pandas as pd
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from tianyuan.build import book
from tianyuan.notebooks import figures
from tianyuan.text.markup import myst_text

NASTY = "a|b *c* _d_ $e$ {{f}} `g` <b>h</b> &amp; [i](j) ~~k~~ l\\m"
# The book's MyST (the extensions _config.yml enables), and CommonMark with tables as
# JupyterLab and GitHub read the downloaded notebooks.
MYST = create_md_parser(
    MdParserConfig(enable_extensions={"dollarmath", "substitution", "colon_fence", "deflist"}),
    RendererHTML,
)
COMMONMARK = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def cells(rendered: str) -> list[str]:
    return [html.unescape(c) for c in re.findall(r"<t[dh]>(.*?)</t[dh]>", rendered, re.S)]


def test_a_table_cell_and_its_title_read_as_written_in_myst_and_commonmark():
    table = pd.DataFrame({"x|*y*": [NASTY + "\nnext line"]})
    markdown = "\n".join(figures._markdown_table(table))
    for parser in (MYST, COMMONMARK):
        assert cells(parser.render(markdown)) == ["x|*y*", NASTY + " next line"]


def test_an_outlets_name_reads_as_written_in_its_link():
    row = {"source_url": "http://example.org/a_b?x=1&y=2", "outlet": "A*B [News] <x>"}
    rendered = MYST.render(figures.outside_source(row))
    link = re.search(r'<a href="([^"]+)">(.*?)</a>', rendered)
    assert html.unescape(link.group(2)) == "A*B [News] <x>"
    assert html.unescape(link.group(1)) == row["source_url"]


def test_myst_text_escapes_markup_and_nothing_else():
    assert myst_text("1,050.29 億元（2011）") == "1,050.29 億元（2011）"
    assert myst_text("a|b\r\nc") == "a\\|b c"


def test_characters_shown_as_written_keep_their_role_in_a_reader_table():
    """The as-published characters are set in a {keep} role (the page marks their
    script); the escaping of data text leaves that markup whole, and escapes the rest."""
    table = pd.DataFrame(
        {"seed_char": ["干"], "corrected_char": ["幹"], "count": [26], "label": ["a|b"]}
    )
    row = figures._markdown_table(figures.readable(table))[2]
    assert row.startswith("| {keep}`干` | {keep}`幹` | 26 | ")
    assert row.endswith("a\\|b |")


def test_the_root_pages_title_is_escaped_html(monkeypatch, tmp_path):
    monkeypatch.setattr(book, "HTML", tmp_path)
    monkeypatch.setattr(book, "book_title", lambda: "A & B <i>")
    book.write_root_page()
    page = (tmp_path / "index.html").read_text("utf-8")
    assert "<title>A &amp; B &lt;i&gt; / A &amp; B &lt;i&gt;</title>" in page
    assert "<i>" not in page
