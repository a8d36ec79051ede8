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

import base64
import html
import json
import logging
import re
import urllib.parse
import warnings
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from tianyuan import theme
from tianyuan.article import SECTION_SLUGS
from tianyuan.convert import DEFAULT_EDITION, EDITIONS, convert, fullwidth_punctuation
from tianyuan.convert import ours as convert_ours

SOURCE_COLUMNS = ("paragraph_id", "source_url")
PARAGRAPH_ID = re.compile(rf"^({'|'.join(SECTION_SLUGS)})-\d{{2}}$")
_state = {"edition": DEFAULT_EDITION, "book": False, "kaleido": False}
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


PLOTLY_MIME = "application/vnd.plotly.v1+json"
# The chart toolbar keeps what a reader uses: save as image, zoom back.
PLOTLY_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "modeBarButtons": [["toImage", "resetScale2d"]],
}
# The toolbar's tooltips in the reader's script (plotly.js has them in English).
TOOLBAR_WORDS = {"Download plot as a PNG": "下載圖片（PNG）", "Reset axes": "還原縮放"}
# and what plotly says after a zoom
PLOTLY_WORDS = {**TOOLBAR_WORDS, "Double-click to zoom back out": "按兩下還原縮放"}
# A chart in a container narrower than this takes its narrow layout (charts.responsive).
NARROW_PX = 560
# The print and notebook image: drawn at this CSS width, saved at `scale` times the pixels.
# The PDF sets it across the text width: 6.27 in (A4 less Sphinx's 1 in margins), so a
# 12 px label (theme.MIN_FONT) prints at 7.5 pt and the image at 230 dpi
# (tests/test_pdf.py measures both in the PDF).
PNG_SIZE = dict(width=720, height=540, scale=2)
PRINT_WIDTH_IN = (210 / 25.4) - 2
PRINT_HEIGHT_IN = (297 / 25.4) - 2
MIN_PRINT_PT, MIN_PRINT_DPI = 7, 200


def plotly_config(name: str, fig: go.Figure | None = None) -> dict:
    """The toolbar for one chart: its image is saved as `name`.png, its tooltips read in
    the edition's script; a chart that cannot zoom has no reset button."""
    buttons = ["toImage"]
    if fig is None or _zoomable(fig):
        buttons.append("resetScale2d")
    locale = "zh-TW" if edition() == "zh-Hant" else "zh-CN"
    return {
        **PLOTLY_CONFIG,
        "displayModeBar": True,
        "modeBarButtons": [buttons],
        "toImageButtonOptions": {"filename": name, "scale": 2},
        "locale": locale,
        "locales": {locale: {"dictionary": {k: ours(v) for k, v in PLOTLY_WORDS.items()}}},
    }


def _zoomable(fig: go.Figure) -> bool:
    axes = [v for k, v in fig.layout.to_plotly_json().items() if re.match(r"[xy]axis\d*$", k)]
    cartesian = any(t.type in ("bar", "scatter") for t in fig.data)
    return cartesian and not all(a.get("fixedrange") for a in axes) if axes else cartesian


def _titles(fig: go.Figure) -> tuple[str, str]:
    title = fig.layout.title.text or ""
    subtitle = fig.layout.title.subtitle.text or ""
    return title, subtitle


def _top(fig: go.Figure) -> float:
    if fig.layout.margin.t is not None:
        return fig.layout.margin.t
    return fig.layout.template.layout.margin.t or 100


def _legend_on_top(fig: go.Figure) -> bool:
    shown = fig.layout.showlegend is not False and sum(bool(t.name) for t in fig.data) > 1
    y = fig.layout.legend.y
    return shown and (y is None or y >= 1)


def _legend_rows(fig: go.Figure, width: float) -> int:
    from tianyuan.charts import text_px

    size = fig.layout.legend.font.size or 13
    entries = [text_px(t.name, size) + 44 for t in fig.data if t.name]
    rows, line = 1, 0.0
    for entry in entries:
        if line and line + entry > width:
            rows, line = rows + 1, 0.0
        line += entry
    return rows


def _retop(fig: go.Figure, top: float) -> None:
    """A new top margin; the plot area keeps its height (the figure grows or shrinks)."""
    height = (fig.layout.height or PNG_SIZE["height"]) - _top(fig) + top
    fig.update_layout(margin_t=round(top), height=round(height))


WEB_TOP = 10


