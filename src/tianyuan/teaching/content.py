"""Teaching material, written once and placed wherever it is needed: no Sphinx here.

`book/teaching/questions.yml` holds every discussion question (Chinese and English) with
its guidance for the teacher; `book/teaching/glossary.yml` holds the glossary. Both are
our own prose, written in Traditional and converted per edition like the chapters. The
book places them with the directives of `tianyuan.sphinxext.teaching`; the handout PDF
(`tianyuan.typeset.handout`) reads the same files.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from tianyuan import data
from tianyuan.errors import InputError
from tianyuan.paths import ROOT

TEACHING = ROOT / "book" / "teaching"
QUESTIONS = TEACHING / "questions.yml"
GLOSSARY = TEACHING / "glossary.yml"


class TeachingError(InputError):
    """A teaching file does not have the expected shape; says which file, line and entry."""


class _Entry(dict):
    """A mapping read from YAML that remembers the line it starts on."""

    line: int | None = None


class _LineLoader(yaml.SafeLoader):
    """PyYAML's safe loader, its mappings `_Entry`s, so that a message can name a line."""


def _construct_entry(loader: _LineLoader, node: yaml.MappingNode):
    entry = _Entry()
    entry.line = node.start_mark.line + 1
    yield entry
    entry.update(loader.construct_mapping(node))


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_entry)

QUESTION_KEYS = ("zh", "en", "look_for", "evidence", "misreadings")
TERM_KEYS = ("term", "en", "definition", "paragraphs")


@cache
def questions() -> dict[str, list[dict]]:
    """Chapter slug -> its questions, each with id, zh, en and the guidance keys."""
    top = _read(QUESTIONS)
    for slug, items in top.items():
        if not isinstance(items, list):
            raise TeachingError(
                QUESTIONS, f"{slug}: expected a list of questions, found {_kind(items)}", _at(top)
            )
        for n, q in enumerate(items, 1):
            _require(QUESTIONS, q, QUESTION_KEYS, f"{slug} question {n}", top)
    return top


@cache
def glossary() -> list[dict]:
    top = _read(GLOSSARY)
    terms = top.get("terms")
    if not isinstance(terms, list) or not terms:
        raise TeachingError(
            GLOSSARY, f"expected a non-empty list under `terms`, found {_kind(terms)}", _at(top)
        )
    for n, t in enumerate(terms, 1):
        _require(GLOSSARY, t, TERM_KEYS, f"term {n}", top)
        if "source" in t:
            raise TeachingError(
                GLOSSARY,
                f"term {n} ({t['term']}): `source` is gone; an outside fact is a row "
                "of data/external_figures.csv, listed under `sources` by its ext_id",
                _at(t),
            )
    known = set(data.load("external_figures")["ext_id"])
    for n, t in enumerate(terms, 1):
        unknown = [e for e in t.get("sources", []) if e not in known]
        if unknown:
            raise TeachingError(
                GLOSSARY,
                f"term {n} ({t['term']}): expected sources that are rows of "
                f"data/external_figures.csv, found {unknown}",
                _at(t),
            )
    return terms


def outside_rows(ids: list[str]) -> list[dict]:
    """The rows of data/external_figures.csv behind a glossary entry, in the order given."""
    ext = data.load("external_figures").set_index("ext_id", drop=False)
    return [ext.loc[e].to_dict() for e in ids]


def _require(path: Path, entry, keys: tuple[str, ...], what: str, top) -> None:
    if not isinstance(entry, dict):
        raise TeachingError(path, f"{what}: expected a mapping, found {_kind(entry)}", _at(top))
    missing = [k for k in keys if k not in entry]
    if missing:
        raise TeachingError(
            path,
            f"{what}: expected the keys {list(keys)}, found no {', '.join(missing)}",
            _at(entry),
        )


def _at(node) -> int | None:
    return getattr(node, "line", None)


def _kind(value) -> str:
    return "nothing" if value is None else f"a {type(value).__name__}"


def _read(path: Path) -> dict:
    try:
        raw = path.read_bytes()
        top = yaml.load(raw.decode("utf-8"), Loader=_LineLoader)  # a safe loader, with lines
    except OSError as err:
        raise TeachingError(path, f"cannot be read ({err.strerror or err})") from None
    except UnicodeDecodeError as err:
        raise TeachingError(
            path,
            f"expected UTF-8 text, found the byte 0x{raw[err.start]:02x}",
            raw[: err.start].count(b"\n") + 1,
        ) from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        problem = getattr(err, "problem", None) or str(err)
        raise TeachingError(
            path,
            f"not valid YAML: {problem}",
            mark.line + 1 if mark else None,
            mark.column + 1 if mark else None,
        ) from None
    if not isinstance(top, dict):
        raise TeachingError(path, f"expected a mapping at the top, found {_kind(top)}")
    return top


def evidence_links(refs: list[str]) -> str:
    """MyST links for a question's evidence: figures by number, paragraphs by id."""
    out = []
    for ref in refs:
        if ref.startswith("fig-"):
            out.append(f"{{numref}}`{ref}`")
        elif ref.startswith("ch-"):
            out.append(f"{{ref}}`{ref}`")
        else:
            out.append(f"{{ref}}`{ref} <{ref}>`")
    return "、".join(out)
