"""Figures in the book: one call per chart from a chapter cell.

`figure(name, fig, table, alt)` makes two outputs: the chart and its notes (source
line, plotted data, CSV download). The notes are built from the table's own source
columns, so a number cannot be drawn without its source line.

- In the book build (the build writes a fingerprint of code and data into the setup
  cell, see `start`) both are glued: a chapter places them with ``{glue:figure}``
  (numbered, captioned) and ``{glue:md}``. The chart bundle holds ``text/html`` (a
  plotly div; the book serves plotly.js once, locally), ``image/png`` (kaleido, for the
  PDF), the plotly JSON (for the downloadable notebooks) and ``text/plain`` (the text
  alternative).
- Run by hand (JupyterLab, VS Code, the in-browser notebooks), the chart is displayed
  as plotly JSON with its text alternative, and the notes as plain Markdown, so a
  researcher sees what the book shows.

All our text in figure and notes is converted to the edition's script here, by the
same pipeline as the article.
"""

from __future__ import annotations

import json
import re
import urllib.parse
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from IPython.display import Markdown, display

from tianyuan import data
from tianyuan.charts import theme
from tianyuan.charts.output import ChartOutput
from tianyuan.data import column_titles
from tianyuan.notebooks.export import myst_to_markdown
from tianyuan.text.article import SECTION_SLUGS
from tianyuan.text.convert import DEFAULT_EDITION, EDITIONS, convert, fullwidth_punctuation
from tianyuan.text.convert import ours as convert_ours
from tianyuan.text.markup import Myst, myst_text
from tianyuan.text.vocabulary import CONFIDENCE, LOW_CONFIDENCE, VALUE_LABELS, period_label

SOURCE_COLUMNS = ("paragraph_id", "source_url")
PARAGRAPH_ID = re.compile(rf"^({'|'.join(SECTION_SLUGS)})-\d{{2}}$")
_state = {"edition": DEFAULT_EDITION, "book": False}
FINGERPRINT = re.compile(r"[0-9a-f]{16}")


def start(edition: str = DEFAULT_EDITION, inputs: str = "") -> str:
    """Set the edition for this notebook (the book build writes it into the setup cell).

    Run by hand, a chapter still holds the placeholder; it then uses the default.
    `inputs` is the fingerprint of package, data and seed that the book build writes
    in: it makes cached outputs expire when any of them changes, and its presence
    means the outputs are glued for the book's pages instead of shown in the notebook.
    """
    if edition not in EDITIONS:
        edition = DEFAULT_EDITION
    _state["edition"] = edition
    _state["book"] = bool(FINGERPRINT.fullmatch(inputs or ""))
    theme.use(edition)
    return edition


def edition() -> str:
    return _state["edition"]


def in_book_build() -> bool:
    return _state["book"]


# Trace keys that hold data; with keep_data they are shown as they are.
DATA_KEYS = {"x", "y", "text", "customdata", "labels", "ids"}


def localise(fig: go.Figure, keep_data: bool = False) -> go.Figure:
    """Every string of the figure (titles, labels, hover text, categories) in the edition.

    keep_data leaves the traces' data as it is (a report about characters must not
    convert the characters it reports).
    """
    spec = fig.to_plotly_json()
    ed = edition()
    spec["layout"] = _convert_strings(spec.get("layout", {}), ed)
    spec["data"] = [
        {
            k: (v if keep_data and k in DATA_KEYS else _convert_strings(v, ed))
            for k, v in trace.items()
        }
        for trace in spec.get("data", [])
    ]
    return go.Figure(spec)


def _convert_strings(value: Any, ed: str) -> Any:
    if isinstance(value, str):
        return fullwidth_punctuation(convert_ours(value, ed))
    if isinstance(value, dict):
        return {k: _convert_strings(v, ed) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_convert_strings(v, ed) for v in value)
    if hasattr(value, "dtype") and getattr(value.dtype, "kind", "") in "OUS":
        return [_convert_strings(v, ed) for v in value.tolist()]
    return value


