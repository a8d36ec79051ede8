"""Build the book: both script editions, HTML (and PDF where TeX is installed).

    python -m tianyuan.build             # everything
    python -m tianyuan.build html        # both HTML editions + the root page
    python -m tianyuan.build edition zh-Hans html   # one edition, one builder
    python -m tianyuan.build edition zh-Hans handout  # one edition's student handout

One source tree, one `_config.yml` and one `_toc.yml`. Each edition gets its own
converted copy of those two files, its own execution cache and doctrees (jupyter-cache
keys on notebook content only), and its own jieba dictionary for Chinese search.
"""

from __future__ import annotations

import argparse
import html
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from tianyuan import assets, lite
from tianyuan.convert import EDITION_NAMES, EDITIONS, SPHINX_LANGUAGE, convert
from tianyuan.paths import BUILD, DATA, ROOT

HTML = BUILD / "html"
SEARCH_TERMS = DATA / "search_terms.csv"


def edition_dir(edition: str) -> Path:
    return BUILD / "editions" / edition


def web_address() -> str:
    """`html.baseurl` in `_config.yml`: the address where `_build/html` (both editions and
    `pdf/`) is published; empty when the book has none."""
    import yaml

    config = yaml.safe_load((ROOT / "_config.yml").read_text("utf-8")) or {}
    return str((config.get("html") or {}).get("baseurl") or "").strip()


def edition_address(edition: str) -> str:
    """The edition's own address (its pages live in `<edition>/`), or "" without a baseurl."""
    base = web_address()
    return f"{base.rstrip('/')}/{edition}/" if base else ""


def prepare_edition(edition: str) -> dict:
    """Write the edition's converted config, toc and search dictionary; return overrides."""
    work = edition_dir(edition)
    work.mkdir(parents=True, exist_ok=True)
    for name in ("_config.yml", "_toc.yml"):
        _write_if_changed(work / name, convert((ROOT / name).read_text("utf-8"), edition))
    search_dict = work / "jieba-user-dict.txt"
    _write_search_dict(search_dict, edition)
    return {
        "tianyuan_edition": edition,
        "language": SPHINX_LANGUAGE[edition],
        "external_toc_path": str(work / "_toc.yml"),
        "nb_execution_cache_path": str(work / "jupyter_cache"),
        "html_search_options": {"dict": str(search_dict)},
        "nitpicky": True,
        "latex_individualpages": False,
        # canonical links and the colophon's address: the edition's folder, not the root
        "html_baseurl": edition_address(edition),
        "tianyuan_plotly_js": str(assets.lean_plotly_bundle() or plotly_bundle() or ""),
        "tianyuan_lite": lite.enabled(),
    }


def _write_if_changed(path: Path, text: str) -> None:
    if not path.exists() or path.read_text("utf-8") != text:
        path.write_text(text, "utf-8")


def _search_terms() -> list[str]:
    import csv

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
        import jieba

        base = Path(jieba.__file__).with_name("dict.txt").read_text("utf-8")
        lines.append(convert(base, edition).rstrip("\n"))
    for term in _search_terms():
        lines.append(f"{convert(term, edition)} 2000 nz")
    path.write_text("\n".join(lines) + "\n", "utf-8")


# plotly.js partial bundle with every trace type the charts use (bar, scatter, indicator):
# a quarter of the full bundle. Fetched from the npm registry and checked against its hash;
# without npm the build falls back to the full bundle shipped inside the plotly package.
PLOTLY_BUNDLE = (
    "plotly.js-finance-dist-min",
    "4.1.0",
    "package/plotly-finance.min.js",
    "9993f6d57ffd52d7417a9e89b666679ff69078e7c2816b43ab9ecdea9fa4709d",
)


