"""The print edition's own rules: quotes, table widths, document information."""

from tianyuan.text.article import load_article
from tianyuan.typeset.tex import (
    column_widths,
    curly_quotes,
    html_edition_text,
    hypersetup,
    latin_punctuation,
    latin_tex,
    pdf_info,
    tex_escape,
    trailer_id,
)


def test_straight_quotes_become_opening_and_closing_ones():
    assert curly_quotes("'little giant' firm") == "‘little giant’ firm"
    assert curly_quotes('China\'s "one zone"') == "China’s “one zone”"
    assert curly_quotes("('130-odd days', also)") == "(‘130-odd days’, also)"
    assert curly_quotes("' firm", before="a") == "’ firm"  # closes a quotation begun earlier


def test_quotes_in_latin_text_are_latin_and_in_chinese_stay_chinese():
    english = "the zone’s ‘two leading’ plan"
    assert latin_punctuation(english) == {8, 11, 23}
    chinese = "天元區做實“高新樣本”王牌何在"
    assert latin_punctuation(chinese) == set()
    # no Han inside, but Chinese around: Chinese quotes (the zh-Hans page printed them half-width)
    assert latin_punctuation("市裡說要構建“3+3+2”現代產業體系") == set()
    assert latin_punctuation("the “3+3+2” plan, the cadres’ work") == {4, 10, 28}
    # a Chinese title quoted in English keeps its Chinese quotes; the English ones are Latin
    mixed = "“Where is it?” asks 〈天元區做實“高新樣本”王牌何在？〉"
    assert latin_punctuation(mixed) == {0, 13}


def test_ellipses_and_dashes_are_chinese_where_they_touch_chinese():
    assert latin_punctuation("第一梯隊……這些標籤；前驅體—正極材料") == set()
    assert latin_punctuation("12 條（一度…之多）") == set()
    assert latin_punctuation("dragons-04…(+12), wait — and …") == {10, 23, 29}
    assert latin_tex("a “b” 構建“3”") == r"a {\tianyuanlatin “}b{\tianyuanlatin ”} 構建“3”"


def test_column_widths_keep_short_columns_whole_and_share_the_rest():
    header = ["規則", "說明（英文）", "行"]
    rows = [["spam-above-title", "Every line above the title line is dropped. " * 3, "1"]]
    widths = column_widths(header, rows)
    assert widths[0] >= len("spam-above-title") + 3  # the rule's name is never broken
    assert widths[1] > widths[0] > widths[2]
    # a narrow table keeps each column's natural proportion
    assert column_widths(["年份", "名次"], [["2016", "23"]]) == [5 + 3, 4 + 3]  # Latin a bit wider


def test_pdf_information_per_edition():
    article = load_article()
    hant = pdf_info(article, "zh-Hant", "王牌何在：株洲高新區天元區調查讀本")
    hans = pdf_info(article, "zh-Hans", "王牌何在：株洲高新區天元區調查讀本")
    assert "譚昕吾" in hant["pdfauthor"] and "谭昕吾" in hans["pdfauthor"]
    assert hant["pdflang"] == "zh-Hant" and hans["pdflang"] == "zh-Hans"
    assert trailer_id("zh-Hant", "t") != trailer_id("zh-Hans", "t")


def test_the_html_address_is_printed_only_when_configured():
    assert r"\url{https://example.org/tianyuan/zh-Hant/}" in html_edition_text(
        "zh-Hant", "https://example.org/tianyuan/zh-Hant/"
    )
    beside = html_edition_text("zh-Hant", "")
    assert "http" not in beside and r"zh\sphinxhyphen{}Hant/index.html" in beside
    assert "_build" not in beside  # the reader's words, not the build's


def test_the_web_address_is_a_config_key_empty_by_default(monkeypatch):
    from tianyuan import config as build

    assert build.web_address() == ""  # _config.yml: html.baseurl, empty unless published
    assert build.edition_address("zh-Hans") == ""
    monkeypatch.setattr(build, "web_address", lambda: "https://example.org/tianyuan")
    assert build.edition_address("zh-Hans") == "https://example.org/tianyuan/zh-Hans/"


def test_tex_escape_is_sphinxs_and_escapes_a_backslash_once():
    from sphinx.util.texescape import escape

    assert tex_escape("a\\b") == r"a\textbackslash{}b"  # not a\textbackslash\{\}b
    assert tex_escape("{x}_1 & 50% #2 $3 ~^") == (
        r"\{x\}\_1 \& 50\% \#2 \$3 \textasciitilde{}\textasciicircum{}"
    )
    text = "株洲高新區 [zh-Hant] a\\b {c}"
    assert tex_escape(text) == escape(text, "xelatex")


def test_the_pdf_language_is_a_tag_written_as_it_stands():
    setup = hypersetup({"pdftitle": "a-b", "pdflang": "zh-Hant"})
    assert r"pdftitle={a\sphinxhyphen{}b}" in setup and "pdflang={zh-Hant}" in setup
