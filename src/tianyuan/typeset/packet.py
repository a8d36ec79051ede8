"""The two classroom PDFs of an edition, apart from the whole book:

- the **student packet** (`tianyuan-student-<edition>.pdf`): the credits, the pre-class
  assignment, the article complete (its 79 paragraphs with their ids, section by
  section), after each section the exhibits the class uses with neutral titles and
  captions (numbered as in the book), the rank table, every discussion question with its
  English, the data exercises without their solutions, and the glossary. Nothing from the
  teaching note, no solution, no epilogue, no pointer to the instructor's pages.
- the **instructor's guide** (`tianyuan-instructor-<edition>.pdf`): a cover saying what it
  is, then the instructor's pages of the book's part 教學 (the teaching note with the
  plan, the board, the guidance, the analysis and the epilogue; the exercises with their
  worked solutions; the glossary; not the student and English pages after them) as the
  book's PDF sets them, cut from it with pypdf, so the numbering of figures and pages is
  the book's; the book's bookmarks of those pages come along, under the cover's.

    tianyuan handout zh-Hant     # also writes both of these

Everything comes from the book's sources: the article from the seed, the exhibits from
`book/teaching/class.yml` drawn by the book's chart builders, the questions and the
glossary from the teaching files, the exercise statements from `book/teaching/exercises.md`
(`tianyuan.teaching.exercises`).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject

from tianyuan import __version__, charts, data
from tianyuan.charts.output import static_png, stop_png_renderer
from tianyuan.config import book_title, edition_address
from tianyuan.errors import InputError
from tianyuan.fingerprint import book_inputs_digest
from tianyuan.notebooks import figures
from tianyuan.paths import BUILD, PDF, pdf_name
from tianyuan.teaching.content import (
    assignment,
    english_sources,
    english_summary,
    exhibits,
    figure_numbers,
    glossary,
    question_number,
    questions,
)
from tianyuan.teaching.exercises import statements
from tianyuan.text import rights
from tianyuan.text.article import load_article
from tianyuan.text.convert import EDITIONS, convert, display, fullwidth_punctuation, ours
from tianyuan.typeset import handout
from tianyuan.typeset.handout import (
    BOOK_EDITORS,
    _en,
    _q,
    credits_block,
    exhibit_bookmark,
    exhibit_images,
    exhibit_tex,
    preamble,
    rank_table_tex,
)
from tianyuan.typeset.tex import build_date, tex_escape, trailer_id

ROLE = re.compile(r"\{(?:numref|ref)\}`([^`<]*?)(?:\s*<([^>]+)>)?`")


class PacketError(InputError):
    """A classroom PDF cannot be made; says which file or step and why."""


def student_name(edition: str) -> str:
    return f"tianyuan-student-{edition}.pdf"


def instructor_name(edition: str) -> str:
    return f"tianyuan-instructor-{edition}.pdf"


def questions_tex(edition: str) -> str:
    article = load_article()
    blocks = []
    for slug, items in questions().items():
        section = article.section(slug)
        title = display(section.heading, edition) if section.heading else ours("導語", edition)
        lines = "\n".join(
            rf"\item[{question_number(slug, n)}] {tex_escape(ours(q['zh'], edition))}\par"
            rf"{{\small\itshape {_en(q['en'])}\par}}"
            for n, q in enumerate(items, 1)
        )
        blocks.append(
            rf"\subsection{{{tex_escape(title)}}}"
            + "\n"
            + r"\begin{description}[leftmargin=2.2em,labelwidth=1.8em,itemsep=0.5em,font=\normalfont\bfseries]"
            + f"\n{lines}\n"
            + r"\end{description}"
        )
    return "\n".join(blocks)


def glossary_tex(edition: str) -> str:
    t = lambda s: _q(s, edition)  # noqa: E731 - our words
    items = "\n".join(
        rf"\item[{tex_escape(ours(g['term'], edition))}] {{\itshape {_en(g['en'])}}}　"
        rf"{tex_escape(ours(g['definition'], edition))}"
        + (
            rf"{{\footnotesize （{t('原文')}：{tex_escape('、'.join(g['paragraphs']))}）}}"
            if g["paragraphs"]
            else ""
        )
        for g in sorted(glossary(), key=lambda g: ours(g["term"], edition))
    )
    return rf"""\begin{{multicols}}{{2}}\small\raggedright
