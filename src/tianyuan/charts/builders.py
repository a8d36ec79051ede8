"""Chart builders: a tidy DataFrame in, a plotly Figure out. No I/O, no .show().

Labels are written in Traditional; `figures.figure()` converts them to the edition.

Every builder draws for two widths. The figure it returns is the wide one (desktop, print,
notebooks); built again with ``narrow=True`` it is the phone layout, and what differs
travels in the wide figure's ``layout.meta["narrow"]`` (see `responsive`), which the
book's page applies before drawing in a narrow container. Titles and subtitles are
plain text: the book's pages show them as HTML above the plot, the print image draws
them (`figures.print_figure`).
"""

from __future__ import annotations

import functools
import itertools
import re
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from tianyuan.charts.measure import text_px, wrap_chars, wrap_px
from tianyuan.charts.output import plain_json
from tianyuan.charts.theme import (
    AXIS_TITLE_NAME,
    AXIS_TITLE_PX,
    BENCHMARK,
    FONT_SIZE,
    LABEL_SIZE,
    MIN_FONT,
    MUTED,
    PALETTE,
    SOFT_TEXT,
    TEXT,
    ZHUZHOU,
)
from tianyuan.text.vocabulary import CONFIDENCE, LOW_CONFIDENCE

# --- two widths ----------------------------------------------------------------------------

# Plot widths a layout must hold its labels in: the narrowest wide container (560 px, see
# figures.NARROW_PX) and a 320 px phone, each less its margins.
WIDE_PLOT_PX, NARROW_PLOT_PX = 520, 248


def responsive(build):
    """Decorate a builder taking ``narrow``: the wide figure, carrying the narrow one's
    differences in ``layout.meta["narrow"]`` ({"layout": {path: value}, "traces":
    {index: {path: value}}}, paths dotted as in plotly's relayout)."""

    @functools.wraps(build)
    def wide_with_narrow(*args: Any, narrow: bool = False, **kwargs: Any) -> go.Figure:
        if narrow:
            return level_axis_title(_narrow_defaults(build(*args, narrow=True, **kwargs)))
        wide = level_axis_title(build(*args, **kwargs))
        small = level_axis_title(_narrow_defaults(build(*args, narrow=True, **kwargs)))
        changes = layout_changes(wide, small)
        if changes:
            wide.update_layout(meta={**(wide.layout.meta or {}), "narrow": changes})
        return wide

    return wide_with_narrow


def _narrow_defaults(fig: go.Figure) -> go.Figure:
    """What every chart does on a phone: 12 px text, no dragging (a finger on the chart
    scrolls the page), the legend under the plot, its entries wrapped to the width."""
    fig.update_layout(font_size=MIN_FONT, dragmode=False)
    if (fig.layout.legend.font.size or LABEL_SIZE) > MIN_FONT:
        fig.update_layout(legend_font_size=MIN_FONT)
    for trace in fig.data:  # a legend entry wider than a phone wraps
        if trace.name and text_px(trace.name, MIN_FONT) > NARROW_PLOT_PX - 40:
            trace.name = wrap_px(trace.name, NARROW_PLOT_PX - 40, MIN_FONT)
    if fig.layout.legend.y is None or fig.layout.legend.y >= 1:
        fig.update_layout(legend=dict(y=-0.12, yanchor="top", x=0, orientation="h"))
    for trace in fig.data:  # a tapped label on a phone leaves most of the chart in view
        if getattr(trace, "customdata", None) is not None:
            trace.customdata = _wrapped(trace.customdata)
        template = getattr(trace, "hovertemplate", None)
        if isinstance(template, str):
            trace.hovertemplate = "<br>".join(
                line if "%{" in line else _wrapped(line) for line in template.split("<br>")
            )
    return fig


def level_axis_title(fig: go.Figure) -> go.Figure:
    """The vertical axis's title set level, above the axis's top end, instead of turned 90°
    beside it (Chinese turned on its side is read with the head tilted): an annotation
    named `AXIS_TITLE_NAME`, the last one, for which the page and the print image leave
    `AXIS_TITLE_PX` above the plot. A legend above the plot moves up by as much."""
    title = fig.layout.yaxis.title.text
    if not title:
        return fig
    fig.update_layout(yaxis_title_text=None)
    fig.add_annotation(
        name=AXIS_TITLE_NAME,
        text=title,
        xref="paper",
        x=0,
        xanchor="left",
        yref="paper",
        y=1,
        yanchor="bottom",
        yshift=6,
        showarrow=False,
        align="left",
        font=dict(size=LABEL_SIZE, color=SOFT_TEXT),
    )
    legend = fig.layout.legend
    shown = fig.layout.showlegend is not False and sum(bool(t.name) for t in fig.data) > 1
    if shown and (legend.y is None or legend.y >= 1):
        margin, default = fig.layout.margin, fig.layout.template.layout.margin
        top = margin.t if margin.t is not None else default.t or 0
        bottom = margin.b if margin.b is not None else default.b or 0
        plot_px = (fig.layout.height or 540) - top - bottom
        fig.update_layout(legend_y=(legend.y or 1.03) + AXIS_TITLE_PX / plot_px)
    return fig


def _wrapped(value: Any) -> Any:
    """Hover words (a string, or the strings in rows of customdata) wrapped to HOVER_PX."""
    if isinstance(value, str):
        return wrap_px(value, HOVER_PX, MIN_FONT) if text_px(value, MIN_FONT) > HOVER_PX else value
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        return [_wrapped(v) for v in value]
    return value


def layout_changes(wide: go.Figure, narrow: go.Figure) -> dict:
    """{"layout": {path: value}, "traces": {i: {path: value}}}: what `narrow` changes."""
    a, b = plain_json(wide.to_dict()), plain_json(narrow.to_dict())
    out: dict[str, dict] = {"layout": {}, "traces": {}}
    la, lb = a.get("layout", {}), b.get("layout", {})
    for key in ("template", "meta"):
        la.pop(key, None), lb.pop(key, None)
    _diff(la, lb, [], out["layout"])
    if len(a["data"]) != len(b["data"]):
        raise ValueError("a narrow layout must draw the same traces")
    for i, (ta, tb) in enumerate(zip(a["data"], b["data"], strict=True)):
        changed: dict[str, Any] = {}
        _diff(ta, tb, [], changed)
        if changed:
            out["traces"][str(i)] = changed
    return {k: v for k, v in out.items() if v}


