"""Every rule the data package states, checked where the edit was made.

Two kinds of rule:

- **The schema** (types, required cells, vocabularies, ranges, patterns, primary keys —
  composite ones too — and foreign keys between the files): Frictionless validates each
  file against `data/datapackage.json`; its findings are turned into one message that
  names the file, the line as an editor numbers it, the column, what was expected and
  what was found. (Where Frictionless is not installed — the in-browser notebooks, whose
  Python has no wheel for it — this part is skipped and `schema_checked()` says so.)
- **The book's own rules**, which a schema cannot say: a quote is verbatim seed text and
  its value can be read from it; a rank is a whole number within the number of zones
  ranked and belongs to a registered ranking system; a row's unit is its metric's; dates
  are real calendar dates, partial where the source is, and a page was not read before
  it was published nor after today; every entity, metric, paragraph and figure a row
  names exists.

`problems` raises `DataError` for the first problem found (saying how many more there are).
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable
from datetime import date

import pandas as pd

from tianyuan.data.package import DataError, Resource, Text, hint, resource, shown
from tianyuan.data.units import convertible
from tianyuan.text.article import SECTION_SLUGS, load_article

# Other tables by name (a check that compares files reads them through this).
Tables = Callable[[str], pd.DataFrame]
Texts = Callable[[str], Text]

# Columns that hold a date, partial where the source is (1992, 1992-11, 1992-11-09).
PARTIAL_DATES = ("date", "source_date")


def schema_checked() -> bool:
    """Whether the schema's rules are checked here (Frictionless is installed)."""
    return importlib.util.find_spec("frictionless") is not None


def _frictionless():
    """Frictionless, imported when a file is to be checked, not when a chapter only reads
    checked files (it costs a second; the in-browser notebooks have no wheel for it)."""
    try:
        import frictionless
    except ImportError:
        return None
    return frictionless


# --- the schema, by Frictionless -------------------------------------------------------------


def schema_problems(res: Resource, texts: Texts) -> None:
    """Validate one file against its schema, with the files its foreign keys point to."""
    frictionless = _frictionless()
    if frictionless is None:
        return
    own = texts(res.name)
    members = [_frictionless_resource(res, own)]
    for target in res.references():
        members.append(_frictionless_resource(resource(target), texts(target)))
    frictionless.Package(resources=members)  # the foreign keys resolve within it
    report = members[0].validate()
    errors = [e for task in report.tasks for e in task.errors]
    if errors:
        raise _translated(errors[0], len(errors) - 1, res, own)


def _frictionless_resource(res: Resource, text: Text):
    frictionless = _frictionless()
    descriptor = {
        k: v
        for k, v in res.descriptor.items()
        if k not in ("path", "format", "mediatype", "encoding", "bytes", "hash")
    }
    descriptor["data"] = [res.names, *text.rows]
    # metadata_import: the descriptor is ours and tested; skip re-validating it as JSON
    # Schema on every file (that costs seconds and is done once by the tests)
    return frictionless.Resource.metadata_import(descriptor)


def _translated(error, more: int, res: Resource, text: Text) -> DataError:
    """A Frictionless finding as the book's message: file, line, column, expected, found."""
    row = getattr(error, "row_number", None)
    line = text.lines[row - 2] if row and 2 <= row < len(text.lines) + 2 else None
    name = getattr(error, "field_name", None) or None
    if error.type == "foreign-key" and len(getattr(error, "field_names", []) or []) == 1:
        (name,) = error.field_names
    column = res.column(name) if name in res.names else None
    cell = getattr(error, "cell", "")
    message = _message(error, res, text, name, cell, row)
    if more:
        message += f" ({more} more problem{'s' if more > 1 else ''} in this file)"
    return DataError(text.path, message, line, column, name)


