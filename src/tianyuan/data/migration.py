"""One-off conversion of the researched outside figures into typed columns.

    tianyuan migration           # print the converted rows as CSV
    tianyuan migration --check   # fail if data/external_figures.csv
                                                    # no longer starts with them

The outside figures were obtained as free text (`data/raw/external_figures.csv`: "2015
(inferred; source undated)", ">400", "unknown (c.2016)"), with a provenance file per row
(`raw/external_provenance.csv`), later rows (`raw/external_new_rows.csv`) and our own
check of each source page (`raw/source_checks.csv`, 2026-11-26: was the page found, does
it state the figure, which outlet it credits, its date). On 2026-11-26 this script turned
them into the typed rows that open `data/external_figures.csv`; editors have added rows
below them since, by hand, as `data/README.md` describes.

It is kept so that anyone can check that no number was retyped: every value, year and
zone count here is read from the raw text by a rule (first four-digit year, a leading
`>`, "of N" in the metric), and `--check` (run by the tests) compares its output with
the committed file. What a rule cannot decide is a named decision below, with its reason.

A second step (2026-12-06, `identified`) names what each row is about by the ids of
`data/entities.csv` and `data/metrics.csv` instead of free text: the researcher's words
stay in `description`; a month of approval becomes a partial date (`1992-11`); money is
in one unit per metric (2.1 萬億元 = 21000 億元, by `tianyuan.data.convert`'s factor).
"""

from __future__ import annotations

import csv
import io
import re
import sys

from tianyuan.data.units import convert
from tianyuan.paths import DATA

RAW = DATA / "raw"
ACCESSED = "2026-11-26"  # when each source page was read for this conversion

COLUMNS = (
    "ext_id",
    "entity",
    "metric",
    "description",
    "system",
    "year",
    "year_basis",
    "date",
    "value",
    "value_low",
    "value_high",
    "qualifier",
    "unit",
    "zones_ranked",
    "outlet",
    "source_url",
    "url_kind",
    "source_date",
    "accessed",
    "source_quote",
    "confidence",
    "note",
)

# One spelling per unit, shared with the article's figures.
UNITS = {
    "rank": "位",
    "亿元": "億元",
    "万亿元": "萬億元",
    "%": "%",
    "% yoy": "%",
    "month": "月",
    "stars (of 5)": "星",
    "vehicles": "輛",
    "units": "家",
    "zones": "家",
    "data year": "year",
}

# Rows not carried over: a figure without an address cannot be checked by a reader.
DROPPED = {
    35: "no address: the text was found only without a URL",
    36: "no address: the text was found only without a URL",
    37: "no address: the text was found only without a URL",
    38: "no address: the text was found only without a URL",
    23: "undated, unsourced encyclopedia copy; names no ranking system",
    24: "undated, unsourced encyclopedia copy; names no ranking system",
    "new-06": "source page not found when checked; 116 not verified",
}

# Ranking systems, recognised from the researcher's metric text (first match wins).
SYSTEM_RULES = (
    ("MIIT-item", ("MIIT", "single-item")),
    ("MIIT-base", ("demonstration base",)),
    ("MIIT-base", ("示范基地",)),
    ("MIIT", ("MIIT",)),
    ("Hunan", ("Hunan provincial",)),
    ("CCID-AM", ("CCID", "advanced manufacturing")),
    ("CCID", ("CCID",)),
    ("Shangqi", ("上奇研究院",)),
    ("Tongji", ("Tongji Univ.",)),
    ("MOFCOM", ("MOFCOM",)),
    ("MOST", ("MOST",)),
)

# Decisions a rule cannot take, each with its reason (row number in the raw file, or new-NN).
DECISIONS: dict[int | str, dict[str, str]] = {
    12: {"year": "2021", "year_basis": "inferred"},  # released 2022-12-21: the 2021 round
    23: {"year": "2013", "year_basis": "inferred"},  # undated; the 115-zone count fits 2013–14
    24: {"year": "2013", "year_basis": "inferred"},
    30: {"year": "2017", "year_basis": "derived"},  # released May 2018 = the 2017 evaluation
    49: {
        # the State Council's site carries Xinhua's caption naming the release and its year
        "year": "2017",
        "year_basis": "stated",
        "source_url": "http://www.gov.cn/xinwen/2018-09/19/content_5323571.htm",
        "outlet": "新华社",
        "url_kind": "official",
        "source_date": "2018-09-19",
        "source_quote": "2018年5月,商务部公布2017年国家级经济技术开发区综合发展水平考核评价,"
        "在219家国家级经开区中,苏州工业园区位列综合排名第一位",
    },
    50: {"source_quote": "继续位列综合排名 第一位 全国三连冠"},  # the repost holds the streak
    51: {"year_basis": "stated", "source_date": "2021-01-27"},  # 红网 reported it that day
    52: {
        # the Chinese text credited to 中国青年网 (better_url), dated before the article,
        # instead of an English translation of 2024
        "source_url": "http://m.fadian.yktchina.com/dt/2023/0424/2681.html",
        "url_kind": "mirror",
        "source_date": "2023-04-24",
        "source_quote": "在国家级经开区综合考评中实现“七连冠”",
    },
    "new-01": {"year_basis": "inferred"},  # the page names neither the year nor the ranker
    "new-13": {"confidence": "low"},  # 贵阳's official site says 157 zones in the same round
    "new-14": {"system": "MIIT", "year": "2025", "year_basis": "inferred"},
}