def _diff(x: Any, y: Any, path: list[str], out: dict) -> None:
    if isinstance(x, dict) and isinstance(y, dict):
        for key in dict.fromkeys([*x, *y]):
            _diff(x.get(key), y.get(key), [*path, key], out)
    elif (
        isinstance(x, list)
        and isinstance(y, list)
        and len(x) == len(y)
        and path
        and path[-1] in ("annotations", "shapes")
    ):
        for i, (p, q) in enumerate(zip(x, y, strict=True)):
            _diff(p, q, [*path, str(i)], out)
    elif x != y:
        out[".".join(path)] = y


# --- helpers -------------------------------------------------------------------------------

LINE_PX = 18  # one line of a 13 px label
HOVER_PX = 220  # the widest line of a hover label on a phone: about two thirds of the plot
BAR_PX = 20  # a horizontal bar's thickness


# English for the classroom's English packet: builders that take ``lang="en"`` say their
# fixed words through `_say`, which finds the English here (a missing word is an error,
# never a Chinese label on an English chart). Data labels come from the tables' English
# columns (entity_en) or the words below.
ENGLISH = {
    "本地配套率：株洲高新區與寧德": "Local supply rates: Zhuzhou zone and Ningde",
    "本地配套率（%）": "local supply rate (%)",
    "本地配套率": "local supply rate",
    "專精特新企業的產業分佈（2022）": "Specialised SMEs by industry, 2022",
    "原文對照的規模數字：年份與指標各不相同": (
        "The size figures the article compares: years and measures differ"
    ),
    "技工貿收入": "technology-industry-trade revenue",
    "技工貿總收入": "technology-industry-trade revenue (total)",
    "三大新興產業總產值": "output of three emerging industries",
    "產業產值": "industry output",
    "株洲高新區 新能源汽車": "Zhuzhou zone: new-energy vehicles",
    "株洲高新區 電子信息": "Zhuzhou zone: electronic information",
    "寧德(2015)": "Ningde (2015)",
    "新材料": "new materials",
    "軌道交通": "rail transit",
    "電子信息": "electronic information",
    "新能源汽車": "new-energy vehicles",
    "其他(原文未列)": "other (not in the article)",
    "省級以上專精特新中小企業": "specialised SMEs, provincial level or above",
    "國家級專精特新「小巨人」": "national “little giants”",
    "株洲高新區(一區三園)": "Zhuzhou zone (one zone, three parks)",
    "長沙高新區": "Changsha High-tech Zone",
    "蘇州工業園": "Suzhou Industrial Park",
    "長沙 先進儲能材料產業": "Changsha advanced energy-storage materials",
}
HEDGE_EN = {
    ">": "over",
    "超": "over",
    "突破": "over",
    "余": "over",
    "多": "over",
    "以上": "over",
    "近": "nearly",
    "約": "about",
    "高達": "",
    "達到": "",
    "達": "",
    "才": "",
    "僅": "",
}


def _say(text: str, lang: str) -> str:
    """A builder's words in `lang`: the Chinese as written, or its English."""
    if lang == "zh":
        return text
    if lang != "en":
        raise ValueError(f"expected the language zh or en, found {lang!r}")
    if text not in ENGLISH:
        raise KeyError(
            f"no English for the chart words {text!r}: add them to charts.builders.ENGLISH"
        )
    return ENGLISH[text]


def _label_value_en(value: float, qualifier: str, unit: str) -> str:
    """'over 400 bn yuan': the article's hedge in English, 億元 as billions of yuan."""
    hedge = HEDGE_EN.get(qualifier or "", qualifier or "")
    if unit == "億元":
        text = f"{value / 10:,g} bn yuan"
    elif unit == "%":
        text = f"{value:g}%"
    else:
        text = f"{value:,g}"
    return f"{hedge} {text}".strip()


def _label_value(value: float, qualifier: str, unit: str) -> str:
    """'超 3,600 億元': the article's hedge stays with its number."""
    number = f"{value:,.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"
    hedge = {">": "超"}.get(qualifier, qualifier)
    hedge = hedge.replace("達到", "").replace("達", "").replace("才", "").replace("僅", "")
    if hedge in ("余", "多", "以上"):  # these follow the number: 130余天, 30多家, 70%以上
        return f"{number}{hedge} {unit}".strip()
    return f"{hedge} {number} {unit}".strip()


def _value_labels(table: pd.DataFrame) -> list[str]:
    """'超 3,600 億元' for each row: value, hedge and unit together."""
    return [
        _label_value(v, q, u)
        for v, q, u in zip(table["value"], table["qualifier"], table["unit"], strict=True)
    ]


def _note(fig: go.Figure, text: str) -> None:
    """A reading note under the title: HTML on the page, drawn in the print image."""
    fig.update_layout(title=dict(subtitle=dict(text=text, font=dict(size=13, color=SOFT_TEXT))))


def _room_for_labels(values: list[float], labels: list[str], plot_px: float) -> float:
    """The axis maximum that leaves each bar's value label room at its end."""
    need = [
        v * plot_px / max(plot_px - text_px(t) - 10, plot_px * 0.3)
        for v, t in zip(values, labels, strict=True)
    ]
    return max(need)


def _labelled_bars(
    labels: list[str], start: float = 0
) -> tuple[list[float], list[float], list[float]]:
    """Rows of horizontal bars with their label above each bar, in px from the top of the
    plot: (label tops, bar centres, end). Used on a y axis whose units are pixels."""
    tops, centres, y = [], [], start
    for label in labels:
        lines = label.count("<br>") + 1
        tops.append(y + 4)
        centres.append(y + 4 + lines * LINE_PX + 2 + BAR_PX / 2)
        y += 4 + lines * LINE_PX + 2 + BAR_PX + 12
    return tops, centres, y


def _row_labels(labels: list[str], tops: list[float], xref: str = "x domain") -> list[dict]:
    return [
        dict(
            x=0,
            y=top,
            xref=xref,
            yref="y",
            text=label,
            xanchor="left",
            yanchor="top",
            align="left",
            showarrow=False,
            font=dict(size=LABEL_SIZE, color=TEXT),
        )
        for label, top in zip(labels, tops, strict=True)
    ]


def _pixel_plot(fig: go.Figure, height_px: float, top: int = 110, bottom: int = 12) -> None:
    """A plot whose y axis counts pixels from the top (the bars' rows are laid out in px):
    no automatic margins, so the plot area is exactly `height_px` high."""
    fig.update_yaxes(range=[height_px, 0], visible=False, fixedrange=True)
    fig.update_xaxes(visible=False, fixedrange=True)
    fig.update_layout(
        height=round(height_px) + top + bottom,
        margin=dict(t=top, b=bottom, l=8, r=8, autoexpand=False),
        showlegend=False,
        bargap=0,
    )


