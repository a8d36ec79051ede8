"""The plotly.js the book serves: one bundle, made or fetched once per build folder.

`plotly_bundle()` is the one way to get it: plotly.js built by esbuild with only the trace
types the charts draw, from the npm packages pinned in package-lock.json; without them,
the finance partial bundle fetched from the npm registry and checked against its sha256;
without npm, None (the extension then serves the full bundle inside the plotly package).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from tianyuan.paths import BUILD, ROOT


def plotly_bundle() -> Path | None:
    """The plotly.js file to serve (see the module's docstring)."""
    return lean_plotly_bundle() or finance_bundle()


# The trace types the book's charts use besides scatter (always in plotly's core).
PLOTLY_TRACES = ("bar", "indicator")


def lean_plotly_bundle() -> Path | None:
    """plotly.js with only the trace types the charts draw, bundled by esbuild from
    plotly.js's own sources (npm, pinned in package-lock.json): 1.18 MB instead of the
    finance bundle's 1.28 MB. None when the npm packages are not installed (the build
    then serves the finance bundle)."""
    modules = ROOT / "node_modules"
    package = modules / "plotly.js" / "package.json"
    esbuild = modules / ".bin" / "esbuild"
    if not (package.exists() and esbuild.exists()):
        return None
    version = json.loads(package.read_text("utf-8"))["version"]
    vendor = BUILD / "vendor"
    target = vendor / f"plotly-{'-'.join(PLOTLY_TRACES)}-{version}.min.js"
    if target.exists():
        return target
    vendor.mkdir(parents=True, exist_ok=True)
    entry = vendor / "plotly-entry.js"
    traces = ", ".join(f"require('plotly.js/lib/{t}')" for t in PLOTLY_TRACES)
    entry.write_text(
        f"var Plotly = require('plotly.js/lib/core');\nPlotly.register([{traces}]);\n"
        "module.exports = Plotly;\n",
        "utf-8",
    )
    banner = (
        f"/** plotly.js v{version} (scatter, {', '.join(PLOTLY_TRACES)}; minified) "
        "Copyright 2012-2025, Plotly, Inc. Licensed under the MIT license */"
    )
    run = subprocess.run(
        [
            str(esbuild),
            str(entry),
            "--bundle",
            "--minify",
            "--format=iife",
            "--global-name=Plotly",
            "--target=es2016",
            "--define:global=window",
            "--define:define.amd=false",
            "--log-level=error",
            f"--banner:js={banner}",
            f"--outfile={target}.part",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if run.returncode != 0:
        raise RuntimeError(f"esbuild could not bundle plotly.js:\n{run.stderr[-2000:]}")
    Path(f"{target}.part").rename(target)
    return target


# plotly.js partial bundle with every trace type the charts use (bar, scatter, indicator):
# a quarter of the full bundle. Fetched from the npm registry and checked against its hash;
# without npm the build falls back to the full bundle shipped inside the plotly package.
PLOTLY_BUNDLE = (
    "plotly.js-finance-dist-min",
    "4.1.0",
    "package/plotly-finance.min.js",
    "9993f6d57ffd52d7417a9e89b666679ff69078e7c2816b43ab9ecdea9fa4709d",
)


def finance_bundle() -> Path | None:
    """Path of the verified partial plotly.js bundle, fetching it once; None if unavailable."""
    name, version, member, sha256 = PLOTLY_BUNDLE
    target = BUILD / "vendor" / f"{name}-{version}.js"
    if target.exists():
        return target
    if not shutil.which("npm"):
        print("tianyuan.build: npm not found; serving the full plotly.js bundle", file=sys.stderr)
        return None
    with tempfile.TemporaryDirectory() as tmp:
        run = subprocess.run(
            ["npm", "pack", f"{name}@{version}", "--silent"],
            cwd=tmp,
            capture_output=True,
            text=True,
        )
        tarballs = list(Path(tmp).glob("*.tgz"))
        if run.returncode != 0 or not tarballs:
            print(
                f"tianyuan.build: npm pack {name}@{version} failed; serving the full "
                f"plotly.js bundle\n{run.stderr[-500:]}",
                file=sys.stderr,
            )
            return None
        with tarfile.open(tarballs[0]) as tar:
            content = tar.extractfile(member).read()
    if hashlib.sha256(content).hexdigest() != sha256:
        raise RuntimeError(f"{name}@{version}: {member} does not match its recorded sha256")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    return target
