"""The data package: every number the book shows, with its source.

    from tianyuan import data
    data.resource_names()                  # every table of data/datapackage.json
    ranks = data.load("ranking_history")   # a checked DataFrame
    data.about(ranks, "changsha-htz")      # rows about an entity and its parts

`load(name)` returns a table checked by every rule of the package (`tianyuan.data.checks`)
and follows edits to the files; `validate_all()` checks every file. The chart tables
under `data/tables/` are derived from the sources of numbers by `tianyuan.data.derive`
(`make data`); the typed outside figures came from the raw research by
`tianyuan.data.migration`. No Sphinx here, and nothing but pandas (and Frictionless for
the schema, where installed).
"""

import pandas as pd

from tianyuan import paths
from tianyuan.data.checks import read_value, schema_checked
from tianyuan.data.current import derived_in_memory, load, validate_all
from tianyuan.data.package import (
    DataError,
    Field,
    Resource,
    column_titles,
    package,
    read_table,
    resource,
    resource_names,
    titles,
)
from tianyuan.data.units import convert, convertible

# Where an editor adds or corrects an outside figure (see data/README.md).
EXTERNAL_ENTRY = paths.DATA / "external_figures.csv"


def parts_of(entity: str) -> list[str]:
    """`entity` and every entity that is part of it (data/entities.csv, column parent)."""
    parents = dict(zip(*(load("entities")[c] for c in ("entity", "parent")), strict=True))
    if entity not in parents:
        raise KeyError(f"no entity {entity!r} in data/entities.csv")
    out = [entity]
    for candidate in parents:
        chain, seen = parents[candidate], {candidate}
        while chain and chain not in seen:
            if chain == entity:
                out.append(candidate)
                break
            seen.add(chain)
            chain = parents.get(chain, "")
    return out


def about(frame: pd.DataFrame, entity: str, parts: bool = True) -> pd.DataFrame:
    """The rows of `frame` about `entity` (an id of data/entities.csv) and, with `parts`,
    about what is part of it: about(ext, "changsha-htz") includes its Lugu park."""
    wanted = parts_of(entity) if parts else [entity]
    return frame[frame["entity"].isin(wanted)]


def article_rows(*ids: str) -> pd.DataFrame:
    """Rows of article_figures by id, in the order asked, with their source columns."""
    figs = load("article_figures").set_index("id", drop=False)
    missing = [i for i in ids if i not in figs.index]
    if missing:
        raise KeyError(f"no article figure {missing}")
    out = figs.loc[list(ids)].rename(columns={"id": "figure_id"}).reset_index(drop=True)
    columns = ["figure_id", "entity", "metric", "period", "value", "unit", "qualifier"]
    return out[[*columns, "paragraph_id", "quote"]]


__all__ = [
    "EXTERNAL_ENTRY",
    "DataError",
    "Field",
    "Resource",
    "about",
    "article_rows",
    "column_titles",
    "convert",
    "convertible",
    "derived_in_memory",
    "load",
    "package",
    "parts_of",
    "read_table",
    "read_value",
    "resource",
    "resource_names",
    "schema_checked",
    "titles",
    "validate_all",
]
