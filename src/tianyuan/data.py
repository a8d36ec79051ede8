"""Load and validate the book's CSVs. A bad row is an error naming file, row and column.

`load("article_figures")` returns a checked DataFrame; `validate_all()` checks every
CSV in `data/` and the references between them (paragraph ids that exist, quotes that
are in the seed, figure ids and outside sources that exist).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from tianyuan.article import SECTION_SLUGS, load_article
from tianyuan.paths import DATA

UNITS = {
    # calendar and durations
    "year", "年", "個月", "月", "天", "時", "小時",
    # money
    "億元", "萬元",
    # shares, counts, ranks, areas
    "%", "家", "條", "名", "個", "位", "梯隊", "字", "次", "輪", "起", "萬人",
    "畝", "萬平方米", "平方米",
    # outside figures, as researched
    "rank", "亿元", "万亿元", "% yoy", "month", "stars (of 5)", "vehicles",
}  # fmt: skip
CONFIDENCE = {"high", "medium", "low"}
CLAIM_STATUS = {"corroborated", "not found", "conflicting", "different system"}


# Where an editor adds or corrects an outside figure (see data/README.md).
EXTERNAL_ENTRY = DATA / "raw" / "external_figures.csv"


class DataError(ValueError):
    """A CSV does not satisfy its schema; the message says file, row and column."""


@dataclass
class Schema:
    columns: tuple[str, ...]
    numeric: tuple[str, ...] = ()
    optional_numeric: tuple[str, ...] = ()
    unique: tuple[str, ...] = ()
    checks: list = field(default_factory=list)  # callables(df, path) raising DataError


def _err(path: Path, row: int | None, column: str | None, message: str) -> DataError:
    where = path.relative_to(DATA) if path.is_relative_to(DATA) else path.name
    parts = [str(where)]
    if row is not None:
        parts.append(f"row {row}")  # the CSV line: header is line 1
    if column:
        parts.append(f"column {column!r}")
    return DataError(", ".join(parts) + f": {message}")


def _line(index: int) -> int:
    return index + 2


def read_csv(path: Path, schema: Schema) -> pd.DataFrame:
    """Read `path` as text, check it against `schema`, convert its numeric columns."""
    if not path.exists():
        raise _err(path, None, None, "file not found")
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in schema.columns if c not in df.columns]
    if missing:
        raise _err(path, None, missing[0], "missing column")
    for col in schema.numeric + schema.optional_numeric:
        for i, text in df[col].items():
            if text == "" and col in schema.optional_numeric:
                continue
            try:
                float(text)
            except ValueError:
                raise _err(path, _line(i), col, f"expected a number, found {text!r}") from None
    for col in schema.unique:
        dup = df[df[col].duplicated()]
        if len(dup):
            i = dup.index[0]
            raise _err(path, _line(i), col, f"duplicate id {df.at[i, col]!r}")
    for check in schema.checks:
        check(df, path)
    out = df.copy()
    for col in schema.numeric:
        out[col] = out[col].astype(float)
    for col in schema.optional_numeric:
        out[col] = pd.to_numeric(out[col].replace("", None))
    return out


# --- checks ---------------------------------------------------------------------------


def _paragraph_ids() -> set[str]:
    return {p.pid for p in load_article().paragraphs}


def check_units(df: pd.DataFrame, path: Path) -> None:
    for i, unit in df["unit"].items():
        if unit not in UNITS:
            raise _err(path, _line(i), "unit", f"unknown unit {unit!r}; known: {sorted(UNITS)}")


def check_paragraph_refs(df: pd.DataFrame, path: Path) -> None:
    known = _paragraph_ids()
    for i, cell in df["paragraph_id"].items():
        for pid in filter(None, cell.split(";")):
            if pid not in known:
                raise _err(path, _line(i), "paragraph_id", f"no paragraph {pid!r} in the article")


def check_quotes(df: pd.DataFrame, path: Path) -> None:
    article = load_article()
    for i, row in df.iterrows():
        text = article.paragraph(row["paragraph_id"]).text
        if row["quote"] not in text:
            raise _err(
                path,
                _line(i),
                "quote",
                f"not a verbatim quote of {row['paragraph_id']}: {row['quote']!r}",
            )
        if row["value_text"] not in row["quote"]:
            raise _err(path, _line(i), "value_text", f"{row['value_text']!r} is not in the quote")
        try:
            low, high = read_value(row["value_text"], row["unit"], row["quote"])
        except ValueError as err:
            raise _err(path, _line(i), "value_text", str(err)) from None
        if low != float(row["value"]) or (row["value_high"] and high != float(row["value_high"])):
            raise _err(
                path, _line(i), "value", f"{row['value']} cannot be read from {row['value_text']!r}"
            )


def check_sections(df: pd.DataFrame, path: Path) -> None:
    for i, row in df.iterrows():
        if row["section"] not in SECTION_SLUGS or not row["paragraph_id"].startswith(
            row["section"] + "-"
        ):
            raise _err(
                path,
                _line(i),
                "section",
                f"{row['section']!r} does not hold paragraph {row['paragraph_id']!r}",
            )
        if not row["id"].startswith(row["paragraph_id"] + "."):
            raise _err(path, _line(i), "id", f"{row['id']!r} should be <paragraph_id>.<n>")


def check_confidence(df: pd.DataFrame, path: Path) -> None:
    for i, value in df["confidence"].items():
        if value and value not in CONFIDENCE:
            raise _err(
                path, _line(i), "confidence", f"{value!r} is not one of {sorted(CONFIDENCE)}"
            )


def check_sourced(df: pd.DataFrame, path: Path) -> None:
    """Every derived row has a source: an article paragraph, or a URL with date and confidence."""
    check_paragraph_refs(df, path)
    check_confidence(df, path)
    known = set(load("article_figures")["id"]) | set(load_external()["ext_id"])
    for i, row in df.iterrows():
        for fid in filter(None, row.get("figure_id", "").split(";")):
            if fid not in known:
                raise _err(path, _line(i), "figure_id", f"no figure {fid!r}")
        if not row["paragraph_id"] and not row.get("source_url", ""):
            raise _err(
                path, _line(i), "paragraph_id", "row has no source (paragraph_id or source_url)"
            )
        if row.get("source_url", "") and not (row.get("source_date") and row.get("confidence")):
            raise _err(
                path, _line(i), "source_date", "an outside source needs its date and confidence"
            )


def check_claims(df: pd.DataFrame, path: Path) -> None:
    figs = set(load("article_figures")["id"])
    exts = set(load_external()["ext_id"])
    for i, row in df.iterrows():
        if row["status"] not in CLAIM_STATUS:
            raise _err(
                path, _line(i), "status", f"{row['status']!r} is not one of {sorted(CLAIM_STATUS)}"
            )
        for fid in filter(None, row["article_figures"].split(";")):
            if fid not in figs:
                raise _err(path, _line(i), "article_figures", f"no article figure {fid!r}")
        for eid in filter(None, row["external_figures"].split(";")):
            if eid not in exts:
                raise _err(path, _line(i), "external_figures", f"no outside figure {eid!r}")


# --- reading numbers the way the article writes them -------------------------------

_DIGITS = dict(zip("零一二兩三四五六七八九", [0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9], strict=True))
_SCALES = {"十": 10, "百": 100, "千": 1000}


def read_value(text: str, unit: str, quote: str = "") -> tuple[float, float | None]:
    """(value, upper bound) as the article's words give them: '1050.29', '十', '五六', '第三'."""
    if text == "首位":
        return 1.0, None
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(點)?", text)
    if m:
        n = float(m.group(1))
        if unit == "year" and n < 100:
            n += 1900  # '85后': born 1985 or later
        if m.group(2) and "晚" in quote:
            n += 12  # 每晚7點 = 19:00
        return n, None
    word = text.removeprefix("第").removeprefix("數")
    # the unit's own scale character is part of the unit, not of the number
    for scale, units in (("億", {"億元"}), ("萬", {"萬人", "萬元", "萬平方米"})):
        if unit in units:
            word = word.removesuffix(scale)
    if len(word) == 2 and all(c in _DIGITS for c in word):
        return float(_DIGITS[word[0]]), float(_DIGITS[word[1]])  # 五六 = five or six
    return float(_chinese_number(word)), None