def _hbar(
    values: list[float],
    centres: list[float],
    texts: list[str],
    colours: list[str],
    hover: list[str],
    patterns: list[str] | None = None,
    xaxis: str = "x",
) -> go.Bar:
    return go.Bar(
        x=values,
        y=centres,
        orientation="h",
        width=BAR_PX,
        xaxis=xaxis,
        marker=dict(color=colours, pattern=dict(shape=patterns or [""] * len(values))),
        text=texts,
        textposition="outside",
        textfont=dict(size=LABEL_SIZE, color=TEXT),
        cliponaxis=False,
        customdata=hover,
        hovertemplate="%{customdata}<br>%{text}<extra></extra>",
    )


# --- appendix: corrections -----------------------------------------------------------------


@responsive
def correction_counts(table: pd.DataFrame, narrow: bool = False) -> go.Figure:
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
            cliponaxis=False,
            customdata=data[["seed_example", "corrected_example"]],
            hovertemplate="%{y}:%{x} 處<br>原刊:%{customdata[0]}<br>校訂:%{customdata[1]}"
            "<extra></extra>",
        )
    )
    fig.update_layout(
        title=f"原刊繁體與校訂繁體:{int(data['count'].sum())} 處字形更正",
        xaxis=dict(title="出現次數(處)", side="top", showgrid=True, gridcolor="#e5e5e5"),
        yaxis=dict(title=None, tickfont=dict(size=LABEL_SIZE), showgrid=False),
        height=max(420, 20 * len(data) + 150),
        showlegend=False,
        margin=dict(l=70, r=30, b=20),
    )
    if narrow:
        fig.update_layout(margin=dict(l=60, r=24))
    return fig


# --- core: ranking history, benchmarks, Suzhou ---------------------------------------------

DEFAULT_SYMBOLS = ("circle", "square", "diamond", "triangle-up", "cross", "x", "pentagon")
# Line colours for the ranking systems: Okabe-Ito without its yellow (too faint on white)
# and black (the article's own rank), which is drawn in black.
RANK_COLOURS = [c for c in PALETTE if c not in ("#F0E442", "#000000")] + ["#666666"]
ARTICLE_COLOUR = "#000000"
# The zone the book is about (data/entities.csv): its series are solid, the others dotted.
ZHUZHOU_ZONE = "zhuzhou-htz"
# Where a system's rank labels sit beside its markers, chosen so that no two collide.
RANK_LABEL_POSITION = {"MOST": "top center", "CCID-AM": "bottom center"}


