"""The data exercises: statements whose numbers come from the data, tables open, and each
worked solution (code and conclusion together) behind one fold that names its state."""

import re

import pytest
from conftest import built_page, page_text
from selectolax.lexbor import LexborHTMLParser

from tianyuan import data
from tianyuan.teaching import exercises
from tianyuan.text.convert import convert

PAGE = "book/teaching/exercises"


def _main(edition: str):
    return LexborHTMLParser(built_page(edition, PAGE).read_text("utf-8")).css_first("article")


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"[。；]", text) if len(s.strip()) >= 12]


def test_the_statements_quote_numbers_computed_from_the_data():
    said = exercises.statements()
    assert [s.title[:3] for s in said] == ["練習一", "練習二", "練習三", "練習四"]
    start = data.load("article_figures").set_index("id").at["core-05.2", "value"]
    end = data.load("external_figures").set_index("ext_id").at["ext-60", "value"]
    assert f"{start:g} 億元" in said[0].text and f"{start:g} 億元" in said[2].text
    assert f"超過 {end:g} 億元" in said[2].text
    assert "{glue" not in "".join(s.text for s in said)
    source = exercises.EXERCISES.read_text("utf-8")
    for statement in re.split(r"^## ", source, flags=re.M)[1:]:
        prose = re.split(r"^```", statement, flags=re.M)[0]
        typed = re.findall(r"(?<![\w.-])\d{3,}(?:\.\d+)?(?![\w-])", prose)
        assert not [n for n in typed if n not in ("2011", "2016", "2022", "2023")], typed


def test_a_statement_with_an_unknown_number_is_refused(tmp_path, monkeypatch):
    page = tmp_path / "exercises.md"
    page.write_text("## 練習一：x\n\n約 {glue:text}`given-nothing:g` 億元。\n", "utf-8")
    monkeypatch.setattr(exercises, "EXERCISES", page)
    with pytest.raises(exercises.ExerciseError, match="given-nothing"):
        exercises.statements()


@pytest.mark.build
def test_each_solution_is_one_closed_fold_holding_its_code_and_its_conclusion(edition):
    main = _main(edition)
    folds = main.css("details.solution")
    assert len(folds) == 4
    for fold in folds:
        assert "open" not in fold.attributes
        labels = [s.text(strip=True) for s in fold.css_first("summary").css("span")]
        assert labels == [convert("顯示解答", edition), convert("隱藏解答", edition)]
        assert fold.css_first(".cell_input") and fold.css_first(".cell_output")
        assert len(fold.css_first("summary").parent.text(strip=True)) > 80


@pytest.mark.build
def test_no_solution_text_stands_outside_its_fold(edition):
    main = _main(edition)
    conclusions = [s for p in main.css("details.solution > p") for s in _sentences(p.text())]
    assert len(conclusions) >= 8
    for fold in main.css("details"):
        fold.decompose()
    outside = main.text()
    assert not [s for s in conclusions if s in outside]
    for table in main.css("table"):  # the data tables stay open for the students
        assert table.text(strip=True)
    assert len(main.css("table")) >= 3


@pytest.mark.build
def test_exercise_one_answers_with_the_same_year_same_source_pair(edition):
    ext = data.load("external_figures").set_index("ext_id")
    zhuzhou, lugu = ext.loc["ext-34"], ext.loc["ext-29"]
    assert zhuzhou["source_url"] == lugu["source_url"] and zhuzhou["year"] == lugu["year"]
    assert zhuzhou["metric"] == lugu["metric"] and zhuzhou["qualifier"] == ">"
    fold = _main(edition).css("details.solution")[0]
    text = fold.text()
    assert "ext-34" in text and "ext-29" in text
    assert f"{lugu['value'] / zhuzhou['value']:.1f} " + convert("倍", edition) in text
    assert convert("量級相近", edition) in text and convert("不能", edition) in text
    for other in ("ext-59", "ext-60"):  # named as what does not fit, by value
        assert f"{ext.at[other, 'value']:g} " in text


@pytest.mark.build
def test_exercise_three_says_only_the_rate_it_computes(edition):
    """The worked text may not restate a number its own output computes differently
    (it once said 13.8% under an output of 13.7%)."""
    text = page_text(built_page(edition, PAGE))
    third = text[text.index(convert("練習三", edition)) : text.index(convert("練習四", edition))]
    start = data.load("article_figures").set_index("id").at["core-05.2", "value"]
    end = data.load("external_figures").set_index("ext_id").at["ext-60", "value"]
    computed = re.findall(r"(\d+\.\d)\s*%", third)
    assert f"{((end / start) ** (1 / 5) - 1) * 100:.1f}" in computed
    assert len(set(computed)) == 1, computed


@pytest.mark.browser
@pytest.mark.build
def test_a_fold_shows_one_label_and_hides_its_solution_until_opened(browser, site):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{site}/zh-Hant/{PAGE}.html")
    summaries = page.locator("article details > summary")
    assert summaries.count() >= 7
    for i in range(summaries.count()):
        shown = summaries.nth(i).inner_text().split()
        assert len(shown) == 1 and shown[0].startswith("顯示"), shown
    article = page.locator("article").first
    first = page.locator("details.solution").first
    conclusion = first.locator(":scope > p").last.text_content().strip()[:20]
    assert conclusion not in article.inner_text()
    first.locator("summary").click()
    assert first.locator("summary").inner_text().split() == ["隱藏解答"]
    assert conclusion in article.inner_text()
    context.close()
