"""What the book's one config (`_config.yml`) and its one order (`_toc.yml`) say."""

from __future__ import annotations

import yaml

from tianyuan.paths import ROOT


def _config() -> dict:
    return yaml.safe_load((ROOT / "_config.yml").read_text("utf-8")) or {}


def book_title() -> str:
    """The book's title as written in `_config.yml` (in Traditional: converted per edition)."""
    return str(_config()["title"])


def web_address() -> str:
    """`html.baseurl` in `_config.yml`: the address where `_build/html` (both editions and
    `pdf/`) is published; empty when the book has none."""
    return str((_config().get("html") or {}).get("baseurl") or "").strip()


def edition_address(edition: str) -> str:
    """The edition's own address (its pages live in `<edition>/`), or "" without a baseurl."""
    base = web_address()
    return f"{base.rstrip('/')}/{edition}/" if base else ""


def toc_docnames() -> list[str]:
    """Every page of the book (root, chapters, their sections) in `_toc.yml` order."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text("utf-8"))
    names = [toc["root"]]
    for part in toc.get("parts", []):
        for chapter in part["chapters"]:
            names.append(chapter["file"])
            names += [section["file"] for section in chapter.get("sections", [])]
    return names