def web_figure(fig: go.Figure) -> go.Figure:
    """The figure as the book's pages draw it: title and note left to the HTML above it,
    no white ground (the page's own shows through, light or dark), the toolbar quiet."""
    web = go.Figure(fig)
    top = WEB_TOP
    if _legend_on_top(fig) and fig.layout.margin.autoexpand is False:
        top += 24 * _legend_rows(fig, NARROW_PX)
    shift = top - _top(fig)
    _retop(web, top)
    web.update_layout(
        title=None,
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        modebar=dict(bgcolor="rgba(0,0,0,0)", color="#555", activecolor=theme.ZHUZHOU),
    )
    meta = dict(fig.layout.meta or {})
    narrow = meta.get("narrow")
    if narrow:
        layout = {k: v for k, v in narrow.get("layout", {}).items() if not k.startswith("title")}
        if "height" in layout:
            layout["height"] += shift
        meta["narrow"] = {**narrow, "layout": layout, "below": NARROW_PX}
        web.update_layout(meta=meta)
    return web


PRINT_EDGE = 12  # px between the image's edge and its title and note


def print_figure(fig: go.Figure) -> go.Figure:
    """The figure as the PDF (and a notebook) shows it: at the print width, title and note
    drawn above the plot from the image's left edge, the note wrapped to the width."""
    from tianyuan.charts import wrap_px

    out = go.Figure(fig)
    width = PNG_SIZE["width"]
    margin, template_margin = fig.layout.margin, fig.layout.template.layout.margin
    plot_px = width - (margin.l if margin.l is not None else template_margin.l or 0)
    plot_px -= margin.r if margin.r is not None else template_margin.r or 0
    title, subtitle = _titles(fig)
    top = PRINT_EDGE + (32 if title else 0)
    if subtitle:
        size = fig.layout.title.subtitle.font.size or 13
        wrapped = wrap_px(subtitle, width - 2 * PRINT_EDGE, size)
        out.update_layout(title_subtitle_text=wrapped)
        top += (wrapped.count("<br>") + 1) * round(size * 1.45) + 6
    if _legend_on_top(fig):
        top += 24 * _legend_rows(fig, plot_px) + 6
    _retop(out, top + 10)
    out.update_layout(
        width=width, title=dict(xref="container", x=0, pad=dict(l=PRINT_EDGE, t=PRINT_EDGE))
    )
    return out


def smallest_text_px(fig: go.Figure) -> float:
    """The smallest text size the figure draws, in CSS px, with plotly's defaults resolved
    (kaleido computes the full figure). Hover labels are not drawn in an image."""
    full = fig.full_figure_for_development(warn=False).to_plotly_json()
    sizes: list[float] = []

    def walk(value: Any, key: str = "", under: tuple = ()) -> None:
        if isinstance(value, dict):
            if key.endswith("font") and "size" in value and "hoverlabel" not in under:
                size = value["size"]
                sizes.extend(size if isinstance(size, list) else [size])
            for k, v in value.items():
                walk(v, k, (*under, key))
        elif isinstance(value, list):
            for v in value:
                walk(v, key, under)

    layout = dict(full["layout"])
    layout.pop("template", None)
    drawn = [a for a in layout.get("annotations", []) if a.get("text")]
    layout["annotations"] = drawn
    walk(layout)
    walk(full["data"])
    return min(float(s) for s in sizes if s is not None)


def print_legibility(fig: go.Figure, png: bytes | None = None) -> tuple[float, float]:
    """(smallest text in pt, resolution in dpi) of the chart as the PDF prints it: the
    image across the text width, or smaller when it is taller than the text block."""
    width_px, height_px = PNG_SIZE["width"], fig.layout.height or PNG_SIZE["height"]
    pixels = width_px * PNG_SIZE["scale"]
    if png is not None:
        pixels, tall = _png_size(png)
        height_px = tall / PNG_SIZE["scale"]
    inches = min(PRINT_WIDTH_IN, PRINT_HEIGHT_IN * width_px / height_px)
    return smallest_text_px(fig) * inches * 72 / width_px, pixels / inches


def _png_size(png: bytes) -> tuple[int, int]:
    import struct

    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    return struct.unpack(">II", png[16:24])