def _sources(table: pd.DataFrame) -> tuple[list[str], list[dict]]:
    """The article paragraphs and the outside sources (one row each) behind a table."""
    if not any(c in table.columns for c in SOURCE_COLUMNS):
        raise ValueError(
            f"a plotted table needs a source column {SOURCE_COLUMNS}; has {list(table.columns)}"
        )
    present = table[[c for c in SOURCE_COLUMNS if c in table]].fillna("").astype(str)
    missing = (present.apply(lambda col: col.str.strip()) == "").all(axis=1)
    if missing.any():
        raise ValueError(f"rows without any source: {table[missing].index.tolist()}")
    pids: list[str] = []
    if "paragraph_id" in table:
        for cell in table["paragraph_id"].fillna(""):
            for pid in str(cell).split(";"):
                if pid.strip() and pid.strip() not in pids:
                    pids.append(pid.strip())
    outside: list[dict] = []
    if "source_url" in table:
        cols = [c for c in OUTSIDE_COLUMNS if c in table]
        with_url = table[cols][table["source_url"].fillna("").astype(str).str.strip() != ""]
        outside = with_url.drop_duplicates().to_dict("records")
    return pids, outside


def source_list(table: pd.DataFrame) -> str:
    """MyST: every article paragraph (linked) and every outside source behind the table.

    An outside source is named by its original publisher; a mirror or repost is shown as
    what it is, a copy (轉載於 host（原刊 publisher）), never as the source."""
    pids, outside = _sources(table)
    parts = []
    if pids:
        parts.append(ours("原文 ") + "、".join(_paragraph_ref(p) for p in pids))
    if outside:
        parts.append(ours("外部資料 ") + "；".join(outside_source(row) for row in outside))
    return "；".join(parts) + "。"


def source_line(table: pd.DataFrame) -> str:
    """MyST: 資料來源 and the full list (print, and the notebooks outside the book)."""
    return ours("**資料來源**：") + source_list(table)


def source_summary(table: pd.DataFrame) -> str:
    """One line saying what the sources are: 資料來源：原文 2 段、外部 12 則（高 8／中 3／低 1）."""
    pids, outside = _sources(table)
    parts = []
    if pids:
        parts.append(f"原文 {len(pids)} 段")
    if outside:
        counts = pd.Series([row.get("confidence") or "" for row in outside]).value_counts()
        levels = "／".join(
            f"{label} {counts[code]}" for code, label in CONFIDENCE.items() if code in counts
        )
        parts.append(f"外部 {len(outside)} 則" + (f"（{levels}）" if levels else ""))
    return ours("資料來源：" + "、".join(parts))


OUTSIDE_COLUMNS = ("source_url", "outlet", "url_kind", "source_date", "confidence")
COPY_KINDS = {"mirror", "repost"}


def outside_source(row: dict, edition: str | None = None) -> str:
    """'[紅網](url)（2024-08-14，可信度：高）' or, for a copy,
    '轉載於 [m.stallone-f.com](url)（原刊 科技日報，2021-12-17，可信度：高）'.

    In the notebook's edition unless `edition` is given (a Sphinx directive gives it)."""
    ed = edition or _state["edition"]
    z = lambda text: convert_ours(text, ed)  # noqa: E731 - our words
    url = row["source_url"]
    host = myst_text(urllib.parse.urlsplit(url).netloc or url)
    # the publisher's name as it writes it
    outlet = myst_text(convert(str(row.get("outlet") or ""), ed))
    extra = []
    if row.get("url_kind") in COPY_KINDS:
        link = z("轉載於 ") + f"[{host}]({_escape_url(url)})"
        extra.append(z("原刊 ") + (outlet or z("未署名")))
    else:
        link = f"[{outlet or host}]({_escape_url(url)})"
    if row.get("source_date"):
        extra.append(myst_text(row["source_date"]))
    if row.get("confidence"):
        label = z(CONFIDENCE.get(row["confidence"], row["confidence"]))
        extra.append(z("可信度：") + myst_text(label))
    return link + (f"（{'，'.join(extra)}）" if extra else "")


def _escape_url(url: str) -> str:
    """A URL as a Markdown link target: spaces and parentheses would end the target.
    (An `&` stays as it is; see sphinxext.UnescapeLinkTargets.)"""
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


# Ids a reader of a chart's data table does not need (its Chinese name is shown); the
# CSV download keeps them, for joining with data/entities.csv and data/metrics.csv.
READER_HIDDEN = {"entity", "entity_en", "metric"}

