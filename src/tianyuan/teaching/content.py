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
from tianyuan.paths import ROOT

TEACHING = ROOT / "book" / "teaching"
QUESTIONS = TEACHING / "questions.yml"
GLOSSARY = TEACHING / "glossary.yml"


class TeachingError(ValueError):
    """A teaching file does not have the expected shape; says which file and entry."""


@cache
def questions() -> dict[str, list[dict]]:
    """Chapter slug -> its questions, each with id, zh, en and the guidance keys."""
    data = _read(QUESTIONS)
    for slug, items in data.items():
        for n, q in enumerate(items, 1):
            missing = [k for k in ("zh", "en", "look_for", "evidence", "misreadings") if k not in q]
            if missing:
                raise TeachingError(f"{QUESTIONS}: {slug} question {n}: missing {missing}")
    return data


@cache
def glossary() -> list[dict]:
    terms = _read(GLOSSARY).get("terms")
    if not isinstance(terms, list) or not terms:
        raise TeachingError(f"{GLOSSARY}: expected a non-empty list under `terms`")
    for n, t in enumerate(terms, 1):
        missing = [k for k in ("term", "en", "definition", "paragraphs") if k not in t]
        if missing:
            raise TeachingError(f"{GLOSSARY}: term {n}: missing {missing}")
        if "source" in t:
            raise TeachingError(
                f"{GLOSSARY}: term {n} ({t['term']}): `source` is gone; an outside fact is a row "
                "of data/external_figures.csv, listed under `sources` by its ext_id"
            )
    known = set(data.load("external_figures")["ext_id"])
    for n, t in enumerate(terms, 1):
        unknown = [e for e in t.get("sources", []) if e not in known]
        if unknown:
            raise TeachingError(
                f"{GLOSSARY}: term {n} ({t['term']}): sources {unknown} are not rows of "
                "data/external_figures.csv"
            )
    return terms


def outside_rows(ids: list[str]) -> list[dict]:
    """The rows of data/external_figures.csv behind a glossary entry, in the order given."""
    ext = data.load("external_figures").set_index("ext_id", drop=False)
    return [ext.loc[e].to_dict() for e in ids]


def _read(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except OSError as err:
        raise TeachingError(f"{path}: cannot be read ({err.strerror or err})") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        raise TeachingError(f"{path}{where}: not valid YAML ({err})") from None
    if not isinstance(data, dict):
        raise TeachingError(f"{path}: expected a mapping at the top, found {type(data).__name__}")
    return data


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
