"""How the data's coded values read in the book: one place for every label.

Written once, in Traditional, like all our words; converted per edition when shown. The
data files keep the codes (for reuse); a table or chart a reader sees shows these words.
"""

import re

CONFIDENCE = {"high": "高", "medium": "中", "low": "低"}
# A low-confidence figure is never drawn without the chart saying so in these words.
LOW_CONFIDENCE = "低可信度"

VALUE_LABELS = {
    "confidence": CONFIDENCE,
    "url_kind": {
        "official": "官方網站",
        "news": "原刊媒體",
        "archive": "原報存檔",
        "mirror": "轉載網站",
        "repost": "平臺轉貼",
    },
    "year_basis": {
        "stated": "來源明載",
        "inferred": "推斷",
        "derived": "推算",
        "reported": "報導年份（未說明輪次）",
    },
    "system_basis": {"stated": "來源明載", "inferred": "本書推斷"},
    "scope": {"national": "全國", "provincial": "省內"},
    "kind": {"overall": "綜合名次", "indicator": "單項指標", "rating": "星級評定"},
    # a chart's marker as a reader finds it in the legend: its shape, drawn and named
    "symbol": {
        "circle": "● 圓點",
        "square": "■ 方形",
        "square-open": "□ 空心方形",
        "diamond": "◆ 菱形",
        "diamond-wide": "◆ 寬菱形",
        "diamond-open": "◇ 空心菱形",
        "triangle-up": "▲ 三角形",
        "triangle-down": "▼ 倒三角形",
        "cross": "＋ 十字",
        "x": "叉形",
        "pentagon": "五邊形",
        "star": "★ 星形",
    },
    "unit": {"year": "年", "date": "日期"},
}


def period_label(period: str) -> str:
    """A period as the data writes it (2022, 2023H1, to 2022, c.2016, 1992–2011) in words.

    >>> period_label("to 2022"), period_label("c.2016"), period_label("2023H1")
    ('至 2022 年', '約 2016 年', '2023 年上半年')
    """
    text = str(period).strip()
    if m := re.fullmatch(r"to (\d{4})", text):
        return f"至 {m[1]} 年"
    if m := re.fullmatch(r"c\.\s?(\d{4})", text):
        return f"約 {m[1]} 年"
    if m := re.fullmatch(r"(\d{4})H([12])", text):
        return f"{m[1]} 年{'上' if m[2] == '1' else '下'}半年"
    if re.fullmatch(r"\d{4}(–\d{4})?", text):
        return f"{text} 年"
    return text
