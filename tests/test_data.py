"""Data: one described, validated package; every figure traced to its sentence or its page;
bad data refused with file, line and column; a new data point reaches the chart."""

import csv
import io
import os
import re
import subprocess
import sys

import pandas as pd
import pytest
from conftest import copy_repository, run_in

from tianyuan import charts, data
from tianyuan.data import DataError, read_value
from tianyuan.data import derive as datasets
from tianyuan.data import migration as external_migration
from tianyuan.data.store import Session
from tianyuan.paths import DATA, SEED_PATH


def test_every_resource_of_the_package_validates_and_has_rows():
    counts = data.validate_all()
    assert set(counts) == set(data.resource_names())
    assert all(n > 0 for n in counts.values()), counts


def test_the_package_describes_every_csv_and_frictionless_agrees():
    import frictionless

    described = {(DATA / r["path"]).resolve() for r in data.package()["resources"]}
    on_disk = {p.resolve() for p in DATA.rglob("*.csv")}
    assert on_disk == described, on_disk ^ described
    report = frictionless.validate(str(DATA / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "note"])[:5]


def test_readme_column_tables_come_from_the_package():
    text = (DATA / "README.md").read_text("utf-8")
    for name in data.resource_names():
        block = datasets.FIELDS_START.format(name=name)
        assert block in text, f"data/README.md has no column table for {name}"
        for f in data.resource(name).fields:
            assert f"| `{f.name}` | {f.title} |" in text, (name, f.name)
    assert datasets.readme_text(text, Session()) == text  # make data would not change it


def test_derived_tables_and_readme_are_up_to_date():
    assert datasets.main(["--check"]) == 0


def test_the_typed_outside_figures_start_with_the_raw_files_converted_by_rule():
    assert external_migration.main(["--check"]) == 0
    raw = pd.read_csv(DATA / "raw" / "external_figures.csv", dtype=str)
    converted = {r["ext_id"]: r for r in external_migration.converted()}
    kept = [n for n in range(1, len(raw) + 1) if n not in external_migration.DROPPED]
    assert [f"ext-{n:02d}" for n in kept] == [k for k in converted if int(k[4:]) <= len(raw)]
    ext = data.load("external_figures").set_index("ext_id")
    for n in kept:  # the value is the raw text's number, not retyped
        number = float(raw.at[n - 1, "value"].lstrip(">"))
        row = ext.loc[f"ext-{n:02d}"]
        if raw.at[n - 1, "unit"] == "month":  # a month of approval: a partial date
            assert row["date"] == f"{row['year']}-{int(number):02d}", n
        else:  # money in its metric's one unit, by an exact factor
            raw_unit = external_migration.UNITS[raw.at[n - 1, "unit"]]
            assert row["value"] == data.convert(number, raw_unit, row["unit"]), n
    assert (ext.at["ext-48", "value"], ext.at["ext-48", "unit"]) == (21000, "億元")


def test_every_outside_row_names_its_publisher_page_kind_and_access_date():
    ext = data.load("external_figures")
    for column in ("outlet", "url_kind", "accessed", "source_url", "confidence"):
        assert (ext[column] != "").all(), column
    copies = ext[ext["url_kind"].isin(["mirror", "repost"])]
    assert len(copies) and (copies["outlet"] != "").all()
    ranks = ext[ext["unit"] == "位"]
    assert (ranks["system"] != "").all()


def test_no_content_farm_is_shown_as_a_source():
    """A copy is labelled 轉載於 <host>（原刊 <outlet>）; the host never stands as the source."""
    from tianyuan.notebooks.figures import outside_source, start

    start("zh-Hant")
    ext = data.load("external_figures").set_index("ext_id")
    farm = outside_source(ext.loc["ext-11"].to_dict())
    assert farm.startswith("轉載於 [m.stallone-f.com](") and "原刊 科技日報" in farm
    news = outside_source(ext.loc["ext-13"].to_dict())
    assert news.startswith("[紅網](https://zz.rednet.cn/")


def test_quotes_are_verbatim_seed_text():
    seed = SEED_PATH.read_text("utf-8")
    figs = data.load("article_figures")
    for row in figs.itertuples():
        assert row.quote in seed, row.id


