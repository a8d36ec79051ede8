"""Figure output: a chart as the book's pages, its print edition and a notebook show it.

- `web_figure` / `chart_html`: the page's version (title and note as HTML above the plot,
  a transparent ground, the phone layout carried in `layout.meta["narrow"]`);
- `print_figure` / `static_png`: the print image (kaleido, Debian's chromium), title and
  note drawn above the plot at the print width;
- `ChartOutput`: the MIME bundle a chart cell outputs (plotly JSON and a text alternative;
  for the book also HTML and a PNG);
- `plain_json`: a figure spec as plain JSON lists, readable by any renderer.

Nothing here knows about Sphinx or a notebook's state: the edition is passed in.
"""

from __future__ import annotations

import base64
import html
import json
import logging
import re
import struct
import warnings
from typing import Any

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import plotly.utils

from tianyuan.charts import theme
from tianyuan.charts.measure import text_px, wrap_px
from tianyuan.text.convert import ours

_kaleido_started = False

PLOTLY_MIME = "application/vnd.plotly.v1+json"
# A chart's plotly call on the page waits, inert, until lazy-charts.js has fetched plotly.js.
CHART_SCRIPT_TYPE = "text/x-plotly-chart"
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
# An image takes at most this share of the text block's height, so that its caption (and
# a heading before it) fits on the same page (tianyuan.typeset.tex sets it for LaTeX).
PRINT_IMAGE_SHARE = 0.8
PRINT_HEIGHT_IN = ((297 / 25.4) - 2) * PRINT_IMAGE_SHARE
MIN_PRINT_PT, MIN_PRINT_DPI = 7, 200


def plotly_config(name: str, edition: str, fig: go.Figure | None = None) -> dict:
    """The toolbar for one chart: its image is saved as `name`.png, its tooltips read in
    the edition's script; a chart that cannot zoom has no reset button."""
    buttons = ["toImage"]
    if fig is None or _zoomable(fig):
        buttons.append("resetScale2d")
    locale = "zh-TW" if edition == "zh-Hant" else "zh-CN"
    return {
        **PLOTLY_CONFIG,
        "displayModeBar": True,
        "modeBarButtons": [buttons],
        "toImageButtonOptions": {"filename": name, "scale": 2},
        "locale": locale,
        "locales": {locale: {"dictionary": {k: ours(v, edition) for k, v in PLOTLY_WORDS.items()}}},
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
    size = fig.layout.legend.font.size or 13
    entries = [text_px(t.name, size) + 44 for t in fig.data if t.name]
    rows, line = 1, 0.0
    for entry in entries:
        if line and line + entry > width:
            rows, line = rows + 1, 0.0
        line += entry
    return rows


def _axis_title_px(fig: go.Figure) -> int:
    """The room a level axis title takes above the plot (`builders.level_axis_title`)."""
    named = any(a.name == theme.AXIS_TITLE_NAME for a in fig.layout.annotations)
    return theme.AXIS_TITLE_PX if named else 0


def _retop(fig: go.Figure, top: float) -> None:
    """A new top margin; the plot area keeps its height (the figure grows or shrinks)."""
    height = (fig.layout.height or PNG_SIZE["height"]) - _top(fig) + top
    fig.update_layout(margin_t=round(top), height=round(height))


WEB_TOP = 10


def web_figure(fig: go.Figure) -> go.Figure:
    """The figure as the book's pages draw it: title and note left to the HTML above it,
    no white ground (the page's own shows through, light or dark), the toolbar quiet."""
    web = go.Figure(fig)
    top = WEB_TOP + _axis_title_px(fig)
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
    _retop(out, top + 10 + _axis_title_px(fig))
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
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    return struct.unpack(">II", png[16:24])


class ChartOutput:
    """What a chart cell outputs: the figure as plotly JSON and a text alternative; for
    the book also HTML (the title and note, then the plot without plotly.js, or for a
    chain of stages a flow diagram) and a static PNG (for print)."""

    def __init__(self, name: str, fig: go.Figure, alt: str, edition: str, for_book: bool = False):
        self.name, self.fig, self.alt, self.for_book = name, fig, alt, for_book
        self.edition = edition

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, Any]:
        printed = print_figure(self.fig)
        spec = plain_json(printed.to_dict())
        bundle: dict[str, Any] = {
            PLOTLY_MIME: {**spec, "config": plotly_config(self.name, self.edition, self.fig)},
            "text/plain": self.alt,
        }
        if self.for_book:
            bundle["text/html"] = chart_html(self.name, self.fig, self.alt, self.edition)
            bundle["image/png"] = base64.b64encode(static_png(printed)).decode("ascii")
        return bundle


def chart_html(name: str, fig: go.Figure, alt: str, edition: str) -> str:
    """The chart as a page shows it: a figure named by its text alternative, holding the
    title and note as HTML (Chinese wraps as text does) and the plot (plotly's call waits
    for lazy-charts.js) or, for chains of stages, a flow diagram that needs no script."""
    title, subtitle = _titles(fig)
    head = f'<p class="chart-title">{_plain(title)}</p>' if title else ""
    if subtitle:
        head += f'<p class="chart-subtitle">{_plain(subtitle)}</p>'
    flow = (fig.layout.meta or {}).get("flow")
    state = ' data-chart-state="drawn"' if flow else ""
    body = flow_html(flow) if flow else plot_html(name, web_figure(fig), edition)
    return (
        f'<div class="tianyuan-chart" role="figure" aria-label="{html.escape(alt)}"{state}>'
        f'<div class="chart-head">{head}</div>{body}</div>'
    )


def _plain(text: str) -> str:
    """A plotly label (text with <br> and <b>) as HTML text: breaks become spaces."""
    return html.escape(re.sub(r"<[^>]+>", "", text.replace("<br>", "")))


def plot_html(name: str, fig: go.Figure, edition: str) -> str:
    """plotly's div and call, with the figure as compact JSON (characters as UTF-8, not
    escapes) so the page stays light. The call is an inert data block that lazy-charts.js
    runs once plotly.js has loaded."""
    spec = plain_json(fig.to_dict())
    div_id = f"{name}-plot"  # the figure itself carries the id `name`
    args = ",".join(
        _script_json(v) for v in (spec["data"], spec["layout"], plotly_config(name, edition, fig))
    )
    height = spec["layout"].get("height") or PNG_SIZE["height"]
    return (
        f'<div id="{div_id}" class="plotly-graph-div" style="height:{height}px;width:100%">'
        f'</div><script type="{CHART_SCRIPT_TYPE}">window.PLOTLYENV=window.PLOTLYENV||{{}};'
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
    import kaleido  # the print edition's only: the in-browser notebooks have no kaleido

    global _kaleido_started
    if not _kaleido_started:
        logging.getLogger("kaleido").setLevel(logging.ERROR)
        logging.getLogger("choreographer").setLevel(logging.ERROR)
        kaleido.start_sync_server(silence_warnings=True)
        _kaleido_started = True
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # plotly: "The kopts argument is ignored"
        size = dict(PNG_SIZE, height=fig.layout.height or PNG_SIZE["height"])
        return pio.to_image(fig, format="png", **size)


def stop_png_renderer() -> None:
    """Close kaleido's browser, if `static_png` started it (a script that draws many PNGs
    and goes on to other work)."""
    global _kaleido_started
    if not _kaleido_started:
        return
    import kaleido

    # the closing browser may leave half a message on its pipe: not an error here
    logging.getLogger("choreographer").setLevel(logging.CRITICAL)
    kaleido.stop_sync_server(silence_warnings=True)
    _kaleido_started = False