class ChartOutput:
    """What a chart cell outputs: the figure as plotly JSON and a text alternative; for
    the book also HTML (the title and note, then the plot without plotly.js, or for a
    chain of stages a flow diagram) and a static PNG (for print)."""

    def __init__(self, name: str, fig: go.Figure, alt: str, for_book: bool = False):
        self.name, self.fig, self.alt, self.for_book = name, fig, alt, for_book

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, Any]:
        printed = print_figure(self.fig)
        spec = plain_json(printed.to_dict())
        bundle: dict[str, Any] = {
            PLOTLY_MIME: {**spec, "config": plotly_config(self.name, self.fig)},
            "text/plain": self.alt,
        }
        if self.for_book:
            bundle["text/html"] = chart_html(self.name, self.fig, self.alt)
            bundle["image/png"] = base64.b64encode(static_png(printed)).decode("ascii")
        return bundle


def chart_html(name: str, fig: go.Figure, alt: str) -> str:
    """The chart as a page shows it: a figure named by its text alternative, holding the
    title and note as HTML (Chinese wraps as text does) and the plot (plotly's call waits
    for lazy-charts.js) or, for chains of stages, a flow diagram that needs no script."""
    title, subtitle = _titles(fig)
    head = f'<p class="chart-title">{_plain(title)}</p>' if title else ""
    if subtitle:
        head += f'<p class="chart-subtitle">{_plain(subtitle)}</p>'
    flow = (fig.layout.meta or {}).get("flow")
    state = ' data-chart-state="drawn"' if flow else ""
    body = flow_html(flow) if flow else plot_html(name, web_figure(fig))
    return (
        f'<div class="tianyuan-chart" role="figure" aria-label="{html.escape(alt)}"{state}>'
        f'<div class="chart-head">{head}</div>{body}</div>'
    )


def _plain(text: str) -> str:
    """A plotly label (text with <br> and <b>) as HTML text: breaks become spaces."""
    return html.escape(re.sub(r"<[^>]+>", "", text.replace("<br>", "")))


def plot_html(name: str, fig: go.Figure) -> str:
    """plotly's div and call, with the figure as compact JSON (characters as UTF-8, not
    escapes) so the page stays light."""
    spec = plain_json(fig.to_dict())
    div_id = f"{name}-plot"  # the figure itself carries the id `name`
    args = ",".join(
        _script_json(v) for v in (spec["data"], spec["layout"], plotly_config(name, fig))
    )
    height = spec["layout"].get("height") or PNG_SIZE["height"]
    return (
        f'<div id="{div_id}" class="plotly-graph-div" style="height:{height}px;width:100%">'
        f"</div><script>window.PLOTLYENV=window.PLOTLYENV||{{}};"
        f'if(document.getElementById("{div_id}")){{Plotly.newPlot("{div_id}",{args})}}</script>'
    )


