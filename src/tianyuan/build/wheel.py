"""The package as a wheel a researcher installs anywhere, with the data and the article.

The build writes it beside the PDFs, `_build/html/dist/tianyuan-<version>-py3-none-any.whl`:

    pip install tianyuan-<version>-py3-none-any.whl
    python -c 'from tianyuan import data; print(data.load("ranking_history"))'

It carries the code, the whole data package (`data/`, with `tables/checked.json`) and the
readers' copy of the seed (the injected spam line and the page debris blanked, line
numbers kept: it parses to the same article), under `tianyuan/bundled/`, which
`tianyuan.paths` uses when no clone and no TIANYUAN_ROOT say otherwise.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from tianyuan.data import store
from tianyuan.lite.site import package_wheel, reading_copy_of_seeds
from tianyuan.paths import DATA, HTML

DIST = HTML / "dist"
# What `from tianyuan import data, charts` needs, and Frictionless for the schema's checks.
REQUIRES = ("pandas", "plotly", "opencc", "pyyaml", "ipython", "frictionless")


def book_wheel(out: Path = DIST) -> Path:
    """Write the wheel (unchanged bytes when nothing changed); return its path."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp)
        shutil.copytree(DATA, copy / "data")
        reading_copy_of_seeds(copy / "seeds")
        store.restamp(copy / "data")
        bundle = {
            f"tianyuan/bundled/{p.relative_to(copy).as_posix()}": p.read_bytes()
            for p in sorted(copy.rglob("*"))
            if p.is_file()
        }
    out.mkdir(parents=True, exist_ok=True)
    summary = "The executable book on the Zhuzhou National High-tech Zone: code, data, article"
    return package_wheel(out, REQUIRES, summary, bundle)