@responsive
def ranking_history(ranks: pd.DataFrame, narrow: bool = False) -> go.Figure:
    """National ranks by year; one series per ranking system and zone, never joined across.

    Labels and marker symbols come from the table (the ranking-system registry), so a newly
    registered system is drawn as a series of its own, in the legend."""
    fig = go.Figure()
    national = ranks[(ranks["scope"] == "national") & (ranks["system"] != "article-target")]
    # Only overall places share the chart: a place on one indicator of an evaluation is not a
    # zone's place, and a rank whose round the source does not name has no year to sit at.
    # Both stay in the data table; the note says which and why, from the data.
    kind = national["kind"] if "kind" in national else pd.Series("overall", national.index)
    reported = national["year_basis"].eq("reported")
    apart = national[(kind != "overall") | reported]
    national = national[(kind == "overall") & ~reported]
    systems = [s for s in dict.fromkeys(national["system"]) if s != "article"]
    claimed = national[national["system"] == "article"]
    # where a rank is the article's own, the article's label says it, once
    said = set(zip(claimed["entity"], claimed["year"], claimed["rank"], strict=True))
    for (entity, system), group in national.groupby(["entity", "system"], sort=False):
        name = group["entity_zh"].iloc[0]
        group = group.sort_values("year")
        years = list(range(int(group["year"].min()), int(group["year"].max()) + 1))
        series = group.set_index("year").reindex(years)  # missing years stay gaps
        low = series["confidence"].eq("low").tolist()
        basis = series.get("system_basis", pd.Series("", index=series.index))
        inferred = basis.eq("inferred").tolist()  # the year's inference is in the hover
        zhuzhou = entity == ZHUZHOU_ZONE
        if system == "article":
            colour = ARTICLE_COLOUR
        else:
            colour = RANK_COLOURS[systems.index(system) % len(RANK_COLOURS)]
        symbol = group["symbol"].iloc[0] or DEFAULT_SYMBOLS[len(fig.data) % 7]
        legend = group["legend_label"].iloc[0]
        labels, positions = [], []
        for year, rank, lo, guess in zip(years, series["rank"], low, inferred, strict=True):
            position = RANK_LABEL_POSITION.get(system, "top center")
            said_already = system != "article" and (entity, year, rank) in said
            if pd.isna(rank) or not zhuzhou or said_already:
                labels.append("")
            elif system == "article":
                labels.append(
                    f"原文：第 {int(rank)} 位" if narrow else f"{year}：第 {int(rank)} 位（原文）"
                )
                position = "bottom right"  # under the target line's label
            elif lo or guess:
                # the open marker says it; on a phone the words would cover the next year
                said_how = "，".join(w for w, on in ((INFERRED, guess), (LOW_CONFIDENCE, lo)) if on)
                labels.append(f"{int(rank)}" if narrow else f"{int(rank)}（{said_how}）")
                position = "bottom center" if narrow else "bottom right"
            else:
                labels.append(f"{int(rank)}")
            positions.append(position)
        of = [f"（共 {int(z)} 個）" if pd.notna(z) else "" for z in series["zones_ranked"]]
        customdata = list(
            zip(
                series["system_label"].fillna(""),
                series["confidence"].map(CONFIDENCE).fillna(""),
                of,
                list(map(_inference_said, basis, series["year_basis"])),
                strict=True,
            )
        )
        hover = (
            f"{name}<br>" + "%{x} 年：第 %{y} 位%{customdata[2]}<br>"
            "%{customdata[0]}%{customdata[3]}<br>可信度：%{customdata[1]}<extra></extra>"
        )
        ranks_drawn = [
            None if guess else r for r, guess in zip(series["rank"], inferred, strict=True)
        ]
        fig.add_trace(
            go.Scatter(
                x=years,
                y=ranks_drawn,
                mode="lines+markers+text",
                connectgaps=False,
                name=legend if zhuzhou else f"{name}（對照）：{legend}",
                line=dict(color=colour, dash="solid" if zhuzhou else "dot", width=2),
                marker=dict(
                    symbol=[
                        symbol + ("-open" if lo or guess or not zhuzhou else "")
                        for lo, guess in zip(low, inferred, strict=True)
                    ],
                    size=16 if system == "article" else 10,
                    color=colour,
                    line=dict(width=2, color=colour),
                ),
                text=labels,
                textposition=positions,
                textfont=dict(size=MIN_FONT if narrow else LABEL_SIZE),
                cliponaxis=False,
                customdata=customdata,
                hovertemplate=hover,
            )
        )
        # A rank whose system is our inference joins its series only by a dotted line: drawn
        # where it would sit, the guess in plain view (a legend entry would crowd a phone).
        for i in (
            i for i, guess in enumerate(inferred) if guess and pd.notna(series["rank"].iloc[i])
        ):
            before = [j for j in range(i) if not inferred[j] and pd.notna(series["rank"].iloc[j])]
            idx = [*before[-1:], i]
            fig.add_trace(
                go.Scatter(
                    x=[years[j] for j in idx],
                    y=[series["rank"].iloc[j] for j in idx],
                    mode="lines+markers+text",
                    name=f"{legend}（評價體系為推斷）",
                    legendgroup=legend,
                    showlegend=False,  # the note says what a dotted line means
                    line=dict(color=colour, dash="dot", width=2),
                    marker=dict(
                        symbol=[symbol + "-open"] * len(idx),
                        size=[0] * (len(idx) - 1) + [10],
                        color=colour,
                        line=dict(width=2, color=colour),
                    ),
                    text=[""] * (len(idx) - 1) + [labels[i]],
                    textposition=positions[i],
                    textfont=dict(size=MIN_FONT if narrow else LABEL_SIZE),
                    cliponaxis=False,
                    customdata=[customdata[j] for j in idx],
                    hovertemplate=hover,
                )
            )
    target = ranks[ranks["system"] == "article-target"]
    if len(target):
        # the line's label sits in the widest stretch of years without a point
        fig.add_hline(y=float(target["rank"].iloc[0]), line_dash="dash", line_color=MUTED)
        seen = sorted(set(national["year"]))
        gap = max(itertools.pairwise(seen), key=lambda pair: pair[1] - pair[0])
        fig.add_annotation(
            x=sum(gap) / 2,
            y=float(target["rank"].iloc[0]),
            text=target["legend_label"].iloc[0] + "：前二十",
            yanchor="bottom",
            showarrow=False,
            font=dict(color=SOFT_TEXT, size=MIN_FONT if narrow else LABEL_SIZE),
        )
    fig.update_yaxes(
        range=[105, 0], title="名次（越上越好）", tickvals=[1, 10, 20, 30, 50, 75, 100]
    )
    years = national["year"]
    first = int(years.min())
    fig.update_xaxes(
        title=None,
        dtick=2 if narrow else 1,
        tick0=first,
        tickangle=0,
        range=[first - 0.6, years.max() + 0.6],
    )
    fig.update_layout(
        title="株洲高新區歷年全國名次：不同評價體系分開成線",
        height=720 if narrow else 700,
        legend=dict(orientation="h", x=0, y=-0.07, yanchor="top", font=dict(size=MIN_FONT)),
        margin=dict(b=20, r=16, l=64),
    )
    if narrow:
        fig.update_layout(legend=dict(y=-0.09), margin=dict(l=44, r=10), yaxis_title_text="名次")
    _note(
        fig,
        "各評價體系的名次不可互相比較，故各自成線、彼此不相連；空心符號為長沙高新區（對照）、"
        "低可信度的數字，或評價體系是本書推斷的數字（以虛線接上）。"
        "本書找不到 2017–2022 年科技部評價中株洲高新區的公開名次。" + _ranks_apart(apart),
    )
    return fig


INFERRED = "推斷"


def _inference_said(system_basis: Any, year_basis: Any) -> str:
    """What the hover adds when the system or the year of a rank is our inference."""
    guessed = [w for w, b in (("評價體系", system_basis), ("年份", year_basis)) if b == "inferred"]
    return f"（{'與'.join(guessed)}為本書推斷）" if guessed else ""


def _ranks_apart(apart: pd.DataFrame) -> str:
    """The note's sentence on the ranks kept off the chart, written from the rows."""
    said = []
    for row in apart.to_dict("records"):
        if row["year_basis"] == "reported":
            said.append(
                f"{row['entity_zh']}的第 {int(row['rank'])} 位（{int(row['year'])} 年的說法，"
                "未說明是哪一輪評價）"
            )
        elif row.get("kind") == "indicator":
            said.append(
                f"{row['entity_zh']}在{row['system_label']}的第 {int(row['rank'])} 位"
                f"（{int(row['year'])} 年，單項指標，不是綜合名次）"
            )
    return f"不畫在圖上、只列在資料表的：{'；'.join(said)}。" if said else ""


@responsive
def benchmarks(table: pd.DataFrame, narrow: bool = False, lang: str = "zh") -> go.Figure:
    """Revenue milestones the article compares: different years and metrics, made explicit."""
    data = table[table["unit"] == "億元"]
    if lang == "zh":
        names = [
            f"{e}：{int(y)} 年 {m}"
            for e, y, m in zip(data["label"], data["year"], data["measure"], strict=True)
        ]
        texts = _value_labels(data)
    else:
        names = [
            f"{_say(e, lang)}: {int(y)}, {_say(m, lang)}"
            for e, y, m in zip(data["label"], data["year"], data["measure"], strict=True)
        ]
        texts = [
            _label_value_en(v, q, u)
            for v, q, u in zip(data["value"], data["qualifier"], data["unit"], strict=True)
        ]
    labels = [wrap_px(name, NARROW_PLOT_PX) for name in names]
    tops, centres, end = _labelled_bars(labels)
    values = data["value"].tolist()
    fig = go.Figure(
        _hbar(
            values,
            centres,
            texts,
            [ZHUZHOU if e == ZHUZHOU_ZONE else BENCHMARK for e in data["entity"]],
            names,
        )
    )
    _pixel_plot(fig, end)
    room = NARROW_PLOT_PX if narrow else WIDE_PLOT_PX
    fig.update_xaxes(range=[0, _room_for_labels(values, texts, room)])
    fig.update_layout(
        title=_say("原文對照的規模數字：年份與指標各不相同", lang),
        annotations=_row_labels(labels, tops),
    )
    if lang != "zh":
        return fig
    years = "；".join(
        f"{'、'.join(dict.fromkeys(part['label']))}為 {year} 年"
        for year, part in data.groupby("year", sort=True)
    )
    metrics = "、".join(dict.fromkeys(data["measure"]))
    _note(
        fig,
        f"{years}；{metrics}是不同指標，只能看量級，不能相除。"
        "「超」「突破」表示實際數字更大。單位：億元。",
    )
    return fig