# Columns the print edition leaves out of its data tables: the source line above the
# table already cites them, and a page is too narrow for quotes and URLs.
PRINT_HIDDEN = {
    "quote",
    "source_url",
    "url_kind",
    "outlet",
    "year_basis",
    "symbol",
    "legend_label",
    "source_date",
    "figure_id",
    "seed_context",
    "corrected_context",
    "seed_example",  # the source-text appendix prints every example in its own table
    "corrected_example",
    "paragraph_id",
}


def _markdown_table(table: pd.DataFrame) -> list[str]:
    rows = [
        "| " + " | ".join(myst_text(c) for c in table.columns) + " |",
        "|" + "---|" * len(table.columns),
    ]
    for rec in table.itertuples(index=False):
        rows.append("| " + " | ".join(_cell(v) for v in rec) + " |")
    return rows


# Columns that belong to no data file (tables made in a chapter or a report).
EXTRA_TITLES = {
    "label": "項目",
    "count": "次數",
    "seed_char": "刊出字形",
    "corrected_char": "校訂字形",
    "seed_example": "刊出例句",
    "corrected_example": "校訂例句",
    "percent_of_field": "名次在前百分之幾",
    "metric_zh": "指標",
}


# Columns in English or in codes that a column in words beside them says for the reader
# (the CSV download and the data package keep them): the system's code beside its name,
# the English description of an article figure beside our Chinese label.
SAID_BESIDE = {"system": "system_label", "description": "label"}


def readable(table: pd.DataFrame) -> pd.DataFrame:
    """The table as a reader sees it: titles from the data package, coded values in words
    (a ranking system by its short Chinese name, a marker by its shape, a period in
    words), no code or English that a column beside it says in Chinese."""
    titles = {**column_titles(), **EXTRA_TITLES}
    table = _named(table)
    hidden = [c for c in READER_HIDDEN if c in table]
    hidden += [c for c, words in SAID_BESIDE.items() if c in table and words in table]
    out = table.drop(columns=hidden)
    for column, labels in {**VALUE_LABELS, "system": system_names()}.items():
        if column in out:
            out[column] = out[column].map(lambda v, labels=labels: labels.get(v, v))
    if "period" in out:
        out["period"] = out["period"].map(lambda v: period_label(v) if isinstance(v, str) else v)
    untitled = [c for c in out.columns if c not in titles]
    if untitled:
        raise ValueError(f"no title for the column(s) {untitled}: add one in datapackage.json")
    ed = edition()
    for column in out.columns:
        out[column] = [shown_cell(column, v, ed, for_reading=True) for v in out[column]]
    out.columns = [ours(titles[c]) for c in out.columns]
    return out


# Columns that hold someone else's words, the article's (quote, value_text) or a source's
# (outlet, source_quote), and codes: they change script, never vocabulary.
AS_WRITTEN = {
    "quote",
    "value_text",
    "source_quote",
    "outlet",
    "source_url",
    "figure_id",
    "paragraph_id",
    "ext_id",
    "source_date",
    "accessed",
}
# Columns that report characters themselves: shown exactly as written in both editions.
KEPT = {
    "seed_char",
    "corrected_char",
    "seed_example",
    "corrected_example",
    "seed_context",
    "corrected_context",
}


# An id column the reader sees as a name (from the registries), where no column of names
# stands beside it: a table of outside figures says which zone and which measure each row is.
NAMED_BY = {"entity": ("entity_zh", "entities"), "metric": ("metric_zh", "metrics")}


def _named(table: pd.DataFrame) -> pd.DataFrame:
    out = table
    for column, (words, registry) in NAMED_BY.items():
        if column in table and words not in table:
            names = data.load(registry).set_index(column)["name_zh_hant"]
            out = out.copy() if out is table else out
            out.insert(out.columns.get_loc(column) + 1, words, out[column].map(names))
    return out


def system_names() -> dict[str, str]:
    """Each ranking system's code and its short Chinese name (data/ranking_systems.csv)."""
    systems = data.load("ranking_systems")
    return dict(zip(systems["system"], systems["short_zh"], strict=True))


def shown_cell(column: str, value: Any, ed: str, for_reading: bool = False) -> Any:
    """A table cell in the edition: our words through `ours` (script and the edition's
    words), someone else's words through the script conversion only, reported characters
    as written (for reading, tagged {keep} so the page marks their script)."""
    if not isinstance(value, str) or not value:
        return value
    if column in KEPT:
        return Myst(f"{{keep}}`{value}`") if for_reading else value
    text = convert(value, ed) if column in AS_WRITTEN else convert_ours(value, ed)
    return fullwidth_punctuation(text) if for_reading else text


