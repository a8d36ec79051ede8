"""The in-browser notebooks (tianyuan.lite): pinned downloads, the site, the button on every
chapter page, and a chapter run to its charts in Chromium with nothing but 127.0.0.1."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import zipfile

import pytest
from conftest import CHROMIUM_FLAGS, HTML, built_page, chapter_order

from tianyuan import __version__
from tianyuan.lite import site as lite
from tianyuan.paths import ROOT
from tianyuan.text.convert import EDITIONS

SITE = HTML / "lite"
PLOTLY_MIME = "application/vnd.plotly.v1+json"

# --- the package as the browser gets it -------------------------------------------------


def test_the_package_wheel_is_complete_and_the_same_every_time(tmp_path):
    first = lite.package_wheel(tmp_path / "a")
    again = lite.package_wheel(tmp_path / "b")
    assert first.read_bytes() == again.read_bytes()
    with zipfile.ZipFile(first) as whl:
        names = set(whl.namelist())
        record = whl.read(next(n for n in names if n.endswith("/RECORD"))).decode()
        for module in CHAPTER_MODULES:
            assert f"tianyuan/{module.replace('.', '/')}.py" in names, module
        for line in record.splitlines():
            name, digest, size = line.rsplit(",", 2)
            if digest:  # RECORD lists itself without a hash
                assert digest == "sha256=" + lite._b64(whl.read(name)), name
                assert int(size) == len(whl.read(name)), name
    assert first.name == f"tianyuan-{__version__}-py3-none-any.whl"


# What the chapters import in the browser comes from Pyodide's or the site's packages.
BROWSER_IMPORTS = {"pandas", "numpy", "dateutil", "plotly", "_plotly_utils", "narwhals"}
BROWSER_IMPORTS |= {"opencc", "IPython", "tzdata", "packaging", "tianyuan"}
# Imported only on the book build's own paths (gluing, PNGs for print, exporting notebooks).
BUILD_ONLY = {"myst_nb", "kaleido", "yaml", "jupytext", "jupyter_cache", "nbformat"}
CHAPTER_MODULES = ("text.article", "text.convert", "text.corrections", "text.vocabulary")
CHAPTER_MODULES += ("data.package", "data.derive", "charts.builders", "charts.measure")
CHAPTER_MODULES += ("charts.output", "charts.theme", "notebooks.figures", "notebooks.export")
CHAPTER_MODULES += ("notebooks.appendix", "notebooks.source", "paths", "fingerprint")


def test_the_chapter_modules_import_nothing_pyodide_lacks():
    """Every import in the modules a chapter uses (at the top or inside a function) is the
    standard library, a package the site ships, or on a path only the book build takes."""
    import ast

    names = set()
    for module in CHAPTER_MODULES:
        path = ROOT / "src" / "tianyuan" / (module.replace(".", "/") + ".py")
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names.add(node.module.split(".")[0])
    outside = names - set(sys.stdlib_module_names) - BROWSER_IMPORTS - BUILD_ONLY
    assert not outside, outside
    # and importing them pulls in nothing else (pandas' and plotly's own imports included)
    code = (
        "import sys, json; before = set(sys.modules); "
        + "".join(f"import tianyuan.{m}; " for m in CHAPTER_MODULES)
        + "print(json.dumps(sorted({m.split('.')[0] for m in set(sys.modules) - before})))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(json.loads(out.stdout)) - set(sys.stdlib_module_names) - BROWSER_IMPORTS
    assert {
        m
        for m in loaded
        if not m.startswith(("_cython", "_cyutility", "_sysconfigdata", "cython_"))
    } <= {
        "pygments",
        "traitlets",
        "decorator",
        "jedi",
        "parso",
        "prompt_toolkit",
        "wcwidth",
        "matplotlib_inline",
        "stack_data",
        "executing",
        "asttokens",
        "pure_eval",
        "pexpect",
        "ptyprocess",
        "ipython_pygments_lexers",
    }, loaded  # IPython's own (the browser has Pyodide's IPython 8 stack)


# --- pinned downloads, checked ------------------------------------------------------------


def test_a_cached_download_is_used_without_asking_a_registry(tmp_path):
    content = b"a wheel"
    (tmp_path / "x-1.0-py3-none-any.whl").write_bytes(content)
    item = lite.Download("x==1.0", "x-1.0-py3-none-any.whl", hashlib.sha256(content).hexdigest())
    assert lite.fetch(item, cache=tmp_path).read_bytes() == content


def test_a_file_that_does_not_match_its_hash_stops_with_its_name_and_the_expected_hash():
    with pytest.raises(lite.LiteError) as err:
        lite.check(b"not numpy", "0" * 64, "from a transport", "numpy-2.0.2.whl")
    message = str(err.value)
    assert "numpy-2.0.2.whl" in message and "expected sha256 " + "0" * 64 in message


def test_a_transport_file_that_differs_from_the_official_lock_stops_the_build(
    tmp_path, monkeypatch
):
    """The transport package's copy of a Pyodide file must equal the official one."""
    transport = tmp_path / "transport.whl"
    with zipfile.ZipFile(transport, "w") as whl:
        whl.writestr(lite.TRANSPORT_DIR + "six-1.16.0-py2.py3-none-any.whl", b"tampered")
    fake = lite.Download(
        lite.TRANSPORT.spec, transport.name, hashlib.sha256(transport.read_bytes()).hexdigest()
    )
    monkeypatch.setattr(lite, "TRANSPORT", fake)
    monkeypatch.setattr(lite, "CACHE", tmp_path)
    entry = {"file_name": "six-1.16.0-py2.py3-none-any.whl", "sha256": "ab" * 32}
    with pytest.raises(lite.LiteError) as err:
        lite._from_transport({"six": entry}, tmp_path / "out")
    assert "six-1.16.0-py2.py3-none-any.whl" in str(err.value)
    assert "expected sha256 " + "ab" * 32 in str(err.value)
    assert "official pyodide-lock.json" in str(err.value)