\begin{{description}}[leftmargin=0pt,itemsep=0.3em,font=\bfseries]
{items}
\end{{description}}
\end{{multicols}}"""


def _plain_roles(text: str, edition: str) -> str:
    """The exercise statements' cross-references as print words (圖 2.2, the appendix's
    name), the statement's Markdown emphasis dropped."""
    numbers = {e["figure"]: e["number"] for e in exhibits()}

    def word(m: re.Match) -> str:
        target = m.group(2) or m.group(1)
        if target.startswith("fig-"):
            return ours("圖 ", edition) + numbers.get(target, figure_numbers()[target])
        return ours("本書附錄", edition)

    return ROLE.sub(word, text).replace("**", "").replace("`", "")


def exercises_tex(edition: str) -> str:
    out = []
    for st in statements():
        out.append(
            rf"\subsection{{{tex_escape(ours(st.title, edition))}}}"
            + "\n"
            + tex_escape(fullwidth_punctuation(ours(_plain_roles(st.text, edition), edition)))
            + "\n"
        )
    return "\n".join(out)


def article_tex(edition: str, images: list[dict]) -> str:
    """The article complete: each section's heading, its paragraphs with their ids, then
    the exhibits of the chapter that holds it."""
    article = load_article()
    out = []
    for section in article.sections:
        title = display(section.heading, edition) if section.heading else ours("導語", edition)
        out.append(rf"\subsection{{{tex_escape(title)}}}")
        for p in section.paragraphs:
            out.append(
                rf"\noindent{{\ttfamily\scriptsize\color{{gray}}{p.pid}}}\quad"
                rf"{{\rmfamily {tex_escape(display(p.text, edition))}}}\par"
            )
        for img in images:
            if img["chapter"] == section.slug:
                out.append(exhibit_tex(img, edition, level=3))
    return "\n".join(out)


def student_tex(edition: str, address: str, images: list[dict]) -> str:
    article = load_article()
    t = lambda s: _q(s, edition)  # noqa: E731 - our words
    book = book_title()
    info = {
        "pdftitle": ours(f"{book}：學生講義", edition),
        "pdfauthor": display("、".join(article.authors), edition)
        + ours(f"（原文作者）；{BOOK_EDITORS}（講義編者）", edition),
        "pdfsubject": ours("課堂個案的學生講義：調查報導", edition)
        + f"〈{display(article.title, edition)}〉"
        + ours("的全文、圖表、課前作業、討論題、資料練習與詞彙表", edition),
        "pdfkeywords": ours("株洲高新區, 天元區, 產業政策, 教學, 學生講義", edition),
        "pdflang": edition,
    }
    tasks = "\n".join(
        rf"\item {tex_escape(ours(a['zh'], edition))}\par{{\small\itshape {_en(a['en'])}\par}}"
        for a in assignment()
    )
    return (
        preamble(edition, info, t("學生講義"))
        + rf"""
\begin{{document}}
{trailer_id(edition, book + " student packet")}
{{\footnotesize\color{{gray}} {t("學生講義")} · Student packet\par}}
\vspace{{0.3em}}
{{\sffamily\bfseries\huge {t(book)}\par}}
\vspace{{0.4em}}
{{\large {t("課堂個案：一篇官方媒體對自家高新區的調查報導")}\par}}
\vspace{{0.8em}}
{credits_block(article, edition, address)}
\section{{{t("這份講義")}}}
{t("這份講義收錄原文全文（每段前是它的段落編號，討論時用它指出處）、課堂用到的圖表（編號與本書相同）、名次表、課前作業、討論題、資料練習與詞彙表。圖表的標題與說明只描述圖上有什麼；怎樣解讀，留給課堂討論。")}

{{\itshape\small {_en("This packet holds the full article (each paragraph with its id, to cite it by), the exhibits the class uses (numbered as in the book), a rank table, the assignment, the discussion questions, the data exercises and the glossary. The exhibits' titles and captions say what is shown; what it means is for the class to discuss.")}\par}}
\section{{{t("課前作業")}}}
\begin{{enumerate}}[leftmargin=1.6em,itemsep=0.4em]
{tasks}
\end{{enumerate}}
\clearpage
\section{{{t("原文")}：{tex_escape(display(article.title, edition))}}}
{{\small {tex_escape(display(article.subtitle, edition))}　{t("作者")}：{tex_escape(display("、".join(article.authors), edition))}　{article.date}\par}}
{article_tex(edition, images)}
\section{{{t("名次表")}}}
{{\small {t("株洲高新區在各評價體系中的名次，每一列連同參評的園區數。不同體系的名次不能連成一條線。")}\par}}
{rank_table_tex(edition)}
\section{{{t("討論題")}}}
{{\small {t("題號是「章.題」：2.2 是第二章的第 2 題，與本書各章末的「課堂討論」相同。")}\par}}
{questions_tex(edition)}
\section{{{t("資料練習")}}}
{{\small {t("用本書的資料作答；資料在本書的 data 資料夾，也可以在本書 HTML 版的「資料練習」一頁按「在瀏覽器中執行」，直接寫程式。")}\par}}
{exercises_tex(edition)}
\section{{{t("詞彙表")}}}
{{\small {t("原文用到的專門詞語；括號內是原文用到它的段落。")}\par}}
{glossary_tex(edition)}
\end{{document}}
"""
    )