@responsive
def suzhou_first_place(table: pd.DataFrame, narrow: bool = False) -> go.Figure:
    """Consecutive first places of Suzhou Industrial Park: MOFCOM's ETDZ evaluation."""
    official = table[table["system"] == "MOFCOM"]
    claim = table[table["system"] == "article"]
    official = official.assign(confidence_zh=official["confidence"].map(CONFIDENCE))
    fig = go.Figure(
        go.Bar(
            x=official["year"],
            y=official["streak"],
            name="商務部 國家級經開區綜合考核：連續第一年數",
            marker_color=BENCHMARK,
            # Chinese reads across, never sideways: on a phone's narrow bars the number alone
            text=[f"{int(s)}" if narrow else f"{int(s)} 連冠" for s in official["streak"]],
            textposition="inside",  # the bar's top is the article's star
            textangle=0,
            insidetextanchor="middle",
            insidetextfont=dict(color="#000000"),
            customdata=official[["evaluation", "confidence_zh"]],
            hovertemplate="%{x}：%{y} 連冠<br>%{customdata[0]}<br>可信度：%{customdata[1]}"
            "<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=claim["year"],
            y=claim["streak"],
            mode="markers",
            name="原文：「連續7年蟬聯榜單第一」",
            marker=dict(symbol="star", size=18, color=ZHUZHOU),
            hovertemplate="原文：連續 %{y} 年第一<extra></extra>",
        )
    )
    fig.update_layout(
        title="蘇州工業園：連續第一的是經開區考核，不是高新區排名",
        height=440,
        xaxis=dict(title="考核年份", dtick=1, tickangle=0),
        yaxis=dict(title="連續第一（年）", range=[0, 10.5]),
        margin=dict(l=60, r=16, b=60),
    )
    if narrow:
        fig.update_layout(
            height=460, xaxis_title=None, yaxis_title="連續第一", margin=dict(l=44, r=8)
        )
    later = official[official["streak"] > claim["streak"].max()].sort_values("streak")
    published = "、".join(
        f"{d[:4]} 年 {int(d[5:7])} 月" for d in later["source_date"].fillna("") if len(d) >= 7
    )
    after = (
        f"第 {'、'.join(str(int(n)) for n in later['streak'])} 次連續第一於 {published} 公佈，"
        "在原文刊出之後。"
        if published
        else ""
    )
    _note(
        fig,
        "連續第一來自商務部對國家級經開區的考核。蘇州工業園也參加科技部的高新區評價"
        "（另算一個單位），但原文說的連續第一不是那一份。" + after,
    )
    return fig


# --- dragons: chains, supporting rates, sector output, specialised firms ------------------------


@responsive
def industrial_chains(table: pd.DataFrame, narrow: bool = False) -> go.Figure:
    """From twelve unnamed chains (2018) to 'two leading, two distinctive' (2021)."""
    fig = go.Figure()
    before = table[table["unit"] == "條"]
    after = table[table["unit"] != "條"]
    chains, then, now = (
        int(before["value"].iloc[0]),
        int(before["year"].iloc[0]),
        int(after["year"].iloc[0]),
    )
    fig.add_trace(
        go.Bar(
            x=[f"{then} 年"],
            y=before["value"],
            name="產業鏈（原文未列名）",
            marker_color=MUTED,
            text=[f"{chains} 條"],
            textposition="inside",
            insidetextfont=dict(color="#000000"),
            hovertemplate=f"{then} 年：%{{y}} 條產業鏈<extra></extra>",
        )
    )
    for role, colour, ink in (("主導", ZHUZHOU, "#ffffff"), ("特色", BENCHMARK, "#000000")):
        part = after[after["role"] == role]
        fig.add_trace(
            go.Bar(
                x=[f"{now} 年「兩主兩特」"] * len(part),
                y=part["value"],
                name=f"{role}產業",
                marker=dict(color=colour, line=dict(color="#ffffff", width=1)),
                text=part["industry"],
                textposition="inside",
                insidetextfont=dict(color=ink),
                hovertemplate=f"{role}：%{{text}}<extra></extra>",
            )
        )
    fig.update_layout(
        title=f"產業「瘦身」：{chains} 條產業鏈收斂為 {len(after)} 個產業集群",
        barmode="stack",
        legend_traceorder="normal",
        yaxis_title="數目（條 / 個）",
        xaxis=dict(tickangle=0),
        yaxis=dict(dtick=2),
        height=520,  # each stacked segment tall enough for its name
        margin=dict(l=60, r=16, b=40),
    )
    if narrow:
        fig.update_layout(yaxis_title="條 / 個", margin=dict(l=44, r=8), bargap=0.25)
    return fig


def _category_ticks(fig: go.Figure, categories: list[str], narrow: bool) -> None:
    """Category labels wrapped to the width of a category (the data keep whole names)."""
    width = (NARROW_PLOT_PX if narrow else WIDE_PLOT_PX) / len(categories) - 8
    fig.update_xaxes(
        tickmode="array",
        tickvals=categories,
        ticktext=[wrap_px(c, width, MIN_FONT if narrow else FONT_SIZE) for c in categories],
        tickangle=0,
    )


