"""Self-contained HTML: fonts travel inside the file (subset WOFF data: URIs), never as machine paths.

The file is rendered, moved to another folder and opened in Chromium (Debian's, through Playwright): the
page must use the embedded web fonts (Chromium's own report of the fonts it drew a node with) and show the
logo."""

from __future__ import annotations

import shutil

import pytest

from reporter.brand import load_brand
from reporter.render.html import render_html
from tests.render.sample_report import sample_profile

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def moved_html(tmp_path_factory):
    first, second = tmp_path_factory.mktemp("rendered"), tmp_path_factory.mktemp("elsewhere")
    (first / "profile.html").write_text(render_html(sample_profile(), "nordlys"), encoding="utf-8")
    shutil.move(first / "profile.html", second / "profile.html")
    shutil.rmtree(first)
    return second / "profile.html"


def test_no_machine_paths_in_the_html(moved_html):
    html = moved_html.read_text(encoding="utf-8")
    assert "file://" not in html and "/usr/share/fonts" not in html
    assert html.count("data:font/woff;base64,") == 8     # Carlito and Liberation Sans, four styles each


def test_chromium_draws_the_moved_file_with_the_embedded_fonts(moved_html):
    from playwright.sync_api import sync_playwright

    brand = load_brand("nordlys")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            page = browser.new_page()
            failed: list[str] = []
            page.on("requestfailed", lambda request: failed.append(request.url))
            page.goto(moved_html.as_uri())
            page.evaluate("document.fonts.ready.then(() => true)")
            loaded = page.evaluate("[...document.fonts].filter(f => f.status === 'loaded')"
                                   ".map(f => f.family.replaceAll('\"', ''))")
            assert brand.font_body in loaded
            logos = page.evaluate("[...document.images].map(i => i.naturalWidth)")
            assert logos and all(w > 0 for w in logos)

            cdp = page.context.new_cdp_session(page)
            cdp.send("DOM.enable")
            cdp.send("CSS.enable")
            root = cdp.send("DOM.getDocument")["root"]["nodeId"]
            for selector in ("h1", "td"):
                node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
                assert node, selector
                fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
                main = max(fonts, key=lambda f: f["glyphCount"])
                assert main["familyName"] == brand.font_body and main["isCustomFont"], (selector, fonts)
            assert failed == []
        finally:
            browser.close()
