"""Build the book: both script editions, HTML (and PDF where TeX is installed).

    tianyuan book                       # everything
    tianyuan book html                  # both HTML editions + the root page
    tianyuan edition zh-Hans html       # one edition, one builder
    tianyuan edition zh-Hans handout    # one edition's student handout

One source tree, one `_config.yml` and one `_toc.yml`. Each edition gets its own
converted copy of those two files, its own execution cache and doctrees (jupyter-cache
keys on notebook content only), and its own jieba dictionary for Chinese search.
"""

from __future__ import annotations

import csv
import html
import json
import os
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import jieba
from jupyter_book.sphinx import build_sphinx
from jupyter_cache import get_cache

from tianyuan import lite
from tianyuan.build import site, wheel
from tianyuan.build.vendor import plotly_bundle
from tianyuan.config import book_title, edition_address
from tianyuan.data import derive
from tianyuan.fingerprint import book_inputs_digest
from tianyuan.paths import BUILD, DATA, HTML, PDF, ROOT, handout_name, pdf_name
from tianyuan.sphinxext.interface import write_simplified_catalogue
from tianyuan.teaching.content import glossary, questions
from tianyuan.text.article import load_article
from tianyuan.text.convert import EDITION_NAMES, EDITIONS, SPHINX_LANGUAGE, convert, ours
from tianyuan.typeset import packet

SEARCH_TERMS = DATA / "search_terms.csv"


def edition_dir(edition: str) -> Path:
    return BUILD / "editions" / edition


def prepare_edition(edition: str) -> dict:
    """Write the edition's converted config, toc and search dictionary; return overrides."""
    work = edition_dir(edition)
    work.mkdir(parents=True, exist_ok=True)
    for name in ("_config.yml", "_toc.yml"):
        _write_if_changed(work / name, ours((ROOT / name).read_text("utf-8"), edition))
    search_dict = work / "jieba-user-dict.txt"
    _write_search_dict(search_dict, edition)
    overrides = {}
    if edition == "zh-Hans":
        # the interface in mainland Simplified: a zh_CN catalogue made from the Taiwan one
        # (before Sphinx starts: it reads its catalogues before any extension is set up)
        overrides["locale_dirs"] = [str(write_simplified_catalogue(work / "locale"))]
    return overrides | {
        "tianyuan_edition": edition,
        "language": SPHINX_LANGUAGE[edition],
        "external_toc_path": str(work / "_toc.yml"),
        "nb_execution_cache_path": str(work / "jupyter_cache"),
        "html_search_options": {"dict": str(search_dict)},
        "nitpicky": True,
        "latex_individualpages": False,
        # canonical links and the colophon's address: the edition's folder, not the root
        "html_baseurl": edition_address(edition),
        "tianyuan_plotly_js": str(plotly_bundle() or ""),
        "tianyuan_lite": lite.enabled(),
        "tianyuan_shared_static": True,  # one _static for both editions (tianyuan.build.site)
    }


def _write_if_changed(path: Path, text: str) -> None:
    if not path.exists() or path.read_text("utf-8") != text:
        path.write_text(text, "utf-8")


def _search_terms() -> list[str]:
    with SEARCH_TERMS.open(encoding="utf-8", newline="") as fh:
        return [row["term"] for row in csv.DictReader(fh)]


def _write_search_dict(path: Path, edition: str) -> None:
    """jieba's dictionary is Simplified: the Traditional edition gets a converted copy.

    Both editions add the article's proper nouns so that they are indexed whole.
    """
    inputs = [SEARCH_TERMS, Path(__file__), DATA / "conversion_overrides.csv"]
    if path.exists() and all(path.stat().st_mtime >= p.stat().st_mtime for p in inputs):
        return
    lines = []
    if edition == "zh-Hant":
        base = Path(jieba.__file__).with_name("dict.txt").read_text("utf-8")
        lines.append(convert(base, edition).rstrip("\n"))
    for term in _search_terms():
        lines.append(f"{convert(term, edition)} 2000 nz")
    path.write_text("\n".join(lines) + "\n", "utf-8")


def build_edition(edition: str, builder: str) -> int:
    overrides = prepare_edition(edition)
    work = edition_dir(edition)
    outdir = HTML / edition if builder == "html" else work / builder
    result = build_sphinx(
        ROOT,
        outdir,
        doctreedir=work / "doctrees",
        noconfig=True,
        path_config=str(work / "_config.yml"),
        confoverrides=overrides,
        builder=builder,
        warningiserror=True,
        keep_going=True,
    )
    ok = result == 0 or result is None
    if ok and builder == "latex":
        ok = typeset_pdf(edition, outdir)
    if ok and builder == "html":
        prune_cache(Path(overrides["nb_execution_cache_path"]))
    return 0 if ok else 1


