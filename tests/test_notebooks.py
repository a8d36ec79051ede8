"""Re-run and change: executed notebooks to download, chapters that run by hand, every
input in the fingerprint, an execution report, and what a researcher needs to cite."""

import dataclasses
import json
import re
import shutil
import subprocess

import nbformat
import pytest
import yaml
from conftest import HTML, built_page, chapter_order, copy_repository, page_text, run_in

from tianyuan import __version__
from tianyuan.notebooks.export import Links, myst_to_markdown
from tianyuan.paths import BUILD, ROOT
from tianyuan.text.article import SECTION_SLUGS
from tianyuan.text.convert import EDITIONS, display

PLOTLY = "application/vnd.plotly.v1+json"
CHAPTERS = [f"book/{slug}" for slug in SECTION_SLUGS]


# --- the fingerprint -------------------------------------------------------------------------


def test_fingerprint_covers_package_every_data_file_and_the_seed():
    from tianyuan.notebooks.source import fingerprint_inputs

    names = {p.relative_to(ROOT).as_posix() for p in fingerprint_inputs()}
    on_disk = {p.relative_to(ROOT).as_posix() for p in (ROOT / "data").rglob("*") if p.is_file()}
    assert on_disk <= names  # raw/, tables/ and whatever is added later
    assert "src/tianyuan/charts/builders.py" in names
    assert "src/tianyuan/notebooks/figures.py" in names
    assert any(n.startswith("seeds/") and n.endswith(".txt") for n in names)


def test_fingerprint_changes_when_a_raw_data_file_changes(tmp_path, monkeypatch):
    from tianyuan.notebooks import source as sphinxext

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    monkeypatch.setattr(sphinxext, "DATA", data)
    before = sphinxext.inputs_fingerprint()
    raw = next((data / "raw").glob("*.csv"))
    raw.write_text(raw.read_text("utf-8") + "\n", "utf-8")
    assert sphinxext.inputs_fingerprint() != before


# --- MyST to plain Markdown ------------------------------------------------------------------


def test_passages_become_the_articles_text_with_anchors(article):
    out = myst_to_markdown("```{passage} core-05:core-06\n```", "zh-Hans")
    for pid in ("core-05", "core-06"):
        assert f'<a id="{pid}"></a>**{pid}**' in out
        assert display(article.paragraph(pid).text, "zh-Hans") in out
    assert "{passage}" not in out


def test_myst_constructs_become_commonmark():
    links = Links(
        "zh-Hant",
        docname="book/core",
        labels={
            "ch-claims": ("book/appendix/claims", "ch-claims", "數字查核"),
            "fig-core-ranking": ("book/core", "fig-core-ranking", ""),
        },
        fignumbers={"fig-core-ranking": "2.1"},
        site="https://example.org/book/zh-Hant/",
    )
    text = "\n".join(
        [
            "(ch-core)=",
            ":::{admonition} 提要",
            ":class: synopsis",
            "見 {numref}`fig-core-ranking` 與 {ref}`ch-claims`，段落 {ref}`core-06 <core-06>`。",
            ":::",
            "::::{only} latex",
            "只在印刷版",
            "::::",
            "::::{only} html",
            ":::{dropdown} 圖表資料",
            "| a | b |",
            "|---|---|",
            ":::",
            "::::",
        ]
    )
    out = myst_to_markdown(text, "zh-Hant", links)
    assert '<a id="ch-core"></a>' in out
    assert "> **提要**" in out
    assert "[圖 2.1](#fig-core-ranking)" in out
    # a downloaded notebook stands alone: another chapter is its page of the web edition,
    # or, where the book has no address, its title (never a file that is not beside it)
    assert "[數字查核](https://example.org/book/zh-Hant/book/appendix/claims.html#ch-claims)" in out
    assert ".ipynb" not in out
    unaddressed = myst_to_markdown(text, "zh-Hant", dataclasses.replace(links, site=""))
    assert "數字查核" in unaddressed and "claims.html" not in unaddressed
    assert "[core-06](#core-06)" in out
    assert "只在印刷版" not in out
    assert "<details><summary>圖表資料</summary>" in out and "| a | b |" in out
    assert not re.search(r"\{[\w:-]+\}`", out)  # no role left


