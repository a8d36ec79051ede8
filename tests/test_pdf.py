"""The print edition: both PDFs, typeset with real CID fonts of the right region."""

import itertools
import re
import subprocess
import zlib

import pytest
from pdfread import (
    ELLIPSIS,
    Glyph,
    chinese_quotes_set_half_width,
    glyphs,
    in_chinese,
    neighbours,
    outline,
    placed_images,
)

from tianyuan.build.book import PDF, pdf_name
from tianyuan.text.convert import EDITIONS, convert, display

pytestmark = pytest.mark.tex

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


def test_the_pdf_states_the_rights_as_they_are(article, edition, text):
    """The notice in full, no authorisation recorded, who must obtain it, which licences
    cover what, and that the capture has no address: on the title verso and the colophon."""
    from tianyuan.text import rights

    flat = _squash(text)
    assert _squash(rights.notice(article, edition)) in _squash(text[:6000])
    for sentence in (rights.REPRODUCTION, rights.LICENCES, rights.NO_ADDRESS):
        assert _squash(rights.statement(sentence, article, edition)) in flat, sentence[:20]
    assert flat.count(_squash(rights.statement(rights.LICENCES, article, edition))) >= 2


def test_contents_and_numbered_chapters(article, edition, text):
    assert convert("目錄", edition) in text
    for number in range(2, len(article.sections) + 1):  # the lede is chapter 1
        assert re.search(rf"第\s*{number}\s*章", text), number
    # the article's six sections are the only numbered chapters: teaching and appendices are not
    assert not re.search(r"第\s*(?:[7-9]|1\d)\s*章", text)


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


def test_a_figures_number_stands_apart_from_its_caption_by_a_space(edition, text):
    """「圖 3.1　左邊是……」 as in Chinese books and the HTML edition, not LaTeX's 「圖 3.1: 」."""
    assert not re.findall(r"(?:圖|图) \d+\.\d+:", text)
    assert len(set(re.findall(r"(?m)^(?:圖|图) (\d+\.\d+) \S", text))) >= 14


def test_as_many_images_as_charts(edition):
    images = run("pdfimages", "-list", str(pdf(edition))).splitlines()[2:]
    assert len(images) >= 15


def test_charts_print_at_7_pt_and_200_dpi_or_more(edition):
    """Measured in the PDF itself: each chart image's resolution as placed on the page
    (pdfimages), and the smallest text of its figure at that scale."""
    import plotly.graph_objects as go
    from conftest import glued_charts

    from tianyuan.charts import output as figures

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
    from tianyuan.build.book import edition_dir

    log = (edition_dir(edition) / "latex" / "tianyuan.log").read_text("utf-8", "replace")
    assert "\\hyperref" not in log  # sanity: this is the compile log, not the source
    assert "Hyper reference" not in log, re.findall(r"Hyper reference `[^']+' .*", log)[:3]
    tex = (edition_dir(edition) / "latex" / "tianyuan.tex").read_text("utf-8")
    assert tex.count(r"\phantomsection\label{\detokenize{book/") >= 79


# --- the print edition typeset like a book (issue 14) ----------------------------------------


def pages_of(path, *crop: str) -> list[str]:
    """Text of each page (pdftotext separates pages with a form feed)."""
    out = run("pdftotext", "-enc", "UTF-8", *crop, str(path), "-")
    return out.split("\f")[:-1]


TYPE_AREA = ("-r", "72", "-x", "0", "-y", "62", "-W", "595", "-H", "718")
FOOTER = ("-r", "72", "-x", "0", "-y", "780", "-W", "595", "-H", "62")


@pytest.fixture(scope="module")
def pages(edition):
    return pages_of(pdf(edition))


@pytest.fixture(scope="module")
def footers(edition):
    return pages_of(pdf(edition), *FOOTER)


def _info(path) -> dict[str, str]:
    lines = run("pdfinfo", "-enc", "UTF-8", str(path)).splitlines()
    return dict(line.split(":", 1) for line in lines if ":" in line)


