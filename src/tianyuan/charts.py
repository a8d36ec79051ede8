"""Chart builders: a tidy DataFrame in, a plotly Figure out. No I/O, no .show().

Labels are written in Traditional; `figures.figure()` converts them to the edition.
"""

from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go

from tianyuan.theme import BENCHMARK, MUTED, ZHUZHOU


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


# --- helpers -----------------------------------------------------------------------------

LOW_CONFIDENCE = "低可信度"


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
    """A reading note under the title (kept in the static image for the PDF)."""
    lines = _wrap(text, 60)
    fig.update_layout(title=dict(subtitle=dict(text=lines, font=dict(size=13, color="#555"))))
    top = fig.layout.margin.t or 110
    fig.update_layout(margin=dict(t=max(top, 95 + 20 * lines.count("<br>") + 20)))


# --- core: ranking history, benchmarks, Suzhou ---------------------------------------------

DEFAULT_SYMBOLS = ("circle", "square", "diamond", "triangle-up", "cross", "x", "pentagon")


def ranking_history(ranks: pd.DataFrame) -> go.Figure:
    """National ranks by year; one series per ranking system and zone, never joined across.

    Labels and marker symbols come from the table (the ranking-system registry), so a newly
    registered system is drawn as a series of its own, in the legend."""
    from tianyuan.theme import PALETTE

    fig = go.Figure()
    national = ranks[(ranks["scope"] == "national") & (ranks["system"] != "article-target")]
    systems = list(dict.fromkeys(national["system"]))
    for (entity, system), group in national.groupby(["entity", "system"], sort=False):
        group = group.sort_values("year")
        years = list(range(int(group["year"].min()), int(group["year"].max()) + 1))
        series = group.set_index("year").reindex(years)  # missing years stay gaps
        low = series["confidence"].eq("low").tolist()
        zhuzhou = entity.startswith("株洲")
        colour = PALETTE[systems.index(system) % len(PALETTE)]
        symbol = group["symbol"].iloc[0] or DEFAULT_SYMBOLS[systems.index(system) % 7]
        legend = group["legend_label"].iloc[0]
        labels = []
        for year, rank, lo in zip(years, series["rank"], low, strict=True):
            if pd.isna(rank) or not zhuzhou:
                labels.append("")
            elif system == "article":
                labels.append(f"{year}：第 {int(rank)} 位（原文）")
            else:
                labels.append(f"{int(rank)}" + (f"（{LOW_CONFIDENCE}）" if lo else ""))
        of = [f"（共 {int(z)} 個）" if pd.notna(z) else "" for z in series["zones_ranked"]]
        fig.add_trace(
            go.Scatter(
                x=years,
                y=series["rank"],
                mode="lines+markers+text",
                connectgaps=False,
                name=legend if zhuzhou else f"長沙高新區（對照）：{legend}",
                line=dict(color=colour, dash="solid" if zhuzhou else "dot", width=2),
                marker=dict(
                    symbol=[symbol + ("-open" if lo or not zhuzhou else "") for lo in low],
                    size=18 if system == "article" else 11,
                    color=colour,
                    line=dict(width=2, color=colour),
                ),
                text=labels,
                textposition=["bottom center" if lo else "top center" for lo in low],
                customdata=list(
                    zip(
                        series["system_label"].fillna(""),
                        series["confidence"].map(CONFIDENCE_ZH).fillna(""),
                        of,
                        strict=True,
                    )
                ),
                hovertemplate=f"{entity}<br>" + "%{x} 年：第 %{y} 位%{customdata[2]}<br>"
                "%{customdata[0]}<br>可信度：%{customdata[1]}<extra></extra>",
            )
        )
    target = ranks[ranks["system"] == "article-target"]
    if len(target):
        fig.add_hline(
            y=float(target["rank"].iloc[0]),
            line_dash="dash",
            line_color=MUTED,
            annotation_text=target["legend_label"].iloc[0] + "：前二十",
            annotation_position="top right",
            annotation_font_color="#555",
        )
    fig.update_yaxes(
        range=[105, 0], title="名次（越上越好）", tickvals=[1, 10, 20, 30, 50, 75, 100]
    )
    years = national["year"]
    fig.update_xaxes(title=None, dtick=1, range=[years.min() - 0.8, years.max() + 0.5])
    fig.update_layout(
        title="株洲高新區歷年全國名次：不同評價體系分開成線",
        height=720,
        legend=dict(orientation="h", x=0, y=-0.06, yanchor="top", font=dict(size=12)),
        margin=dict(b=170),
    )
    _note(
        fig,
        "各評價體系的名次不可互相比較，故各自成線、彼此不相連；空心符號為長沙高新區（對照）"
        "或低可信度數字。本書找不到 2017–2022 年科技部評價中株洲高新區的公開名次。",
    )
    return fig