def test_a_site_error_is_one_message_without_a_traceback(monkeypatch, capsys):
    from tianyuan import cli

    def broken(*args, **kwargs):
        raise lite.LiteError(
            None, "pandas-3.1.1.whl (pandas==3.1.1 from PyPI): expected sha256 2, found 1"
        )

    monkeypatch.setattr(lite, "build", broken)
    assert cli.main(["lite"]) == 1
    err = capsys.readouterr().err
    assert err == (
        "tianyuan lite: pandas-3.1.1.whl (pandas==3.1.1 from PyPI): expected sha256 2, found 1\n"
    )


def test_the_switch(monkeypatch):
    for off in ("0", "no", "off", "false"):
        monkeypatch.setenv(lite.SWITCH, off)
        assert not lite.enabled()
    monkeypatch.setenv(lite.SWITCH, "1")
    assert lite.enabled()
    monkeypatch.delenv(lite.SWITCH)
    assert lite.enabled()  # default on
    makefile = (ROOT / "Makefile").read_text("utf-8")
    assert "LITE ?= 1" in makefile and "export TIANYUAN_LITE = $(LITE)" in makefile
    assert "make book LITE=0" in (ROOT / "README.md").read_text("utf-8")


def test_every_download_is_pinned_and_the_pyodide_files_come_from_the_official_lock():
    for item in lite.DOWNLOADS:
        assert re.fullmatch(r"[0-9a-f]{64}", item.sha256), item
        assert re.search(r"(==|@)\d", item.spec), item  # an exact version


def test_words_are_in_each_editions_script():
    assert lite.words("zh-Hant")["button"] == "在瀏覽器中執行"
    assert lite.words("zh-Hans")["button"] == "在浏览器中执行"
    for edition in EDITIONS:
        assert f"{lite.FIRST_RUN_MB} MB" in lite.words(edition)["tooltip"]
        assert f"{lite.FIRST_RUN_MB} MB" in lite.words(edition)["loading"]


# --- the built site -------------------------------------------------------------------------


def notebook_pages(edition: str) -> list[str]:
    return [d for d in chapter_order() if (HTML / edition / "_sources" / f"{d}.ipynb").exists()]