def plotly_bundle() -> Path | None:
    """Path of the verified partial plotly.js bundle, fetching it once; None if unavailable."""
    import hashlib
    import tarfile
    import tempfile

    name, version, member, sha256 = PLOTLY_BUNDLE
    target = BUILD / "vendor" / f"{name}-{version}.js"
    if target.exists():
        return target
    if not shutil.which("npm"):
        print("tianyuan.build: npm not found; serving the full plotly.js bundle", file=sys.stderr)
        return None
    with tempfile.TemporaryDirectory() as tmp:
        run = subprocess.run(
            ["npm", "pack", f"{name}@{version}", "--silent"],
            cwd=tmp,
            capture_output=True,
            text=True,
        )
        tarballs = list(Path(tmp).glob("*.tgz"))
        if run.returncode != 0 or not tarballs:
            print(
                f"tianyuan.build: npm pack {name}@{version} failed; serving the full "
                f"plotly.js bundle\n{run.stderr[-500:]}",
                file=sys.stderr,
            )
            return None
        with tarfile.open(tarballs[0]) as tar:
            content = tar.extractfile(member).read()
    if hashlib.sha256(content).hexdigest() != sha256:
        raise RuntimeError(f"{name}@{version}: {member} does not match its recorded sha256")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    return target


def build_edition(edition: str, builder: str) -> int:
    from jupyter_book.sphinx import build_sphinx

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


PDF = HTML / "pdf"
TEX_TOOLS = {"xelatex": "texlive-xetex", "latexmk": "latexmk"}


def missing_tex_packages() -> list[str]:
    return [pkg for tool, pkg in TEX_TOOLS.items() if not shutil.which(tool)]


def pdf_name(edition: str) -> str:
    return f"tianyuan-{edition}.pdf"


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
        print(f"tianyuan.build: xelatex failed for {edition}:\n{tail}", file=sys.stderr)
        return False
    PDF.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(tex.with_suffix(".pdf"), PDF / pdf_name(edition))
    return True


def prune_cache(path: Path) -> None:
    """Keep only the newest executed notebook per chapter: stale outputs leave the build."""
    from collections import defaultdict

    from jupyter_cache import get_cache

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
    import yaml

    title = yaml.safe_load((ROOT / "_config.yml").read_text("utf-8"))["title"]
    title_hant, title_hans = convert(title, "zh-Hant"), convert(title, "zh-Hans")
    description = (
        f"{title_hant}:繁體版與简体版。An executable reading edition of a 2023 investigative "
        "article on the Zhuzhou National High-tech Zone, in Traditional and Simplified Chinese."
    )
    page = f"""<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<title>{title_hant} / {title_hans}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{html.escape(description)}">
<link rel="icon" href="zh-Hant/_static/favicon.svg">
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
<h1><span lang="zh-Hant">{title_hant}</span> / <span lang="zh-Hans">{title_hans}</span></h1>
<ul>
{links}
</ul>
</body>
</html>
"""
    HTML.mkdir(parents=True, exist_ok=True)
    (HTML / "index.html").write_text(page, "utf-8")


