"""One plotly template for the book, registered on import.

The CJK font names the regional family of the edition: without it a browser or
kaleido may draw Japanese glyph forms (骨, 直, 令 differ between JP, SC and TC faces).

The template stands alone (not on top of plotly's `plotly_white`, whose colour scales
and 3-D defaults no chart here uses): every chart's HTML carries its template, so a
small one keeps the pages light. Text sizes: 14 px for labels, never below `MIN_FONT`
(the print edition's 7 pt, see `figures.PNG_SIZE`; 11 px on phones at the least).
"""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

FONT_FAMILY = {
    "zh-Hant": '"Noto Sans CJK TC", "Noto Sans TC", "PingFang TC", "Microsoft JhengHei", '
    "sans-serif",
    "zh-Hans": '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif',
}
# Okabe-Ito: distinguishable with the common forms of colour blindness.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
ZHUZHOU, BENCHMARK, MUTED = PALETTE[0], PALETTE[1], "#8a8a8a"
TEXT, SOFT_TEXT, GRID, AXIS = "#222", "#555", "#e5e5e5", "#444"
FONT_SIZE, LABEL_SIZE, MIN_FONT = 14, 13, 12
# A vertical axis's title is set level above the axis (plotly would turn it 90°, and
# Chinese would read sideways): an annotation of this name, this many px above the plot.
AXIS_TITLE_NAME, AXIS_TITLE_PX = "axis-title", 24


def template(edition: str) -> go.layout.Template:
    axis = dict(
        automargin=True,
        showgrid=False,
        linecolor=AXIS,
        ticks="outside",
        tickcolor=AXIS,
        zeroline=False,
        title=dict(standoff=12),
    )
    return go.layout.Template(
        layout=dict(
            font=dict(family=FONT_FAMILY[edition], size=FONT_SIZE, color=TEXT),
            colorway=PALETTE,
            paper_bgcolor="white",
            plot_bgcolor="white",
            hovermode="closest",
            margin=dict(l=70, r=40, t=110, b=80),
            title=dict(
                x=0,
                xanchor="left",
                xref="paper",
                y=1,
                yref="container",
                yanchor="top",
                pad=dict(t=14),
                font=dict(size=20),
            ),
            xaxis=axis,
            yaxis=dict(axis, showgrid=True, gridcolor=GRID, ticks=""),
            hoverlabel=dict(font=dict(family=FONT_FAMILY[edition]), align="left"),
            separators=".,",
            legend=dict(orientation="h", yanchor="bottom", y=1.03, x=0, font=dict(size=13)),
            annotationdefaults=dict(font=dict(size=LABEL_SIZE), arrowcolor=AXIS, arrowwidth=1),
            # a bar's value label keeps its size: plotly would shrink it to the bar's width
            uniformtext=dict(minsize=MIN_FONT, mode="show"),
        ),
        data=dict(
            bar=[
                go.Bar(
                    constraintext="none",
                    textangle=0,  # a label too long for its bar would turn 90°: Chinese sideways
                    marker=dict(line=dict(width=0), pattern=dict(fillmode="overlay", size=10)),
                )
            ],
        ),
    )


for _edition in FONT_FAMILY:
    pio.templates[f"tianyuan-{_edition}"] = template(_edition)
pio.templates.default = "tianyuan-zh-Hant"


def use(edition: str) -> None:
    """Make `edition`'s template the default for every figure built from now on."""
    pio.templates.default = f"tianyuan-{edition}"
