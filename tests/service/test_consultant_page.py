"""The consultant pages in a real browser (Debian's chromium through Playwright) on a real `reporter serve`:
sign in, upload (valid and invalid), start a profile job and follow it, download, create and revoke a
municipality token, sign out — by keyboard, with an accessible name on every control."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from reporter.service.process import served as serve_process
from reporter.service.store import Store
from tests.service.conftest import FIXTURES, stv_with_atlantis, zip_dir

CHROMIUM = "/usr/bin/chromium"

UNNAMED_CONTROLS = """() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button, a[href]')]
  .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.textContent.trim())
  .map(e => e.outerHTML)"""


@pytest.fixture
def served(tmp_path):
    data_dir = tmp_path / "data"
    anna = Store(data_dir).create_token(consultant="anna")
    with serve_process(data_dir, tmp_path / "server.log", workers=1) as url:
        yield url, anna


def zips(tmp_path):
    good = tmp_path / "sof.zip"
    good.write_bytes(zip_dir(FIXTURES / "sof", top="sof"))
    project = stv_with_atlantis(tmp_path / "stv")
    bad = tmp_path / "stv.zip"
    bad.write_bytes(zip_dir(project))
    return good, bad


def tab_to(page: Page, selector: str, limit: int = 40) -> None:
    """Press Tab until the element is focused (keyboard only: no clicks)."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement === document.querySelector(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} cannot be reached with Tab")


def assert_every_control_named(page: Page) -> None:
    assert page.evaluate(UNNAMED_CONTROLS) == [], page.url


def test_consultant_pages_by_keyboard(served, tmp_path):
    url, anna = served
    good, bad = zips(tmp_path)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            context = browser.new_context(accept_downloads=True)
            page = context.new_page()
            page.goto(f"{url}/ui/projects")
            assert page.url == f"{url}/login"  # not signed in: to the sign-in form
            assert_every_control_named(page)
            tab_to(page, "#token")
            page.keyboard.type(anna)
            with page.expect_navigation():
                page.keyboard.press("Enter")
            assert page.url == f"{url}/ui/projects"
            expect(page.locator("#consultant")).to_have_text("anna")
            expect(page.locator("#no-projects")).to_be_visible()
            assert_every_control_named(page)

            # an invalid project: every problem with file, row, column and value
            tab_to(page, "#project-id")
            page.keyboard.type("stv")
            page.locator("#file").set_input_files(bad)  # the file itself comes from the system's picker/drop
            tab_to(page, "#upload")
            with page.expect_navigation():
                page.keyboard.press("Enter")
            expect(page.locator("#result")).to_have_text("Projektet blev ikke modtaget")
            row = page.locator("#problems tbody tr", has_text="Atlantis")
            expect(row.locator("td")).to_have_text(["data/responses.csv", "6", "kommune", "Atlantis",
                                                    re.compile(".*"), re.compile(".+")])
            assert_every_control_named(page)

            # a valid one: the summary
            tab_to(page, "#project-id")
            page.keyboard.press("Control+A")
            page.keyboard.type("sof")
            page.locator("#file").set_input_files(good)
            tab_to(page, "#upload")
            with page.expect_navigation():
                page.keyboard.press("Enter")
            expect(page.locator("#result")).to_contain_text("projektet er gyldigt")
            expect(page.locator("#summary")).to_have_text("678 svarpersoner, 20 kommuner.")
            tab_to(page, "#to-project")
            with page.expect_navigation():
                page.keyboard.press("Enter")
            assert page.url == f"{url}/ui/projects/sof"
            assert_every_control_named(page)

            # a profile job for Faxe, followed until done (the page refreshes itself while it runs)
            tab_to(page, "#profiles-municipality")
            page.keyboard.type("Faxe")
            assert page.locator("#profiles-municipality").input_value() == "Faxe"
            tab_to(page, "#start-profiles")
            with page.expect_navigation():
                page.keyboard.press("Enter")
            expect(page.locator("#job-list tbody tr").first.locator("td").nth(2)).to_have_text("færdig",
                                                                                                timeout=150_000)
            link = page.get_by_role("link", name="profiles/faxe.pdf")
            tab_to(page, 'a[href="/projects/sof/files/profiles/faxe.pdf"]')
            with page.expect_download() as info:
                page.keyboard.press("Enter")
            saved = tmp_path / "faxe.pdf"
            info.value.save_as(saved)
            assert saved.read_bytes().startswith(b"%PDF") and link.count() == 1

            # a municipality token: shown once, it opens Faxe's page, and revoked it opens nothing
            tab_to(page, "#token-municipality")
            page.keyboard.type("Faxe")
            tab_to(page, "#create-token")
            with page.expect_navigation():
                page.keyboard.press("Enter")
            faxe = page.locator("#new-token").inner_text().strip()
            assert faxe.startswith("rpt_")
            assert_every_control_named(page)
            other = browser.new_context()
            municipality = other.new_page()
            municipality.goto(f"{url}/login")
            municipality.fill("#token", faxe)
            with municipality.expect_navigation():
                municipality.press("#token", "Enter")
            assert municipality.url == f"{url}/projects/sof/municipalities/faxe"
            page.goto(f"{url}/ui/projects/sof")
            revoke = page.locator("#token-list button", has_text="Tilbagekald")
            assert revoke.count() == 1 and "Faxe" in revoke.get_attribute("aria-label")
            tab_to(page, f"#{revoke.get_attribute('id')}")
            with page.expect_navigation():
                page.keyboard.press("Enter")
            assert page.locator("#token-list").count() == 0
            assert municipality.goto(f"{url}/projects/sof/municipalities/faxe").status == 401
            other.close()

            # sign out: the session is gone
            tab_to(page, "#logout")
            with page.expect_navigation():
                page.keyboard.press("Enter")
            assert page.url == f"{url}/login"
            page.goto(f"{url}/ui/projects")
            assert page.url == f"{url}/login"
        finally:
            browser.close()
