"""Text alternatives, written from the same table the chart is drawn from.

A chart's alternative states its numbers; typed by hand it goes stale the day the data
change (a 2025 rank added, and the text still ends in 2024). Each function here takes
the builder's table and says what the chart shows, in Traditional like all our words
(`figures.figure` converts it to the edition). No I/O.
"""

from __future__ import annotations

import pandas as pd

from tianyuan.charts.builders import TRACKS, ZHUZHOU_ZONE, _inference_said, decimal_year

# Where the article's hedge goes in a sentence: before the number, or after the number or
# unit; the rest (達到, 才, 僅, 一度…之多) are tone, not bounds, and are left to the quote.
BEFORE = {">": "超", "超": "超", "突破": "突破", "近": "近", "約": "約"}
AFTER_NUMBER = {"余", "餘", "多"}
AFTER_UNIT = {"以上"}


def _value(row: dict, unit: str | None = None) -> str:
    """'超 3600 億元', '130余天', '93%以上': a value with its unit and the source's hedge."""
    value = float(row["value"])
    number = f"{value:.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:.0f}"
    unit = unit or str(row["unit"])
    hedge = str(row.get("qualifier") or "")
    gap = "" if unit == "%" else " "
    if hedge in AFTER_NUMBER:
        return f"{number}{hedge}{unit}"
    text = f"{number}{gap}{unit}" + (hedge if hedge in AFTER_UNIT else "")
    return f"{BEFORE[hedge]} {text}" if hedge in BEFORE else text


def _when(date: object) -> str:
    """'1974' -> '1974 年', '2023-06' -> '2023 年 6 月', '2023H1' -> '2023 年上半年'."""
    date = str(date)
    if date.endswith(("H1", "H2")):
        return f"{date[:4]} 年{'上' if date.endswith('H1') else '下'}半年"
    if len(date) >= 7:
        return f"{date[:4]} 年 {int(date[5:7])} 月"
    return f"{date} 年"


def _rank(year: object, rank: object) -> str:
    return f"{int(year)} 年第 {int(rank)} 位"


def ranking_history(ranks: pd.DataFrame) -> str:
    """Every overall national place of the zone, system by system, as the chart draws them."""
    zhuzhou = ranks[(ranks["entity"] == ZHUZHOU_ZONE) & (ranks["scope"] == "national")]
    drawn = zhuzhou[zhuzhou["kind"].eq("overall") & ~zhuzhou["year_basis"].eq("reported")]
    parts = []
    for system, group in drawn.groupby("system", sort=False):
        if system == "article-target":
            continue
        group = group.sort_values("year")
        places = []
        for row in group.to_dict("records"):
            said = _inference_said(row.get("system_basis"), row["year_basis"])
            places.append(_rank(row["year"], row["rank"]) + said)
        label = "原文自己的名次" if system == "article" else group["legend_label"].iloc[0]
        parts.append(f"{label}：{'、'.join(places)}")
    order = sorted(parts, key=lambda p: not p.startswith("原文"))
    text = "折線圖：株洲高新區在各評價體系中的全國名次，每個體系一條線、互不相連。"
    text += "；".join(order) + "。"
    target = ranks[ranks["system"] == "article-target"]
    if len(target):
        text += f"虛線是原文「衝進前二十」的目標（第 {int(target['rank'].iloc[0])} 位）。"
    apart = zhuzhou[~zhuzhou["kind"].eq("overall") | zhuzhou["year_basis"].eq("reported")]
    if len(apart):
        text += "不畫在圖上的："
        text += "；".join(
            f"{r['system_label']} {_rank(r['year'], r['rank'])}" for r in apart.to_dict("records")
        )
        text += "。"
    return text


def benchmarks(table: pd.DataFrame) -> str:
    rows = table[table["unit"] == "億元"].to_dict("records")
    listed = "；".join(f"{r['label']} {int(r['year'])} 年{r['measure']} {_value(r)}" for r in rows)
    return f"橫條圖：{listed}。年份與指標各不相同。"


def suzhou_first_place(table: pd.DataFrame) -> str:
    official = table[table["system"] == "MOFCOM"].sort_values("year")
    claim = table[table["system"] == "article"]
    streaks = "、".join(
        f"{int(r['year'])} 年考核第 {int(r['streak'])} 次" for r in official.to_dict("records")
    )
    text = f"長條圖：蘇州工業園在商務部國家級經開區綜合發展水平考核中連續第一的次數，{streaks}。"
    if len(claim):
        row = claim.iloc[0]
        text += f"原文所說的連續 {int(row['streak'])} 年，對應 {int(row['year'])} 年度的考核。"
    return text