def _latex(work: Path, name: str) -> Path:
    run = subprocess.run(
        ["latexmk", "-xelatex", "-interaction=nonstopmode", "-halt-on-error", f"{name}.tex"],
        cwd=work,
        capture_output=True,
        text=True,
    )
    if run.returncode != 0:
        log = work / f"{name}.log"
        tail = log.read_text("utf-8", "replace")[-3000:] if log.exists() else run.stdout[-3000:]
        raise PacketError(work / f"{name}.tex", f"xelatex failed:\n{tail}")
    return work / f"{name}.pdf"


def _stamped(target: Path, stamp: Path, what: str) -> tuple[bool, str]:
    digest = book_inputs_digest(what)
    fresh = target.exists() and stamp.exists() and stamp.read_text("utf-8") == digest
    if not fresh:
        stamp.unlink(missing_ok=True)
    return fresh, digest


def build_student(edition: str, out_dir: Path = PDF) -> Path:
    """Write the edition's student packet into `out_dir` (left as it is when nothing it is
    made from changed)."""
    if edition not in EDITIONS:
        raise PacketError(None, f"unknown edition {edition!r}; expected one of {EDITIONS}")
    work = BUILD / "editions" / edition / "student"
    work.mkdir(parents=True, exist_ok=True)
    target = out_dir / student_name(edition)
    fresh, digest = _stamped(target, work / "inputs.sha256", f"student {edition} {target}")
    if fresh:
        return target
    address = edition_address(edition)
    statements()  # bad teaching files stop here, before any drawing
    images = exhibit_images(edition, work)
    (work / "student.tex").write_text(student_tex(edition, address, images), "utf-8")
    out_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_latex(work, "student"), target)
    (work / "inputs.sha256").write_text(digest, "utf-8")
    return target


# The instructor's pages of the book's PDF: from the part page 教學 (the teaching note, the
# exercises with their solutions, the glossary) to the page before the student page, which
# opens a page with its title and no running head. pdftotext gives each page's text; a
# form feed separates pages.
PART_TEACHING = "教學"
STUDENT_PAGE = "學生講義"


def teaching_pages(book_pdf: Path, edition: str) -> tuple[int, int]:
    """First and last page (1-based) of the instructor's pages in the book's PDF."""
    run = subprocess.run(["pdftotext", "-layout", str(book_pdf), "-"], capture_output=True)
    pages = run.stdout.decode("utf-8", "replace").split("\f")
    part = ours(PART_TEACHING, edition)
    student = ours(STUDENT_PAGE, edition)
    first = last = None
    for n, text in enumerate(pages, 1):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if first is None and 0 < len(lines) <= 3 and lines[-1] == part:
            first = n  # a part page: its number, then its title
        elif first is not None and lines and lines[0] == student:
            last = n - 1
            break
    if first is None or last is None:
        raise PacketError(
            book_pdf,
            f"expected the part page {part} and the student page {student} opening a later "
            "page; found none (is this the book's PDF?)",
        )
    return first, last


