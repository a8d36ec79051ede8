"""The class handout: a short A4 PDF per edition, built by `make book` beside the book, that
carries the class plan: its exhibits numbered as in the book, a rank table, print-legible
charts, no half-empty page."""

import re
import subprocess

import pytest
from conftest import copy_repository, run_in

from tianyuan import __version__
from tianyuan.teaching import content as teaching
from tianyuan.text.convert import EDITIONS, display, ours
from tianyuan.typeset.handout import PDF, handout_name


def pdf(edition):
    path = PDF / handout_name(edition)
    if not path.exists():
        pytest.fail(f"{path} is missing: run `make book`")
    return path


def run(*args) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module", params=EDITIONS)
def edition(request):
    return request.param


@pytest.fixture(scope="module")
def text(edition):
    return run("pdftotext", "-enc", "UTF-8", str(pdf(edition)), "-")


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


@pytest.mark.tex
def test_handout_is_a_dozen_a4_pages_or_fewer_none_half_empty(edition):
    info = run("pdfinfo", str(pdf(edition)))
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert 6 <= pages <= 12, pages
    # every page but the last carries at least half a page of text or a chart
    text = run("pdftotext", "-enc", "UTF-8", "-layout", str(pdf(edition)), "-").split("\f")
    images = run("pdfimages", "-list", str(pdf(edition))).splitlines()[2:]
    charted = {int(row.split()[0]) for row in images if row.split()[2] == "image"}
    for n, page in enumerate(text[: pages - 1], 1):
        lines = [line for line in page.splitlines() if line.strip()]
        assert len(lines) >= 20 or n in charted, (n, len(lines))
    assert "(A4)" in info


@pytest.mark.tex
def test_handout_has_at_least_two_charts(edition):
    images = run("pdfimages", "-list", str(pdf(edition))).splitlines()[2:]
    assert len([row for row in images if " image " in row]) >= 2


@pytest.mark.tex
def test_handout_credits_the_article_and_the_book(article, edition, text):
    from tianyuan.typeset.tex import BOOK_EDITORS

    flat = _squash(text)
    for needed in (article.title, article.subtitle, article.source, *article.authors):
        assert _squash(display(needed, edition)) in flat, needed
    assert _squash(ours("王牌何在：株洲高新區天元區調查讀本", edition)) in flat
    assert __version__ in text and "CC BY 4.0" in text
    assert ours(BOOK_EDITORS, edition) in text
    assert _squash(display("不得變更核心內容", edition)) in flat  # the article's own notice
    from tianyuan.text import rights

    assert _squash(rights.notice(article, edition)) in flat
    assert _squash(rights.statement(rights.REPRODUCTION, article, edition)) in flat


@pytest.mark.tex
def test_handout_holds_every_question_and_the_glossary(edition, text):
    flat = _squash(text)
    for slug, items in teaching.questions().items():
        for n, q in enumerate(items, 1):
            assert _squash(ours(q["zh"], edition)) in flat, (slug, n)
    for term in teaching.glossary():
        assert _squash(ours(term["term"], edition)) in flat, term["term"]


@pytest.mark.tex
def test_handout_leaves_out_the_exercises_solutions(text):
    assert "same_year" not in text and "解答要點" not in text and "解答要点" not in text


@pytest.mark.tex
def test_handout_has_a_one_page_timeline(edition):
    from tianyuan import charts, data

    pages = run("pdftotext", "-enc", "UTF-8", str(pdf(edition)), "-").split("\f")
    heading = ours("時間線：", edition)
    on = [p for p in pages if heading in p]
    assert len(on) == 1, len(on)
    events = data.load("timeline")
    shown = _squash(on[0])  # 2023-01/2023-06 reads 2023 上半年
    dates = [_squash(ours(charts.date_label(d), edition)) for d in events["date"]]
    assert all(d in shown for d in dates), [d for d in dates if d not in shown]


@pytest.mark.tex
def test_simplified_handout_has_no_traditional_characters():
    import opencc

    text = run("pdftotext", "-enc", "UTF-8", str(pdf("zh-Hans")), "-")
    t2s = opencc.OpenCC("t2s")
    differ = [
        (c, t2s.convert(c))
        for c in sorted(set(re.findall(r"[\u4e00-\u9fff]", text)))
        if t2s.convert(c) != c
    ]
    assert not differ, differ


@pytest.mark.build
@pytest.mark.tex
def test_teaching_note_links_the_handouts():
    from conftest import HTML

    for edition in EDITIONS:
        page = (HTML / edition / "book" / "teaching" / "teaching-note.html").read_text("utf-8")
        for target in EDITIONS:
            href = f"../../../pdf/{handout_name(target)}"
            assert f'href="{href}"' in page
            assert (HTML / edition / "book" / "teaching" / href).resolve().exists()


@pytest.mark.clone
def test_a_missing_teaching_file_stops_the_handout_naming_the_file(tmp_path):
    repo = copy_repository(tmp_path)
    (repo / "book" / "teaching" / "questions.yml").unlink()
    result = run_in(repo, "tianyuan", "handout", "zh-Hant", timeout=300)
    assert result.returncode == 1
    assert "questions.yml" in result.stderr and "Traceback" not in result.stderr
    assert not (repo / "_build" / "html" / "pdf" / handout_name("zh-Hant")).exists()


@pytest.mark.tex
def test_handout_carries_the_plans_exhibits_numbered_as_in_the_book(edition, text):
    flat = _squash(run("pdftotext", "-enc", "UTF-8", "-layout", str(pdf(edition)), "-"))
    for ex in teaching.exhibits():
        assert _squash(f"{ours('圖', edition)} {ex['number']} {ours(ex['title'], edition)}") in flat
    images = run("pdfimages", "-list", str(pdf(edition))).splitlines()[2:]
    assert len([row for row in images if row.split()[2] == "image"]) == len(teaching.exhibits())
    # the rank table: a rank with its system, its year and the number of zones ranked
    laid_out = run("pdftotext", "-enc", "UTF-8", "-layout", str(pdf(edition)), "-").splitlines()
    for system, year, rank, zones in (
        ("科技部 高新區評價", "2016", "23", "146"),
        ("工信部 高新區評價", "2024", "35", "178"),
    ):
        rows = [
            line.split() for line in laid_out if _squash(ours(system, edition)) in _squash(line)
        ]
        assert any(r[i : i + 3] == [year, rank, zones] for r in rows for i in range(len(r))), (
            system,
            rows,
        )


def test_the_ranking_chart_marks_every_system_apart_in_black_and_white():
    from tianyuan import data

    systems = data.load("ranking_systems")
    drawn = systems[systems["symbol"].fillna("") != ""]
    # a "-wide" variant prints as the same shape; hollow and filled are told apart
    shapes = [s.replace("-wide", "") for s in drawn["symbol"]]
    assert len(set(shapes)) == len(shapes), list(zip(drawn["system"], shapes, strict=True))