def timeline(events: pd.DataFrame, title: str) -> str:
    """The events in order; a long timeline is summed up by its ends and its strands."""
    data = events.assign(_x=[decimal_year(d) for d in events["date"]]).sort_values(
        "_x", kind="stable"
    )
    outside = data["confidence"].fillna("").ne("")
    if len(data) <= 6:
        listed = "；".join(f"{_when(r['date'])}，{r['event']}" for r in data.to_dict("records"))
        return f"時間線（{title}）：{listed}。"
    first, last = data.iloc[0], data.iloc[-1]
    tracks = [t for t in TRACKS if t in set(data["track"])]
    text = (
        f"時間線（{title}）：從 {_when(first['date'])}（{first['event']}）到 "
        f"{_when(last['date'])}（{last['event']}），原文的 {int((~outside).sum())} 個事件按"
        f"{'、'.join(tracks)} {len(tracks)} 條線索著色"
    )
    if outside.any():
        years = sorted({str(d)[:4] for d in data.loc[outside, "date"]})
        text += f"；另有 {int(outside.sum())} 個外部資料點（{'、'.join(years)} 年）"
    return text + "。"


def construction_speed(table: pd.DataFrame) -> str:
    days = table[table["days"].notna()].to_dict("records")
    areas = table[table["area_wan_m2"].notna()].to_dict("records")
    said = "；".join(
        f"{r['project']}「{r['milestone']}」："
        + (f"約 {r['days']:.0f} 天（{r['derived']}）" if r.get("derived") else _value(r, "天"))
        for r in days
    )
    listed = "；".join(f"{r['project']}「{r['milestone']}」{_value(r)}" for r in areas)
    return (
        f"橫條圖：從動工到各里程碑的天數，{said}。"
        f"另列原文提到的 {len(areas)} 處面積（量的不是同一種面積，不畫成長條）：{listed}。"
    )


def industrial_chains(table: pd.DataFrame) -> str:
    chains = table[table["unit"] == "條"].iloc[0]
    after = table[table["unit"] != "條"]
    groups = "；".join(
        f"{role}產業：{'、'.join(part['industry'])}"
        for role, part in after.groupby("role", sort=False)
    )
    return (
        f"堆疊長條圖：{int(chains['year'])} 年 {_value(chains.to_dict())}產業鏈（原文未列名）；"
        f"{int(after['year'].iloc[0])} 年收斂為 {len(after)} 個產業集群，{groups}。"
    )


def supporting_rates(table: pd.DataFrame) -> str:
    rates = "、".join(f"{r['chain']} {_value(r)}" for r in table.to_dict("records"))
    return f"長條圖：本地配套率，{rates}。年份與算法未必相同。"


def sector_output(table: pd.DataFrame) -> str:
    listed = "；".join(
        f"{r['sector']}：{r['measure']} {_value(r)}（{r['caveat']}）"
        for r in table.to_dict("records")
    )
    return f"長條圖：原文給各產業的數字，量的不是同一件事。{listed}。"


def specialised_firms(table: pd.DataFrame) -> str:
    shares = table[table["unit"] == "%"].to_dict("records")
    counts = table[table["unit"] == "家"].to_dict("records")
    listed = "、".join(
        f"{r['sector']} {_value(r)}" + ("（推算）" if r.get("derived") else "") for r in shares
    )
    total = "；".join(f"{r['sector']} {_value(r)}" for r in counts)
    return f"橫條圖：專精特新企業的產業分佈，{listed}；{total}。"


def cadre_profile(table: pd.DataFrame) -> str:
    shares = table[table["unit"] == "%"].to_dict("records")
    total = table[table["unit"] == "名"].to_dict("records")
    listed = "、".join(f"{r['trait']} {_value(r)}" for r in shares)
    whole = "；".join(f"{r['trait']} {_value(r)}" for r in total)
    return f"長條圖：2022 年遴選的幹部中，{listed}；{whole}，遴選人數未公佈。"


def headline_numbers(rows: pd.DataFrame, title: str) -> str:
    listed = "；".join(
        f"{r['label']} " + (f"第 {int(r['value'])} 位" if r["unit"] == "位" else _value(r))
        for r in rows.to_dict("records")
    )
    return f"數字看板（{title}）：{listed}。"


def chain_diagram(stages: pd.DataFrame, title: str) -> str:
    parts = []
    for chain, group in stages.groupby("chain", sort=False):
        steps = ["、".join(step["stage"]) for _, step in group.groupby("step", sort=True)]
        parts.append(f"{chain}：{' → '.join(steps)}")
    return f"流程圖（{title}）：{'；'.join(parts)}。"


def correction_counts(table: pd.DataFrame) -> str:
    most = table.sort_values("count", ascending=False).iloc[0]
    return (
        f"橫條圖：刊出繁體與校訂繁體之間每一種字形更正的次數，共 {len(table)} 種、"
        f"{int(table['count'].sum())} 處；最多的一種出現 {int(most['count'])} 次（見下表）。"
    )
