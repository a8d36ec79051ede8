"""Script conversion: one pipeline for the article and for our own text.

zh-Hans = opencc t2s(seed script); zh-Hant = opencc s2tw(zh-Hans), Taiwan-standard
characters without s2twp's vocabulary swaps. Each edition is converted once from
the Simplified text, never round-tripped. Proper-noun and phrase fixes that opencc
gets wrong live in data/conversion_overrides.csv, each with its reason.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache, lru_cache

import opencc

from tianyuan.errors import InputError
from tianyuan.paths import DATA

EDITIONS = ("zh-Hant", "zh-Hans")
DEFAULT_EDITION = "zh-Hant"
OVERRIDES_CSV = DATA / "conversion_overrides.csv"
TERMS_CSV = DATA / "edition_terms.csv"

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
            raise InputError(
                OVERRIDES_CSV,
                f"expected an edition of {list(EDITIONS)}, the text to find and a reason, "
                f"found {row.edition!r}, {row.find!r}, {row.reason!r}",
                n,
            )
    return tuple(rows)


@cache
def converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    return _apply_overrides(converter("t2s").convert(text), "zh-Hans")


def convert(text: str, edition: str) -> str:
    """Text in the seed's script (or our Traditional drafts) as it appears in `edition`."""
    if edition not in EDITIONS:
        raise ValueError(f"unknown edition {edition!r}; expected one of {EDITIONS}")
    hans = to_simplified(text)
    if edition == "zh-Hans":
        return hans
    return _apply_overrides(converter("s2tw").convert(hans), "zh-Hant")


@lru_cache(maxsize=1)
def edition_terms() -> tuple[dict[str, str], ...]:
    """Words whose rendering differs by region, for our own prose (never the article)."""
    with TERMS_CSV.open(encoding="utf-8", newline="") as fh:
        rows = tuple(csv.DictReader(fh))
    for n, row in enumerate(rows, start=2):
        if not row["zh_hant"] or not row["zh_hans"]:
            raise ValueError(f"{TERMS_CSV}:{n}: needs zh_hant and zh_hans")
    return rows


# "16 列" is sixteen rows in Taiwan and sixteen columns on the mainland.
_ROWS = re.compile(r"(\d+)\s*列(?=[）)，。\s]|$)")
# Placeholders for the term table's words while tw2sp runs: private-use characters, which
# no converter touches and no text of ours contains.
_SLOT = 0xF0000


def ours(text: str, edition: str) -> str:
    """Our own words as the edition prints them (the article never goes through this).

    zh-Hant: our Traditional drafts through the same conversion as everything else (the
    tests prove it gives back what we wrote). zh-Hans: OpenCC `tw2sp`, Taiwan Traditional
    to Simplified with mainland phrases (程式 -> 程序, 資訊 -> 信息, 接著 -> 接着), with the
    words of data/edition_terms.csv set first and kept from it: the mainland words tw2sp
    lacks (建置 -> 构建, 報導 -> 报道) and those its software dictionary gets wrong in
    prose (核心 stays 核心, not 内核; 指標 stays 指标, not 指针); then rows (16 列 -> 16 行)
    and mainland quotation marks (「」 -> “”, nested ‘’; 〈〉 -> 《》)."""
    if edition != "zh-Hans":
        return convert(text, edition)
    terms = sorted(edition_terms(), key=lambda t: -len(t["zh_hant"]))
    kept: list[str] = []

    def slot(term: dict[str, str]) -> str:
        kept.append(term["zh_hans"])
        return chr(_SLOT + len(kept) - 1)

    for term in terms:
        if term["zh_hant"] in text:
            text = text.replace(term["zh_hant"], slot(term))
    out = _apply_overrides(converter("tw2sp").convert(text), "zh-Hans")
    out = re.sub("[\U000f0000-\U000ffffd]", lambda m: kept[ord(m.group()) - _SLOT], out)
    return mainland_marks(_ROWS.sub(r"\1 行", out))


_OPENING = {"「": ("“", "‘"), "『": ("“", "‘"), "〈": ("《", "〈")}
_CLOSING = {"」": ("”", "’"), "』": ("”", "’"), "〉": ("》", "〉")}


