"""The print edition's TeX: settings per edition (xelatex + xeCJK, Noto CJK of the right
region), the title page and colophon, and text helpers (escaping, quotes, column widths).
No Sphinx application here (only Sphinx's own TeX escaper, so that our text and the
doctree's are escaped alike): `tianyuan.sphinxext.latex` makes the doctree changes.

The regional face matters: Noto's JP, SC and TC faces draw 骨, 令, 直 differently, and
a Chinese book set in Japanese glyph forms is a typesetting error. Traditional is set
in the TC faces, Simplified in SC.

Voices and sizes: the article (the reason the book exists) in 11 pt serif, our
commentary in 10 pt sans, both with the leading Chinese wants (about 1.7).

Structure: title page and verso, contents, the front page as 「關於本書」, all with roman
page numbers; each part of `_toc.yml` opens with a part page (arabic numbering starts
with the first numbered part); parts that are not numbered have unnumbered chapters;
the part under `book/appendix/` is set as 附錄 A, B, C …; a colophon ends the book.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from datetime import date
from importlib import metadata

from sphinx.util import texescape

from tianyuan import __version__
from tianyuan.charts.output import PRINT_IMAGE_SHARE
from tianyuan.text import rights
from tianyuan.text.article import Article
from tianyuan.text.convert import display, ours

REGION = {"zh-Hant": "TC", "zh-Hans": "SC"}
# Who made the reading edition (the article's own authors come from the seed).
BOOK_EDITORS = "天元讀本編輯組"
EDITION_LABEL = {"zh-Hant": "繁體版", "zh-Hans": "簡體版"}  # our words: through ours()
APPENDIX_FOLDER = "book/appendix/"

FONTS = r"""
\usepackage{fontspec}
\setmainfont{DejaVu Serif}[Scale=0.9]
\setsansfont{DejaVu Sans}[Scale=0.9]
\setmonofont{DejaVu Sans Mono}[Scale=0.8]
\usepackage[CJKmath=true]{xeCJK}
\setCJKmainfont{Noto Serif CJK @R@}[BoldFont={Noto Serif CJK @R@ Bold}]
\setCJKsansfont{Noto Sans CJK @R@}[BoldFont={Noto Sans CJK @R@ Bold}]
\setCJKmonofont{Noto Sans Mono CJK @R@}
\xeCJKsetup{CJKspace=false}
% Quotes, …… and —— in Chinese text are full-width CJK punctuation in the CJK face
% (xeCJK's classes). The CJK faces draw … with the glyph they also use for ⋯ (U+22EF),
% whose ToUnicode says U+22EF: XeTeX's ActualText spans keep the characters as typed, so
% that copied and extracted text is the article's own (……, not ⋯⋯).
\XeTeXgenerateactualtext=1
% Quotes, … and — in Latin text (marked `latin-punctuation` by tianyuan.latex.PrintQuotes,
% or by tianyuan.typeset.tex.latin_tex) take the Latin face and width.
\newcommand{\tianyuanlatin}{%
  \xeCJKDeclareCharClass{HalfLeft}{"2018,"201C}\xeCJKDeclareCharClass{HalfRight}{"2019,"201D}%
  \xeCJKDeclareCharClass{Default}{"2014,"2026}}
"""

# Our voice in sans, the article's in serif with a bar and a tint, as in the HTML.
# @…@ markers are our words, filled in per edition by `preamble()`.
PREAMBLE = r"""
\makeatletter
% --- voices, sizes and leading -------------------------------------------------------
\renewcommand{\familydefault}{\sfdefault}
\renewcommand{\CJKfamilydefault}{\CJKsfdefault}
\linespread{1.4}% 10 pt on 16.8 pt: Chinese wants more leading than Latin
\newcommand{\tianyuanarticlesize}{\fontsize{11pt}{13.2pt}\selectfont}% 11 pt on 18.5 pt
\setlength{\emergencystretch}{1.5em}
\usepackage{framed}
\usepackage{needspace}
\definecolor{passagebar}{HTML}{8C6D3F}
\definecolor{passagebg}{HTML}{F6F4EE}
\newenvironment{sphinxclassarticle-passage}{%
  \def\FrameCommand{{\color{passagebar}\vrule width 3pt}\colorbox{passagebg}}%
  \MakeFramed{\advance\hsize-\width\FrameRestore}\rmfamily\tianyuanarticlesize}%
  {\endMakeFramed}
\expandafter\def\csname DUrolepassage-id\endcsname#1{{\ttfamily\scriptsize\color{passagebar}#1}\enspace}
\expandafter\def\csname DUrolekeep-script\endcsname#1{#1}
\expandafter\def\csname DUrolelatin-punctuation\endcsname#1{{\tianyuanlatin#1}}
\newenvironment{sphinxclassarticle-masthead}{\rmfamily\tianyuanarticlesize}{}
\newenvironment{sphinxclassarticle-credits}{\rmfamily\small}{}
\newenvironment{sphinxclassarticle-captions}{\rmfamily}{}
\newenvironment{sphinxclasssynopsis}{\small}{}
% Chart notes: the source line and the print table, ragged right; the table's title stays
% with its first rows.
\newenvironment{sphinxclasssource-line}{\par\small\raggedright}{\par}
% The claims ledger: ragged right, since a line holding an id or an address would
% otherwise be justified by spreading its Chinese characters apart (外 部 資 料 ：)
\newenvironment{sphinxclassclaim-body}{\par\raggedright}{\par}
% (\Needspace decides at once: the soft \needspace would let the break fall after a
% longtable has taken over the output routine, leaving an empty table foot behind)
\newenvironment{sphinxclassprint-chart-data}{\par\Needspace{6\baselineskip}\small\raggedright}{\par}
% --- charts (see tianyuan.latex.PrintFigures) -----------------------------------------
% A chart (image, caption, sources) is boxed and set where it is called when it fits. When
% it does not and the page is less than half full, it is held: its data table and the
% text after it fill the page, and the chart is set at the first paragraph (or section)
% where it fits, or opens the next page once this one is half full; a chapter or part
% never starts with a chart held. (A float would do the same but waits for a data table
% that breaks across pages to end; [H] left the page before a chart half empty.)
\newbox\tianyuan@chart
\newif\iftianyuan@chartheld
\newcommand{\tianyuanchartstart}{\par\global\setbox\tianyuan@chart\vbox\bgroup}
\newcommand{\tianyuanchartend}{\par\egroup}
\newcommand{\tianyuan@chartnow}{\global\tianyuan@chartheldfalse\par\box\tianyuan@chart\par}
% #1 if the chart fits on this page (or the page is empty), else #2
\newcommand{\tianyuan@chartfits}[2]{\par
  \dimen@=\pagegoal \advance\dimen@-\pagetotal
  \dimen@ii=\ht\tianyuan@chart \advance\dimen@ii\dp\tianyuan@chart
  \ifdim\pagegoal=\maxdimen #1\else\ifdim\dimen@ii<\dimen@ #1\else #2\fi\fi}
\newcommand{\tianyuan@halffull}[2]{\ifdim\pagetotal<0.5\pagegoal #2\else #1\fi}
\newcommand{\tianyuanchartplace}{\ifinner\tianyuan@chartnow\else
  \tianyuan@chartfits{\tianyuan@chartnow}%
    {\tianyuan@halffull{\newpage\tianyuan@chartnow}{\global\tianyuan@chartheldtrue}}\fi}
\newcommand{\tianyuanchartflush}{\iftianyuan@chartheld\ifinner\else
  \tianyuan@chartfits{\tianyuan@chartnow}{\tianyuan@halffull{\newpage\tianyuan@chartnow}{}}\fi\fi}
\newcommand{\tianyuanchartforce}{\iftianyuan@chartheld
  \tianyuan@chartfits{\tianyuan@chartnow}{\newpage\tianyuan@chartnow}\fi}
\AtBeginDocument{\let\tianyuan@atstartpar\sphinxAtStartPar
  \def\sphinxAtStartPar{\ifvmode\tianyuanchartflush\fi\tianyuan@atstartpar}}
\AddToHook{cmd/section/before}{\par\tianyuanchartflush}
\AddToHook{cmd/chapter/before}{\par\tianyuanchartforce}
\AtEndDocument{\par\tianyuanchartforce}
% a figure's number stands apart from its caption by a space, as in Chinese books and the
% HTML edition (「圖 3.1　左邊是……」), not by LaTeX's Latin colon; the number in bold
\long\def\@makecaption#1#2{\vskip\abovecaptionskip
  \sbox\@tempboxa{{\bfseries #1}\quad #2}%
  \ifdim\wd\@tempboxa>\hsize {\bfseries #1}\quad #2\par
  \else\global\@minipagefalse\hb@xt@\hsize{\box\@tempboxa\hfil}\fi
  \vskip\belowcaptionskip}
% a figure and its caption fit on one page, under the running head and over the foot:
% an image takes at most @IMAGESHARE@ of the text block (Sphinx's default is all of it)
\AtBeginDocument{\spx@image@maxheight=@IMAGESHARE@\textheight}
% an admonition's title (本章提要, English) never ends a page
\AddToHook{env/sphinxadmonition/before}{\Needspace{6\baselineskip}}
\setlength{\headheight}{15pt}% the running head at 1.4 leading
% --- tables: smaller type, ragged-right columns (widths from tianyuan.latex.PrintTables)
\newcommand{\tianyuantablefont}{\footnotesize\linespread{1.2}\selectfont}
\let\tianyuan@attablestart\sphinxattablestart
\def\sphinxattablestart{\tianyuantablefont\tianyuan@attablestart}
\let\tianyuan@atlongtablestart\sphinxatlongtablestart
\def\sphinxatlongtablestart{\tianyuantablefont\tianyuan@atlongtablestart}
% an uncaptioned long table says 「接上頁」, not 「表 1.1 – 接上頁」 of a table with no number
\renewcommand{\sphinxtablecontinued}[1]{\begingroup\def\tablename{}\def\thetable{}%
  \let\textendash\relax\footnotesize\color{gray}\ignorespaces#1\endgroup}
\newcolumntype{\X}[2]{>{\raggedright\arraybackslash}p{\dimexpr
      (\linewidth-\spx@arrayrulewidth)*#1/#2-\tw@\tabcolsep-\spx@arrayrulewidth\relax}}
% --- headings ------------------------------------------------------------------------
\setcounter{tocdepth}{1}
\newcommand{\tianyuanchapterlabel}{@CHAPTER@}
\titleformat{\chapter}[display]{\sffamily\bfseries\huge}{\tianyuanchapterlabel}{10pt}{\Huge}
\titlespacing*{\chapter}{0pt}{0pt}{24pt}
\AtBeginDocument{\renewcommand{\chaptermark}[1]{%
  \markboth{\ifnum\value{secnumdepth}>-1 \tianyuanchapterlabel\quad\fi #1}{}}}
\newcommand{\tianyuanpartname}[1]{第\ifcase#1\or 一\or 二\or 三\or 四\or 五\or 六\fi 部}
\newcounter{tianyuanpart}
% --- book structure (see tianyuan.latex.PrintStructure) -------------------------------
% Front matter: unnumbered chapters, roman page numbers, only chapters in the contents.
\newcommand{\tianyuanfrontmatter}{\setcounter{secnumdepth}{-1}%
  \addtocontents{toc}{\protect\setcounter{tocdepth}{0}}}
% Main matter: arabic numbering from here (once), numbered chapters and their sections.
\newif\iftianyuan@main
\newcommand{\tianyuanmainmatter}{\iftianyuan@main\else
  \global\tianyuan@maintrue\par\tianyuanchartforce\clearpage\pagenumbering{arabic}\fi
  \setcounter{secnumdepth}{1}\addtocontents{toc}{\protect\setcounter{tocdepth}{1}}}
% A part of _toc.yml whose chapters are not numbered (and not listed by section).
\newcommand{\tianyuanunnumbered}{\setcounter{secnumdepth}{-1}%
  \addtocontents{toc}{\protect\setcounter{tocdepth}{0}}}
% A part page: its name and title; in the contents as a part.
\newcommand{\tianyuanpart}[1]{%
  \par\tianyuanchartforce\clearpage\stepcounter{tianyuanpart}\thispagestyle{empty}\markboth{}{}%
  \phantomsection\addcontentsline{toc}{part}{%
    \tianyuanpartname{\value{tianyuanpart}}\texorpdfstring{\quad}{ }#1}%
  \vspace*{0.28\textheight}%
  {\centering\sffamily\bfseries\Large\tianyuanpartname{\value{tianyuanpart}}\par
   \vspace{1.2em}\Huge #1\par}%
  \clearpage}
% Appendices: 附錄 A, B, C … in headings, running heads and the contents.
\newcommand{\tianyuanappendixtoc}{\def\numberline##1{\hb@xt@ 4.6em{@APPENDIX@\,##1\hfil}}}
\newcommand{\tianyuanappendix}{%
  \par\tianyuanchartforce\clearpage\appendix\setcounter{secnumdepth}{1}%
  \renewcommand{\tianyuanchapterlabel}{@APPENDIX@\,\thechapter}%
  \addtocontents{toc}{\protect\setcounter{tocdepth}{0}\protect\addvspace{1em}%
    \protect\tianyuanappendixtoc}}
% The colophon: an unnumbered chapter at the very end.
\newcommand{\tianyuancolophon}{\par\tianyuanchartforce\clearpage\setcounter{secnumdepth}{-1}%
  \addtocontents{toc}{\protect\addvspace{1em}}}
\sphinxsetup{TitleColor={HTML}{222222}, InnerLinkColor={HTML}{0072B2}, OuterLinkColor={HTML}{0072B2}}
\makeatother
"""


# Sphinx fills its escaping tables when a LaTeX builder starts; the handout has none.
texescape.init()


def tex_escape(text: str) -> str:
    r"""Plain text as xelatex reads it, escaped by Sphinx's own escaper (one character at a
    time, so a backslash's `{}` is never escaped again): the book's doctree text and ours
    alike. A hyphen becomes `\sphinxhyphen{}` (no `--` ligature), which Sphinx's LaTeX
    defines and the handout's preamble defines the same way."""
    return texescape.escape(text, "xelatex")


def build_date() -> str:
    """The date the edition is built (SOURCE_DATE_EPOCH, when set, for reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return (date.fromtimestamp(int(epoch)) if epoch else date.today()).isoformat()


def preamble(edition: str) -> str:
    return (
        PREAMBLE.replace("@CHAPTER@", r"第\,\thechapter\,章")
        .replace("@APPENDIX@", ours("附錄", edition))
        .replace("@IMAGESHARE@", f"{PRINT_IMAGE_SHARE:g}")
    )


def pdf_info(article: Article, edition: str, book_title: str) -> dict[str, str]:
    """The PDF's document information: title, authors and editors, subject, keywords, language."""
    authors = display("、".join(article.authors), edition)
    return {
        "pdftitle": ours(book_title, edition),
        "pdfauthor": authors
        + ours("（原文作者）；", edition)
        + ours(f"{BOOK_EDITORS}（評註、資料與圖表）", edition),
        "pdfsubject": ours("調查報導", edition)
        + f"〈{display(article.title, edition)}——{display(article.subtitle, edition)}〉"
        + ours(f"（{article.date}）的讀本：全文、逐段評註、資料與圖表", edition),
        "pdfkeywords": ours(
            "株洲高新區, 天元區, 國家級高新區, 產業政策, 調查報導, 讀本, " + EDITION_LABEL[edition],
            edition,
        ),
        "pdflang": edition,
        "pdfcreator": f"Jupyter Book {_version('jupyter-book')}, Sphinx {_version('sphinx')}, "
        "XeLaTeX, xeCJK",
    }


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "?"


def trailer_id(edition: str, book_title: str) -> str:
    """The PDF's /ID: its own per edition and build (xdvipdfmx would give the two PDFs,
    built from `tianyuan.tex` in the same second, the same one)."""
    seed = f"{book_title}\0{edition}\0{__version__}\0{build_date()}"
    digest = hashlib.md5(seed.encode("utf-8")).hexdigest()  # an ID (MD5 as PDF's), not a secret
    return rf"\special{{pdf:trailerid [<{digest}> <{digest}>]}}"


LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]+)*")


def hypersetup(info: dict[str, str]) -> str:
    r"""hyperref's document information. The text fields are escaped (hyperref turns them
    into PDF strings, `\sphinxhyphen{}` back into a hyphen); the language is a BCP 47 tag,
    which hyperref writes as it stands, so it goes in unescaped and must be one."""

    def value(key: str, text: str) -> str:
        if key != "pdflang":
            return tex_escape(text)
        if not LANGUAGE_TAG.fullmatch(text):
            raise ValueError(f"pdflang: expected a language tag such as zh-Hant, found {text!r}")
        return text

    keys = ",\n  ".join(f"{k}={{{value(k, v)}}}" for k, v in info.items())
    return rf"\hypersetup{{{keys}}}"


def html_edition_text(edition: str, baseurl: str) -> str:
    """Where the HTML edition is: its address when `html.baseurl` is configured, otherwise
    where the build puts it beside this PDF (no address is made up)."""
    if baseurl:
        return ours("本書 HTML 版：", edition) + rf"\url{{{baseurl}}}"
    return tex_escape(
        ours(
            "與這份 PDF 一同建置、一同發佈：這份 PDF 所在的 pdf 目錄旁，"
            f"{edition}/index.html 就是本版的首頁（本書沒有設定網址）。",
            edition,
        )
    )


def title_page(article: Article, edition: str, book_title: str, baseurl: str = "") -> str:
    """Title page and its verso: the source, the notice and the rights as they are."""
    t = lambda s: tex_escape(ours(s, edition))  # noqa: E731 - our words
    a = lambda s: tex_escape(display(s, edition))  # noqa: E731 - the article's words
    r = lambda s: tex_escape(rights.statement(s, article, edition))  # noqa: E731 - rights
    authors = "、".join(article.authors)
    credits = "\\\\\n".join(a(line) for line in article.credits)
    return rf"""
\pagenumbering{{roman}}
\begin{{titlepage}}
{trailer_id(edition, book_title)}
\centering
\vspace*{{3cm}}
{{\sffamily\Huge\bfseries {t(book_title)}\par}}
\vspace{{2.5cm}}
{{\rmfamily\LARGE {a(article.title)}\par}}
\vspace{{0.6em}}
{{\rmfamily\Large ——{a(article.subtitle)}\par}}
\vspace{{2cm}}
{{\large {t("原文作者")}\quad {a(authors)}\par}}
\vspace{{0.5em}}
{{\large {t("來源")}\quad {a(article.source)}\quad {article.date}\par}}
\vfill
{{\normalsize {t("讀本：評註、資料與圖表")}\quad {t(BOOK_EDITORS)}\par}}
\vspace{{0.3em}}
{{\small {t(EDITION_LABEL[edition])}（{edition}）\quad {t("版本")} {__version__}\quad {build_date()}\par}}
\end{{titlepage}}
\thispagestyle{{empty}}
\vspace*{{\fill}}
\noindent{{\small\raggedright
{t("本書收錄的調查報導，原題")}〈{a(article.title)}——{a(article.subtitle)}〉，
{t("作者")} {a(authors)}，{t("來源")} {a(article.source)}，{article.date} {t("刊出")}。
{t("原文刊出時的版尾資訊與版權聲明照錄如下。原文的詞句不改，只作字形轉換，並依中文排版把半形標點排成全形。")}
\par\medskip
{{\rmfamily {credits}}}
\par\medskip
{r(rights.REPRODUCTION)}
{r(rights.NO_ADDRESS)}
\par\medskip
{t("原文以襯線字體、左側色條標示；評註、圖說與資料說明以無襯線字體排印。互動圖表、資料下載與全文搜尋見本書 HTML 版（位置見書末〈版本說明〉）。")}
\par\medskip
{r(rights.LICENCES)}
\par}}
\clearpage
"""


def colophon(article: Article, edition: str, book_title: str, baseurl: str = "") -> str:
    """The last page: edition, version, build date, fonts and tools, where the HTML edition
    is, and the rights."""
    t = lambda s: tex_escape(ours(s, edition))  # noqa: E731 - our words
    r = lambda s: tex_escape(rights.statement(s, article, edition))  # noqa: E731 - rights
    region = REGION[edition]
    tools = ", ".join(
        f"{name} {_version(package)}"
        for name, package in (
            ("Jupyter Book", "jupyter-book"),
            ("Sphinx", "sphinx"),
            ("MyST-NB", "myst-nb"),
            ("OpenCC", "opencc"),
            ("plotly", "plotly"),
            ("kaleido", "kaleido"),
        )
    )
    rows = [
        (t("書名"), t(book_title)),
        (t("版本"), rf"{t(EDITION_LABEL[edition])}（{edition}），{t('版本')} {__version__}"),
        (t("建置日期"), build_date()),
        (
            t("字型"),
            rf"Noto Serif CJK {region}{t('（原文）')}、Noto Sans CJK {region}{t('（評註、圖表）')}、"
            rf"Noto Sans Mono CJK {region}、DejaVu Serif / Sans / Sans Mono{t('（拉丁字母與程式碼）')}",
        ),
        (
            t("排版"),
            r"XeLaTeX（XeTeX \the\XeTeXversion\XeTeXrevision）、xeCJK "
            r"\csname ver@xeCJK.sty\endcsname",
        ),
        (t("建置工具"), tex_escape(tools)),
        (t("HTML 版"), html_edition_text(edition, baseurl)),
        (t("授權"), r(rights.LICENCES) + r(rights.REPRODUCTION)),
    ]
    body = "\n".join(rf"\item[{k}] {v}" for k, v in rows)
    return rf"""
\tianyuancolophon
\chapter{{{t("版本說明")}}}
\begin{{description}}\raggedright
{body}
\end{{description}}
"""


def latex_elements(
    article: Article, edition: str, book_title: str, baseurl: str = ""
) -> dict[str, str]:
    return {
        "papersize": "a4paper",
        "pointsize": "10pt",
        # twoside for the running heads; chapters open on any page (no blank pages)
        "extraclassoptions": "openany",
        "fontpkg": FONTS.replace("@R@", REGION[edition]),
        "preamble": preamble(edition) + hypersetup(pdf_info(article, edition, book_title)),
        "babel": "",
        "polyglossia": "",
        "fncychap": "",
        "maketitle": title_page(article, edition, book_title, baseurl),
        "printindex": "",
        "makeindex": "",  # no index in this book (the glossary terms would start one)
        # Sphinx names the contents after the first toctree caption; a book says 目錄.
        # Its own \sphinxtableofcontents would restart roman numbering and start arabic
        # here; the book keeps roman numbers through the front page (see PrintStructure).
        "tableofcontents": rf"\renewcommand{{\contentsname}}{{{ours('目錄', edition)}}}"
        r"\begingroup\parskip 0pt\sphinxtableofcontentshook\tableofcontents\endgroup\clearpage",
        "atendofbody": colophon(article, edition, book_title, baseurl),
        "figure_align": "H",
        "extrapackages": r"\usepackage{float}",
    }


_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_OPENS_AFTER = set(" \t\n([{“‘—–/-") | {""}


def curly_quotes(text: str, before: str = "") -> str:
    """Straight quotes as typographic ones (TeX would print every ' as a closing quote):
    an apostrophe between letters, an opening quote after a space or bracket, else closing.
    `before` is the character preceding `text` in its paragraph."""
    out = []
    for i, ch in enumerate(text):
        prev = text[i - 1] if i else before
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if ch == "'":
            if prev.isalnum() and nxt.isalpha():
                out.append("’")
            else:
                out.append("‘" if prev in _OPENS_AFTER and nxt.strip() else "’")
        elif ch == '"':
            out.append("“" if prev in _OPENS_AFTER and nxt.strip() else "”")
        else:
            out.append(ch)
    return "".join(out)


_CJK_PUNCTUATION = re.compile("[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]")
_LATIN_LETTER = re.compile("[A-Za-z]")
_RUNS = "…—"  # the ellipsis and the dash, which Chinese doubles (……, ——)


def _chinese(ch: str) -> bool:
    return bool(ch) and bool(_HAN.match(ch) or _CJK_PUNCTUATION.match(ch))


def latin_punctuation(text: str) -> set[int]:
    """Positions of the quotes, ellipses and dashes that belong to Latin text (set in the
    Latin face); the others are Chinese punctuation (full-width, in the CJK face).

    An apostrophe between Latin letters is Latin. A quotation is Latin when it holds no Han
    character and either holds a Latin word or stands between non-Chinese characters: the
    zone's “one zone” is English, 構建“3+3+2”體系 Chinese. An ellipsis or a dash (or a run of
    them) is Latin unless a Han character or Chinese punctuation touches it."""
    found = set()
    pairs = {"“": "”", "‘": "’"}
    closing = {v: k for k, v in pairs.items()}
    for i, ch in enumerate(text):
        if ch in _RUNS:
            start, end = i, i
            while start > 0 and text[start - 1] in _RUNS:
                start -= 1
            while end + 1 < len(text) and text[end + 1] in _RUNS:
                end += 1
            if not (_chinese(text[start - 1 : start]) or _chinese(text[end + 1 : end + 2])):
                found.add(i)
        elif ch in "‘’" and _latin_letter(text, i - 1) and _latin_letter(text, i + 1):
            found.add(i)
        elif ch in pairs:
            end = _closing_quote(text, i, pairs[ch])
            if _latin_quotation(text, i, end):
                found.add(i)
        elif ch in closing:
            start = text.rfind(closing[ch], 0, i)
            if _latin_quotation(text, start, i) or (start < 0 and _latin_letter(text, i - 1)):
                found.add(i)  # (the second: an apostrophe after a word, as in cadres’)
    return found


def _latin_quotation(text: str, start: int, end: int) -> bool:
    """`start` and `end`: the quotation's opening and closing quotes (-1 and len(text) when
    the paragraph has none)."""
    inside = text[max(start + 1, 0) : end]
    if _HAN.search(inside):
        return False
    if _LATIN_LETTER.search(inside):
        return True
    outside = (text[start - 1 : start] if start > 0 else "") + text[end + 1 : end + 2]
    return not any(_chinese(c) for c in outside)


def latin_tex(text: str) -> str:
    r"""Text for LaTeX, escaped, its Latin quotes, ellipses and dashes marked to take the
    Latin face (`\tianyuanlatin`); Chinese ones stay full-width CJK punctuation."""
    out, last = [], 0
    for i in sorted(latin_punctuation(text)):
        out.append(tex_escape(text[last:i]) + rf"{{\tianyuanlatin {text[i]}}}")
        last = i + 1
    return "".join(out) + tex_escape(text[last:])


def _latin_letter(text: str, i: int) -> bool:
    return 0 <= i < len(text) and text[i].isascii() and text[i].isalnum()


def _closing_quote(text: str, i: int, mark: str) -> int:
    j = text.find(mark, i + 1)
    while j > 0 and mark == "’" and _latin_letter(text, j - 1) and _latin_letter(text, j + 1):
        j = text.find(mark, j + 1)  # an apostrophe inside the quotation
    return j if j > 0 else len(text)


def display_width(text: str) -> int:
    """Width in half-ems at the table's size: a Chinese character counts two, a Latin one
    a little more than one (rounded up)."""
    wide = sum(1 for c in text if unicodedata.east_asian_width(c) in "WF")
    return 2 * wide + -(-(len(text) - wide) * 6 // 5)


def _longest_token(text: str) -> int:
    """The widest piece a line cannot break inside: a Latin word or number (CJK breaks
    anywhere). A Latin letter of the table face is a little wider than half an em."""
    words = re.findall(r"[!-~]+", text)
    return max([-(-len(w) * 6 // 5) for w in words] + [2 if text.strip() else 0])


# Half-ems (at the table's size) across the type area, and each column's padding.
TABLE_WIDTH = 104
COLUMN_PADDING = 3
# Longer tables, and every chart's data, are set as longtable: they start on the page
# where their title is, after as little as their head and a row.
LONG_TABLE_ROWS = 8


def column_widths(header: list[str], rows: list[list[str]]) -> list[int]:
    """Relative column widths from the cells' contents: a column gets its widest cell if
    that fits its share of the line; the rest of the line is shared by the wide columns in
    proportion to their widest cells, never below their longest unbreakable word."""
    n = len(header)
    columns = [[r[j] for r in rows if j < len(r)] for j in range(n)]
    natural = [
        max([display_width(c) for c in col] + [min(display_width(h), 12), 4])
        for h, col in zip(header, columns, strict=True)
    ]
    least = [min(max([_longest_token(c) for c in col] + [4]), 24) for col in columns]
    room = max(TABLE_WIDTH - n * COLUMN_PADDING, n * 4)
    widths = list(natural)
    flexible = set(range(n))
    left = room
    while flexible:
        share = left / len(flexible)
        settled = {j for j in flexible if natural[j] <= share}
        if not settled:
            break
        for j in settled:
            left -= natural[j]
        flexible -= settled
    if flexible:
        total = sum(natural[j] for j in flexible)
        for j in flexible:
            widths[j] = max(least[j], round(left * natural[j] / total))
    return [w + COLUMN_PADDING for w in widths]
