"""Data: one described, validated package; every figure traced to its sentence or its page;
bad data refused with file, line and column; a new data point reaches the chart."""

import csv
import io
import re

import pandas as pd
import pytest
from conftest import copy_repository, run_in

from tianyuan import charts, data
from tianyuan.data import DataError, read_value
from tianyuan.data import derive as datasets
from tianyuan.data import migration as external_migration
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
    assert datasets.readme_text(text) == text  # make data would not change it


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
        text = raw.at[n - 1, "value"].lstrip(">")
        assert ext.at[f"ext-{n:02d}", "value"] == float(text), n


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
    most = ranks[(ranks["system"] == "MOST") & (ranks["entity"] == "株洲高新區")]
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
    frame = data.read_table(res.path, res, text=text)
    with pytest.raises(DataError, match=rf"line {line}, column 12 \(quote\): not a verbatim quote"):
        data.check(frame, res)


# --- add a data point ----------------------------------------------------------------------------

NEW_ROW = (
    "ext-91,株洲高新区,MIIT national high-tech zone comprehensive evaluation (test row),"
    "MIIT,stated,2025,stated,30,,,,位,178,株洲日报,http://example.org/2025.html,news,2025-12,"
    "2026-11-26,排名第30名,medium,a row the recipe adds\n"
)


def _ranks_in(repo) -> pd.DataFrame:
    res = data.resource("ranking_history")
    return data.read_table(repo / "data" / "tables" / "ranking_history.csv", res)


@pytest.mark.clone
def test_adding_a_2025_data_point_reaches_the_table_and_the_chart(repo):
    path = repo / "data" / "external_figures.csv"
    original = path.read_text("utf-8")
    path.write_text(original + NEW_ROW, "utf-8")
    try:
        run = run_in(repo, "tianyuan", "data")
        assert run.returncode == 0, run.stderr
        table = _ranks_in(repo)
        row = table[(table["year"] == 2025) & (table["system"] == "MIIT")]
        assert row["rank"].tolist() == [30] and row["figure_id"].tolist() == ["ext-91"]
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
    path.write_text(original + NEW_ROW.replace(",MIIT,", ",NEWRANK,"), "utf-8")
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
