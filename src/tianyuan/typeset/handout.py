"""The student handout: a short A4 PDF per edition, to print for a class.

Title and credits (the article's source, original title and authors, its copyright
notice in full and that no authorisation is recorded; the book's title, version and
licences), a one-page timeline, three key charts, every discussion question with its English, and the glossary. The exercises'
solutions are not in it. Everything comes from the book's own data: the questions and
the glossary from `book/teaching/*.yml` (`tianyuan.teaching`), the timeline and the charts
from `data/` through the book's chart builders, the captions from the chapters.

    tianyuan handout zh-Hant     # -> _build/html/pdf/tianyuan-handout-zh-Hant.pdf

`tianyuan book` runs it for both editions after the book's PDFs. Set with
xelatex in the book's fonts: Noto CJK TC for zh-Hant, SC for zh-Hans.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd

from tianyuan import __version__, charts, data
from tianyuan.charts.output import static_png, stop_png_renderer
from tianyuan.config import book_title, edition_address
from tianyuan.errors import InputError
from tianyuan.fingerprint import book_inputs_digest
from tianyuan.notebooks import figures
from tianyuan.paths import BUILD, PDF, handout_name
from tianyuan.teaching.content import exhibits, glossary, question_number, questions
from tianyuan.text import rights
from tianyuan.text.article import load_article
from tianyuan.text.convert import EDITIONS, convert, display, fullwidth_punctuation, ours
from tianyuan.typeset.tex import (
    BOOK_EDITORS,
    EDITION_LABEL,
    FONTS,
    REGION,
    build_date,
    curly_quotes,
    hypersetup,
    latin_tex,
    tex_escape,
    trailer_id,
)


class HandoutError(InputError):
    """The handout cannot be made; says which file or step and why."""


def plain_sources(table: pd.DataFrame, edition: str) -> str:
    """The chart's sources as one line: article paragraphs, then outside publishers."""
    pids: list[str] = []
    for cell in table.get("paragraph_id", pd.Series(dtype=str)).fillna(""):
        pids += [p.strip() for p in str(cell).split(";") if p.strip() and p.strip() not in pids]
    outlets: list[str] = []
    if "source_url" in table:
        for row in table[table["source_url"].fillna("") != ""].to_dict("records"):
            name = str(row.get("outlet") or "") or re.sub(
                r"^https?://([^/]+).*", r"\1", row["source_url"]
            )
            when = f"（{row['source_date']}）" if row.get("source_date") else ""
            entry = convert(name, edition) + when
            if entry not in outlets:
                outlets.append(entry)
    parts = []
    if pids:
        parts.append(ours("原文 ", edition) + "、".join(pids))
    if outlets:
        parts.append(ours("外部資料 ", edition) + "、".join(outlets))
    return ours("資料來源：", edition) + "；".join(parts) + "。"


def exhibit_images(edition: str, folder: Path) -> list[dict]:
    """PNG of each exhibit the class uses (`book/teaching/class.yml`), drawn by the book's
    builders in the edition's script and face under its neutral title, with its number in
    the book, its caption (the reading note joins the caption: a plotly subtitle does not
    wrap in print) and its sources."""
    figures.start(edition)
    out = []
    try:
        for ex in exhibits():
            table = data.load(ex["table"])
            title = ours(ex["title"], edition)
            fig = figures.localise(getattr(charts, ex["builder"])(table))
            png = folder / f"{ex['figure']}.png"
            png.write_bytes(static_png(charts.retitled(fig, title)))
            caption = ours(ex["caption"] + ex.get("note", ""), edition)
            out.append(
                {
                    **ex,
                    "png": png,
                    "title": title,
                    "caption": fullwidth_punctuation(caption),
                    "sources": plain_sources(table, edition),
                }
            )
    finally:
        stop_png_renderer()
    return out


def exhibit_bookmark(label: str, title: str, level: int) -> str:
    r"""A bookmark for an exhibit (`level`: 2 under a \section, 3 under a \subsection)."""
    name = re.sub(r"[^A-Za-z0-9.]", "-", label)
    return rf"\pdfbookmark[{level}]{{{tex_escape(label)}　{tex_escape(title)}}}{{exhibit.{name}}}"


