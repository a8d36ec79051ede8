"""What a reader's browser fetches: only what the page uses, small, compressed.

After each HTML build (``build-finished``) every page is rewritten once (a marker makes
it idempotent, so a page Sphinx did not rewrite is left alone):

- icons: the theme's Font Awesome placeholders (``<i class="fa-solid fa-bars">``) become
  inline SVG, drawn from the theme's own ``fontawesome.js``, which is no longer loaded
  (1.5 MB on every page);
- the search index and its scripts stay on the search page, where search runs;
- charts: plotly's inline scripts become inert data blocks; ``lazy-charts.js`` fetches
  plotly.js when a chart nears the viewport and then runs them;
- scripts in ``<head>`` are deferred (all but ``documentation_options.js``, which the
  inline lines after it need);
- markup: ``<p>`` inside ``<summary>`` becomes ``<span>``; a control that shows its name
  as text loses an ``aria-label`` that says something else; a ``<meta name=description>``
  from the page's synopsis or first paragraph; the skip link in the page's script.

Then the theme's and extensions' CSS loses the rules no page can match, ``.map`` files and
the theme's template fragments leave `_static/`, the bare redirect at the edition's root
becomes a real page, and text files get a precompressed ``.gz`` copy (zopfli, gzip
format) for hosts that serve them.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from tianyuan.text.convert import ours

logger = logging.getLogger(__name__)

MARKER = '<meta name="generator" content="tianyuan.assets">'
LAZY_CHARTS_JS = "lazy-charts.js"
BOOTSTRAP_LITE_JS = "bootstrap-lite.js"
CSS_FILE = "quality.css"
PLOTLY_JS = "plotly.min.js"
CHART_DATA_TYPE = "text/x-plotly-chart"
SEARCH_SCRIPTS = ("searchtools.js", "language_data.js", "searchindex.js")
# Text files worth a .gz copy; smaller ones gain nothing from compression.
GZIP_SUFFIXES = {".html", ".js", ".css", ".svg", ".json", ".txt", ".xml"}
GZIP_MIN_BYTES = 1024
# CSS we trim: the theme's and the extensions'. The book's own stylesheets stay whole.
OWN_CSS = {"tianyuan.css", CSS_FILE, "charts.css"}
# Classes added at run time by bootstrap-lite.js (Bootstrap's own bundle names every
# component it has, so its words do not count).
RUNTIME_CLASS_PREFIXES = ("show", "dropdown")
# Scripts whose words do not count as class names in use: Bootstrap (see above), plotly.js
# (styles itself), Font Awesome (replaced by inline SVG).
NOT_TOKEN_SOURCES = {"bootstrap.js", PLOTLY_JS, "fontawesome.js"}
SKIP_LINK_TEXT = "跳到正文"
DESCRIPTION_CHARS = 120


# --------------------------------------------------------------------------- icons

ICON_STYLES = {
    "fa-solid": "fas",
    "fas": "fas",
    "fa-regular": "far",
    "far": "far",
    "fa-brands": "fab",
    "fab": "fab",
}
ICON_MODIFIERS = {"fa-lg", "fa-xs", "fa-sm", "fa-fw", "fa-1x", "fa-2x", "fa-3x", "fa-spin"}


def load_icons(fontawesome_js: Path) -> dict[tuple[str, str], tuple[int, int, str]]:
    """{(style, name): (width, height, path)} for every icon in Font Awesome's JS bundle
    (aliases included), e.g. ("fas", "bars") -> (448, 512, "M0 96C0 ...")."""
    source = fontawesome_js.read_text("utf-8")
    icons: dict[tuple[str, str], tuple[int, int, str]] = {}
    entry = re.compile(
        r'(?:"([\w-]+)"|\b([\w-]+)):\[(\d+),(\d+),\[([^\]]*)\],"?[0-9a-f]+"?,"(M[^"]+)"\]'
    )
    for call in re.finditer(r'\b\w+\("(fa[brs])",(\w+)\)', source):
        style, var = call.groups()
        start = source.rfind(f"var {var}={{", 0, call.start())
        if start < 0:
            continue
        for m in entry.finditer(source, start, call.start()):
            name = m.group(1) or m.group(2)
            shape = (int(m.group(3)), int(m.group(4)), m.group(6))
            icons.setdefault((style, name), shape)
            for alias in re.findall(r'"([\w-]+)"', m.group(5)):
                icons.setdefault((style, alias), shape)
    return icons


ICON_TAG = re.compile(r'<(i|span)\s+class="([^"]*\bfa[-\w]*[^"]*)"([^>]*)>\s*</\1>')


def inline_icons(page: str, icons: dict) -> str:
    """Replace each Font Awesome placeholder with the SVG fontawesome.js would draw."""

    def svg(m: re.Match) -> str:
        classes = m.group(2).split()
        style = next((ICON_STYLES[c] for c in classes if c in ICON_STYLES), None)
        names = [
            c[3:]
            for c in classes
            if c.startswith("fa-") and c not in ICON_STYLES and c not in ICON_MODIFIERS
        ]
        shape = next((icons[(style, n)] for n in names if (style, n) in icons), None)
        if not style or not shape:
            return m.group(0)
        width, height, path = shape
        keep = [c for c in classes if c not in ICON_STYLES and c[3:] not in names]
        # an icon's title would count as its button's text; the button carries the name
        attrs = re.sub(r'\s*title="[^"]*"', "", m.group(3))
        return (
            f'<svg class="{" ".join(["icon", *keep])}"{attrs} aria-hidden="true" '
            f'focusable="false" viewBox="0 0 {width} {height}">'
            f'<path fill="currentColor" d="{path}"/></svg>'
        )

    return ICON_TAG.sub(svg, page)


# --------------------------------------------------------------------------- pages


def _script_tag(name: str) -> re.Pattern:
    return re.compile(
        rf'[ \t]*<script[^>]*\bsrc="[^"]*{re.escape(name)}(?:\?[^"]*)?"[^>]*>'
        r"\s*</script>\n?"
    )


# what sphinx-togglebutton's script acts on (its selector: ".toggle, .admonition.dropdown")
TOGGLES = re.compile(
    r'class="(?:[^"]*\s)?toggle[\s"]|class="[^"]*\badmonition\b[^"]*\sdropdown[\s"]'
)
CHART_SCRIPT = re.compile(r"<script>(\s*window\.PLOTLYENV\b.*?)</script>", re.S)
HEAD_SCRIPT = re.compile(r'<script (?![^>]*\b(?:defer|async|type)\b)([^>]*\bsrc="([^"]+)"[^>]*)>')
SUMMARY = re.compile(r"<summary\b[^>]*>.*?</summary>", re.S)
# pandas puts a <style scoped> before each DataFrame it shows as HTML: not HTML5 (the Nu
# checker rejects it) and not needed, the theme styles tables.
PANDAS_STYLE = re.compile(r"<style scoped>\s*\.dataframe\b.*?</style>\n?", re.S)


def process_page(page: str, relpath: str, edition: str | None, icons: dict) -> str:
    """One built page as readers should get it (see the module's docstring)."""
    if MARKER in page or "<head>" not in page:
        return page
    static = "../" * relpath.count("/") + "_static/"
    head, sep, body = page.partition("</head>")
    if icons:
        head = _script_tag("fontawesome.js").sub("", head)
        body = inline_icons(body, icons)
    if relpath != "search.html":
        for name in SEARCH_SCRIPTS:
            head = _script_tag(name).sub("", head)
    if "sd-tab-set" not in body:
        head = _script_tag("design-tabs.js").sub("", head)
    if not TOGGLES.search(body):
        head = _script_tag("togglebutton.js").sub("", head)
    # Bootstrap's 81 KB bundle did two things here; bootstrap-lite.js does them
    head = re.sub(
        r'[ \t]*<link rel="preload" as="script" href="[^"]*/bootstrap\.js[^"]*" />\n?', "", head
    )
    body = re.sub(
        r'<script defer src="[^"]*/scripts/bootstrap\.js[^"]*"></script>',
        f'<script defer src="{static}{BOOTSTRAP_LITE_JS}"></script>',
        body,
    )
    # charts: plotly.js is fetched by lazy-charts.js when a chart nears the viewport
    head = _script_tag(PLOTLY_JS).sub("", head)
    body, charts = CHART_SCRIPT.subn(rf'<script type="{CHART_DATA_TYPE}">\1</script>', body)
    head = HEAD_SCRIPT.sub(
        lambda m: (
            m.group(0) if "documentation_options" in m.group(2) else f"<script defer {m.group(1)}>"
        ),
        head,
    )
    if charts:
        head += (
            f'<script defer src="{static}{LAZY_CHARTS_JS}" '
            f'data-plotly="{static}{PLOTLY_JS}"></script>\n'
        )
    body = SUMMARY.sub(_fix_summary, body)
    body = PANDAS_STYLE.sub("", body)
    body = heading_levels_without_gaps(body)
    body = _names_match_visible_text(body)
    if edition:
        body = re.sub(
            r'(<div id="pst-skip-link"[^>]*><a href="#main-content">)[^<]*(</a>)',
            lambda m: m.group(1) + ours(SKIP_LINK_TEXT, edition) + m.group(2),
            body,
        )
    if 'name="description"' not in head:
        text = description(body) or _title(head)
        head = head.replace(
            '<meta charset="utf-8" />',
            '<meta charset="utf-8" />\n    '
            f'<meta name="description" content="{html.escape(text)}" />',
            1,
        )
    head = head.replace('<meta charset="utf-8" />', '<meta charset="utf-8" />\n    ' + MARKER, 1)
    return head + sep + body


def _fix_summary(m: re.Match) -> str:
    """A <summary> holds phrasing content: its paragraphs become spans (the toggles'
    titles), and its name is its visible text rather than an English aria-label."""
    text = re.sub(r"<p\b", "<span", m.group(0)).replace("</p>", "</span>")
    return re.sub(r'(<summary\b[^>]*?)\s+aria-label="[^"]*"', r"\1", text, count=1)


HEADING = re.compile(r"<(/?)h([1-6])\b")


def heading_levels_without_gaps(body: str) -> str:
    """Headings step down one level at a time: one placed by a notebook's output (a rubric
    at h3 right under the page's h1) takes the level after its parent's; siblings stay
    siblings."""
    out, stack, open_levels, pos = [], [], [], 0  # stack: (level as written, level now)
    for m in HEADING.finditer(body):
        closing, level = m.group(1), int(m.group(2))
        if closing:
            new = open_levels.pop() if open_levels else level
        else:
            while stack and stack[-1][0] >= level:
                stack.pop()
            new = stack[-1][1] + 1 if stack else level
            stack.append((level, new))
            open_levels.append(new)
        out.append(body[pos : m.start()] + f"<{closing}h{new}")
        pos = m.end()
    out.append(body[pos:])
    return "".join(out)


BUTTON = re.compile(r"<button\b([^>]*)>(.*?)</button>", re.S)


def _names_match_visible_text(body: str) -> str:
    """WCAG 2.5.3: a control's accessible name contains the text it shows. A button that
    shows text needs no aria-label (the theme's say 'Search' beside 'Search Ctrl+K');
    one that shows only icons keeps it."""

    def fix(m: re.Match) -> str:
        attrs, inner = m.groups()
        visible = re.sub(r"<svg\b.*?</svg>|<[^>]+>", "", inner, flags=re.S).strip()
        if visible and "aria-label=" in attrs:
            attrs = re.sub(r'\s+aria-label="[^"]*"', "", attrs)
        if not visible and "aria-label=" not in attrs:
            title = re.search(r'\btitle="([^"]+)"', attrs)
            if title:  # an icon-only button is named by its tooltip
                attrs += f' aria-label="{title.group(1)}"'
        return f"<button{attrs}>{inner}</button>"

    return BUTTON.sub(fix, body)


def _text(fragment: str) -> str:
    text = re.sub(r"<(script|style)\b.*?</\1>|<[^>]+>", "", fragment, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def description(body: str) -> str:
    """The page's synopsis, else its first paragraph of prose, cut at a sentence end."""
    article = body.partition('<article class="bd-article"')[2] or body
    synopsis = re.search(r'<div class="admonition synopsis"[^>]*>(.*?)</div>', article, re.S)
    scope = synopsis.group(1) if synopsis else article
    scope = re.sub(r'<div class="article-masthead.*?</div>', "", scope, flags=re.S)
    for para in re.findall(r"<p(?![^>]*admonition-title)[^>]*>(.*?)</p>", scope, re.S):
        text = _text(para)
        if len(text) >= 20:
            if len(text) > DESCRIPTION_CHARS:
                cut = text[:DESCRIPTION_CHARS]
                end = max(cut.rfind("。"), cut.rfind(". "))
                text = cut[: end + 1] if end > 40 else cut + "…"
            return text
    return ""


def _title(head: str) -> str:
    m = re.search(r"<title>(.*?)</title>", head, re.S)
    return _text(m.group(1)) if m else ""


def drop_empty_stylesheets(page: str, empty: set[str]) -> str:
    for name in empty:
        page = re.sub(
            rf'[ \t]*<link rel="stylesheet"[^>]*href="[^"]*_static/{re.escape(name)}(?:\?[^"]*)?"'
            r"[^>]*/?>\n?",
            "",
            page,
        )
    return page


# --------------------------------------------------------------------------- CSS


def page_tokens(texts: list[str]) -> set[str]:
    """Every word that could name a class or id in these scripts."""
    tokens: set[str] = set()
    for text in texts:
        tokens.update(re.findall(r"[A-Za-z_][\w-]*", text))
    return tokens


def markup_tokens(pages: list[str]) -> set[str]:
    """The classes and ids these pages use (prose words like "table" or "note" do not
    count), and the custom properties their inline styles set."""
    tokens: set[str] = set()
    for page in pages:
        for attr in re.findall(r'\s(?:class|id)="([^"]*)"', page):
            tokens.update(attr.split())
        tokens.update(re.findall(r"--[\w-]+", page))
    return tokens


OPTIONAL_PARTS = re.compile(r":(?:not|is|where|has)\((?:[^()]|\([^()]*\))*\)|\[[^\]]*\]")


def selector_used(selector: str, tokens: set[str]) -> bool:
    """Whether every class and id the selector requires occurs in the site's text."""
    required = re.findall(r"[.#](-?[_a-zA-Z][\w-]*)", OPTIONAL_PARTS.sub("", selector))
    return all(n in tokens or n.startswith(RUNTIME_CLASS_PREFIXES) for n in required)


def trim_css(css: str, tokens: set[str]) -> str:
    """The stylesheet without rules whose selectors match nothing, unused @font-face,
    @keyframes and custom properties."""
    import tinycss2

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
    try:
        import zopfli.gzip

        packed = zopfli.gzip.compress(data, numiterations=1)  # 15 gain 0.1 %, at 3x the time
    except ImportError:  # the plain library's best
        packed = gzip.compress(data, 9, mtime=0)
    target.write_bytes(packed)
    return True


def write_edition_index(outdir: Path, edition: str, title: str, target: str) -> None:
    """The edition's `index.html` as a page (doctype, lang, title, description) that sends
    browsers to the book's first page, instead of a bare meta refresh."""
    label = ours("前往本書首頁", edition)
    text = ours("本書的這個版本從首頁開始。", edition)
    page = f"""<!DOCTYPE html>
<html lang="{edition}">
<head>
<meta charset="utf-8">
<title>{html.escape(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{html.escape(title)}: {html.escape(text)}">
<meta http-equiv="refresh" content="0; url={target}">
<link rel="canonical" href="{target}">
<link rel="icon" href="_static/favicon.svg">
</head>
<body>
<main><h1>{html.escape(title)}</h1><p><a href="{target}">{label}</a></p></main>
</body>
</html>
"""
    path = outdir / "index.html"
    if not path.exists() or path.read_text("utf-8") != page:
        path.write_text(page, "utf-8")


def _fontawesome_js(app: Sphinx) -> Path | None:
    theme = getattr(app.builder, "theme", None)
    for theme_dir in theme.get_theme_dirs() if theme else []:
        candidate = Path(theme_dir) / "static" / "scripts" / "fontawesome.js"
        if candidate.exists():
            return candidate
    return None


def finish(app: Sphinx, exception: Exception | None) -> None:
    """build-finished: pages, stylesheets, leftovers and .gz copies of an HTML build."""
    if exception or app.builder.format != "html":
        return
    edition = getattr(app.config, "tianyuan_edition", None)
    outdir = Path(app.outdir)
    if app.config.root_doc != "index" and edition:
        title = app.config.html_title or app.config.project
        write_edition_index(outdir, edition, title, f"{app.config.root_doc}.html")
    fa_js = _fontawesome_js(app)
    optimise_site(
        outdir,
        edition,
        load_icons(fa_js) if fa_js else {},
        cache=Path(app.doctreedir).parent / "assets-cache",
    )


def optimise_site(outdir: Path, edition: str | None, icons: dict, cache: Path) -> None:
    """Rewrite the pages, trim the stylesheets, remove leftovers, write .gz copies."""
    static = outdir / "_static"
    pages = [p for p in outdir.rglob("*.html") if "_static" not in p.parts]
    texts = []
    for path in pages:
        raw = path.read_text("utf-8")
        done = process_page(raw, path.relative_to(outdir).as_posix(), edition, icons)
        if done != raw:
            path.write_text(done, "utf-8")
        texts.append(done)
    tokens = markup_tokens(texts) | {
        t for t in page_tokens(_loaded_scripts(outdir, pages)) if not t.startswith("fa-")
    }

    empty = set()
    for css in static.rglob("*.css"):
        if css.name in OWN_CSS:
            continue
        rel = css.relative_to(static).as_posix()
        if not trim_in_place(css, tokens, cache / "pristine" / rel, cache):
            empty.add(rel)
    for path in pages:
        raw = path.read_text("utf-8")
        done = drop_empty_stylesheets(raw, empty)
        if done != raw:
            path.write_text(done, "utf-8")

    for leftover in [*static.rglob("*.map"), *static.glob("*webpack-macros.html")]:
        leftover.unlink()
    fa_static = static / "scripts" / "fontawesome.js"
    if icons and fa_static.exists():
        fa_static.unlink()
    for path in outdir.rglob("*"):
        if (
            path.suffix in GZIP_SUFFIXES
            and "_sources" not in path.parts
            and path.is_file()
            and path.stat().st_size >= GZIP_MIN_BYTES
        ):
            precompress(path)


def _loaded_scripts(outdir: Path, pages: list[Path]) -> list[str]:
    """The text of every local script some page loads (by src or preload)."""
    found: set[Path] = set()
    for page in pages:
        raw = page.read_text("utf-8")
        for ref in re.findall(r'<(?:script|link)\b[^>]*?(?:src|href)="([^"#?]+\.js)', raw):
            path = (page.parent / ref).resolve()
            if path.is_file() and path.is_relative_to(outdir.resolve()):
                found.add(path)
    return [
        p.read_text("utf-8", "replace") for p in sorted(found) if p.name not in NOT_TOKEN_SOURCES
    ]


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
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff"  # zlib: woff2 would need brotli
    font = subset.load_font(str(source), options)
    sub = subset.Subsetter(options)
    sub.populate(unicodes=[ord(g) for g in glyphs])
    sub.subset(font)
    subset.save_font(font, str(target), options)


TRIMMED = "/* trimmed by tianyuan.assets */\n"


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


def setup(app: Sphinx) -> None:
    app.add_css_file(CSS_FILE)
    # last: after myst-nb copies its CSS and sphinx-external-toc writes its redirect stub
    app.connect("build-finished", finish, priority=900)
