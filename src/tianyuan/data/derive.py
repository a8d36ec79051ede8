"""Derive the chart tables from the sources of numbers, never typing a number twice.

    tianyuan data            # check the data, rewrite data/tables/ and the column
                             # tables of data/README.md
    tianyuan data --check    # fail if a committed table or README is out of date

Inputs: `data/article_figures.csv` (every figure in the article, with its quote),
`data/external_figures.csv` (outside figures, typed, with their publisher and page), the
registries `data/entities.csv`, `data/metrics.csv` and `data/ranking_systems.csv`, and the
seed. Every file of the package is checked by every rule first (`tianyuan.data.checks`);
a problem stops everything with file, line and column, and nothing is written. Each
derived row names what it is about (`entity`, `metric`), the figure it came from
(`figure_id`) and its source (`paragraph_id`, or the outside page: `outlet`, `source_url`,
`url_kind`, `source_date`, `confidence`). Every derived table is checked against its own
description before any file is written; a rule broken in a derived row is reported at the
line of the input it came from. Chinese labels here are ours, written once in Traditional
and converted per edition when shown.

The derivation needs nothing but pandas and the package, so the in-browser notebooks run
it too (`tianyuan.data.load` derives afresh when an input changed).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from tianyuan import paths
from tianyuan.data.package import DataError, resource, resource_names, shown
from tianyuan.data.store import (
    MANIFEST,
    PACKAGE_NAME,
    Session,
    digest,
    manifest_text,
    relative,
)
from tianyuan.text.article import load_article

TABLES = paths.DATA / "tables"
README = paths.DATA / "README.md"
# What a row is about, as ids of data/entities.csv and data/metrics.csv, with the entity's
# names (Chinese, written in Traditional and converted per edition when shown; English).
ID_COLS = ["entity", "entity_zh", "entity_en", "metric"]
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
RANKED_ZONES = ("zhuzhou-htz", "changsha-htz")


def _unset(name: str) -> pd.DataFrame:
    raise RuntimeError("the builders read the package through build_tables")


# The tables of the package the builders read (set by build_tables for one derivation).
_tables: Callable[[str], pd.DataFrame] = _unset


def systems() -> pd.DataFrame:
    return _tables("ranking_systems").set_index("system", drop=False)


def _fig(figs: pd.DataFrame, fid: str) -> pd.Series:
    hit = figs[figs["id"] == fid]
    if len(hit) != 1:
        raise KeyError(f"article figure {fid!r} not found in article_figures.csv")
    return hit.iloc[0]


def _named(entity: str) -> dict:
    e = _tables("entities").set_index("entity").loc[entity]
    return {"entity": entity, "entity_zh": e["name_zh_hant"], "entity_en": e["name_en"]}


def _from_article(figs, fid, **extra) -> dict:
    f = _fig(figs, fid)
    return {
        **_named(f["entity"]),
        "metric": f["metric"],
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
        **_named(e["entity"]),
        "metric": e["metric"],
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
            _from_article(figs, "core-06.1", year=2016, year_basis="stated", system_basis="stated"),
            "article",
        ),
        labelled(
            _from_article(figs, "core-07.1", year=2016, year_basis="", system_basis=""),
            "article-target",
        ),
    ]
    ranks = ext[(ext["metric"] == "rank") & ext["entity"].isin(RANKED_ZONES)]
    for e in ranks.itertuples():
        row = _from_external(
            ext,
            e.ext_id,
            year=int(e.year),
            year_basis=e.year_basis,
            system_basis=e.system_basis,
            zones_ranked=e.zones_ranked,
        )
        rows.append(labelled(row, e.system))
    table = pd.DataFrame(rows)
    table["rank"] = table.pop("value").astype(int)
    cols = [*ID_COLS, "system", "system_label", "legend_label", "symbol", "system_basis", "scope"]
    cols += ["kind", "year"]
    cols += ["year_basis", "rank"]
    cols += ["zones_ranked", "qualifier"]
    table["_zone"] = table["entity"].map(RANKED_ZONES.index)  # the zone first, then Changsha
    table = table.sort_values(["_zone", "system", "year"], ignore_index=True)
    return _order(table.drop(columns="_zone"), cols)


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
    rows = [_from_article(figs, fid, label=e, year=y, measure=m) for e, y, m, fid in spec]
    cols = ["label", "year", "measure", "value", "unit", "qualifier"]
    return _order(pd.DataFrame(rows), cols)


STREAK_WORDS = {"三连冠": 3, "四连冠": 4, "五连冠": 5, "七连冠": 7, "八连冠": 8, "九连冠": 9}


def suzhou_first_place(figs, ext) -> pd.DataFrame:
    """Suzhou Industrial Park's consecutive first places in MOFCOM's ETDZ evaluation."""
    rows = []
    park = ext[(ext["entity"] == "suzhou-sip") & (ext["system"] == "MOFCOM")]
    for e in park.itertuples():
        streak = next((n for w, n in STREAK_WORDS.items() if w in e.description), None)
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
            **_named("zhuzhou-htz"),  # the rest of the zone's firms, not one industry's
            "sector": "其他(原文未列)",
            "value": rest,
            "qualifier": "",
            "figure_id": ";".join(fid for _, fid in spec),
            "quote": "",
            "derived": "100% 減去原文列出的四項佔比",
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
    for chain, pid, entity in (
        ("長沙 先進儲能材料(第二節)", "dragons-16", "changsha-htz-storage"),
        ("長沙 先進儲能材料(第五節)", "stones-03", "changsha-storage-cluster"),
    ):
        text = art.paragraph(pid).text
        quoted = re.search(r"“([^”]*—[^”]*)”", text).group(1)
        for step, stage in enumerate(re.split(r"—|-", quoted), 1):
            for part in stage.split("、"):
                rows.append(
                    dict(
                        chain=chain,
                        step=step,
                        stage=part,
                        **_named(entity),
                        paragraph_id=pid,
                        quote=quoted,
                    )
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
                **_named("taiwan"),
                paragraph_id="stones-01",
                quote=m.group(0),
            )
        )
    table = pd.DataFrame(rows).fillna("")
    return table[["chain", "step", "stage", "tier", *ID_COLS[:3], "paragraph_id", "quote"]]


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
        ("2023-01/2023-06", "天元區規模工業增加值增長 10.8%,重回全市首位", "road-06.1", "園區"),
    ]
    rows = []
    for date, label, fid, track in spec:
        r = _from_article(figs, fid, date=date, event=label, track=track)
        r["year"] = int(date[:4])
        rows.append(r)
    # The article's "first batch" against the State Council's reply and local accounts.
    outside = [
        ("ext-79", "外部資料：長沙高新區列入國務院批准的首批 27 個國家級高新區"),
        ("ext-78", "外部資料：國務院國函〔1992〕169 號批准第二批 25 個高新區，株洲在列"),
        ("ext-56", "外部資料：株洲本地資料稱 1992 年 12 月獲批"),
    ]
    for eid, label in outside:
        date = ext.loc[ext["ext_id"] == eid, "date"].iloc[0]
        r = _from_external(ext, eid, date=date, event=label, track="園區")
        r["year"] = int(date[:4])
        rows.append(r)
    table = pd.DataFrame(rows)
    table["year"] = table["year"].astype(int)
    return _order(table, ["date", "year", "track", "event"]).sort_values(
        ["year", "date"], kind="stable", ignore_index=True
    )


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
    """The table's own columns first, then what it is about (ids), then its source."""
    ids = [c for c in ID_COLS if c in table.columns and c not in first]
    rest = [c for c in table.columns if c not in first + ids and c not in SOURCE_COLS]
    return table[first + rest + ids + [c for c in SOURCE_COLS if c in table.columns]]


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
# What the derivation reads: these tables, the package's description and the seed.
INPUTS = ("ranking_systems", "entities", "metrics", "article_figures", "external_figures")
# Where a rule broken in a derived column is found in the figure it came from.
SOURCE_COLUMN = {"rank": "value", "days": "value", "streak": "value"}