TEX_TOOLS = {"xelatex": "texlive-xetex", "latexmk": "latexmk"}


def missing_tex_packages() -> list[str]:
    return [pkg for tool, pkg in TEX_TOOLS.items() if not shutil.which(tool)]


def typeset_pdf(edition: str, latex_dir: Path) -> bool:
    """xelatex (via latexmk, which reruns for the TOC) the edition's LaTeX into a PDF."""
    tex = next(latex_dir.glob("*.tex"))
    run = subprocess.run(
        ["latexmk", "-xelatex", "-interaction=nonstopmode", "-halt-on-error", tex.name],
        cwd=latex_dir,
        capture_output=True,
        text=True,
    )
    if run.returncode != 0:
        log = latex_dir / tex.with_suffix(".log").name
        tail = log.read_text("utf-8", "replace")[-3000:] if log.exists() else run.stdout[-3000:]
        print(f"tianyuan: xelatex failed for {edition}:\n{tail}", file=sys.stderr)
        return False
    PDF.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(tex.with_suffix(".pdf"), PDF / pdf_name(edition))
    return True


def prune_cache(path: Path) -> None:
    """Keep only the newest executed notebook per chapter: stale outputs leave the build."""
    if not path.exists():
        return
    cache = get_cache(path)
    by_uri = defaultdict(list)
    for record in cache.list_cache_records():
        by_uri[record.uri].append(record)
    for records in by_uri.values():
        records.sort(key=lambda r: max(r.created, r.accessed))
        for stale in records[:-1]:
            cache.remove_cache(stale.pk)


def write_root_page() -> None:
    """`_build/html/index.html`: send a browser to its preferred script, link both."""
    links = "\n".join(
        f'<li><a lang="{e}" hreflang="{e}" href="{e}/index.html">{html.escape(EDITION_NAMES[e])}'
        f" ({e})</a></li>"
        for e in EDITIONS
    )
    title = book_title()
    title_hant, title_hans = ours(title, "zh-Hant"), ours(title, "zh-Hans")
    hant, hans = html.escape(title_hant), html.escape(title_hans)  # _config.yml's text, as HTML
    description = (
        f"{title_hant}:繁體版與简体版。An executable reading edition of a 2023 investigative "
        "article on the Zhuzhou National High-tech Zone, in Traditional and Simplified Chinese."
    )
    page = f"""<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<title>{hant} / {hans}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{html.escape(description)}">
<link rel="icon" href="_static/favicon.svg">
<script>
  // Simplified for mainland China and Singapore, Traditional otherwise.
  (function () {{
    var langs = navigator.languages || [navigator.language || ""];
    for (var i = 0; i < langs.length; i++) {{
      var l = (langs[i] || "").toLowerCase();
      if (/^zh-(hans|cn|sg|my)/.test(l)) {{ location.replace("zh-Hans/index.html"); return; }}
      if (/^zh/.test(l)) {{ location.replace("zh-Hant/index.html"); return; }}
    }}
    location.replace("zh-Hant/index.html");
  }})();
</script>
</head>
<body>
<h1><span lang="zh-Hant">{hant}</span> / <span lang="zh-Hans">{hans}</span></h1>
<ul>
{links}
</ul>
</body>
</html>
"""
    HTML.mkdir(parents=True, exist_ok=True)
    (HTML / "index.html").write_text(page, "utf-8")


SITE_CACHE = BUILD / "site-cache"


def publish_site(editions: list[str]) -> int:
    """The site readers get from the built editions (`tianyuan.build.site`)."""
    try:
        site.publish(HTML, editions, SITE_CACHE)
    except site.SiteError as err:
        print(f"tianyuan: {err}", file=sys.stderr)
        return 1
    return 0