CONFIDENCE_ZH = {"high": "高", "medium": "中", "low": "低"}


def benchmarks(table: pd.DataFrame) -> go.Figure:
    """Revenue milestones the article compares: different years and metrics, made explicit."""
    data = table[table["unit"] == "億元"].iloc[::-1]
    labels = [
        f"{e}<br>{int(y)} 年 {m}"
        for e, y, m in zip(data["entity"], data["year"], data["metric"], strict=True)
    ]
    fig = go.Figure(
        go.Bar(
            x=data["value"],
            y=labels,
            orientation="h",
            marker_color=[ZHUZHOU if e.startswith("株洲") else BENCHMARK for e in data["entity"]],
            text=_value_labels(data),
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}<br>%{text}<extra></extra>",
        )
    )
    fig.update_layout(
        title="原文對照的規模數字:年份與指標各不相同",
        height=460,
        xaxis_title="億元",
        margin=dict(l=250, r=90),
    )
    _note(
        fig,
        "株洲為 2011 年、其餘為 2022 年;技工貿收入、新興產業總產值、產業產值是不同指標,"
        "只能比較量級。「超」「突破」表示實際數字更大。",
    )
    return fig


def suzhou_first_place(table: pd.DataFrame) -> go.Figure:
    """Consecutive first places of Suzhou Industrial Park: MOFCOM's ETDZ evaluation."""
    official = table[table["system"] == "MOFCOM"]
    claim = table[table["system"] == "article"]
    official = official.assign(confidence_zh=official["confidence"].map(CONFIDENCE_ZH))
    fig = go.Figure(
        go.Bar(
            x=official["year"],
            y=official["streak"],
            name="商務部 國家級經開區綜合考核:連續第一年數",
            marker_color=BENCHMARK,
            text=[f"{int(s)} 連冠" for s in official["streak"]],
            textposition="outside",
            customdata=official[["evaluation", "confidence_zh"]],
            hovertemplate="%{x}:%{y} 連冠<br>%{customdata[0]}<br>可信度:%{customdata[1]}"
            "<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=claim["year"],
            y=claim["streak"],
            mode="markers",
            name="原文:「連續7年蟬聯榜單第一」",
            marker=dict(symbol="star", size=18, color=ZHUZHOU),
            hovertemplate="原文:連續 %{y} 年第一<extra></extra>",
        )
    )
    fig.update_layout(
        title="蘇州工業園:連續第一的是經開區考核,不是高新區排名",
        height=460,
        xaxis=dict(title="考核年份", dtick=1),
        yaxis_title="連續第一(年)",
    )
    _note(
        fig,
        "連續第一來自商務部對國家級經開區的考核。蘇州工業園也參加科技部的高新區評價"
        "（另算一個單位），但原文說的連續第一不是那一份。第八連冠於 2023 年 12 月公布，"
        "在原文刊出之後。",
    )
    return fig


# --- dragons: chains, supporting rates, sector output, specialised firms ------------------------


