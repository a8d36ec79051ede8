"""The description of the book's CSVs (data/datapackage.json) and reading a CSV by it.

The data package (Frictionless Table Schema) says for every CSV under `data/` what its
columns are, their types, units, vocabularies, ranges, keys and references. This module
reads a CSV into a DataFrame with the types the package gives (years and ranks as
integers, dates as dates), and refuses a file it cannot read that way with the file, the
line as an editor numbers it, the column, what was expected and what was found. Checking
the rest of the description (vocabularies, ranges, keys, references) is Frictionless's
job and the book's own rules are in `tianyuan.data.checks`.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from tianyuan import errors, paths
from tianyuan.errors import InputError

PACKAGE_NAME = "datapackage.json"


class DataError(InputError):
    """A data file does not satisfy its description; the message says where and why."""


def data_dir() -> Path:
    """The folder that holds datapackage.json (`tianyuan.paths`: TIANYUAN_ROOT, the clone,
    or the copy inside an installed wheel)."""
    return paths.DATA


def shown(path: Path | str) -> str:
    """A path as a person names it: data/external_figures.csv, relative to the root."""
    return errors.shown(path)


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
    descriptor: dict

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.fields]

    def column(self, name: str) -> int:
        """The 1-based position of a column in the description (and in a written file)."""
        return self.names.index(name) + 1

    @property
    def derived(self) -> bool:
        """Written by `make data` (data/tables/), never edited by hand."""
        return self.descriptor["path"].startswith("tables/")

    def references(self) -> list[str]:
        """The resources its foreign keys point to (itself excluded)."""
        targets = (fk["reference"]["resource"] for fk in self.foreign_keys)
        return [t for t in dict.fromkeys(targets) if t and t != self.name]


# The description as last read, keyed by the file's size and modification time: an edited
# datapackage.json is read again (no cache to clear, under sphinx-autobuild either).
_described: dict[str, tuple[tuple[int, int], dict, dict[str, Resource]]] = {}


def package() -> dict:
    return _description()[0]


def _description() -> tuple[dict, dict[str, Resource]]:
    path = data_dir() / PACKAGE_NAME
    stamp = _stamp(path)
    seen = _described.get(str(path))
    if seen is None or seen[0] != stamp:
        seen = (stamp, _read_package(path), {})
        _described[str(path)] = seen
    return seen[1], seen[2]


def _stamp(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError:
        return (-1, -1)
    return (st.st_size, st.st_mtime_ns)


def _read_package(path: Path) -> dict:
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise DataError(path, paths.where_data_is()) from None
    except OSError as err:
        raise DataError(path, f"cannot read the data package: {err.strerror}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise DataError(path, f"not valid JSON: {err.msg}", err.lineno, err.colno) from None


def resource(name: str) -> Resource:
    described, resources = _description()
    if name not in resources:
        resources[name] = _resource(described, name)
    return resources[name]


def _resource(described: dict, name: str) -> Resource:
    for res in described["resources"]:
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
                data_dir() / res["path"],
                fields,
                tuple(schema.get("primaryKey", ())),
                tuple(schema.get("foreignKeys", ())),
                res,
            )
    known = ", ".join(r["name"] for r in described["resources"])
    raise KeyError(f"no resource {name!r} in data/datapackage.json (known: {known})")


def resource_names() -> list[str]:
    """The name of every table of the package, in its order: `data.load(name)` takes one."""
    return [r["name"] for r in package()["resources"]]


def titles(name: str) -> dict[str, str]:
    """Column name -> its title (Chinese, for tables readers see)."""
    return {f.name: f.title for f in resource(name).fields}


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


@dataclass
class Text:
    """A CSV as read: its header and rows (in the package's column order, blank lines
    left out) and the line where each row starts, as an editor numbers it."""

    path: Path
    header: list[str]
    rows: list[list[str]]
    lines: list[int]


def read_text(source: Path | str, res: Resource, text: str | None = None) -> Text:
    """The rows of a CSV (from `source`, or `text` shown as `source`), header checked."""
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
    expected = res.names
    _check_header(path, header, expected)
    index = [header.index(name) for name in expected]
    rows, lines = [], []
    end = reader.line_num
    for cells in reader:
        start, end = end + 1, reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            raise DataError(
                path, f"expected {len(header)} cells, found {len(cells)}", start, len(cells)
            )
        rows.append([cells[i] for i in index])
        lines.append(start)
    return Text(path, header, rows, lines)


def _check_header(path: Path, header: list[str], expected: list[str]) -> None:
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
        if header.index(name) != position - 1:
            raise DataError(path, f"the column {name!r} appears twice", 1, position, name)


def frame_of(text: Text, res: Resource) -> pd.DataFrame:
    """The rows as a DataFrame with the package's types: whole numbers and years as
    integers (nullable), numbers as floats, dates as dates, everything else as text."""
    columns = list(zip(*text.rows, strict=True)) if text.rows else [()] * len(res.fields)
    data = {}
    for position, (f, cells) in enumerate(zip(res.fields, columns, strict=True), 1):
        data[f.name] = _typed(f, cells, res, text, position)
    frame = pd.DataFrame(data, columns=res.names)
    frame.attrs["lines"] = list(text.lines)
    frame.attrs["path"] = str(text.path)
    return frame


def _typed(f: Field, cells, res: Resource, text: Text, position: int) -> pd.Series:
    values = []
    for cell, line in zip(cells, text.lines, strict=True):
        value = cell.strip()
        if value == "":
            values.append(None)
            continue
        try:
            values.append(_cast(value, f))
        except ValueError as err:
            raise DataError(
                text.path, f"{err}, found {cell!r}" + hint(value, res), line, position, f.name
            ) from None
    if f.type in ("integer", "year"):
        return pd.Series(values, dtype="Int64")
    if f.type == "number":
        return pd.Series([v if v is not None else float("nan") for v in values], dtype="float64")
    if f.type == "date":
        return pd.Series(pd.to_datetime(values), dtype="datetime64[s]")
    return pd.Series([v if v is not None else "" for v in values], dtype=object)


def _cast(value: str, f: Field):
    if f.type in ("integer", "year"):
        if not _INTEGER.fullmatch(value):
            raise ValueError(
                "expected a year (four digits)" if f.type == "year" else "expected a whole number"
            )
        return int(value)
    if f.type == "number":
        if not _NUMBER.fullmatch(value):
            raise ValueError("expected a number")
        return float(value)
    if f.type == "date":
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError("expected a date YYYY-MM-DD") from None
    return value


def hint(value: str, res: Resource) -> str:
    """What the person probably meant, for a cell that is not the number it should be."""
    names = set(res.names)
    if _RANGE.match(value):
        if {"value_low", "value_high"} <= names:
            return "; a range goes in value_low and value_high, never in one number"
        return "; a range is not one number"
    if value[:1] in "><超近約余" and "qualifier" in names:
        return "; put the hedge in qualifier and the number here"
    if "," in value:
        return "; write numbers without thousands separators"
    return ""


def read_table(source: Path | str, res: Resource, text: str | None = None) -> pd.DataFrame:
    """A CSV read with the package's types (nothing else checked): see `tianyuan.data.load`."""
    return frame_of(read_text(source, res, text), res)
