"""The page and site machinery on small inputs: icons, descriptions, the interface's
catalogues, the copy button's words, one `_static` for both editions, trimmed CSS."""

import gzip
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from docutils.core import publish_doctree
from sphinx.errors import ExtensionError

from tianyuan.build import site
from tianyuan.sphinxext import assets, interface
from tianyuan.text.convert import ours

ICONS = {("fas", "magnifying-glass"): (512, 512, "M0 0h512v512z"), ("fas", "sun"): (8, 8, "M0")}


def test_an_icon_is_inline_svg_hidden_from_screen_readers():
    svg = interface.icon_svg(ICONS, "fa-solid fa-magnifying-glass fa-lg")
    assert svg == (
        '<svg class="icon fa-lg" aria-hidden="true" focusable="false" viewBox="0 0 512 512">'
        '<path fill="currentColor" d="M0 0h512v512z"/></svg>'
    )
    switch = interface.icon_svg(ICONS, "theme-switch fa-solid fa-sun", data_mode="light")
    assert switch.startswith('<svg class="icon theme-switch" data-mode="light"')


def test_an_icon_the_theme_does_not_have_stops_the_build():
    with pytest.raises(ExtensionError, match="fa-solid fa-unicorn"):
        interface.icon_svg(ICONS, "fa-solid fa-unicorn")


def test_the_theme_icons_are_read_from_its_font_awesome_bundle():
    import pydata_sphinx_theme

    bundle = (
        Path(pydata_sphinx_theme.__file__).parent
        / "theme/pydata_sphinx_theme/static/scripts/fontawesome.js"
    )
    icons = interface.load_icons(bundle)
    for name in ("bars", "list", "magnifying-glass", "arrow-up", "sun", "moon", "download"):
        width, height, path = icons[("fas", name)]
        assert width > 0 and height == 512 and path.startswith("M"), name


def test_description_is_the_synopsis_cut_at_a_sentence():
    long = "這是一章的提要，說明本章寫了甚麼。" * 12
    doctree = publish_doctree(f"Title\n=====\n\n短\n\n.. container:: synopsis\n\n   {long}\n")
    text = assets.description(doctree)
    assert text.startswith("這是一章的提要") and text.endswith("。") and len(text) <= 120


def test_description_falls_back_to_the_first_paragraph():
    doctree = publish_doctree("Title\n=====\n\n短\n\n" + "字" * 200 + "\n")
    text = assets.description(doctree)
    assert text.startswith("字") and text.endswith("…") and len(text) == 121


def test_the_simplified_catalogue_is_the_taiwan_one_through_the_editions_conversion():
    with interface.CATALOGUE.open("rb") as f:
        taiwan = {m.id: m.string for m in read_po(f) if m.id}
    mainland = {
        m.id: m.string
        for m in interface.simplified_catalogue(interface.CATALOGUE.read_bytes())
        if m.id
    }
    assert mainland.keys() == taiwan.keys()
    for msgid, text in taiwan.items():
        assert mainland[msgid] == ours(text, "zh-Hans"), msgid
    assert mainland["Toggle primary sidebar"] == "显示或隐藏全书目录"
    assert mainland["Click to show"] == "点击展开"  # a mainland term, not 點選 in Simplified


def test_the_simplified_catalogue_is_written_once(tmp_path):
    locale = interface.write_simplified_catalogue(tmp_path)
    po = locale / "zh_CN" / "LC_MESSAGES" / "sphinx.po"
    first = po.stat().st_mtime_ns
    assert b'"Language: zh_CN\\n"' in po.read_bytes() and b"Date:" not in po.read_bytes()
    interface.write_simplified_catalogue(tmp_path)
    assert po.stat().st_mtime_ns == first  # unchanged text, untouched file: no recompiling


COPYBUTTON = "const messages = {'en': {}}\n\nlet locale = 'en'\nif (messages[lang]) locale = lang\n"


def test_the_copy_button_learns_both_editions_words():
    out = interface.localise_copy_button(COPYBUTTON, "copybutton.js")
    assert 'messages[\'zh-Hant\'] = {"copy": "複製"' in out
    assert '"copy_to_clipboard": "复制到剪贴' in out.split("messages['zh-Hans']")[1]
    assert interface.localise_copy_button(out, "copybutton.js") == out  # once


def test_a_copy_button_script_of_another_shape_stops_the_build_naming_it():
    with pytest.raises(ExtensionError, match=r"_static/copybutton\.js.*not found"):
        interface.localise_copy_button(
            "var locale = 'en';", "_build/html/zh-Hant/_static/copybutton.js"
        )


# --- one _static for both editions ------------------------------------------------------------