def _message(error, res: Resource, text: Text, name, cell, row) -> str:
    kind = error.type
    f = res.field(name) if name in res.names else None
    about = f" ({f.description})" if f and f.description else ""
    if kind == "type-error" and f is not None:
        expected = {
            "integer": "a whole number",
            "year": "a year (four digits)",
            "number": "a number",
            "date": "a date YYYY-MM-DD",
        }.get(f.type, f"a {f.type}")
        return f"expected {expected}, found {cell!r}" + hint(str(cell).strip(), res)
    if kind == "constraint-error" and f is not None:
        return _constraint_message(f, error.note, cell, about)
    if kind == "missing-cell":
        return f"a value is required{about}"
    if kind == "unique-error":
        first = _first_line(text, res, [name], row)
        return f"duplicate {cell!r} (also on line {first}); this column is a key"
    if kind == "primary-key":
        key = list(res.primary_key)
        values = [text.rows[row - 2][res.column(k) - 1] for k in key]
        first = _first_line(text, res, key, row)
        if len(key) == 1:
            return f"duplicate {values[0]!r} (also on line {first}); {key[0]} is the key"
        shown_key = ", ".join(f"{k}={v!r}" for k, v in zip(key, values, strict=True))
        return (
            f"two rows have the same {', '.join(key)} ({shown_key}; also on line {first}); "
            "together these columns are the key"
        )
    if kind == "foreign-key":
        return _foreign_key_message(error, res, text, row)
    return f"{error.title}: {error.note}"


def _constraint_message(f, note: str, cell, about: str) -> str:
    c = f.constraints
    if "required" in note:
        return f"a value is required{about}"
    if "enum" in note:
        return f"expected one of {', '.join(map(str, c['enum']))}; found {cell!r}"
    if "minimum" in note:
        return f"expected at least {c['minimum']}, found {cell!r}"
    if "maximum" in note:
        return f"expected at most {c['maximum']}, found {cell!r}"
    if "pattern" in note:
        return f"{cell!r} does not have the expected form{about}"
    return f"{cell!r}: {note}"


def _first_line(text: Text, res: Resource, key: list[str], row: int) -> int | None:
    positions = [res.column(k) - 1 for k in key]
    wanted = [text.rows[row - 2][p] for p in positions]
    for cells, line in zip(text.rows, text.lines, strict=True):
        if [cells[p] for p in positions] == wanted:
            return line
    return None


def _foreign_key_message(error, res: Resource, text: Text, row: int) -> str:
    names = list(getattr(error, "field_names", []) or [])
    fk = next((k for k in res.foreign_keys if k["fields"] == names), res.foreign_keys[0])
    target = fk["reference"]["resource"] or res.name
    (name,) = fk["fields"]
    value = text.rows[row - 2][res.column(name) - 1]
    return _unknown(value, target, fk["reference"]["fields"][0])


def _unknown(value: str, target: str, column: str) -> str:
    where = shown(resource(target).path)
    hint = {
        "ranking_systems": "register the system there first (a new system becomes its own series)",
        "entities": "register it there first (an id, its names in both scripts and English, "
        "kind and parent)",
        "metrics": "register it there first (an id, its names, its one unit and what it measures)",
    }.get(target, "it must exist there")
    return f"{value!r} is not in {where} (column {column}); {hint}"


# --- the book's own rules --------------------------------------------------------------------


def _fail(frame: pd.DataFrame, res: Resource, i: int, name: str, message: str) -> DataError:
    return DataError(frame.attrs["path"], message, frame.attrs["lines"][i], res.column(name), name)


def check_partial_dates(frame: pd.DataFrame, res: Resource, tables: Tables) -> None:
    for name in PARTIAL_DATES:
        if name not in frame or "pattern" not in res.field(name).constraints:
            continue  # raw/ keeps the researcher's free text
        for i, value in enumerate(frame[name]):
            for part in filter(None, str(value or "").split("/")):
                if earliest(part) is None:
                    raise _fail(
                        frame,
                        res,
                        i,
                        name,
                        f"{part!r} is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD "
                        "(partial where the source is), a real day of the calendar",
                    )