def exhibit_tex(img: dict, edition: str, level: int = 2) -> str:
    """An exhibit at the full text width (its smallest text prints at 7 pt or more), its
    number as in the book, title, caption and sources kept with it; bookmarked."""
    label = ours("圖", edition) + f" {img['number']}"
    return rf"""{exhibit_bookmark(label, img["title"], level)}
\begin{{minipage}}{{\linewidth}}
\centering\includegraphics[width=\linewidth]{{{img["png"].name}}}\par
\vspace{{0.2em}}\raggedright\small\textbf{{{_q("圖", edition)} {img["number"]}}}　{tex_escape(img["title"])}。{tex_escape(img["caption"])}\par
{{\footnotesize {tex_escape(img["sources"])}\par}}
\end{{minipage}}
\vspace{{1em}}
"""


def rank_rows(edition: str) -> list[tuple[str, str, str, str, str]]:
    """(system, year, rank, zones ranked, basis) for each of the zone's national ranks."""
    ranks = data.load("ranking_history")
    ranks = ranks[ranks["entity"] == "zhuzhou-htz"].sort_values(["year", "system"], kind="stable")
    rows = []
    for r in ranks.to_dict("records"):
        zones = "" if pd.isna(r["zones_ranked"]) else f"{int(r['zones_ranked'])}"
        inferred = "inferred" in {r.get("system_basis"), r.get("year_basis")}
        rows.append(
            (
                ours(str(r["legend_label"]), edition),
                f"{int(r['year'])}",
                f"{int(r['rank'])}",
                zones or "—",
                ours("推斷", edition) if inferred else "",
            )
        )
    return rows


def rank_table_tex(edition: str) -> str:
    """The zone's ranks, one row each, with the system and the number of zones ranked."""
    t = lambda s: _q(s, edition)  # noqa: E731 - our words
    body = "\n".join(" & ".join(tex_escape(c) for c in row) + r"\\" for row in rank_rows(edition))
    return rf"""{{\footnotesize\linespread{{1.0}}\selectfont\renewcommand{{\arraystretch}}{{0.95}}
\begin{{tabular}}{{@{{}}>{{\raggedright\arraybackslash}}p{{7.4cm}}rrr>{{\raggedright\arraybackslash}}p{{2.6cm}}@{{}}}}
\toprule
\textbf{{{t("評價體系")}}} & \textbf{{{t("年份")}}} & \textbf{{{t("名次")}}} & \textbf{{{t("參評園區數")}}} & \textbf{{{t("體系或年份")}}}\\
\midrule
{body}
\bottomrule
\end{{tabular}}\par}}
{{\footnotesize {t("參評園區數空白（—）表示來源沒有說。「推斷」表示評價體系或年份是本書推斷的，來源沒有明說。不同體系的名次不能連成一條線。")}\par}}
"""


def timeline_rows(edition: str) -> list[tuple[str, str, str, str]]:
    """(date, strand, event, where from) for every event of the book's timeline, oldest first."""

    events = data.load("timeline")
    events = events.assign(_x=[charts.decimal_year(d) for d in events["date"]]).sort_values(
        "_x", kind="stable"
    )
    rows = []
    for e in events.to_dict("records"):
        where = str(e.get("paragraph_id") or "")
        if not where:
            where = convert(str(e.get("outlet") or ours("外部資料", edition)), edition)
        rows.append(
            (
                charts.date_label(str(e["date"])),
                ours(str(e["track"]), edition),
                fullwidth_punctuation(ours(str(e["event"]), edition)),
                where,
            )
        )
    return rows


def _where(source: str) -> str:
    """A paragraph id in the code face; a publisher's name as text."""
    if re.fullmatch(r"[a-z]+-\d{2}", source):
        return rf"{{\ttfamily\footnotesize {source}}}"
    return rf"{{\footnotesize {tex_escape(source)}}}"


