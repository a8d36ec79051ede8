"""Checks of the built site as a reader's browser meets it.

- `serve`: the site on 127.0.0.1 as a static host serves it (a `.gz` copy beside a file
  is sent compressed to a browser that accepts gzip), for the browser tests and Lighthouse.
- `axe`: axe-core's violations on a page open in Playwright.
- `nu_errors`: the Nu HTML Checker's errors over the built HTML.
- `lighthouse`: Lighthouse's four category scores for a URL, desktop or mobile.

The tools come from npm (`package.json`, `package-lock.json`; the Makefile installs them
with `npm ci`) and drive Debian's Chromium and Java: nothing is downloaded here.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

from tianyuan.paths import ROOT

NODE_MODULES = ROOT / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
LIGHTHOUSE = NODE_MODULES / "lighthouse" / "cli" / "index.js"
CHROMIUM = "/usr/bin/chromium"
# Page areas readers never see as pages: theme assets, downloads, executed notebooks, and
# the in-browser notebooks' JupyterLite application (tianyuan.lite; tests/test_lite.py).
NOT_PAGES = {"_static", "_sources", "_images", "jupyter_execute", "pdf", "lite"}
SERIOUS = {"serious", "critical"}


class ToolMissing(RuntimeError):
    """A check's tool is not installed; the message says how to install it."""


def require(path: Path, what: str) -> Path:
    if not path.exists():
        raise ToolMissing(f"{what} is not installed ({path}): run `make check-deps`")
    return path


def site_pages(html_dir: Path) -> list[Path]:
    """Every HTML page a reader can open under `html_dir` (both editions and the root)."""
    return sorted(
        p
        for p in html_dir.rglob("*.html")
        if not NOT_PAGES & set(p.relative_to(html_dir).parts[:-1])
    )


class StaticHost(http.server.SimpleHTTPRequestHandler):
    """A static host that serves a file's precompressed `.gz` copy when the browser accepts
    gzip (as nginx `gzip_static` or most CDNs do), quietly. Static assets may be cached
    (their links carry a checksum, `?v=`), as a publisher would set it; each request's path
    goes to `requests` when one is given."""

    requests: list[str] | None = None

    def log_message(self, *args) -> None:
        pass

    def end_headers(self) -> None:
        if "/_static/" in self.path:
            self.send_header("Cache-Control", "public, max-age=3600")
        super().end_headers()

    def do_GET(self) -> None:
        if self.requests is not None:
            self.requests.append(self.path.split("?")[0])
        super().do_GET()

    def send_head(self):
        path = Path(self.translate_path(self.path))
        gz = path.with_name(path.name + ".gz")
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (path.is_file() and gz.is_file() and accepts):
            return super().send_head()
        body = gz.open("rb")
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(gz.stat().st_size))
        self.end_headers()
        return body


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass  # a browser closing a connection early is not a failure of the site


@contextlib.contextmanager
def serve(directory: Path, requests: list[str] | None = None) -> Iterator[str]:
    """The directory on http://127.0.0.1:<free port>, for the length of the block; the
    path of every request goes to `requests` if given."""
    host = type("Host", (StaticHost,), {"requests": requests})
    handler = functools.partial(host, directory=str(directory))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def axe(page) -> list[dict]:
    """axe-core's violations on a Playwright page (all rules axe runs by default)."""
    page.add_script_tag(path=str(require(AXE_JS, "axe-core")))
    return page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))"
    )


def serious(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in SERIOUS]


def nu_errors(paths: list[Path]) -> list[dict]:
    """The Nu HTML Checker's errors for these HTML files: [{file, line, message}]."""
    java = shutil.which("java")
    if not java:
        raise ToolMissing("java is not installed: run `make book` (Debian default-jre-headless)")
    run = subprocess.run(
        [java, "-jar", str(require(VNU_JAR, "vnu-jar")), "--errors-only", "--format", "json"]
        + [str(p) for p in paths],
        capture_output=True,
        text=True,
    )
    try:
        messages = json.loads(run.stderr or run.stdout)["messages"]
    except (ValueError, KeyError):
        raise RuntimeError(f"the Nu HTML Checker failed:\n{run.stderr[-2000:]}") from None
    return [
        {
            "file": m.get("url", "").removeprefix("file:"),
            "line": m.get("lastLine"),
            "message": m.get("message", ""),
        }
        for m in messages
        if m.get("type") in ("error", "non-document-error")
    ]


CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-sync"


def lighthouse(url: str, preset: str) -> dict:
    """Lighthouse 12 scores (0-100) for the URL; preset "desktop" or "mobile" (its default).

    Also returns the failing audits of the categories below 100, to say what to fix."""
    if preset not in ("desktop", "mobile"):
        raise ValueError(f"preset must be desktop or mobile, not {preset!r}")
    node = shutil.which("node")
    if not node:
        raise ToolMissing("node is not installed: run `apt-get install nodejs npm`")
    cmd = [
        node,
        str(require(LIGHTHOUSE, "lighthouse")),
        url,
        "--output=json",
        "--output-path=stdout",
        "--quiet",
        f"--chrome-flags={CHROME_FLAGS}",
        f"--only-categories={','.join(CATEGORIES)}",
    ]
    if preset == "desktop":
        cmd.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    run = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600)
    if run.returncode != 0:
        raise RuntimeError(f"lighthouse failed for {url}:\n{run.stderr[-2000:]}")
    report = json.loads(run.stdout)
    scores = {c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES}
    failing = {}
    for cat in CATEGORIES:
        if scores[cat] == 100:
            continue
        for ref in report["categories"][cat]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 0.9:
                failing[ref["id"]] = audit.get("displayValue") or audit["score"]
    metrics = report["audits"]
    timings = {
        key: metrics[key].get("displayValue", "")
        for key in ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time")
        if key in metrics
    }
    return {"scores": scores, "failing": failing, "metrics": timings}
