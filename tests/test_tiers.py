"""The test suite's tiers: what `make test-fast` leaves out is exactly what the markers name,
each marker is registered and documented, and a missing need fails rather than skips."""

from __future__ import annotations

import re
import socket
import tomllib

import pytest
from conftest import NEEDS

from tianyuan.paths import ROOT


def registered_markers() -> dict[str, str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    markers = config["tool"]["pytest"]["ini_options"]["markers"]
    return dict(m.split(": ", 1) for m in markers)


def fast_tier_expression() -> str:
    makefile = (ROOT / "Makefile").read_text("utf-8")
    return re.search(r"^FAST_TIER := (.+)$", makefile, re.M).group(1)


def test_the_fast_tier_leaves_out_every_marker_and_nothing_else():
    words = set(re.findall(r"[a-z]+", fast_tier_expression())) - {"not", "or", "and"}
    assert words == set(registered_markers()) == {"build", "browser", "tex", "lite", "clone"}
    for needs_a_file in ("build", "tex", "lite", "browser"):
        assert needs_a_file in NEEDS


def test_the_readme_documents_the_fast_tier_and_every_marker():
    readme = (ROOT / "README.md").read_text("utf-8")
    assert readme.index("make book") < readme.index("make test") < readme.index("make test-fast")
    for marker in registered_markers():
        assert f"`{marker}`" in readme, marker


def test_a_test_that_needs_the_build_fails_saying_so_when_it_is_missing(monkeypatch):
    import conftest

    class NeedsTheBuild:
        def iter_markers(self):
            return [pytest.mark.build.mark]

    gone = ROOT / "_build" / "html" / "zh-Hant" / "book" / "index.html"
    monkeypatch.setitem(conftest.NEEDS, "build", (lambda: [gone], "the built book", "make book"))
    with pytest.raises(pytest.fail.Exception) as failed:
        conftest.pytest_runtest_setup(NeedsTheBuild())
    assert str(failed.value) == (
        f"this test needs the built book (build) and {gone} is missing: run `make book` first "
        "(`make test` does), or `make test-fast` for the tests that need no build"
    )


@pytest.mark.filterwarnings("ignore:A test tried to use socket")
def test_no_test_reaches_another_host():
    with pytest.raises(Exception, match="allowed"):
        socket.create_connection(("192.0.2.1", 80), timeout=1)  # TEST-NET-1, never routed


def test_commands_in_a_copy_get_a_clean_offline_environment(tmp_path, monkeypatch):
    from conftest import environment_for

    monkeypatch.setenv("TIANYUAN_ROOT", "/somewhere/else")
    monkeypatch.setenv("MAKEFLAGS", "-j8")
    env = environment_for(tmp_path)
    assert "TIANYUAN_ROOT" not in env and "MAKEFLAGS" not in env
    assert env["PYTHONPATH"] == str(tmp_path / "src")
    assert env["npm_config_offline"] == "true" and env["PIP_NO_INDEX"] == "1"


@pytest.mark.clone
def test_a_copy_finds_the_charts_bundle_without_asking_npm(tmp_path):
    import subprocess
    import sys

    from conftest import copy_repository, environment_for

    repo = copy_repository(tmp_path / "repo")
    code = "from tianyuan.build.vendor import plotly_bundle; print(plotly_bundle())"
    run = subprocess.run(
        [sys.executable, "-c", code],
        cwd=repo,
        env=environment_for(repo),
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    bundle = run.stdout.strip()
    assert bundle.startswith(str(repo / "_build" / "vendor")) and "plotly" in bundle, bundle
    assert "npm" not in run.stderr
