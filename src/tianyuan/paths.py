"""Where things are: the repository's folders and the files a build writes.

Installed editable (a clone), the package lives in the repository's `src/`. Installed as a
wheel (the in-browser notebooks, see `tianyuan.lite`), it is not inside the repository:
TIANYUAN_ROOT then names the folder that holds `data/` and `seeds/`.
"""

import os
from pathlib import Path

ROOT = Path(os.environ.get("TIANYUAN_ROOT") or Path(__file__).resolve().parents[2])
SEEDS = ROOT / "seeds"
SEED_PATH = SEEDS / "tianyuan-high-tech-sample-2023-11-15.txt"
SEED_SHA256 = "cd8f915d7024a19ff53e05d90cbfb1f04e4ca94b16851fb03201d2487520e386"
DATA = ROOT / "data"
BOOK = ROOT / "book"
STATIC = BOOK / "_static"
BUILD = ROOT / "_build"
HTML = BUILD / "html"
PDF = HTML / "pdf"


def pdf_name(edition: str) -> str:
    """The whole book's PDF of an edition, in `PDF`."""
    return f"tianyuan-{edition}.pdf"


def handout_name(edition: str) -> str:
    """The student handout's PDF of an edition, in `PDF`."""
    return f"tianyuan-handout-{edition}.pdf"