def _run_editions(builder: str) -> int:
    """Build both editions, one process each, side by side (the machine has 2 cores)."""
    only = ["--sphinx-only"] if builder == "html" else []  # the site step follows, once
    procs = {
        e: subprocess.Popen(
            [sys.executable, "-m", "tianyuan", "edition", e, builder, "--inputs-checked", *only]
        )
        for e in EDITIONS
    }
    failed = [e for e, p in procs.items() if p.wait() != 0]
    if failed:
        print(f"tianyuan: {builder} build failed for {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


def check_inputs() -> None:
    """Before any page: the seed readable, every data file checked by every rule, the
    chart tables derived afresh when an input changed (as `make data` would), the teaching
    files in shape. Bad input raises an `InputError` naming the file, line and column and
    saying what was expected (the command prints it): the build stops before it writes
    anything."""
    load_article()
    written = derive.write(derive.derive())
    if written:
        names = ", ".join(p.relative_to(DATA).as_posix() for p in written)
        print(f"tianyuan: the data changed; derived afresh: {names}")
    questions()
    glossary()


def build_lite() -> int:
    """The chapters as live notebooks in the browser (`tianyuan.lite`), after the HTML
    editions wrote them; with TIANYUAN_LITE=0 none (and no button on the pages)."""
    if not lite.enabled():
        lite.remove()
        return 0
    start = time.perf_counter()
    site = lite.build()  # a LiteError reaches the command, which prints it
    print(
        f"tianyuan: in-browser notebooks in {site} ({lite.size_mb(site):.0f} MB, "
        f"{time.perf_counter() - start:.1f} s)"
    )
    return 0


BUILD_STAMP = BUILD / "tianyuan-build.json"


def build_inputs_digest(cmd: str) -> str:
    """What a build of kind `cmd` is made from (the in-browser site's switch included)."""
    return book_inputs_digest(f"{cmd} lite={lite.enabled()}")


def build_outputs(cmd: str) -> list[Path]:
    """The files a build of this kind leaves; all must exist for it to be up to date."""
    outputs = [HTML / "index.html"]
    if cmd in ("all", "html"):
        outputs += [HTML / e / "book" / "index.html" for e in EDITIONS]
        if lite.enabled():
            outputs.append(lite.SITE / lite.STAMP)
    if cmd in ("all", "pdf"):
        outputs += (
            [PDF / pdf_name(e) for e in EDITIONS]
            + [
                PDF / name(e)
                for e in EDITIONS
                for name in (handout_name, packet.student_name, packet.instructor_name)
            ]
            + [PDF / packet.ENGLISH_NAME]
        )
    return outputs


def up_to_date(cmd: str, digest: str) -> bool:
    if not BUILD_STAMP.exists() or not all(p.exists() for p in build_outputs(cmd)):
        return False
    return json.loads(BUILD_STAMP.read_text("utf-8")).get(cmd) == digest


def record_build(cmd: str, digest: str) -> None:
    stamps = json.loads(BUILD_STAMP.read_text("utf-8")) if BUILD_STAMP.exists() else {}
    stamps[cmd] = digest
    if cmd == "all":  # a full build is also an HTML build and a PDF build of these inputs
        stamps.update(html=build_inputs_digest("html"), pdf=build_inputs_digest("pdf"))
    BUILD_STAMP.write_text(json.dumps(stamps, indent=1), "utf-8")


def build_one(
    edition: str, builder: str, inputs_checked: bool = False, publish: bool = True
) -> int:
    """One edition with one builder (html, latex, or the handout), in this process. The
    inputs are checked first unless the caller (`build`) has just checked them; an HTML
    build is then published (`publish_site`) unless the caller does that once for both."""
    os.chdir(ROOT)
    if not inputs_checked:
        check_inputs()
    if builder == "handout":
        return packet.main([edition])
    result = build_edition(edition, builder)
    if result == 0 and builder == "html" and publish:
        return publish_site([edition])
    return result


def build(cmd: str = "all") -> int:
    """Build the book (`all`), its HTML editions (`html`) or its PDFs (`pdf`): nothing when
    no input changed since the last build of the same kind."""
    os.chdir(ROOT)
    start = time.perf_counter()
    digest = build_inputs_digest(cmd)
    if up_to_date(cmd, digest):
        print(f"tianyuan: nothing changed since the last build; open {HTML / 'index.html'}")
        return 0
    BUILD_STAMP.unlink(missing_ok=True)  # a build that stops half-way is never up to date
    check_inputs()
    digest = build_inputs_digest(cmd)  # the chart tables may have been derived afresh
    plotly_bundle()  # once, before the two editions run
    if cmd in ("all", "html"):
        if _run_editions("html"):
            return 1
        write_root_page()
        if publish_site(list(EDITIONS)):
            return 1
        wheel.book_wheel()  # the package with its data, beside the PDFs
        if build_lite():
            return 1
    if cmd in ("all", "pdf"):
        missing = missing_tex_packages()
        if missing:
            print(
                "tianyuan: the PDF needs TeX; install it with: "
                f"apt-get install {' '.join(missing)} texlive-latex-extra texlive-lang-chinese",
                file=sys.stderr,
            )
            return 1
        if _run_editions("latex"):
            return 1
        if _run_editions("handout"):  # the student handouts, beside the book PDFs
            return 1
        english = packet.build_english()  # one English packet for both editions
        print(f"tianyuan: wrote {english}")
    record_build(cmd, digest)
    print(f"tianyuan: done in {time.perf_counter() - start:.1f} s; open {HTML / 'index.html'}")
    return 0