def _chinese_number(word: str) -> int:
    if not word or any(c not in _DIGITS and c not in _SCALES for c in word):
        raise ValueError(f"cannot read a number from {word!r}")
    total, digit = 0, None
    for c in word:
        if c in _DIGITS:
            digit = _DIGITS[c]
        else:
            total += (digit if digit is not None else 1) * _SCALES[c]
            digit = None
    return total + (digit or 0)


# --- the tables ------------------------------------------------------------------------

RAW_EXTERNAL_COLUMNS = (
    "entity",
    "metric",
    "year",
    "value",
    "unit",
    "source_url",
    "source_date",
    "confidence",
    "note",
)
SOURCE_COLS = ("figure_id", "paragraph_id", "quote", "source_url", "source_date", "confidence")

SCHEMAS: dict[str, Schema] = {
    "article_figures": Schema(
        columns=(
            "id",
            "section",
            "paragraph_id",
            "entity",
            "metric",
            "period",
            "value",
            "value_high",
            "unit",
            "qualifier",
            "value_text",
            "quote",
            "note",
        ),
        numeric=("value",),
        optional_numeric=("value_high",),
        unique=("id",),
        checks=[check_units, check_paragraph_refs, check_sections, check_quotes],
    ),
    "claims": Schema(
        columns=(
            "claim_id",
            "claim_zh",
            "claim",
            "article_figures",
            "external_figures",
            "status",
            "note",
        ),
        unique=("claim_id",),
        checks=[check_claims],
    ),
    "conversion_overrides": Schema(columns=("edition", "find", "replace", "reason")),
    "search_terms": Schema(columns=("term", "note"), unique=("term",)),
}
TABLE_SCHEMAS: dict[str, Schema] = {
    "external_figures": Schema(
        columns=(*RAW_EXTERNAL_COLUMNS, "ext_id", "system", "year_start"),
        unique=("ext_id",),
        checks=[check_units, check_confidence],
    ),
    "ranking_history": Schema(
        columns=("entity", "system", "system_label", "scope", "year", "rank", *SOURCE_COLS),
        numeric=("year", "rank"),
        checks=[check_sourced],
    ),
    "sector_output": Schema(
        columns=("sector", "measure", "value", "unit", "qualifier", "caveat", *SOURCE_COLS),
        numeric=("value",),
        checks=[check_units, check_sourced],
    ),
    "benchmarks": Schema(
        columns=("entity", "year", "metric", "value", "unit", "qualifier", *SOURCE_COLS),
        numeric=("year", "value"),
        checks=[check_units, check_sourced],
    ),
    "suzhou_first_place": Schema(
        columns=("evaluation", "year", "streak", "system", *SOURCE_COLS),
        numeric=("year", "streak"),
        checks=[check_sourced],
    ),
    "supporting_rates": Schema(
        columns=("chain", "value", "unit", *SOURCE_COLS),
        numeric=("value",),
        checks=[check_units, check_sourced],
    ),
    "specialised_firms": Schema(
        columns=("sector", "value", "unit", "derived", *SOURCE_COLS),
        numeric=("value",),
        checks=[check_units, check_sourced],
    ),
    "cadre_profile": Schema(
        columns=("group", "trait", "value", "unit", *SOURCE_COLS),
        numeric=("value",),
        checks=[check_units, check_sourced],
    ),
    "industrial_chains": Schema(
        columns=("year", "role", "industry", "value", "unit", *SOURCE_COLS),
        numeric=("year", "value"),
        checks=[check_sourced],
    ),
    "chain_stages": Schema(
        columns=("chain", "step", "stage", "tier", "paragraph_id", "quote"),
        numeric=("step",),
        checks=[check_paragraph_refs],
    ),
    "construction_speed": Schema(
        columns=("project", "milestone", "days", "area_wan_m2", "value", "unit", *SOURCE_COLS),
        numeric=("value",),
        optional_numeric=("days", "area_wan_m2"),
        checks=[check_units, check_sourced],
    ),
    "timeline": Schema(
        columns=("date", "year", "track", "event", *SOURCE_COLS),
        numeric=("year",),
        checks=[check_sourced],
    ),
}
RAW_EXTERNAL = Schema(columns=RAW_EXTERNAL_COLUMNS, checks=[check_confidence])