# Outlets as the pages credit them (the provenance and check files say more, in prose).
OUTLETS = {
    30: "长沙县人民政府",
    39: "光伏們（据另一转载 charlesfam.com）",
    50: "未署名（园区公众号文章）",
    41: "未署名（内容农场改写）",
    46: "高新院 achie.org（据湖南省政府新闻办发布会）",
    49: "新华社",
    52: "中国青年网",
    "new-04": "湖南日报（湖南省工信厅网站转载）",
    "new-05": "湖南日报（湖南省工信厅网站转载）",
    "new-07": "宁波国家高新区",
    "new-08": "常州市科技局",
    "new-09": "上海紫竹高新区",
    "new-10": "上海紫竹高新区",
    "new-11": "上海紫竹高新区",
    "new-12": "上海紫竹高新区",
    "new-13": "常州（英文城市网页）",
    "new-14": "中新网",
}
# What each row is about, as an id of data/entities.csv (the researcher's words for it).
ENTITY_IDS = {
    "株洲高新区": "zhuzhou-htz",
    "株洲高新区 (装备制造·轨道交通装备 base)": "zhuzhou-htz-rail-base",
    "株洲高新区(天元区) 8 head enterprises": "zhuzhou-htz-head-firms",
    "中车株洲所风电事业部 (in 株洲高新区)": "crrc-zelc-wind",
    "中车时代电气汽车事业部": "crrc-times-ev",
    "株洲市 (city, not zone)": "zhuzhou-city",
    "株洲市 (city, all parks)": "zhuzhou-city-parks",
    "长沙高新区": "changsha-htz",
    "长沙高新区 (comparator)": "changsha-htz",
    "长沙高新区 (麓谷园区)": "changsha-htz-lugu",
    "长沙经开区": "changsha-etdz",
    "长沙经开区 (ETDZ)": "changsha-etdz",
    "湘潭高新区": "xiangtan-htz",
    "衡阳高新区": "hengyang-htz",
    "益阳高新区": "yiyang-htz",
    "湖南省 44 high-tech zones": "hunan-htzs",
    "湖南省 high-tech zones": "hunan-htzs",
    "苏州工业园区": "suzhou-sip",
    "苏州工业园区 (ETDZ)": "suzhou-sip",
    "苏州工业园区 (ETDZ, MOFCOM; not a 高新区)": "suzhou-sip",
    "MOST evaluation (all zones)": "national-htzs",
}
# The star rating of row 22 is the demonstration base's, as in rows new-04 and new-05.
ENTITY_DECISIONS = {22: "zhuzhou-htz-rail-base"}

# The metric of a row (an id of data/metrics.csv): by its unit, then by the researcher's
# words for it (first match wins).
METRIC_BY_UNIT = {"位": "rank", "星": "rating", "月": "approval-date", "year": "data-year"}
METRIC_RULES = (
    ("units-evaluated", ("evaluated",)),
    ("zones-listed", ("NDRC list",)),
    ("share", ("share of",)),
    ("growth", ("growth",)),
    ("vehicles", ("新能源汽车产量",)),
    ("revenue-tig", ("技工贸",)),
    ("enterprise-revenue", ("企业总收入",)),
    ("industrial-output-above-scale", ("规模工业总产值",)),
    ("industrial-output", ("工业总产值",)),
    ("gdp", ("地区生产总值",)),
    ("fiscal-revenue", ("财政收入",)),
    ("sales-revenue", ("销售收入",)),
    ("industry-scale", ("产业总规模",)),
    ("revenue", ("revenue",)),
    ("output", ("产值",)),
    ("output", ("output",)),
)
NEW_ROW_BASE = 57  # new rows continue the ext ids after the 57 raw rows