# --- the downloads ---------------------------------------------------------------------------


def notebook_of(edition: str, docname: str):
    path = HTML / edition / "_sources" / f"{docname}.ipynb"
    if not path.exists():
        pytest.fail(f"{path} is missing: run `make book`")
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    return nb


@pytest.mark.parametrize("docname", CHAPTERS)
@pytest.mark.build
def test_each_chapter_page_offers_its_executed_notebook(article, edition, docname):
    page = built_page(edition, docname).read_text("utf-8")
    assert f'href="../_sources/{docname}.ipynb"' in page
    nb = notebook_of(edition, docname)
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    section = article.section(docname.removeprefix("book/"))
    present = [p for p in section.paragraphs if display(p.text, edition) in markdown]
    assert len(present) >= 0.9 * len(section.paragraphs), docname
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    charts = [o for o in outputs if PLOTLY in o.get("data", {})]
    assert charts, docname
    assert all("image/png" in o.data and "text/plain" in o.data for o in charts)
    assert not any(
        k.startswith("application/papermill") for o in outputs for k in o.get("data", {})
    )
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert f'figures.start("{edition}")' in code
    for leftover in ("@EDITION@", "@INPUTS@", "{passage}", "{glue:", "inputs="):
        assert leftover not in code + markdown, (docname, leftover)
    assert nb.metadata["tianyuan"] == {
        "edition": edition,
        "version": __version__,
        "source": f"{docname}.md",
    }


@pytest.mark.build
def test_source_downloads_are_in_the_editions_script_without_placeholders():
    for edition in EDITIONS:
        text = (HTML / edition / "_sources" / "book" / "core.md").read_text("utf-8")
        assert f'figures.start("{edition}")' in text
        assert "@EDITION@" not in text and "@INPUTS@" not in text
        assert ("核心區" if edition == "zh-Hant" else "核心区") in text


@pytest.mark.build
def test_download_menu_offers_notebook_source_and_book_pdf(edition):
    page = built_page(edition, "book/core").read_text("utf-8")
    menu = page[
        page.index("download-ipynb-button") - 2000 : page.index("download-pdf-button") + 300
    ]
    assert f"../../pdf/tianyuan-{edition}.pdf" in menu
    assert "window.print" not in page
    assert "_sources/book/core.md" in menu


@pytest.mark.build
def test_downloaded_core_notebook_reexecutes_from_book_and_draws_a_chart():
    """As a researcher would: outputs cleared, a fresh kernel, run from the repository's book/."""
    from nbclient import NotebookClient

    nb = notebook_of("zh-Hant", "book/core")
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(ROOT / "book")}}
    ).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    charts = [o for o in outputs if PLOTLY in o.get("data", {})]
    assert len(charts) >= 3
    assert charts[0].data[PLOTLY]["data"], "an empty figure"
    notes = [o.data["text/markdown"] for o in outputs if "text/markdown" in o.get("data", {})]
    assert notes and "資料來源" in notes[0] and "{ref}" not in notes[0]


# --- the execution report --------------------------------------------------------------------


@pytest.mark.build
def test_execution_report_lists_the_chapters_with_run_times(article, edition):
    text = page_text(built_page(edition, "book/appendix/execution"))
    for section in article.sections[1:]:
        row = re.search(
            re.escape(display(section.heading, edition)) + r"\s*✓\s*\S+\s*([\d.]+)", text
        )
        assert row, section.heading
        assert float(row.group(1)) > 0
    for package in ("Python", "pandas", "plotly", "opencc", "tianyuan"):
        assert package in text
    assert re.search(r"20\d\d-\d\d-\d\d \d\d:\d\d", text)
    front = built_page(edition, "book/index").read_text("utf-8")
    assert 'href="appendix/execution.html' in front