def input_files() -> list[Path]:
    return [paths.DATA / PACKAGE_NAME, paths.SEED_PATH] + [resource(n).path for n in INPUTS]


def inputs_digest(recorded: dict[str, str] | None = None) -> str:
    """One digest of every input, as the files are now (or as `recorded` in a manifest)."""
    if recorded is None:
        parts = [digest(_read(p)) for p in input_files()]
    else:
        parts = [recorded.get(relative(p), "") for p in input_files()]
    return digest("\n".join(parts))


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def build_tables(session: Session) -> dict[str, str]:
    """Every derived table as CSV text, each checked against its description and put into
    `session` (later tables and the checks of other files refer to them)."""
    global _tables
    _tables = session.frame
    out = {}
    figs = ext = None
    for name, build in BUILDERS.items():
        if name != "paragraphs" and figs is None:  # paragraphs come from the seed alone
            figs, ext = session.frame("article_figures"), session.frame("external_figures")
        res = resource(name)
        table = build(figs, ext)
        table = table[res.names]  # the package fixes the column order
        text = to_csv_text(table)
        session.put(name, text)
        try:
            session.frame(name)
        except DataError as err:
            raise traced(err, name, session) from None
        out[name] = text
    return out


def traced(err: DataError, name: str, session: Session) -> DataError:
    """A problem found in a derived row, reported at the line of the input it came from
    (nobody edits data/tables/; the figure's row is where to fix it)."""
    res = resource(name)
    if Path(err.path) != res.path or err.line is None or "figure_id" not in res.names:
        return err
    text = session.text(name)
    if err.line not in text.lines:
        return err
    row = text.rows[text.lines.index(err.line)]
    figure = row[res.column("figure_id") - 1].split(";")[0]
    for source, key in (("article_figures", "id"), ("external_figures", "ext_id")):
        frame = session.frame(source)
        hit = frame.index[frame[key] == figure]
        if len(hit):
            src = resource(source)
            column = SOURCE_COLUMN.get(err.name or "", err.name)
            position = src.column(column) if column in src.names else None
            return DataError(
                frame.attrs["path"],
                f"{err.message} (found in the derived table {shown(res.path)}, line {err.line})",
                frame.attrs["lines"][hit[0]],
                position,
                column if position else None,
            )
    return err