@pytest.mark.build
@pytest.mark.lite
def test_every_chapter_page_links_its_notebook_in_the_site(edition):
    pages = notebook_pages(edition)
    assert len(pages) >= 10, pages  # six chapters, the exercises, three appendices
    label = lite.words(edition)["button"]
    for docname in pages:
        page = built_page(edition, docname).read_text("utf-8")
        link = re.search(r'<a href="([^"]*lite/notebooks/index\.html\?path=([^"]+))"[^>]*>', page)
        assert link, docname
        assert link.group(2) == lite.notebook_path(edition, docname)
        assert (SITE / "files" / link.group(2)).exists(), link.group(2)
        anchor = page[link.start() : page.index("</a>", link.start())]
        assert label in anchor and ("fa-play" in anchor or "<svg" in anchor), docname
        assert f"{lite.FIRST_RUN_MB} MB" in anchor  # the note, before the click
        target = (built_page(edition, docname).parent / link.group(1).split("?")[0]).resolve()
        assert target == (SITE / "notebooks" / "index.html").resolve()


@pytest.mark.lite
def test_the_site_ships_each_editions_notebooks_with_data_and_seed(edition):
    for docname in notebook_pages(edition):
        nb = json.loads((SITE / "files" / lite.notebook_path(edition, docname)).read_text("utf-8"))
        assert nb["metadata"]["kernelspec"]["name"] == "python"
        intro = nb["cells"][0]
        assert intro["metadata"]["tags"] == ["lite-intro"]
        assert intro["source"] == lite.words(edition)["intro"]
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        assert f'figures.start("{edition}")' in code[0]["source"]  # the edition, set
        for cell in code:
            assert isinstance(cell["source"], str)
            for output in cell["outputs"]:
                assert "image/png" not in output.get("data", {})  # plotly JSON draws
    for path in (
        "data/README.md",
        "data/tables/ranking_history.csv",
        "data/raw/external_figures.csv",
    ):
        assert (SITE / "files" / path).read_bytes() == (ROOT / path).read_bytes()


@pytest.mark.lite
def test_the_sites_seed_is_the_same_article_without_spam_or_debris(article):
    """The seed reaches readers here: the lines the cleaning rules drop as not-article
    are blanked out (line numbers kept), and it parses to the very same article."""
    from tianyuan.paths import SEED_PATH
    from tianyuan.text.article import read_article

    copy = SITE / "files" / "seeds" / SEED_PATH.name
    ours = read_article(copy)
    assert [(p.pid, p.text, p.line) for s in ours.sections for p in s.paragraphs] == [
        (p.pid, p.text, p.line) for s in article.sections for p in s.paragraphs
    ]
    assert (ours.title, ours.subtitle, ours.credits) == (
        article.title,
        article.subtitle,
        article.credits,
    )
    assert "下載APP" not in copy.read_text("utf-8")
    assert copy.read_text("utf-8").count("\n") == SEED_PATH.read_text("utf-8").count("\n")
    readme = (SITE / "files" / "seeds" / "README.md").read_text("utf-8")
    assert article.title in readme and "line 1" in readme and "line 188" in readme


@pytest.mark.lite
def test_a_warm_build_fetches_nothing(monkeypatch):
    """After a build every pinned download is in the cache, verified, and no registry is
    asked again."""

    def no_registry(*args, **kwargs):
        raise AssertionError(f"a registry was asked: {args}")

    monkeypatch.setattr(lite.subprocess, "run", no_registry)
    for item in lite.DOWNLOADS:
        assert lite.fetch(item) == lite.CACHE / item.file


