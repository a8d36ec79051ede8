"""Teaching material, written once and placed wherever it is needed: no Sphinx here.

`book/teaching/questions.yml` holds every discussion question (Chinese and English) with
its guidance for the teacher; `book/teaching/glossary.yml` holds the glossary. Both are
our own prose, written in Traditional and converted per edition like the chapters. The
book places them with the directives of `tianyuan.sphinxext.teaching`; the handout PDF
(`tianyuan.typeset.handout`) reads the same files.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

from tianyuan import data
from tianyuan.errors import InputError
from tianyuan.paths import ROOT
from tianyuan.text.article import SECTION_SLUGS, load_article

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
TERM_KEYS = ("term", "en", "definition", "definition_en", "paragraphs")


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


CLASS = TEACHING / "class.yml"
EXHIBIT_KEYS = (
    "figure",
    "chapter",
    "table",
    "builder",
    "title",
    "title_en",
    "caption",
    "caption_en",
)


@cache
def assignment() -> list[dict]:
    """The pre-class assignment: items with `zh` and `en`."""
    top = _read(CLASS)
    items = top.get("assignment")
    if not isinstance(items, list) or not items:
        raise TeachingError(
            CLASS, f"expected a list under `assignment`, found {_kind(items)}", _at(top)
        )
    for n, item in enumerate(items, 1):
        _require(CLASS, item, ("zh", "en"), f"assignment item {n}", top)
    return items


@cache
def exhibits() -> list[dict]:
    """The exhibits the class uses: figure id, chapter, table, builder, neutral titles and
    captions in both languages, and the figure's number in the book."""
    top = _read(CLASS)
    items = top.get("exhibits")
    if not isinstance(items, list) or not items:
        raise TeachingError(
            CLASS, f"expected a list under `exhibits`, found {_kind(items)}", _at(top)
        )
    for n, item in enumerate(items, 1):
        _require(CLASS, item, EXHIBIT_KEYS, f"exhibit {n}", top)
        numbers = figure_numbers()
        if item["figure"] not in numbers:
            raise TeachingError(
                CLASS,
                f"exhibit {n}: expected a figure a chapter places ({{glue:figure}}), "
                f"found {item['figure']!r}",
                _at(item),
            )
        item["number"] = numbers[item["figure"]]
    return items


GLUE_FIGURE = re.compile(r"^```\{glue:figure\} ([\w-]+)", re.M)


@cache
def figure_numbers() -> dict[str, str]:
    """Each chart's number as the book prints it (圖 2.1): the chapter's place among the
    article's sections, then the figure's place in its chapter."""
    out = {}
    for c, slug in enumerate(SECTION_SLUGS, 1):
        text = (ROOT / "book" / f"{slug}.md").read_text("utf-8")
        for f, fig_id in enumerate(GLUE_FIGURE.findall(text), 1):
            out[fig_id] = f"{c}.{f}"
    return out


def question_number(slug: str, n: int) -> str:
    """A question's number as the plan and the packets give it: chapter.question (2.2)."""
    return f"{SECTION_SLUGS.index(slug) + 1}.{n}"


SUMMARY_EN = TEACHING / "summary-en.yml"


@cache
def english_summary() -> list[dict]:
    """The book's English summary: sections (slug, title_en, heading_zh) with paragraphs
    (text, ids). Every article paragraph is covered exactly once, in the article's order."""
    top = _read(SUMMARY_EN)
    sections = top.get("sections")
    if not isinstance(sections, list) or not sections:
        raise TeachingError(
            SUMMARY_EN, f"expected a list under `sections`, found {_kind(sections)}", _at(top)
        )
    covered = []
    for n, section in enumerate(sections, 1):
        _require(SUMMARY_EN, section, ("slug", "title_en", "paragraphs"), f"section {n}", top)
        for m, par in enumerate(section["paragraphs"], 1):
            _require(SUMMARY_EN, par, ("text", "ids"), f"section {n} paragraph {m}", top)
            covered += par["ids"]
    expected = [p.pid for p in load_article().paragraphs]
    if covered != expected:
        wrong = next(
            (f"{e} where {c} stands" for c, e in zip(covered, expected, strict=False) if c != e),
            f"{len(covered)} ids for {len(expected)} paragraphs",
        )
        raise TeachingError(
            SUMMARY_EN, f"expected every paragraph id once, in order; found {wrong}", _at(top)
        )
    return sections


def english_sources(table) -> str:
    """A chart's sources in English: the article's paragraphs, then the outside
    publishers by name as they print it, with the date of the page."""
    pids: list[str] = []
    for cell in table.get("paragraph_id", []):
        for p in str(cell if isinstance(cell, str) else "").split(";"):
            if p.strip() and p.strip() not in pids:
                pids.append(p.strip())
    outlets: list[str] = []
    if "source_url" in table:
        for row in table[table["source_url"].fillna("") != ""].to_dict("records"):
            name = str(row.get("outlet") or "") or re.sub(
                r"^https?://([^/]+).*", r"\1", row["source_url"]
            )
            entry = name + (f" ({row['source_date']})" if row.get("source_date") else "")
            if entry not in outlets:
                outlets.append(entry)
    parts = []
    if pids:
        parts.append("the article, paragraphs " + ", ".join(pids))
    if outlets:
        parts.append("outside sources: " + ", ".join(outlets))
    return "Sources: " + "; ".join(parts) + "."
