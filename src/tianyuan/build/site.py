"""The published site, made from the editions Sphinx built (run by `tianyuan book` and
`tianyuan edition … html`, never inside a Sphinx build: a small Sphinx project does not
spend seconds compressing plotly.js):

1. **One `_static` for both editions.** The pages already link every static file both
   editions have (all but `assets.PER_EDITION`) at `_build/html/_static/`
   (`tianyuan.sphinxext.assets`); here those files move there. A file the editions would
   share but whose bytes differ stops the build, naming it; so does a page that links a
   static file that is not there.
2. **Stylesheets** lose the rules no page of either edition can match, unused
   `@font-face`, `@keyframes` and custom properties; the icon font keeps the glyphs the CSS
   still draws. Source maps, the theme's template fragments and the scripts no page loads
   (Font Awesome's, Bootstrap's) leave the site.
3. **Compressed copies**: a `.gz` (zopfli, gzip format) beside each text file over 1 KB,
   for hosts that serve them (nginx `gzip_static on;`).
"""

from __future__ import annotations

import gzip
import hashlib
import re
import shutil
from pathlib import Path

import tinycss2
import zopfli.gzip
from fontTools import subset
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from tianyuan.sphinxext.assets import PER_EDITION


class SiteError(Exception):
    """A problem with the built site, naming the file."""


# Text files worth a .gz copy; smaller ones gain nothing from compression.
GZIP_SUFFIXES = {".html", ".js", ".css", ".svg", ".json", ".txt", ".xml"}
GZIP_MIN_BYTES = 1024
# CSS we trim: the theme's and the extensions'. The book's own stylesheets stay whole.
OWN_CSS = {"tianyuan.css", "quality.css", "charts.css"}
# Classes added at run time by bootstrap-lite.js.
RUNTIME_CLASS_PREFIXES = ("show", "dropdown")
# Scripts whose words do not count as class names in use: plotly.js (styles itself).
NOT_TOKEN_SOURCES = {"plotly.min.js"}
# The theme's files no page loads: icons are inline SVG, bootstrap-lite.js does Bootstrap's
# two jobs here.
UNUSED = ("scripts/fontawesome.js", "scripts/bootstrap.js")


def publish(root: Path, editions: list[str], cache: Path) -> None:
    """Make `root` (`_build/html`) the site readers get, from the built `editions`."""
    share_static(root, editions)
    pages = site_pages(root, editions)
    check_static_links(root, [*pages, *root.glob("*.html")])  # the root page's icon too
    trim_stylesheets(root, pages, cache)
    for folder in [root / "_static", *(root / e for e in editions)]:
        for leftover in [*folder.rglob("*.map"), *folder.rglob("*webpack-macros.html")]:
            leftover.unlink()
    for name in UNUSED:
        (root / "_static" / name).unlink(missing_ok=True)
    for folder in [root / "_static", *(root / e for e in editions)]:
        compress_folder(folder)


def site_pages(root: Path, editions: list[str]) -> list[Path]:
    return [
        page
        for edition in editions
        for page in sorted((root / edition).rglob("*.html"))
        if not {"_static", "_sources"} & set(page.relative_to(root).parts)
    ]


def share_static(root: Path, editions: list[str]) -> None:
    """Move each edition's copies of the shared static files to `root/_static`."""
    shared = root / "_static"
    copies: dict[Path, list[Path]] = {}
    for edition in editions:
        static = root / edition / "_static"
        for path in sorted(static.rglob("*")) if static.exists() else []:
            if path.is_file() and path.suffix != ".gz" and path.name not in PER_EDITION:
                copies.setdefault(path.relative_to(static), []).append(path)
    for rel, paths in copies.items():
        first = paths[0].read_bytes()
        for other in paths[1:]:
            if other.read_bytes() != first:
                raise SiteError(
                    f"{other} differs from {paths[0]}, but both editions link one copy of "
                    f"_static/{rel.as_posix()}: make them identical, or list the file in "
                    "tianyuan.sphinxext.assets.PER_EDITION"
                )
        target = shared / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.read_bytes() != first:
            shutil.copyfile(paths[0], target)
        for path in paths:
            path.unlink()
            path.with_name(path.name + ".gz").unlink(missing_ok=True)
    for edition in editions:  # folders the move left empty
        static = root / edition / "_static"
        for folder in sorted(static.rglob("*"), reverse=True) if static.exists() else []:
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()


