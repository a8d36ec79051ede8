"""What text extraction cannot say about a PDF, read with pypdf: its outline (the
bookmarks pane), and every glyph it draws, read from its content streams: the page, the
font, the glyph's character (from the font's ToUnicode map, not from ActualText), its size
and where it starts. Tests use the glyphs to tell which face drew a character and how wide
it was set.

Only what xdvipdfmx writes is read: Type 0 fonts with two-byte Identity-H codes, text
placed with Tm, Td and TJ offsets (horizontal text, no Tc, Tw or Tz)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import ContentStream

HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class Glyph:
    page: int
    font: str  # the base font without its subset tag, e.g. NotoSerifCJKjp-Regular-Identity-H
    char: str  # "?" when the font's ToUnicode does not map it
    size: float  # in pt on the page
    x: float
    y: float
    advance: float  # in pt

    @property
    def cjk(self) -> bool:
        return "CJK" in self.font


def _object(value):
    return value.get_object() if hasattr(value, "get_object") else value


def _to_unicode(font) -> dict[int, str]:
    stream = font.get("/ToUnicode")
    if stream is None:
        return {}
    body = _object(stream).get_data().decode("latin-1")
    chars: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", body, re.S):
        for code, text in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            chars[int(code, 16)] = bytes.fromhex(text).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", body, re.S):
        for lo, hi, text in re.findall(
            r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block
        ):
            first = bytes.fromhex(text).decode("utf-16-be")
            for k in range(int(lo, 16), int(hi, 16) + 1):
                chars[k] = first[:-1] + chr(ord(first[-1]) + k - int(lo, 16))
    return chars


def _widths(font) -> tuple[dict[int, float], float]:
    """Advances in thousandths of an em, from the descendant font's /W array."""
    descendant = _object(_object(font["/DescendantFonts"])[0])
    widths: dict[int, float] = {}
    array = [_object(a) for a in _object(descendant.get("/W", []))]
    i = 0
    while i + 1 < len(array):
        first, then = array[i], array[i + 1]
        if isinstance(then, list):
            for k, w in enumerate(then):
                widths[int(first) + k] = float(w)
            i += 2
        else:
            for k in range(int(first), int(then) + 1):
                widths[k] = float(array[i + 2])
            i += 3
    return widths, float(descendant.get("/DW", 1000))


class _Fonts:
    """A page's fonts by resource name: (base font, ToUnicode, advances, default advance)."""

    def __init__(self) -> None:
        self.seen: dict[int, tuple[str, dict[int, str], dict[int, float], float]] = {}

    def get(self, ref) -> tuple[str, dict[int, str], dict[int, float], float]:
        key = getattr(ref, "idnum", id(ref))
        if key not in self.seen:
            font = _object(ref)
            name = str(font["/BaseFont"]).lstrip("/").split("+")[-1]
            if font.get("/Subtype") == "/Type0":
                self.seen[key] = (name, _to_unicode(font), *_widths(font))
            else:
                self.seen[key] = (name, {}, {}, 1000.0)
        return self.seen[key]


def _move(state: list[list[float]], op: bytes, operands) -> None:
    """Text positioning: state is [text matrix, line matrix]."""
    if op == b"BT":
        state[:] = [[1.0, 0.0, 0.0, 1.0, 0.0, 0.0], [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]]
    elif op == b"Tm":
        state[:] = [[float(v) for v in operands], [float(v) for v in operands]]
    else:  # Td, TD
        line = state[1]
        tx, ty = float(operands[0]), float(operands[1])
        line[4] += tx * line[0] + ty * line[2]
        line[5] += tx * line[1] + ty * line[3]
        state[0] = list(line)


def glyphs(path: Path) -> list[Glyph]:
    reader = PdfReader(path)
    fonts = _Fonts()
    out: list[Glyph] = []
    for number, page in enumerate(reader.pages, 1):
        resources = _object(_object(page["/Resources"]).get("/Font", {}))
        content = page.get_contents()
        if content is None:
            continue
        font, size = ("", {}, {}, 1000.0), 0.0
        state = [[1.0, 0.0, 0.0, 1.0, 0.0, 0.0], [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]]
        for operands, op in ContentStream(content, reader).operations:
            if op in (b"BT", b"Tm", b"Td", b"TD"):
                _move(state, op, operands)
            elif op == b"Tf":
                font, size = fonts.get(resources[operands[0]]), float(operands[1])
            elif op in (b"Tj", b"TJ"):
                out += _shown(
                    number, font, size, state[0], operands[0] if op == b"TJ" else operands
                )
    return out


def _shown(page: int, font, size: float, tm: list[float], items) -> list[Glyph]:
    """The glyphs of one Tj or TJ, advancing the text matrix `tm` as they are drawn."""
    name, chars, widths, default = font
    out = []
    for item in items:
        if not hasattr(item, "original_bytes"):  # a TJ offset, in thousandths of an em
            tm[4] -= float(item) / 1000 * size * tm[0]
            continue
        data = item.original_bytes
        for k in range(0, len(data) - 1, 2):
            code = data[k] << 8 | data[k + 1]
            advance = widths.get(code, default) / 1000 * size * tm[0]
            out.append(Glyph(page, name, chars.get(code, "?"), size * tm[0], tm[4], tm[5], advance))
            tm[4] += advance
    return out


