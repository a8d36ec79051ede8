"""Every page of both editions (and the root page) is valid HTML to the Nu HTML Checker
(npm vnu-jar, run on Debian's Java; installed by `make`, nothing fetched here)."""

import pytest
from conftest import HTML

from tianyuan.audits.audit import nu_errors, site_pages

pytestmark = pytest.mark.build


def test_nu_html_checker_finds_no_errors():
    pages = site_pages(HTML)
    assert len(pages) >= 27, len(pages)  # 13 per edition and the root page
    errors = nu_errors(pages)
    report = [f"{e['file'].split('/html/')[-1]}:{e['line']}: {e['message']}" for e in errors]
    assert not report, "\n".join(report[:30])


def test_edition_indexes_are_pages_not_bare_redirects():
    for edition in ("zh-Hant", "zh-Hans"):
        raw = (HTML / edition / "index.html").read_text("utf-8")
        assert raw.startswith("<!DOCTYPE html>")
        assert f'<html lang="{edition}">' in raw and "<title>" in raw
        assert 'name="description"' in raw and 'href="book/index.html"' in raw
    root = (HTML / "index.html").read_text("utf-8")
    assert root.startswith("<!DOCTYPE html>") and 'name="description"' in root