def _references(page: Path) -> list[str]:
    tree = HTMLParser(page.read_text("utf-8"))
    refs = []
    for node in tree.css("script[src], link[href], img[src], [data-plotly]"):
        for attr in ("src", "href", "data-plotly"):
            value = node.attributes.get(attr)
            if value and "_static/" in value and "://" not in value:
                refs.append(value.split("?")[0].split("#")[0])
    return refs


def check_static_links(root: Path, pages: list[Path]) -> None:
    """Every static file a page links is there (a file moved to the shared folder but
    linked in the edition's, or the other way round, would be missing)."""
    for page in pages:
        for ref in _references(page):
            if not (page.parent / ref).resolve().is_file():
                raise SiteError(f"{page}: links {ref}, which is not in the built site")


# --------------------------------------------------------------------------- CSS


def page_tokens(texts: list[str]) -> set[str]:
    """Every word that could name a class or id in these scripts."""
    tokens: set[str] = set()
    for text in texts:
        tokens.update(re.findall(r"[A-Za-z_][\w-]*", text))
    return tokens


def markup_tokens(pages: list[Path]) -> set[str]:
    """The classes and ids these pages use (prose words like "table" or "note" do not
    count), and the custom properties their inline styles set."""
    tokens: set[str] = set()
    for page in pages:
        tree = HTMLParser(page.read_text("utf-8"))
        for node in tree.css("[class], [id], [style]"):
            attrs = node.attributes
            tokens.update((attrs.get("class") or "").split())
            if attrs.get("id"):
                tokens.add(attrs["id"])
            tokens.update(re.findall(r"--[\w-]+", attrs.get("style") or ""))
    return tokens


def loaded_scripts(root: Path, pages: list[Path]) -> list[str]:
    """The text of every local script some page loads (by src, preload or data-plotly)."""
    found: set[Path] = set()
    for page in pages:
        for ref in _references(page) + _script_refs(page):
            path = (page.parent / ref).resolve()
            if path.suffix == ".js" and path.is_file() and path.is_relative_to(root.resolve()):
                found.add(path)
    return [
        p.read_text("utf-8", "replace") for p in sorted(found) if p.name not in NOT_TOKEN_SOURCES
    ]


def _script_refs(page: Path) -> list[str]:
    tree = HTMLParser(page.read_text("utf-8"))
    return [
        n.attributes["src"].split("?")[0]
        for n in tree.css("script[src]")
        if "://" not in n.attributes["src"]
    ]


def trim_stylesheets(root: Path, pages: list[Path], cache: Path) -> None:
    """Every theme and extension stylesheet of the site, less what no page can use."""
    tokens = markup_tokens(pages) | {
        t for t in page_tokens(loaded_scripts(root, pages)) if not t.startswith("fa-")
    }
    for css in sorted(root.glob("*/_static/**/*.css")) + sorted(root.glob("_static/**/*.css")):
        if css.name in OWN_CSS:
            continue
        static = next(p for p in css.parents if p.name == "_static")
        rel = css.relative_to(static.parent).as_posix()
        trim_in_place(css, tokens, cache / "pristine" / rel, cache)


OPTIONAL_PARTS = re.compile(r":(?:not|is|where|has)\((?:[^()]|\([^()]*\))*\)|\[[^\]]*\]")


