"""Chart builders: the right traces and values from the data (asserted, not snapshots)."""

import itertools
import json
import re

import pandas as pd
import pytest

from tianyuan import charts, data
from tianyuan.charts import builders, measure, output, theme
from tianyuan.notebooks import figures
from tianyuan.text.convert import fullwidth_punctuation


@pytest.fixture(autouse=True)
def traditional():
    figures.start("zh-Hant")


def _trace(fig, name_part):
    hits = [t for t in fig.data if (t.name or "").startswith(name_part)]
    if len(hits) > 1:  # a series and its inferred points: the name itself picks one
        hits = [t for t in hits if t.name == name_part]
    assert len(hits) == 1, [t.name for t in fig.data]
    return hits[0]


def test_ranking_history_keeps_systems_apart_and_marks_the_article_rank():
    ranks = data.load("ranking_history")
    fig = charts.ranking_history(ranks)
    star = _trace(fig, "原文排名榜")
    assert list(star.x) == [2016] and list(star.y) == [23]
    most = _trace(fig, "科技部 高新區評價")
    assert list(most.x) == [2014, 2015, 2016] and list(most.y)[:2] == [28, 28]
    assert most.y[2] is None  # 2016's system is our inference: drawn apart, see below
    assert "低可信度" in most.text[0]  # the 2014 rank is derived, low confidence
    guess = _trace(fig, "科技部 高新區評價（評價體系為推斷）")
    assert list(guess.x) == [2015, 2016] and list(guess.y) == [28, 23]
    assert guess.line.dash == "dot" and guess.marker.symbol[-1].endswith("-open")
    assert "共 146 個" in guess.customdata[-1][2]  # the denominator travels with the rank
    assert list(_trace(fig, "賽迪 高質量").y) == [48, 46]
    ccid_am = _trace(fig, "賽迪 先進")
    assert list(ccid_am.x) == [2020, 2021, 2022, 2023, 2024]
    assert pd.isna(ccid_am.y[1]) and [ccid_am.y[i] for i in (0, 2, 3, 4)] == [93, 84, 81, 58]
    for trace in fig.data:  # one system per line
        assert len({row[0] for row in trace.customdata if row[0]}) == 1, trace.name
    assert [s.y0 for s in fig.layout.shapes] == [20.0]  # the top-twenty aspiration
    assert list(fig.layout.yaxis.range) == [105, 0]  # rank 1 on top


def test_ranking_history_draws_only_overall_places_and_shows_inference():
    ranks = data.load("ranking_history")
    fig = charts.ranking_history(ranks)
    drawn = {row[0] for t in fig.data for row in t.customdata if row[0]}
    assert not any("單項" in label for label in drawn)  # one indicator is not a place
    note = fig.layout.title.subtitle.text
    assert "人均技術合同成交額）的第 12 位" in note and "不是綜合名次" in note  # from the row
    guess = _trace(fig, "科技部 高新區評價（評價體系為推斷）")
    assert guess.marker.symbol[-1].endswith("-open") and guess.line.dash == "dot"
    assert "評價體系與年份為本書推斷" in guess.customdata[-1][3]
    reported = ranks.iloc[:1].copy()
    reported[["year_basis", "rank", "year"]] = ["reported", 7, 2030]
    note = charts.ranking_history(pd.concat([ranks, reported])).layout.title.subtitle.text
    assert "第 7 位（2030 年的說法，未說明是哪一輪評價）" in note


def test_ranking_gaps_stay_gaps():
    ranks = data.load("ranking_history")
    sparse = ranks[(ranks["system"] == "MOST") & (ranks["entity"] == "zhuzhou-htz")].copy()
    sparse.loc[sparse.index[0], "year"] = 2012
    trace = charts.ranking_history(sparse).data[0]
    assert list(trace.x) == [2012, 2013, 2014, 2015, 2016]
    assert pd.isna(trace.y[1]) and pd.isna(trace.y[2]) and trace.connectgaps is False