def _run_editions(builder: str) -> int:
    """Build both editions, one process each, side by side (the machine has 2 cores)."""
    procs = {
        e: subprocess.Popen([sys.executable, "-m", "tianyuan.build", "edition", e, builder])
        for e in EDITIONS
    }
    failed = [e for e, p in procs.items() if p.wait() != 0]
    if failed:
        print(f"tianyuan.build: {builder} build failed for {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


def data_is_sound() -> bool:
    """Before any page: every data file valid, every derived table current. A problem is
    printed as file, line, column and what was expected, and the build stops."""
    from tianyuan import data, datasets

    try:
        data.validate_all()
    except data.DataError as err:
        print(f"tianyuan.build: {err}", file=sys.stderr)
        return False
    if datasets.main(["--check"]) != 0:
        print(
            "tianyuan.build: the chart tables do not match the data: run `make data`",
            file=sys.stderr,
        )
        return False
    return True


def build_lite() -> int:
    """The chapters as live notebooks in the browser (`tianyuan.lite`), after the HTML
    editions wrote them; with TIANYUAN_LITE=0 none (and no button on the pages)."""
    if not lite.enabled():
        lite.remove()
        return 0
    start = time.perf_counter()
    try:
        site = lite.build()
    except lite.LiteError as err:
        print(f"tianyuan.build: in-browser notebooks: {err}", file=sys.stderr)
        return 1
    print(
        f"tianyuan.build: in-browser notebooks in {site} ({lite.size_mb(site):.0f} MB, "
        f"{time.perf_counter() - start:.1f} s)"
    )
    return 0


# What a build reads besides the Python environment: when none of it changed since the last
# successful build of the same kind and its outputs are all there, the build has nothing to do.
BUILD_INPUTS = (
    "_config.yml",
    "_toc.yml",
    "book",
    "src",
    "data",
    "seeds",
    "requirements.txt",
    "pyproject.toml",
    "package-lock.json",
)
BUILD_STAMP = BUILD / "tianyuan-build.json"


def build_inputs_digest(cmd: str) -> str:
    import hashlib

    digest = hashlib.sha256(f"{cmd} {sys.version} lite={lite.enabled()}".encode())
    for name in BUILD_INPUTS:
        root = ROOT / name
        paths = [root] if root.is_file() else sorted(root.rglob("*"))
        for path in paths:
            if not path.is_file() or {"__pycache__", ".ipynb_checkpoints"} & set(path.parts):
                continue
            if path.suffix == ".mo":  # Sphinx compiles these from the .po beside them
                continue
            rel = path.relative_to(ROOT).as_posix()
            digest.update(f"{rel}\0{path.stat().st_size}\0".encode() + path.read_bytes())
    return digest.hexdigest()


def build_outputs(cmd: str) -> list[Path]:
    """The files a build of this kind leaves; all must exist for it to be up to date."""
    outputs = [HTML / "index.html"]
    if cmd in ("all", "html"):
        outputs += [HTML / e / "book" / "index.html" for e in EDITIONS]
        if lite.enabled():
            outputs.append(lite.SITE / lite.STAMP)
    if cmd in ("all", "pdf"):
        from tianyuan.handout import handout_name

        outputs += [PDF / pdf_name(e) for e in EDITIONS] + [PDF / handout_name(e) for e in EDITIONS]
    return outputs


def up_to_date(cmd: str, digest: str) -> bool:
    import json

    if not BUILD_STAMP.exists() or not all(p.exists() for p in build_outputs(cmd)):
        return False
    return json.loads(BUILD_STAMP.read_text("utf-8")).get(cmd) == digest


def record_build(cmd: str, digest: str) -> None:
    import json

    stamps = json.loads(BUILD_STAMP.read_text("utf-8")) if BUILD_STAMP.exists() else {}
    stamps[cmd] = digest
    if cmd == "all":  # a full build is also an HTML build and a PDF build of these inputs
        stamps.update(html=build_inputs_digest("html"), pdf=build_inputs_digest("pdf"))
    BUILD_STAMP.write_text(json.dumps(stamps, indent=1), "utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tianyuan.build")
    sub = parser.add_subparsers(dest="cmd")
    sub.add_parser("html")
    sub.add_parser("pdf")
    sub.add_parser("all")
    one = sub.add_parser("edition")
    one.add_argument("edition", choices=EDITIONS)
    one.add_argument("builder", choices=("html", "latex", "handout"))
    args = parser.parse_args(argv)
    os.chdir(ROOT)
    if args.cmd == "edition" and args.builder == "handout":
        from tianyuan import handout

        return handout.main([args.edition])
    if args.cmd == "edition":
        return build_edition(args.edition, args.builder)
    start = time.perf_counter()
    cmd = args.cmd or "all"
    digest = build_inputs_digest(cmd)
    if up_to_date(cmd, digest):
        print(f"tianyuan.build: nothing changed since the last build; open {HTML / 'index.html'}")
        return 0
    BUILD_STAMP.unlink(missing_ok=True)  # a build that stops half-way is never up to date
    if not data_is_sound():
        return 1
    assets.lean_plotly_bundle() or plotly_bundle()  # once, before the two editions run
    if args.cmd in (None, "all", "html"):
        if _run_editions("html"):
            return 1
        write_root_page()
        if build_lite():
            return 1
    if args.cmd in (None, "all", "pdf"):
        missing = missing_tex_packages()
        if missing:
            print(
                "tianyuan.build: the PDF needs TeX; install it with: "
                f"apt-get install {' '.join(missing)} texlive-latex-extra texlive-lang-chinese",
                file=sys.stderr,
            )
            return 1
        if _run_editions("latex"):
            return 1
        if _run_editions("handout"):  # the student handouts, beside the book PDFs
            return 1
    record_build(cmd, digest)
    print(
        f"tianyuan.build: done in {time.perf_counter() - start:.1f} s; open {HTML / 'index.html'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