def industrial_chains(table: pd.DataFrame) -> go.Figure:
    """From twelve unnamed chains (2018) to 'two leading, two distinctive' (2021)."""
    fig = go.Figure()
    before = table[table["year"] == 2018]
    fig.add_trace(
        go.Bar(
            x=["2018 年"],
            y=before["value"],
            name="產業鏈(原文未列名)",
            marker_color=MUTED,
            text=[f"{int(before['value'].iloc[0])} 條"],
            textposition="inside",
            hovertemplate="2018 年:%{y} 條產業鏈<extra></extra>",
        )
    )
    for role, colour in (("主導", ZHUZHOU), ("特色", BENCHMARK)):
        part = table[(table["year"] == 2021) & (table["role"] == role)]
        fig.add_trace(
            go.Bar(
                x=["2021 年「兩主兩特」"] * len(part),
                y=part["value"],
                name=f"{role}產業",
                marker_color=colour,
                text=part["industry"],
                textposition="inside",
                hovertemplate=f"{role}:%{{text}}<extra></extra>",
            )
        )
    fig.update_layout(
        title="產業「瘦身」:12 條產業鏈收斂為 4 個產業集群",
        barmode="stack",
        yaxis_title="數目(條 / 個)",
        height=460,
    )
    return fig


def supporting_rates(table: pd.DataFrame) -> go.Figure:
    """Local supporting rates: Zhuzhou's two chains against Ningde's."""
    fig = go.Figure(
        go.Bar(
            x=table["chain"],
            y=table["value"],
            marker_color=[BENCHMARK if c.startswith("寧德") else ZHUZHOU for c in table["chain"]],
            text=[f"{v:.0f}%" for v in table["value"]],
            textposition="outside",
            hovertemplate="%{x}:本地配套率 %{y}%<extra></extra>",
        )
    )
    fig.update_layout(
        title="本地配套率:株洲高新區與寧德",
        yaxis=dict(title="本地配套率(%)", range=[0, 75], ticksuffix="%"),
        height=440,
    )
    _note(fig, "寧德為 2015 年「本地就近配套率」;株洲兩項為原文寫作時的數字(年份未說明)。")
    return fig


def sector_output(table: pd.DataFrame) -> go.Figure:
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
            customdata=table[["measure", "caveat"]],
            hovertemplate="%{x}:%{text}<br>%{customdata[0]}<br>%{customdata[1]}<extra></extra>",
        )
    )
    fig.update_layout(
        title="2022 年各產業規模:風電與新材料跑在前面", yaxis_title="億元", height=460
    )
    _note(
        fig,
        "斜線柱不是產業產值:新能源汽車是十多年徘徊的「百億門檻」,電子信息是單一龍頭企業的產值。",
    )
    return fig


def specialised_firms(table: pd.DataFrame) -> go.Figure:
    """Shares of the zone's specialised firms by industry (2022), with the two counts."""
    shares = table[table["unit"] == "%"].iloc[::-1]
    counts = table[table["unit"] == "家"]
    derived = shares["derived"].fillna("").ne("")
    fig = go.Figure(
        go.Bar(
            x=shares["value"],
            y=shares["sector"],
            orientation="h",
            marker=dict(
                color=[MUTED if d else ZHUZHOU for d in derived],
                pattern=dict(shape=["/" if d else "" for d in derived]),
            ),
            text=[f"{v:.0f}%" for v in shares["value"]],
            textposition="outside",
            hovertemplate="%{y}:%{x}%<extra></extra>",
        )
    )
    total = " ,".join(
        f"{s} {int(v)} 家" for s, v in zip(counts["sector"], counts["value"], strict=True)
    )
    fig.update_layout(
        title="專精特新企業的產業分布(2022)",
        xaxis=dict(title="佔比(%)", ticksuffix="%", range=[0, 42]),
        height=440,
        margin=dict(l=160),
    )
    _note(fig, f"{total}。「其他」為 100% 減去原文四項之和,原文未列出。")
    return fig


# --- chains as diagrams ----------------------------------------------------------------------


