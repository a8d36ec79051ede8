"""Teaching: a teaching note a teacher can run a 90-minute class with, a glossary the
chapters link to, executed data exercises, and every question in English too."""

import html
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


@pytest.mark.parametrize("slug", SECTION_SLUGS)
@pytest.mark.build
def test_chapter_questions_show_english_beneath(edition, slug):
    raw = built_page(edition, f"book/{slug}").read_text("utf-8")
    english = [
        html.unescape(e)
        for e in re.findall(r'<span class="english" lang="en">(.*?)</span>', raw, re.S)
    ]
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


def _note_section(title: str) -> str:
    note = (teaching.TEACHING / "teaching-note.md").read_text("utf-8")
    return note.split(f"## {title}")[1].split("\n## ")[0]


def test_the_plan_maps_questions_to_timed_blocks():
    plan = _note_section("90 分鐘課堂計劃")
    rows = [r for r in plan.splitlines() if re.match(r"\| \d+ \|", r)]
    minutes = [int(re.search(r"\| (\d+) 分鐘 \|", r).group(1)) for r in rows]
    assert sum(minutes) == 90
    known = {
        f"{c}.{n}"
        for c, slug in enumerate(SECTION_SLUGS, 1)
        for n in range(1, len(teaching.questions()[slug]) + 1)
    }
    mapped = [q for r in rows for q in re.findall(r"題 (\d\.\d)", r)]
    assert len(set(mapped)) >= 6 and set(mapped) <= known, mapped
    objective_5 = [r for r in rows if "學習目標 5" in r]
    assert objective_5 and int(re.search(r"\| (\d+) 分鐘", objective_5[0]).group(1)) >= 5
    assert "crisis-09" in plan  # the corruption passage is taken up
    rest = set(re.findall(r"(\d\.\d)", plan.split("未排入課堂的題目")[1]))
    rest |= {f"6.{n}" for n in (1, 2, 3)}
    assert known <= set(mapped) | rest  # every question is in a block or marked optional


def test_the_pre_class_reading_covers_the_chapters_the_plan_uses():
    plan = _note_section("90 分鐘課堂計劃")
    reading = teaching.assignment()[0]["zh"]
    assert "全文" in reading and "第一到第五章" in reading
    assert "第四、五章" in plan


def test_the_note_closes_with_three_lessons_and_an_analysis_of_real_works():
    lessons = _note_section("收尾：三個教訓")
    assert len(re.findall(r"^\d\. \*\*", lessons, re.M)) == 3
    analysis = _note_section("分析：這個個案說明了什麼")
    works = re.findall(r"^- [A-Z][^\n]+\b(19|20)\d\d\. ", analysis, re.M)
    assert len(works) >= 5
    # only works the research desk verified on a publisher's or index's page
    for verified in ("Porter", "Lu, Yi", "Zheng, Siqi", "Alder, Simon", "Naughton, Barry"):
        assert verified in analysis
    for cited in ("Porter 1998", "Lu, Wang & Zhu 2019", "Alder, Shao & Zilibotti 2016"):
        assert cited in analysis


def test_the_epilogue_says_what_is_known_of_the_two_leading_two_distinctive():
    epilogue = _note_section("後記：2023 年 11 月以後")
    item = next(line for line in epilogue.splitlines() if "兩主兩特" in line and "2+2" in line)
    assert "ext-92" in item and "ext-93" in item
    unknown = epilogue.strip().splitlines()[-1]
    assert unknown.startswith("- **查不到的事**") and "兩主兩特" in unknown
