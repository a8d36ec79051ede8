"""Executed notebooks to download: each chapter as a plain Jupyter notebook, per edition.

A chapter is a MyST Markdown notebook that only a MyST-aware build can read: its article
passages are directives (`{passage} core-05:core-08`), its charts are glued, its links
are roles. The notebook a reader downloads has to stand on its own in JupyterLab, VS Code
or on GitHub, so `export()` turns one into a plain `.ipynb` (nbformat 4):

- the article's passages expanded into Markdown with their paragraph ids as anchors,
  as the edition sets them;
- our prose in CommonMark: admonitions as quotes, dropdowns as ``<details>``,
  cross-references as links to the right notebook, figure numbers as text;
- the outputs of the book's own run (from the execution cache): each chart as plotly
  JSON (drawn by JupyterLab and VS Code), a PNG (shown by GitHub) and its text
  alternative; its notes as Markdown;
- the setup cell with the edition filled in and without the book's fingerprint, so a
  re-run shows the charts in the notebook instead of gluing them.

`myst_to_markdown()` is also what a chart cell run by hand uses for its notes.
"""

from __future__ import annotations

import copy
import hashlib
import re
from dataclasses import dataclass, field
from datetime import date

from tianyuan.charts.output import PLOTLY_MIME
from tianyuan.paths import ROOT
from tianyuan.text.article import ArticleError, load_article
from tianyuan.text.convert import display, ours

GLUE_PREFIX = "application/papermill.record/"
SETUP_CALL = re.compile(r'figures\.start\("([^"]*)", inputs="[^"]*"\)')
_OPEN = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[^}\s]+)\}[ \t]*(?P<arg>.*?)\s*$")
_OPTION = re.compile(r"^:(?P<key>[\w-]+):\s*(?P<value>.*)$")
_ROLE = re.compile(r"\{(?P<role>[a-z][\w:-]*)\}`(?P<body>[^`]*)`")
_LABEL = re.compile(r"^\((?P<label>[\w-]+)\)=\s*$")
_SUBSTITUTION = re.compile(r"\{\{\s*(\w+)\s*\}\}")
FIGURE_WORD = {"zh-Hant": "圖", "zh-Hans": "图"}


@dataclass
class Links:
    """How the book's cross-references read in a notebook outside the book.

    Without a build (a chart cell run by hand) only paragraph ids resolve, to anchors
    in the same notebook; `from_env()` knows every label, figure number and title. A
    notebook is downloaded alone, so a reference to another chapter points to that
    chapter's page of the web edition (`site`: the edition's address, from `html.baseurl`)
    and, where the book has no address, is its title without a link."""

    edition: str
    docname: str = ""
    labels: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    fignumbers: dict[str, str] = field(default_factory=dict)
    substitutions: dict[str, str] = field(default_factory=dict)
    site: str = ""

    @classmethod
    def from_env(cls, env, docname: str, site: str = "") -> Links:
        std = env.get_domain("std")
        labels = {name: (doc, anchor, title) for name, (doc, anchor, title) in std.labels.items()}
        numbers = {}
        for doc, kinds in env.toc_fignumbers.items():
            for fig_id, number in kinds.get("figure", {}).items():
                numbers[fig_id] = ".".join(str(n) for n in number)
                labels.setdefault(fig_id, (doc, fig_id, ""))
        subs = dict(env.config.myst_substitutions or {})
        return cls(env.config.tianyuan_edition, docname, labels, numbers, subs, site)

    def href(self, label: str) -> str | None:
        if label in self.labels:
            doc, anchor, _ = self.labels[label]
        elif _is_paragraph_id(label):
            doc, anchor = self.docname, label
        else:
            return None
        if doc == self.docname:
            return f"#{anchor}"
        if not self.site:
            return None  # no page to point to: the title alone
        return f"{self.site}{doc}.html" + (f"#{anchor}" if anchor else "")

    def title(self, label: str) -> str:
        return self.labels.get(label, ("", "", ""))[2] or label


def _is_paragraph_id(label: str) -> bool:
    return bool(re.fullmatch(r"(lede|core|dragons|crisis|road|stones)-\d{2}", label))


# --- MyST to CommonMark -------------------------------------------------------------------