@pytest.mark.lite
def test_pyodide_loads_only_files_the_site_ships_and_each_matches_its_hash():
    pyodide = SITE / "static" / "pyodide"
    lock = json.loads((pyodide / "pyodide-lock.json").read_text("utf-8"))
    assert lock["info"]["version"] == lite.PYODIDE_VERSION
    shipped = {p.name for p in pyodide.iterdir()}
    for name, entry in lock["packages"].items():
        assert "/" not in entry["file_name"] and ":" not in entry["file_name"], name
        assert entry["file_name"] in shipped, name
        digest = hashlib.sha256((pyodide / entry["file_name"]).read_bytes()).hexdigest()
        assert digest == entry["sha256"], name
        for dep in entry["depends"]:
            assert lite.canonical(dep) in lock["packages"], (name, dep)
    for name in lite.PRELOAD:
        assert lite.canonical(name) in lock["packages"], name
    assert lock["packages"]["pandas"]["version"] == "3.1.1"
    assert lock["packages"]["opencc-py"]["imports"] == ["opencc"]
    assert "opencc" not in lock["packages"]  # the C one stays out of the browser
    assert shipped - {e["file_name"] for e in lock["packages"].values()} == {
        "pyodide-lock.json",
        *lite.PYODIDE_CORE,
    }


@pytest.mark.lite
def test_the_site_is_set_to_stay_offline_and_is_within_its_budget():
    config = json.loads((SITE / "jupyter-lite.json").read_text("utf-8"))["jupyter-config-data"]
    kernel = config["litePluginSettings"][lite.KERNEL_PLUGIN]
    assert kernel["disablePyPIFallback"] is True
    assert kernel["pyodideUrl"] == "./static/pyodide/pyodide.js"
    assert kernel["loadPyodideOptions"]["env"] == {"TIANYUAN_ROOT": "/drive"}
    assert kernel["loadPyodideOptions"]["packages"] == list(lite.PRELOAD)
    tracker = config["settingsOverrides"]["@jupyterlab/notebook-extension:tracker"]
    assert tracker["autoStartDefaultKernel"] is True
    names = sorted(e["name"] for e in config["federated_extensions"])
    assert names == ["@jupyterlite/pyodide-kernel-extension", "jupyterlab-plotly"]
    files = [p for p in SITE.rglob("*") if p.is_file()]
    assert not [p for p in files if p.suffix == ".map"]
    assert sum(p.stat().st_size for p in files) < 80_000_000
    page = (SITE / "notebooks" / "index.html").read_text("utf-8")
    assert f'src="../{lite.PAGE_SCRIPT}"' in page
    assert not re.findall(r'<(?:script|link)[^>]+(?:src|href)="(?:https?:)?//', page)


# --- in Chromium: from the chapter page to a drawn chart, offline --------------------------


@pytest.fixture(scope="module")
def counted_site():
    """The built HTML on 127.0.0.1, counting what it serves (the first-run download)."""
    import functools
    import http.server
    import threading

    served = {"bytes": 0, "paths": []}

    class Counting(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def copyfile(self, source, outputfile):
            for block in iter(lambda: source.read(1 << 16), b""):
                outputfile.write(block)
                served["bytes"] += len(block)

    handler = functools.partial(Counting, directory=str(HTML))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", served
    server.shutdown()


CELLS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const cells = panel.content.model.cells, out = [];
  for (let i = 0; i < cells.length; i++) {
    const c = cells.get(i);
    if (c.type === 'code') out.push({count: c.executionCount, outputs: c.outputs.toJSON()});
  }
  return {status: panel.sessionContext.kernelDisplayStatus, cells: out};
}"""
DRAWN = ".js-plotly-plot svg.main-svg .trace, .js-plotly-plot svg.main-svg .indicator"
MINUTES_5 = 300_000


# Edit a file of the site as a reader does, through JupyterLite's own contents service.
EDIT_CSV = """async ([path, before, after]) => {
  const contents = window.jupyterapp.serviceManager.contents;
  const file = await contents.get(path, {content: true, format: 'text'});
  if (!file.content.includes(before)) throw new Error('not in ' + path + ': ' + before);
  const content = file.content.replace(before, after);
  await contents.save(path, {type: 'file', format: 'text', content});
}"""
RANK_35, RANK_31 = ",35,,,,位,178,", ",31,,,,位,178,"


def _miit_ranks(state: dict) -> list:
    """The zone's ranks in the MIIT series of the ranking chart, as the kernel drew it."""
    outputs = [o for c in state["cells"] for o in c["outputs"]]
    chart = next(o["data"][PLOTLY_MIME] for o in outputs if PLOTLY_MIME in o.get("data", {}))
    traces = [t for t in chart["data"] if t.get("name") == "工信部 高新區評價"]
    return [y for t in traces for y in t["y"] if y is not None]


