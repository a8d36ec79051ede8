"""Measure the build and what readers download: `make bench` (python -m tianyuan.bench).

Cold = from an empty `_build/` (executes every notebook, typesets both PDFs); warm = the
same command again with nothing changed; html-warm = HTML only, nothing changed. Page
weight = a chapter's HTML plus every local script, stylesheet and font it loads.
Results are printed and written to `_build/bench.json`. Timings depend on the machine
(the figures in the README were taken on 2 cores); no test asserts them.
"""

from __future__ import annotations

import json
import platform
import re
import shutil
import subprocess
import sys
import time

from tianyuan.build import HTML, PDF, pdf_name
from tianyuan.convert import EDITIONS
from tianyuan.paths import BUILD, ROOT

CHAPTERS = [
    "book/index",
    "book/lede",
    "book/core",
    "book/dragons",
    "book/crisis",
    "book/road",
    "book/stones",
    "book/appendix/source-text",
    "book/appendix/claims",
    "book/appendix/figures",
]


def timed(*args: str) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", *args],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return round(time.perf_counter() - start, 1)


def page_weight(edition: str, docname: str) -> dict[str, int]:
    page = HTML / edition / f"{docname}.html"
    raw = page.read_text("utf-8")
    assets = set(re.findall(r'(?:src|href)="([^"#?]+\.(?:js|css))', raw))
    sizes = {}
    for ref in assets:
        path = (page.parent / ref).resolve()
        if path.exists():
            sizes[str(path)] = path.stat().st_size  # by file: a preload and its script count once
    return {
        "html": len(raw.encode()),
        "assets": sum(sizes.values()),
        "plotly_js": sum(v for k, v in sizes.items() if "plotly" in k),
    }


def main() -> int:
    results: dict = {"machine": f"{platform.machine()}, {platform.python_version()}"}
    if BUILD.exists():
        shutil.rmtree(BUILD)
    results["cold_all_s"] = timed("tianyuan.build", "all")
    results["warm_all_s"] = timed("tianyuan.build", "all")
    results["warm_html_s"] = timed("tianyuan.build", "html")
    results["pages"] = {ed: {doc: page_weight(ed, doc) for doc in CHAPTERS} for ed in EDITIONS}
    results["pdf"] = {}
    for ed in EDITIONS:
        path = PDF / pdf_name(ed)
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
        results["pdf"][ed] = {"bytes": path.stat().st_size, "pages": pages}
    (BUILD / "bench.json").write_text(json.dumps(results, indent=2, ensure_ascii=False), "utf-8")

    print(f"cold build (both editions, HTML + PDF): {results['cold_all_s']} s")
    print(f"warm build, nothing changed:            {results['warm_all_s']} s")
    print(f"warm HTML only:                         {results['warm_html_s']} s")
    print("page weight, zh-Hant (HTML / + local JS and CSS, of which plotly.js):")
    for doc, w in results["pages"]["zh-Hant"].items():
        print(
            f"  {doc:28s} {w['html'] / 1024:7.0f} KB  {(w['html'] + w['assets']) / 1024:7.0f} KB"
            f"  {w['plotly_js'] / 1024:6.0f} KB"
        )
    for ed, p in results["pdf"].items():
        print(f"PDF {ed}: {p['pages']} pages, {p['bytes'] / 1024 / 1024:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
