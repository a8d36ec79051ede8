"""The build's up-to-date check: a rebuild with nothing changed does nothing; any change to
what the book is made from (data, chapters, package, seed) builds again."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import BUILD, ROOT

from tianyuan import fingerprint
from tianyuan.build import book as build


@pytest.fixture
def tree(tmp_path, monkeypatch):
    """A small copy of the inputs, with the build's paths pointed at it."""
    for name in ("_config.yml", "_toc.yml", "requirements.txt", "pyproject.toml"):
        shutil.copy2(ROOT / name, tmp_path / name)
    for name in ("data", "seeds", "book"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("*.mo"))
    (tmp_path / "src").mkdir()
    monkeypatch.setattr(fingerprint, "ROOT", tmp_path)
    monkeypatch.setattr(build, "BUILD_STAMP", tmp_path / "_build" / "stamp.json")
    outputs = [tmp_path / "_build" / "out.html"]
    monkeypatch.setattr(build, "build_outputs", lambda cmd: outputs)
    (tmp_path / "_build").mkdir()
    outputs[0].write_text("built", "utf-8")
    return tmp_path


def test_a_recorded_build_is_up_to_date_until_an_input_changes(tree):
    digest = build.build_inputs_digest("all")
    assert not build.up_to_date("all", digest)  # never built
    build.record_build("all", digest)
    assert build.up_to_date("all", build.build_inputs_digest("all"))
    assert build.up_to_date("html", build.build_inputs_digest("html"))

    data = tree / "data" / "external_figures.csv"
    data.write_text(data.read_text("utf-8").replace(",35,", ",31,", 1), "utf-8")
    assert not build.up_to_date("all", build.build_inputs_digest("all"))


def test_what_the_build_itself_writes_is_not_an_input(tree):
    digest = build.build_inputs_digest("all")
    build.record_build("all", digest)
    mo = tree / "book" / "locale" / "zh_TW" / "LC_MESSAGES" / "sphinx.mo"
    mo.write_bytes(b"compiled by Sphinx")
    cache = tree / "src" / "__pycache__" / "x.pyc"
    cache.parent.mkdir(parents=True)
    cache.write_bytes(b"\0")
    assert build.up_to_date("all", build.build_inputs_digest("all"))


def test_a_missing_output_builds_again(tree):
    build.record_build("all", build.build_inputs_digest("all"))
    (tree / "_build" / "out.html").unlink()
    assert not build.up_to_date("all", build.build_inputs_digest("all"))


@pytest.mark.build
def test_the_real_build_recorded_its_inputs_as_they_are_now():
    """`make book` ran before the tests: its stamp matches the tree, so the build wrote
    nothing into its own inputs and `make book` again has nothing to do."""
    stamp = BUILD / "tianyuan-build.json"
    if not stamp.exists():
        pytest.fail(f"{stamp} is missing: run `make book`")
    recorded = json.loads(stamp.read_text("utf-8"))
    assert recorded["all"] == build.build_inputs_digest("all")
    assert all(p.exists() for p in build.build_outputs("all"))
