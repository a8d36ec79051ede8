"""Measuring and wrapping chart text as the page sets it: no browser needed.

A label's width is estimated from its characters (CJK and full-width one em, the rest about
half); lines break where Chinese typography allows (never before a closing mark, never
after an opening one).
"""

from __future__ import annotations

import re
import unicodedata

from tianyuan.charts.theme import LABEL_SIZE
from tianyuan.text.convert import fullwidth_punctuation


def text_px(text: str, size: float = LABEL_SIZE) -> float:
    """Width of a label in px: CJK and full-width characters one em, the rest about half."""
    plain = re.sub(r"<[^>]+>", "", text)
    return sum(size if unicodedata.east_asian_width(c) in "WF" else 0.56 * size for c in plain)


def wrap_chars(text: str, width: int = 12) -> str:
    """Break long labels every `width` characters; a run of Latin letters stays whole."""
    tokens = re.findall(r"[A-Za-z0-9.%,]+|.", text)
    lines, line = [], ""
    for token in tokens:
        if line and len(line) + len(token) > width:
            lines.append(line)
            line = ""
        line += token
    return "<br>".join([*lines, line.strip()])


NO_BREAK_BEFORE = set("，。、；：！？）」』〕】》,.;:!?)")
NO_BREAK_AFTER = set("（「『〔【《(")


def wrap_px(text: str, width: float, size: float = LABEL_SIZE) -> str:
    """Lines no wider than `width` px at `size`: broken at a space when the line has one,
    a Latin word or a number kept whole, no line starting with a closing mark or ending
    with an opening one. Measured as the page shows it: half-width marks beside Chinese
    already full-width (the display rule figures.localise applies)."""
    lines, line = [], ""
    for token in re.findall(r"[A-Za-z0-9.%,–-]+|.", fullwidth_punctuation(text)):
        if line.strip() and text_px(line + token, size) > width and token not in NO_BREAK_BEFORE:
            head, space, tail = line.rstrip().rpartition(" ")
            if not space or text_px(head, size) < 0.6 * width:  # a space late in the line
                head, tail = line, ""
            while head and head[-1] in NO_BREAK_AFTER:
                head, tail = head[:-1], head[-1] + tail
            lines.append(head.rstrip())
            line = tail
        line += token.lstrip() if not line else token
    line = line.rstrip()
    if lines and len(line) == 1 and len(lines[-1]) > 2:  # no character alone on a line
        lines[-1], line = lines[-1][:-1], lines[-1][-1] + line
    return "<br>".join([*lines, line])
