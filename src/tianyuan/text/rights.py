"""What this book may do with the article, said once, in our words (Traditional).

The article's own notice forbids reprinting without authorisation and, once authorised,
asks for the source, original title and authors and unaltered core content. The book
records no authorisation, so naming the source is not enough and we never imply it is.
Every place that states the rights (the front page, the PDF's title verso and colophon,
the handout, the teaching note) takes these sentences and the notice from here and from
the seed (`Article.notice`), never retyped.
"""

from __future__ import annotations

from tianyuan.text.article import Article
from tianyuan.text.convert import display, ours

REPRODUCTION = (
    "本書為閱讀、研究與教學而完整收錄原文，並沒有記錄任何授權；註明出處不等於得到授權。"
    "任何人要公開發布或轉發本書建置出的網頁、PDF 或講義，都須先向{publisher}取得授權。"
)
NO_ADDRESS = "本書所據的網頁存檔沒有記下原文網頁的網址，所以本書無法連到原文。"
LICENCES = (
    "本書自己的評註、圖說、圖表、討論題、詞彙表、講義與整理的資料以 CC BY 4.0 授權，"
    "程式碼以 MIT 授權；原文不屬於這兩種授權，著作權屬於{publisher}。"
)


def notice(article: Article, edition: str) -> str:
    """The article's copyright notice as the edition sets the article's words."""
    return display(article.notice, edition)


def statement(text: str, article: Article, edition: str) -> str:
    """One of the sentences above in the edition, the publisher named as the article does."""
    return ours(text, edition).replace("{publisher}", display(article.source, edition))
