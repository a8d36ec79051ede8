"""Bad input, said once: the error every module raises when a file the book is made from is
not as it must be (the seed, a data file, a teaching file, a pinned download).

`InputError` names the file (relative to the repository when it is inside it), the line
as an editor numbers it, the column, and says what was expected and what was found. The
one command (`tianyuan.cli`) prints it as one line and stops with status 1: no traceback.
The kinds of input each have their subclass (`ArticleError`, `DataError`, `TeachingError`,
`LiteError`, `HandoutError`) so that a caller can tell them apart.
"""

from __future__ import annotations

from pathlib import Path

from tianyuan.paths import ROOT


class InputError(ValueError):
    """`path, line L, column C (name): message`; the parts not known are left out."""

    def __init__(
        self,
        path: Path | str | None,
        message: str,
        line: int | None = None,
        column: int | None = None,
        name: str | None = None,
    ):
        self.path = None if path is None else str(path)
        self.message, self.line, self.column, self.name = message, line, column, name
        super().__init__(self.where() + message if path is not None else message)

    def where(self) -> str:
        """`file, line L, column C (name): `, the prefix that locates the problem."""
        parts = [shown(self.path)]
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.column is not None:
            parts.append(f"column {self.column}" + (f" ({self.name})" if self.name else ""))
        elif self.name:
            parts.append(f"column {self.name}")
        return ", ".join(parts) + ": "

    def __reduce__(self):  # keyword-free rebuild, so the error survives pickling
        return (type(self), (self.path, self.message, self.line, self.column, self.name))


def shown(path: Path | str) -> str:
    """A path as a reader of the message finds it: relative to the repository if inside."""
    path = Path(path)
    try:
        return path.resolve().relative_to(ROOT.resolve()).as_posix()
    except ValueError:
        return str(path)