def earliest(text: str) -> date | None:
    """The first day a partial ISO date can mean (2017-12 -> 2017-12-01); None if invalid."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text)
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
    except ValueError:
        return None


def _registered(frame, res, tables: Tables, i, name, target) -> pd.Series | None:
    value = frame[name].iloc[i]
    if value in ("", None):
        return None
    registry = tables(target).set_index(name)
    if value not in registry.index:
        raise _fail(frame, res, i, name, _unknown(value, target, name))
    return registry.loc[value]


def _check_measure(frame, res, tables: Tables, i, row, *, exact_unit: bool) -> None:
    """The metric's rules on one row: its unit, whole numbers, a rank within its field."""
    metric = _registered(frame, res, tables, i, "metric", "metrics")
    _registered(frame, res, tables, i, "entity", "entities")
    if metric is None:
        return
    unit, kind = metric["unit"], metric["metric_kind"]
    ok = row.unit == unit if exact_unit else convertible(row.unit, unit)
    if not ok:
        allowed = unit if exact_unit else f"{unit} or a unit that converts to it"
        raise _fail(
            frame,
            res,
            i,
            "unit",
            f"the metric {row.metric!r} is measured in {allowed} (data/metrics.csv); "
            f"found {row.unit!r}",
        )
    values = [v for v in (getattr(row, c, None) for c in ("value", "value_low", "value_high"))]
    values = [v for v in values if v is not None and pd.notna(v)]
    if kind in ("rank", "count") and any(v != int(v) for v in values):
        what = "a rank" if kind == "rank" else "a count"
        raise _fail(frame, res, i, "value", f"{what} is a whole number; found {values[0]:g}")
    if kind == "rank":
        if any(v < 1 for v in values):
            raise _fail(frame, res, i, "value", f"a rank is 1 or more; found {min(values):g}")
        total = getattr(row, "zones_ranked", None)
        if total is not None and pd.notna(total) and any(v > total for v in values):
            raise _fail(
                frame,
                res,
                i,
                "value",
                f"rank {max(values):g} is above the {int(total)} zones ranked (zones_ranked); "
                "a rank lies between 1 and the number ranked",
            )


def check_article_figures(frame: pd.DataFrame, res: Resource, tables: Tables) -> None:
    article = load_article()
    paragraphs = set(tables("paragraphs")["paragraph_id"])
    for i, row in enumerate(frame.itertuples(index=False)):
        if row.section not in SECTION_SLUGS or not row.paragraph_id.startswith(row.section + "-"):
            raise _fail(
                frame, res, i, "section", f"{row.section!r} does not hold {row.paragraph_id!r}"
            )
        if row.paragraph_id not in paragraphs:
            raise _fail(frame, res, i, "paragraph_id", f"no paragraph {row.paragraph_id!r}")
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
        _check_measure(frame, res, tables, i, row, exact_unit=False)


def check_external_figures(frame: pd.DataFrame, res: Resource, tables: Tables) -> None:
    check_partial_dates(frame, res, tables)
    for i, row in enumerate(frame.itertuples(index=False)):
        metric = _registered(frame, res, tables, i, "metric", "metrics")
        if metric is not None and metric["metric_kind"] == "date":
            _check_date_given(frame, res, i, row)
        else:
            _check_value_given(frame, res, i, row)
        _check_measure(frame, res, tables, i, row, exact_unit=True)
        if metric is not None and metric["metric_kind"] in ("rank", "rating") and not row.system:
            raise _fail(
                frame,
                res,
                i,
                "system",
                "a rank or rating needs its ranking system (a key of data/ranking_systems.csv)",
            )
        if row.system:
            _registered(frame, res, tables, i, "system", "ranking_systems")
        _check_read_when(frame, res, i, row)


def _check_date_given(frame, res, i, row) -> None:
    if not row.date:
        raise _fail(frame, res, i, "date", "a date metric gives its date here")
    if any(pd.notna(v) for v in (row.value, row.value_low, row.value_high)):
        raise _fail(frame, res, i, "value", "a date metric gives its date, not a value")
    if not row.date.startswith(str(row.year)):
        raise _fail(frame, res, i, "date", f"{row.date!r} is not in the year {row.year}")


def _check_value_given(frame, res, i, row) -> None:
    one, low, high = (pd.notna(v) for v in (row.value, row.value_low, row.value_high))
    if row.date:
        raise _fail(frame, res, i, "date", "only a date metric gives a date")
    if one == (low or high) or low != high:
        raise _fail(
            frame, res, i, "value", "give either value, or value_low and value_high for a range"
        )
    if low and row.value_low > row.value_high:
        raise _fail(frame, res, i, "value_low", "value_low is above value_high")