def show_table(table: pd.DataFrame) -> None:
    """Display a table as a reader sees it (titles, words, the edition's script), as
    Markdown: it reads the same in the book, in JupyterLab and on GitHub."""
    display(Markdown("\n".join(_markdown_table(readable(table)))))


def show(text: str) -> None:
    """Display a line of our own words (Markdown) in the edition's script: a result in a
    worked example reads in the reader's script, like everything else."""
    display(Markdown(fullwidth_punctuation(ours(text))))


def glue_values(values: dict[str, Any]) -> None:
    """Glue numbers for the page's prose (``{glue:text}`name:.1f```): a number in our
    text is computed, never typed. Outside the book the cell shows them instead."""
    if in_book_build():
        from myst_nb import glue

        for name, value in values.items():
            glue(name, float(value), display=False)
    else:
        display(Markdown("  \n".join(f"`{name}` = {float(v):g}" for name, v in values.items())))


def notes_markdown(name: str, table: pd.DataFrame) -> str:
    """Source line; the plotted data as a table (a toggle in HTML) with a CSV download.

    The CSV keeps the data's own column names and codes, for reuse; the tables a reader
    sees use the titles of the data package. The print edition gets a compact table and
    says where the interactive parts are.
    """
    ed = edition()
    shown = pd.DataFrame({c: [shown_cell(c, v, ed) for v in table[c]] for c in table.columns})
    csv = shown.to_csv(index=False)
    href = "data:text/csv;charset=utf-8," + urllib.parse.quote("\ufeff" + csv)
    shown = table[[c for c in table.columns if c not in READER_HIDDEN]]
    compact = shown[[c for c in shown.columns if c not in PRINT_HIDDEN]]
    return "\n".join(
        [
            "::::{only} html",
            ":::{fold} " + source_summary(table),
            ":class: source-line",
            "",
            source_list(table),
            ":::",
            "::::",
            "",
            "::::{only} latex",
            ":::{container} source-line",
            source_line(table),
            ":::",
            "::::",
            "",
            "::::{only} html",
            ":::{dropdown} " + ours(f"圖表資料（{len(table)} 列）"),
            ":class-container: chart-data",
            "",
            *_markdown_table(readable(shown)),
            "",
            f'<a class="chart-csv" download="{name}.csv" href="{href}">{ours("下載 CSV")}</a>',
            ":::",
            "::::",
            "",
            "::::{only} latex",
            ":::{container} print-chart-data",
            f"**{ours('圖表資料')}**",
            "",
            *_markdown_table(readable(compact)),
            ":::",
            "::::",
        ]
    )


def _paragraph_ref(pid: str) -> str:
    """A link to an article paragraph; other parts of the page (title, credits) as text."""
    return f"{{ref}}`{pid} <{pid}>`" if PARAGRAPH_ID.match(pid) else f"`{pid}`"


def ours(text: str) -> str:
    """Our own fixed wording, converted once to the edition."""
    return convert_ours(text, edition())


def _cell(value: Any) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")  # 1974.0 -> 1974, 1050.29 stays
    return myst_text(value)


def _check_low_confidence_is_said(name: str, fig: go.Figure, table: pd.DataFrame) -> None:
    """A low-confidence figure is never drawn without the chart itself saying so."""
    if "confidence" not in table or not table["confidence"].eq("low").any():
        return
    if LOW_CONFIDENCE not in json.dumps(json.loads(fig.to_json()), ensure_ascii=False):
        raise ValueError(f"{name}: plots low-confidence figures but never says {LOW_CONFIDENCE}")


def figure(
    name: str, fig: go.Figure, table: pd.DataFrame, alt: str, keep_data: bool = False
) -> None:
    """Glue `name` (the chart) and `name-notes` (its sources and data) for the chapter."""
    ed = edition()
    _check_low_confidence_is_said(name, fig, table)
    fig = localise(fig, keep_data)
    alt = fullwidth_punctuation(convert_ours(alt, ed))
    notes = notes_markdown(name, table)
    if in_book_build():
        from myst_nb import glue

        glue(name, ChartOutput(name, fig, alt, ed, for_book=True), display=False)
        glue(f"{name}-notes", Markdown(notes), display=False)
    else:
        display(ChartOutput(name, fig, alt, ed))
        display(Markdown(myst_to_markdown(notes, ed)))
