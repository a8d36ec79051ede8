"""Measure the build and what readers download: `make bench` (`tianyuan bench`).

Cold = from an empty `_build/` (executes every notebook, typesets both PDFs); warm = the
same command again with nothing changed (the build's up-to-date check answers); then the
same with the check bypassed, every stage running and finding nothing to redo; then the HTML
stage alone. Page weight = everything the browser fetches for a page with an empty cache
(`tianyuan.weight`: HTML, scripts, stylesheets, fonts, plotly.js when a chart nears the
viewport), raw and as a gzip-serving host sends it; budgets: a chart page 1.5 MB / 0.5 MB,
others 0.4 MB gzipped (`tests/test_budgets.py`). Lighthouse 12 (npm, Debian's Chromium),
desktop and mobile presets, for the front page, the heaviest chapter of each edition and the
claims page; the Nu HTML Checker's error count over every page. The in-browser notebooks'
site is weighed on disk (its first-run download is measured by the browser test in
tests/test_lite.py).
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

from tianyuan import lite
from tianyuan.audits import audit, weight
from tianyuan.build.book import BUILD_STAMP, check_inputs
from tianyuan.config import toc_docnames
from tianyuan.paths import BUILD, HTML, PDF, ROOT, pdf_name
from tianyuan.text.convert import EDITIONS


def timed(*args: str) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "tianyuan", *args],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return round(time.perf_counter() - start, 1)


def page_weight(edition: str, docname: str) -> dict[str, int]:
    w = weight.page_weight(HTML / edition / f"{docname}.html", HTML)
    return {
        "html": (HTML / edition / f"{docname}.html").stat().st_size,
        "raw": w.raw,
        "gzip": w.gzip,
        "plotly_js": sum(raw for p, (raw, _) in w.files.items() if "plotly" in p.name),
    }


def lighthouse_pages(pages: dict) -> list[str]:
    """Front page, the heaviest chapter of each edition, the claims page."""
    # the article's chapters (book/<name>), not the teaching part or the appendices
    chapters = [d for d in pages[EDITIONS[0]] if d.count("/") == 1 and d != "book/index"]
    picked = ["zh-Hant/book/index.html"]
    for ed in EDITIONS:
        heaviest = max(chapters, key=lambda d: pages[ed][d]["gzip"])
        picked.append(f"{ed}/{heaviest}.html")
    picked.append("zh-Hant/book/appendix/claims.html")
    return picked


def lighthouse_scores(picked: list[str]) -> dict:
    scores = {}
    with audit.serve(HTML) as base:
        for rel in picked:
            for preset in ("desktop", "mobile"):
                result = audit.lighthouse(f"{base}/{rel}", preset)
                scores[f"{rel} {preset}"] = result
                print(f"  {rel:42s} {preset:7s} {result['scores']}  {result['failing'] or ''}")
    return scores


def main() -> int:
    results: dict = {"machine": f"{platform.machine()}, {platform.python_version()}"}
    check_inputs()  # bad input stops here, before the last build is deleted
    if BUILD.exists():
        shutil.rmtree(BUILD)
    results["cold_all_s"] = timed("book", "all")
    results["warm_all_s"] = timed("book", "all")  # the up-to-date check says so
    BUILD_STAMP.unlink()  # every stage runs and finds (almost) nothing to do
    results["warm_stages_s"] = timed("book", "all")
    BUILD_STAMP.unlink()
    results["warm_html_s"] = timed("book", "html")
    docs = toc_docnames()
    results["pages"] = {ed: {doc: page_weight(ed, doc) for doc in docs} for ed in EDITIONS}
    results["nu_errors"] = len(audit.nu_errors(audit.site_pages(HTML)))
    print("Lighthouse (performance, accessibility, best practices, SEO):")
    results["lighthouse"] = lighthouse_scores(lighthouse_pages(results["pages"]))
    results["pdf"] = {}
    for ed in EDITIONS:
        path = PDF / pdf_name(ed)
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
        results["pdf"][ed] = {"bytes": path.stat().st_size, "pages": pages}
    results["lite_site_mb"] = round(lite.size_mb(lite.SITE), 1) if lite.SITE.exists() else 0
    (BUILD / "bench.json").write_text(json.dumps(results, indent=2, ensure_ascii=False), "utf-8")

    print(f"cold build (both editions, HTML + PDF): {results['cold_all_s']} s")
    print(f"warm build, nothing changed:            {results['warm_all_s']} s")
    print(f"  … every stage run all the same:       {results['warm_stages_s']} s")
    print(f"  … the HTML stage alone:               {results['warm_html_s']} s")
    print("page weight with an empty cache (raw / gzipped, of which plotly.js raw):")
    for ed in EDITIONS:
        for doc, w in results["pages"][ed].items():
            print(
                f"  {ed} {doc:28s} {w['raw'] / 1e6:6.2f} MB  {w['gzip'] / 1e6:6.3f} MB"
                f"  {w['plotly_js'] / 1e6:5.2f} MB"
            )
    print(f"Nu HTML Checker errors, every page: {results['nu_errors']}")
    for ed, p in results["pdf"].items():
        print(f"PDF {ed}: {p['pages']} pages, {p['bytes'] / 1024 / 1024:.1f} MB")
    print(f"in-browser notebooks (_build/html/lite): {results['lite_site_mb']} MB")
    return 0
