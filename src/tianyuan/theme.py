"""One plotly template for the book, registered on import.

The CJK font names the regional family of the edition: without it a browser or
kaleido may draw Japanese glyph forms (骨, 直, 令 differ between JP, SC and TC faces).
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


def template(edition: str) -> go.layout.Template:
    return go.layout.Template(
        layout=dict(
            font=dict(family=FONT_FAMILY[edition], size=14, color="#222"),
            colorway=PALETTE,
            paper_bgcolor="white",
            plot_bgcolor="white",
            margin=dict(l=70, r=40, t=110, b=80),
            title=dict(
                x=0,
                xanchor="left",
                xref="paper",
                y=0.98,
                yref="container",
                yanchor="top",
                font=dict(size=20),
            ),
            xaxis=dict(showgrid=False, linecolor="#444", ticks="outside"),
            yaxis=dict(gridcolor="#e5e5e5", zeroline=False, linecolor="#444"),
            hoverlabel=dict(font=dict(family=FONT_FAMILY[edition])),
            separators=".,",
            legend=dict(orientation="h", yanchor="bottom", y=1.03, x=0),
        )
    )


for _edition in FONT_FAMILY:
    pio.templates[f"tianyuan-{_edition}"] = template(_edition)
pio.templates.default = "plotly_white+tianyuan-zh-Hant"


def use(edition: str) -> None:
    """Make `edition`'s template the default for every figure built from now on."""
    pio.templates.default = f"plotly_white+tianyuan-{edition}"