def test_benchmarks_show_year_metric_and_hedge():
    fig = charts.benchmarks(data.load("benchmarks"))
    bar = fig.data[0]
    assert sorted(bar.x) == [1000, 1050.29, 3600, 4000]
    assert "超 3,600 億元" in bar.text and "突破 4,000 億元" in bar.text
    assert any("2011 年 技工貿收入" in name for name in bar.customdata)  # in the hover
    labels = [a.text.replace("<br>", "") for a in fig.layout.annotations]  # above each bar
    assert len(labels) == len(bar.x)
    assert [label.replace(" ", "") for label in labels] == [
        fullwidth_punctuation(name).replace(" ", "") for name in bar.customdata
    ]


def test_suzhou_streaks_and_the_article_claim():
    fig = charts.suzhou_first_place(data.load("suzhou_first_place"))
    assert list(fig.data[0].x) == [2018, 2019, 2020, 2022, 2023, 2024]
    assert list(fig.data[0].y) == [3, 4, 5, 7, 8, 9]
    assert list(fig.data[1].x) == [2022] and list(fig.data[1].y) == [7]
    assert "經開區" in fig.layout.title.text


def test_sector_output_marks_what_is_not_output():
    fig = charts.sector_output(data.load("sector_output"))
    bar = fig.data[0]
    assert list(bar.y) == [247, 221, 100, 50]
    assert list(bar.marker.pattern.shape) == ["", "", "/", "/"]
    # bars the note says cannot be compared are not ranked by the title
    assert "跑在前面" not in fig.layout.title.text and "不是同一件事" in fig.layout.title.text


def test_alt_texts_are_written_from_the_data():
    """A text alternative states the numbers the table holds now, not when it was typed."""
    ranks = data.load("ranking_history")
    alt = charts.describe.ranking_history(ranks)
    assert "2024 年第 58 位" in alt and "2016 年第 23 位（評價體系與年份為本書推斷）" in alt
    newer = ranks[ranks["system"] == "CCID-AM"].iloc[[-1]].assign(year=2025, rank=41)
    assert "2025 年第 41 位" in charts.describe.ranking_history(pd.concat([ranks, newer]))
    speed = charts.describe.construction_speed(data.load("construction_speed"))
    assert "130余天" in speed and "不畫成長條" in speed
    firms = charts.describe.specialised_firms(data.load("specialised_firms"))
    assert "148 家以上" in firms and "26 家" in firms


def test_specialised_firms_shares_and_counts():
    fig = charts.specialised_firms(data.load("specialised_firms"))
    assert sorted(fig.data[0].x) == [12, 14, 16, 24, 34]
    subtitle = fig.layout.title.subtitle.text
    assert "148 家" in subtitle and "26 家" in subtitle


def test_supporting_rates_and_chains():
    assert list(charts.supporting_rates(data.load("supporting_rates")).data[0].y) == [30, 20, 60]
    fig = charts.industrial_chains(data.load("industrial_chains"))
    assert list(fig.data[0].y) == [12]
    assert list(fig.data[1].text) == ["新能源汽車", "新能源裝備"]
    assert list(fig.data[2].text) == ["新材料", "電子信息"]


def test_chain_diagram_holds_every_stage():
    stages = data.load("chain_stages")
    hsinchu = stages[stages["chain"].str.startswith("臺灣")]
    fig = charts.chain_diagram(hsinchu, "t")
    texts = " ".join(a.text for a in fig.layout.annotations)
    for stage in ("IC設計", "晶圓生產", "封裝測試", "設備材料"):
        assert stage in texts
    assert sum(1 for a in fig.layout.annotations if a.showarrow) == 3


def test_construction_speed_days_and_areas():
    fig = charts.construction_speed(data.load("construction_speed"))
    assert sorted(fig.data[0].x) == [30, 60, 91, 120, 130, 420]
    # floor area, plant area and a site's area are said, never drawn on one scale
    areas = fig.data[1]
    assert areas.type == "scatter" and areas.mode == "text" and set(areas.x) == {0}
    assert "超 20 萬㎡" in areas.text and "130余 天" in fig.data[0].text
    assert "閒置" not in fig.layout.title.text  # the title compares days only