def _script_json(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c")  # no "</script>" can end the script early


def flow_html(flow: list[dict]) -> str:
    """Chains of stages as lists of boxes; CSS draws the arrows between the steps (in a
    row that wraps, or downwards on a phone). Parallel stages share a step."""

    def box(b: dict) -> str:
        tier = f'<b class="flow-tier">{html.escape(b["tier"])}</b>' if b.get("tier") else ""
        return f'<span class="flow-box">{tier}{html.escape(b["stage"])}</span>'

    parts = ['<div class="chart-flow">']
    for chain in flow:
        parts.append(
            f'<p class="flow-name">{html.escape(chain["name"])}</p><ol class="flow-steps">'
        )
        for step in chain["steps"]:
            if len(step) == 1:
                parts.append(f'<li class="flow-step">{box(step[0])}</li>')
            else:
                inner = "".join(f"<li>{box(b)}</li>" for b in step)
                parts.append(f'<li class="flow-step"><ul class="flow-parallel">{inner}</ul></li>')
        parts.append("</ol>")
    parts.append("</div>")
    return "".join(parts)


def plain_json(value: Any) -> Any:
    """A figure spec with arrays as JSON lists (not plotly's base64 typed arrays), so any
    notebook renderer, old or new, draws it and a reader can see the numbers."""
    import numpy as np
    import plotly.utils

    if isinstance(value, dict) and {"dtype", "bdata"} <= set(value):  # plotly's typed array
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        if "shape" in value:
            array = array.reshape([int(n) for n in str(value["shape"]).split(",")])
        return plain_json(array.tolist())
    if isinstance(value, dict):
        return {k: plain_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain_json(v) for v in value]
    if hasattr(value, "tolist"):
        return plain_json(value.tolist())
    return json.loads(json.dumps(value, cls=plotly.utils.PlotlyJSONEncoder))


def static_png(fig: go.Figure) -> bytes:
    """PNG of the figure via kaleido (Debian's chromium), one browser for the notebook."""
    import kaleido

    if not _state["kaleido"]:
        logging.getLogger("kaleido").setLevel(logging.ERROR)
        logging.getLogger("choreographer").setLevel(logging.ERROR)
        kaleido.start_sync_server(silence_warnings=True)
        _state["kaleido"] = True
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # plotly: "The kopts argument is ignored"
        size = dict(PNG_SIZE, height=fig.layout.height or PNG_SIZE["height"])
        return pio.to_image(fig, format="png", **size)


def source_line(table: pd.DataFrame) -> str:
    """MyST: the article paragraphs and the outside sources behind the plotted numbers.

    An outside source is named by its original publisher; a mirror or repost is shown as
    what it is, a copy (轉載於 host（原刊 publisher）), never as the source."""
    if not any(c in table.columns for c in SOURCE_COLUMNS):
        raise ValueError(
            f"a plotted table needs a source column {SOURCE_COLUMNS}; has {list(table.columns)}"
        )
    pids: list[str] = []
    if "paragraph_id" in table:
        for cell in table["paragraph_id"].fillna(""):
            for pid in str(cell).split(";"):
                if pid.strip() and pid.strip() not in pids:
                    pids.append(pid.strip())
    outside: list[str] = []
    if "source_url" in table:
        cols = [c for c in OUTSIDE_COLUMNS if c in table]
        with_url = table[cols][table["source_url"].fillna("").astype(str).str.strip() != ""]
        for row in with_url.drop_duplicates().to_dict("records"):
            outside.append(outside_source(row))
    parts = []
    if pids:
        parts.append(ours("原文 ") + "、".join(_paragraph_ref(p) for p in pids))
    if outside:
        parts.append(ours("外部資料 ") + "；".join(outside))
    present = table[[c for c in SOURCE_COLUMNS if c in table]].fillna("").astype(str)
    missing = (present.apply(lambda col: col.str.strip()) == "").all(axis=1)
    if missing.any():
        raise ValueError(f"rows without any source: {table[missing].index.tolist()}")
    return ours("**資料來源**：") + "；".join(parts) + "。"


OUTSIDE_COLUMNS = ("source_url", "outlet", "url_kind", "source_date", "confidence")
COPY_KINDS = {"mirror", "repost"}


def outside_source(row: dict) -> str:
    """'[紅網](url)（2024-08-14，可信度：高）' or, for a copy,
    '轉載於 [m.stallone-f.com](url)（原刊 科技日報，2021-12-17，可信度：高）'."""
    url = row["source_url"]
    host = urllib.parse.urlsplit(url).netloc or url
    outlet = ours(str(row.get("outlet") or ""))
    extra = []
    if row.get("url_kind") in COPY_KINDS:
        link = ours("轉載於 ") + f"[{host}]({_escape_url(url)})"
        extra.append(ours("原刊 ") + (outlet or ours("未署名")))
    else:
        link = f"[{outlet or host}]({_escape_url(url)})"
    if row.get("source_date"):
        extra.append(str(row["source_date"]))
    if row.get("confidence"):
        extra.append(ours("可信度：") + ours(_CONFIDENCE.get(row["confidence"], row["confidence"])))
    return link + (f"（{'，'.join(extra)}）" if extra else "")


def _escape_url(url: str) -> str:
    """A URL as a Markdown link target: spaces and parentheses would end the target.
    (An `&` stays as it is; see sphinxext.UnescapeLinkTargets.)"""
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


_CONFIDENCE = {"high": "高", "medium": "中", "low": "低"}


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
        "| " + " | ".join(str(c) for c in table.columns) + " |",
        "|" + "---|" * len(table.columns),
    ]
    for rec in table.itertuples(index=False):
        rows.append("| " + " | ".join(_cell(v) for v in rec) + " |")
    return rows


# How coded values read in a table a reader sees (the CSV download keeps the codes).
VALUE_LABELS = {
    "confidence": {"high": "高", "medium": "中", "low": "低"},
    "url_kind": {
        "official": "官方網站",
        "news": "原刊媒體",
        "archive": "原報存檔",
        "mirror": "轉載網站",
        "repost": "平台轉貼",
    },
    "year_basis": {"stated": "來源明載", "inferred": "推斷", "derived": "推算"},
    "scope": {"national": "全國", "provincial": "省內"},
}
# Columns that belong to no data file (tables made in a chapter or a report).
EXTRA_TITLES = {
    "label": "項目",
    "count": "次數",
    "seed_char": "刊出字形",
    "corrected_char": "校訂字形",
    "seed_example": "刊出例句",
    "corrected_example": "校訂例句",
    "percent_of_field": "名次在前百分之幾",
}


