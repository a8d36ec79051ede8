"""Teaching: a teaching note a teacher can run a 90-minute class with, a glossary the
chapters link to, executed data exercises, and every question in English too."""

import re

import pytest
from conftest import HTML, built_page, chapter_order, page_text

from tianyuan.teaching import content as teaching
from tianyuan.text.article import SECTION_SLUGS
from tianyuan.text.convert import convert

NOTE = "book/teaching/teaching-note"


def test_the_teaching_note_is_its_own_part_of_the_book():
    order = chapter_order()
    assert NOTE in order and "teaching" in NOTE
    assert order.index(NOTE) > order.index("book/stones")


def test_every_chapter_has_questions_each_with_english_and_guidance():
    questions = teaching.questions()
    assert set(questions) == set(SECTION_SLUGS)
    for slug, items in questions.items():
        for q in items:
            assert re.search(r"[\u4e00-\u9fff]", q["zh"]) and re.search(r"[A-Za-z]{4}", q["en"])
            assert q["evidence"] and q["look_for"] and q["misreadings"], slug


@pytest.mark.build
def test_the_teaching_note_has_questions_plan_and_links(edition):
    raw = built_page(edition, NOTE).read_text("utf-8")
    text = page_text(built_page(edition, NOTE))
    total = sum(len(v) for v in teaching.questions().values())
    assert total >= 15
    for items in teaching.questions().values():
        for q in items:
            assert q["en"].replace("“", "").replace("”", "")[:40] in text.replace("“", "").replace(
                "”", ""
            )
    minutes = [
        int(m) for m in re.findall(r"<td><p>(\d+) " + convert("分鐘", edition) + "</p></td>", raw)
    ]
    assert len(minutes) >= 5 and sum(minutes) == 90, minutes
    links = re.findall(r'href="[^"]*#((?:fig|lede|core|dragons|crisis|road|stones)-[\w-]+)"', raw)
    assert len(links) >= 10, links
    for heading in ("學習目標", "課前作業", "板書", "後記", "延伸閱讀"):
        assert convert(heading, edition) in text, heading
    assert f"tianyuan-handout-{edition}.pdf" in raw


@pytest.mark.build
def test_the_glossary_has_enough_terms_and_the_chapters_link_to_it(edition):
    raw = built_page(edition, "book/teaching/glossary").read_text("utf-8")
    terms = re.findall(r'<dt id="term-[^"]*"', raw)
    assert len(terms) >= 25, len(terms)
    links = 0
    for docname in chapter_order():
        if docname.startswith("book/teaching"):
            continue
        links += built_page(edition, docname).read_text("utf-8").count('class="xref std std-term"')
    assert links >= 20, links


@pytest.mark.build
def test_each_glossary_term_says_where_the_article_uses_it(edition):
    raw = built_page(edition, "book/teaching/glossary").read_text("utf-8")
    for term in teaching.glossary():
        shown = convert(term["term"], edition)
        entry = raw[raw.index(f">{shown}<") :][:3000]
        for pid in term["paragraphs"]:
            assert f"#{pid}" in entry, (term["term"], pid)


@pytest.mark.build
def test_the_exercises_are_executed_with_solutions_behind_toggles(edition):
    raw = built_page(edition, "book/teaching/exercises").read_text("utf-8")
    outputs = re.findall(r'class="cell_output docutils container"', raw)
    assert len(outputs) >= 3, len(outputs)
    assert raw.count("tag_hide-cell") >= 3
    text = page_text(built_page(edition, "book/teaching/exercises"))
    assert "13.7%" in text  # the worked growth rate, computed in the build (2000/1050.29, 5 years)
    assert "2022" in text


@pytest.mark.parametrize("slug", SECTION_SLUGS)
@pytest.mark.build
def test_chapter_questions_show_english_beneath(edition, slug):
    raw = built_page(edition, f"book/{slug}").read_text("utf-8")
    english = re.findall(r'<span class="english" lang="en">(.*?)</span>', raw, re.S)
    for q in teaching.questions()[slug]:
        assert q["en"] in english, q["en"][:40]


@pytest.mark.build
def test_reuse_is_stated(edition):
    from tianyuan.text import rights
    from tianyuan.text.article import load_article

    text = page_text(built_page(edition, NOTE))
    art = load_article()
    assert "CC BY 4.0" in text
    assert rights.notice(art, edition) in text  # the notice in full, from the seed
    assert rights.statement(rights.REPRODUCTION, art, edition) in text
    assert convert("依其版權聲明，轉載原文須註明來源", edition) not in text  # not enough


@pytest.mark.tex
def test_the_handout_is_linked_and_built():
    for edition in ("zh-Hant", "zh-Hans"):
        assert (HTML / "pdf" / f"tianyuan-handout-{edition}.pdf").exists()


def test_every_outside_fact_of_the_epilogue_cites_a_data_row_with_its_confidence():
    """Each dated item after the article is a row of data/external_figures.csv, and the
    confidence the note states is the row's."""
    from tianyuan import data

    ext = data.load("external_figures").set_index("ext_id")
    said = {"高": "high", "中": "medium", "低": "low"}
    note = (teaching.TEACHING / "teaching-note.md").read_text("utf-8")
    epilogue = note.split("## 後記")[1].split("\n## ")[0]
    items = [line for line in epilogue.splitlines() if line.startswith("- ")]
    assert len(items) >= 6
    for item in items[:-1]:  # the last says what could not be found
        cited = re.findall(r"((?:ext-\d+、?)+)，可信度([高中低])", item)
        assert cited, item
        for ids, level in cited:
            for eid in ids.split("、"):
                assert ext.at[eid, "confidence"] == said[level], (eid, item)
    assert "通訊員" not in epilogue  # the byline is 通訊員 on one site, 記者 on another
    assert "ext-71" in epilogue and "沒有說明是哪一年度" in epilogue


def test_glossary_facts_come_from_data_rows():
    from tianyuan import data

    known = set(data.load("external_figures")["ext_id"])
    terms = {t["term"]: t for t in teaching.glossary()}
    assert all("source" not in t for t in terms.values())
    for name in ("國家級高新區", "火炬計劃", "專精特新", "規上", "湘江新區"):
        assert terms[name]["sources"] and set(terms[name]["sources"]) <= known, name
    assert "26" in terms["國家級高新區"]["definition"]  # the cited page says 26, not 27


@pytest.mark.build
def test_exercise_three_says_only_the_rate_it_computes(edition):
    """The worked text may not restate a number its own output computes differently
    (it once said 13.8% under an output of 13.7%)."""
    text = page_text(built_page(edition, "book/teaching/exercises"))
    third = text[text.index(convert("練習三", edition)) : text.index(convert("練習四", edition))]
    computed = re.findall(r"(\d+\.\d)%", third)
    from tianyuan import data

    start = data.load("article_figures").set_index("id").at["core-05.2", "value"]
    end = data.load("external_figures").set_index("ext_id").at["ext-60", "value"]
    assert f"{((end / start) ** (1 / 5) - 1) * 100:.1f}" in computed
    assert len(set(computed)) == 1, computed
