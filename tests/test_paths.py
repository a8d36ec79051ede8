"""Where the package finds the repository's files, in a clone or installed elsewhere."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tianyuan.paths import ROOT


def _paths_in(env_root: str | None) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "TIANYUAN_ROOT"}
    if env_root is not None:
        env["TIANYUAN_ROOT"] = env_root
    code = (
        "import json; from tianyuan import paths; "
        "print(json.dumps({k: str(getattr(paths, k)) for k in ('ROOT', 'DATA', 'SEED_PATH')}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def test_paths_follow_tianyuan_root_and_default_to_the_repository(tmp_path):
    moved = _paths_in(str(tmp_path))
    assert moved["DATA"] == str(tmp_path / "data")
    assert moved["SEED_PATH"].startswith(str(tmp_path / "seeds") + os.sep)
    assert _paths_in(None)["ROOT"] == str(ROOT)
    assert _paths_in("")["ROOT"] == str(ROOT)  # set but empty: the repository