def mainland_marks(text: str) -> str:
    """Taiwan quotation and title marks as the mainland sets them: 「」 and 『』 become “”
    at the outer level and ‘’ inside; curly quotes already inside our 「」 (the article's
    own “”) become ‘’; a title in 〈〉 becomes 《》 (〈〉 stays inside 《》)."""
    out = []
    quotes = titles = 0
    for ch in text:
        if ch in "「『":
            out.append(_OPENING[ch][quotes % 2])
            quotes += 1
        elif ch in "」』":
            quotes = max(quotes - 1, 0)
            out.append(_CLOSING[ch][quotes % 2])
        elif ch in "“”" and quotes % 2:
            out.append("‘" if ch == "“" else "’")
        elif ch == "《":
            titles += 1
            out.append(ch)
        elif ch == "》":
            titles = max(titles - 1, 0)
            out.append(ch)
        elif ch in "〈〉":
            out.append((_OPENING if ch == "〈" else _CLOSING)[ch][1 if titles else 0])
        else:
            out.append(ch)
    return "".join(out)


def _apply_overrides(text: str, edition: str) -> str:
    for rule in overrides():
        if rule.edition == edition:
            text = text.replace(rule.find, rule.replace)
    return text


# --- display rules: how text is set on the page, reversibly ---------------------------

DISPLAY_RULES: dict[str, str] = {
    "fullwidth-punctuation": (
        "A half-width , : ; ? ! ( or ) next to a Chinese character is set as the full-width "
        "mark ，：；？！（）, as Chinese typography wants. The captured page has no full-width "
        "forms of these seven marks, so the rule is exactly reversible: turning them back "
        "gives the seed's characters. Applied to the article and to our text, in both "
        "editions, on screen and in print."
    ),
}
DISPLAY_RULES_ZH: dict[str, str] = {
    "fullwidth-punctuation": (
        "中文旁邊的半形逗號、冒號、分號、問號、驚歎號與括號，排成全形；括號成對更改。"
        "刊出的網頁沒有這七個標點的全形寫法，所以規則可以完全還原：把全形改回半形，就是種子檔的字元。"
        "原文與本書的文字都適用，兩個版本、網頁與印刷版皆同。"
    ),
}
HALF_TO_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
FULL_TO_HALF = {full: half for half, full in HALF_TO_FULL.items()}
# What counts as Chinese around a mark: Han characters, CJK or full-width punctuation, and
# a curly quote whose quotation holds Han characters (“火炬計劃”, “85後”; not “two leading”).
_CHINESE = re.compile("[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_QUOTES = "“”‘’"


def fullwidth_punctuation(text: str) -> str:
    """The `fullwidth-punctuation` display rule: half-width marks beside Chinese, full-width.

    Parentheses go in pairs: both change when either touches Chinese or they enclose a
    Han character, so （竹科） and （`core-05`，即…） never end up mixed. The other marks
    change when the character before or after them is Chinese."""
    chars = list(text)
    opened: list[int] = []
    for i, ch in enumerate(chars):
        if ch == "(":
            opened.append(i)
        elif ch == ")" and opened:
            j = opened.pop()
            if (
                _chinese_at(text, j - 1, -1)
                or _chinese_at(text, i + 1, 1)
                or _HAN.search(text, j + 1, i)
            ):
                chars[j], chars[i] = "（", "）"
    for i, ch in enumerate(chars):
        if ch in ",:;?!" and (_chinese_at(text, i - 1, -1) or _chinese_at(text, i + 1, 1)):
            chars[i] = HALF_TO_FULL[ch]
    return "".join(chars)


def _chinese_at(text: str, i: int, step: int) -> bool:
    """Is text[i] Chinese? (step: the direction away from the mark, -1 or 1.)"""
    if not 0 <= i < len(text):
        return False
    if text[i] in _QUOTES:
        pair = {"“": "”", "‘": "’"}
        if text[i] in pair:  # an opening quote: look at what it quotes, rightwards
            end = text.find(pair[text[i]], i + 1)
            return bool(_HAN.search(text, i + 1, end if end > 0 else len(text)))
        opening = {"”": "“", "’": "‘"}[text[i]]  # a closing quote: back to its opening
        start = text.rfind(opening, 0, i)
        return bool(_HAN.search(text, start + 1 if start >= 0 else 0, i))
    return bool(_CHINESE.match(text[i]))


def halfwidth_punctuation(text: str) -> str:
    """Inverse of `fullwidth_punctuation` for text that had no full-width marks before."""
    return text.translate(str.maketrans(FULL_TO_HALF))


def display(text: str, edition: str) -> str:
    """Text in the seed's script (or our Traditional drafts) as the edition sets it: script
    conversion, then the display rules."""
    return fullwidth_punctuation(convert(text, edition))
