"""The book's Sphinx extension (`extra_extensions: [tianyuan.sphinxext]`): thin adapters
from Sphinx to the core (`tianyuan.text`, `data`, `charts`, `notebooks`, `teaching`).

- `article`: the article placed by directives, never retyped;
- `editions`: one source, two script editions, and the switch between them;
- `downloads`: the download menu (executed notebooks, sources, PDF), the run-in-the-browser
  button and the execution report;
- `teaching`: discussion questions, the teacher's guide, the glossary, the reproduce block;
- `interface`: the theme's strings and reading aids in the page's script, search;
- `latex`: the print edition's structure, quotes and tables;
- `assets`: what a reader's browser fetches, small, once for both editions;
- `markup`: page structure made where the markup is made.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from tianyuan import __version__
from tianyuan.paths import SEED_PATH
from tianyuan.sphinxext import assets, downloads, interface, latex, markup, teaching
from tianyuan.sphinxext.article import (
    CaptionsDirective,
    CreditsDirective,
    MastheadDirective,
    PassageAnchors,
    PassageDirective,
    keep_role,
)
from tianyuan.sphinxext.editions import (
    PrintWithoutCode,
    UnescapeLinkTargets,
    add_edition_switch,
    add_plotly_js,
    convert_source,
    drop_thebe,
    keep_executed_notebooks_per_edition,
    pages_older_than_their_doctrees,
    set_edition_config,
)
from tianyuan.teaching.content import (
    assignment,
    english_summary,
    exhibits,
    figure_numbers,
    glossary,
    questions,
)
from tianyuan.text.article import load_article
from tianyuan.text.convert import edition_terms, overrides

# What the core reads from files once per process and keeps: the seed, the override and
# term tables, the teaching files, the icons' shapes from the theme's bundle. sphinx-autobuild
# rebuilds in one process, so each reading of the sources starts by forgetting them. (The
# data package needs no clearing: `tianyuan.data` keys what it keeps by the files' sha256,
# size and time.)
CACHED_LOADERS = (
    load_article,
    overrides,
    edition_terms,
    questions,
    glossary,
    assignment,
    exhibits,
    figure_numbers,
    english_summary,
    interface.load_icons,
)


def clear_caches(app: Sphinx, env, docnames: list[str]) -> None:
    for loader in CACHED_LOADERS:
        loader.cache_clear()


def setup(app: Sphinx) -> dict:
    app.add_config_value("tianyuan_edition", "zh-Hant", "env", [str])
    app.add_config_value("tianyuan_seed", str(SEED_PATH), "env", [str])
    # a plotly.js file to serve instead of the plotly package's full bundle
    app.add_config_value("tianyuan_plotly_js", "", "html", [str])
    app.connect("config-inited", set_edition_config, priority=400)
    app.connect("config-inited", drop_thebe)
    app.connect("env-before-read-docs", clear_caches)
    app.connect("source-read", convert_source)
    app.connect("env-get-updated", pages_older_than_their_doctrees)
    app.connect("builder-inited", add_plotly_js)
    app.connect("builder-inited", keep_executed_notebooks_per_edition, priority=600)
    app.connect("html-page-context", add_edition_switch)
    app.add_directive("passage", PassageDirective)
    app.add_directive("article-masthead", MastheadDirective)
    app.add_directive("article-captions", CaptionsDirective)
    app.add_directive("article-credits", CreditsDirective)
    app.add_post_transform(PassageAnchors)
    app.add_post_transform(PrintWithoutCode)
    app.add_post_transform(UnescapeLinkTargets)
    app.add_role("keep", keep_role)
    app.add_css_file("tianyuan.css")
    downloads.setup(app)
    teaching.setup(app)
    interface.setup(app)
    latex.setup(app)
    assets.setup(app)
    markup.setup(app)
    # Safe to read in parallel: the one thing kept in the environment, the pages that hold
    # the execution report, is purged and merged (`execution`).
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