def _check_read_when(frame, res, i, row) -> None:
    """A page is read (accessed) no later than today and not before its own date."""
    today = date.today()
    read = row.accessed.date() if pd.notna(row.accessed) else None
    if read is not None and read > today:
        raise _fail(
            frame,
            res,
            i,
            "accessed",
            f"{read.isoformat()} is after today ({today.isoformat()}): the day the page was read",
        )
    published = earliest(row.source_date) if row.source_date else None
    if read is not None and published is not None and read < published:
        raise _fail(
            frame,
            res,
            i,
            "accessed",
            f"read on {read.isoformat()}, before the page's date {row.source_date} (source_date)",
        )


def check_claims(frame: pd.DataFrame, res: Resource, tables: Tables) -> None:
    figs = set(tables("article_figures")["id"])
    exts = set(tables("external_figures")["ext_id"])
    pids = set(tables("paragraphs")["paragraph_id"])
    for i, row in enumerate(frame.itertuples(index=False)):
        for pid in row.paragraph_ids.split(";"):
            if pid not in pids:
                raise _fail(frame, res, i, "paragraph_ids", f"no paragraph {pid!r}")
        for fid in filter(None, row.article_figures.split(";")):
            if fid not in figs:
                raise _fail(frame, res, i, "article_figures", f"no article figure {fid!r}")
        for eid in filter(None, row.external_figures.split(";")):
            if eid not in exts:
                raise _fail(
                    frame,
                    res,
                    i,
                    "external_figures",
                    f"no outside figure {eid!r} (data/external_figures.csv)",
                )
        if row.status == "not checked" and row.external_figures:
            raise _fail(frame, res, i, "status", "a claim with outside figures has been checked")


def check_entities(frame: pd.DataFrame, res: Resource, tables: Tables) -> None:
    parents = dict(zip(frame["entity"], frame["parent"], strict=True))
    rows = {entity: i for i, entity in enumerate(parents)}
    for i, (entity, parent) in enumerate(parents.items()):
        if parent and parent not in parents:
            raise _fail(frame, res, i, "parent", _unknown(parent, "entities", "entity"))
        path = [entity]
        while parent:
            if parent in path:
                circle = path[path.index(parent) :]
                shown_circle = " → ".join([*circle, parent])
                raise _fail(
                    frame,
                    res,
                    rows[circle[-1]],
                    "parent",
                    f"the parents go round in a circle ({shown_circle}); an entity cannot "
                    "be part of itself",
                )
            path.append(parent)
            parent = parents.get(parent, "")


def check_metrics(frame: pd.DataFrame, res: Resource, tables: Tables) -> None:
    known = set(frame["metric"])
    for i, cell in enumerate(frame["comparable_with"]):
        for part in filter(None, (p.strip() for p in cell.split(";"))):
            other = part.split(" ")[0]
            if other not in known:
                raise _fail(frame, res, i, "comparable_with", f"no metric {other!r} here")


def check_sourced(frame: pd.DataFrame, res: Resource, tables: Tables) -> None:
    """Every derived row has a source: an article paragraph, or an outside page."""
    check_partial_dates(frame, res, tables)
    if "figure_id" not in frame:
        return
    known = set(tables("article_figures")["id"]) | set(tables("external_figures")["ext_id"])
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
    if "rank" in frame and "zones_ranked" in frame:
        for i, row in enumerate(frame.itertuples(index=False)):
            if pd.notna(row.zones_ranked) and row.rank > row.zones_ranked:
                raise _fail(
                    frame,
                    res,
                    i,
                    "rank",
                    f"rank {row.rank} is above the {row.zones_ranked} zones ranked",
                )


RULES = {
    "article_figures": check_article_figures,
    "external_figures": check_external_figures,
    "claims": check_claims,
    "entities": check_entities,
    "metrics": check_metrics,
}
# What a file's own rules read besides itself.
READS = {
    "article_figures": ("paragraphs", "entities", "metrics"),
    "external_figures": ("entities", "metrics", "ranking_systems"),
    "claims": ("article_figures", "external_figures", "paragraphs"),
}


def rules(frame: pd.DataFrame, res: Resource, tables: Tables) -> None:
    """The book's own rules for one table (a derived one: every row sourced)."""
    if res.derived:
        check_sourced(frame, res, tables)
    else:
        RULES.get(res.name, check_partial_dates)(frame, res, tables)


def reads(res: Resource) -> list[str]:
    """Every other table the checks of `res` read."""
    extra = READS.get(res.name, ("article_figures", "external_figures") if res.derived else ())
    return list(dict.fromkeys([*res.references(), *extra]))


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
