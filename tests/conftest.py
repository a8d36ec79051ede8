"""Shared fixtures: the article, the built book and the repository paths."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tianyuan.config import toc_docnames
from tianyuan.paths import BUILD, ROOT
from tianyuan.text.article import load_article
from tianyuan.text.convert import EDITIONS

HTML = BUILD / "html"


@pytest.fixture(scope="session")
def article():
    return load_article()


def chapter_order() -> list[str]:
    """Docnames in _toc.yml order."""
    return toc_docnames()


class _TextExtractor(HTMLParser):
    """Visible text of the main article area, without scripts and styles."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def page_text(path: Path) -> str:
    """Text of a built page's <main> content, markup removed, whitespace kept."""
    raw = path.read_text("utf-8")
    m = re.search(r'<article class="bd-article"[^>]*>(.*)</article>', raw, re.S)
    parser = _TextExtractor()
    parser.feed(m.group(1) if m else raw)
    return "".join(parser.parts)


def built_page(edition: str, docname: str) -> Path:
    path = HTML / edition / f"{docname}.html"
    if not path.exists():
        pytest.fail(f"{path} is missing: run `make book` first")
    return path


@pytest.fixture(scope="session", params=EDITIONS)
def edition(request):
    return request.param


CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
]


@pytest.fixture(scope="session")
def site():
    """The built HTML served on 127.0.0.1 (a random free port) as a static host serves it
    (`.gz` copies sent compressed), for the browser tests."""
    from tianyuan.audits.audit import serve

    with serve(HTML) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    import shutil

    from playwright.sync_api import sync_playwright

    exe = shutil.which("chromium")
    if not exe:
        pytest.fail("chromium is not installed: run `make book` (it installs Debian's chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=exe, args=[f for f in CHROMIUM_FLAGS if f != "--headless"]
        )
        yield b
        b.close()


@pytest.fixture(scope="session")
def chromium(tmp_path_factory):
    """Run headless Chromium: dump_dom(url) -> the DOM after scripts ran."""
    import shutil
    import subprocess

    exe = shutil.which("chromium")
    if not exe:
        pytest.fail("chromium is not installed: run `make book` (it installs Debian's chromium)")
    profile = tmp_path_factory.mktemp("chromium-profile")

    def dump_dom(url: str, budget_ms: int = 10000) -> str:
        out = subprocess.run(
            [
                exe,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                f"--virtual-time-budget={budget_ms}",
                "--dump-dom",
                url,
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
        return out.stdout

    return dump_dom


def copy_repository(dest: Path) -> Path:
    """The working tree's tracked and new files (not _build/, not .venv/) copied to `dest`:
    a clone that holds uncommitted work too. Run code in it with PYTHONPATH=dest/src."""
    import shutil
    import subprocess

    files = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    for name in files:
        if (ROOT / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, dest / name)
    return dest


def run_in(repo: Path, *args: str, timeout: int = 900):
    """`python -m <args>` inside a copied repository, its own package first on the path."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(repo / "src")}
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def glued_charts(edition: str) -> list[tuple[str, dict, bytes]]:
    """Every chart of the book as its chapter glued it, in reading order: (name, the
    figure as the notebook and print show it (plotly JSON), the PNG the PDF prints)."""
    import base64
    import json

    from tianyuan.build.book import edition_dir
    from tianyuan.charts.output import PLOTLY_MIME

    folder = edition_dir(edition) / "jupyter_execute"
    found = []
    for docname in chapter_order():
        glue = folder / f"{docname}.glue.json"
        if not glue.exists():
            continue
        for name, output in json.loads(glue.read_text("utf-8")).items():
            bundle = output.get("data", {})
            if PLOTLY_MIME in bundle:
                png = base64.b64decode(bundle["image/png"])
                found.append((name, bundle[PLOTLY_MIME], png))
    if not found:
        pytest.fail(f"no glued charts under {folder}: run `make book` first")
    return found