def neighbours(
    drawn: list[Glyph], i: int, within: float = 0.2
) -> tuple[Glyph | None, Glyph | None]:
    """The glyphs drawn just before and after glyph `i` on its line, if any, less than
    `within` em away (0.2: touching it; 0.6: across a space, such as the one xeCJK puts
    between Chinese and Latin text)."""
    g = drawn[i]
    gap = within * g.size

    def same_line(other: Glyph) -> bool:
        return other.page == g.page and abs(other.y - g.y) < 0.5

    before = drawn[i - 1] if i > 0 else None
    after = drawn[i + 1] if i + 1 < len(drawn) else None
    if before is not None and not (same_line(before) and g.x - before.x - before.advance < gap):
        before = None
    if after is not None and not (same_line(after) and after.x - g.x - g.advance < gap):
        after = None
    return before, after


@dataclass(frozen=True)
class Bookmark:
    depth: int  # 0 for the outline's top level
    title: str
    page: int  # 1-based


def outline(path: Path) -> list[Bookmark]:
    """The PDF's bookmarks in order, each with its depth and the page it opens."""
    reader = PdfReader(path)
    marks: list[Bookmark] = []

    def walk(items, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                marks.append(
                    Bookmark(depth, item.title, reader.get_destination_page_number(item) + 1)
                )

    walk(reader.outline, 0)
    return marks


def page_mode(path: Path) -> str:
    return str(PdfReader(path).trailer["/Root"].get("/PageMode", ""))


@dataclass(frozen=True)
class Placed:
    """An image or form drawn on a page: its box in pt from the page's top left."""

    page: int
    top: float
    bottom: float
    left: float
    right: float


def _times(a: list[float], b: list[float]) -> list[float]:
    """The product of two PDF matrices [a b c d e f] (a first, then b)."""
    return [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]


def placed_images(path: Path) -> list[Placed]:
    """Every image XObject drawn (directly or inside a form), with its box on the page."""
    reader = PdfReader(path)
    out: list[Placed] = []
    for number, page in enumerate(reader.pages, 1):
        height = float(page.mediabox.height)
        content = page.get_contents()
        if content is not None:
            resources = _object(page["/Resources"])
            _draw(reader, content, resources, [1.0, 0, 0, 1.0, 0, 0], number, height, out)
    return out


def _draw(reader, content, resources, ctm, number, height, out, depth=0) -> None:
    stack = []
    xobjects = _object(_object(resources).get("/XObject", {})) if resources else {}
    for operands, op in ContentStream(content, reader).operations:
        if op == b"q":
            stack.append(list(ctm))
        elif op == b"Q" and stack:
            ctm = stack.pop()
        elif op == b"cm":
            ctm = _times([float(v) for v in operands], ctm)
        elif op == b"Do" and operands[0] in xobjects and depth < 4:
            xobject = _object(xobjects[operands[0]])
            if xobject.get("/Subtype") == "/Image":
                corners = [
                    (x * ctm[0] + y * ctm[2] + ctm[4], x * ctm[1] + y * ctm[3] + ctm[5])
                    for x, y in ((0, 0), (1, 0), (0, 1), (1, 1))
                ]
                xs, ys = [c[0] for c in corners], [c[1] for c in corners]
                out.append(Placed(number, height - max(ys), height - min(ys), min(xs), max(xs)))
            elif xobject.get("/Subtype") == "/Form":
                matrix = [float(v) for v in xobject.get("/Matrix", [1, 0, 0, 1, 0, 0])]
                inner = xobject.get("/Resources", resources)
                _draw(reader, xobject, inner, _times(matrix, ctm), number, height, out, depth + 1)


# --- Chinese punctuation: which glyphs are set as Chinese -----------------------------------

ELLIPSIS = "…⋯"  # the CJK faces' ToUnicode names their ellipsis U+22EF
CJK_PUNCTUATION = re.compile("[\u3000-\u303f\uff01-\uff65]")


def in_chinese(drawn: list[Glyph], i: int, chars: str) -> bool:
    """Whether the run of `chars` (……, ——) that glyph `i` belongs to stands in Chinese
    text: a Han character beside it on its line, and on its other side Chinese too (Han,
    Chinese punctuation) or nothing (a line's end). Across a space: xeCJK puts one between
    Chinese and Latin text."""
    start = end = i
    while (before := neighbours(drawn, start)[0]) is not None and before.char in chars:
        start -= 1
    while (after := neighbours(drawn, end)[1]) is not None and after.char in chars:
        end += 1
    sides = [neighbours(drawn, start, 0.6)[0], neighbours(drawn, end, 0.6)[1]]
    chinese = [g is None or HAN.match(g.char) or CJK_PUNCTUATION.match(g.char) for g in sides]
    return all(chinese) and any(g is not None and HAN.match(g.char) for g in sides)


QUOTES = "“”‘’"


def chinese_quotes_set_half_width(drawn: list[Glyph]) -> list[str]:
    """Quotes beside a Han character that are not full-width CJK punctuation: drawn in a
    Latin face although the quotation is not a Latin word (the quote's inner side is not a
    Latin letter), or squeezed to less than 0.7 em before a Han character (half-width is
    0.5 em; a justified line may shrink a full em a little)."""
    wrong = []
    for i, g in enumerate(drawn):
        if g.char not in QUOTES:
            continue
        before, after = neighbours(drawn, i, 0.6)
        if not any(n is not None and HAN.match(n.char) for n in (before, after)):
            continue
        inner = after if g.char in "“‘" else before
        context = "".join(d.char for d in drawn[max(i - 4, 0) : i + 5])
        if not g.cjk and not (inner is not None and re.match(r"[A-Za-z]", inner.char)):
            wrong.append(f"p.{g.page} {context} ({g.font})")
        elif g.cjk and after is not None and HAN.match(after.char) and after.x - g.x < 0.7 * g.size:
            wrong.append(f"p.{g.page} {context} ({(after.x - g.x) / g.size:.2f} em)")
    return wrong