def _en(text: str) -> str:
    """English words: typographic quotes, those of the English in the Latin face (a Chinese
    name or title quoted inside keeps full-width Chinese punctuation)."""
    return latin_tex(curly_quotes(text))


def _q(text: str, edition: str) -> str:
    """Our words, escaped for LaTeX."""
    return tex_escape(ours(text, edition))


def credits_block(article, edition: str, address: str) -> str:
    t = lambda s: _q(s, edition)  # noqa: E731 - our words
    a = lambda s: tex_escape(display(s, edition))  # noqa: E731 - the article's words
    r = lambda s: tex_escape(rights.statement(s, article, edition))  # noqa: E731 - rights
    where = (
        t("全文、全部圖表與資料見本書 HTML 版：") + rf"\url{{{address}}}"
        if address
        else t(
            f"全文、全部圖表與資料見本書的 HTML 版與 PDF（tianyuan-{edition}.pdf，與本講義放在同一處）。"
        )
    )
    return rf"""
\begin{{creditsbox}}
\textbf{{{t("原文")}}}　〈{a(article.title)}——{a(article.subtitle)}〉\\
\textbf{{{t("作者")}}}　{a("、".join(article.authors))}　\textbf{{{t("編輯")}}}　{a(article.editor)}\\
\textbf{{{t("來源")}}}　{a(article.source)}，{article.date} {t("刊出")}\\
\textbf{{{t("原文的版權聲明")}}}　{{\rmfamily {tex_escape(rights.notice(article, edition))}}}\\[0.4em]
\textbf{{{t("本講義")}}}　{t("出自")}《{t(book_title())}》{t("版本")} {__version__}，{t(EDITION_LABEL[edition])}（{edition}），{t(BOOK_EDITORS)}{t("編")}，{build_date()}。{where}\\
\textbf{{{t("授權")}}}　{r(rights.REPRODUCTION)}{r(rights.LICENCES)}
\end{{creditsbox}}
"""


def preamble(edition: str, info: dict, running_head: str) -> str:
    """The LaTeX preamble the handout and the packets share: A4, the book's fonts in the
    edition's regional face, document information, the credits box, a running head."""
    t = lambda s: _q(s, edition)  # noqa: E731 - our words
    book = book_title()
    return rf"""\documentclass[a4paper,10pt]{{article}}
\usepackage[margin=2cm,top=2.3cm,bottom=2.2cm,headsep=0.6cm]{{geometry}}
{FONTS.replace("@R@", REGION[edition])}
\renewcommand{{\familydefault}}{{\sfdefault}}
\renewcommand{{\CJKfamilydefault}}{{\CJKsfdefault}}
\linespread{{1.35}}
\usepackage{{graphicx,xcolor,multicol,array,booktabs,enumitem,fancyhdr,titlesec,mdframed,needspace}}
\usepackage{{hyperref}}
% Sections are unnumbered and bookmarked: the PDF opens with its outline (sections,
% exhibits, the questions by chapter, the glossary) in the bookmarks pane.
\setcounter{{secnumdepth}}{{0}}
\hypersetup{{bookmarksopen=true,bookmarksopenlevel=1,pdfpagemode=UseOutlines}}
\pdfstringdefDisableCommands{{\let\tianyuanlatin\relax}}
% the hyphen Sphinx's TeX escaper writes (tex_escape), as Sphinx's own LaTeX defines it
\protected\def\sphinxhyphen#1{{-\kern0pt}}
\pdfstringdefDisableCommands{{\def\sphinxhyphen#1{{-}}}}
{hypersetup(info)}
\hypersetup{{colorlinks=true,linkcolor=black,urlcolor=[HTML]{{0072B2}}}}
\definecolor{{passagebar}}{{HTML}}{{8C6D3F}}
\definecolor{{passagebg}}{{HTML}}{{F6F4EE}}
\newmdenv[linecolor=passagebar,backgroundcolor=passagebg,topline=false,bottomline=false,rightline=false,linewidth=3pt,innerleftmargin=8pt,innertopmargin=6pt,innerbottommargin=6pt]{{creditsbox}}
\setlength{{\parindent}}{{0pt}}
\setlength{{\parskip}}{{0.4em}}
\titleformat{{\section}}{{\Large\bfseries}}{{}}{{0pt}}{{}}
\titleformat{{\subsection}}{{\large\bfseries}}{{}}{{0pt}}{{}}
\titlespacing*{{\section}}{{0pt}}{{0.8em}}{{0.5em}}
\pagestyle{{fancy}}
\fancyhf{{}}
\fancyhead[L]{{\footnotesize {t(book)}}}
\fancyhead[R]{{\footnotesize {running_head} · {t(EDITION_LABEL[edition])}}}
\fancyfoot[C]{{\footnotesize \thepage}}
\renewcommand{{\headrulewidth}}{{0.4pt}}
"""