def to_csv_text(table: pd.DataFrame) -> str:
    return table.to_csv(index=False, lineterminator="\n", float_format=_number)


def _number(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".")  # 1050.29, not 1050.290000; 536, not 536.0


# --- data/README.md: the column tables come from the package -----------------------------------

FIELDS_START = "<!-- fields:{name} (generated from datapackage.json by make data) -->"
FIELDS_END = "<!-- /fields -->"


URL_KINDS_START = "<!-- url-kinds (generated from external_figures.csv by make data) -->"
URL_KINDS_END = "<!-- /url-kinds -->"
URL_KIND_WORDS = {
    "official": "a government or zone site",
    "news": "the original outlet's own page",
    "archive": "an archive of the original paper",
    "mirror": "a copy on a content farm (shown as 轉載於)",
    "repost": "a copy on a platform (shown as 轉載於)",
}


def readme_text(current: str, session: Session) -> str:
    """data/README.md with each resource's column table rewritten from the package, and
    the count of outside rows by the kind of page they were read from."""
    out = current
    for name in resource_names():
        start = FIELDS_START.format(name=name)
        if start not in out:
            continue
        before, rest = out.split(start, 1)
        _, after = rest.split(FIELDS_END, 1)
        out = before + start + "\n" + fields_table(name) + FIELDS_END + after
    if URL_KINDS_START in out:
        before, rest = out.split(URL_KINDS_START, 1)
        _, after = rest.split(URL_KINDS_END, 1)
        table = url_kinds_table(session.frame("external_figures"))
        out = before + URL_KINDS_START + "\n" + table + URL_KINDS_END + after
    return out


def url_kinds_table(ext: pd.DataFrame) -> str:
    counts = Counter(ext["url_kind"])
    total = sum(counts.values())
    lines = ["| `url_kind` | the page read | rows | share |", "|---|---|---:|---:|"]
    for kind in resource("external_figures").field("url_kind").constraints["enum"]:
        n = counts.get(kind, 0)
        lines.append(f"| `{kind}` | {URL_KIND_WORDS.get(kind, '')} | {n} | {n / total:.0%} |")
    copies = counts.get("mirror", 0) + counts.get("repost", 0)
    lines.append(f"| | all rows (copies: {copies}, {copies / total:.0%}) | {total} | 100% |")
    return "\n".join(lines) + "\n"


def fields_table(name: str) -> str:
    res = resource(name)
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
        target = ref["resource"] or name
        keys.append(f"`{fk['fields'][0]}` → `{target}.{ref['fields'][0]}`")
    return "\n".join(lines) + "\n" + (("\n" + "; ".join(keys) + "\n") if keys else "")


def derive(session: Session | None = None) -> dict[Path, str]:
    """Check every file of the package by every rule and derive the tables: the files
    `make data` writes (path -> text). Raises DataError (or ArticleError) on a problem."""
    session = session or Session(trust=False)
    tables = build_tables(session)
    for name in resource_names():  # every other file too: claims, registries, raw/ ...
        session.frame(name)
    files = {TABLES / f"{name}.csv": text for name, text in tables.items()}
    files[README] = readme_text(README.read_text("utf-8"), session)
    files[paths.DATA / MANIFEST] = manifest_text(session)
    return files


def stale(files: dict[Path, str]) -> list[Path]:
    return [p for p, text in files.items() if not p.exists() or p.read_text("utf-8") != text]


def main(argv: list[str]) -> int:
    """`tianyuan data [--check]`. Bad data raises a DataError (or, for the seed, an
    ArticleError) before anything is written; the command prints it."""
    files = derive()
    if "--check" in argv:
        old = stale(files)
        if old:
            names = ", ".join(p.relative_to(paths.DATA.parent).as_posix() for p in old)
            raise DataError(
                TABLES,
                "expected the tables derived from the data as it is now, "
                f"found out of date: {names} (run make data)",
            )
        return 0
    write(files)
    return 0


def write(files: dict[Path, str]) -> list[Path]:
    """Write what changed (and remove a table no builder makes any more); return it."""
    old = stale(files)
    TABLES.mkdir(exist_ok=True)
    for path in old:
        path.write_text(files[path], "utf-8")
    for leftover in set(TABLES.glob("*.csv")) - set(files):
        leftover.unlink()
        old.append(leftover)
    return old