def read(name: str) -> list[dict[str, str]]:
    with (RAW / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def first_year(text: str) -> str:
    m = re.search(r"(19|20)\d{2}", text)
    return m.group(0) if m else ""


def year_basis(text: str) -> str:
    if "derived" in text:
        return "derived"
    if "inferred" in text or "undated" in text or "likely" in text:
        return "inferred"
    return "stated"


def number(text: str) -> tuple[str, str]:
    """(value, qualifier) from '>400', '28', '2.1'."""
    text = text.strip()
    qualifier = ">" if text.startswith(">") else ""
    value = text.lstrip(">").strip()
    float(value)  # a value that is not one number stops the conversion
    return value, qualifier


def zones(metric: str, checked: str) -> str:
    m = re.search(r"\bof (\d+)", metric) or re.search(r"among (?:Hunan's )?(\d+)", metric)
    if m:
        return m.group(1)
    m = re.match(r"(\d+)\b", checked or "")
    return m.group(1) if m else ""


def system_of(metric: str) -> str:
    for key, needles in SYSTEM_RULES:
        if all(n in metric for n in needles):
            return key
    return ""


def outlet_of(key, credited: str) -> str:
    if key in OUTLETS:
        return OUTLETS[key]
    name = re.split(r" \(|（", credited, maxsplit=1)[0].strip()
    if name.startswith(("none credited", "not named", "unnamed", "unknown")):
        return "未署名"
    return name


def iso_date(text: str) -> str:
    if (text or "").startswith(("undated", "unknown")):
        return ""  # "c.2013-14" is a guess at a year, not a date
    m = re.search(r"\d{4}-[01]\d(-\d{2})?", text or "")
    return m.group(0) if m else ""


def checks_by_row() -> dict[str, dict[str, str]]:
    return {row["row"]: row for row in read("source_checks.csv")}


def converted() -> list[dict[str, str]]:
    checks = checks_by_row()
    rows = []
    for n, raw in enumerate(read("external_figures.csv"), start=1):
        if n in DROPPED:
            continue
        rows.append(identified(n, _typed(n, f"ext-{n:02d}", raw, checks.get(str(n), {}))))
    for n, raw in enumerate(read("external_new_rows.csv"), start=1):
        key = f"new-{n:02d}"
        if key in DROPPED:
            continue
        raw = {**raw, "confidence": "", "note": ""}
        typed = _typed(key, f"ext-{NEW_ROW_BASE + n:02d}", raw, checks.get(key, {}))
        rows.append(identified(key, typed))
    return rows


def metric_of(description: str, unit: str) -> str:
    if unit in METRIC_BY_UNIT:
        return METRIC_BY_UNIT[unit]
    for key, needles in METRIC_RULES:
        if all(n in description for n in needles):
            return key
    raise ValueError(f"no metric for {description!r} ({unit})")


def identified(key, row: dict[str, str]) -> dict[str, str]:
    """The typed row with its entity and metric as registry ids, dates as dates, money in
    the metric's one unit."""
    row = dict(row)
    row["description"] = row["metric"]
    row["entity"] = ENTITY_DECISIONS.get(key) or ENTITY_IDS[row["entity"]]
    row["metric"] = metric_of(row["description"], row["unit"])
    row["date"] = ""
    unit = metric_units()[row["metric"]]
    if unit == "date":  # the month of an approval: a partial date
        row["date"] = f"{row['year']}-{int(row['value']):02d}"
        row["value"], row["unit"] = "", "date"
    elif row["unit"] != unit:  # money in its metric's one unit
        amount = convert(float(row["value"]), row["unit"], unit)
        row["value"], row["unit"] = f"{amount:g}", unit
    return row


def metric_units() -> dict[str, str]:
    """Each metric's one unit (data/metrics.csv)."""
    with (DATA / "metrics.csv").open(encoding="utf-8", newline="") as fh:
        return {row["metric"]: row["unit"] for row in csv.DictReader(fh)}


def _typed(key, ext_id: str, raw: dict[str, str], check: dict[str, str]) -> dict[str, str]:
    value, qualifier = number(raw["value"])
    metric = raw["metric"]
    system = system_of(metric) or system_of(raw.get("ranking_system", ""))
    unit = UNITS[raw["unit"]]
    row = {
        "ext_id": ext_id,
        "entity": raw["entity"],
        "metric": metric,
        "system": system if unit in ("位", "星") else "",
        "year": first_year(raw["year"]),
        "year_basis": year_basis(raw["year"]),
        "value": value,
        "value_low": "",
        "value_high": "",
        "qualifier": qualifier,
        "unit": unit,
        "zones_ranked": zones(metric, raw.get("zones_ranked", "") or check.get("zones_ranked", ""))
        if unit == "位"
        else "",
        "outlet": outlet_of(key, check.get("outlet", "")),
        "source_url": raw["source_url"],
        "url_kind": check.get("url_kind", ""),
        "source_date": iso_date(check.get("page_date", "")) or iso_date(raw["source_date"]),
        "accessed": ACCESSED,
        "source_quote": check.get("quote", ""),
        "confidence": check.get("confidence") or raw["confidence"],
        "note": raw["note"] or check.get("reason", ""),
    }
    row.update(DECISIONS.get(key, {}))
    return row


def to_csv(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


# The columns --check compares: what the rules decide (the rest may be edited by hand).
CHECKED = (
    "ext_id",
    "entity",
    "metric",
    "year",
    "date",
    "value",
    "qualifier",
    "unit",
    "zones_ranked",
)


def main(argv: list[str]) -> int:
    rows = converted()
    if "--check" not in argv:
        sys.stdout.write(to_csv(rows))
        return 0
    with (DATA / "external_figures.csv").open(encoding="utf-8", newline="") as fh:
        committed = list(csv.DictReader(fh))
    for mine, theirs in zip(rows, committed, strict=False):
        for column in CHECKED:
            if mine[column] != theirs.get(column, ""):
                print(
                    f"data/external_figures.csv, {mine['ext_id']}, column {column}: the raw "
                    f"files give {mine[column]!r}, the file has {theirs.get(column)!r}",
                    file=sys.stderr,
                )
                return 1
    return 0