def handout_tex(edition: str, address: str = "") -> str:
    """The handout's LaTeX source; `@CHARTS@` marks where the charts go (see `charts_tex`)."""
    asked = questions()  # bad teaching files stop here, before any drawing
    terms = glossary()
    article = load_article()
    t = lambda s: _q(s, edition)  # noqa: E731 - our words
    book = book_title()

    timeline = "\n".join(
        rf"{tex_escape(d)} & {tex_escape(s)} & {tex_escape(e)} & {_where(w)}\\"
        for d, s, e, w in timeline_rows(edition)
    )
    question_blocks = []
    for slug, items in asked.items():
        section = article.section(slug)
        title = display(section.heading, edition) if section.heading else ours("導語", edition)
        lines = "\n".join(
            rf"\item[{question_number(slug, n)}] {tex_escape(ours(q['zh'], edition))}\par{{\small\itshape {_en(q['en'])}\par}}"
            for n, q in enumerate(items, 1)
        )
        question_blocks.append(
            rf"\subsection{{{tex_escape(title)}}}"
            + "\n"
            + r"\begin{description}[leftmargin=2.2em,labelwidth=1.8em,itemsep=0.5em,font=\normalfont\bfseries]"
            + f"\n{lines}\n"
            + r"\end{description}"
        )
    terms = "\n".join(
        rf"\item[{tex_escape(ours(g['term'], edition))}] {{\itshape {_en(g['en'])}}}　"
        rf"{tex_escape(ours(g['definition'], edition))}"
        + (
            rf"{{\footnotesize （{t('原文')}：{tex_escape('、'.join(g['paragraphs']))}）}}"
            if g["paragraphs"]
            else ""
        )
        for g in sorted(terms, key=lambda g: ours(g["term"], edition))
    )
    info = {
        "pdftitle": ours(f"{book}：課堂講義", edition),
        "pdfauthor": display("、".join(article.authors), edition)
        + ours(f"（原文作者）；{BOOK_EDITORS}（講義編者）", edition),
        "pdfsubject": ours("課堂個案講義：調查報導", edition)
        + f"〈{display(article.title, edition)}〉"
        + ours("的時間線、課堂用的圖表與名次表、討論題與詞彙表", edition),
        "pdfkeywords": ours("株洲高新區, 天元區, 產業政策, 教學, 講義", edition),
        "pdflang": edition,
    }
    tex = (
        preamble(edition, info, t("課堂講義"))
        + rf"""
\begin{{document}}
{trailer_id(edition, book + " handout")}
{{\footnotesize\color{{gray}} {t("課堂講義")} · Class handout\par}}
\vspace{{0.3em}}
{{\sffamily\bfseries\huge {t(book)}\par}}
\vspace{{0.4em}}
{{\large {t("課堂個案：一篇官方媒體對自家高新區的調查報導")}\par}}
\vspace{{0.8em}}
@CREDITS@
\section{{{t("怎樣用這份講義")}}}
{t("這份講義收錄本書的全書時間線、課堂用到的六張圖表（編號與本書相同，標題與說明只描述圖上有什麼）、名次表、各章的全部討論題（附英文）與詞彙表，可以帶進教室。原文全文見學生講義。討論時請分清原文的說法（標出段落編號，例如 core-06）與外部資料，並注意每個數字的年份、指標與統計範圍。")}

{{\itshape\small {_en("This handout holds the book's timeline, the six exhibits the class uses (numbered as in the book; their titles and captions say what is shown), a rank table, every discussion question (with its English) and the glossary. The full article is in the student packet.")}\par}}
\section{{{t("名次表")}}}
{{\small {t("株洲高新區在各評價體系中的名次，每一列連同參評的園區數。")}\par}}
{rank_table_tex(edition)}
\clearpage
\section{{{t("時間線：從火炬計劃到 2023 年")}}}
{{\small {t("原文提到的每一個有日期的事件，以及三個外部資料點（出處欄為發佈單位）；段落編號指向原文。")}\par}}
\vspace{{0.3em}}
{{\small\linespread{{1.2}}\selectfont
\begin{{tabular}}{{@{{}}>{{\raggedright\arraybackslash}}p{{1.9cm}}>{{\raggedright\arraybackslash}}p{{1.1cm}}>{{\raggedright\arraybackslash}}p{{9.9cm}}>{{\raggedright\arraybackslash}}p{{2.6cm}}@{{}}}}
\toprule
\textbf{{{t("時間")}}} & \textbf{{{t("線索")}}} & \textbf{{{t("事件")}}} & \textbf{{{t("出處")}}}\\
\midrule
{timeline}
\bottomrule
\end{{tabular}}\par}}
\clearpage
\section{{{t("課堂用的圖表")}}}
@CHARTS@
\section{{{t("討論題")}}}
{{\small {t("各章的討論題，與本書各章末的「課堂討論」相同。")}\par}}
{"".join(question_blocks)}
\needspace{{0.25\textheight}}
\section{{{t("詞彙表")}}}
{{\small {t("原文用到的專門詞語；括號內是原文用到它的段落。")}\par}}
\begin{{multicols}}{{2}}\small\raggedright
\begin{{description}}[leftmargin=0pt,itemsep=0.3em,font=\bfseries]
{terms}
\end{{description}}
\end{{multicols}}
\end{{document}}
"""
    )
    return tex.replace("@CREDITS@", credits_block(article, edition, address))


