"""What the editions correct in the seed's script, character by character.

The seed is a naive character-by-character Traditional conversion of a Simplified
original. zh-Hant = s2tw(t2s(seed)) (+ overrides) maps character for character, so
the two texts align position by position and every difference is one correction.
"""

from __future__ import annotations

import pandas as pd

from tianyuan.text.article import Article
from tianyuan.text.convert import convert

CONTEXT = 6  # characters either side in the example


def article_units(article: Article) -> list[tuple[str, str]]:
    """(where, text) for every piece of the article the book shows, in order."""
    units = [("title", article.title), ("subtitle", article.subtitle)]
    units += [(f"heading-{s.slug}", s.heading) for s in article.sections if s.heading]
    units += [(f"caption-{i}", c) for i, c in enumerate(article.captions, 1)]
    units += [(p.pid, p.text) for p in article.paragraphs]  # headings first: not in body order
    units += [(f"credits-{i}", c) for i, c in enumerate(article.credits, 1)]
    return units


def corrections(article: Article, edition: str = "zh-Hant") -> pd.DataFrame:
    """One row per corrected position: where, seed char, edition char, example."""
    rows = []
    for where, text in article_units(article):
        fixed = convert(text, edition)
        if len(fixed) != len(text):
            raise ValueError(f"{where}: conversion changed the length; cannot align")
        for i, (a, b) in enumerate(zip(text, fixed, strict=True)):
            if a != b:
                lo, hi = max(0, i - CONTEXT), i + CONTEXT + 1
                rows.append(
                    {
                        "paragraph_id": where,
                        "seed_char": a,
                        "corrected_char": b,
                        "seed_context": text[lo:hi],
                        "corrected_context": fixed[lo:hi],
                    }
                )
    return pd.DataFrame(rows)


def correction_table(article: Article, edition: str = "zh-Hant") -> pd.DataFrame:
    """Each distinct correction with its count, one example and where it occurs."""
    found = corrections(article, edition)
    grouped = found.groupby(["seed_char", "corrected_char"], sort=False)
    table = grouped.agg(
        count=("paragraph_id", "size"),
        seed_example=("seed_context", "first"),
        corrected_example=("corrected_context", "first"),
        paragraph_id=("paragraph_id", lambda s: ";".join(dict.fromkeys(s))),
    ).reset_index()
    return table.sort_values(["count", "seed_char"], ascending=[False, True], ignore_index=True)
