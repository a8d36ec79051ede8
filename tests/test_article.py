"""The article model: structure, metadata and the named cleaning rules."""

import pytest

from tianyuan.paths import SEED_PATH
from tianyuan.text.article import CLEANING_RULES, SECTIONS, ArticleError, parse, read_article

SPAM = "亚洲日韩AV无码中文字幕美国"


def test_body_has_79_paragraphs_in_six_parts(article):
    counts = {s.slug: len(s.paragraphs) for s in article.sections}
    assert counts == {"lede": 10, "core": 21, "dragons": 19, "crisis": 13, "road": 11, "stones": 5}
    assert len(article.paragraphs) == 79


def test_headings_in_order_with_the_stray_space_removed(article):
    assert [s.heading for s in article.sections] == [
        None,
        "核心區的核心在哪里",
        "群龍尋首",
        "危機升級",
        "任重道遠",
        "他山之石",
    ]
    assert [s.slug for s in article.sections] == [slug for slug, _ in SECTIONS]


def test_paragraph_ids_are_stable_and_unique(article):
    ids = [p.pid for p in article.paragraphs]
    assert len(set(ids)) == 79
    assert ids[:2] == ["lede-01", "lede-02"] and ids[-1] == "stones-05"
    assert article.paragraph("core-05").text.startswith("歷經19年耕耘,2011年")
    assert article.paragraph("core-05").line == 40


def test_metadata(article):
    assert article.title == "天元區做實“高新樣本”王牌何在?"
    assert article.subtitle == "株洲縣區發展大型新聞調查之四"
    assert (article.date, article.time) == ("2023-11-15", "11:34:59")
    assert article.source == "株洲高新區(天元區)融媒體中心"
    assert article.editor == "王珈"
    assert article.authors == ("譚昕吾", "王娜")
    assert article.views == 14527
    assert article.captions == ("2023CTCC中國汽車場地職業聯賽", "精密級光釬陀螺產業化項目基地")


def test_credits_block(article):
    assert article.credits[0] == "(本版圖片由天元區宣傳部提供)"
    assert article.credits[-1].startswith("版權作品,未經授權嚴禁轉載")
    assert article.credit_fields["責編"] == "王珈"
    assert article.credit_fields["初審"] == article.credit_fields["二審"] == "周陽"
    assert article.credit_fields["終審"] == "王珈"
    assert len(article.credits) == 5


def test_each_cleaning_rule_is_documented_and_the_dropped_lines_are_recorded(article):
    rules_used = {rule for _, rule, _ in article.dropped}
    assert rules_used <= set(CLEANING_RULES)
    dropped = {rule: (line, text) for line, rule, text in article.dropped}
    assert dropped["spam-above-title"][0] == 1 and SPAM in dropped["spam-above-title"][1]
    assert dropped["page-debris"] == (188, "  下載APP")
    assert dropped["heading-stray-space"] == (166, "他山 之石")


def test_spam_and_debris_reach_no_part_of_the_model(article):
    everything = "\n".join(
        [article.title, article.subtitle, *article.captions, *article.credits]
        + [p.text for p in article.paragraphs]
    )
    assert SPAM not in everything and "无码" not in everything
    assert "下載APP" not in everything


def test_body_words_are_the_seed_lines_unchanged(article):
    seed_lines = SEED_PATH.read_text("utf-8").splitlines()
    for p in article.paragraphs:
        assert seed_lines[p.line - 1] == p.text  # no trailing space in the body lines


def test_select_by_range_and_section(article):
    assert [p.pid for p in article.select("core-03:core-05")] == ["core-03", "core-04", "core-05"]
    assert len(article.select("stones")) == 5
    with pytest.raises(KeyError):
        article.select("core-05:core-03")
    with pytest.raises(KeyError):
        article.select("core-99")


# --- bad input: a clear error naming file, line and expectation ------------------------


def _seed_lines():
    return SEED_PATH.read_text("utf-8").splitlines()


def _write(tmp_path, lines):
    path = tmp_path / "seed.txt"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def test_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"\n\n")
    with pytest.raises(ArticleError, match=r"empty\.txt: expected the article's text, found an"):
        read_article(path)


def test_not_utf8_names_the_line(tmp_path):
    raw = SEED_PATH.read_bytes().split(b"\n")
    raw[9] = raw[9].decode("utf-8").encode("gb18030")
    path = tmp_path / "gbk.txt"
    path.write_bytes(b"\n".join(raw))
    with pytest.raises(UnicodeDecodeError) as bad:
        raw[9].decode("utf-8")
    column, byte = bad.value.start + 1, raw[9][bad.value.start]
    with pytest.raises(ArticleError) as err:
        read_article(path)
    assert str(err.value).endswith(
        f"gbk.txt, line 10, column {column}: not UTF-8: "
        f"expected UTF-8 text, found the byte 0x{byte:02x}"
    )


def test_no_title(tmp_path):
    lines = [ln for ln in _seed_lines() if not ln.startswith("2023-11-15")]
    with pytest.raises(ArticleError, match="no title found: expected a title line followed by"):
        read_article(_write(tmp_path, lines))


def test_missing_heading(tmp_path):
    lines = [ln for ln in _seed_lines() if ln != "危機升級"]
    with pytest.raises(
        ArticleError, match=r"seed\.txt, line .*'任重道遠' out of order; expected '危機升級'"
    ):
        read_article(_write(tmp_path, lines))


def test_last_heading_missing(tmp_path):
    lines = [ln for ln in _seed_lines() if ln != "他山 之石"]
    with pytest.raises(
        ArticleError, match=r"missing section heading '他山之石': expected 5 headings, found 4"
    ):
        read_article(_write(tmp_path, lines))


def test_unexpected_heading_names_its_line(tmp_path):
    lines = _seed_lines()
    lines[73] = "群龍無首"  # line 74 holds 群龍尋首
    with pytest.raises(
        ArticleError, match=r"seed\.txt, line 74: unexpected section heading '群龍無首'"
    ):
        read_article(_write(tmp_path, lines))


def test_parse_from_string_needs_no_file():
    art = parse(SEED_PATH.read_text("utf-8"))
    assert len(art.paragraphs) == 79
