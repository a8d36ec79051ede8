"""Page weight: everything a browser fetches for a page with an empty cache, counted on disk.

A page fetches its HTML; the scripts, stylesheets, preloads, icons and images it names;
what those stylesheets name (fonts, images, imports); and what a script fetches later,
declared in a `data-plotly` attribute (plotly.js, fetched when a chart nears the
viewport: counted, since a reader who scrolls gets it). Each file counts once. The
compressed size is what a host sends: the file's `.gz` copy if there is one, else gzip
level 9 for text and the file itself for images and fonts. `tests/test_budgets.py` holds
the budgets; a browser test checks that this list is complete.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

TEXT = {".html", ".js", ".css", ".svg", ".json", ".txt", ".xml"}
REF_ATTRS = re.compile(r"\s(src|href|data-plotly)=\"([^\"]+)\"")
LINK_REL = re.compile(r"\brel=\"([^\"]+)\"")
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)|@import\s+['\"]([^'\"]+)['\"]")
FETCHED_RELS = {"stylesheet", "preload", "modulepreload", "icon", "shortcut"}


@dataclass
class Weight:
    page: Path
    files: dict[Path, tuple[int, int]] = field(default_factory=dict)  # path: (raw, wire)

    @property
    def raw(self) -> int:
        return sum(r for r, _ in self.files.values())

    @property
    def gzip(self) -> int:
        return sum(w for _, w in self.files.values())

    def largest(self, n: int = 5) -> list[tuple[str, int, int]]:
        ranked = sorted(self.files.items(), key=lambda kv: -kv[1][0])[:n]
        return [(p.name, raw, wire) for p, (raw, wire) in ranked]


def wire_size(path: Path) -> int:
    copy = path.with_name(path.name + ".gz")
    if copy.exists():
        return copy.stat().st_size
    data = path.read_bytes()
    if path.suffix in TEXT:
        return min(len(data), len(gzip.compress(data, 9, mtime=0)))
    return len(data)


def _local(base: Path, ref: str, root: Path) -> Path | None:
    parts = urlsplit(ref)
    if parts.scheme or parts.netloc or not parts.path or ref.startswith("data:"):
        return None
    path = (base / unquote(parts.path)).resolve()
    return path if path.is_file() and path.is_relative_to(root) else None


def page_refs(html: str) -> list[str]:
    """What the page itself makes the browser fetch (not what a reader may click)."""
    refs = []
    for tag in re.finditer(r"<(script|link|img|source)\b[^>]*>", html):
        name, text = tag.group(1), tag.group(0)
        if name == "link":
            rel = LINK_REL.search(text)
            if not rel or not FETCHED_RELS & set(rel.group(1).lower().split()):
                continue
        for attr, value in REF_ATTRS.findall(text):
            if attr == "href" and name != "link":
                continue
            refs.append(value)
    return refs


def page_weight(page: Path, root: Path) -> Weight:
    """Every local file the page fetches (see the module docstring), with sizes."""
    root = root.resolve()
    weight = Weight(page)
    queue = [page.resolve()]
    html = page.read_text("utf-8")
    queue += [p for p in (_local(page.parent, r, root) for r in page_refs(html)) if p]
    while queue:
        path = queue.pop()
        if path in weight.files:
            continue
        weight.files[path] = (path.stat().st_size, wire_size(path))
        if path.suffix == ".css":
            css = path.read_text("utf-8", "replace")
            # a browser fetches the first format it supports in a @font-face: count that one
            css = re.sub(r"(src:\s*url\([^)]*\)[^,;}]*)[^;}]*", r"\1", css)
            for url, imported in CSS_URL.findall(css):
                found = _local(path.parent, url or imported, root)
                if found:
                    queue.append(found)
    return weight


def external_refs(html: str) -> list[str]:
    """References in a page that would make the browser fetch from another host."""
    return [r for r in page_refs(html) if urlsplit(r).netloc or r.startswith("//")]