@pytest.mark.build
@pytest.mark.lite
@pytest.mark.browser
def test_the_core_chapter_runs_in_the_browser_and_draws_its_charts_offline(counted_site):
    from playwright.sync_api import sync_playwright

    site, served = counted_site
    edition = "zh-Hant"
    outside, errors = [], []
    flags = [f for f in CHROMIUM_FLAGS if f != "--headless"]
    flags.append("--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=flags)
        context = browser.new_context()  # a first visit: empty cache
        local = (site, "data:", "blob:")
        context.on("request", lambda r: None if r.url.startswith(local) else outside.append(r.url))
        context.on("page", lambda tab: tab.on("pageerror", lambda e: errors.append(str(e))))
        chapter = context.new_page()
        chapter.goto(f"{site}/{edition}/book/core.html")
        button = chapter.locator("a.btn-lite-button")
        assert lite.words(edition)["button"] in button.inner_text()
        with context.expect_page() as opened:  # the button opens a new tab
            button.click()
        page = opened.value

        status = page.locator("#tianyuan-lite-status")
        assert f"{lite.FIRST_RUN_MB} MB" in status.inner_text()  # shown while Pyodide loads
        page.wait_for_selector("#tianyuan-lite-status[data-state=ready]", timeout=MINUTES_5)
        first_run_mb = served["bytes"] / 1e6
        shipped = page.eval_on_selector_all(DRAWN, "els => els.length")

        page.evaluate("window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")
        assert page.eval_on_selector_all(DRAWN, "els => els.length") == 0
        assert all(not c["outputs"] for c in page.evaluate(CELLS)["cells"])
        page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
        page.wait_for_function(
            "() => { const s = (" + CELLS + ")(); "
            "return s.status === 'idle' && s.cells.every(c => c.count); }",
            timeout=MINUTES_5,
        )
        page.wait_for_selector(DRAWN, timeout=60_000)
        state = page.evaluate(CELLS)
        drawn = page.eval_on_selector_all(DRAWN, "els => els.length")

        # edit an outside figure in the site (the zone's MIIT rank of 2024, 35 -> 31) and
        # run the chapter again: the chart table is derived afresh in the browser
        page.evaluate(EDIT_CSV, ["data/external_figures.csv", RANK_35, RANK_31])
        page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
        page.wait_for_function(
            "([n]) => { const s = (" + CELLS + ")(); "
            "return s.status === 'idle' && s.cells.every(c => c.count > n); }",
            arg=[len(state["cells"])],
            timeout=MINUTES_5,
        )
        edited = page.evaluate(CELLS)
        page.evaluate(EDIT_CSV, ["data/external_figures.csv", RANK_31, RANK_35])
        browser.close()

    counts = [c["count"] for c in state["cells"]]
    assert counts == list(range(1, len(counts) + 1)), counts  # this kernel ran every cell
    outputs = [o for c in state["cells"] for o in c["outputs"]]
    assert not [o for o in outputs if o["output_type"] == "error"], outputs
    charts = [o for o in outputs if PLOTLY_MIME in o.get("data", {})]
    assert len(charts) == 3, len(charts)  # the chapter's three figures
    spec = json.dumps(charts[0]["data"][PLOTLY_MIME], ensure_ascii=False)
    assert "株洲高新區" in spec and "株洲高新区" not in spec  # the edition's script
    notes = [o["data"]["text/markdown"] for o in outputs if "text/markdown" in o.get("data", {})]
    assert len(notes) == 3 and all("資料來源" in "".join(n) for n in notes)
    assert drawn > 0 and shipped > 0
    assert not outside, outside
    assert not errors, errors
    assert _miit_ranks(state) == [35] and _miit_ranks(edited) == [31]
    # what the note on the button and the page promises ("about 50 MB")
    assert 0.7 * lite.FIRST_RUN_MB < first_run_mb < 1.3 * lite.FIRST_RUN_MB, first_run_mb