def test_every_paragraph_with_a_digit_has_its_figures(article):
    figs = data.load("article_figures")
    covered = set(figs["paragraph_id"])
    for p in article.paragraphs:
        if re.search(r"\d", p.text):
            assert p.pid in covered, p.pid
        for number in re.findall(r"\d+(?:\.\d+)?", p.text):
            rows = figs[figs["paragraph_id"] == p.pid]
            assert number in "".join(rows["quote"]) + " ".join(rows["period"]), (p.pid, number)


@pytest.mark.parametrize(
    "text,unit,expected",
    [
        ("1050.29", "億元", (1050.29, None)),
        ("十", "年", (10, None)),
        ("五六", "次", (5, 6)),
        ("第三", "位", (3, None)),
        ("百億", "億元", (100, None)),
        ("二十", "位", (20, None)),
        ("數百萬", "萬人", (100, None)),
        ("85", "year", (1985, None)),
        ("首位", "位", (1, None)),
    ],
)
def test_values_read_the_way_the_article_writes_them(text, unit, expected):
    assert read_value(text, unit) == expected


def test_hedges_are_kept():
    figs = data.load("article_figures").set_index("id")
    assert figs.at["core-15.4", "qualifier"] == "超" and figs.at["core-15.4", "value"] == 3600
    assert figs.at["core-16.1", "qualifier"] == "突破"
    assert figs.at["dragons-18.2", "qualifier"] == "近"
    assert figs.at["crisis-08.1", "qualifier"] == "數十"
    ext = data.load("external_figures").set_index("ext_id")
    assert (ext.at["ext-34", "qualifier"], ext.at["ext-34", "value"]) == (">", 400)


def test_ranking_systems_are_separate_series_with_their_denominators():
    ranks = data.load("ranking_history")
    article = ranks[ranks["system"] == "article"].iloc[0]
    assert (article["year"], article["rank"], article["paragraph_id"]) == (2016, 23, "core-06")
    most = ranks[(ranks["system"] == "MOST") & (ranks["entity"] == "zhuzhou-htz")]
    y2016 = most[most["year"] == 2016].iloc[0]
    assert (y2016["rank"], y2016["zones_ranked"], y2016["figure_id"]) == (23, 146, "ext-58")
    miit = ranks[ranks["system"] == "MIIT"].iloc[0]
    assert (miit["rank"], miit["zones_ranked"]) == (35, 178)
    registered = set(data.load("ranking_systems")["system"])
    assert set(ranks["system"]) <= registered
    assert set(ranks["scope"]) == {"national", "provincial"}


def test_the_first_batch_claim_is_recorded_against_the_state_councils_reply():
    t = data.load("timeline")
    outside = t[t["figure_id"].isin(["ext-78", "ext-79", "ext-56"])]
    assert sorted(outside["date"]) == ["1991-03", "1992-11", "1992-12"]
    assert (outside["confidence"] != "").all()


def test_claims_ledger_after_the_new_research():
    claims = data.load("claims").set_index("claim_id")
    by_paragraph = {
        pid: c for c, pids in claims["paragraph_ids"].items() for pid in pids.split(";")
    }
    assert claims.at[by_paragraph["core-03"], "status"] == "conflicting"  # not the first batch
    # 23rd in 2016: one unattributed copy that names neither ranker nor round
    assert claims.at[by_paragraph["core-06"], "status"] == "corroborated"
    assert claims.at[by_paragraph["core-06"], "confidence"] == "low"
    assert claims.at[by_paragraph["core-08"], "status"] == "not found"  # best to date: separate
    assert by_paragraph["core-06"] != by_paragraph["core-08"]
    # three titles, the third on no list; a projection is not a result
    assert claims.at[by_paragraph["lede-03"], "status"] == "not found"
    assert claims.at[by_paragraph["stones-03"], "status"] == "not found"
    # ext-34 is another measure: not evidence for the 2011 revenue
    assert "ext-34" not in claims.at[by_paragraph["core-05"], "external_figures"]
    assert set(claims["status"]) <= set(data.resource("claims").field("status").constraints["enum"])
    assert (claims["note_zh"] != "").all() and (claims["note_en"] != "").all()