def readable(table: pd.DataFrame) -> pd.DataFrame:
    """The table as a reader sees it: titles from the data package, coded values in words."""
    from tianyuan.data import column_titles

    titles = {**column_titles(), **EXTRA_TITLES}
    out = table.copy()
    for column, labels in VALUE_LABELS.items():
        if column in out:
            out[column] = out[column].map(lambda v, labels=labels: labels.get(v, v))
    untitled = [c for c in out.columns if c not in titles]
    if untitled:
        raise ValueError(f"no title for the column(s) {untitled}: add one in datapackage.json")
    out.columns = [ours(titles[c]) for c in out.columns]
    ed = edition()
    return out.map(
        lambda v: (
            (ours(v) if v in _WORDS else fullwidth_punctuation(convert(v, ed)))
            if isinstance(v, str)
            else v
        )
    )


def show_table(table: pd.DataFrame) -> None:
    """Display a table as a reader sees it (titles, words, the edition's script), as
    Markdown: it reads the same in the book, in JupyterLab and on GitHub."""
    from IPython.display import Markdown, display

    display(Markdown("\n".join(_markdown_table(readable(table)))))


def show(text: str) -> None:
    """Display a line of our own words (Markdown) in the edition's script: a result in a
    worked example reads in the reader's script, like everything else."""
    from IPython.display import Markdown, display

    display(Markdown(fullwidth_punctuation(ours(text))))


_WORDS = {w for labels in VALUE_LABELS.values() for w in labels.values()}


def notes_markdown(name: str, table: pd.DataFrame) -> str:
    """Source line; the plotted data as a table (a toggle in HTML) with a CSV download.

    The CSV keeps the data's own column names and codes, for reuse; the tables a reader
    sees use the titles of the data package. The print edition gets a compact table and
    says where the interactive parts are.
    """
    csv = table.to_csv(index=False)
    href = "data:text/csv;charset=utf-8," + urllib.parse.quote("\ufeff" + csv)
    compact = table[[c for c in table.columns if c not in PRINT_HIDDEN]]
    return "\n".join(
        [
            ":::{container} source-line",
            source_line(table),
            ":::",
            "",
            "::::{only} html",
            ":::{dropdown} " + ours(f"圖表資料（{len(table)} 列）"),
            ":class-container: chart-data",
            "",
            *_markdown_table(readable(table)),
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
            "",
            ours(
                "*互動圖表（縮放、懸停看數值）與本圖完整資料的 CSV 下載，見本書 HTML 版同一章"
                "（位置見書末〈版本說明〉）；各列的原文引句與網址見上方資料來源及書末附錄。*"
            ),
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
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")  # 1974.0 -> 1974, 1050.29 stays
    text = str(value).replace("|", "\\|").replace("\n", " ")
    return text


LOW_CONFIDENCE_WORDS = "低可信度"


def _check_low_confidence_is_said(name: str, fig: go.Figure, table: pd.DataFrame) -> None:
    """A low-confidence figure is never drawn without the chart itself saying so."""
    if "confidence" not in table or not table["confidence"].eq("low").any():
        return
    if LOW_CONFIDENCE_WORDS not in json.dumps(json.loads(fig.to_json()), ensure_ascii=False):
        raise ValueError(
            f"{name}: plots low-confidence figures but never says {LOW_CONFIDENCE_WORDS}"
        )


def figure(
    name: str, fig: go.Figure, table: pd.DataFrame, alt: str, keep_data: bool = False
) -> None:
    """Glue `name` (the chart) and `name-notes` (its sources and data) for the chapter."""
    from IPython.display import Markdown

    ed = edition()
    _check_low_confidence_is_said(name, fig, table)
    fig = localise(fig, keep_data)
    if not keep_data:
        table = table.map(lambda v: convert(v, ed) if isinstance(v, str) else v)
    table.columns = [convert(str(c), ed) for c in table.columns]
    notes = notes_markdown(name, table)
    if in_book_build():
        from myst_nb import glue

        glue(name, ChartOutput(name, fig, convert_ours(alt, ed), for_book=True), display=False)
        glue(f"{name}-notes", Markdown(notes), display=False)
    else:
        from IPython.display import display

        from tianyuan.notebooks import myst_to_markdown

        display(ChartOutput(name, fig, convert_ours(alt, ed)))
        display(Markdown(myst_to_markdown(notes, ed)))
