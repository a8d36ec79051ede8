"""Markdown pieces of the source-text appendix, built from the data, not typed."""

from __future__ import annotations

import urllib.parse

import pandas as pd
from IPython.display import Markdown

from tianyuan.article import CLEANING_RULES, Article
from tianyuan.convert import overrides
from tianyuan.figures import ours


def overrides_markdown() -> Markdown:
    rows = [ours("| 版本 | OpenCC 輸出 | 本書採用 | 理由 |"), "|---|---|---|---|"]
    for rule in overrides():
        rows.append(
            f"| {rule.edition} | {{keep}}`{_wrong(rule)}` | {{keep}}`{rule.replace}` "
            f"| {rule.reason} |"
        )
    return Markdown("\n".join(rows))


def _wrong(rule) -> str:
    """What opencc itself produces for the phrase the override replaces."""
    from tianyuan.convert import _converter

    return _converter("s2tw").convert(_converter("t2s").convert(rule.replace))


def cleaning_rules_markdown(article: Article) -> Markdown:
    rows = [ours("| 規則 | 說明 | 種子檔中刪去的行 |"), "|---|---|---|"]
    for rule, doc in CLEANING_RULES.items():
        lines = [str(n) for n, r, _ in article.dropped if r == rule]
        rows.append(f"| `{rule}` | {doc} | {', '.join(lines) or ours('(每個空行)')} |")
    return Markdown("\n".join(rows))


def as_published_text(article: Article) -> str:
    """The article as the page published it, in the seed's script, without page debris."""
    parts = [
        f"{article.title} ——{article.subtitle}",
        f"{article.date} {article.time} 來源:{article.source} | 編輯:{article.editor} "
        f"| 作者:{' '.join(article.authors)}",
    ]
    parts += [f"▲{c}" for c in article.captions]
    for section in article.sections:
        if section.heading:
            parts.append(section.heading)
        parts += [p.text for p in section.paragraphs]
    parts += list(article.credits)
    return "\n\n".join(parts) + "\n"


def as_published_link(article: Article) -> Markdown:
    text = as_published_text(article)
    href = "data:text/plain;charset=utf-8," + urllib.parse.quote(text)
    label = ours("下載刊出時的原文(UTF-8 純文字,") + f"{len(text)}" + ours(" 字元)")
    return Markdown(
        f'<a class="as-published" download="as-published.txt" href="{href}">{label}</a>'
    )


STATUS_LABELS = {
    "corroborated": "外部資料證實",
    "not found": "未找到外部來源",
    "conflicting": "外部資料矛盾",
    "different system": "屬不同評價體系或口徑",
}


def _ref(pid: str) -> str:
    return f"{{ref}}`{pid} <{pid}>`"


def _outside_link(row) -> str:
    host = urllib.parse.urlsplit(row.source_url).netloc or row.source_url
    return (
        f"[{row.ext_id}]({row.source_url}) {host},{row.source_date},"
        + "可信度"
        + f" {row.confidence}"
    )


def claims_markdown() -> Markdown:
    """The claims ledger: each headline claim with its status against outside sources."""
    from tianyuan import data

    claims = data.load("claims")
    figs = data.load("article_figures").set_index("id")
    ext = data.load("external_figures").set_index("ext_id", drop=False)
    blocks = []
    for c in claims.itertuples():
        pids = dict.fromkeys(figs.at[f, "paragraph_id"] for f in c.article_figures.split(";") if f)
        quotes = [f"「{figs.at[f, 'quote']}」" for f in c.article_figures.split(";") if f]
        outside = [_outside_link(ext.loc[e]) for e in c.external_figures.split(";") if e]
        blocks += [
            f"### {c.claim_id} {c.claim_zh}",
            "",
            f"**{'狀態'}**:{STATUS_LABELS[c.status]}(`{c.status}`)",
            "",
            f"- {'原文'}:" + "、".join(_ref(p) for p in pids) + " " + ";".join(quotes),
            f"- {'外部資料'}:" + ("<br>".join(outside) if outside else "無"),
            f"- *{c.claim}.* {c.note}",
            "",
        ]
    return Markdown(ours("\n".join(blocks)))  # data and labels: converted once, together


PRINT_COLUMN = r"|>{\raggedright\arraybackslash}p{%s\linewidth}"


def figures_markdown() -> Markdown:
    """Every figure of the article, with its paragraph link and quote.

    Print gets four columns that fit a page; the screen gets all nine."""
    from tianyuan import data

    figs = data.load("article_figures")
    screen = [
        "| 編號 | 段落 | 對象 | 指標 | 時期 | 數值 | 單位 | 限定詞 | 原文 |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    page = ["| 編號 | 對象 / 指標 | 數值 | 原文 |", "|---|---|---|---|"]
    for f in figs.itertuples():
        value = f"{f.value:g}" + (f"–{f.value_high:g}" if pd.notna(f.value_high) else "")
        screen.append(
            f"| {f.id} | {_ref(f.paragraph_id)} | {f.entity} | {f.metric} | {f.period} "
            f"| {value} | {f.unit} | {f.qualifier} | {f.quote} |"
        )
        hedge = f"({f.qualifier})" if f.qualifier else ""
        when = f",{f.period}" if f.period else ""
        page.append(
            f"| {f.id} | {f.entity}:{f.metric} | {value} {f.unit}{hedge}{when} | {f.quote} |"
        )
    parts = [
        "::::{only} html",
        *screen,
        "::::",
        "",
        "::::{only} latex",
        "```{tabularcolumns} " + "".join(PRINT_COLUMN % w for w in (0.12, 0.34, 0.16, 0.3)) + "|",
        "```",
        "",
        *page,
        "::::",
    ]
    return Markdown(ours("\n".join(parts)))  # data and labels: converted once, together


def corrections_markdown(table: pd.DataFrame) -> Markdown:
    """Every character correction: count, one example before and after, where it occurs.

    The characters and examples are shown as written in both editions ({keep}): this
    table is about the Traditional forms themselves."""
    rows = [
        ours("| 刊出 | 校訂 | 次數 | 刊出例句 | 校訂例句 | 出現段落 |"),
        "|---|---|---|---|---|---|",
    ]
    for r in table.itertuples():
        places = r.paragraph_id.split(";")
        shown = ", ".join(places[:4]) + (f" …(+{len(places) - 4})" if len(places) > 4 else "")
        rows.append(
            f"| {{keep}}`{r.seed_char}` | {{keep}}`{r.corrected_char}` | {r.count} "
            f"| {{keep}}`{r.seed_example}` | {{keep}}`{r.corrected_example}` | {shown} |"
        )
    return Markdown("\n".join(rows))
