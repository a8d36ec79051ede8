"""`tianyuan.data.load`: a table as the files say now, checked, never stale.

A CSV edited while the kernel runs is read again at the next `load` (its content's
sha256 changed), and a chart table whose inputs changed since `make data` derived it is
derived afresh, in memory, from the current inputs — in JupyterLab and in the in-browser
notebooks alike (the derivation is plain pandas). A file whose bytes are what `make data`
last checked is only read; any other is checked by every rule first.
"""

from __future__ import annotations

import pandas as pd

from tianyuan.data import checks, derive
from tianyuan.data.package import resource, resource_names
from tianyuan.data.store import Session, read_manifest

_session = Session()
_derived: dict[str, str] = {}  # inputs digest -> "" ; table name -> CSV text
_DIGEST = "\0inputs"


def load(name: str) -> pd.DataFrame:
    """Table `name` of data/datapackage.json as a checked DataFrame (`resource_names()`
    lists them): years and ranks as integers, dates as dates, every column's meaning in
    data/README.md. It follows edits to the files (see the module's docstring)."""
    res = resource(name)
    _session.forget_files()
    if res.derived or any(resource(other).derived for other in checks.reads(res)):
        _follow_inputs()
    frame = _session.frame(name)
    out = frame.copy()
    out.attrs = dict(frame.attrs)
    return out


def _follow_inputs() -> None:
    """Use tables derived afresh when the inputs differ from what make data derived from."""
    now = derive.inputs_digest()
    if now == derive.inputs_digest(read_manifest()):
        _derived.clear()
        _session.drop(derive.BUILDERS)
        return
    if _derived.get(_DIGEST) != now:
        tables = derive.build_tables(Session(trust=False))
        _derived.clear()
        _derived.update(tables)
        _derived[_DIGEST] = now
    for name, text in _derived.items():
        if name != _DIGEST:
            _session.put(name, text)


def derived_in_memory() -> list[str]:
    """The chart tables `load` currently derives in memory (their inputs changed since
    `make data`; run it to write them)."""
    return sorted(n for n in _derived if n != _DIGEST)


def validate_all() -> dict[str, int]:
    """Check every file of the package afresh, by every rule; return each table's rows."""
    fresh = Session(trust=False)
    return {name: len(fresh.frame(name)) for name in resource_names()}
