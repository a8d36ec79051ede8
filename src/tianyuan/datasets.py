"""Derive the chart tables from the two sources of numbers, never typing a number twice.

    python -m tianyuan.datasets          # rewrite data/tables/*.csv
    python -m tianyuan.datasets --check  # fail if a committed table is out of date

Inputs: `data/article_figures.csv` (every figure in the article, with its quote) and
`data/raw/external_figures.csv` (outside figures as researched, unchanged). Each
derived row names the figure it came from (`figure_id`) and its source
(`paragraph_id`, or `source_url` + `source_date` + `confidence`). Chinese labels here
are ours, written once in Traditional and converted per edition when shown.
"""

from __future__ import annotations

import re
import sys

import pandas as pd

from tianyuan.article import load_article
from tianyuan.convert import convert
from tianyuan.paths import DATA

RAW_EXTERNAL = DATA / "raw" / "external_figures.csv"
TABLES = DATA / "tables"

# Ranking systems, recognised from the researched metric text. Different systems are
# different series: never one line.
# (key, words the metric must all contain, label, scope); the first match wins.
SYSTEMS = [
    (
        "MOST",
        ("MOST national high-tech zone evaluation",),
        "科技部火炬中心 國家高新區綜合評價",
        "national",
    ),
    (
        "MIIT",
        ("MIIT national high-tech zone",),
        "工信部 國家高新區綜合評價(2024 新指標)",
        "national",
    ),
    ("Hunan", ("Hunan provincial",), "湖南省 高新區創新績效評價(省內)", "provincial"),
    ("CCID-AM", ("CCID", "advanced manufacturing"), "賽迪顧問 先進製造業園區百強", "national"),
    ("CCID", ("CCID", "high-quality development"), "賽迪顧問 園區高質量發展百強", "national"),
    ("Shangqi", ("上奇研究院",), "上奇研究院 專精特新百強高新區", "national"),
    ("Tongji", ("Tongji Univ.",), "同濟大學 國家級產業園區百強", "national"),
    ("MOFCOM", ("MOFCOM",), "商務部 國家級經開區綜合考核", "national"),
]
ARTICLE_SYSTEM = ("article", "原文「國家級高新區排名榜」(未說明評價體系)", "national")


def external() -> pd.DataFrame:
    """The researched outside figures with an id, a ranking system and a first year."""
    raw = pd.read_csv(RAW_EXTERNAL, dtype=str, keep_default_na=False)
    out = raw.copy()
    out.insert(0, "ext_id", [f"ext-{i:02d}" for i in range(1, len(raw) + 1)])
    out["system"] = [_system(m)[0] for m in raw["metric"]]
    out["year_start"] = [_first_year(y) for y in raw["year"]]
    return out


def _system(metric: str) -> tuple[str, str, str]:
    for key, needles, label, scope in SYSTEMS:
        if all(n in metric for n in needles):
            return key, label, scope
    return "", "", ""


def _first_year(text: str) -> int | None:
    m = re.search(r"(19|20)\d{2}", text)
    return int(m.group(0)) if m else None


def article_figures() -> pd.DataFrame:
    return pd.read_csv(DATA / "article_figures.csv", dtype=str, keep_default_na=False)


def _fig(figs: pd.DataFrame, fid: str) -> pd.Series:
    hit = figs[figs["id"] == fid]
    if len(hit) != 1:
        raise KeyError(f"article figure {fid!r} not found in article_figures.csv")
    return hit.iloc[0]


def _from_article(figs, fid, **extra) -> dict:
    f = _fig(figs, fid)
    return {
        "value": float(f["value"]),
        "unit": f["unit"],
        "qualifier": f["qualifier"],
        "figure_id": fid,
        "paragraph_id": f["paragraph_id"],
        "quote": f["quote"],
        "source_url": "",
        "source_date": "",
        "confidence": "",
        **extra,
    }