def test_timeline_has_every_event_in_order():
    events = data.load("timeline")
    fig = charts.timeline(events, "t")
    assert sum(len(t.x) for t in fig.data) == len(events)
    rows = sorted(fig.layout.annotations, key=lambda a: a.y)  # each event's line, top down
    assert len(rows) == len(events)
    assert rows[0].text.startswith("1974") and rows[-1].text.startswith("2023")
    lanes = sorted(y for t in fig.data for y in t.y)  # each marker under its own line
    for row, lane, next_row in zip(rows, lanes, rows[1:], strict=False):
        assert row.y < lane < next_row.y


def test_cadres_and_headline_numbers():
    fig = charts.cadre_profile(data.load("cadre_profile"))
    assert list(fig.data[0].y) == [93, 92, 70] and "536" in fig.layout.title.subtitle.text
    rows = data.article_rows("road-06.1", "road-06.2").assign(label=["a", "b"])
    assert [t.value for t in charts.headline_numbers(rows, "t").data] == [10.8, 1]


def test_localise_converts_labels_for_the_simplified_edition():
    figures.start("zh-Hans")
    fig = figures.localise(charts.supporting_rates(data.load("supporting_rates")))
    assert fig.layout.title.text == "本地配套率：株洲高新区与宁德"
    assert "株洲高新区 新能源汽车" in list(fig.data[0].x)


def test_source_line_lists_paragraphs_and_urls():
    figures.start("zh-Hant")
    ranks = data.load("ranking_history")
    line = figures.source_line(ranks)
    assert "{ref}`core-06 <core-06>`" in line
    assert "[紅網](https://zz.rednet.cn/content/646842/58/14181494.html)" in line
    assert "轉載於 [www.hunanzxsheng.com](" in line and "原刊 鳳凰新聞" in line
    assert "可信度：低" in line


def test_a_table_without_sources_cannot_be_plotted():
    with pytest.raises(ValueError, match="needs a source column"):
        figures.source_line(pd.DataFrame({"x": [1]}))
    with pytest.raises(ValueError, match="rows without any source"):
        figures.source_line(pd.DataFrame({"paragraph_id": ["core-05", ""], "v": [1, 2]}))


def test_low_confidence_must_be_said_on_the_chart():
    ranks = data.load("ranking_history")
    fig = charts.supporting_rates(data.load("supporting_rates"))  # says nothing about confidence
    with pytest.raises(ValueError, match="低可信度"):
        figures._check_low_confidence_is_said("x", fig, ranks)
    figures._check_low_confidence_is_said("x", charts.ranking_history(ranks), ranks)


def test_chart_output_for_the_book_has_html_png_json_and_text():
    fig = charts.supporting_rates(data.load("supporting_rates"))
    bundle = output.ChartOutput(
        "fig-x", fig, "替代文字", "zh-Hant", for_book=True
    )._repr_mimebundle_()
    assert set(bundle) == {"text/html", "image/png", "text/plain", output.PLOTLY_MIME}
    assert (
        'aria-label="替代文字"' in bundle["text/html"] and 'id="fig-x-plot"' in bundle["text/html"]
    )
    assert "cdn" not in bundle["text/html"].lower() and "<script src" not in bundle["text/html"]
    assert bundle["image/png"].startswith("iVBORw0KGgo")  # base64 of the PNG signature
    assert json.loads(json.dumps(bundle["text/plain"])) == "替代文字"


def test_chart_output_run_by_hand_is_plotly_json_without_a_browser():
    """In JupyterLab, VS Code or the in-browser notebooks: the figure itself, no kaleido."""
    fig = charts.supporting_rates(data.load("supporting_rates"))
    bundle = output.ChartOutput("fig-x", fig, "替代文字", "zh-Hant")._repr_mimebundle_()
    assert set(bundle) == {output.PLOTLY_MIME, "text/plain"}
    spec = bundle[output.PLOTLY_MIME]
    assert spec["data"][0]["type"] == "bar" and list(spec["data"][0]["y"]) == [30, 20, 60]
    assert spec["config"]["modeBarButtons"] == [["toImage", "resetScale2d"]]


