"""The classroom PDFs apart from the book: a student packet per edition (the article
complete, neutral exhibits, assignment, questions, exercises without solutions, glossary;
nothing of the teacher's) and an instructor's guide per edition."""

import re
import subprocess

import pytest
from conftest import built_page, page_text
from pdfread import ELLIPSIS, chinese_quotes_set_half_width, glyphs, in_chinese, outline, page_mode

from tianyuan.teaching import content as teaching
from tianyuan.teaching.exercises import EXERCISES, statements
from tianyuan.text.article import load_article
from tianyuan.text.convert import EDITIONS, convert, display, ours
from tianyuan.typeset.packet import PDF, instructor_name, student_name

PID = re.compile(r"(?:lede|core|dragons|crisis|road|stones)-\d{2}")
NOTE = teaching.TEACHING / "teaching-note.md"
# Headings only the teaching note has.
TEACHER_HEADINGS = (
    "90 分鐘課堂計劃",
    "板書規畫",
    "討論題指引",
    "收尾：三個教訓",
    "分析：這個個案說明了什麼",
    "後記",
    "學習目標",
    "教師手冊",
)


def _pdf(name: str):
    path = PDF / name
    if not path.exists():
        pytest.fail(f"{path} is missing: run `make book`")
    return path


def _text(path, *options: str) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *options, str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


@pytest.fixture(scope="module", params=EDITIONS)
def edition(request):
    return request.param


# The type area only (A4 at 72 dpi, running head and page number cropped away), so that a
# paragraph broken across pages reads as one.
BODY = ("-r", "72", "-x", "0", "-y", "62", "-W", "595", "-H", "718")


@pytest.fixture(scope="module")
def student(edition):
    return _text(_pdf(student_name(edition)), *BODY)


def _solution_sentences() -> list[str]:
    """The conclusions of the exercises' {solution} blocks, numbers taken out."""
    source = EXERCISES.read_text("utf-8")
    blocks = re.findall(r"^```\{solution\}\n(.*?)^```", source, re.M | re.S)
    assert len(blocks) == 4
    out = []
    for block in blocks:
        plain = re.sub(r"\{\w+(?::\w+)?\}`[^`]*`", "", block)
        out += [s for s in re.split(r"[。；，（）「」]", plain) if len(s.strip()) >= 10]
    return out


def _epilogue_sentences() -> list[str]:
    note = NOTE.read_text("utf-8")
    epilogue = note.split("## 後記")[1].split("\n## ")[0]
    return [s for s in re.split(r"[。；，（）「」：]", epilogue) if len(s.strip()) >= 16]


@pytest.mark.tex
def test_the_student_packet_holds_the_whole_article_in_order(article, edition, student):
    flat = PID.sub("", _squash(student))
    assert len(article.paragraphs) == 79
    assert all(p.pid in student for p in article.paragraphs)  # each with its id
    at = 0
    for p in article.paragraphs:
        found = flat.find(_squash(display(p.text, edition)), at)
        assert found >= 0, p.pid
        at = found


@pytest.mark.tex
def test_the_student_packet_has_exhibits_questions_exercises_and_glossary(edition, student):
    flat = _squash(student)
    laid_out = _squash(_text(_pdf(student_name(edition)), "-layout"))
    for ex in teaching.exhibits():
        assert (
            _squash(f"{ours('圖', edition)} {ex['number']} {ours(ex['title'], edition)}")
            in laid_out
        )
    for items in teaching.questions().values():
        for q in items:
            assert _squash(ours(q["zh"], edition))[:30] in flat
    for heading in ("練習一", "練習二", "練習三", "練習四", "課前作業", "名次表", "詞彙表"):
        assert convert(heading, edition) in student
    for term in teaching.glossary():  # two columns: pdftotext interleaves the definitions
        assert _squash(ours(term["term"], edition)) in laid_out
        assert re.sub(r"['’]", "", _squash(term["en"]))[:12] in re.sub(r"['’]", "", laid_out)
    assert "146" in student and "178" in student  # the rank table gives the zones ranked


