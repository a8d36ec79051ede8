"""How the data's coded values read in the book: one place for every label.

Written once, in Traditional, like all our words; converted per edition when shown. The
data files keep the codes (for reuse); a table or chart a reader sees shows these words.
"""

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
    "year_basis": {"stated": "來源明載", "inferred": "推斷", "derived": "推算"},
    "scope": {"national": "全國", "provincial": "省內"},
}