@pytest.mark.parametrize("edition,region", [("zh-Hant", "TC"), ("zh-Hans", "SC")])
def test_chart_images_use_the_editions_regional_glyphs(edition, region):
    """骨 直 令 are drawn differently by the JP, SC and TC faces: the edition's image must
    match its own region's face pixel for pixel, and differ from the others."""
    import plotly.graph_objects as go

    def render(family=None):
        fig = go.Figure(layout=dict(title="骨直令", width=200, height=120))
        if family:
            fig.update_layout(font_family=family)
        return output.static_png(fig)

    figures.start(edition)
    ours = render()
    assert ours == render(f"Noto Sans CJK {region}")
    for other in {"TC", "SC", "JP"} - {region}:
        assert ours != render(f"Noto Sans CJK {other}"), other


# --- two widths, the page and print ---------------------------------------------------------

BUILDERS = {
    "ranking_history": lambda: charts.ranking_history(data.load("ranking_history")),
    "benchmarks": lambda: charts.benchmarks(data.load("benchmarks")),
    "suzhou": lambda: charts.suzhou_first_place(data.load("suzhou_first_place")),
    "chains": lambda: charts.industrial_chains(data.load("industrial_chains")),
    "supporting": lambda: charts.supporting_rates(data.load("supporting_rates")),
    "sectors": lambda: charts.sector_output(data.load("sector_output")),
    "specialised": lambda: charts.specialised_firms(data.load("specialised_firms")),
    "speed": lambda: charts.construction_speed(data.load("construction_speed")),
    "timeline": lambda: charts.timeline(data.load("timeline"), "t"),
    "cadres": lambda: charts.cadre_profile(data.load("cadre_profile")),
}


def _apply_narrow(spec: dict) -> dict:
    """What lazy-charts.js does with layout.meta.narrow before drawing (its `adapt`)."""
    spec = json.loads(json.dumps(spec))
    changes = spec["layout"]["meta"]["narrow"]

    def put(target, paths):
        for path, value in paths.items():
            *keys, last = path.split(".")
            node = target
            for key in keys:
                node = node[int(key)] if isinstance(node, list) else node.setdefault(key, {})
            node[last] = value

    for path, value in changes.get("layout", {}).items():
        put(spec["layout"], {path: value})
    for index, paths in changes.get("traces", {}).items():
        put(spec["data"][int(index)], paths)
    return spec


def _without_nulls(value):
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


@pytest.mark.parametrize("name", BUILDERS)
def test_the_narrow_layout_the_page_applies_is_the_phone_figure(name):
    wide = BUILDERS[name]()
    assert wide.layout.meta["narrow"], name
    phone = {
        "ranking_history": lambda: charts.ranking_history(
            data.load("ranking_history"), narrow=True
        ),
        "benchmarks": lambda: charts.benchmarks(data.load("benchmarks"), narrow=True),
        "suzhou": lambda: charts.suzhou_first_place(data.load("suzhou_first_place"), narrow=True),
        "chains": lambda: charts.industrial_chains(data.load("industrial_chains"), narrow=True),
        "supporting": lambda: charts.supporting_rates(data.load("supporting_rates"), narrow=True),
        "sectors": lambda: charts.sector_output(data.load("sector_output"), narrow=True),
        "specialised": lambda: charts.specialised_firms(
            data.load("specialised_firms"), narrow=True
        ),
        "speed": lambda: charts.construction_speed(data.load("construction_speed"), narrow=True),
        "timeline": lambda: charts.timeline(data.load("timeline"), "t", narrow=True),
        "cadres": lambda: charts.cadre_profile(data.load("cadre_profile"), narrow=True),
    }[name]()
    applied = _apply_narrow(output.plain_json(wide.to_dict()))
    expected = output.plain_json(phone.to_dict())
    for spec in (applied, expected):
        spec["layout"].pop("meta", None)
        spec["layout"].pop("template", None)
    assert _without_nulls(applied["layout"]) == _without_nulls(expected["layout"])
    assert _without_nulls(applied["data"]) == _without_nulls(expected["data"])
    assert phone.layout.font.size == 12 and phone.layout.dragmode is False


def test_ranking_on_a_phone_has_fewer_years_and_short_labels_and_the_legend_below():
    ranks = data.load("ranking_history")
    wide, phone = charts.ranking_history(ranks), charts.ranking_history(ranks, narrow=True)
    assert wide.layout.xaxis.dtick == 1 and phone.layout.xaxis.dtick == 2
    most = next(t for t in phone.data if t.name.startswith("科技部"))
    assert list(most.text) == ["28", "28", ""]  # 2016 is said once, by the article's star
    assert "低可信度" in next(t for t in wide.data if t.name.startswith("科技部")).text[0]
    assert phone.layout.legend.y < 0 and wide.layout.legend.y < 0


