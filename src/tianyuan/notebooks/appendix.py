"""Markdown pieces of the source-text appendix, built from the data, not typed."""

from __future__ import annotations

import urllib.parse
from collections import Counter

import pandas as pd
from IPython.display import Markdown

from tianyuan import data
from tianyuan.notebooks.figures import edition, ours, outside_source
from tianyuan.text.article import (
    CLEANING_RULES,
    CLEANING_RULES_ZH,
    RULE_NAMES_ZH,
    Article,
    load_article,
)
from tianyuan.text.convert import (
    DISPLAY_RULES_ZH,
    HALF_TO_FULL,
    converter,
    display,
    fullwidth_punctuation,
    overrides,
)
from tianyuan.text.corrections import article_units
from tianyuan.text.markup import myst_text
from tianyuan.text.vocabulary import VALUE_LABELS, period_label

URL_KINDS = VALUE_LABELS["url_kind"]
UNITS = VALUE_LABELS["unit"]


def overrides_markdown() -> Markdown:
    rows = [ours("| 版本 | OpenCC 輸出 | 本書採用 | 理由 |"), "|---|---|---|---|"]
    for rule in overrides():
        rows.append(
            f"| {rule.edition} | {{keep}}`{_wrong(rule)}` | {{keep}}`{rule.replace}` "
            f"| {{keep}}`{rule.reason}` |"  # it explains characters: shown as written
        )
    return Markdown("\n".join(rows))


def _wrong(rule) -> str:
    """What opencc itself produces for the phrase the override replaces."""
    return converter("s2tw").convert(converter("t2s").convert(rule.replace))


def _rule_name(rule: str) -> str:
    """A named rule in a table: its Chinese name, the code name (as tests and logs say it)
    beneath."""
    return f"{ours(RULE_NAMES_ZH[rule])}（`{rule}`）"


def cleaning_rules_markdown(article: Article) -> Markdown:
    rows = [ours("| 規則 | 說明 | 種子檔中刪去的行 |"), "|---|---|---|"]
    for rule in CLEANING_RULES:
        doc = ours(CLEANING_RULES_ZH[rule])
        lines = [str(n) for n, r, _ in article.dropped if r == rule]
        rows.append(f"| {_rule_name(rule)} | {doc} | {', '.join(lines) or ours('（每個空行）')} |")
    return Markdown("\n".join(rows))


def display_rules_markdown(article: Article) -> Markdown:
    """The display rules, and how many marks each changed in the article, by mark."""

    changed: Counter = Counter()
    for _, text in article_units(article):
        shown = fullwidth_punctuation(text)
        changed.update(a for a, b in zip(text, shown, strict=True) if a != b)
    rows = [ours("| 規則 | 說明 | 原文中改動的標點 |"), "|---|---|---|"]
    counts = "、".join(
        f"`{mark}`→{HALF_TO_FULL[mark]} {changed[mark]}" for mark in HALF_TO_FULL if changed[mark]
    )
    total = ours(f"（共 {sum(changed.values())} 處）")
    for rule, doc in DISPLAY_RULES_ZH.items():
        rows.append(f"| {_rule_name(rule)} | {ours(doc)} | {counts}{total} |")
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
    label = ours("下載刊出時的原文（UTF-8 純文字，") + f"{len(text)}" + ours(" 字元）")
    return Markdown(
        f'<a class="as-published" download="as-published.txt" href="{href}">{label}</a>'
    )


STATUS_LABELS = {
    "corroborated": "有外部佐證",
    "conflicting": "與外部資料矛盾",
    "not found": "找不到外部資料",
    "not checked": "未查核",
}
STATUS_EN = {
    "corroborated": "supported by an outside source",
    "conflicting": "contradicted by outside sources",
    "not found": "no outside source found",
    "not checked": "not checked",
}
CONFIDENCE_LABELS = {"high": "高", "medium": "中", "low": "低"}


def _ref(pid: str) -> str:
    return f"{{ref}}`{pid} <{pid}>`"


def _ids(cell: str) -> list[str]:
    return [x for x in cell.split(";") if x]


def url_kinds_markdown() -> Markdown:
    """How many outside rows were read from each kind of page: the share of copies shows."""
    ext = data.load("external_figures")
    counts = Counter(ext["url_kind"])
    total = sum(counts.values())
    kinds = data.resource("external_figures").field("url_kind").constraints["enum"]
    rows = [ours("| 網頁類型 | 列數 | 比例 |"), "|---|---:|---:|"]
    for kind in kinds:
        n = counts.get(kind, 0)
        rows.append(f"| {ours(URL_KINDS[kind])} | {n} | {n / total:.0%} |")
    copies = counts.get("mirror", 0) + counts.get("repost", 0)
    rows.append(f"| {ours('合計')} | {total} | 100% |")
    rows += ["", ours(f"其中副本（轉載網站與平台轉貼）{copies} 列，佔 {copies / total:.0%}。")]
    return Markdown("\n".join(rows))