@responsive
def supporting_rates(table: pd.DataFrame, narrow: bool = False, lang: str = "zh") -> go.Figure:
    """Local supporting rates: Zhuzhou's two chains against Ningde's."""
    names = [_say(c, lang) for c in table["chain"]]
    fig = go.Figure(
        go.Bar(
            x=names,
            y=table["value"],
            marker_color=[BENCHMARK if c.startswith("寧德") else ZHUZHOU for c in table["chain"]],
            text=[f"{v:.0f}%" for v in table["value"]],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{x}"
            + ("：" if lang == "zh" else ": ")
            + _say("本地配套率", lang)
            + " %{y}%<extra></extra>",
        )
    )
    fig.update_layout(
        title=_say("本地配套率：株洲高新區與寧德", lang),
        yaxis=dict(title=_say("本地配套率（%）", lang), range=[0, 75], ticksuffix="%"),
        height=420,
        margin=dict(l=60, r=16, b=40),
    )
    _category_ticks(fig, names, narrow)
    if narrow:
        fig.update_layout(margin=dict(l=40, r=8))
    if lang == "zh":
        _note(
            fig,
            "寧德為 2015 年「本地就近配套率」；株洲兩項為原文寫作時的數字（年份與算法未說明）。"
            "年份與算法不同，比率只能並看，不宜相除。",
        )
    return fig


@responsive
def sector_output(table: pd.DataFrame, narrow: bool = False) -> go.Figure:
    """2022 output by industry, with what each number measures."""
    solid = table["measure"].isin(["產值", "規上企業產值"])
    fig = go.Figure(
        go.Bar(
            x=table["sector"],
            y=table["value"],
            marker=dict(
                color=[ZHUZHOU if s else MUTED for s in solid],
                pattern=dict(shape=["" if s else "/" for s in solid]),
            ),
            text=_value_labels(table),
            textposition="outside",
            cliponaxis=False,
            customdata=table[["measure", "caveat"]],
            hovertemplate="%{x}：%{text}<br>%{customdata[0]}<br>%{customdata[1]}<extra></extra>",
        )
    )
    fig.update_layout(
        title="原文給各產業的數字：量的不是同一件事",
        yaxis=dict(title="億元", range=[0, 275]),
        height=440,
        margin=dict(l=60, r=16, b=40),
    )
    _category_ticks(fig, list(table["sector"]), narrow)
    if narrow:
        fig.update_layout(margin=dict(l=44, r=8))
    _note(
        fig,
        "實心柱是原文所說 2022 年的產值（風電是板塊，新材料只算規上企業）；斜線柱不是產業產值，"
        "也不是 2022 年的數字：新能源汽車是十多年徘徊的「百億門檻」，電子信息是單一龍頭企業的"
        "產值。柱子高低因此不能排名。",
    )
    return fig


@responsive
def specialised_firms(table: pd.DataFrame, narrow: bool = False, lang: str = "zh") -> go.Figure:
    """Shares of the zone's specialised firms by industry (2022), with the two counts."""
    shares = table[table["unit"] == "%"]
    counts = table[table["unit"] == "家"]
    derived = shares["derived"].fillna("").ne("")
    labels = [_say(s, lang) for s in shares["sector"]]
    texts = [f"{v:.0f}%" for v in shares["value"]]
    tops, centres, end = _labelled_bars(labels)
    fig = go.Figure(
        _hbar(
            shares["value"].tolist(),
            centres,
            texts,
            [MUTED if d else ZHUZHOU for d in derived],
            labels,
            patterns=["/" if d else "" for d in derived],
        )
    )
    _pixel_plot(fig, end)
    fig.update_xaxes(range=[0, 42 if not narrow else 44])
    fig.update_layout(
        title=_say("專精特新企業的產業分佈（2022）", lang), annotations=_row_labels(labels, tops)
    )
    if lang == "zh":
        total = "，".join(
            f"{s} {int(v)} 家" for s, v in zip(counts["sector"], counts["value"], strict=True)
        )
        _note(fig, f"{total}。「其他」為 100% 減去原文四項之和，原文未列出。")
    else:
        total = "; ".join(
            f"{_say(s, lang)}: {int(v)}"
            for s, v in zip(counts["sector"], counts["value"], strict=True)
        )
        _note(fig, f"Firms: {total}. “Other” is 100% less the four shares the article gives.")
    return fig


# --- chains as diagrams ----------------------------------------------------------------------

BOX_FILL, BOX_LINE = "#eef4fa", ZHUZHOU


def chain_flow(stages: pd.DataFrame) -> list[dict]:
    """The chains as data for an HTML flow diagram: [{"name", "steps": [[stage label, ...]]}]."""
    flow = []
    for chain in dict.fromkeys(stages["chain"]):
        part = stages[stages["chain"] == chain]
        steps = []
        for step in sorted(part["step"].unique()):
            boxes = []
            for row in part[part["step"] == step].itertuples():
                tier = str(getattr(row, "tier", "") or "")
                boxes.append(
                    {"tier": tier, "stage": str(row.stage)} if tier else {"stage": str(row.stage)}
                )
            steps.append(boxes)
        flow.append({"name": str(chain), "steps": steps})
    return flow