def test_horizontal_bars_carry_their_labels_above_them():
    fig = charts.construction_speed(data.load("construction_speed"))
    tops = sorted(a.y for a in fig.layout.annotations if not a.text.startswith("<b>"))
    centres = sorted([*fig.data[0].y, *fig.data[1].y])
    assert len(tops) == len(centres) == 9
    for top, centre in zip(tops, centres, strict=True):  # label, then its bar below it
        assert top < centre - builders.BAR_PX / 2
    assert fig.layout.yaxis.range[0] > max(centres)  # px from the top, reversed
    # days left, areas right, each on its own scale; on a phone the areas below the days
    assert fig.layout.xaxis.domain[1] < fig.layout.xaxis2.domain[0]
    phone = charts.construction_speed(data.load("construction_speed"), narrow=True)
    assert phone.layout.xaxis2.domain == (0, 1) and min(phone.data[1].y) > max(phone.data[0].y)


def test_the_page_shows_title_and_note_as_html_and_draws_on_no_white_ground():
    fig = figures.localise(charts.specialised_firms(data.load("specialised_firms")))
    page = output.chart_html("fig-x", fig, "替代文字", "zh-Hant")
    assert '<p class="chart-title">專精特新企業的產業分佈（2022）</p>' in page
    note = re.search(r'<p class="chart-subtitle">([^<]+)</p>', page).group(1)
    assert "148 家" in note and "「其他」為 100% 減去原文四項之和" in note
    # the call waits, inert, for lazy-charts.js to fetch plotly.js
    call = re.search(rf'<script type="{output.CHART_SCRIPT_TYPE}">(.*?)</script>', page, re.S)
    call = call.group(1)
    spec = json.loads(
        re.search(r'Plotly\.newPlot\("fig-x-plot",(\[.*\]),(\{.*\}),\{', call)
        .group(2)
        .replace("\\u003c", "<")
    )
    assert not spec.get("title", {}).get("text")
    assert spec["paper_bgcolor"] == spec["plot_bgcolor"] == "rgba(0,0,0,0)"
    assert spec["meta"]["narrow"]["below"] == output.NARROW_PX
    assert "軌道交通" in call and "\\u8ecc" not in call  # characters, not escapes
    web = output.web_figure(fig)  # the plot keeps its height, less the title's room
    assert fig.layout.height - fig.layout.margin.t == web.layout.height - web.layout.margin.t


def test_chains_are_an_html_flow_on_the_page_and_an_image_in_print():
    stages = data.load("chain_stages")
    changsha = stages[stages["chain"].str.startswith("長沙")]
    fig = figures.localise(charts.chain_diagram(changsha, "長沙"))
    page = output.chart_html("fig-x", fig, "替代文字", "zh-Hant")
    assert "plotly-graph-div" not in page and 'data-chart-state="drawn"' in page
    assert page.count('<ol class="flow-steps">') == 2
    assert page.count('class="flow-box"') == len(changsha)
    parallel = re.findall(r'<ul class="flow-parallel">(.*?)</ul>', page)
    assert re.findall(r'flow-box">([^<]+)<', parallel[0]) == ["正負極材料", "電解液", "隔膜"]
    arrows = [a for a in fig.layout.annotations if a.showarrow]
    assert len(arrows) == sum(changsha.groupby("chain")["step"].nunique() - 1)
    boxes = [s for s in fig.layout.shapes if s.type == "rect"]
    for a, b in itertools.pairwise(boxes):  # no two boxes of the image overlap
        assert a.x1 <= b.x0 or b.x1 <= a.x0 or a.y1 <= b.y0 or b.y1 <= a.y0


def test_simplified_edition_chart_words_and_toolbar(tmp_path):
    figures.start("zh-Hans")
    stages = data.load("chain_stages")
    fig = figures.localise(
        charts.chain_diagram(stages[stages["chain"].str.startswith("臺灣")], "t")
    )
    page = output.chart_html("fig-x", fig, "替代文字", "zh-Hans")
    assert "集成电路" in page and "積體" not in page and "集成電路" not in page
    config = output.plotly_config("fig-x", "zh-Hans")
    assert config["locales"]["zh-CN"]["dictionary"]["Download plot as a PNG"] == "下载图片（PNG）"
    assert config["modeBarButtons"] == [["toImage", "resetScale2d"]]


