"""The Sphinx extension on a tiny project in tmp_path (as sphinx-design tests its own)."""

import re
from io import StringIO

import pytest
from sphinx.application import Sphinx
from sphinx.errors import ConfigError

from tianyuan.paths import SEED_PATH
from tianyuan.text.article import load_article


def build(tmp_path, body: str, builder: str = "html", fresh: bool = True, **conf):
    src = tmp_path / "src"
    src.mkdir(exist_ok=True)
    settings = {"extensions": ["tianyuan.sphinxext"], "tianyuan_edition": "zh-Hans", **conf}
    files = {
        "conf.py": "".join(f"{k} = {v!r}\n" for k, v in settings.items()),
        "index.rst": "Test\n====\n\n" + body,
    }
    for name, text in files.items():  # rewritten only when changed: Sphinx reads mtimes
        if not (src / name).exists() or (src / name).read_text("utf-8") != text:
            (src / name).write_text(text, "utf-8")
    warnings = StringIO()
    app = Sphinx(
        src,
        src,
        tmp_path / builder,
        tmp_path / "doctrees",  # one environment for both builders, as the book's editions
        builder,
        status=StringIO(),
        warning=warnings,
        freshenv=fresh,
    )
    app.build()
    if builder != "html":
        return "", warnings.getvalue()
    return (tmp_path / "html" / "index.html").read_text("utf-8"), warnings.getvalue()


def test_passage_renders_converted_text_with_anchor_and_lang(tmp_path):
    html, warnings = build(tmp_path, ".. passage:: core-05\n")
    assert not warnings
    assert re.search(r'<div class="article-passage[^"]*" lang="zh-Hans">', html)
    assert 'id="core-05"' in html and 'href="#core-05"' in html
    assert "株洲高新区“一区三园”技工贸收入1050.29亿元" in html  # Simplified


def test_bad_paragraph_id_is_a_located_warning(tmp_path):
    _, warnings = build(tmp_path, "\n.. passage:: core-99\n")
    assert "index.rst:5" in warnings and "no such paragraph or section" in warnings


def test_edition_switch_points_to_the_same_page(tmp_path):
    html, _ = build(tmp_path, ".. passage:: lede-01\n")
    assert 'href="../zh-Hant/index.html"' in html
    assert '<html lang="zh-Hans"' in html


