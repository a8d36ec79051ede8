"""Chart builders: a tidy DataFrame in, a plotly Figure out. No I/O, no .show().

Labels are written in Traditional; `figures.figure()` converts them to the edition.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from tianyuan.theme import MUTED, ZHUZHOU


def correction_counts(table: pd.DataFrame) -> go.Figure:
    """Horizontal bars: how often each seed character was corrected, most frequent on top."""
    data = table.sort_values("count")
    labels = data["seed_char"] + " → " + data["corrected_char"]
    fig = go.Figure(
        go.Bar(
            x=data["count"],
            y=labels,
            orientation="h",
            marker_color=[ZHUZHOU if n > 1 else MUTED for n in data["count"]],
            text=data["count"],
            textposition="outside",
            customdata=data[["seed_example", "corrected_example"]],
            hovertemplate="%{y}:%{x} 處<br>原刊:%{customdata[0]}<br>校訂:%{customdata[1]}"
            "<extra></extra>",
        )
    )
    fig.update_layout(
        title=f"原刊繁體與校訂繁體:{int(data['count'].sum())} 處字形更正",
        xaxis_title="出現次數(處)",
        yaxis_title=None,
        height=max(420, 22 * len(data) + 140),
        showlegend=False,
    )
    return fig