def _from_external(ext, eid, **extra) -> dict:
    e = ext[ext["ext_id"] == eid].iloc[0]
    value = re.sub(r"[^0-9.]", "", e["value"].split("/")[0])
    qualifier = ">" if e["value"].startswith(">") else ""
    return {
        "value": float(value),
        "unit": e["unit"],
        "qualifier": qualifier,
        "figure_id": eid,
        "paragraph_id": "",
        "quote": "",
        "source_url": e["source_url"],
        "source_date": e["source_date"],
        "confidence": e["confidence"],
        **extra,
    }


def ranking_history(figs, ext) -> pd.DataFrame:
    rows = []
    r = _from_article(figs, "core-06.1", entity="株洲高新區", year=2016)
    r.update(system=ARTICLE_SYSTEM[0], system_label=ARTICLE_SYSTEM[1], scope=ARTICLE_SYSTEM[2])
    rows.append(r)
    target = _from_article(figs, "core-07.1", entity="株洲高新區", year=2016)
    target.update(
        system="article-target", system_label="原文:「沖進前二十」(目標,非名次)", scope="national"
    )
    rows.append(target)
    ranks = ext[(ext["unit"] == "rank") & ext["entity"].isin(["株洲高新区", "长沙高新区"])]
    for e in ranks.itertuples():
        key, label, scope = _system(e.metric)
        if not key:
            continue  # unnamed metrics (e.g. 'economic strength') are not rankings of a system
        rows.append(
            _from_external(
                ext,
                e.ext_id,
                entity=convert(e.entity, "zh-Hant"),
                year=e.year_start,
                system=key,
                system_label=label,
                scope=scope,
            )
        )
    table = pd.DataFrame(rows)
    table["rank"] = table.pop("value").astype(int)
    cols = [
        "entity",
        "system",
        "system_label",
        "scope",
        "year",
        "rank",
        "qualifier",
        "figure_id",
        "paragraph_id",
        "quote",
        "source_url",
        "source_date",
        "confidence",
    ]
    return table[cols].sort_values(["entity", "system", "year"], ignore_index=True)


def sector_output(figs, ext) -> pd.DataFrame:
    spec = [
        ("風電", "dragons-09.1", "產值", "板塊產值"),
        ("新材料", "dragons-09.3", "規上企業產值", "僅規模以上企業"),
        ("新能源汽車", "dragons-06.2", "百億門檻(約數)", "十多年在百億門檻上下,非確數"),
        ("電子信息(龍頭企業)", "dragons-06.5", "龍頭企業產值", "單一龍頭企業,非全產業"),
    ]
    rows = [_from_article(figs, fid, sector=s, measure=m, caveat=c) for s, fid, m, c in spec]
    return _order(pd.DataFrame(rows), ["sector", "measure", "value", "unit", "qualifier", "caveat"])


def benchmarks(figs, ext) -> pd.DataFrame:
    """Every benchmark the article draws: revenues (億元) and the other yardsticks."""
    spec = [
        ("株洲高新區(一區三園)", 2011, "技工貿收入", "core-05.2"),
        ("長沙高新區", 2022, "技工貿總收入", "core-16.1"),
        ("蘇州工業園", 2022, "三大新興產業總產值", "core-15.4"),
        ("長沙 先進儲能材料產業", 2022, "產業產值", "stones-03.1"),
        ("長沙 先進儲能材料產業", 2023, "集群內企業", "dragons-16.2"),
        ("長沙 先進儲能材料產業", 2023, "佔全省產業比重", "dragons-16.1"),
        ("寧德", 2015, "入駐鏈條企業", "dragons-17.2"),
        ("寧德", 2015, "本地就近配套率", "dragons-17.3"),
        ("臺灣(新竹)集成電路", 1974, "產業起步年份", "stones-01.1"),
        ("臺灣(新竹)集成電路", 2023, "全球集成電路製造排名", "stones-01.2"),
    ]
    rows = [_from_article(figs, fid, entity=e, year=y, metric=m) for e, y, m, fid in spec]
    return _order(pd.DataFrame(rows), ["entity", "year", "metric", "value", "unit", "qualifier"])


