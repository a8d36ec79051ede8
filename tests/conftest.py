"""Shared fixtures: the article, the built book and the repository paths; the tiers.

The tests come in tiers. Those without a marker need no built book (unit, data, article,
conversion, the Sphinx extension on a tiny project): `make test-fast` runs them from a
fresh clone. The others say what they need with a marker (registered in pyproject.toml):
`build` (the built HTML), `browser` (Debian's Chromium), `tex` (the PDFs), `lite` (the
in-browser notebooks), `clone` (a copy of the repository to run commands in). A test whose
need is not met fails and says how to meet it; none is skipped for want of a build (only
`lite` tests are skipped, saying so, when the book was built with LITE=0). A test that uses
the `site` fixture needs the build and one that drives a browser needs Chromium: those
markers are added here. No test reaches the network (pytest-socket, loopback allowed).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tianyuan import lite
from tianyuan.config import toc_docnames
from tianyuan.paths import BUILD, PDF, ROOT, handout_name, pdf_name
from tianyuan.text.article import load_article
from tianyuan.text.convert import EDITIONS

HTML = BUILD / "html"

# --- tiers ---------------------------------------------------------------------------------


def _missing_book() -> list[Path]:
    return [p for p in [HTML / e / "book" / "index.html" for e in EDITIONS] if not p.exists()]


def _missing_pdfs() -> list[Path]:
    pdfs = [PDF / name(e) for e in EDITIONS for name in (pdf_name, handout_name)]
    return [p for p in pdfs if not p.exists()]


def _missing_lite() -> list[Path]:
    return [p for p in [lite.SITE / lite.STAMP] if not p.exists()]


def _missing_chromium() -> list[str]:
    return [] if shutil.which("chromium") else ["chromium (Debian's package)"]


# marker -> (what is missing, what the test needs, how to get it)
NEEDS = {
    "build": (_missing_book, "the built book", "make book"),
    "tex": (_missing_pdfs, "the PDFs and handouts", "make book"),
    "lite": (_missing_lite, "the in-browser notebooks", "make book"),
    "browser": (_missing_chromium, "a browser", "make book (it installs Debian's chromium)"),
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if "site" in fixtures:
            item.add_marker(pytest.mark.build)
        if fixtures & {"browser", "chromium"}:
            item.add_marker(pytest.mark.browser)


def pytest_runtest_setup(item):
    marks = {mark.name for mark in item.iter_markers()}
    if "lite" in marks and not lite.enabled():
        pytest.skip("the book was built with LITE=0: no in-browser notebooks to test")
    for mark in sorted(marks & NEEDS.keys()):
        missing, what, how = NEEDS[mark]
        if gone := missing():
            pytest.fail(
                f"this test needs {what} ({mark}) and {gone[0]} is missing: run `{how}` "
                f"first (`make test` does), or `make test-fast` for the tests that need no "
                "build",
                pytrace=False,
            )


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


# What a copy of the repository needs so that no build in it reaches a registry: the npm
# packages (plotly.js sources and esbuild for the charts' bundle; linked, read only), the
# bundle itself and the in-browser site's pinned downloads (hard-linked where possible).
VENDORED = ("_build/vendor", "_build/lite/cache")
# Set by the environment, `make` or a developer's shell; never meant for a copy.
NOT_FOR_COPIES = ("TIANYUAN_ROOT", "PYTHONPATH", "MAKEFLAGS", "MAKELEVEL", "MFLAGS")


def copy_repository(dest: Path) -> Path:
    """The working tree's tracked and new files (not _build/, not .venv/) copied to `dest`:
    a clone that holds uncommitted work too, with the vendored bundles (`VENDORED`, and
    `node_modules` linked) so that nothing in it is fetched. Run code in it with `run_in`
    or `make_in`, which give it a clean environment (`environment_for`)."""
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

    def link_or_copy(src, dst):
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    for name in VENDORED:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, dest / name, copy_function=link_or_copy)
    if (ROOT / "node_modules").is_dir():
        (dest / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    return dest


def environment_for(repo: Path) -> dict[str, str]:
    """The test run's environment for commands in a copy: its own package first on the path,
    nothing that points elsewhere (`NOT_FOR_COPIES`), and npm and pip told to stay offline
    (a build that would fetch fails instead of reaching a registry)."""

    env = {k: v for k, v in os.environ.items() if k not in NOT_FOR_COPIES}
    env.update(PYTHONPATH=str(repo / "src"), npm_config_offline="true", PIP_NO_INDEX="1")
    return env


def run_in(repo: Path, *args: str, timeout: int = 900):
    """`python -m <args>` inside a copied repository, its own package first on the path."""
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=repo,
        env=environment_for(repo),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def make_in(repo: Path, target: str, timeout: int = 900):
    """`make <target>` inside a copied repository, with this checkout's environment
    (`.venv`, taken as installed: never reinstalled from the copy; its `tianyuan` runs the
    copy's package, first on the path)."""

    venv = ROOT / ".venv"
    installed = ["-o", str(venv / ".installed"), "-o", "node_modules/.installed"]  # as they are
    return subprocess.run(
        ["make", "--no-print-directory", f"VENV={venv}", target, *installed],
        cwd=repo,
        env=environment_for(repo),
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
