"""The data exercises' statements, for the book and for the student packet.

The exercises live in `book/teaching/exercises.md`: each is a `## 練習…` heading, the
statement (our prose), the cells that show the data, and a ``{solution}`` that holds the
worked code and its conclusion. A number a statement quotes is never typed: the text says
``{glue:text}`given-…``` and `given()` computes the value from the data, so the page
(through `figures.glue_values`) and the packet (through `statements`) quote the same
number, and a changed CSV changes both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tianyuan import data
from tianyuan.errors import InputError
from tianyuan.paths import ROOT

EXERCISES = ROOT / "book" / "teaching" / "exercises.md"

GLUE_TEXT = re.compile(r"\{glue:text\}`([\w-]+)(?::([^`]*))?`")
HEADING = re.compile(r"^## (練習.+)$", re.M)
CODE_OR_DIRECTIVE = re.compile(r"^(```|:::)", re.M)


class ExerciseError(InputError):
    """The exercises page does not have the shape the packet reads."""


def given() -> dict[str, float]:
    """The numbers the statements quote, by glue name, computed from the data."""
    article = data.load("article_figures").set_index("id")["value"]
    ext = data.load("external_figures").set_index("ext_id")["value"]
    return {
        "given-zhuzhou-2011": float(article["core-05.2"]),  # 技工貿收入, one zone three parks
        "given-changsha-2022": float(article["core-16.1"]),  # 技工貿總收入
        "given-zhuzhou-2016": float(ext["ext-60"]),  # 技工貿總收入 "超過", unattributed copy
        "given-suzhou-streak": float(article["core-15.1"]),  # 連續 7 年
    }


@dataclass(frozen=True)
class Statement:
    title: str
    text: str  # our prose, Traditional, numbers filled in, roles left for the caller


def statements() -> list[Statement]:
    """Each exercise's heading and statement as the page writes it, numbers filled in."""
    source = EXERCISES.read_text("utf-8")
    values = given()
    heads = list(HEADING.finditer(source))
    if not heads:
        raise ExerciseError(EXERCISES, "expected exercises under `## 練習…` headings, found none")
    out = []
    for head, nxt in zip(heads, [*heads[1:], None], strict=True):
        body = source[head.end() : nxt.start() if nxt else len(source)]
        stop = CODE_OR_DIRECTIVE.search(body)
        text = body[: stop.start() if stop else len(body)].strip()

        line = source[: head.start()].count("\n") + 1
        out.append(Statement(head.group(1), _fill(text, values, head.group(1), line)))
    return out


def _fill(text: str, values: dict[str, float], title: str, line: int) -> str:
    def number(m: re.Match) -> str:
        if m.group(1) not in values:
            raise ExerciseError(
                EXERCISES,
                f"{title}: expected a number from teaching.exercises.given(), "
                f"found {{glue:text}}`{m.group(1)}`",
                line,
            )
        return format(values[m.group(1)], m.group(2) or "")

    return GLUE_TEXT.sub(number, text)