def suzhou_first_place(figs, ext) -> pd.DataFrame:
    """Suzhou Industrial Park's consecutive first places in MOFCOM's ETDZ evaluation."""
    streak_words = {"三连冠": 3, "五连冠": 5, "七连冠": 7, "八连冠": 8, "九连冠": 9}
    rows = []
    for e in ext[
        ext["entity"].str.startswith("苏州工业园区") & (ext["unit"] == "rank")
    ].itertuples():
        streak = next((n for w, n in streak_words.items() if w in e.metric), None)
        if streak is None:
            continue
        rows.append(
            _from_external(
                ext, e.ext_id, evaluation=e.year, year=e.year_start, streak=streak, system="MOFCOM"
            )
        )
    article = _from_article(
        figs, "core-15.1", evaluation="原文:連續7年(截至2023年11月)", year=2022, system="article"
    )
    article["streak"] = int(article["value"])
    rows.append(article)
    table = pd.DataFrame(rows).drop(columns=["value"])
    return _order(table, ["evaluation", "year", "streak", "system"]).sort_values(
        ["year", "system"], ignore_index=True
    )


def supporting_rates(figs, ext) -> pd.DataFrame:
    spec = [
        ("株洲高新區 新能源汽車", "dragons-06.4"),
        ("株洲高新區 電子信息", "dragons-06.6"),
        ("寧德(2015)", "dragons-17.3"),
    ]
    rows = [_from_article(figs, fid, chain=c) for c, fid in spec]
    return _order(pd.DataFrame(rows), ["chain", "value", "unit", "qualifier"])


def specialised_firms(figs, ext) -> pd.DataFrame:
    spec = [
        ("新材料", "dragons-12.3"),
        ("軌道交通", "dragons-12.4"),
        ("電子信息", "dragons-12.5"),
        ("新能源汽車", "dragons-12.6"),
    ]
    rows = [_from_article(figs, fid, sector=s, derived="") for s, fid in spec]
    rest = 100 - sum(r["value"] for r in rows)
    rows.append(
        {
            **rows[-1],
            "sector": "其他(原文未列)",
            "value": rest,
            "qualifier": "",
            "figure_id": ";".join(fid for _, fid in spec),
            "quote": "",
            "derived": "100% minus the four stated shares",
        }
    )
    rows.append(_from_article(figs, "dragons-12.1", sector="省級以上專精特新中小企業", derived=""))
    rows.append(_from_article(figs, "dragons-12.2", sector="國家級專精特新「小巨人」", derived=""))
    return _order(pd.DataFrame(rows), ["sector", "value", "unit", "qualifier", "derived"])


def cadre_profile(figs, ext) -> pd.DataFrame:
    spec = [
        ("全日制本科以上學歷", "road-02.3"),
        ("「85後」", "road-02.4"),
        ("理工類、經管類專業背景", "road-02.6"),
    ]
    rows = [_from_article(figs, fid, trait=t, group="遴選幹部(人數未公布)") for t, fid in spec]
    rows.insert(0, _from_article(figs, "road-02.2", trait="全區幹部總數", group="全區幹部"))
    return _order(pd.DataFrame(rows), ["group", "trait", "value", "unit", "qualifier"])


def industrial_chains(figs, ext) -> pd.DataFrame:
    """2018: twelve chains; 2021: two leading + two distinctive, named in dragons-10."""
    text = load_article().paragraph("dragons-10").text
    m = re.search(r"形成(.+?)為主導,以(.+?)為特色", text)
    leading, distinctive = (part.split("、") for part in m.groups())
    rows = [_from_article(figs, "dragons-02.1", year=2018, role="產業鏈(未列名)", industry="")]
    for role, names, fid in (
        ("主導", leading, "dragons-10.3"),
        ("特色", distinctive, "dragons-10.4"),
    ):
        for name in names:
            rows.append(_from_article(figs, fid, year=2021, role=role, industry=name, value=1.0))
    return _order(pd.DataFrame(rows), ["year", "role", "industry", "value", "unit"])


