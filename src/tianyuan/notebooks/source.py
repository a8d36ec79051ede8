"""A chapter's MyST source as one edition reads it.

Chapters are MyST Markdown notebooks written once, in Traditional. Each edition converts
our prose (never the code cells, never a `{keep}` span) and fills in two placeholders of
the setup cell: `@EDITION@`, and `@INPUTS@`, the fingerprint of everything a chapter's code
can read (the package, `data/`, the seed), which keys the execution cache.
"""

from __future__ import annotations

import re
from pathlib import Path

from tianyuan import fingerprint
from tianyuan.paths import DATA, SEED_PATH
from tianyuan.text.convert import ours

PACKAGE_DIR = Path(__file__).resolve().parents[1]
EDITION_MARKER = "@EDITION@"
INPUTS_MARKER = "@INPUTS@"
CODE_CELL = re.compile(r"(^```\{code-cell\}.*?^```[ \t]*$)", re.M | re.S)
KEEP_ROLE = re.compile(r"\{keep\}`([^`]*)`")


def edition_source(text: str, edition: str, for_book: bool = True) -> str:
    """A chapter's source as one edition reads it.

    Code cells are left as written: the same code runs in both editions (a filter on
    the data's own labels must not change with the script); what they draw is
    converted at run time by `tianyuan.figures`. The edition itself is written into
    the setup cell (`@EDITION@`), so executed outputs are cached per edition:
    jupyter-cache keys on notebook content. For the book, `@INPUTS@` becomes the
    fingerprint of code, data and seed; for a download it is dropped, so the chapter
    run by hand shows its charts (see `figures.start`).
    """
    parts = CODE_CELL.split(text)
    # split() with one group: even items are prose, odd items are whole code cells.
    out = "".join(part if i % 2 else _convert_prose(part, edition) for i, part in enumerate(parts))
    out = out.replace(EDITION_MARKER, edition)
    if for_book:
        return out.replace(INPUTS_MARKER, inputs_fingerprint())
    return out.replace(f', inputs="{INPUTS_MARKER}"', "")


def _convert_prose(text: str, edition: str) -> str:
    pieces = KEEP_ROLE.split(text)
    # even items are ours to convert, odd ones are {keep} bodies shown as written
    return "".join(
        ours(piece, edition) if i % 2 == 0 else f"{{keep}}`{piece}`"
        for i, piece in enumerate(pieces)
    )


def fingerprint_inputs() -> list[Path]:
    """Everything a chapter's code can read: the package, every file under `data/`, the seed."""
    return fingerprint.files([PACKAGE_DIR, DATA, SEED_PATH])


def inputs_fingerprint() -> str:
    """Hash of the package, data and seed: a change re-executes the chapters that use it."""
    return fingerprint.digest([PACKAGE_DIR, DATA, SEED_PATH])[:16]
