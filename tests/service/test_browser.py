"""A browser (Debian's chromium through Playwright) opens a municipality's page on a real `reporter serve`
(subprocess on 127.0.0.1, render worker processes) and downloads the profile PDF."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import sync_playwright

from reporter.service.process import served as serve_process
from tests.service.conftest import ROOT, bearer, upload, wait_job

CHROMIUM = "/usr/bin/chromium"


def cli(*args: str, data_dir: Path) -> str:
    result = subprocess.run([sys.executable, "-m", "reporter", *args, "--data-dir", str(data_dir)],
                            capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.fixture
def served(tmp_path):
    """`reporter serve` in a subprocess on a free loopback port; stopped afterwards."""
    data_dir = tmp_path / "data"
    with serve_process(data_dir, tmp_path / "server.log", workers=1) as url:
        yield url, data_dir


def test_municipality_page_in_a_browser(served, sof_zip, tmp_path):
    url, data_dir = served
    anna = cli("token", "create", "--consultant", "anna", data_dir=data_dir)
    assert anna.startswith("rpt_")
    with httpx.Client(base_url=url, timeout=30) as client:
        assert upload(client, "sof", sof_zip, anna).status_code == 200
        faxe = cli("token", "create", "--project", "sof", "--municipality", "Faxe", data_dir=data_dir)
        response = client.post("/projects/sof/jobs", headers=bearer(anna),
                               json={"kind": "profiles", "municipalities": ["Faxe", "Lejre"]})
        job = wait_job(client, "sof", response.json()["id"], anna, timeout=120)
        assert job["status"] == "done", job

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            context = browser.new_context(accept_downloads=True)
            page = context.new_page()
            assert page.goto(f"{url}/projects/sof/municipalities/faxe").status == 401
            # sign in with the municipality's token: the form sets the session cookie and goes to its page
            page.goto(f"{url}/login")
            page.fill("#token", faxe)
            with page.expect_navigation():
                page.click("#login")
            assert page.url == f"{url}/projects/sof/municipalities/faxe"
            assert page.locator("h1#municipality").inner_text() == "Faxe"
            preview = page.frame_locator("iframe#preview")
            assert "Faxe" in preview.locator("body").inner_text(timeout=10_000)
            with page.expect_download() as info:
                page.click("#download-pdf")
            download = info.value
            assert download.suggested_filename == "faxe.pdf"
            saved = tmp_path / "downloaded.pdf"
            download.save_as(saved)
            assert saved.read_bytes().startswith(b"%PDF") and saved.stat().st_size > 10_000
            assert page.locator("#download-docx").get_attribute("href") == "/projects/sof/files/profiles/faxe.docx"

            # another municipality's page and the note stay closed, in the browser too
            assert page.goto(f"{url}/projects/sof/municipalities/lejre").status == 403
            assert "forbidden" in page.content()
            assert page.goto(f"{url}/projects/sof/files/profiles/lejre.pdf").status == 403
        finally:
            browser.close()
