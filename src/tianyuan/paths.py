"""Where things are in the repository (the package is installed editable from it).

Installed as a wheel instead (the in-browser notebooks, see `tianyuan.lite`), the package
is not inside the repository: TIANYUAN_ROOT then names the folder that holds `data/` and
`seeds/`.
"""

import os
from pathlib import Path

ROOT = Path(os.environ.get("TIANYUAN_ROOT") or Path(__file__).resolve().parents[2])
SEEDS = ROOT / "seeds"
SEED_PATH = SEEDS / "tianyuan-high-tech-sample-2023-11-15.txt"
SEED_SHA256 = "cd8f915d7024a19ff53e05d90cbfb1f04e4ca94b16851fb03201d2487520e386"
DATA = ROOT / "data"
BUILD = ROOT / "_build"


def toc_docnames() -> list[str]:
    """Every page of the book (root, chapters, their sections) in `_toc.yml` order."""
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text("utf-8"))
    names = [toc["root"]]
    for part in toc.get("parts", []):
        for chapter in part["chapters"]:
            names.append(chapter["file"])
            names += [section["file"] for section in chapter.get("sections", [])]
    return names