def _site(tmp_path: Path, hans_plotly: bytes = b"plotly") -> Path:
    root = tmp_path / "html"
    for edition, plotly in (("zh-Hant", b"plotly"), ("zh-Hans", hans_plotly)):
        static = root / edition / "_static"
        (static / "scripts").mkdir(parents=True)
        (static / "plotly.min.js").write_bytes(plotly)
        (static / "plotly.min.js.gz").write_bytes(gzip.compress(plotly))
        (static / "scripts" / "theme.js").write_text("theme")
        (static / "documentation_options.js").write_text(f"LANGUAGE: '{edition}'")
        (root / edition / "book").mkdir()
        (root / edition / "book" / "core.html").write_text(
            '<!DOCTYPE html><html><head><script src="../_static/documentation_options.js">'
            '</script><script src="../../_static/scripts/theme.js?v=1"></script></head><body>'
            '<script data-plotly="../../_static/plotly.min.js" src="../../_static/x.js"></script>'
            "</body></html>"
        )
    (root / "_static").mkdir()
    (root / "_static" / "x.js").write_text("x")
    return root


def test_shared_static_files_move_to_one_folder_and_per_edition_ones_stay(tmp_path):
    root = _site(tmp_path)
    site.share_static(root, ["zh-Hant", "zh-Hans"])
    assert (root / "_static" / "plotly.min.js").read_bytes() == b"plotly"
    assert (root / "_static" / "scripts" / "theme.js").read_text() == "theme"
    for edition in ("zh-Hant", "zh-Hans"):
        static = root / edition / "_static"
        assert sorted(p.name for p in static.rglob("*")) == ["documentation_options.js"]
    site.check_static_links(root, site.site_pages(root, ["zh-Hant", "zh-Hans"]))


def test_a_shared_file_that_differs_between_editions_stops_the_build_naming_it(tmp_path):
    root = _site(tmp_path, hans_plotly=b"another plotly")
    with pytest.raises(site.SiteError, match=r"zh-Hans/_static/plotly\.min\.js differs"):
        site.share_static(root, ["zh-Hant", "zh-Hans"])


def test_a_page_linking_a_missing_static_file_stops_the_build_naming_it(tmp_path):
    root = _site(tmp_path)
    site.share_static(root, ["zh-Hant", "zh-Hans"])
    (root / "_static" / "x.js").unlink()
    with pytest.raises(
        site.SiteError, match=r"zh-Han[st]/book/core\.html: links \.\./\.\./_static/x\.js"
    ):
        site.check_static_links(root, site.site_pages(root, ["zh-Hant", "zh-Hans"]))


def test_a_shared_link_carries_the_checksum_of_the_editions_own_copy(tmp_path):
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "a.js").write_bytes(b"a\r\nb")
    from sphinx.builders.html import _file_checksum  # what Sphinx writes for its own links

    assert assets.checksum(tmp_path / "_static" / "a.js") == _file_checksum(
        tmp_path, "_static/a.js"
    )
    assert assets.is_shared("_static/plotly.min.js")
    assert not assets.is_shared("_static/documentation_options.js")
    assert not assets.is_shared("_images/chart.png")


def test_trim_css_keeps_what_pages_use():
    css = (
        ":root{--used:1px;--unused:2px}.a{margin:var(--used)}.b,.a .c{color:red}"
        ".d:not(.gone){color:blue}@media (min-width:1px){.gone{color:red}.a{color:green}}"
        "@font-face{font-family:X;src:url(x.woff2)}@keyframes spin{to{color:red}}"
    )
    out = site.trim_css(css, {"a", "d"})
    assert ".a{margin:var(--used)}" in out and "--used:1px" in out
    assert "--unused" not in out and ".b" not in out and ".c" not in out
    assert ".d:not(.gone)" in out and "@media (min-width:1px){.a{color:green}}" in out
    assert "@font-face" not in out and "keyframes" not in out


def test_markup_tokens_come_from_the_parsed_page(tmp_path):
    page = tmp_path / "p.html"
    page.write_text('<p class="x y" id="z" style="--w: 1">class="not-a-class" table</p>')
    assert site.markup_tokens([page]) == {"x", "y", "z", "--w"}


def test_precompressed_copy_matches_and_is_rewritten_only_when_stale(tmp_path):
    path = tmp_path / "a.js"
    path.write_text("var a = 1;" * 300)
    assert site.precompress(path) is True
    assert gzip.decompress(path.with_name("a.js.gz").read_bytes()) == path.read_bytes()
    assert site.precompress(path) is False
    path.write_text("var b = 2;" * 300)
    assert site.precompress(path) is True