def cover_tex(edition: str, first: int, last: int) -> str:
    article = load_article()
    t = lambda s: _q(s, edition)  # noqa: E731 - our words
    book = book_title()
    info = {
        "pdftitle": ours(f"{book}：教師手冊", edition),
        "pdfauthor": ours(BOOK_EDITORS, edition),
        "pdfsubject": ours(
            "課堂個案的教師手冊：教學指引、課堂計劃、講解要點、資料練習的解答、後記", edition
        ),
        "pdfkeywords": ours("株洲高新區, 天元區, 產業政策, 教學, 教師手冊", edition),
        "pdflang": edition,
    }
    return (
        preamble(edition, info, t("教師手冊"))
        + rf"""
\begin{{document}}
\thispagestyle{{empty}}
\pdfbookmark[1]{{{t("教師手冊")}}}{{cover}}
{trailer_id(edition, book + " instructor's guide")}
{{\footnotesize\color{{gray}} {t("教師手冊")} · Instructor's guide\par}}
\vspace{{0.3em}}
{{\sffamily\bfseries\huge {t(book)}\par}}
\vspace{{0.4em}}
{{\large {t("教師手冊：教學指引、課堂計劃、板書、講解要點、分析、後記與資料練習的解答")}\par}}
\vspace{{1em}}
{t(f"這份手冊是本書 PDF 第二部「教學」中教師用的頁面：教學指引、附解答的資料練習與詞彙表（本書第 {first} 至 {last} 頁，頁碼與圖號照本書）。請不要發給學生；學生用的是學生講義（tianyuan-student-{edition}.pdf）。")}

{{\itshape\small {_en(f"For the instructor: the instructor's pages of part 2 of the book's PDF (its pages {first} to {last}, numbered as in the book): the teaching note with the class plan, the board, guidance for every question, the analysis and the epilogue; the data exercises with their worked solutions; the glossary. Not for students, who get the student packet.")}\par}}
\vspace{{1em}}
{credits_block(article, edition, edition_address(edition))}
\end{{document}}
"""
    )


def build_instructor(edition: str, out_dir: Path = PDF) -> Path:
    """Write the edition's instructor's guide: a cover and the book PDF's part 教學."""
    book_pdf = out_dir / pdf_name(edition)
    if not book_pdf.exists():
        raise PacketError(book_pdf, "expected the book's PDF; build it first (make pdf)")
    work = BUILD / "editions" / edition / "instructor"
    work.mkdir(parents=True, exist_ok=True)
    target = out_dir / instructor_name(edition)
    fresh, digest = _stamped(target, work / "inputs.sha256", f"instructor {edition} {target}")
    if fresh and target.stat().st_mtime >= book_pdf.stat().st_mtime:
        return target
    first, last = teaching_pages(book_pdf, edition)
    (work / "cover.tex").write_text(cover_tex(edition, first, last), "utf-8")
    cover = _latex(work, "cover")
    out_dir.mkdir(parents=True, exist_ok=True)
    guide = PdfWriter()
    guide.append(cover)
    # the book's bookmarks of the pages taken (its part 教學, the chapters, their sections)
    guide.append(book_pdf, pages=(first - 1, last), import_outline=True)
    guide.add_metadata(PdfReader(cover).metadata or {})
    guide.root_object[NameObject("/Lang")] = TextStringObject(edition)
    guide.page_mode = "/UseOutlines"
    partial = target.with_suffix(".part")
    with partial.open("wb") as out:
        guide.write(out)
    partial.replace(target)  # never a half-written guide under the guide's name
    (work / "inputs.sha256").write_text(digest, "utf-8")
    return target