@pytest.mark.tex
def test_the_student_packet_holds_nothing_for_the_teacher(edition, student):
    flat = _squash(student)
    for heading in TEACHER_HEADINGS:
        assert _squash(ours(heading, edition)) not in flat, heading
    for sentence in _solution_sentences():
        assert _squash(ours(sentence, edition)) not in flat, sentence
    for sentence in _epilogue_sentences():
        assert _squash(ours(sentence, edition)) not in flat, sentence
    assert "instructor" not in student and ours("教學指引", edition) not in student
    assert ours("解答", edition) not in student
    for q in (q for items in teaching.questions().values() for q in items):
        assert _squash(ours(q["look_for"], edition))[:20] not in flat  # the guidance


@pytest.mark.tex
def test_the_instructors_guide_is_the_teaching_part_with_a_cover(edition):
    text = _text(_pdf(instructor_name(edition)))
    first = text.split("\f")[0]
    assert ours("教師手冊", edition) in first and "Instructor’s guide" in first
    flat = _squash(text)
    for heading in TEACHER_HEADINGS[:6]:
        assert _squash(ours(heading, edition)) in flat, heading
    assert _squash(ours("解答", edition)) in flat
    assert ours("延伸閱讀", edition) in text
    assert "lede-01" not in text.split("\f")[1]  # no article chapter
    assert "not a translation" not in text  # nor the student and English pages
    assert _squash(ours("給上這堂課的學生", edition)) not in flat


@pytest.mark.build
def test_the_teaching_note_is_marked_as_the_instructors(edition):
    raw = built_page(edition, "book/teaching/teaching-note").read_text("utf-8")
    assert "instructor-guide" in raw
    assert ours("教師手冊", edition) in page_text(
        built_page(edition, "book/teaching/teaching-note")
    )
    for name in (student_name(edition), instructor_name(edition)):
        assert name in raw


ENGLISH_WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")


def test_the_english_summary_covers_every_paragraph_once_in_order(article):
    summary = teaching.english_summary()
    ids = [i for s in summary for p in s["paragraphs"] for i in p["ids"]]
    assert ids == [p.pid for p in article.paragraphs]
    words = sum(len(ENGLISH_WORD.findall(p["text"])) for s in summary for p in s["paragraphs"])
    assert 1500 <= words <= 2600, words


def test_a_summary_that_skips_a_paragraph_is_refused(tmp_path, monkeypatch):
    import yaml

    broken = yaml.safe_load(teaching.SUMMARY_EN.read_text("utf-8"))
    broken["sections"][1]["paragraphs"][0]["ids"].pop()
    path = tmp_path / "summary-en.yml"
    path.write_text(yaml.safe_dump(broken, allow_unicode=True), "utf-8")
    monkeypatch.setattr(teaching, "SUMMARY_EN", path)
    teaching.english_summary.cache_clear()
    try:
        with pytest.raises(teaching.TeachingError, match="every paragraph id once"):
            teaching.english_summary()
    finally:
        teaching.english_summary.cache_clear()


def test_english_charts_have_no_chinese():
    from tianyuan import charts, data

    drawn = [ex for ex in teaching.exhibits() if ex.get("english")]
    assert len(drawn) >= 3
    for ex in drawn:
        fig = getattr(charts, ex["builder"])(data.load(ex["table"]), lang="en")
        assert not re.search(r"[\u4e00-\u9fff]", fig.to_json()), ex["figure"]
        assert fig.layout.title.text and re.search(r"[A-Za-z]{4}", fig.layout.title.text)


