"""Script conversion: one pipeline for the article and for our own text.

zh-Hans = opencc t2s(seed script); zh-Hant = opencc s2tw(zh-Hans), Taiwan-standard
characters without s2twp's vocabulary swaps. Each edition is converted once from
the Simplified text, never round-tripped. Proper-noun and phrase fixes that opencc
gets wrong live in data/conversion_overrides.csv, each with its reason.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache, lru_cache

import opencc

from tianyuan.paths import DATA

EDITIONS = ("zh-Hant", "zh-Hans")
DEFAULT_EDITION = "zh-Hant"
OVERRIDES_CSV = DATA / "conversion_overrides.csv"

# What each edition is called, in its own script (shown on the script switch).
EDITION_NAMES = {"zh-Hant": "繁體", "zh-Hans": "简体"}
# Sphinx language (drives the jieba search splitter) for each edition.
SPHINX_LANGUAGE = {"zh-Hant": "zh_TW", "zh-Hans": "zh_CN"}


@dataclass(frozen=True)
class Override:
    edition: str
    find: str
    replace: str
    reason: str


@lru_cache(maxsize=1)
def overrides() -> tuple[Override, ...]:
    with OVERRIDES_CSV.open(encoding="utf-8", newline="") as fh:
        rows = [Override(**row) for row in csv.DictReader(fh)]
    for n, row in enumerate(rows, start=2):
        if row.edition not in EDITIONS or not row.find or not row.reason:
            raise ValueError(f"{OVERRIDES_CSV}:{n}: needs edition in {EDITIONS}, find and reason")
    return tuple(rows)


@cache
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    return _apply_overrides(_converter("t2s").convert(text), "zh-Hans")


def convert(text: str, edition: str) -> str:
    """Text in the seed's script (or our Traditional drafts) as it appears in `edition`."""
    if edition not in EDITIONS:
        raise ValueError(f"unknown edition {edition!r}; expected one of {EDITIONS}")
    hans = to_simplified(text)
    if edition == "zh-Hans":
        return hans
    return _apply_overrides(_converter("s2tw").convert(hans), "zh-Hant")


def _apply_overrides(text: str, edition: str) -> str:
    for rule in overrides():
        if rule.edition == edition:
            text = text.replace(rule.find, rule.replace)
    return text