def test_chart_tables_show_titles_and_words_not_codes():
    from tianyuan.notebooks.figures import readable

    shown = readable(data.load("ranking_history"))
    assert not [c for c in shown.columns if re.fullmatch(r"[a-z_]+", c)]
    assert "可信度" in shown.columns and set(shown["可信度"]) <= {"高", "中", "低", ""}
    assert "2016" in shown["年份"].astype(str).tolist()


# --- bad data is refused with file, line and column -----------------------------------------


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    return copy_repository(tmp_path_factory.mktemp("repo"))


def _edit_external(repo, edit):
    path = repo / "data" / "external_figures.csv"
    original = path.read_text("utf-8")
    rows = list(csv.DictReader(io.StringIO(original)))
    columns = list(rows[0])
    rows, columns = edit(rows, columns)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), "utf-8")
    return original


def _set(ext_id, column, value):
    def edit(rows, columns):
        for row in rows:
            if row["ext_id"] == ext_id:
                row[column] = value
        return rows, columns

    return edit


def _drop_column(column):
    def edit(rows, columns):
        return rows, [c for c in columns if c != column]

    return edit


def _line_of(repo, ext_id) -> int:
    lines = (repo / "data" / "external_figures.csv").read_text("utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.startswith(ext_id + ","))


@pytest.mark.parametrize(
    "edit,where,expected",
    [
        (
            _set("ext-08", "value", "三十五"),
            ("ext-08", "value"),
            "expected a number, found '三十五'",
        ),
        (_set("ext-08", "value", "31-35"), ("ext-08", "value"), "a range goes in value_low"),
        (_set("ext-08", "url_kind", "blog"), ("ext-08", "url_kind"), "expected one of official"),
        (_drop_column("source_url"), (None, "source_url"), "missing column 'source_url'"),
        (_set("ext-08", "system", "XYZ"), ("ext-08", "system"), "register the system there"),
        (_set("ext-08", "year", "2024年"), ("ext-08", "year"), "expected a year"),
    ],
    ids=["text-in-number", "range", "unknown-enum", "column-removed", "new-system", "year"],
)
@pytest.mark.clone
def test_make_data_refuses_bad_outside_data_clearly(repo, edit, where, expected):
    tables = {p.name: p.read_bytes() for p in (repo / "data" / "tables").glob("*.csv")}
    original = _edit_external(repo, edit)
    try:
        ext_id, column = where
        line = _line_of(repo, ext_id) if ext_id else 1
        header = original.splitlines()[0].split(",")
        number = header.index(column) + 1
        run = run_in(repo, "tianyuan", "data")
        assert run.returncode == 1
        assert "Traceback" not in run.stderr
        assert f"data/external_figures.csv, line {line}, column {number} ({column})" in run.stderr
        assert expected in run.stderr, run.stderr
        after = {p.name: p.read_bytes() for p in (repo / "data" / "tables").glob("*.csv")}
        assert after == tables  # nothing derived was written
    finally:
        (repo / "data" / "external_figures.csv").write_text(original, "utf-8")


@pytest.mark.clone
def test_the_build_stops_on_bad_data_before_any_page(repo):
    original = _edit_external(repo, _set("ext-13", "confidence", "sure"))
    try:
        run = run_in(repo, "tianyuan", "book", "html")
        assert run.returncode == 1 and "Traceback" not in run.stderr
        assert "data/external_figures.csv, line" in run.stderr and "(confidence)" in run.stderr
        assert not (repo / "_build" / "html" / "zh-Hant").exists()
    finally:
        (repo / "data" / "external_figures.csv").write_text(original, "utf-8")


def test_a_bad_article_figure_is_named_by_line_and_column(tmp_path):
    res = data.resource("article_figures")
    text = res.path.read_text("utf-8").replace("技工貿收入1050.29億元", "技工貿收入1050.92億元", 1)
    line = next(i for i, x in enumerate(text.splitlines(), 1) if "1050.92" in x)
    column = res.column("quote")
    edited = Session(trust=False, overrides={"article_figures": text})
    expected = rf"line {line}, column {column} \(quote\): not a verbatim quote"
    with pytest.raises(DataError, match=expected):
        edited.frame("article_figures")


# --- add a data point ----------------------------------------------------------------------------

NEW_ROW = {
    "ext_id": "ext-900",
    "entity": "zhuzhou-htz",
    "metric": "rank",
    "description": "MIIT national high-tech zone comprehensive evaluation (test row)",
    "system": "MIIT",
    "system_basis": "stated",
    "year": "2025",
    "year_basis": "stated",
    "value": "30",
    "unit": "位",
    "zones_ranked": "178",
    "outlet": "株洲日报",
    "source_url": "http://example.org/2025.html",
    "url_kind": "news",
    "source_date": "2025-12",
    "accessed": "2026-11-26",
    "source_quote": "排名第30名",
    "confidence": "medium",
    "note": "a row the recipe adds",
}


def _with_row(text: str, row: dict) -> str:
    """The CSV `text` with `row` added at the end (columns it does not name left empty)."""
    header = next(csv.reader(io.StringIO(text)))
    out = io.StringIO()
    csv.DictWriter(out, fieldnames=header, lineterminator="\n").writerow(row)
    return text + out.getvalue()


def _ranks_in(repo) -> pd.DataFrame:
    res = data.resource("ranking_history")
    return data.read_table(repo / "data" / "tables" / "ranking_history.csv", res)


@pytest.mark.clone
def test_adding_a_2025_data_point_reaches_the_table_and_the_chart(repo):
    path = repo / "data" / "external_figures.csv"
    original = path.read_text("utf-8")
    path.write_text(_with_row(original, NEW_ROW), "utf-8")
    try:
        run = run_in(repo, "tianyuan", "data")
        assert run.returncode == 0, run.stderr
        table = _ranks_in(repo)
        zone = table[table["entity"] == "zhuzhou-htz"]
        row = zone[(zone["year"] == 2025) & (zone["system"] == "MIIT")]
        assert row["rank"].tolist() == [30] and row["figure_id"].tolist() == ["ext-900"]
        fig = charts.ranking_history(table)
        miit = [t for t in fig.data if "工信部 高新區評價" in t.name and "長沙" not in t.name]
        assert miit and 2025 in list(miit[0].x) and 30 in list(miit[0].y)
    finally:
        path.write_text(original, "utf-8")
        run_in(repo, "tianyuan", "data")


@pytest.mark.clone
def test_a_newly_registered_system_becomes_its_own_series(repo):
    systems = repo / "data" / "ranking_systems.csv"
    before_systems = systems.read_text("utf-8")
    path = repo / "data" / "external_figures.csv"
    original = path.read_text("utf-8")
    systems.write_text(
        before_systems + "NEWRANK,新排行,新排行（測試）,某機構,高新區,national,overall,x,test\n",
        "utf-8",
    )
    path.write_text(_with_row(original, {**NEW_ROW, "system": "NEWRANK"}), "utf-8")
    try:
        assert run_in(repo, "tianyuan", "data").returncode == 0
        table = _ranks_in(repo)
        names = [t.name for t in charts.ranking_history(table).data]
        assert "新排行（測試）" in names
    finally:
        systems.write_text(before_systems, "utf-8")
        path.write_text(original, "utf-8")
        run_in(repo, "tianyuan", "data")


def test_confidence_follows_the_weakest_link():
    """A figure seen only on one unattributed copy is low; a claim is no firmer than the
    figures it rests on; no status says more than 'an outside source supports it'."""
    ext = data.load("external_figures").set_index("ext_id")
    lone = ext[ext["outlet"].str.startswith("未署名") & ext["url_kind"].eq("mirror")]
    assert len(lone) >= 5 and (lone["confidence"] == "low").all(), lone["confidence"].to_dict()
    rank = {"low": 0, "medium": 1, "high": 2}
    for c in data.load("claims").itertuples():
        ids = [e for e in c.external_figures.split(";") if e]
        if c.status == "corroborated":
            # the verdict cannot be firmer than the best figure behind it
            assert rank[c.confidence] <= max(rank[ext.at[e, "confidence"]] for e in ids), c
    ranked = ext[ext["unit"] == "位"]
    assert set(ranked["system_basis"]) <= {"stated", "inferred"}
    assert ext.at["ext-58", "system_basis"] == "inferred"  # names neither ranker nor round
    assert ext.at["ext-71", "year_basis"] == "reported"  # a five-year review, no round named


# --- names are ids; every stated rule refused where the edit was made -----------------------


def test_every_entity_and_metric_is_an_id_of_its_registry():
    entities = set(data.load("entities")["entity"])
    metrics = data.load("metrics").set_index("metric")
    with_entity = [n for n in data.resource_names() if "entity" in data.resource(n).names]
    with_metric = [n for n in data.resource_names() if "metric" in data.resource(n).names]
    for name in with_entity:
        if name.startswith("raw_"):
            continue  # the research as obtained, free text kept
        assert set(data.load(name)["entity"]) <= entities, name
    for name in with_metric:
        if not name.startswith("raw_"):
            assert set(data.load(name)["metric"]) <= set(metrics.index), name
    # every derived table that names an entity carries its names in Chinese and English
    names = data.load("entities").set_index("entity")
    ranks = data.load("ranking_history")
    for row in ranks.itertuples():
        assert (row.entity_zh, row.entity_en) == tuple(
            names.loc[row.entity, ["name_zh_hant", "name_en"]]
        )
    # one unit per metric: every outside row is in its metric's unit
    ext = data.load("external_figures")
    assert (ext["unit"] == metrics.loc[ext["metric"], "unit"].to_numpy()).all()


def test_filtering_by_an_entity_id_finds_every_row_about_it():
    ext = data.load("external_figures")
    changsha = data.about(ext, "changsha-htz")
    assert len(changsha) == 9  # the zone itself, its Lugu park and the comparator rows
    assert set(changsha["entity"]) == {"changsha-htz", "changsha-htz-lugu"}
    assert "changsha-htz-lugu" in data.parts_of("changsha-htz")
    assert len(data.about(ext, "changsha-htz", parts=False)) == 7
    ranks = data.load("ranking_history")
    assert set(data.about(ranks, "changsha-htz")["figure_id"]) == {"ext-03", "ext-19", "ext-71"}


def test_the_loader_returns_typed_columns():
    ext = data.load("external_figures")
    assert str(ext["accessed"].dtype).startswith("datetime64")
    assert str(ext["year"].dtype) == "Int64" and str(ext["zones_ranked"].dtype) == "Int64"
    ranks = data.load("ranking_history")
    assert str(ranks["rank"].dtype) == "Int64"
    approval = ext.set_index("ext_id").loc[["ext-57", "ext-79"], "date"].tolist()
    assert approval == ["1992-11", "1991-03"]  # dates as (partial) dates, not months
    assert (
        data.convert(2.1, "萬億元", "億元") == 21000 and data.convert(3000, "萬元", "億元") == 0.3
    )
    with pytest.raises(ValueError, match="different things"):
        data.convert(1, "億元", "位")


def _line_in(path, start: str) -> int:
    lines = path.read_text("utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.startswith(start))


def _replace_in(path, old: str, new: str) -> str:
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")
    return text


EXT_08 = "ext-08,zhuzhou-htz,rank,"


@pytest.mark.parametrize(
    "file,old,new,start,column,expected",
    [
        # a rank above its denominator (200 of 178)
        ("external_figures", ",35,,,,位,178,", ",200,,,,位,178,", EXT_08, "value", "above the 178"),
        ("external_figures", ",35,,,,位,178,", ",52.7,,,,位,178,", EXT_08, "value", "whole number"),
        ("external_figures", ",35,,,,位,178,", ",-3,,,,位,178,", EXT_08, "value", "1 or more"),
        # a unit the metric does not allow: refused, not dropped from the chart
        (
            "external_figures",
            ",35,,,,位,178,",
            ",35,,,,億元,178,",
            EXT_08,
            "unit",
            "measured in 位",
        ),
        (
            "external_figures",
            "2024-12,2026-11-26",
            "2024-13,2026-11-26",
            EXT_08,
            "source_date",
            "not a date",
        ),
        (
            "external_figures",
            "2024-12,2026-11-26",
            "2024-12,2099-01-01",
            EXT_08,
            "accessed",
            "after today",
        ),
        (
            "external_figures",
            "2024-12,2026-11-26",
            "2024-12,2024-11-30",
            EXT_08,
            "accessed",
            "before the page's date",
        ),
        (
            "external_figures",
            EXT_08,
            "ext-08,zhuzhou,rank,",
            "ext-08,",
            "entity",
            "not in data/entities.csv",
        ),
        ("claims", ",conflicting,high,", ",maybe,high,", "C02,", "status", "expected one of"),
        ("claims", "ext-78;ext-79", "ext-999;ext-79", "C02,", "external_figures", "'ext-999'"),
        ("claims", "C02,core-03,", "C02,lede-77,", "C02,", "paragraph_ids", "'lede-77'"),
        (
            "entities",
            "hunan,湖南省,湖南省,Hunan province,province,,",
            "hunan,湖南省,湖南省,Hunan province,province,zhuzhou-city,",
            "hunan,",
            "parent",
            "circle",
        ),
    ],
    ids=[
        "rank-above-field",
        "fractional-rank",
        "negative-rank",
        "unit",
        "partial-date",
        "accessed-future",
        "accessed-early",
        "unknown-entity",
        "claim-status",
        "claim-ext",
        "claim-paragraph",
        "entity-circle",
    ],
)
@pytest.mark.clone
def test_make_data_refuses_every_stated_rule_at_the_edited_line(
    repo, file, old, new, start, column, expected
):
    path = repo / "data" / f"{file}.csv"
    original = _replace_in(path, old, new)
    try:
        line = _line_in(path, start)
        number = data.resource(file).column(column)
        run = run_in(repo, "tianyuan", "data")
        assert run.returncode == 1 and "Traceback" not in run.stderr
        where = f"data/{file}.csv, line {line}, column {number} ({column})"
        assert where in run.stderr, run.stderr
        assert expected in run.stderr, run.stderr
    finally:
        path.write_text(original, "utf-8")


@pytest.mark.clone
def test_a_rule_seen_in_a_chart_table_is_traced_to_the_input_line(repo):
    """Two outside rows for one zone, system and year make the ranking table's key
    (entity, system, year) repeat: reported at the outside row, not the derived file."""
    path = repo / "data" / "external_figures.csv"
    original = path.read_text("utf-8")
    twin = {**NEW_ROW, "year": "2024", "value": "36", "note": "the same round again"}
    path.write_text(_with_row(original, twin), "utf-8")
    try:
        run = run_in(repo, "tianyuan", "data")
        assert run.returncode == 1 and "Traceback" not in run.stderr
        line = _line_in(path, NEW_ROW["ext_id"] + ",")
        assert f"data/external_figures.csv, line {line}" in run.stderr, run.stderr
        assert "together these columns are the key" in run.stderr
        assert "found in the derived table data/tables/ranking_history.csv" in run.stderr
    finally:
        path.write_text(original, "utf-8")


@pytest.mark.clone
def test_a_composite_key_is_one_key_not_several(repo):
    """conversion_overrides is keyed by (edition, find): the same find in the other edition
    is a different row; twice in one edition is refused."""
    path = repo / "data" / "conversion_overrides.csv"
    original = path.read_text("utf-8")
    first = original.splitlines()[1]
    try:
        path.write_text(original + first.replace("zh-Hant,", "zh-Hans,", 1) + "\n", "utf-8")
        assert run_in(repo, "tianyuan", "data").returncode == 0
        path.write_text(original + first + "\n", "utf-8")
        run = run_in(repo, "tianyuan", "data")
        assert run.returncode == 1
        assert "data/conversion_overrides.csv, line 4" in run.stderr, run.stderr
        assert "edition, find" in run.stderr and "also on line 2" in run.stderr
    finally:
        path.write_text(original, "utf-8")
        run_in(repo, "tianyuan", "data")


LIVE = """
import sys
from pathlib import Path
from tianyuan import data

def miit():
    ranks = data.load("ranking_history")
    row = ranks[(ranks["system"] == "MIIT") & (ranks["entity"] == "zhuzhou-htz")]
    return int(row["rank"].iloc[0])

ext = Path("data/external_figures.csv")
original = ext.read_text("utf-8")
print("before", miit())
ext.write_text(original.replace(",35,,,,位,178,", ",31,,,,位,178,", 1), "utf-8")
print("edited", miit(), data.derived_in_memory())
claims = Path("data/claims.csv")
kept = claims.read_text("utf-8")
claims.write_text(kept.replace(",conflicting,high,", ",maybe,high,", 1), "utf-8")
try:
    data.load("claims")
except data.DataError as err:
    print("refused", err)
claims.write_text(kept, "utf-8")
ext.write_text(original, "utf-8")
print("restored", miit(), data.derived_in_memory())
table = Path("data/tables/ranking_history.csv")
written = table.read_text("utf-8")
table.write_text(written.replace(",2024,stated,35,", ",2024,stated,34,"), "utf-8")
print("table", miit())
table.write_text(written, "utf-8")
"""


@pytest.mark.clone
def test_a_running_kernel_sees_an_edited_csv_at_the_next_load(repo):
    script = repo / "live_edit.py"
    script.write_text(LIVE, "utf-8")
    try:
        run = run_in(repo, "live_edit")
    finally:
        script.unlink()
    assert run.returncode == 0, run.stderr
    out = run.stdout.splitlines()
    assert out[0] == "before 35"
    assert out[1].startswith("edited 31") and "ranking_history" in out[1]  # derived afresh
    assert out[2].startswith("refused data/claims.csv, line 3, column 7 (status)")
    assert out[3] == "restored 35 []"
    assert out[4] == "table 34"  # a chart table edited by hand shows too (until make data)


def test_a_missing_data_folder_says_how_to_point_to_it(tmp_path):
    env = {**os.environ, "TIANYUAN_ROOT": str(tmp_path / "nowhere")}
    code = "from tianyuan import data\ntry:\n    data.load('ranking_history')\n"
    code += "except data.DataError as err:\n    print(err)\n"
    run = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert "TIANYUAN_ROOT" in run.stdout and "export TIANYUAN_ROOT=" in run.stdout
    assert "wheel" in run.stdout


@pytest.mark.clone
def test_the_build_derives_the_tables_itself_when_an_input_changed(repo):
    """Edit the seed (and an outside figure) and build: no request to run make data."""
    seed = repo / "seeds" / SEED_PATH.name
    ext = repo / "data" / "external_figures.csv"
    kept_seed, kept_ext = seed.read_text("utf-8"), ext.read_text("utf-8")
    paragraphs = repo / "data" / "tables" / "paragraphs.csv"
    before = paragraphs.read_text("utf-8")
    try:
        text = kept_seed.replace("會談起什么?", "會談起什么呢?", 1)  # lede-01, no figure
        assert text != kept_seed
        seed.write_text(text, "utf-8")
        ext.write_text(kept_ext.replace(",35,,,,位,178,", ",31,,,,位,178,", 1), "utf-8")
        code = "from tianyuan.build import book; book.check_inputs()"
        run = subprocess.run(
            [sys.executable, "-c", code],
            cwd=repo,
            env={**os.environ, "PYTHONPATH": str(repo / "src")},
            capture_output=True,
            text=True,
        )
        assert run.returncode == 0, run.stderr
        assert "make data" not in run.stderr
        assert "derived afresh" in run.stdout and "tables/paragraphs.csv" in run.stdout
        assert paragraphs.read_text("utf-8") != before
        assert ",31," in (repo / "data" / "tables" / "ranking_history.csv").read_text("utf-8")
        assert run_in(repo, "tianyuan", "data", "--check").returncode == 0
    finally:
        seed.write_text(kept_seed, "utf-8")
        ext.write_text(kept_ext, "utf-8")
        run_in(repo, "tianyuan", "data")


def test_the_ledger_speaks_in_four_honest_verdicts():
    from tianyuan.notebooks.appendix import STATUS_EN, STATUS_LABELS

    verdicts = ["有外部佐證", "與外部資料矛盾", "找不到外部資料", "未查核"]
    assert list(STATUS_LABELS.values()) == verdicts
    assert (
        set(STATUS_LABELS)
        == set(STATUS_EN)
        == set(data.resource("claims").field("status").constraints["enum"])
    )
    assert not any("證實" in label for label in STATUS_LABELS.values())