def build_all(edition: str, out_dir: Path = PDF) -> list[Path]:
    """The classroom PDFs of an edition, after its book PDF: the class handout, the
    student packet and the instructor's guide."""
    return [
        handout.build(edition, out_dir),
        build_student(edition, out_dir),
        build_instructor(edition, out_dir),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tianyuan handout")
    parser.add_argument("edition", choices=EDITIONS)
    args = parser.parse_args(argv)
    for path in build_all(args.edition):  # bad input reaches the command, which prints it
        print(f"tianyuan handout: wrote {path}")
    return 0


ENGLISH_NAME = "tianyuan-student-en.pdf"
BOOK_TITLE_EN = (
    "Where Is the Trump Card? A Reader on the Zhuzhou High-tech Zone and Tianyuan District"
)


def english_exhibits(folder: Path) -> list[dict]:
    """The exhibits whose builders draw in English: PNG, English title, caption, sources."""
    figures.start("zh-Hant")
    out = []
    try:
        for ex in exhibits():
            if not ex.get("english"):
                continue
            table = data.load(ex["table"])
            fig = charts.retitled(
                getattr(charts, ex["builder"])(table, lang="en"),
                ex["title_en"],
                ex.get("note_en", ""),
            )
            png = folder / f"{ex['figure']}-en.png"
            png.write_bytes(static_png(fig))
            sources = convert(english_sources(table), "zh-Hant")  # publishers' names in its script
            out.append({**ex, "png": png, "sources": sources})
    finally:
        stop_png_renderer()
    return out


def _e(text: str) -> str:
    """English prose for LaTeX: escaped, typographic quotes in the Latin face."""
    return _en(text)


def english_tex(images: list[dict], address: str) -> str:
    article = load_article()
    notice = tex_escape(rights.notice(article, "zh-Hant"))
    info = {
        "pdftitle": f"{BOOK_TITLE_EN}: student packet (English)",
        "pdfauthor": display("、".join(article.authors), "zh-Hant")
        + " (authors of the article); the book's editors (summary and exhibits)",
        "pdfsubject": "A classroom case: the book's English summary of an investigative article, "
        "with exhibits, discussion questions and a glossary",
        "pdfkeywords": "Zhuzhou, Tianyuan, high-tech zone, industrial policy, case teaching",
        "pdflang": "en",
    }
    where = (
        rf"The full Chinese text, every chart and the data: \url{{{address}}}."
        if address
        else "The full Chinese text, every chart and the data are in the book's HTML edition "
        "and PDF (tianyuan-zh-Hant.pdf, beside this packet)."
    )
    summary = []
    for section in english_summary():
        heading = _e(section["title_en"])
        if section.get("heading_zh"):
            chinese = tex_escape(display(section["heading_zh"], "zh-Hant"))
            heading = (
                rf"\texorpdfstring{{{heading} {{\normalfont\small ({chinese})}}}}"
                rf"{{{heading} ({chinese})}}"
            )
        summary.append(rf"\subsection{{{heading}}}")
        for par in section["paragraphs"]:
            ids = par["ids"][0] if len(par["ids"]) == 1 else f"{par['ids'][0]}–{par['ids'][-1]}"
            summary.append(
                rf"\noindent{{\ttfamily\scriptsize\color{{gray}}{ids}}}\quad {_e(' '.join(par['text'].split()))}\par"
            )
        for img in images:
            if img["chapter"] == section["slug"]:
                summary.append(
                    exhibit_bookmark(f"Figure {img['number']}", img["title_en"], 3)
                    + rf"""
\begin{{minipage}}{{\linewidth}}
\centering\includegraphics[width=\linewidth,height=0.36\textheight,keepaspectratio]{{{img["png"].name}}}\par
\vspace{{0.2em}}\raggedright\small\textbf{{Figure {img["number"]}}}\quad {_e(img["title_en"])}. {_e(img["caption_en"])}\par
{{\footnotesize {_e(img["sources"])}\par}}
\end{{minipage}}
\vspace{{1em}}
"""
                )
    asked = []
    for slug, items in questions().items():
        title = next(s["title_en"] for s in english_summary() if s["slug"] == slug)
        lines = "\n".join(
            rf"\item[{question_number(slug, n)}] {_e(q['en'])}" for n, q in enumerate(items, 1)
        )
        asked.append(
            rf"\subsection{{{_e(title)}}}"
            + "\n"
            + r"\begin{description}[leftmargin=2.2em,labelwidth=1.8em,itemsep=0.5em,font=\normalfont\bfseries]"
            + f"\n{lines}\n"
            + r"\end{description}"
        )
    terms = "\n".join(
        rf"\item[{_e(g['en'])}] {{\small ({tex_escape(g['term'])})}} {_e(g['definition_en'])}"
        + (
            rf" {{\footnotesize (Article: {', '.join(g['paragraphs'])}.)}}"
            if g["paragraphs"]
            else ""
        )
        for g in sorted(glossary(), key=lambda g: g["en"].lower())
    )
    tasks = "\n".join(rf"\item {_e(a['en'])}" for a in assignment())
    head = preamble("zh-Hant", info, "Student packet (English)").replace(
        r"\fancyhead[R]{\footnotesize Student packet (English) · 繁體版}",
        r"\fancyhead[R]{\footnotesize Student packet (English)}",
    )
    return (
        head.replace(
            r"\fancyhead[L]{\footnotesize " + book_title(),
            r"\fancyhead[L]{\footnotesize Where Is the Trump Card?",
            1,
        )
        + rf"""
\begin{{document}}
{trailer_id("en", BOOK_TITLE_EN + " student packet")}
{{\footnotesize\color{{gray}} Student packet (English) · 學生講義（英文）\par}}
\vspace{{0.3em}}
{{\bfseries\huge {_e(BOOK_TITLE_EN)}\par}}
\vspace{{0.4em}}
{{\large A classroom case: a local government's own media reports on its high-tech zone\par}}
\vspace{{0.8em}}
\begin{{creditsbox}}
\textbf{{The article}}\quad 〈{tex_escape(display(article.title, "zh-Hant"))}——{tex_escape(display(article.subtitle, "zh-Hant"))}〉, by {tex_escape(display("、".join(article.authors), "zh-Hant"))}, published on {article.date} by {tex_escape(display(article.source, "zh-Hant"))} (the integrated media center of the Zhuzhou high-tech zone and Tianyuan District).\\
\textbf{{Its copyright notice}}\quad {{\rmfamily {notice}}} (It forbids reprinting without authorization and asks reprints to name the source, the original title and the authors and not to alter the core content. This book records no authorization; naming the source is not enough.)\\[0.4em]
\textbf{{This packet}}\quad From the book {_e(BOOK_TITLE_EN)} ({tex_escape(book_title())}), version {__version__}, {build_date()}. {_e(where)}
\end{{creditsbox}}
\section{{About this packet}}
{_e("The summary below is the book's own English summary of the article, section by section: it is not a translation, and it must not be quoted as the article's words. Each summary paragraph gives, on its left, the ids of the article paragraphs it covers (core-05 is the fifth paragraph of the first headed section), so that anyone who reads Chinese can find the original. The exhibits are the book's charts, drawn in English; their titles and captions say what is shown, not what to conclude. The discussion questions are numbered by section and question (2.2 is the second question on section 2).")}
\section{{Before class}}
\begin{{enumerate}}[leftmargin=1.6em,itemsep=0.3em]
{tasks}
\end{{enumerate}}
\section{{{_e("The article, summarised (the book's summary, not a translation)")}}}
{chr(10).join(summary)}
\section{{Discussion questions}}
{chr(10).join(asked)}
\section{{Glossary}}
{{\small {_e("The terms of the article, with the book's English rendering, the Chinese and a definition; the paragraphs that use each term in brackets.")}\par}}
\begin{{description}}[leftmargin=0pt,itemsep=0.3em,font=\bfseries]
{terms}
\end{{description}}
\end{{document}}
"""
    )


def build_english(out_dir: Path = PDF) -> Path:
    """Write the English student packet (one for both editions) into `out_dir`."""
    work = BUILD / "english"
    work.mkdir(parents=True, exist_ok=True)
    target = out_dir / ENGLISH_NAME
    fresh, digest = _stamped(target, work / "inputs.sha256", f"english {target}")
    if fresh:
        return target
    english_summary()  # a bad summary stops here, before any drawing
    images = english_exhibits(work)
    (work / "english.tex").write_text(english_tex(images, edition_address("zh-Hant")), "utf-8")
    out_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_latex(work, "english"), target)
    (work / "inputs.sha256").write_text(digest, "utf-8")
    return target
