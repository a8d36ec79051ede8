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


def test_each_glossary_term_says_where_the_article_uses_it(edition):
    raw = built_page(edition, "book/teaching/glossary").read_text("utf-8")
    for term in teaching.glossary():
        shown = convert(term["term"], edition)
        entry = raw[raw.index(f">{shown}<") :][:3000]
        for pid in term["paragraphs"]:
            assert f"#{pid}" in entry, (term["term"], pid)


def test_the_exercises_are_executed_with_solutions_behind_toggles(edition):
    raw = built_page(edition, "book/teaching/exercises").read_text("utf-8")
    outputs = re.findall(r'class="cell_output docutils container"', raw)
    assert len(outputs) >= 3, len(outputs)
    assert raw.count("tag_hide-cell") >= 3
    text = page_text(built_page(edition, "book/teaching/exercises"))
    assert "13.8%" in text  # the worked growth rate, computed in the build
    assert "2022" in text


@pytest.mark.parametrize("slug", SECTION_SLUGS)
def test_chapter_questions_show_english_beneath(edition, slug):
    raw = built_page(edition, f"book/{slug}").read_text("utf-8")
    english = re.findall(r'<span class="english" lang="en">(.*?)</span>', raw, re.S)
    for q in teaching.questions()[slug]:
        assert q["en"] in english, q["en"][:40]


def test_reuse_is_stated(edition):
    text = page_text(built_page(edition, NOTE))
    assert "CC BY 4.0" in text
    assert convert("不得變更核心內容", edition) in text


def test_the_handout_is_linked_and_built():
    for edition in ("zh-Hant", "zh-Hans"):
        assert (HTML / "pdf" / f"tianyuan-handout-{edition}.pdf").exists()