def selector_used(selector: str, tokens: set[str]) -> bool:
    """Whether every class and id the selector requires occurs in the site's text."""
    required = re.findall(r"[.#](-?[_a-zA-Z][\w-]*)", OPTIONAL_PARTS.sub("", selector))
    return all(n in tokens or n.startswith(RUNTIME_CLASS_PREFIXES) for n in required)


def trim_css(css: str, tokens: set[str]) -> str:
    """The stylesheet without rules whose selectors match nothing, unused @font-face,
    @keyframes and custom properties."""

    def rules_of(nodes) -> list[str]:
        out = []
        for rule in nodes:
            if rule.type == "qualified-rule":
                selectors = [
                    s.strip()
                    for s in _split_commas(tinycss2.serialize(rule.prelude))
                    if selector_used(s, tokens)
                ]
                if selectors:
                    out.append(",".join(selectors) + "{" + tinycss2.serialize(rule.content) + "}")
            elif rule.type == "at-rule":
                keyword = rule.lower_at_keyword
                prelude = tinycss2.serialize(rule.prelude).strip()
                if keyword in ("media", "supports", "layer", "container") and rule.content:
                    inner = rules_of(tinycss2.parse_rule_list(rule.content, True, True))
                    if inner:
                        out.append(f"@{keyword} {prelude}{{{''.join(inner)}}}")
                elif rule.content is None:
                    out.append(f"@{keyword} {prelude};")
                else:
                    head = f"@{keyword} {prelude}" if prelude else f"@{keyword}"
                    out.append(f"{head}{{{tinycss2.serialize(rule.content)}}}")
        return out

    sheet = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    text = "".join(rules_of(sheet))
    return _drop_unused_definitions(text, tokens)


def _split_commas(selector_list: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(selector_list):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(selector_list[start:i])
            start = i + 1
    parts.append(selector_list[start:])
    return parts


def _drop_unused_definitions(css: str, tokens: set[str]) -> str:
    """Remove @font-face for families, @keyframes for names and custom properties that
    nothing left refers to (repeated: a variable may only be used by another)."""
    while True:
        before = css
        body = re.sub(
            r"@font-face\{[^}]*\}|@(?:-webkit-)?keyframes [\w-]+\{(?:[^{}]|\{[^}]*\})*\}", "", css
        ).replace("\\", "")

        def font_face(m: re.Match, body: str = body) -> str:
            family = re.search(r"font-family:\s*['\"]?([^;'\"}]+)", m.group(0))
            name = family.group(1).replace("\\", "").strip() if family else ""
            return m.group(0) if name and name in body else ""

        def keyframes(m: re.Match, body: str = body) -> str:
            return m.group(0) if re.search(rf"\b{re.escape(m.group(2))}\b", body) else ""

        css = re.sub(r"@font-face\{[^}]*\}", font_face, css)
        css = re.sub(r"@(-webkit-)?keyframes ([\w-]+)\{(?:[^{}]|\{[^}]*\})*\}", keyframes, css)
        used = set(re.findall(r"var\(\s*(--[\w-]+)", css)) | {
            t for t in tokens if t.startswith("--")
        }
        css = re.sub(
            r"(?<=[{;])\s*(--[\w-]+)\s*:[^;{}]*(?:;|(?=\}))",
            lambda m, used=used: m.group(0) if m.group(1) in used else "",
            css,
        )
        css = re.sub(r"(?<=[}{])[^{}@;]+\{\s*\}", "", css)  # rules left empty
        css = re.sub(r"@media[^{]+\{\}", "", css)
        if css == before:
            return css


FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}")
ICON_GLYPH = re.compile(r"[\ue000-\uf8ff]")