def chain_diagram(stages: pd.DataFrame, title: str) -> go.Figure:
    """Each chain a row of boxes, left to right; parallel stages stack in one column."""
    fig = go.Figure()
    chains = list(dict.fromkeys(stages["chain"]))
    band = max(2, int(stages.groupby(["chain", "step"]).size().max())) + 1  # rows per chain
    for c_index, chain in enumerate(chains):
        part = stages[stages["chain"] == chain]
        centre = -c_index * band
        steps = sorted(part["step"].unique())
        for step in steps:
            group = part[part["step"] == step]
            for k, row in enumerate(group.itertuples()):
                dy = (len(group) - 1) / 2 - k
                label = _wrap(str(row.stage), 5)
                if getattr(row, "tier", ""):
                    label = f"<b>{row.tier}</b><br>{label}"
                fig.add_annotation(
                    x=step,
                    y=centre + dy * 0.9,
                    text=label,
                    showarrow=False,
                    bgcolor="#eef4fa",
                    bordercolor=ZHUZHOU,
                    borderwidth=1.5,
                    borderpad=5,
                    font=dict(size=12),
                )
        for a, b in zip(steps, steps[1:], strict=False):
            fig.add_annotation(
                x=b - 0.42,
                y=centre,
                ax=a + 0.42,
                ay=centre,
                xref="x",
                yref="y",
                axref="x",
                ayref="y",
                showarrow=True,
                arrowhead=2,
                arrowwidth=1.5,
                arrowcolor="#666",
                text="",
            )
        fig.add_annotation(
            x=0.5,
            y=centre + band / 2 - 0.2,
            text=f"<b>{chain}</b>",
            showarrow=False,
            xanchor="left",
            font=dict(size=14),
        )
        fig.add_trace(
            go.Scatter(
                x=part["step"],
                y=[centre] * len(part),
                mode="markers",
                marker=dict(size=1, opacity=0),
                text=part["stage"],
                hovertemplate="%{text}<extra></extra>",
                showlegend=False,
            )
        )
    fig.update_xaxes(visible=False, range=[0.45, int(stages["step"].max()) + 0.55])
    fig.update_yaxes(visible=False, range=[-(len(chains) - 0.5) * band, band / 2])
    fig.update_layout(
        title=title,
        height=140 + 75 * band * len(chains),
        showlegend=False,
        margin=dict(l=20, r=20, t=80, b=20),
    )
    return fig


# --- crisis: construction speed, timelines --------------------------------------------------


def construction_speed(table: pd.DataFrame) -> go.Figure:
    """Days to each milestone in Liuyang and Wangcheng; floor areas beside the idle plant."""
    from plotly.subplots import make_subplots

    fig = make_subplots(
        rows=1,
        cols=2,
        column_widths=[0.6, 0.4],
        horizontal_spacing=0.22,
        subplot_titles=("從動工到里程碑(天)", "廠房面積(萬平方米)"),
    )
    days = table[table["days"].notna()].iloc[::-1]
    derived = days["derived"].fillna("").ne("")
    fig.add_trace(
        go.Bar(
            x=days["days"],
            y=days["project"] + ":" + days["milestone"],
            orientation="h",
            marker=dict(
                color=[BENCHMARK] * len(days),
                pattern=dict(shape=["/" if d else "" for d in derived]),
            ),
            text=[
                f"約 {d:.0f} 天" if der else _label_value(d, q, "天")
                for d, q, der in zip(days["days"], days["qualifier"], derived, strict=True)
            ],
            textposition="outside",
            cliponaxis=False,
            showlegend=False,
            hovertemplate="%{y}:%{x} 天<extra></extra>",
        ),
        row=1,
        col=1,
    )
    areas = table[table["area_wan_m2"].notna()].iloc[::-1]
    idle = areas["project"].str.startswith("河西")
    fig.add_trace(
        go.Bar(
            x=areas["area_wan_m2"],
            y=areas["milestone"],
            orientation="h",
            showlegend=False,
            marker_color=[ZHUZHOU if i else BENCHMARK for i in idle],
            text=[
                _label_value(a, q, "萬㎡")
                for a, q in zip(areas["area_wan_m2"], areas["qualifier"], strict=True)
            ],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}:%{x} 萬平方米<extra></extra>",
        ),
        row=1,
        col=2,
    )
    fig.update_layout(
        title="「瀏陽速度」「望城速度」與河西的閒置廠房", height=520, margin=dict(l=250, r=80)
    )
    _note(fig, "斜線柱由月換算(每月按 30 天);其餘天數為原文所述。")
    return fig


