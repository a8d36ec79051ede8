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
