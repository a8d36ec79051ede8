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
from tianyuan.paths import BUILD, PDF, ROOT, handout_name
from tianyuan.teaching.content import glossary, questions
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
    tex_escape,
    trailer_id,
)

# (figure in the book, chapter that holds its caption, data table, chart builder)
CHARTS = (
    ("fig-core-ranking", "core", "ranking_history", "ranking_history"),
    ("fig-core-benchmarks", "core", "benchmarks", "benchmarks"),
    ("fig-dragons-supporting", "dragons", "supporting_rates", "supporting_rates"),
)


class HandoutError(InputError):
    """The handout cannot be made; says which file or step and why."""


def caption(fig_id: str, chapter: str) -> str:
    """The figure's caption as the chapter writes it (our words, in Traditional)."""
    path = ROOT / "book" / f"{chapter}.md"
    text = path.read_text("utf-8")
    m = re.search(
        rf"^```\{{glue:figure\}} {re.escape(fig_id)}\n(?::[^\n]*\n)*\n(.+?)\n```", text, re.M | re.S
    )
    if not m:
        raise HandoutError(path, f"expected a {{glue:figure}} {fig_id} with a caption, found none")
    return " ".join(m.group(1).split())


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


def chart_images(edition: str, folder: Path) -> list[dict]:
    """PNG of each key chart, drawn by the book's builders in the edition's script and face."""
    figures.start(edition)
    out = []
    try:
        for fig_id, chapter, table_name, builder in CHARTS:
            table = data.load(table_name)
            fig = figures.localise(getattr(charts, builder)(table))
            png = folder / f"{fig_id}.png"
            png.write_bytes(static_png(fig))
            out.append(
                {
                    "png": png,
                    "caption": ours(caption(fig_id, chapter), edition),
                    "sources": plain_sources(table, edition),
                }
            )
    finally:
        stop_png_renderer()
    return out


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
    """English words: typographic quotes, set in the Latin face (not as CJK punctuation)."""
    return rf"{{\tianyuanlatinquotes {tex_escape(curly_quotes(text))}}}"


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
            rf"\item {tex_escape(ours(q['zh'], edition))}\par{{\small\itshape {_en(q['en'])}\par}}"
            for q in items
        )
        question_blocks.append(
            rf"\subsection*{{{tex_escape(title)}}}"
            + "\n"
            + r"\begin{enumerate}[leftmargin=1.6em,itemsep=0.5em]"
            + f"\n{lines}\n"
            + r"\end{enumerate}"
        )
    terms = "\n".join(
        rf"\item[{tex_escape(ours(g['term'], edition))}] {{\itshape {_en(g['en'])}}}　"
        rf"{tex_escape(ours(g['definition'], edition))}"
        rf"{{\footnotesize （{t('原文')}：{tex_escape('、'.join(g['paragraphs']))}）}}"
        for g in sorted(terms, key=lambda g: ours(g["term"], edition))
    )
    info = {
        "pdftitle": ours(f"{book}：學生講義", edition),
        "pdfauthor": display("、".join(article.authors), edition)
        + ours(f"（原文作者）；{BOOK_EDITORS}（講義編者）", edition),
        "pdfsubject": ours("課堂個案講義：調查報導", edition)
        + f"〈{display(article.title, edition)}〉"
        + ours("的時間線、關鍵圖表、討論題與詞彙表", edition),
        "pdfkeywords": ours("株洲高新區, 天元區, 產業政策, 教學, 講義", edition),
        "pdflang": edition,
    }
    tex = rf"""
\documentclass[a4paper,10pt]{{article}}
\usepackage[margin=2cm,top=2.3cm,bottom=2.2cm,headsep=0.6cm]{{geometry}}
{FONTS.replace("@R@", REGION[edition])}
\renewcommand{{\familydefault}}{{\sfdefault}}
\renewcommand{{\CJKfamilydefault}}{{\CJKsfdefault}}
\linespread{{1.35}}
\usepackage{{graphicx,xcolor,multicol,array,booktabs,enumitem,fancyhdr,titlesec,mdframed}}
\usepackage{{hyperref}}
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
\fancyhead[R]{{\footnotesize {t("學生講義")} · {t(EDITION_LABEL[edition])}}}
\fancyfoot[C]{{\footnotesize \thepage}}
\renewcommand{{\headrulewidth}}{{0.4pt}}
\begin{{document}}
{trailer_id(edition, book + " handout")}
{{\footnotesize\color{{gray}} {t("學生講義")} · Student handout\par}}
\vspace{{0.3em}}
{{\sffamily\bfseries\huge {t(book)}\par}}
\vspace{{0.4em}}
{{\large {t("課堂個案：一篇官方媒體對自家高新區的調查報導")}\par}}
\vspace{{0.8em}}
@CREDITS@
\section*{{{t("怎樣用這份講義")}}}
{t("這份講義收錄本書的全書時間線、三張關鍵圖表、各章的全部討論題（附英文）與詞彙表，可在課前印發。原文全文、每一個數字的出處與查核，以及各章的評註，見本書。討論時請分清原文的說法（標出段落編號，例如 core-06）與外部資料，並注意每個數字的年份、指標與統計範圍。")}

{{\itshape\small {_en("This handout holds the book's timeline, three key charts, every discussion question (with its English) and the glossary. The full article, the source of every number and the commentary are in the book.")}\par}}
\clearpage
\section*{{{t("時間線：從火炬計劃到 2023 年")}}}
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
\section*{{{t("關鍵圖表")}}}
@CHARTS@
\section*{{{t("討論題")}}}
{{\small {t("各章的討論題，與本書各章末的「課堂討論」相同。")}\par}}
{"".join(question_blocks)}
\section*{{{t("詞彙表")}}}
{{\small {t("原文用到的專門詞語；括號內是原文用到它的段落。")}\par}}
\begin{{multicols}}{{2}}\small\raggedright
\begin{{description}}[leftmargin=0pt,itemsep=0.3em,font=\bfseries]
{terms}
\end{{description}}
\end{{multicols}}
\end{{document}}
"""
    return tex.replace("@CREDITS@", credits_block(article, edition, address))


def charts_tex(images: list[dict], edition: str) -> str:
    blocks = []
    for n, img in enumerate(images, 1):
        blocks.append(
            rf"""\begin{{minipage}}{{\linewidth}}
\centering\includegraphics[width=\linewidth,height=0.4\textheight,keepaspectratio]{{{img["png"].name}}}\par
\vspace{{0.2em}}\raggedright\small\textbf{{{_q("圖", edition)} {n}}}　{tex_escape(img["caption"])}\par
{{\footnotesize {tex_escape(img["sources"])}\par}}
\end{{minipage}}
\vspace{{1.2em}}
"""
        )
    return "\n".join(blocks)


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
    images = chart_images(edition, work)
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