def chain_stages(figs, ext) -> pd.DataFrame:
    """Stages of the two chains the article spells out, split from its own words."""
    art = load_article()
    rows = []
    for chain, pid in (
        ("長沙 先進儲能材料(第二節)", "dragons-16"),
        ("長沙 先進儲能材料(第五節)", "stones-03"),
    ):
        text = art.paragraph(pid).text
        quoted = re.search(r"“([^”]*—[^”]*)”", text).group(1)
        for step, stage in enumerate(re.split(r"—|-", quoted), 1):
            for part in stage.split("、"):
                rows.append(
                    dict(chain=chain, step=step, stage=part, paragraph_id=pid, quote=quoted)
                )
    text = art.paragraph("stones-01").text
    m = re.search(r"上游(.+?)、中游(.+?)、下游(.+?)以及(.+?)全領域", text)
    for step, (tier, stage) in enumerate(
        zip(("上游", "中游", "下游", "支撐"), m.groups(), strict=True), 1
    ):
        rows.append(
            dict(
                chain="臺灣新竹 集成電路",
                step=step,
                stage=stage,
                tier=tier,
                paragraph_id="stones-01",
                quote=m.group(0),
            )
        )
    return pd.DataFrame(rows).fillna("")[
        ["chain", "step", "stage", "tier", "paragraph_id", "quote"]
    ]


def construction_speed(figs, ext) -> pd.DataFrame:
    spec = [
        ("瀏陽 惠科光電", "征拆清零 1200 餘畝", "crisis-11.1", 30, "1 個月,按 30 天計"),
        ("瀏陽 惠科光電", "64 萬㎡ 主廠房建成", "crisis-11.3", None, ""),
        ("瀏陽 惠科光電", "世界一流工廠建成", "crisis-11.5", 14 * 30, "14 個月,按每月 30 天計"),
        ("望城 電芯廠房", "5.3 萬㎡ 主體施工完成", "crisis-11.8", None, ""),
        ("望城 電芯廠房", "全面封頂", "crisis-11.10", None, ""),
        ("望城 電芯廠房", "所有單體主體施工完成", "crisis-11.11", None, ""),
    ]
    rows = []
    for project, milestone, fid, days, derived in spec:
        r = _from_article(figs, fid, project=project, milestone=milestone, derived=derived)
        r["days"] = days if days is not None else r["value"]
        rows.append(r)
    areas = [
        ("瀏陽 惠科光電", "主廠房總建築面積", "crisis-11.4", 1, ""),
        ("望城 電芯廠房", "電芯廠房面積", "crisis-11.9", 1 / 10000, "53000 平方米 = 5.3 萬平方米"),
        ("河西示範園 某企業廠區", "閒置廠區面積(曬太陽工程)", "crisis-08.2", 1, ""),
    ]
    for project, milestone, fid, to_wan, derived in areas:
        r = _from_article(figs, fid, project=project, milestone=milestone, derived=derived)
        r["days"] = None
        r["area_wan_m2"] = round(r["value"] * to_wan, 4)
        rows.append(r)
    cols = ["project", "milestone", "days", "area_wan_m2", "value", "unit", "qualifier", "derived"]
    return _order(pd.DataFrame(rows), cols)


