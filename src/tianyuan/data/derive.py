"""Derive the chart tables from the sources of numbers, never typing a number twice.

    tianyuan data            # check the data, rewrite data/tables/ and the column
                             # tables of data/README.md
    tianyuan data --check    # fail if a committed table or README is out of date

Inputs: `data/article_figures.csv` (every figure in the article, with its quote),
`data/external_figures.csv` (outside figures, typed, with their publisher and page) and
`data/ranking_systems.csv`. Every input is validated against `data/datapackage.json`
first; a bad cell stops everything with file, line and column, and nothing is written.
Each derived row names the figure it came from (`figure_id`) and its source
(`paragraph_id`, or the outside page: `outlet`, `source_url`, `url_kind`, `source_date`,
`confidence`). Every derived table is validated against its own description before any
file is written. Chinese labels here are ours, written once in Traditional and
converted per edition when shown.
"""

from __future__ import annotations

import re

import pandas as pd

from tianyuan import data
from tianyuan.paths import DATA
from tianyuan.text.article import load_article

TABLES = DATA / "tables"
README = DATA / "README.md"
SOURCE_COLS = [
    "figure_id",
    "paragraph_id",
    "quote",
    "outlet",
    "source_url",
    "url_kind",
    "source_date",
    "confidence",
]
# The zones whose ranks the ranking chart draws.
RANKED_ZONES = {"株洲高新区": "株洲高新區", "长沙高新区": "長沙高新區"}


def systems() -> pd.DataFrame:
    return data.load("ranking_systems").set_index("system", drop=False)


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
        "outlet": "",
        "source_url": "",
        "url_kind": "",
        "source_date": "",
        "confidence": "",
        **extra,
    }


def _from_external(ext, eid, **extra) -> dict:
    e = ext[ext["ext_id"] == eid].iloc[0]
    return {
        "value": float(e["value"]),
        "unit": e["unit"],
        "qualifier": e["qualifier"],
        "figure_id": eid,
        "paragraph_id": "",
        "quote": "",
        "outlet": e["outlet"],
        "source_url": e["source_url"],
        "url_kind": e["url_kind"],
        "source_date": e["source_date"],
        "confidence": e["confidence"],
        **extra,
    }


def ranking_history(figs, ext) -> pd.DataFrame:
    """Ranks of the zone (and Changsha) by round and ranking system, each system its own
    series. Every registered system is carried; an unregistered one cannot get this far
    (the data package refuses it)."""
    reg = systems()

    def labelled(row: dict, key: str) -> dict:
        s = reg.loc[key]
        return {
            **row,
            "system": key,
            "system_label": s["name_zh"],
            "legend_label": s["short_zh"],
            "symbol": s["symbol"],
            "scope": s["scope"],
            "kind": s["kind"],
        }

    rows = [
        labelled(
            _from_article(
                figs,
                "core-06.1",
                entity="株洲高新區",
                year=2016,
                year_basis="stated",
                system_basis="stated",
            ),
            "article",
        ),
        labelled(
            _from_article(
                figs, "core-07.1", entity="株洲高新區", year=2016, year_basis="", system_basis=""
            ),
            "article-target",
        ),
    ]
    ranks = ext[(ext["unit"] == "位") & ext["entity"].isin(list(RANKED_ZONES))]
    for e in ranks.itertuples():
        row = _from_external(
            ext,
            e.ext_id,
            entity=RANKED_ZONES[e.entity],
            year=int(e.year),
            year_basis=e.year_basis,
            system_basis=e.system_basis,
            zones_ranked=e.zones_ranked,
        )
        rows.append(labelled(row, e.system))
    table = pd.DataFrame(rows)
    table["rank"] = table.pop("value").astype(int)
    cols = ["entity", "system", "system_label", "legend_label", "symbol", "system_basis", "scope"]
    cols += ["kind", "year"]
    cols += ["year_basis", "rank"]
    cols += ["zones_ranked", "qualifier"]
    return _order(table, cols).sort_values(["entity", "system", "year"], ignore_index=True)


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
        ("臺灣(新竹)積體電路", 1974, "產業起步年份", "stones-01.1"),
        ("臺灣(新竹)積體電路", 2023, "全球積體電路製造排名", "stones-01.2"),
    ]
    rows = [_from_article(figs, fid, entity=e, year=y, metric=m) for e, y, m, fid in spec]
    return _order(pd.DataFrame(rows), ["entity", "year", "metric", "value", "unit", "qualifier"])