# --- running a chapter by hand ---------------------------------------------------------------


def test_make_lab_serves_the_chapters_as_notebooks_on_localhost():
    dry = subprocess.run(["make", "-n", "lab"], cwd=ROOT, capture_output=True, text=True)
    assert dry.returncode == 0 and "tianyuan lab" in dry.stdout
    from tianyuan.build import lab

    cmd = lab.command()
    assert "--ip=127.0.0.1" in cmd
    assert (
        lab.OVERRIDES["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]["markdown"]
        == "Jupytext Notebook"
    )


# --- cite and reuse --------------------------------------------------------------------------


def test_citation_file_names_the_book_and_the_article():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text("utf-8"))
    assert cff["cff-version"] == "1.2.0"
    assert cff["version"] == __version__
    assert "王牌何在" in cff["title"] and cff["date-released"]
    ref = cff["references"][0]
    assert [a["family-names"] + a["given-names"] for a in ref["authors"]] == ["譚昕吾", "王娜"]
    assert ref["date-published"] == "2023-11-15"
    assert "融媒體中心" in ref["publisher"]["name"]


@pytest.mark.build
def test_licences_and_version_are_stated(edition):
    assert "MIT License" in (ROOT / "LICENSE").read_text("utf-8")
    text = page_text(built_page(edition, "book/index"))
    assert __version__ in text
    assert "CC BY 4.0" in text
    assert "core-06" in text  # a paragraph-level citation example


# --- edited data reach the book ----------------------------------------------------------------


def _build_core_edition(clone) -> str:
    run = run_in(clone, "tianyuan", "edition", "zh-Hant", "html")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return run.stdout + run.stderr


@pytest.mark.clone
def test_an_edited_outside_figure_reaches_the_rebuilt_chart(tmp_path):
    """In a copy of the repository: an unchanged rebuild executes nothing; editing the MIIT
    2024 rank in the outside data, then `make data`, re-executes the chapter and the built
    page shows the new value."""
    clone = copy_repository(tmp_path / "clone")
    warm = BUILD / "editions" / "zh-Hant" / "jupyter_cache"
    if warm.exists():  # start warm, as a researcher's second build would
        shutil.copytree(warm, clone / "_build" / "editions" / "zh-Hant" / "jupyter_cache")

    _build_core_edition(clone)
    again = _build_core_edition(clone)
    assert "Executing notebook" not in again  # nothing changed, nothing re-executed

    from tianyuan.data import EXTERNAL_ENTRY

    entry = clone / EXTERNAL_ENTRY.relative_to(ROOT)
    text = entry.read_text("utf-8")
    line = next(x for x in text.splitlines() if x.startswith("ext-08,"))  # MIIT 2024: 35th
    assert ",2024," in line and ",35," in line
    entry.write_text(text.replace(line, line.replace(",35,", ",31,", 1)), "utf-8")
    assert run_in(clone, "tianyuan", "data").returncode == 0
    rebuilt = _build_core_edition(clone)
    assert "book/core.md: Executing notebook" in rebuilt

    page = (clone / "_build" / "html" / "zh-Hant" / "book" / "core.html").read_text("utf-8")
    table = page[page.index('download="fig-core-ranking.csv"') :][:20000]
    import urllib.parse

    csv_text = urllib.parse.unquote(table.split('href="data:text/csv;charset=utf-8,', 1)[1])
    miit = [r for r in csv_text.splitlines() if ",MIIT," in r and "2024" in r]
    assert miit and all(re.search(r",31(\.0)?,", r) for r in miit), miit


def test_chapter_order_includes_the_execution_report():
    assert "book/appendix/execution" in chapter_order()
    assert json.dumps(chapter_order())