def subset_icon_fonts(css: str, css_path: Path) -> str:
    """The theme still draws a few icons from CSS (admonition titles, download links) with
    Font Awesome's font. Each face in use is cut down to the glyphs the stylesheet names
    (a few KB instead of 156 KB); faces nothing uses are dropped."""
    glyphs = sorted(set(ICON_GLYPH.findall(FONT_FACE.sub("", css))))

    def face(m: re.Match) -> str:
        rule = m.group(0)
        ttf = re.search(r"url\(([^)]*?fa-[\w-]+\.ttf)\)", rule)
        if not ttf:
            return rule
        style = re.search(r"fa-(solid|regular|brands)", ttf.group(1)).group(1)
        if not glyphs or f"var(--fa-font-{style})" not in css:
            return ""
        source = (css_path.parent / ttf.group(1).strip("'\"")).resolve()
        name = source.with_suffix(".subset.woff").name
        target = source.with_name(name)
        if not target.exists() or target.stat().st_mtime < source.stat().st_mtime:
            _subset_font(source, target, glyphs)
        url = ttf.group(1).rsplit("/", 1)[0] + "/" + name
        return re.sub(r"src:[^;}]*", f'src:url({url}) format("woff")', rule)

    return FONT_FACE.sub(face, css)


def _subset_font(source: Path, target: Path, glyphs: list[str]) -> None:
    options = subset.Options()
    options.flavor = "woff"  # zlib: woff2 would need brotli
    font = subset.load_font(str(source), options)
    sub = subset.Subsetter(options)
    sub.populate(unicodes=[ord(g) for g in glyphs])
    sub.subset(font)
    subset.save_font(font, str(target), options)


TRIMMED = "/* trimmed by tianyuan.build.site */\n"


def trim_in_place(css: Path, tokens: set[str], pristine: Path, cache: Path) -> str:
    """Trim `css`; return what is left. The untrimmed file is kept aside (a later build
    may use more of it) and results are cached on (stylesheet, the names it uses)."""
    raw = css.read_text("utf-8")
    if raw.startswith(TRIMMED) and pristine.exists():
        raw = pristine.read_text("utf-8")
    elif not raw.startswith(TRIMMED):
        pristine.parent.mkdir(parents=True, exist_ok=True)
        if not pristine.exists() or pristine.read_text("utf-8") != raw:
            pristine.write_text(raw, "utf-8")
    else:
        return raw.removeprefix(TRIMMED)
    named = set(re.findall(r"[.#](-?[_a-zA-Z][\w-]*)", raw)) | set(re.findall(r"--[\w-]+", raw))
    key = hashlib.sha256(raw.encode() + "\0".join(sorted(named & tokens)).encode()).hexdigest()
    cached = cache / f"{key[:24]}.css"
    if cached.exists():
        trimmed = cached.read_text("utf-8")
    else:
        trimmed = trim_css(raw, tokens)
        cache.mkdir(parents=True, exist_ok=True)
        cached.write_text(trimmed, "utf-8")
    trimmed = subset_icon_fonts(trimmed, css)
    text = TRIMMED + trimmed
    if css.read_text("utf-8") != text:
        css.write_text(text, "utf-8")
    return trimmed


# --------------------------------------------------------------------------- files


def precompress(path: Path) -> bool:
    """`path.gz` beside the file (zopfli: gzip format, 4-8 % smaller than gzip -9).
    Compares content, not times: Sphinx copies static files back with their old times."""
    target = path.with_name(path.name + ".gz")
    data = path.read_bytes()
    if target.exists():
        try:
            if gzip.decompress(target.read_bytes()) == data:
                return False
        except (OSError, EOFError):
            pass
    packed = zopfli.gzip.compress(data, numiterations=1)  # 15 gain 0.1 %, at 3x the time
    target.write_bytes(packed)
    return True


def compress_folder(folder: Path) -> None:
    for path in folder.rglob("*") if folder.exists() else []:
        if (
            path.suffix in GZIP_SUFFIXES
            and "_sources" not in path.parts
            and path.is_file()
            and path.stat().st_size >= GZIP_MIN_BYTES
        ):
            precompress(path)
