"""Where things are: the repository's folders and the files a build writes.

Installed editable (a clone), the package lives in the repository's `src/` and finds
`data/` and `seeds/` beside it. Installed from the wheel the book publishes, it carries
its own copy of both (`tianyuan/bundled/`). TIANYUAN_ROOT, when set, names the folder
that holds `data/` and `seeds/` and wins over both (the in-browser notebooks set it).
"""

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
CLONE = _PACKAGE.parents[1]  # the repository, for a package in its src/
BUNDLED = _PACKAGE / "bundled"  # data/ and seeds/ inside an installed wheel


def _root() -> Path:
    if os.environ.get("TIANYUAN_ROOT"):
        return Path(os.environ["TIANYUAN_ROOT"])
    if not (CLONE / "data").is_dir() and (BUNDLED / "data").is_dir():
        return BUNDLED
    return CLONE


ROOT = _root()
SEEDS = ROOT / "seeds"
SEED_PATH = SEEDS / "tianyuan-high-tech-sample-2023-11-15.txt"
SEED_SHA256 = "cd8f915d7024a19ff53e05d90cbfb1f04e4ca94b16851fb03201d2487520e386"
DATA = ROOT / "data"
BOOK = ROOT / "book"
STATIC = BOOK / "_static"
BUILD = ROOT / "_build"
HTML = BUILD / "html"
PDF = HTML / "pdf"


def where_data_is() -> str:
    """What to do when data/ is not where the package looks: said in every such error."""
    told = os.environ.get("TIANYUAN_ROOT")
    found = f"TIANYUAN_ROOT is {told!r}" if told else "TIANYUAN_ROOT is not set"
    return (
        f"no data/ in {ROOT} ({found}). Set TIANYUAN_ROOT to the folder that holds data/ "
        "and seeds/ (a clone of the book: export TIANYUAN_ROOT=/path/to/the/clone), or "
        "install the wheel the book publishes beside its PDFs (dist/), which carries both"
    )


def pdf_name(edition: str) -> str:
    """The whole book's PDF of an edition, in `PDF`."""
    return f"tianyuan-{edition}.pdf"


def handout_name(edition: str) -> str:
    """The student handout's PDF of an edition, in `PDF`."""
    return f"tianyuan-handout-{edition}.pdf"
