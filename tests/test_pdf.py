"""The print edition: both PDFs, typeset with real CID fonts of the right region."""

import re
import subprocess
import zlib

import pytest

from tianyuan.build import PDF, pdf_name
from tianyuan.convert import EDITIONS, convert, display

PASSAGE_LABEL = re.compile(r"(?:lede|core|dragons|crisis|road|stones)-\d{2}")
BONE = "骨"  # drawn differently in Noto's JP, SC and TC faces (article: 現實總是骨感)
NOTO = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"


def pdf(edition):
    path = PDF / pdf_name(edition)
    if not path.exists():
        pytest.fail(f"{path} is missing: run `make book`")
    return path


def run(*args) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module", params=EDITIONS)
def edition(request):
    return request.param


@pytest.fixture(scope="module")
def text(edition):
    return run("pdftotext", "-enc", "UTF-8", str(pdf(edition)), "-")


@pytest.fixture(scope="module")
def body_text(edition):
    """Text of the type area only: running heads and page numbers cropped away (A4, 72 dpi),
    so a paragraph broken across pages reads as one."""
    return run(
        "pdftotext",
        "-enc",
        "UTF-8",
        "-r",
        "72",
        "-x",
        "0",
        "-y",
        "62",
        "-W",
        "595",
        "-H",
        "718",
        str(pdf(edition)),
        "-",
    )


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def test_both_pdfs_are_books_of_twenty_pages_or_more(edition):
    pages = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", str(pdf(edition)))).group(1))
    assert pages >= 20


def test_every_paragraph_is_extractable(article, edition, body_text):
    # the small paragraph-id labels are typeset beside the text; pdftotext may put them
    # anywhere on the line, so they are taken out before comparing
    flat = PASSAGE_LABEL.sub("", _squash(body_text))
    for p in article.paragraphs:
        assert _squash(display(p.text, edition)) in flat, p.pid


def test_title_page_credits_the_source(article, edition, text):
    head = _squash(text[:3000])
    for needed in (article.title, article.subtitle, article.source, *article.authors):
        assert _squash(display(needed, edition)) in head, needed
    assert _squash(convert("不得變更核心內容", edition)) in _squash(text[:6000])


def test_contents_and_numbered_chapters(article, edition, text):
    assert convert("目錄", edition) in text
    for number in range(2, len(article.sections) + 1):  # the lede is chapter 1
        assert re.search(rf"第\s*{number}\s*章", text), number


def test_fonts_are_embedded_cid_fonts(edition):
    table = run("pdffonts", str(pdf(edition))).splitlines()[2:]
    assert table
    cjk = [row for row in table if "CJK" in row]
    assert cjk
    for row in table:
        assert "Type 3" not in row, row
        assert " yes " in row.split("Identity-H")[-1] or row.split()[-4] == "yes", row
    assert all("CID" in row for row in cjk)


def _reference_cids() -> dict[tuple[str, str], int]:
    """The glyph (CID) each regional face of Noto Serif/Sans CJK gives 骨."""
    from fontTools.ttLib import TTCollection

    cids = {}
    for family in ("Serif", "Sans"):
        for font in TTCollection(NOTO.replace("Serif", family)).fonts:
            name = font["name"].getDebugName(1)
            for region in ("JP", "SC", "TC"):
                if name == f"Noto {family} CJK {region}":
                    cids[family, region] = font.getGlyphID(font.getBestCmap()[ord(BONE)])
    return cids


def _cids_used_for(path, char: str) -> set[int]:
    """CIDs that the PDF's ToUnicode maps send to `char` (bfchar pairs and bfrange runs)."""
    data = path.read_bytes()
    code = ord(char)
    found = set()
    for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:  # tolerate the end-of-line bytes before `endstream`
            body = zlib.decompressobj().decompress(m.group(1)).decode("latin-1")
        except zlib.error:
            continue
        for block in re.findall(r"beginbfchar(.*?)endbfchar", body, re.S):
            for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                if int(dst, 16) == code:
                    found.add(int(src, 16))
        for block in re.findall(r"beginbfrange(.*?)endbfrange", body, re.S):
            for lo, hi, dst in re.findall(
                r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block
            ):
                lo_i, hi_i, d = int(lo, 16), int(hi, 16), int(dst, 16)
                if d <= code <= d + (hi_i - lo_i):
                    found.add(lo_i + code - d)
    return found


def test_glyphs_come_from_the_editions_regional_face(edition):
    ref = _reference_cids()
    for family in ("Serif", "Sans"):  # the three faces really differ for 骨
        assert len({ref[family, r] for r in ("JP", "SC", "TC")}) == 3, ref
    region = "TC" if edition == "zh-Hant" else "SC"
    used = _cids_used_for(pdf(edition), BONE)
    assert ref["Serif", region] in used, (edition, used)  # the article passage (dragons-05)
    wrong = {key for key, cid in ref.items() if cid in used and key[1] != region}
    assert not wrong, (edition, wrong)


def test_as_many_images_as_charts(edition):
    images = run("pdfimages", "-list", str(pdf(edition))).splitlines()[2:]
    assert len(images) >= 15


def test_charts_print_at_7_pt_and_200_dpi_or_more(edition):
    """Measured in the PDF itself: each chart image's resolution as placed on the page
    (pdfimages), and the smallest text of its figure at that scale."""
    import plotly.graph_objects as go
    from conftest import glued_charts

    from tianyuan import figures

    rows = [r.split() for r in run("pdfimages", "-list", str(pdf(edition))).splitlines()[2:]]
    placed = [r for r in rows if r[2] == "image"]  # not the images' alpha masks
    charts = glued_charts(edition)
    assert len(placed) == len(charts), [(r[0], r[3], r[4]) for r in placed]
    for (name, spec, png), row in zip(charts, placed, strict=True):
        width, height, ppi = int(row[3]), int(row[4]), float(row[12])
        assert (width, height) == figures._png_size(png), (name, row)  # the same image
        assert ppi >= figures.MIN_PRINT_DPI, (name, ppi)
        fig = go.Figure({k: v for k, v in spec.items() if k != "config"})
        smallest = figures.smallest_text_px(fig) * figures.PNG_SIZE["scale"] / ppi * 72
        assert smallest >= figures.MIN_PRINT_PT, (name, smallest)


def test_front_page_links_both_pdfs():
    for edition in EDITIONS:
        page = (PDF.parent / edition / "book" / "index.html").read_text("utf-8")
        for target in EDITIONS:
            href = f"../../pdf/{pdf_name(target)}"
            assert f'href="{href}"' in page
            assert (PDF.parent / edition / "book" / href).resolve().exists()


def test_no_spam_or_page_debris_in_the_pdf(text):
    for fragment in ("AV无码", "AV無碼", "无码人妻", "無碼人妻", "黑人粗硬", "下載APP", "下载APP"):
        assert fragment not in text


def test_paragraph_links_in_the_pdf_resolve(edition):
    """Source lines link to article paragraphs ({ref}`core-06`); LaTeX must know every target."""
    from tianyuan.build import edition_dir

    log = (edition_dir(edition) / "latex" / "tianyuan.log").read_text("utf-8", "replace")
    assert "\\hyperref" not in log  # sanity: this is the compile log, not the source
    assert "Hyper reference" not in log, re.findall(r"Hyper reference `[^']+' .*", log)[:3]
    tex = (edition_dir(edition) / "latex" / "tianyuan.tex").read_text("utf-8")
    assert tex.count(r"\phantomsection\label{\detokenize{book/") >= 79