TRACKS = {"園區": ZHUZHOU, "人": "#009E73", "企業": "#D55E00", "他山": BENCHMARK}


def timeline(events: pd.DataFrame, title: str) -> go.Figure:
    """One row per event, oldest on top; colour = strand of the story (zone, people, firm...)."""
    data = events.copy()
    data["x"] = [_decimal_year(d) for d in data["date"]]
    data = data.sort_values("x", kind="stable").reset_index(drop=True)
    rows = [f"{d}  {e}" for d, e in zip(data["date"], data["event"], strict=True)]
    fig = go.Figure()
    for track, colour in TRACKS.items():
        part = data[data["track"] == track]
        if part.empty:
            continue
        outside = part["confidence"].fillna("").ne("")
        fig.add_trace(
            go.Scatter(
                x=part["x"],
                y=[rows[i] for i in part.index],
                mode="markers",
                name=track,
                marker=dict(
                    size=12,
                    color=colour,
                    symbol=["diamond-open" if o else "circle" for o in outside],
                ),
                customdata=part[["date", "event"]],
                hovertemplate="%{customdata[0]}:%{customdata[1]}<extra></extra>",
            )
        )
    span = data["x"].max() - data["x"].min()
    fig.update_yaxes(
        categoryorder="array",
        categoryarray=rows[::-1],
        title=None,
        tickfont=dict(size=12),
        showgrid=True,
    )
    fig.update_xaxes(
        title=None, range=[data["x"].min() - 0.05 * span - 0.5, data["x"].max() + 0.05 * span + 0.5]
    )
    fig.update_layout(
        title=title, height=170 + 30 * len(rows), margin=dict(l=20), legend=dict(title="線索:")
    )
    fig.update_yaxes(automargin=True)
    return fig


def _decimal_year(date: str) -> float:
    year = int(date[:4])
    if date.endswith("H1"):
        return year + 0.25
    if len(date) == 7 and date[4] == "-":
        return year + (int(date[5:]) - 0.5) / 12
    return year + 0.5


def _wrap(text: str, width: int = 12) -> str:
    """Break long labels every `width` characters; a run of Latin letters stays whole."""
    tokens = re.findall(r"[A-Za-z0-9.%]+|.", text)
    lines, line = [], ""
    for token in tokens:
        if line and len(line) + len(token) > width:
            lines.append(line)
            line = ""
        line += token
    return "<br>".join([*lines, line])


# --- road: cadres, first half of 2023 ------------------------------------------------------------


def cadre_profile(table: pd.DataFrame) -> go.Figure:
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
            hovertemplate="%{x}:%{y}%<extra></extra>",
        )
    )
    fig.update_layout(
        title="2022 年遴選幹部的結構",
        yaxis=dict(title="佔遴選幹部比例(%)", range=[0, 110], ticksuffix="%"),
        height=440,
    )
    _note(fig, f"從全區 {int(total['value'].iloc[0])} 名幹部中考試遴選;遴選人數原文未公布。")
    return fig


def headline_numbers(rows: pd.DataFrame, title: str) -> go.Figure:
    """Big numbers, each with its own label (used for the first half of 2023)."""
    fig = go.Figure()
    n = len(rows)
    for i, row in enumerate(rows.itertuples()):
        is_rank = row.unit == "位"
        fig.add_trace(
            go.Indicator(
                mode="number",
                value=row.value,
                number=dict(
                    prefix="第 " if is_rank else "+",
                    suffix=" 位" if is_rank else "%",
                    font=dict(size=56, color=ZHUZHOU),
                ),
                title=dict(text=row.label, font=dict(size=16)),
                domain=dict(x=[i / n + 0.02, (i + 1) / n - 0.02], y=[0, 0.8]),
            )
        )
    fig.update_layout(title=title, height=320)
    return fig
