"""The print edition: LaTeX settings per edition (xelatex + xeCJK, Noto CJK of the right region).

The regional face matters: Noto's JP, SC and TC faces draw 骨, 令, 直 differently, and
a Chinese book set in Japanese glyph forms is a typesetting error. Traditional is set
in the TC faces, Simplified in SC.
"""

from __future__ import annotations

from datetime import date

from tianyuan.article import Article
from tianyuan.convert import display, ours

REGION = {"zh-Hant": "TC", "zh-Hans": "SC"}

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
% The CJK faces draw … with a glyph whose ToUnicode is U+22EF, so copied text would
% differ from the article: set the ellipsis in the Latin face.
\xeCJKDeclareCharClass{Default}{"2026}
"""

# Our voice in sans, the article's in serif with a bar and a tint, as in the HTML.
PREAMBLE = r"""
\renewcommand{\familydefault}{\sfdefault}
\renewcommand{\CJKfamilydefault}{\CJKsfdefault}
\linespread{1.25}
\usepackage{framed}
\definecolor{passagebar}{HTML}{8C6D3F}
\definecolor{passagebg}{HTML}{F6F4EE}
\newenvironment{sphinxclassarticle-passage}{%
  \def\FrameCommand{{\color{passagebar}\vrule width 3pt}\colorbox{passagebg}}%
  \MakeFramed{\advance\hsize-\width\FrameRestore}\rmfamily\small}%
  {\endMakeFramed}
\expandafter\def\csname DUrolepassage-id\endcsname#1{{\ttfamily\scriptsize\color{passagebar}#1}\enspace}
\expandafter\def\csname DUrolekeep-script\endcsname#1{#1}
\newenvironment{sphinxclassarticle-masthead}{\rmfamily}{}
\newenvironment{sphinxclassarticle-credits}{\rmfamily\small}{}
\newenvironment{sphinxclassarticle-captions}{\rmfamily\small}{}
\newenvironment{sphinxclasssynopsis}{\small}{}
\setcounter{tocdepth}{1}
\titleformat{\chapter}[display]{\sffamily\bfseries\huge}{第\,\thechapter\,章}{10pt}{\Huge}
\titlespacing*{\chapter}{0pt}{0pt}{24pt}
\AtBeginDocument{\renewcommand{\chaptermark}[1]{\markboth{\ifnum\value{secnumdepth}>-1 第\,\thechapter\,章\quad\fi #1}{}}}
% The front page is unnumbered front matter; numbering starts with the lede (see book/lede.md).
\newcommand{\tianyuanfrontmatter}{\setcounter{secnumdepth}{-1}}
\newcommand{\tianyuanmainmatter}{\setcounter{secnumdepth}{1}}
\sphinxsetup{TitleColor={HTML}{222222}, InnerLinkColor={HTML}{0072B2}, OuterLinkColor={HTML}{0072B2}}
"""


def _tex(text: str) -> str:
    """Escape LaTeX's special characters in a line of plain text."""
    out = text
    for a, b in (
        ("\\", r"\textbackslash{}"),
        ("&", r"\&"),
        ("%", r"\%"),
        ("$", r"\$"),
        ("#", r"\#"),
        ("_", r"\_"),
        ("{", r"\{"),
        ("}", r"\}"),
        ("~", r"\~{}"),
        ("^", r"\^{}"),
    ):
        out = out.replace(a, b)
    return out


def title_page(article: Article, edition: str, book_title: str) -> str:
    """Title page and its verso: the source credited as its notice asks (source, title, authors)."""
    t = lambda s: _tex(ours(s, edition))  # noqa: E731 - our words
    a = lambda s: _tex(display(s, edition))  # noqa: E731 - the article's words
    authors = "、".join(article.authors)
    credits = "\\\\\n".join(a(line) for line in article.credits)
    built = date.today().isoformat()
    return rf"""
\begin{{titlepage}}
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
{{\normalsize {t("讀本:評註、資料與圖表 天元讀本編輯組")}\par}}
{{\small {t("繁體版" if edition == "zh-Hant" else "簡體版")}({edition})\quad {built}\par}}
\end{{titlepage}}
\clearpage
\thispagestyle{{empty}}
\vspace*{{\fill}}
\noindent{{\small
{t("本書收錄的調查報導，原題")}〈{a(article.title)} ——{a(article.subtitle)}〉，
{t("作者")} {a(authors)}，{t("來源")} {a(article.source)}，{article.date} {t("刊出")}。
{t("原文的版權聲明如下；本書依此註明來源、原標題與著作者名。原文的詞句不改，只作字形轉換，並依中文排版把半形標點排成全形。")}
\par\medskip
{{\rmfamily {credits}}}
\par\medskip
{t("原文以襯線字體、左側色條標示;評註、圖說與資料說明以無襯線字體排印。互動圖表、資料表下載與全文搜尋見本書 HTML 版。")}
}}
\clearpage
"""


def latex_elements(article: Article, edition: str, book_title: str) -> dict[str, str]:
    return {
        "papersize": "a4paper",
        "pointsize": "11pt",
        "fontpkg": FONTS.replace("@R@", REGION[edition]),
        "preamble": PREAMBLE,
        "babel": "",
        "polyglossia": "",
        "fncychap": "",
        "maketitle": title_page(article, edition, book_title),
        "printindex": "",
        "makeindex": "",  # no index in this book (the glossary terms would start one)
        # Sphinx names the contents after the first toctree caption; a book says 目錄
        "tableofcontents": rf"\renewcommand{{\contentsname}}{{{ours('目錄', edition)}}}"
        r"\sphinxtableofcontents",
        "figure_align": "H",
        "extrapackages": r"\usepackage{float}",
    }
