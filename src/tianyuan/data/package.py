"""Load and validate the book's CSVs against one description of them: data/datapackage.json.

The data package (Frictionless Table Schema) says for every CSV under `data/` what its
columns are, their types, units, vocabularies, ranges, keys and references. This loader
takes all of that from it, so the rules live in one place; what a schema cannot say
(a quote must be verbatim seed text, a value must be readable from its quote, a rank
needs a ranking system) is checked below, per table.

`load("external_figures")` returns a checked DataFrame; `validate_all()` checks every
resource. A file that breaks its description raises `DataError`, whose message names
the file, the line as an editor numbers it, the column, what was expected and what was
found; `make data` and the build print that message and stop, with no traceback.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import pandas as pd

from tianyuan.errors import InputError
from tianyuan.paths import DATA
from tianyuan.text.article import SECTION_SLUGS, load_article

PACKAGE = DATA / "datapackage.json"
# Where an editor adds or corrects an outside figure (see data/README.md).
EXTERNAL_ENTRY = DATA / "external_figures.csv"


class DataError(InputError):
    """A data file does not satisfy its description; the message says where and why."""


def _shown(path: Path | str) -> str:
    path = Path(path)
    try:
        return path.resolve().relative_to(DATA.parent.resolve()).as_posix()
    except ValueError:
        return str(path)


# --- the description ------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    title: str
    description: str
    unit: str
    constraints: dict

    @property
    def required(self) -> bool:
        return bool(self.constraints.get("required"))


@dataclass(frozen=True)
class Resource:
    name: str
    path: Path
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[dict, ...]

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


@cache
def package() -> dict:
    try:
        text = PACKAGE.read_text("utf-8")
    except OSError as err:
        raise DataError(PACKAGE, f"cannot read the data package: {err.strerror}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise DataError(PACKAGE, f"not valid JSON: {err.msg}", err.lineno, err.colno) from None


@cache
def resource(name: str) -> Resource:
    for res in package()["resources"]:
        if res["name"] == name:
            schema = res["schema"]
            fields = tuple(
                Field(
                    f["name"],
                    f.get("type", "string"),
                    f.get("title", f["name"]),
                    f.get("description", ""),
                    f.get("unit", ""),
                    f.get("constraints", {}),
                )
                for f in schema["fields"]
            )
            return Resource(
                name,
                DATA / res["path"],
                fields,
                tuple(schema.get("primaryKey", ())),
                tuple(schema.get("foreignKeys", ())),
            )
    known = ", ".join(r["name"] for r in package()["resources"])
    raise KeyError(f"no resource {name!r} in data/datapackage.json (known: {known})")


def resource_names() -> list[str]:
    return [r["name"] for r in package()["resources"]]


def titles(name: str) -> dict[str, str]:
    """Column name -> its title (Chinese, for tables readers see)."""
    return {f.name: f.title for f in resource(name).fields}


@cache
def column_titles() -> dict[str, str]:
    """Every column name of the package -> its title (the first resource that has it);
    a name means the same thing wherever it appears."""
    out: dict[str, str] = {}
    for name in resource_names():
        for f in resource(name).fields:
            out.setdefault(f.name, f.title)
    return out


# --- reading a table -------------------------------------------------------------------------

_INTEGER = re.compile(r"-?\d+")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_RANGE = re.compile(r"^\s*\d+(\.\d+)?\s*[-–~至到]\s*\d+(\.\d+)?\s*$")


# C901: a check per Table Schema rule, in the order a reader's file breaks them; the schema
# checks pass to Frictionless in the data package's own rework (issue 20).
def read_table(source: Path | str, res: Resource, text: str | None = None) -> pd.DataFrame:  # noqa: C901
    """Read a CSV (from `source`, or `text` shown as `source`), check it against `res`."""
    path = Path(source)
    if text is None:
        try:
            raw = path.read_bytes()
        except OSError as err:
            raise DataError(path, f"cannot read the file: {err.strerror}") from None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            line = raw[: err.start].count(b"\n") + 1
            raise DataError(path, f"not UTF-8 (byte 0x{raw[err.start]:02x})", line) from None
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise DataError(path, "the file is empty; expected a header line", 1) from None
    expected = [f.name for f in res.fields]
    for position, name in enumerate(expected, 1):
        if name not in header:
            raise DataError(
                path,
                f"missing column {name!r}; expected the columns {', '.join(expected)}",
                1,
                position,
                name,
            )
    for position, name in enumerate(header, 1):
        if name not in expected:
            raise DataError(
                path,
                f"unexpected column {name!r}; data/datapackage.json describes "
                f"{', '.join(expected)} (add it there first)",
                1,
                position,
                name,
            )
    index = {name: header.index(name) for name in expected}
    records, lines = [], []
    end = reader.line_num
    for cells in reader:
        start, end = end + 1, reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            raise DataError(
                path, f"expected {len(header)} cells, found {len(cells)}", start, len(cells)
            )
        row = {}
        for f in res.fields:
            column = index[f.name] + 1
            row[f.name] = _cast(cells[index[f.name]], f, res, path, start, column)
        records.append(row)
        lines.append(start)
    _check_keys(records, lines, res, path, index)
    frame = pd.DataFrame(records, columns=expected)
    for f in res.fields:
        if f.type in ("integer", "year"):
            frame[f.name] = frame[f.name].astype("Int64")
        elif f.type == "number":
            frame[f.name] = frame[f.name].astype("float64")
    frame.attrs["lines"] = lines
    frame.attrs["path"] = str(path)
    return frame


def _cast(text: str, f: Field, res: Resource, path: Path, line: int, column: int):  # noqa: C901
    def fail(message: str):
        raise DataError(path, message, line, column, f.name)

    c = f.constraints
    value = text.strip()
    if value == "":
        if f.required:
            fail(f"a value is required ({f.description or f.title})")
        return None if f.type in ("integer", "number", "year") else ""
    if f.type in ("integer", "year"):
        if not _INTEGER.fullmatch(value):
            kind = "a year (four digits)" if f.type == "year" else "a whole number"
            fail(f"expected {kind}, found {text!r}" + _hint(value, res))
        number = int(value)
    elif f.type == "number":
        if not _NUMBER.fullmatch(value):
            fail(f"expected a number, found {text!r}" + _hint(value, res))
        number = float(value)
    elif f.type == "date":
        try:
            date.fromisoformat(value)
        except ValueError:
            fail(f"expected a date YYYY-MM-DD, found {text!r}")
        number = None
    else:
        number = None
    if number is not None:
        if "minimum" in c and number < c["minimum"]:
            fail(f"expected at least {c['minimum']}, found {text!r}")
        if "maximum" in c and number > c["maximum"]:
            fail(f"expected at most {c['maximum']}, found {text!r}")
    if "enum" in c and value not in c["enum"]:
        fail(f"expected one of {', '.join(map(str, c['enum']))}; found {text!r}")
    if "pattern" in c and not re.fullmatch(c["pattern"], value):
        fail(f"{text!r} does not have the expected form ({f.description or c['pattern']})")
    return number if number is not None else value


def _hint(value: str, res: Resource) -> str:
    names = {f.name for f in res.fields}
    if _RANGE.match(value):
        if {"value_low", "value_high"} <= names:
            return "; a range goes in value_low and value_high, never in one number"
        return "; a range is not one number"
    if value[:1] in "><超近約余" and "qualifier" in names:
        return "; put the hedge in qualifier and the number here"
    if "," in value:
        return "; write numbers without thousands separators"
    return ""


def _check_keys(records, lines, res: Resource, path: Path, index: dict[str, int]) -> None:
    unique = [f.name for f in res.fields if f.constraints.get("unique")]
    for name in dict.fromkeys([*unique, *res.primary_key]):
        seen: dict = {}
        for row, line in zip(records, lines, strict=True):
            key = row[name]
            if key in ("", None):
                continue
            if key in seen:
                raise DataError(
                    path,
                    f"duplicate {key!r} (also on line {seen[key]}); this column is a key",
                    line,
                    index[name] + 1,
                    name,
                )
            seen[key] = line


def check_references(frame: pd.DataFrame, res: Resource) -> None:
    """Foreign keys: every value must exist in the referenced resource."""
    path = Path(frame.attrs.get("path", res.path))
    for fk in res.foreign_keys:
        (name,) = fk["fields"]
        target = fk["reference"]["resource"]
        (ref_field,) = fk["reference"]["fields"]
        allowed = set(load(target)[ref_field])
        column = [f.name for f in res.fields].index(name) + 1
        for line, value in zip(frame.attrs["lines"], frame[name], strict=True):
            if value not in ("", None) and value not in allowed:
                hint = (
                    "register the system there first (a new system becomes its own series)"
                    if target == "ranking_systems"
                    else "it must exist there"
                )
                raise DataError(
                    path,
                    f"{value!r} is not in {_shown(resource(target).path)} "
                    f"(column {ref_field}); {hint}",
                    line,
                    column,
                    name,
                )


# --- what a schema cannot say ------------------------------------------------------------------


def _fail(frame: pd.DataFrame, res: Resource, i: int, name: str, message: str) -> DataError:
    column = [f.name for f in res.fields].index(name) + 1
    return DataError(frame.attrs["path"], message, frame.attrs["lines"][i], column, name)


def check_article_figures(frame: pd.DataFrame, res: Resource) -> None:
    article = load_article()
    for i, row in enumerate(frame.itertuples(index=False)):
        if row.section not in SECTION_SLUGS or not row.paragraph_id.startswith(row.section + "-"):
            raise _fail(
                frame, res, i, "section", f"{row.section!r} does not hold {row.paragraph_id!r}"
            )
        if not row.id.startswith(row.paragraph_id + "."):
            raise _fail(frame, res, i, "id", f"{row.id!r} should be <paragraph_id>.<n>")
        text = article.paragraph(row.paragraph_id).text
        if row.quote not in text:
            raise _fail(
                frame, res, i, "quote", f"not a verbatim quote of {row.paragraph_id}: {row.quote!r}"
            )
        if row.value_text not in row.quote:
            raise _fail(frame, res, i, "value_text", f"{row.value_text!r} is not in the quote")
        try:
            low, high = read_value(row.value_text, row.unit, row.quote)
        except ValueError as err:
            raise _fail(frame, res, i, "value_text", str(err)) from None
        if low != row.value or (pd.notna(row.value_high) and high != row.value_high):
            raise _fail(
                frame, res, i, "value", f"{row.value:g} cannot be read from {row.value_text!r}"
            )


def check_external_figures(frame: pd.DataFrame, res: Resource) -> None:
    for i, row in enumerate(frame.itertuples(index=False)):
        one, low, high = (pd.notna(v) for v in (row.value, row.value_low, row.value_high))
        if one == (low or high) or low != high:
            raise _fail(
                frame,
                res,
                i,
                "value",
                "give either value, or value_low and value_high for a range",
            )
        if low and row.value_low > row.value_high:
            raise _fail(frame, res, i, "value_low", "value_low is above value_high")
        if row.unit in ("位", "星") and not row.system:
            raise _fail(
                frame,
                res,
                i,
                "system",
                "a rank or rating needs its ranking system (a key of data/ranking_systems.csv)",
            )


def check_claims(frame: pd.DataFrame, res: Resource) -> None:
    figs = set(load("article_figures")["id"])
    exts = set(load("external_figures")["ext_id"])
    pids = set(load("paragraphs")["paragraph_id"])
    for i, row in enumerate(frame.itertuples(index=False)):
        for pid in row.paragraph_ids.split(";"):
            if pid not in pids:
                raise _fail(frame, res, i, "paragraph_ids", f"no paragraph {pid!r}")
        for fid in filter(None, row.article_figures.split(";")):
            if fid not in figs:
                raise _fail(frame, res, i, "article_figures", f"no article figure {fid!r}")
        for eid in filter(None, row.external_figures.split(";")):
            if eid not in exts:
                raise _fail(frame, res, i, "external_figures", f"no outside figure {eid!r}")
        if row.status == "not checked" and row.external_figures:
            raise _fail(frame, res, i, "status", "a claim with outside figures has been checked")


def check_sourced(frame: pd.DataFrame, res: Resource) -> None:
    """Every derived row has a source: an article paragraph, or an outside page."""
    if "figure_id" not in frame:
        return
    known = set(load("article_figures")["id"]) | set(load("external_figures")["ext_id"])
    for i, row in enumerate(frame.itertuples(index=False)):
        for fid in filter(None, row.figure_id.split(";")):
            if fid not in known:
                raise _fail(frame, res, i, "figure_id", f"no figure {fid!r}")
        if not row.paragraph_id and not row.source_url:
            raise _fail(frame, res, i, "paragraph_id", "no source (paragraph_id or source_url)")
        if row.source_url and not (row.outlet and row.confidence and row.url_kind):
            raise _fail(
                frame, res, i, "outlet", "an outside source needs its outlet, kind and confidence"
            )


CHECKS = {
    "article_figures": check_article_figures,
    "external_figures": check_external_figures,
    "claims": check_claims,
}


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

_cache: dict[str, pd.DataFrame] = {}


def check(frame: pd.DataFrame, res: Resource) -> pd.DataFrame:
    """References and the checks a schema cannot express (derived tables: every row sourced)."""
    check_references(frame, res)
    CHECKS.get(res.name, check_sourced)(frame, res)
    return frame


def load(name: str) -> pd.DataFrame:
    """A validated copy of the resource `name` of data/datapackage.json."""
    if name not in _cache:
        res = resource(name)
        frame = read_table(res.path, res)
        _cache[name] = frame  # before the checks: references may point back to it
        try:
            check(frame, res)
        except Exception:
            _cache.pop(name, None)
            raise
    frame = _cache[name].copy()
    frame.attrs = dict(_cache[name].attrs)
    return frame


def remember(name: str, frame: pd.DataFrame) -> None:
    """Use `frame` as resource `name` from now on (a table derived but not yet written)."""
    _cache[name] = frame


def validate_inputs(names) -> None:
    """Check these resources afresh (after an edit), references included."""
    for name in names:
        _cache.pop(name, None)
    for name in names:
        load(name)


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
    """Check every resource of the package; return the row count of each."""
    _cache.clear()
    return {name: len(load(name)) for name in resource_names()}