def claims_markdown() -> Markdown:
    """The claims ledger: each headline claim, its verdict and why, Chinese first."""
    claims = data.load("claims")
    figs = data.load("article_figures").set_index("id")
    ext = data.load("external_figures").set_index("ext_id", drop=False)
    blocks = []
    for c in claims.itertuples():
        ids = [f for f in c.article_figures.split(";") if f]
        quotes = list(dict.fromkeys(figs.at[f, "quote"] for f in ids))
        outside = [
            f"{e}：" + outside_source(ext.loc[e].to_dict()) for e in _ids(c.external_figures)
        ]
        verdict = ours(STATUS_LABELS[c.status])
        if c.confidence:
            verdict += ours(f"（可信度：{CONFIDENCE_LABELS[c.confidence]}）")
        english = f"*{myst_text(c.claim_en)}.* Verdict: {STATUS_EN[c.status]}"
        english += f" ({c.confidence} confidence). " if c.confidence else ". "
        blocks += [
            f"## {c.claim_id} {myst_text(ours(c.claim_zh))}",
            "",
            "::::{container} claim-body",
            f"**{ours('結論')}**：{verdict}",
            "",
            myst_text(ours(c.note_zh)),
            "",
            f"- {ours('原文')}："
            + "、".join(_ref(p) for p in c.paragraph_ids.split(";"))
            + (
                " "
                + "；".join(
                    ours("「") + myst_text(display(q, edition())) + ours("」") for q in quotes
                )
                if quotes
                else ""
            ),
            f"- {ours('外部資料')}：" + ("；".join(outside) if outside else ours("無")),
            "",
            ":::{english}",
            english + myst_text(c.note_en),
            ":::",
            "::::",
            "",
        ]
    return Markdown("\n".join(blocks))


# ragged-right columns that add up to the line (see tianyuan.latex: \X{part}{whole})
PRINT_COLUMN = r"\X{%d}{100}"


def figures_markdown() -> Markdown:
    """Every figure of the article, by section: its id and paragraph, the words that give
    it, the number read from them (with unit and hedge) and what it measures.

    One four-column table per section, the same on screen and in print; on a phone each
    row becomes a card (CSS)."""
    figs = data.load("article_figures")
    names = data.load("entities").set_index("entity")["name_zh_hant"]
    ed = edition()
    heading = ours("| 編號 | 原文 | 數值 | 對象 |")
    parts = []
    for section in load_article().sections:
        rows = figs[figs["section"] == section.slug]
        title = display(section.heading, ed) if section.heading else ours("導語")
        parts += [
            f"## {title}",
            "",
            "```{tabularcolumns} " + "".join(PRINT_COLUMN % w for w in (14, 44, 19, 23)),
            "```",
            "",
            ":::{table}",
            ":class: article-figures",
            "",
            heading,
            "|---|---|---|---|",
        ]
        for f in rows.itertuples():
            value = f"{f.value:g}" + (f"–{f.value_high:g}" if pd.notna(f.value_high) else "")
            hedge = f"（{ours(f.qualifier)}）" if f.qualifier else ""
            # a year's own period says it again (1988 年，1988 年): left out
            when = f"，{ours(period_label(f.period))}" if f.period and f.period != value else ""
            unit = ours(UNITS.get(f.unit, f.unit))
            measured = myst_text(f"{value} {unit}{hedge}{when}")
            parts.append(
                f"| {{ref}}`{f.id} <{f.paragraph_id}>` | {myst_text(display(f.quote, ed))} "
                f"| {measured} | {myst_text(display(names[f.entity], ed))} |"
            )
        parts += [":::", ""]
    return Markdown("\n".join(parts))


def corrections_markdown(table: pd.DataFrame) -> Markdown:
    """Every character correction: count, one example before and after, where it occurs.

    The characters and examples are shown as written in both editions ({keep}): this
    table is about the Traditional forms themselves. The examples' punctuation follows
    the display rule, as everywhere the article's words are set (the table compares
    characters, not punctuation)."""
    rows = [
        ours("| 刊出 | 校訂 | 次數 | 刊出例句 | 校訂例句 | 出現段落 |"),
        "|---|---|---|---|---|---|",
    ]
    fw = fullwidth_punctuation
    for r in table.itertuples():
        places = r.paragraph_id.split(";")
        shown = ", ".join(places[:4]) + (f" …(+{len(places) - 4})" if len(places) > 4 else "")
        rows.append(
            f"| {{keep}}`{r.seed_char}` | {{keep}}`{r.corrected_char}` | {r.count} "
            f"| {{keep}}`{fw(r.seed_example)}` | {{keep}}`{fw(r.corrected_example)}` | {shown} |"
        )
    return Markdown("\n".join(rows))
