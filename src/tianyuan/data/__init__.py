"""The data package: every number the book shows, with its source.

`load(name)` returns a resource of `data/datapackage.json` as a checked DataFrame;
`resource_names()` lists them; `validate_all()` checks every file. The chart tables under
`data/tables/` are derived from the sources of numbers by `tianyuan.data.derive` (`make
data`); the typed outside figures came from the raw research by `tianyuan.data.migration`.
No Sphinx here, and nothing but pandas.
"""

from tianyuan.data.package import (
    EXTERNAL_ENTRY,
    PACKAGE,
    DataError,
    Field,
    Resource,
    article_rows,
    check,
    column_titles,
    load,
    package,
    read_table,
    read_value,
    remember,
    resource,
    resource_names,
    titles,
    validate_all,
    validate_inputs,
)

__all__ = [
    "EXTERNAL_ENTRY",
    "PACKAGE",
    "DataError",
    "Field",
    "Resource",
    "article_rows",
    "check",
    "column_titles",
    "load",
    "package",
    "read_table",
    "read_value",
    "remember",
    "resource",
    "resource_names",
    "titles",
    "validate_all",
    "validate_inputs",
]