def chain_diagram(stages: pd.DataFrame, title: str) -> go.Figure:
    """Each chain a row of boxes joined by arrows, left to right; parallel stages stack in
    one column. The book's pages draw the same chains as an HTML flow (it wraps, and runs
    downwards on a phone): the figure carries them in ``layout.meta["flow"]``."""
    flow = chain_flow(stages)
    fig = go.Figure()
    columns = max(len(c["steps"]) for c in flow)
    width = 704  # the print image's plot width (figures.PNG_SIZE less the margins)
    pitch = width / columns
    box_w = min(pitch - 20, 120)
    chars = max(2, int((box_w - 8) // MIN_FONT))
    shapes, notes, y = [], [], 0.0
    for chain in flow:
        notes.append(
            dict(
                x=0,
                y=y,
                text=f"<b>{chain['name']}</b>",
                xanchor="left",
                yanchor="top",
                font=dict(size=LABEL_SIZE + 1),
            )
        )
        y += 30
        heights = [
            [(_box_text(b, chars).count("<br>") + 1) * 17 + 12 for b in step]
            for step in chain["steps"]
        ]
        band = max(sum(h) + 8 * (len(h) - 1) for h in heights)
        centre = y + band / 2
        for i, (step, hs) in enumerate(zip(chain["steps"], heights, strict=True)):
            x = pitch * (i + 0.5)
            top = centre - (sum(hs) + 8 * (len(hs) - 1)) / 2
            for box, h in zip(step, hs, strict=True):
                shapes.append(
                    dict(
                        type="rect",
                        x0=x - box_w / 2,
                        x1=x + box_w / 2,
                        y0=top,
                        y1=top + h,
                        fillcolor=BOX_FILL,
                        line=dict(color=BOX_LINE, width=1.5),
                    )
                )
                notes.append(
                    dict(
                        x=x,
                        y=top + h / 2,
                        text=_box_text(box, chars),
                        yanchor="middle",
                        font=dict(size=MIN_FONT, color=TEXT),
                    )
                )
                top += h + 8
            if i:
                notes.append(
                    dict(
                        x=x - box_w / 2 - 2,
                        y=centre,
                        ax=x - pitch + box_w / 2 + 2,
                        ay=centre,
                        axref="x",
                        ayref="y",
                        showarrow=True,
                        arrowhead=2,
                        arrowsize=1.2,
                        arrowwidth=1.5,
                        arrowcolor=SOFT_TEXT,
                        text="",
                    )
                )
        y += band + 28
    for note in notes:
        note.setdefault("showarrow", False)
        note.setdefault("xref", "x")
        note.setdefault("yref", "y")
    fig.add_trace(
        go.Scatter(x=[0], y=[0], mode="markers", marker=dict(opacity=0), hoverinfo="skip")
    )
    fig.update_xaxes(visible=False, range=[0, width], fixedrange=True)
    fig.update_yaxes(visible=False, range=[y, 0], fixedrange=True)
    fig.update_layout(
        title=title,
        height=round(y) + 110 + 8,
        showlegend=False,
        shapes=shapes,
        annotations=notes,
        margin=dict(l=8, r=8, t=110, b=8, autoexpand=False),
        meta={"flow": flow},
    )
    return fig


def _box_text(box: dict, width: int) -> str:
    """A box's words wrapped at `width` characters at most, the lines as even as they can
    be; the tier (上游 …) in bold on a line of its own."""
    stage = box["stage"]
    count = len(re.findall(r"[A-Za-z0-9.%,]+|.", stage))
    lines = -(-count // width)
    text = wrap_chars(stage, -(-count // lines)) if lines > 1 else stage
    return f"<b>{box['tier']}</b><br>{text}" if box.get("tier") else text


# --- crisis: construction speed, timelines --------------------------------------------------


# The two panels of the construction-speed chart side by side (days left, areas right);
# one above the other on a phone.
SPEED_DOMAINS = ((0, 0.56), (0.62, 1))


@responsive
def construction_speed(table: pd.DataFrame, narrow: bool = False) -> go.Figure:
    """Days to each milestone in Liuyang and Wangcheng (left); floor areas beside the idle
    plant (right): on a phone the areas come below the days."""
    days = table[table["days"].notna()]
    derived = days["derived"].fillna("").ne("")
    day_names = [f"{p}：{m}" for p, m in zip(days["project"], days["milestone"], strict=True)]
    day_texts = [
        f"約 {d:.0f} 天" if der else _label_value(d, q, "天")
        for d, q, der in zip(days["days"], days["qualifier"], derived, strict=True)
    ]
    areas = table[table["area_wan_m2"].notna()]
    idle = areas["project"].str.startswith("河西")
    area_names = [f"{p}：{m}" for p, m in zip(areas["project"], areas["milestone"], strict=True)]
    area_texts = [
        _label_value(a, q, "萬㎡")
        for a, q in zip(areas["area_wan_m2"], areas["qualifier"], strict=True)
    ]
    if narrow:
        domains, widths = ((0, 1), (0, 1)), (NARROW_PLOT_PX, NARROW_PLOT_PX)
    else:
        domains = SPEED_DOMAINS
        widths = tuple((hi - lo) * WIDE_PLOT_PX for lo, hi in SPEED_DOMAINS)
    day_labels = [wrap_px(name, widths[0]) for name in day_names]
    area_labels = [wrap_px(name, widths[1]) for name in area_names]
    day_tops, day_centres, end = _labelled_bars(day_labels, start=30)
    area_start = end + 34 if narrow else 30
    area_tops, area_centres, area_end = _labelled_bars(area_labels, start=area_start)
    fig = go.Figure(
        [
            _hbar(
                days["days"].tolist(),
                day_centres,
                day_texts,
                [BENCHMARK] * len(days),
                day_names,
                patterns=["/" if d else "" for d in derived],
            ),
            # Floor area, plant area and a site's area are different measures: each is
            # said as a number under its name, never drawn as a bar beside the others.
            go.Scatter(
                x=[0] * len(areas),
                y=[c + 3 for c in area_centres],  # clear of the label above, as a bar is
                xaxis="x2",
                mode="text",
                text=area_texts,
                textposition="middle right",
                textfont=dict(size=LABEL_SIZE, color=[ZHUZHOU if i else TEXT for i in idle]),
                cliponaxis=False,
                customdata=area_names,
                hovertemplate="%{customdata}<br>%{text}<extra></extra>",
            ),
        ]
    )
    _pixel_plot(fig, max(end, area_end))
    fig.update_layout(
        xaxis=dict(
            domain=list(domains[0]),
            range=[0, _room_for_labels(days["days"].tolist(), day_texts, widths[0])],
        ),
        xaxis2=dict(
            domain=list(domains[1]),
            anchor="y",
            visible=False,
            fixedrange=True,
            range=[0, 1],
        ),
    )
    heads = [
        dict(x=0, y=0, xref="x domain", text="<b>從動工到里程碑（天）</b>"),
        dict(
            x=0,
            y=area_start - 30,
            xref="x2 domain",
            text=f"<b>{len(areas)} 處面積（量法不同）</b>",
        ),
    ]
    for head in heads:
        head.update(
            yref="y",
            xanchor="left",
            yanchor="top",
            showarrow=False,
            font=dict(size=LABEL_SIZE + 1, color=TEXT),
        )
    fig.update_layout(
        title="「瀏陽速度」「望城速度」：從動工到各里程碑的天數",
        annotations=[
            *heads,
            *_row_labels(day_labels, day_tops),
            *_row_labels(area_labels, area_tops, xref="x2 domain"),
        ],
    )
    _note(
        fig,
        "斜線柱由月換算（每月按 30 天）；其餘天數為原文所述。面積只列數字："
        "總建築面積、廠房面積與閒置廠區的面積量的不是同一種面積，不能比大小。",
    )
    return fig


TRACKS = {"園區": ZHUZHOU, "人": "#009E73", "企業": "#D55E00", "他山": BENCHMARK}


@responsive
def timeline(events: pd.DataFrame, title: str, narrow: bool = False) -> go.Figure:
    """One row per event, oldest on top, its date and words above a lane where its marker
    sits in time; colour = strand of the story (zone, people, firm...)."""
    data = events.copy()
    data["x"] = [decimal_year(d) for d in data["date"]]
    data = data.sort_values("x", kind="stable").reset_index(drop=True)
    width = NARROW_PLOT_PX if narrow else WIDE_PLOT_PX
    labels = [
        wrap_px(f"{date_label(d)}　{e}", width)
        for d, e in zip(data["date"], data["event"], strict=True)
    ]
    tops, lanes, y = [], [], 6.0
    # a label, its marker 8 px under it, the next label 7 px under the marker: 21 events
    # fit with their caption on one printed page at the print's smallest text size
    for label in labels:
        tops.append(y)
        lanes.append(y + (label.count("<br>") + 1) * LINE_PX + 8)
        y = lanes[-1] + 7
    data["lane"] = lanes
    fig = go.Figure()
    for track, colour in TRACKS.items():
        part = data[data["track"] == track]
        if part.empty:
            continue
        outside = part["confidence"].fillna("").ne("")
        fig.add_trace(
            go.Scatter(
                x=part["x"],
                y=part["lane"],
                mode="markers",
                name=track,
                marker=dict(
                    size=12,
                    color=colour,
                    line=dict(width=2, color=colour),
                    symbol=["diamond-open" if o else "circle" for o in outside],
                ),
                customdata=part[["date", "event"]],
                hovertemplate="%{customdata[0]}：%{customdata[1]}<extra></extra>",
                cliponaxis=False,
            )
        )
    span = data["x"].max() - data["x"].min()
    first, last = data["x"].min() - 0.03 * span - 0.5, data["x"].max() + 0.03 * span + 0.5
    step = 10 if span > 20 else (2 if span > 5 else 1)
    fig.update_yaxes(
        range=[y, 0],
        tickmode="array",
        tickvals=lanes,
        showticklabels=False,
        showgrid=True,
        gridcolor="#e5e5e5",
        showline=False,
        fixedrange=True,
        automargin=False,
    )
    fig.update_xaxes(
        title=None,
        range=[first, last],
        dtick=step * (2 if narrow and step == 10 else 1),
        tickangle=0,
        automargin=False,
        showgrid=False,
    )
    # the legend on top; on a phone under the years, in two rows
    bottom = 36 + (56 if narrow and len(fig.data) > 1 else 0)
    legend = dict(y=1.0, yanchor="bottom") if not narrow else dict(y=-34 / y, yanchor="top")
    fig.update_layout(
        title=title,
        height=round(y) + 110 + bottom,
        margin=dict(l=12, r=16, t=110, b=bottom, autoexpand=False),
        legend=dict(title="線索：", x=0, font=dict(size=MIN_FONT + 1), **legend),
        annotations=[
            dict(
                x=0,
                y=top,
                xref="x domain",
                yref="y",
                text=label,
                xanchor="left",
                yanchor="top",
                align="left",
                showarrow=False,
                font=dict(size=LABEL_SIZE),
            )
            for label, top in zip(labels, tops, strict=True)
        ],
    )
    return fig


HALVES = {("01", "06"): "上半年", ("07", "12"): "下半年"}


def date_label(date: str) -> str:
    """A date as the chart shows it: 1992-11 as is; 2023-01/2023-06 as 2023 上半年."""
    if "/" not in date:
        return date
    start, end = date.split("/")
    half = HALVES.get((start[5:7], end[5:7]))
    if half and start[:4] == end[:4]:
        return f"{start[:4]} {half}"
    return f"{start}–{end}"


def decimal_year(date: str) -> float:
    """The middle of a partial ISO date (1992-11: late 1992) or of an interval
    (2023-01/2023-06: the first half of 2023), as a year with a fraction."""
    if "/" in date:
        start, end = date.split("/")
        first, last = decimal_year(start), decimal_year(end)
        return (first + last) / 2
    year = int(date[:4])
    if len(date) == 7 and date[4] == "-":
        return year + (int(date[5:]) - 0.5) / 12
    return year + 0.5


# --- road: cadres, first half of 2023 ------------------------------------------------------------


@responsive
def cadre_profile(table: pd.DataFrame, narrow: bool = False) -> go.Figure:
    """Profile of the cadres selected in 2022 (shares); the 536 total as context."""
    shares = table[table["unit"] == "%"]
    total = table[table["unit"] == "名"]
    fig = go.Figure(
        go.Bar(
            x=shares["trait"],
            y=shares["value"],
            marker_color=ZHUZHOU,
            text=[
                f"{v:.0f}%" + ("以上" if q == "以上" and "專業" in t else "")
                for v, q, t in zip(
                    shares["value"], shares["qualifier"], shares["trait"], strict=True
                )
            ],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{x}：%{y}%<extra></extra>",
        )
    )
    fig.update_layout(
        title="2022 年遴選幹部的結構",
        yaxis=dict(title="佔遴選幹部比例（%）", range=[0, 110], ticksuffix="%"),
        height=420,
        margin=dict(l=60, r=16, b=40),
    )
    _category_ticks(fig, list(shares["trait"]), narrow)
    if narrow:
        fig.update_layout(margin=dict(l=44, r=8))
    _note(fig, f"從全區 {int(total['value'].iloc[0])} 名幹部中考試遴選；遴選人數原文未公佈。")
    return fig


@responsive
def headline_numbers(rows: pd.DataFrame, title: str, narrow: bool = False) -> go.Figure:
    """Big numbers, each with its own label (used for the first half of 2023); side by side,
    one above the other on a phone."""
    fig = go.Figure()
    n = len(rows)
    for i, row in enumerate(rows.itertuples()):
        is_rank = row.unit == "位"
        if narrow:
            domain = dict(x=[0, 1], y=[1 - (i + 1) / n + 0.04, 1 - i / n - 0.1])
        else:
            domain = dict(x=[i / n + 0.02, (i + 1) / n - 0.02], y=[0, 0.8])
        fig.add_trace(
            go.Indicator(
                mode="number",
                value=row.value,
                number=dict(
                    prefix="第 " if is_rank else "+",
                    suffix=" 位" if is_rank else "%",
                    font=dict(size=56 if not narrow else 48, color=ZHUZHOU),
                ),
                title=dict(text=row.label, font=dict(size=16)),
                domain=domain,
            )
        )
    fig.update_layout(title=title, height=300 if not narrow else 150 * n + 40, margin=dict(b=20))
    return fig


def retitled(fig: go.Figure, title: str, note: str = "") -> go.Figure:
    """The chart under another title and reading note: a classroom exhibit says what is
    shown (the book's own titles and notes also say what it means)."""
    fig.update_layout(title=dict(text=title, subtitle=dict(text=note)))
    return fig