def test_print_figure_draws_title_and_wrapped_note_at_print_width():
    fig = charts.ranking_history(data.load("ranking_history"))
    printed = output.print_figure(fig)
    assert printed.layout.width == output.PNG_SIZE["width"]
    assert printed.layout.title.text == fig.layout.title.text
    lines = printed.layout.title.subtitle.text.split("<br>")
    assert len(lines) >= 2 and all(
        measure.text_px(line, 13) <= output.PNG_SIZE["width"] - 16 for line in lines
    )
    template_top = fig.layout.template.layout.margin.t  # the builder left the top to the template
    assert printed.layout.height - printed.layout.margin.t == fig.layout.height - template_top


def test_print_legibility_is_computed_from_sizes():
    import plotly.graph_objects as go

    fig = go.Figure(go.Bar(x=[1], y=[1]), layout=dict(height=540, font_size=12))
    pt, dpi = output.print_legibility(fig)
    assert dpi == pytest.approx(1440 / output.PRINT_WIDTH_IN)
    assert pt == pytest.approx(12 * output.PRINT_WIDTH_IN * 72 / 720)
    tall = go.Figure(go.Bar(x=[1], y=[1]), layout=dict(height=2400, font_size=12))
    assert output.print_legibility(tall)[0] < pt  # the PDF shrinks a page-high image
    small = go.Figure(go.Bar(x=[1], y=[1], textfont_size=9), layout=dict(font_size=12))
    assert output.print_legibility(small)[0] < output.MIN_PRINT_PT


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_text_in_bars_reads_across_never_sideways(name):
    """Plotly turns a label that is too long for its bar by 90°, and Chinese then reads
    sideways: every bar label is set at 0°, on the phone layout too."""
    wide = BUILDERS[name]()
    default = wide.layout.template.data.bar[0].textangle
    phone = _apply_narrow(output.plain_json(wide.to_dict()))
    for spec in (output.plain_json(wide.to_dict()), phone):
        for trace in spec["data"]:
            if trace.get("type") == "bar" and trace.get("text") is not None:
                assert trace.get("textangle", default) == 0, (name, trace.get("name"))


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_a_vertical_axis_title_is_set_level_above_the_axis(name):
    """Plotly turns a y-axis title 90°: Chinese would read sideways. Each chart's y title
    is a level annotation above the plot (desktop, phone and print), with room made for it
    above the plot and under a legend drawn on top."""
    wide = BUILDERS[name]()
    phone = _apply_narrow(output.plain_json(wide.to_dict()))
    for spec in (output.plain_json(wide.to_dict()), phone):
        assert not spec["layout"].get("yaxis", {}).get("title", {}).get("text"), name
        for note in spec["layout"].get("annotations") or []:
            assert note.get("textangle", 0) == 0, (name, note.get("text"))
    levelled = [a for a in wide.layout.annotations if a.name == theme.AXIS_TITLE_NAME]
    if name in ("ranking_history", "suzhou", "chains", "supporting", "sectors", "cadres"):
        assert len(levelled) == 1 and re.search(r"[\u4e00-\u9fff]", levelled[0].text), name
        assert levelled[0].yanchor == "bottom" and levelled[0].y == 1
        for drawn in (output.web_figure(wide), output.print_figure(wide)):
            assert drawn.layout.margin.t >= theme.AXIS_TITLE_PX, name
        if wide.layout.legend.y is not None and wide.layout.legend.y >= 1:
            assert wide.layout.legend.y > 1.03, name  # moved up over the axis title


def test_the_english_chart_sets_its_axis_title_level_too():
    fig = charts.supporting_rates(data.load("supporting_rates"), lang="en")
    levelled = [a.text for a in fig.layout.annotations if a.name == theme.AXIS_TITLE_NAME]
    assert levelled and re.search(r"[A-Za-z]{4}", levelled[0]) and not fig.layout.yaxis.title.text