STREAK_WORDS = {"三连冠": 3, "四连冠": 4, "五连冠": 5, "七连冠": 7, "八连冠": 8, "九连冠": 9}


def suzhou_first_place(figs, ext) -> pd.DataFrame:
    """Suzhou Industrial Park's consecutive first places in MOFCOM's ETDZ evaluation."""
    rows = []
    park = ext[ext["entity"].str.startswith("苏州工业园区") & (ext["system"] == "MOFCOM")]
    for e in park.itertuples():
        streak = next((n for w, n in STREAK_WORDS.items() if w in e.metric), None)
        if streak is None:
            continue
        rows.append(
            _from_external(
                ext,
                e.ext_id,
                evaluation=f"{e.year} 年考核（第 {streak} 次連續第一）",
                year=int(e.year),
                streak=streak,
                zones_ranked=e.zones_ranked,
                system="MOFCOM",
            )
        )
    article = _from_article(
        figs,
        "core-15.1",
        evaluation="原文：連續 7 年（至 2023 年 11 月）",
        year=2022,
        system="article",
        zones_ranked=None,
    )
    article["streak"] = int(article["value"])
    rows.append(article)
    table = pd.DataFrame(rows).drop(columns=["value", "unit", "qualifier"])
    return _order(table, ["evaluation", "year", "streak", "zones_ranked", "system"]).sort_values(
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
    rows = [_from_article(figs, fid, trait=t, group="遴選幹部(人數未公佈)") for t, fid in spec]
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
                chain="臺灣新竹 積體電路",
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
        ("瀏陽 惠科光電", "徵拆清零 1200 餘畝", "crisis-11.1", 30, "1 個月,按 30 天計"),
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
        ("1974", "臺灣積體電路產業起步", "stones-01.1", "他山"),
        ("1988", "「火炬計劃」實施", "core-01.1", "園區"),
        ("1992", "原文：株洲列入國務院批准的「首批」國家級高新區", "core-03.1", "園區"),
        ("2011", "「一區三園」技工貿收入 1050.29 億元,全省第三家千億園區", "core-05.2", "園區"),
        ("2015", "半導體設計公司落戶天元區", "crisis-03.1", "企業"),
        ("2015", "產品在臺積電流片一次通過(行內常需五六次)", "crisis-03.2", "企業"),
        ("2015", "寧德:30 多家鏈條企業入駐,本地配套率 60%", "dragons-17.1", "他山"),
        ("2016", "原文：國家級高新區排名第 23 位（原文稱至今最好）", "core-06.1", "園區"),
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
    # The article's "first batch" against the State Council's reply and local accounts.
    outside = [
        ("ext-79", "1991-03", "外部資料：長沙高新區列入國務院批准的首批 27 個國家級高新區"),
        ("ext-78", "1992-11", "外部資料：國務院國函〔1992〕169 號批准第二批 25 個高新區，株洲在列"),
        ("ext-56", "1992-12", "外部資料：株洲本地資料稱 1992 年 12 月獲批"),
    ]
    for eid, date, label in outside:
        r = _from_external(ext, eid, date=date, event=label, track="園區")
        r["year"] = int(date[:4])
        rows.append(r)
    table = pd.DataFrame(rows)
    table["year"] = table["year"].astype(int)
    return _order(table, ["date", "year", "track", "event"]).sort_values(
        ["year", "date"], kind="stable", ignore_index=True
    )


def semiconductor_story(figs, ext) -> pd.DataFrame:
    t = timeline(figs, ext)
    return t[t["track"] == "企業"].reset_index(drop=True)


def paragraphs(figs, ext) -> pd.DataFrame:
    """Every paragraph id of the article (the key that figures and tables refer to)."""
    return pd.DataFrame(
        [
            {
                "paragraph_id": p.pid,
                "section": p.section,
                "index": p.index,
                "seed_line": p.line,
                "characters": len(p.text),
            }
            for p in load_article().paragraphs
        ]
    )


def _order(table: pd.DataFrame, first: list[str]) -> pd.DataFrame:
    rest = [c for c in table.columns if c not in first and c not in SOURCE_COLS]
    return table[first + rest + [c for c in SOURCE_COLS if c in table.columns]]


BUILDERS = {
    "paragraphs": paragraphs,
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
INPUTS = ("ranking_systems", "article_figures", "external_figures")


def build_tables() -> dict[str, str]:
    """Every derived table as CSV text, each checked against its description."""
    out = {}
    figs = ext = None
    for name, build in BUILDERS.items():
        if name != "paragraphs" and figs is None:  # paragraphs come from the seed alone
            data.validate_inputs(INPUTS)
            figs, ext = data.load("article_figures"), data.load("external_figures")
        res = data.resource(name)
        table = build(figs, ext)
        table = table[[f.name for f in res.fields]]  # the package fixes the column order
        text = to_csv_text(table)
        frame = data.read_table(res.path, res, text=text)
        data.check(frame, res)
        data.remember(name, frame)  # later tables refer to it (paragraph ids)
        out[name] = text
    return out


def to_csv_text(table: pd.DataFrame) -> str:
    return table.to_csv(index=False, lineterminator="\n", float_format=_number)


def _number(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".")  # 1050.29, not 1050.290000; 536, not 536.0


# --- data/README.md: the column tables come from the package -----------------------------------

FIELDS_START = "<!-- fields:{name} (generated from datapackage.json by make data) -->"
FIELDS_END = "<!-- /fields -->"


def readme_text(current: str) -> str:
    """data/README.md with each resource's column table rewritten from the package."""
    out = current
    for name in data.resource_names():
        start = FIELDS_START.format(name=name)
        if start not in out:
            continue
        before, rest = out.split(start, 1)
        _, after = rest.split(FIELDS_END, 1)
        out = before + start + "\n" + fields_table(name) + FIELDS_END + after
    return out


def fields_table(name: str) -> str:
    res = data.resource(name)
    lines = ["| Column | Title | Type | Unit | Description |", "|---|---|---|---|---|"]
    for f in res.fields:
        kind = f.type + (" (required)" if f.required else "")
        if "enum" in f.constraints:
            kind += ": " + " / ".join(f"`{v}`" for v in f.constraints["enum"])
        lines.append(f"| `{f.name}` | {f.title} | {kind} | {f.unit} | {f.description} |")
    keys = []
    if res.primary_key:
        keys.append("key: " + ", ".join(f"`{k}`" for k in res.primary_key))
    for fk in res.foreign_keys:
        ref = fk["reference"]
        keys.append(f"`{fk['fields'][0]}` → `{ref['resource']}.{ref['fields'][0]}`")
    return "\n".join(lines) + "\n" + (("\n" + "; ".join(keys) + "\n") if keys else "")


def main(argv: list[str]) -> int:
    # Bad data raises a DataError before anything is written; the command prints it.
    tables = build_tables()
    readme = readme_text(README.read_text("utf-8"))
    files = {TABLES / f"{name}.csv": text for name, text in tables.items()} | {README: readme}
    stale = [p for p, text in files.items() if not p.exists() or p.read_text("utf-8") != text]
    if "--check" in argv:
        if stale:
            names = ", ".join(p.relative_to(DATA.parent).as_posix() for p in stale)
            raise data.DataError(
                TABLES,
                "expected the tables derived from the data as it is now, "
                f"found out of date: {names} (run make data)",
            )
        return 0
    TABLES.mkdir(exist_ok=True)
    for path in stale:
        path.write_text(files[path], "utf-8")
    for leftover in set(TABLES.glob("*.csv")) - set(files):
        leftover.unlink()  # a table no builder makes any more
    return 0
