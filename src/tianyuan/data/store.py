"""A consistent, checked view of the package's files, and what `make data` last checked.

A `Session` reads each table once and checks it by every rule (the schema by Frictionless
and the book's own, `tianyuan.data.checks`), keyed by the sha256 of its bytes and of the
tables its checks read, so an edited file is read and checked again. `make data` writes,
in `data/tables/checked.json`, the sha256 of every file it checked: a file whose bytes
are those is only read, not checked again (the chapters load fast).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from tianyuan import paths
from tianyuan.data import checks
from tianyuan.data.package import (
    PACKAGE_NAME,
    Resource,
    Text,
    data_dir,
    frame_of,
    read_text,
    resource,
    resource_names,
)

MANIFEST = "tables/checked.json"


def manifest_path() -> Path:
    return data_dir() / MANIFEST


def digest(content: bytes | str | None) -> str:
    if content is None:
        return ""
    if isinstance(content, str):
        content = content.encode("utf-8")
    return hashlib.sha256(content).hexdigest()


def _file_digest(path: Path) -> str:
    try:
        return digest(path.read_bytes())
    except OSError:
        return ""


def relative(path: Path) -> str:
    """A file's name in the manifest: relative to data/ (the seed is ../seeds/...)."""
    return Path(os.path.relpath(path, data_dir())).as_posix()


class Session:
    """One consistent view of the package: each table read once and checked by every rule.

    `overrides` are tables not (yet) on disk, as CSV text (the derivation puts them here
    before writing). With `trust`, a file whose bytes — and those of every table its
    checks read — are what `make data` last checked is only read, not checked again.
    """

    def __init__(self, trust: bool = True, overrides: dict[str, str] | None = None):
        self.trust = trust
        self.overrides = dict(overrides or {})
        self._frames: dict[str, tuple[tuple, pd.DataFrame]] = {}
        self._digests: dict[str, str] = {}

    # what the files are now
    def digest(self, name: str) -> str:
        if name in self.overrides:
            return digest(self.overrides[name])
        if name not in self._digests:
            self._digests[name] = _file_digest(resource(name).path)
        return self._digests[name]

    def forget_files(self) -> None:
        """Read the files again (they may have changed since)."""
        self._digests.clear()

    def put(self, name: str, text: str) -> None:
        self.overrides[name] = text

    def drop(self, names: Iterable[str]) -> None:
        for name in names:
            self.overrides.pop(name, None)

    def text(self, name: str) -> Text:
        res = resource(name)
        return read_text(res.path, res, self.overrides.get(name))

    # checked tables
    def frame(self, name: str) -> pd.DataFrame:
        res = resource(name)
        key = (
            digest(json.dumps(res.descriptor, sort_keys=True)),
            self.digest(name),
            *(self.digest(other) for other in checks.reads(res)),
        )
        hit = self._frames.get(name)
        if hit and hit[0] == key:
            return hit[1]
        text = self.text(name)
        if self.trust and self.trusted(res):
            frame = frame_of(text, res)
        else:
            checks.schema_problems(res, self.text)
            frame = frame_of(text, res)
            self._frames[name] = (key, frame)  # the checks may read tables that point back
            try:
                checks.rules(frame, res, self.frame)
            except Exception:
                self._frames.pop(name, None)
                raise
        self._frames[name] = (key, frame)
        return frame

    def trusted(self, res: Resource) -> bool:
        """Whether make data checked exactly these bytes of `res` and of what it reads."""
        if res.name in self.overrides:
            return False
        checked = read_manifest()
        if not checked or checked.get(PACKAGE_NAME) != _file_digest(data_dir() / PACKAGE_NAME):
            return False
        return all(
            n not in self.overrides and checked.get(relative(resource(n).path)) == self.digest(n)
            for n in [res.name, *checks.reads(res)]
        )


def read_manifest() -> dict[str, str]:
    try:
        return json.loads(manifest_path().read_text("utf-8"))["files"]
    except (OSError, ValueError, KeyError):
        return {}


def manifest_text(session: Session) -> str:
    """data/tables/checked.json for the files as they are now (all checked, tables written)."""
    files = {PACKAGE_NAME: _file_digest(data_dir() / PACKAGE_NAME)}
    for name in resource_names():
        files[relative(resource(name).path)] = session.digest(name)
    files[relative(paths.SEED_PATH)] = _file_digest(paths.SEED_PATH)
    body = {
        "about": "The sha256 of every file of the data package as `make data` last checked "
        "them and derived tables/ from them: a file with these bytes is read without "
        "checking it again; a table whose inputs differ is derived afresh in memory.",
        "files": dict(sorted(files.items())),
    }
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"


def restamp(data_folder: Path) -> None:
    """Record, in a copy of the package (`data_folder`, with its seeds/ beside it), the
    sha256 of the copied files: a copy whose seed is the readers' copy (the spam line
    blanked, `tianyuan.lite`) parses to the same article, and is read as checked."""
    path = data_folder / MANIFEST
    body = json.loads(path.read_text("utf-8"))
    body["files"] = {name: _file_digest(data_folder / name) for name in body["files"]}
    path.write_text(json.dumps(body, ensure_ascii=False, indent=2) + "\n", "utf-8")