@pytest.mark.tex
def test_the_english_packet_holds_the_summary_charts_questions_and_glossary(article):
    path = _pdf("tianyuan-student-en.pdf")
    text = _text(path)
    words = ENGLISH_WORD.findall(text)
    assert len(words) >= 1500
    assert "not a translation" in text
    flat = _squash(text)
    for ex in (ex for ex in teaching.exhibits() if ex.get("english")):
        assert _squash(f"Figure {ex['number']} {ex['title_en']}") in flat
    for items in teaching.questions().values():
        for q in items:
            assert _squash(q["en"])[:40].replace("’", "'") in flat.replace("’", "'")
    for t in teaching.glossary():
        assert _squash(t["definition_en"])[:30].replace("’", "'") in flat.replace("’", "'")
    for section in teaching.english_summary():  # the ids that lead to the Chinese
        for par in section["paragraphs"]:
            assert par["ids"][0] in text and par["ids"][-1] in text
    images = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True)
    placed = [line for line in images.stdout.splitlines()[2:] if line.split()[2] == "image"]
    assert len(placed) >= 3


@pytest.mark.build
def test_the_english_page_is_english_with_three_charts(edition):
    raw = built_page(edition, "book/teaching/english").read_text("utf-8")
    assert 'lang="en"' in raw and "english-packet" in raw
    assert raw.count("tianyuan-chart") >= 3 or raw.count('role="figure"') >= 3
    text = page_text(built_page(edition, "book/teaching/english"))
    assert len(ENGLISH_WORD.findall(text)) >= 1500
    assert "not a translation" in text
    for p in ("lede-01", "core-05", "stones-05"):
        assert f"#{p}" in raw


@pytest.mark.build
def test_the_student_page_has_the_assignment_exhibits_and_questions_and_no_teacher_pages(edition):
    raw = built_page(edition, "book/teaching/student").read_text("utf-8")
    text = page_text(built_page(edition, "book/teaching/student"))
    for ex in teaching.exhibits():
        assert ours(ex["title"], edition) in text and ours(ex["caption"], edition)[:20] in text
    for items in teaching.questions().values():
        for q in items:
            assert ours(q["zh"], edition)[:20] in text
    for item in teaching.assignment():
        assert ours(item["zh"], edition)[:20] in text
    article = raw[raw.index("<article") : raw.index("</article>")]
    assert "teaching-note" not in article and "instructor" not in article
    assert student_name(edition) in article


# --- bookmarks (issue 21): every classroom PDF opens with a real outline --------------------


def _titles(path) -> list[tuple[int, str]]:
    marks = outline(path)
    pages = int(re.search(r"Pages:\s+(\d+)", _run("pdfinfo", str(path)))[1])
    assert all(1 <= m.page <= pages for m in marks), marks  # each opens a page of its own PDF
    assert page_mode(path) == "/UseOutlines"  # the pane opens with the bookmarks
    return [(m.depth, _squash(m.title)) for m in marks]


def _run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def _chapters(edition: str) -> list[str]:
    article = load_article()
    return [
        _squash(display(s.heading, edition) if s.heading else ours("導語", edition))
        for s in article.sections
    ]


def _exhibit(label: str, ex: dict, title: str) -> str:
    return _squash(f"{label} {ex['number']}　{title}")


@pytest.mark.tex
def test_the_handout_has_bookmarks_for_its_sections_exhibits_questions_and_glossary(edition):
    from tianyuan.paths import handout_name

    marks = _titles(_pdf(handout_name(edition)))
    top = [t for d, t in marks if d == 0]
    for section in ("怎樣用這份講義", "名次表", "課堂用的圖表", "討論題", "詞彙表"):
        assert _squash(ours(section, edition)) in top, (section, top)
    exhibits = [
        _exhibit(ours("圖", edition), ex, ours(ex["title"], edition)) for ex in teaching.exhibits()
    ]
    assert [t for d, t in marks if d == 1 and t.startswith(ours("圖", edition))] == exhibits
    questions = marks.index((0, _squash(ours("討論題", edition))))
    under = [t for d, t in marks[questions + 1 :] if d == 1][: len(teaching.questions())]
    assert under == _chapters(edition)[: len(under)] and len(under) == len(teaching.questions())