def timeline(figs, ext) -> pd.DataFrame:
    """Dated events 1974-2023, each tied to a figure of the article (or an outside one)."""
    spec = [
        ("1974", "臺灣集成電路產業起步", "stones-01.1", "他山"),
        ("1988", "「火炬計劃」實施", "core-01.1", "園區"),
        ("1992", "株洲入選首批國家級高新區", "core-03.1", "園區"),
        ("2011", "「一區三園」技工貿收入 1050.29 億元,全省第三家千億園區", "core-05.2", "園區"),
        ("2015", "半導體設計公司落戶天元區", "crisis-03.1", "企業"),
        ("2015", "產品在臺積電流片一次通過(行內常需五六次)", "crisis-03.2", "企業"),
        ("2015", "寧德:30 多家鏈條企業入駐,本地配套率 60%", "dragons-17.1", "他山"),
        ("2016", "國家級高新區排名第 23 位(至今最好)", "core-06.1", "園區"),
        ("2018", "產業鏈一度多達 12 條", "dragons-02.1", "園區"),
        ("2018", "半導體公司 3 年實現 3000 萬元效益(約 2018 年)", "crisis-05.2", "企業"),
        ("2021", "重整為「兩主兩特」產業集群", "dragons-10.2", "園區"),
        ("2022", "省級以上專精特新 148 家、「小巨人」26 家", "dragons-12.1", "園區"),
        ("2022", "536 名幹部中考試遴選懂產業的幹部", "road-02.1", "人"),
        ("2022", "完成體制機制改革", "road-05.1", "人"),
        ("2022", "長沙先進儲能材料產業產值首破 1000 億元", "stones-03.1", "他山"),
        ("2023-06", "出走上海的半導體公司 IPO 過會", "crisis-05.3", "企業"),
        ("2023", "「廠BA」籃球錦標賽", "road-04.1", "人"),
        ("2023H1", "天元區規模工業增加值增長 10.8%,重回全市首位", "road-06.1", "園區"),
    ]
    rows = []
    for date, label, fid, track in spec:
        r = _from_article(figs, fid, date=date, event=label, track=track)
        r["year"] = int(date[:4])
        rows.append(r)
    # The 1992 approval month is disputed outside the article: show both claims.
    for e in ext[ext["metric"].str.startswith("State Council approval month")].itertuples():
        r = _from_external(
            ext,
            e.ext_id,
            date=f"1992-{int(float(e.value)):02d}",
            event=f"外部資料:獲批於 1992 年 {int(float(e.value))} 月(來源互相矛盾)",
            track="園區",
        )
        r["year"] = 1992
        rows.append(r)
    table = pd.DataFrame(rows)
    table["year"] = table["year"].astype(int)
    return _order(table, ["date", "year", "track", "event"]).sort_values(
        ["year", "date"], kind="stable", ignore_index=True
    )


def semiconductor_story(figs, ext) -> pd.DataFrame:
    t = timeline(figs, ext)
    return t[t["track"] == "企業"].reset_index(drop=True)


def _order(table: pd.DataFrame, first: list[str]) -> pd.DataFrame:
    source_cols = ["figure_id", "paragraph_id", "quote", "source_url", "source_date", "confidence"]
    rest = [c for c in table.columns if c not in first and c not in source_cols]
    return table[first + rest + [c for c in source_cols if c in table.columns]]


BUILDERS = {
    "external_figures": lambda figs, ext: ext,
    "ranking_history": ranking_history,
    "sector_output": sector_output,
    "benchmarks": benchmarks,
    "suzhou_first_place": suzhou_first_place,
    "supporting_rates": supporting_rates,
    "specialised_firms": specialised_firms,
    "cadre_profile": cadre_profile,
    "industrial_chains": industrial_chains,
    "chain_stages": chain_stages,
    "construction_speed": construction_speed,
    "timeline": timeline,
}


def build_tables() -> dict[str, pd.DataFrame]:
    figs, ext = article_figures(), external()
    return {name: build(figs, ext) for name, build in BUILDERS.items()}


def to_csv_text(table: pd.DataFrame) -> str:
    return table.to_csv(index=False, lineterminator="\n")


def main(argv: list[str]) -> int:
    TABLES.mkdir(exist_ok=True)
    stale = []
    for name, table in build_tables().items():
        path = TABLES / f"{name}.csv"
        text = to_csv_text(table)
        if "--check" in argv:
            if not path.exists() or path.read_text("utf-8") != text:
                stale.append(path.name)
        else:
            path.write_text(text, "utf-8")
    if stale:
        print(f"out of date (run python -m tianyuan.datasets): {', '.join(stale)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