def myst_to_markdown(text: str, edition: str, links: Links | None = None) -> str:
    """Our MyST Markdown as plain Markdown that Jupyter, VS Code and GitHub render."""
    links = links or Links(edition)
    lines = _SUBSTITUTION.sub(lambda m: links.substitutions.get(m.group(1), m.group(0)), text)
    out = _convert_blocks(lines.split("\n"), links)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip("\n")


def _convert_blocks(lines: list[str], links: Links) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        opened = _OPEN.match(line.strip())
        label = _LABEL.match(line.strip())
        if label:
            out.append(f'<a id="{label.group("label")}"></a>')
            i += 1
        elif opened:
            fence = opened.group("fence")
            end = i + 1
            closing = re.compile(rf"^{re.escape(fence[0])}{{{len(fence)},}}\s*$")
            while end < len(lines) and not closing.match(lines[end].strip()):
                end += 1
            body = lines[i + 1 : end]
            options = {}
            while body and _OPTION.match(body[0].strip()):
                m = _OPTION.match(body.pop(0).strip())
                options[m.group("key")] = m.group("value")
            out += _directive(opened.group("name"), opened.group("arg"), options, body, links)
            i = end + 1
        else:
            out.append(_roles(line, links))
            i += 1
    return out


def _directive(name: str, arg: str, options: dict, body: list[str], links: Links) -> list[str]:
    inner = _convert_blocks(body, links)
    if name == "passage":
        return _passage(arg, links.edition)
    if name in ("article-masthead", "article-captions", "article-credits"):
        return _article_block(name, links.edition)
    if name == "glue:figure":
        number = links.fignumbers.get(options.get("name", arg), "")
        caption = " ".join(x for x in inner if x.strip())
        word = FIGURE_WORD[links.edition]
        return ["", f"**{word} {number}** {caption}" if number else caption, ""]
    if name in ("glue:md", "glue"):
        return []  # the glued output itself is in the code cell above
    if name == "raw":
        return body if arg.strip() == "html" else []
    if name == "only":
        return inner if "html" in arg else []
    if name in ("tabularcolumns", "contents", "tableofcontents"):
        return []
    if name in ("admonition", "note", "tip", "important", "warning"):
        title = arg or name
        quoted = [f"> {x}" if x.strip() else ">" for x in inner]
        return ["", f"> **{_roles(title, links)}**", ">", *quoted, ""]
    if name in ("fold", "english"):
        summary = "English" if name == "english" else _roles(arg, links)
        language = ' lang="en"' if name == "english" else ""
        return [
            "",
            f"<details{language}><summary>{summary}</summary>",
            "",
            *inner,
            "",
            "</details>",
            "",
        ]
    if name == "dropdown":
        return [
            "",
            f"<details><summary>{_roles(arg, links)}</summary>",
            "",
            *inner,
            "",
            "</details>",
            "",
        ]
    return inner


def _passage(spec: str, edition: str) -> list[str]:
    try:
        paragraphs = load_article().select(spec)
    except (ArticleError, KeyError):
        return [f"`{{passage}} {spec}`"]
    out = []
    for p in paragraphs:
        out += [f'> <a id="{p.pid}"></a>**{p.pid}**　{display(p.text, edition)}', ">"]
    return ["", *out[:-1], ""]


def _article_block(name: str, edition: str) -> list[str]:
    art = load_article()
    if name == "article-masthead":
        lines = [
            f"**{art.title} ——{art.subtitle}**",
            f"作者:{'、'.join(art.authors)} | 編輯:{art.editor} | 來源:{art.source}",
            f"{art.date} {art.time}",
        ]
    elif name == "article-captions":
        lines = ["▲" + c for c in art.captions]
    else:
        lines = list(art.credits)
    return ["", *(f"> {display(line, edition)}  " for line in lines), ""]


def _roles(line: str, links: Links) -> str:
    def role(m: re.Match) -> str:
        name, body = m.group("role"), m.group("body")
        explicit = re.fullmatch(r"(?P<text>.*?)\s*<(?P<target>[^<>]+)>", body, re.S)
        text, target = (
            (explicit.group("text"), explicit.group("target")) if explicit else (None, body)
        )
        if name == "numref":
            number = links.fignumbers.get(target)
            shown = f"{FIGURE_WORD[links.edition]} {number}" if number else (text or target)
            href = links.href(target)
            return f"[{shown}]({href})" if href and number else shown
        if name in ("ref", "doc"):
            href = links.href(target)
            shown = text or links.title(target)
            return f"[{shown}]({href})" if href else shown
        return text or target  # keep, term, abbr …: the words themselves

    return _ROLE.sub(role, line)


