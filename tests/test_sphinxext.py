"""The Sphinx extension on a tiny project in tmp_path (as sphinx-design tests its own)."""

import re
from io import StringIO

import pytest
from sphinx.application import Sphinx
from sphinx.errors import ConfigError

from tianyuan.paths import SEED_PATH


def build(tmp_path, body: str, **conf):
    src = tmp_path / "src"
    src.mkdir(exist_ok=True)
    settings = {"extensions": ["tianyuan.sphinxext"], "tianyuan_edition": "zh-Hans", **conf}
    (src / "conf.py").write_text("".join(f"{k} = {v!r}\n" for k, v in settings.items()), "utf-8")
    (src / "index.rst").write_text("Test\n====\n\n" + body, "utf-8")
    warnings = StringIO()
    app = Sphinx(
        src,
        src,
        tmp_path / "out",
        tmp_path / "doctrees",
        "html",
        status=StringIO(),
        warning=warnings,
        freshenv=True,
    )
    app.build()
    return (tmp_path / "out" / "index.html").read_text("utf-8"), warnings.getvalue()


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
