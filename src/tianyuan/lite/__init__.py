"""Run it in the browser: every chapter as a live notebook in a JupyterLite site that the
book serves itself (`site.build`), pinned and offline."""

from tianyuan.lite.site import (
    FIRST_RUN_MB,
    SITE,
    STAMP,
    LiteError,
    build,
    enabled,
    notebook_path,
    notebook_url,
    remove,
    size_mb,
    words,
)

__all__ = [
    "FIRST_RUN_MB",
    "SITE",
    "STAMP",
    "LiteError",
    "build",
    "enabled",
    "notebook_path",
    "notebook_url",
    "remove",
    "size_mb",
    "words",
]
