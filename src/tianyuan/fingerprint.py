"""One fingerprint of what something is made from: the names, sizes and bytes of files.

The build's up-to-date check, the chapters' execution cache key and the in-browser site's
rebuild check all hash their inputs here, the same way.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterable
from pathlib import Path

from tianyuan.paths import ROOT

# Never inputs: caches, and what Sphinx compiles from a `.po` beside it.
SKIPPED_PARTS = frozenset({"__pycache__", ".ipynb_checkpoints"})
SKIPPED_SUFFIXES = frozenset({".mo", ".pyc"})


def files(roots: Iterable[Path]) -> list[Path]:
    """Every file under `roots` (a root may itself be a file), sorted, caches left out."""
    found: set[Path] = set()
    for root in roots:
        for path in [root] if root.is_file() else root.rglob("*"):
            if (
                path.is_file()
                and not SKIPPED_PARTS & set(path.parts)
                and path.suffix not in SKIPPED_SUFFIXES
            ):
                found.add(path)
    return sorted(found)


def _name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.as_posix()


def digest(roots: Iterable[Path], salt: str = "") -> str:
    """sha256 (hex) over every file's name, size and bytes under `roots`, after `salt`."""
    hasher = hashlib.sha256(salt.encode())
    for path in files(roots):
        hasher.update(f"{_name(path)}\0{path.stat().st_size}\0".encode() + path.read_bytes())
    return hasher.hexdigest()


# What the book is made from besides the Python environment: when none of it changed since
# the last successful build of the same kind, and its outputs are all there, the build (or
# the handout) has nothing to do.
BOOK_INPUTS = (
    "_config.yml",
    "_toc.yml",
    "book",
    "src",
    "data",
    "seeds",
    "requirements.txt",
    "pyproject.toml",
    "package-lock.json",
)


def book_inputs_digest(salt: str) -> str:
    """The fingerprint of everything the book is made from, for a build of kind `salt`."""
    return digest([ROOT / name for name in BOOK_INPUTS], f"{salt} {sys.version}")
