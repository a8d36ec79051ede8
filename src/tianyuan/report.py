"""Markdown pieces of the source-text appendix, built from the data, not typed."""

from __future__ import annotations

import urllib.parse

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