# --- the notebook ---------------------------------------------------------------------------


def export(executed, edition: str, links: Links, version: str, source: str):
    """A plain notebook from a chapter executed by the book build (cells merged with their
    cached outputs). `source` is the chapter's path in the repository."""
    import nbformat

    nb = copy.deepcopy(executed)
    cells = [_intro_cell(edition, version, source)]
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            text = myst_to_markdown(cell.source, edition, links)
            if text:
                cells.append(nbformat.v4.new_markdown_cell(text))
        elif cell.cell_type == "code":
            code = SETUP_CALL.sub(r'figures.start("\1")', cell.source)
            new = nbformat.v4.new_code_cell(code, metadata=dict(cell.get("metadata", {})))
            new.outputs = [o for o in (_output(o, edition, links) for o in cell.outputs) if o]
            new.execution_count = cell.get("execution_count")
            cells.append(new)
    for index, cell in enumerate(cells):
        # nbformat draws random ids: the same chapter would export a different file on every
        # build (and the in-browser site, which hashes them, would rebuild every time).
        cell.id = hashlib.sha256(f"{index}\0{cell.source}".encode()).hexdigest()[:8]
    out = nbformat.v4.new_notebook(cells=cells)
    out.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
        "tianyuan": {"edition": edition, "version": version, "source": source},
    }
    nbformat.validate(out)
    return out


def _output(output, edition: str, links: Links):
    import nbformat

    data = output.get("data", {})
    if output.output_type not in ("display_data", "execute_result") or not data:
        return output if output.output_type == "stream" else None
    unglued = {k.removeprefix(GLUE_PREFIX): v for k, v in data.items()}
    if PLOTLY_MIME in unglued:
        unglued.pop("text/html", None)  # a plotly div without plotly.js draws nothing
    if "text/markdown" in unglued:
        unglued["text/markdown"] = myst_to_markdown(unglued["text/markdown"], edition, links)
        unglued.pop("text/plain", None)
    if output.output_type == "execute_result" and not any(k.startswith(GLUE_PREFIX) for k in data):
        return nbformat.v4.new_output(
            "execute_result", data=unglued, execution_count=output.get("execution_count")
        )
    return nbformat.v4.new_output("display_data", data=unglued)


INTRO = (
    "本筆記本是《{title}》{version} 版（{edition}）的一章，由本書的建置執行後匯出，"
    "保留了書中圖表的輸出。原文出處：{source}〈{article}〉，作者 {authors}，{date} 刊出；"
    "依其版權聲明註明來源、原標題與作者。原文的詞句未改，只作字形轉換，標點依中文排版改為全形。\n\n"
    "**重跑**：在本書的程式庫中（`make lab`，或 `pip install -e .` 之後）開啟本筆記本，"
    "選「Run All」即可；修改 `data/` 下的資料後先執行 `make data`。本章的原始檔是 `{path}`。"
)


def _intro_cell(edition: str, version: str, source: str):
    import nbformat
    import yaml

    art = load_article()
    title = yaml.safe_load((ROOT / "_config.yml").read_text("utf-8"))["title"]
    text = INTRO.format(
        title=title,
        version=version,
        edition=edition,
        source=art.source,
        article=display(f"{art.title} ——{art.subtitle}", edition),
        authors="、".join(art.authors),
        date=art.date,
        path=source,
    )
    cell = nbformat.v4.new_markdown_cell(ours(text, edition))
    cell.metadata["tags"] = ["book-intro"]
    return cell


def edition_notebook(text: str, edition: str, cache_path) -> object:
    """The chapter as the book executed it: its converted source, merged with the outputs
    that the execution cache holds for exactly these code cells."""
    import jupytext
    from jupyter_cache import get_cache

    nb = jupytext.reads(text, fmt="myst")
    _, merged = get_cache(cache_path).merge_match_into_notebook(nb)
    return merged


def today() -> str:
    return date.today().isoformat()