@pytest.mark.tex
def test_the_student_packet_has_bookmarks_for_the_article_exhibits_and_exercises(edition):
    marks = _titles(_pdf(student_name(edition)))
    top = [t for d, t in marks if d == 0]
    for section in ("這份講義", "課前作業", "名次表", "討論題", "資料練習", "詞彙表"):
        assert _squash(ours(section, edition)) in top, (section, top)
    article = next(i for i, (d, t) in enumerate(marks) if t.startswith(ours("原文", edition)))
    chapters = [t for d, t in marks[article + 1 :] if d == 1][: len(_chapters(edition))]
    assert chapters == _chapters(edition)
    exhibits = [t for d, t in marks if d == 2 and t.startswith(ours("圖", edition))]
    assert len(exhibits) == len(teaching.exhibits()) >= 6
    for st in statements():
        assert (1, _squash(ours(st.title, edition))) in marks, st.title


@pytest.mark.tex
def test_the_english_packet_has_bookmarks():
    from tianyuan.typeset.packet import ENGLISH_NAME

    marks = _titles(_pdf(ENGLISH_NAME))
    top = [t for d, t in marks if d == 0]
    assert top == [
        _squash(t)
        for t in (
            "About this packet",
            "Before class",
            "The article, summarised (the book’s summary, not a translation)",
            "Discussion questions",
            "Glossary",
        )
    ]
    english = [ex for ex in teaching.exhibits() if ex.get("english")]
    figures = [t for d, t in marks if t.startswith("Figure")]
    assert figures == [_exhibit("Figure", ex, ex["title_en"]) for ex in english]
    summary = [t for d, t in marks if d == 1][: len(teaching.english_summary())]
    assert summary[0].startswith(_squash(teaching.english_summary()[0]["title_en"]))


@pytest.mark.tex
def test_the_instructors_guide_keeps_the_books_bookmarks_of_its_pages(edition):
    from tianyuan.build.book import pdf_name

    marks = _titles(_pdf(instructor_name(edition)))
    assert marks[0] == (0, _squash(ours("教師手冊", edition)))
    titles = [t for _, t in marks]
    for heading in (*TEACHER_HEADINGS[:6], "教學指引", "資料練習", "詞彙表", "延伸閱讀"):
        assert any(t.startswith(_squash(ours(heading, edition))) for t in titles), heading
    # the book's bookmarks of those pages, in the book's order and nesting; no other chapter
    book = [(m.depth, _squash(m.title)) for m in outline(PDF / pdf_name(edition))]
    start = book.index(marks[1])
    assert book[start : start + len(marks) - 1] == marks[1:]
    assert _squash(ours("學生講義", edition)) not in titles and _chapters(edition)[1] not in titles


@pytest.mark.tex
@pytest.mark.parametrize(
    "name",
    ["tianyuan-handout-zh-Hant.pdf", "tianyuan-handout-zh-Hans.pdf"]
    + [student_name(e) for e in EDITIONS]
    + ["tianyuan-student-en.pdf"],
)
def test_classroom_pdfs_set_chinese_punctuation_full_width_in_the_cjk_face(name):
    """As in the book: quotes, …… and —— of Chinese text in the CJK face and full-width
    (a Chinese title quoted in English, too); the English keeps Latin quotes."""
    drawn = glyphs(_pdf(name))
    assert not chinese_quotes_set_half_width(drawn)
    latin = [
        (g.page, g.char)
        for i, g in enumerate(drawn)
        if g.char in "—" + ELLIPSIS and not g.cjk and in_chinese(drawn, i, g.char)
    ]
    assert not latin, latin
    if "student-zh" in name:  # the article complete: its …… in the serif CJK face
        assert sum(1 for g in drawn if g.char in ELLIPSIS and "NotoSerifCJK" in g.font) >= 8