def test_broken_seed_stops_the_build_with_a_readable_message(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text(SEED_PATH.read_text("utf-8").replace("群龍尋首", "群龍無首"), "utf-8")
    with pytest.raises(
        ConfigError, match=r"bad\.txt, line 74: unexpected section heading '群龍無首'"
    ):
        build(tmp_path, ".. passage:: lede-01\n", tianyuan_seed=str(bad))


def test_an_edited_seed_is_read_again_by_the_next_build_in_the_same_process(tmp_path):
    """sphinx-autobuild rebuilds in one process: what the loaders cached is read again."""
    seed = tmp_path / "seed.txt"
    text = SEED_PATH.read_text("utf-8")
    seed.write_text(text, "utf-8")
    first, _ = build(tmp_path, ".. passage:: lede-01\n", tianyuan_seed=str(seed))
    paragraph = load_article(str(seed)).paragraph("lede-01").text
    seed.write_text(text.replace(paragraph, paragraph + "再版。"), "utf-8")
    second, _ = build(tmp_path, ".. passage:: lede-01\n", tianyuan_seed=str(seed))
    assert "再版" not in first and "再版" in second


def test_a_page_read_again_by_the_print_build_is_written_again_by_the_html_build(tmp_path):
    """HTML and LaTeX share an edition's environment: a document the LaTeX build re-read
    (its inputs changed) must not leave the HTML page with the old words."""
    seed = tmp_path / "seed.txt"
    text = SEED_PATH.read_text("utf-8")
    seed.write_text(text, "utf-8")
    first, _ = build(tmp_path, ".. passage:: lede-01\n", tianyuan_seed=str(seed))
    paragraph = load_article(str(seed)).paragraph("lede-01").text
    seed.write_text(text.replace(paragraph, paragraph + "再版。"), "utf-8")
    build(tmp_path, ".. passage:: lede-01\n", "latex", fresh=False, tianyuan_seed=str(seed))
    second, _ = build(tmp_path, ".. passage:: lede-01\n", fresh=False, tianyuan_seed=str(seed))
    assert "再版" not in first and "再版" in second


def test_pages_read_in_parallel_keep_what_the_environment_records(tmp_path):
    """parallel_read_safe: the pages holding the execution report, recorded while reading,
    survive the merge of the reading processes and leave with a removed page."""
    src = tmp_path / "src"
    src.mkdir()
    settings = {"extensions": ["tianyuan.sphinxext"], "tianyuan_edition": "zh-Hant"}
    (src / "conf.py").write_text("".join(f"{k} = {v!r}\n" for k, v in settings.items()), "utf-8")
    pages = [f"page{n}" for n in range(8)]
    (src / "index.rst").write_text(
        "Test\n====\n\n.. toctree::\n\n" + "".join(f"   {p}\n" for p in pages), "utf-8"
    )
    for n, page in enumerate(pages):
        body = ".. execution-report::\n" if n in (2, 6) else f".. passage:: lede-0{n % 5 + 1}\n"
        (src / f"{page}.rst").write_text(f"Page {n}\n======\n\n{body}", "utf-8")

    def read(parallel: int) -> set[str]:
        app = Sphinx(
            src,
            src,
            tmp_path / "out",
            tmp_path / "doctrees",
            "html",
            status=StringIO(),
            warning=StringIO(),
            parallel=parallel,
        )
        app.build()
        return app.env.tianyuan_report_docs

    assert read(parallel=2) == {"page2", "page6"}
    (src / "page6.rst").write_text("Page 6\n======\n\nNo report here.\n", "utf-8")
    assert read(parallel=1) == {"page2"}


def test_every_loader_that_caches_a_file_is_cleared_before_reading():
    """A function cached with functools reads a file once per process: each is forgotten
    before Sphinx reads the sources (OpenCC's converters read no file of ours)."""
    import ast

    from tianyuan.paths import ROOT
    from tianyuan.sphinxext import CACHED_LOADERS

    cached = set()
    for path in (ROOT / "src" / "tianyuan").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.FunctionDef) and any(
                "cache" in ast.unparse(d) for d in node.decorator_list
            ):
                cached.add(node.name)
    assert cached - {"converter"} == {f.__name__ for f in CACHED_LOADERS}


def test_the_book_theme_pages_are_made_by_templates_and_catalogues(tmp_path):
    """With the book's theme, the page frame comes from the extension's templates, its
    labels from the Taiwan catalogue, its icons inline; no page is changed afterwards and
    nothing is compressed (that is the published site's step, not every Sphinx build's)."""
    from tianyuan.paths import BOOK

    html, _ = build(
        tmp_path,
        ".. passage:: lede-01\n",
        html_theme="sphinx_book_theme",
        language="zh_TW",
        tianyuan_edition="zh-Hant",
        locale_dirs=[str(BOOK / "locale")],
    )
    assert html.count('class="sidebar-toggle primary-toggle') == 1  # one header, no copy
    assert 'aria-label="顯示或隱藏全書目錄"' in html and 'placeholder="搜尋本書……"' in html
    assert ">跳到正文</a>" in html and "Toggle primary sidebar" not in html
    assert "fa-bars" not in html.replace('class="icon', "") and "<i class=" not in html
    assert '<svg class="icon"' in html and "fontawesome.js" not in html
    assert "searchindex.js" not in html and "bootstrap.js" not in html
    assert re.search(r'<script defer="defer" src="_static/doctools\.js', html)
    assert not list((tmp_path / "out").rglob("*.gz"))
