"""Data: every figure traced to its sentence, documented, validated; derived tables current."""

import re
import shutil

import pandas as pd
import pytest

from tianyuan import data, datasets
from tianyuan.data import SCHEMAS, DataError, read_csv, read_value
from tianyuan.paths import DATA, SEED_PATH


def test_every_csv_validates():
    counts = data.validate_all()
    assert counts["article_figures"] == 96
    assert counts["raw/external_figures"] == 57 == counts["external_figures"]


def test_derived_tables_are_up_to_date():
    assert datasets.main(["--check"]) == 0


def test_quotes_are_verbatim_seed_text_and_ids_unique():
    seed = SEED_PATH.read_text("utf-8")
    figs = data.load("article_figures")
    assert figs["id"].is_unique
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


def test_ranking_systems_are_separate_series():
    ranks = data.load("ranking_history")
    article = ranks[ranks["system"] == "article"].iloc[0]
    assert (article["year"], article["rank"], article["paragraph_id"]) == (2016, 23, "core-06")
    ccid = ranks[ranks["system"].str.startswith("CCID")]
    assert set(zip(ccid["system"], ccid["year"], ccid["rank"], strict=True)) == {
        ("CCID", 2023, 48),
        ("CCID", 2024, 46),
        ("CCID-AM", 2023, 81),
        ("CCID-AM", 2024, 58),
    }
    assert set(ranks["scope"]) == {"national", "provincial"}


def test_the_1992_month_conflict_is_recorded():
    t = data.load("timeline")
    months = t[t["date"].str.startswith("1992-")]
    assert sorted(months["date"]) == ["1992-11", "1992-12"]
    assert (months["confidence"] == "medium").all()


def test_outside_rows_keep_url_date_and_confidence():
    ext = data.load("external_figures")
    assert (ext["source_url"] != "").all() and set(ext["confidence"]) == {"high", "medium", "low"}


def test_claims_ledger_covers_the_headline_claims():
    claims = data.load("claims").set_index("claim_id")
    assert claims.at["C01", "article_figures"].startswith("core-06.1")
    assert claims.at["C03", "status"] == "different system"
    assert set(claims["status"]) <= data.CLAIM_STATUS


def _documented_columns() -> dict[str, set[str]]:
    text = (DATA / "README.md").read_text("utf-8")
    docs: dict[str, set[str]] = {}
    current = None
    for line in text.splitlines():
        m = re.match(r"^## `([^`]+)`", line)
        if m:
            current = m.group(1)
            docs[current] = set()
        elif line.startswith("## Source columns"):
            current = "tables/*"
            docs[current] = set()
        elif current and line.startswith("| ") and not line.startswith("| Column"):
            for name in line.split("|")[1].split(","):
                docs[current].add(name.strip())
    return docs


def test_every_column_of_every_csv_is_documented():
    docs = _documented_columns()
    files = sorted(DATA.rglob("*.csv"))
    assert len(files) >= 16
    for path in files:
        rel = path.relative_to(DATA).as_posix()
        assert rel in docs, f"{rel} has no section in data/README.md"
        known = docs[rel] | (docs["tables/*"] if rel.startswith("tables/") else set())
        missing = [c for c in pd.read_csv(path, nrows=0).columns if c not in known]
        assert not missing, (rel, missing)


# --- broken input is reported with file, row and column -----------------------------


@pytest.fixture
def broken(tmp_path):
    def make(edit):
        src = DATA / "article_figures.csv"
        df = pd.read_csv(src, dtype=str, keep_default_na=False)
        df = edit(df)
        path = tmp_path / "article_figures.csv"
        df.to_csv(path, index=False)
        return path

    return make


def _fails(path, pattern):
    with pytest.raises(DataError, match=pattern):
        read_csv(path, SCHEMAS["article_figures"])


def test_missing_column(broken):
    _fails(
        broken(lambda d: d.drop(columns=["quote"])),
        r"article_figures\.csv, column 'quote': missing",
    )


@pytest.mark.parametrize(
    "row,column,value,message",
    [
        (4, "value", "1050,29", r"row 6, column 'value': expected a number, found '1050,29'"),
        (0, "unit", "bn", r"row 2, column 'unit': unknown unit 'bn'"),
        (2, "paragraph_id", "lede-99", r"row 4, column 'paragraph_id': no paragraph 'lede-99'"),
        (8, "quote", "技工貿收入1050.92億元", r"row 10, column 'quote': not a verbatim quote"),
        (8, "value", "1050.3", r"row 10, column 'value': 1050.3 cannot be read"),
        (1, "id", "lede-03.1", r"row 3, column 'id': duplicate id"),
    ],
    ids=[
        "text-in-number",
        "unknown-unit",
        "dangling-paragraph",
        "quote-not-in-seed",
        "value-not-in-quote",
        "duplicate-id",
    ],
)
def test_a_bad_cell_is_named_by_row_and_column(broken, row, column, value, message):
    def edit(d):
        d.loc[row, column] = value
        return d

    _fails(broken(edit), message)


def test_check_mode_notices_a_stale_table(tmp_path, monkeypatch):
    copy = tmp_path / "tables"
    shutil.copytree(datasets.TABLES, copy)
    (copy / "benchmarks.csv").write_text("entity\n", "utf-8")
    monkeypatch.setattr(datasets, "TABLES", copy)
    assert datasets.main(["--check"]) == 1