def charts_tex(images: list[dict], edition: str) -> str:
    return "\n".join(exhibit_tex(img, edition) for img in images)


def build(edition: str, out_dir: Path = PDF) -> Path:
    """Write the edition's handout PDF into `out_dir` and return its path (left as it is
    when nothing it is made from changed since it was written)."""
    if edition not in EDITIONS:
        raise HandoutError(None, f"unknown edition {edition!r}; expected one of {EDITIONS}")
    work = BUILD / "editions" / edition / "handout"
    work.mkdir(parents=True, exist_ok=True)
    target = out_dir / handout_name(edition)
    stamp = work / "inputs.sha256"
    digest = book_inputs_digest(f"handout {edition} {target}")
    if target.exists() and stamp.exists() and stamp.read_text("utf-8") == digest:
        return target
    stamp.unlink(missing_ok=True)
    tex = handout_tex(edition, edition_address(edition))  # reads the teaching files first
    images = exhibit_images(edition, work)
    (work / "handout.tex").write_text(tex.replace("@CHARTS@", charts_tex(images, edition)), "utf-8")
    run = subprocess.run(
        ["latexmk", "-xelatex", "-interaction=nonstopmode", "-halt-on-error", "handout.tex"],
        cwd=work,
        capture_output=True,
        text=True,
    )
    if run.returncode != 0:
        log = work / "handout.log"
        tail = log.read_text("utf-8", "replace")[-3000:] if log.exists() else run.stdout[-3000:]
        raise HandoutError(work / "handout.tex", f"xelatex failed:\n{tail}")
    out_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(work / "handout.pdf", target)
    stamp.write_text(digest, "utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tianyuan handout")
    parser.add_argument("edition", choices=EDITIONS)
    args = parser.parse_args(argv)
    path = build(args.edition)  # bad input reaches the command, which prints it
    print(f"tianyuan handout: wrote {path}")
    return 0
