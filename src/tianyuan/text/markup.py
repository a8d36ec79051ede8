"""Text from the data files set into MyST, escaped at one place.

A value read from a CSV file is plain text: the article's quotes, an outlet's name, a
unit, a note. Set into MyST Markdown (a table cell, the words of a link) a `|` would end
the cell, `*` or `_` start emphasis, `$` math, `{{` a substitution, a backtick code, `<`
raw HTML, `&` an entity, `[` a link. `myst_text` puts a backslash before each of these
(CommonMark's escape, which MyST, JupyterLab and GitHub read alike, so the text renders
as it is written) and turns line breaks into spaces. Text set into HTML goes through the
standard library's `html.escape`.
"""

from __future__ import annotations

import re

MYST_SPECIAL = re.compile(r"([\\`*_\[\]{}<>$|~&])")
LINE_BREAK = re.compile(r"\r\n|\r|\n")


class Myst(str):
    """Text that is MyST markup already (a role the code wrote, such as {keep}`干`):
    `myst_text` leaves it as it is."""


def myst_text(value: object) -> str:
    """Plain text (any value, as `str` gives it) as MyST inline text that renders as is."""
    if isinstance(value, Myst):
        return str(value)
    return MYST_SPECIAL.sub(r"\\\1", LINE_BREAK.sub(" ", str(value)))


# English inside a Chinese page: two or more Latin words in a row (numbers and the
# punctuation of a sentence between them allowed), e.g. "From the 1988 Torch Programme".
# One word alone (Python, CSV, ext-58, a host name) is a name or a code, not a passage
# in English, and a screen reader reads it as well in a Chinese voice.
_WORD = r"[A-Za-z][A-Za-z0-9'’\-]*"
_TOKEN = rf"(?:{_WORD}|\d[\d.,%\-–]*)"
_GAP = r"[,.;:!?)\]”’\"']*\s+[(\[“‘\"']*"
ENGLISH_RUN = re.compile(rf"[(\[“‘\"']*{_WORD}(?:{_GAP}{_TOKEN})*{_GAP}{_WORD}[.,;:!?)\]”’\"']*")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")


def english_runs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each run of English words in `text`."""
    return [m.span() for m in ENGLISH_RUN.finditer(text)]