def path_of(name: str) -> Path:
    if name in SCHEMAS:
        return DATA / f"{name}.csv"
    if name in TABLE_SCHEMAS:
        return DATA / "tables" / f"{name}.csv"
    raise KeyError(f"unknown dataset {name!r}")


_cache: dict[str, pd.DataFrame] = {}


def load(name: str) -> pd.DataFrame:
    """A validated copy of `data/<name>.csv` or `data/tables/<name>.csv`."""
    if name not in _cache:
        schema = SCHEMAS.get(name) or TABLE_SCHEMAS[name]
        _cache[name] = read_csv(path_of(name), schema)
    return _cache[name].copy()


def load_external() -> pd.DataFrame:
    return load("external_figures")


def load_raw_external() -> pd.DataFrame:
    return read_csv(DATA / "raw" / "external_figures.csv", RAW_EXTERNAL)


def article_rows(*ids: str) -> pd.DataFrame:
    """Rows of article_figures by id, in the order asked, with their source columns."""
    figs = load("article_figures").set_index("id", drop=False)
    missing = [i for i in ids if i not in figs.index]
    if missing:
        raise KeyError(f"no article figure {missing}")
    out = figs.loc[list(ids)].rename(columns={"id": "figure_id"}).reset_index(drop=True)
    return out[
        [
            "figure_id",
            "entity",
            "metric",
            "period",
            "value",
            "unit",
            "qualifier",
            "paragraph_id",
            "quote",
        ]
    ]


def validate_all() -> dict[str, int]:
    """Check every CSV; return the row count of each."""
    _cache.clear()
    counts = {"raw/external_figures": len(load_raw_external())}
    for name in [*SCHEMAS, *TABLE_SCHEMAS]:
        counts[name] = len(load(name))
    return counts