def _pdf_objects(path) -> str:
    """The PDF's uncompressed text and every decompressed stream (object streams hold the
    catalog), for looking up entries such as /Lang and /PageLabels."""
    data = path.read_bytes()
    parts = [data.decode("latin-1")]
    for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            parts.append(zlib.decompressobj().decompress(m.group(1)).decode("latin-1"))
        except zlib.error:
            continue
    return "\n".join(parts)


def test_document_information_names_title_authors_subject_and_language(article, edition):
    from tianyuan.text.convert import ours
    from tianyuan.typeset.tex import BOOK_EDITORS

    info = {k: v.strip() for k, v in _info(pdf(edition)).items()}
    book_title = yaml_title()
    assert info["Title"] == ours(book_title, edition)
    for author in article.authors:  # 譚昕吾 / 谭昕吾 and 王娜
        assert display(author, edition) in info["Author"], info["Author"]
    assert ours(BOOK_EDITORS, edition) in info["Author"]
    assert display(article.title, edition) in info["Subject"]
    assert ours("株洲高新區", edition) in info["Keywords"]
    assert f"/Lang ({edition})" in _pdf_objects(pdf(edition)) or (
        f"/Lang({edition})" in _pdf_objects(pdf(edition))
    )


def yaml_title() -> str:
    import yaml

    from tianyuan.paths import ROOT

    return yaml.safe_load((ROOT / "_config.yml").read_text("utf-8"))["title"]


def _trailer_id(path) -> str:
    ids = re.findall(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>", path.read_bytes())
    assert ids, path
    return ids[-1].decode().lower()


def test_each_pdf_has_its_own_id():
    ids = {e: _trailer_id(pdf(e)) for e in EDITIONS}
    assert len(set(ids.values())) == len(EDITIONS), ids


def test_no_blank_page(edition):
    """A page with no text in its type area and no image is blank: the book has none (a
    part page has its title; the title's verso, the notice)."""
    body = pages_of(pdf(edition), *TYPE_AREA)
    with_images = {
        int(row.split()[0])
        for row in run("pdfimages", "-list", str(pdf(edition))).splitlines()[2:]
        if row.split()
    }
    blank = [n for n, page in enumerate(body, 1) if not page.strip() and n not in with_images]
    assert not blank, blank


WORD_BOX = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)


def test_nothing_runs_into_the_running_foot(edition):
    """The foot's line (the running title, the page number) is the foot's own: no word
    crosses its top edge, none is printed under it, none lies over another word in it
    (a caption pushed down by a page-high figure did all three). Words are pdftotext's
    boxes in pt; Chinese punctuation squeezed by xeCJK overlaps its neighbour by up to
    half an em, so a cover is counted from 6 pt."""
    layout = run("pdftotext", "-bbox", str(pdf(edition)), "-")
    crowded = {}
    for n, page in enumerate(layout.split("<page ")[1:], 1):
        words = [(*map(float, m[:4]), m[4]) for m in WORD_BOX.findall(page)]
        numbers = [w for w in words if w[1] > 760 and re.fullmatch(r"\d+|[ivxlc]+", w[4])]
        if not numbers:
            continue  # the title page and its verso have no foot
        top, bottom = min(w[1] for w in numbers) - 4, max(w[3] for w in numbers) + 4
        foot = [w for w in words if w[1] >= top]
        wrong = [w[4] for w in words if w[1] < top < w[3]]
        wrong += [w[4] for w in foot if w[1] > bottom]
        wrong += [
            a[4]
            for i, a in enumerate(foot)
            for b in foot[i + 1 :]
            if min(a[2], b[2]) - max(a[0], b[0]) > 6 and min(a[3], b[3]) - max(a[1], b[1]) > 2
        ]
        if wrong:
            crowded[n] = wrong
    assert not crowded, crowded


