"""The package outside a clone: the wheel the book publishes beside its PDFs carries the
data and the article, so `from tianyuan import data, charts` works in a fresh environment."""

import os
import subprocess
import sys
import sysconfig
import zipfile

import pytest
from conftest import HTML

from tianyuan import __version__

WHEEL = HTML / "dist" / f"tianyuan-{__version__}-py3-none-any.whl"
USE = """
from tianyuan import charts, data
ranks = data.load("ranking_history")
zone = ranks[(ranks["entity"] == "zhuzhou-htz") & (ranks["system"] == "MIIT")]
print(int(zone["rank"].iloc[0]), len(data.about(data.load("external_figures"), "changsha-htz")))
print(len(charts.ranking_history(ranks).data) > 0, data.schema_checked())
import tianyuan.paths as p
print(p.ROOT)
"""


@pytest.mark.build
def test_the_wheel_carries_the_data_and_the_readers_copy_of_the_seed():
    assert WHEEL.exists(), f"{WHEEL} is missing: run make book"
    names = zipfile.ZipFile(WHEEL).namelist()
    assert "tianyuan/bundled/data/datapackage.json" in names
    assert "tianyuan/bundled/data/tables/checked.json" in names
    assert "tianyuan/bundled/data/external_figures.csv" in names
    seed = [n for n in names if n.startswith("tianyuan/bundled/seeds/") and n.endswith(".txt")]
    assert len(seed) == 1
    text = zipfile.ZipFile(WHEEL).read(seed[0]).decode("utf-8")
    assert text.splitlines()[0].startswith("[injected spam")  # the spam line reaches no reader
    meta = zipfile.ZipFile(WHEEL).read(f"tianyuan-{__version__}.dist-info/METADATA").decode()
    assert "Requires-Dist: pandas" in meta and "Requires-Dist: frictionless" in meta


@pytest.mark.build
def test_the_published_wheel_works_in_a_fresh_environment_outside_the_repository(tmp_path):
    """A new virtual environment outside the clone, the wheel installed offline; its
    dependencies (pandas, plotly …) come from this checkout's environment through a .pth
    (nothing is downloaded at test time), which adds no path to the clone's own package."""
    assert WHEEL.exists(), f"{WHEEL} is missing: run make book"
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k not in ("TIANYUAN_ROOT", "PYTHONPATH")}
    pip = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(WHEEL)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert pip.returncode == 0, pip.stderr[-2000:]
    site = next((venv / "lib").glob("python3*/site-packages"))
    (site / "zz_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", "utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    run = subprocess.run(
        [str(python), "-c", USE], cwd=elsewhere, capture_output=True, text=True, env=env
    )
    assert run.returncode == 0, run.stderr[-2000:]
    rank, changsha, drawn, checked, root = run.stdout.split()
    assert (rank, changsha, drawn, checked) == ("35", "9", "True", "True")
    assert root == str(site / "tianyuan" / "bundled")  # the wheel's own copy, not the clone
