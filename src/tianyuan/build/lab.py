"""`make lab`: JupyterLab on 127.0.0.1 with the chapters opening as notebooks.

The chapters are MyST Markdown notebooks (jupytext). JupyterLab opens `.md` files as
text unless told otherwise, so this writes a settings override into the project's
environment (`.venv/share/jupyter/lab/settings/overrides.json`) that opens Markdown
with jupytext's notebook view, then starts JupyterLab in the repository.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from tianyuan.paths import ROOT

OVERRIDES = {
    "@jupyterlab/docmanager-extension:plugin": {
        "defaultViewers": {"markdown": "Jupytext Notebook", "myst": "Jupytext Notebook"}
    }
}


def settings_file() -> Path:
    return Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"


def write_overrides() -> Path:
    path = settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    current = json.loads(path.read_text("utf-8")) if path.exists() else {}
    path.write_text(json.dumps({**current, **OVERRIDES}, indent=2), "utf-8")
    return path


def command(port: int = 8888) -> list[str]:
    return [
        str(Path(sys.prefix) / "bin" / "jupyter"),
        "lab",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--no-browser",
        f"--ServerApp.root_dir={ROOT}",
        "--LabApp.default_url=/lab/tree/book/core.md",
        *(["--allow-root"] if os.geteuid() == 0 else []),  # containers often run as root
    ]


def main(port: int | None = None) -> None:
    write_overrides()
    cmd = command(port or int(os.environ.get("PORT", "8888")))
    print("tianyuan lab:", " ".join(cmd), file=sys.stderr)
    os.execv(cmd[0], cmd)