def test_the_print_edition_speaks_print(article, edition, text):
    """No build folder, no clicking, no source file named as prose; the authors' names
    apart (xeCJK drops a space between two Chinese names)."""
    flat = _squash(text)
    assert "_build" not in text
    for web_word in ("點選", "點擊", "click", "data/claims.csv", "頁首的下載選單", "每頁頂端"):
        assert convert(web_word, edition) not in flat, web_word
    assert convert("HTML版同一章", edition) not in flat
    names = [display(name, edition) for name in article.authors]
    assert "".join(names) not in flat
    assert "、".join(names) in flat


def _contents(pages: list[str], edition: str) -> str:
    """The contents pages: from the page headed 目錄, while pages hold dot leaders."""
    start = next(i for i, p in enumerate(pages) if p.strip().startswith(convert("目錄", edition)))
    toc = []
    for page in pages[start:]:
        if not re.search(r"(?:\. ){5}", page):
            break
        toc.append(page)
    return "\n".join(toc)


def test_a_tables_title_is_never_the_last_line_of_a_page(edition):
    """「圖表資料」 titles each chart's data table: the table starts on the same page."""
    from tianyuan.text.convert import ours

    title = ours("圖表資料", edition)
    body = pages_of(pdf(edition), *TYPE_AREA)
    titled = 0
    for n, page in enumerate(body, 1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        for i, line in enumerate(lines):
            if line == title:
                titled += 1
                assert len(lines) - i > 4, (n, lines[i:])  # the head and a row follow
    assert titled >= 15  # one per chart


def test_contents_name_the_appendices_and_the_parts(edition, pages):
    from tianyuan.text.convert import ours

    toc = _contents(pages, edition)
    appendix = ours("附錄", edition)
    letters = re.findall(rf"{appendix}\s*([A-Z])\s", toc)
    assert letters == ["A", "B", "C", "D"], letters
    for part in ("調查原文與圖解", "教學"):
        assert re.search(rf"第[一二三]部\s*{ours(part, edition)}", toc), part
    assert ours("關於本書", edition) in toc and ours("版本說明", edition) in toc
    # the teaching chapters are in the contents, unnumbered
    assert re.search(rf"\n{ours('教學指引', edition)}\s", toc)


def test_appendix_headings_and_running_heads_say_appendix(edition, pages, footers):
    from tianyuan.text.convert import ours

    appendix = ours("附錄", edition)
    headed = [p for p in pages if re.match(rf"\s*{appendix}\s*A\s*\n", p)]
    assert headed, "no page opens with the heading 附錄 A"
    assert any(re.search(rf"{appendix}\s*B\s", f) for f in footers)
    # after the contents, no page's running foot names the contents or a chapter 7+
    start = next(i for i, p in enumerate(pages) if ours("關於本書", edition) in p.split("\n")[0])
    for n, foot in enumerate(footers[start:], start + 1):
        assert convert("目錄", edition) not in foot, n
        assert not re.search(r"第\s*(?:[7-9]|1\d)\s*章", foot), n


def _page_labels(path) -> list[tuple[int, str]]:
    objects = _pdf_objects(path)
    m = re.search(r"/PageLabels\s*<<\s*/Nums\s*\[(.*?)\]\s*>>", objects, re.S)
    assert m, "no /PageLabels in the PDF"
    return [(int(n), s) for n, s in re.findall(r"(\d+)\s*<<[^>]*?/S\s*/([A-Za-z])", m.group(1))]


def test_front_matter_is_numbered_in_roman_and_the_first_part_starts_page_one(edition, pages):
    from tianyuan.text.convert import ours

    labels = _page_labels(pdf(edition))
    assert labels[0] == (0, "r"), labels  # title page, verso, contents, 關於本書
    arabic = [n for n, style in labels if style == "D"]
    assert arabic, labels
    # the first arabic page (index 0-based) is the first part's page
    assert ours("調查原文與圖解", edition) in pages[arabic[0]], pages[arabic[0]][:200]
    about = next(i for i, p in enumerate(pages) if ours("關於本書", edition) in p.split("\n")[0])
    assert about < arabic[0]


def _font_sizes(path) -> dict[str, list[tuple[float, int]]]:
    """(size in pt, number of CJK characters) for each run of text, by face: the article's
    Noto Serif CJK and our Noto Sans CJK (regular weight), read with pdftohtml."""
    xml = run("pdftohtml", "-xml", "-i", "-stdout", "-zoom", "4", str(path))
    # sizes are in the XML's pixels: the page's height in pixels against its height in pt
    height_pt = float(re.search(r"Page size:\s+[\d.]+ x ([\d.]+)", run("pdfinfo", str(path)))[1])
    scale = float(re.search(r'<page [^>]*height="([\d.]+)"', xml)[1]) / height_pt
    fonts = {
        m.group(1): (round(float(m.group(2)) / scale, 1), m.group(3))
        for m in re.finditer(r'<fontspec id="(\d+)" size="([\d.]+)" family="([^"]+)"', xml)
    }
    runs: dict[str, list[tuple[float, int]]] = {"serif": [], "sans": []}
    for m in re.finditer(r'<text [^>]*font="(\d+)"[^>]*>(.*?)</text>', xml, re.S):
        size, family = fonts[m.group(1)]
        if "<b>" in m.group(2):
            continue
        cjk = len(re.findall(r"[\u4e00-\u9fff]", m.group(2)))
        if cjk and "NotoSerifCJK" in family:
            runs["serif"].append((size, cjk))
        elif cjk and "NotoSansCJK" in family:
            runs["sans"].append((size, cjk))
    return runs


def _median(runs: list[tuple[float, int]]) -> float:
    chars = sorted(runs)
    half, seen = sum(n for _, n in chars) / 2, 0
    for size, n in chars:
        seen += n
        if seen >= half:
            return size
    raise AssertionError("no text")


def test_article_is_set_at_least_as_large_as_our_commentary(edition):
    runs = _font_sizes(pdf(edition))
    article, ours_ = _median(runs["serif"]), _median(runs["sans"])
    assert article >= ours_, (article, ours_)
    assert article >= 10.5, article  # 11 pt serif against 10 pt sans


def test_no_latin_comma_inside_chinese_text(text):
    """The fullwidth-punctuation display rule reaches print: a comma before a Chinese
    character is the full-width ，(a few in English sentences quoting Chinese are fine)."""
    found = re.findall(r".{0,12},\s*[\u4e00-\u9fff].{0,3}", text)
    assert len(found) <= 5, found


def test_no_closing_quote_opens_a_quotation(text):
    """TeX prints a straight ' or " as a closing quote; print uses typographic ones."""
    wrong = re.findall(r"(?:^|[\s(\[（])[’”][A-Za-z0-9].{0,20}", text, re.M)
    assert not wrong, wrong
    assert "‘" in text  # English quotations open with an opening quote


def test_colophon_says_edition_version_tools_and_where_the_html_is(edition, pages):
    from tianyuan import __version__
    from tianyuan.config import web_address
    from tianyuan.text.convert import ours

    last = next(p for p in reversed(pages) if p.strip())
    assert ours("版本說明", edition) in last
    assert __version__ in last and edition in last
    region = "TC" if edition == "zh-Hant" else "SC"
    assert f"Noto Serif CJK {region}" in last and f"Noto Sans CJK {region}" in last
    assert re.search(r"XeTeX \d", last) and "Sphinx" in last and "Jupyter Book" in last
    assert re.search(r"\d{4}-\d{2}-\d{2}", last)
    if web_address():
        assert web_address().rstrip("/") in _squash(last)
    else:  # no address is invented: the colophon says where the build put the HTML
        assert "http" not in last
        assert f"{edition}/index.html" in _squash(last)


def test_only_the_exercises_solutions_print_code(text):
    assert "same_year" in text  # an exercise's worked solution
    assert "figures.start" not in text and "figures.figure(" not in text


# --- Chinese punctuation in print (issue 21) ---------------------------------------------


@pytest.fixture(scope="module")
def drawn(edition) -> list[Glyph]:
    return glyphs(pdf(edition))


def test_ellipses_and_dashes_in_chinese_are_set_in_the_cjk_face(article, edition, drawn, text):
    """…… and —— are Chinese punctuation, two em wide in the CJK face: not six Latin dots.
    The CJK faces call their ellipsis U+22EF; the text keeps the article's … (ActualText)."""
    latin = [
        (g.page, g.font, g.char)
        for i, g in enumerate(drawn)
        if g.char in "—" + ELLIPSIS and not g.cjk and in_chinese(drawn, i, g.char)
    ]
    assert not latin, latin[:10]
    in_article = sum(display(p.text, edition).count("…") for p in article.paragraphs)
    assert in_article >= 8  # the article's four ……
    serif = [g for g in drawn if g.char in ELLIPSIS and "NotoSerifCJK" in g.font]
    assert len(serif) >= in_article, len(serif)
    for g in serif:  # a full em each
        assert abs(_advance(drawn, g) - g.size) < 0.05 * g.size or _advance(drawn, g) < 0, g
    assert "⋯" not in text
    flat = _squash(text)
    for p in article.paragraphs:
        if "…" in p.text:
            assert "……" in display(p.text, edition)
            assert _squash(display(p.text, edition)).split("……")[0][-6:] + "……" in flat, p.pid


def _advance(drawn: list[Glyph], g: Glyph) -> float:
    """How far the next glyph on the line starts from `g` (negative: none follows)."""
    i = drawn.index(g)
    after = neighbours(drawn, i)[1]
    return after.x - g.x if after is not None else -1.0


def test_quotes_in_chinese_are_full_width_in_the_cjk_face(drawn):
    assert not chinese_quotes_set_half_width(drawn)
    assert sum(1 for g in drawn if g.char == "“" and g.cjk) >= 50  # the article's own


# --- pages before a figure (issue 21) -------------------------------------------------------

# The type area of the book's A4 page in PDF points from the top (geometry: 72.27 TeX pt
# margins and a 700.5 pt text height), and how far down a page a figure may start and still
# open it (under its section's heading).
TYPE_TOP, TYPE_BOTTOM = 72.0, 769.9
OPENS_THE_PAGE = 0.12


def page_fill(path) -> list[tuple[float, bool]]:
    """For each page: how full its type area is (the lowest word or image, as a share of the
    type area's height) and whether a figure opens it (an image above all its text, or
    under no more than a heading)."""
    layout = run("pdftotext", "-bbox", str(path), "-")
    images = placed_images(path)
    height = TYPE_BOTTOM - TYPE_TOP
    out = []
    for n, page in enumerate(layout.split("<page ")[1:], 1):
        words = [tuple(map(float, m[:4])) for m in WORD_BOX.findall(page)]
        body = [w for w in words if w[1] >= TYPE_TOP - 14 and w[3] <= TYPE_BOTTOM + 2]
        placed = [i for i in images if i.page == n]
        bottoms = [w[3] for w in body] + [i.bottom for i in placed]
        if not bottoms:
            out.append((0.0, False))
            continue
        first_image = min((i.top for i in placed), default=None)
        opens = first_image is not None and (
            first_image <= min((w[1] for w in body), default=first_image) + 1
            or first_image < TYPE_TOP + OPENS_THE_PAGE * height
        )
        out.append(((max(bottoms) - TYPE_TOP) / height, opens))
    return out


def test_no_page_is_left_half_empty_before_a_figure(edition):
    """A page less than half full, followed by a page that a figure opens, is allowed only
    at a chapter's (or a part's) end: a chart that does not fit floats, the text goes on."""
    fill = page_fill(pdf(edition))
    starts = {m.page for m in outline(pdf(edition)) if m.depth <= 1}
    assert sum(opens for _, opens in fill) >= 8  # the measure sees the charts
    half_empty = [
        (n, round(full, 2))
        for n, ((full, _), (_, next_opens)) in enumerate(itertools.pairwise(fill), 1)
        if full < 0.5 and next_opens and n + 1 not in starts
    ]
    assert not half_empty, half_empty
