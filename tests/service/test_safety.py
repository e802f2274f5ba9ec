"""Rendering safety: WeasyPrint fetches only the renderer's own assets (no file:// outside, no network),
and markup in names and free text is escaped on the service page and in the rendered profile."""

from __future__ import annotations

import http.server
import threading
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from weasyprint import HTML

from reporter.render.assets import STYLES_DIR, SafeURLFetcher, URLRefused
from reporter.service.app import create_app
from tests.service.conftest import bearer, copy_fixture, render, upload, zip_dir

SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def loopback_http():
    """A loopback HTTP server counting the requests it gets."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"body { color: red }")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()


def test_fetcher_serves_own_assets_and_data_urls():
    css = next(STYLES_DIR.rglob("*.css"))
    response = SafeURLFetcher().fetch(css.resolve().as_uri())
    assert response.url == css.resolve().as_uri()
    assert SafeURLFetcher().fetch("data:text/plain;base64,aGk=") is not None


@pytest.mark.parametrize("url", [
    "file:///etc/passwd",
    "file://localhost/etc/passwd",
    "file://evil.example/share/x.css",
    STYLES_DIR.as_uri() + "/../pyproject.toml",
    STYLES_DIR.as_uri() + "/%2e%2e/pyproject.toml",
    STYLES_DIR.as_uri() + "/%2E%2E/%2E%2E/%2E%2E/etc/passwd",
    STYLES_DIR.as_uri() + "/no-such-file.css",
    "http://127.0.0.1:9/x.css",
    "https://example.org/x.css",
    "ftp://example.org/x.css",
    "gopher://127.0.0.1/x",
])
def test_fetcher_refuses_everything_else(url):
    with pytest.raises(URLRefused):
        SafeURLFetcher().fetch(url)


def test_fetcher_refuses_symlinks_out_of_an_allowed_root(tmp_path):
    root = tmp_path / "assets"
    root.mkdir()
    (root / "ok.css").write_text("p {}")
    secret = tmp_path / "secret.txt"
    secret.write_text("s3cret")
    (root / "link.css").symlink_to(secret)
    fetcher = SafeURLFetcher(roots=(root,))
    assert fetcher.fetch((root / "ok.css").as_uri()).url.endswith("ok.css")
    with pytest.raises(URLRefused):
        fetcher.fetch((root / "link.css").as_uri())


def test_uploaded_project_files_are_not_reachable_from_a_document(tmp_path):
    project = copy_fixture("sof", tmp_path / "sof")
    with pytest.raises(URLRefused):
        SafeURLFetcher().fetch((project / "project.yaml").as_uri())


def test_weasyprint_never_calls_out(loopback_http, tmp_path):
    base, hits = loopback_http
    secret = tmp_path / "secret.css"
    secret.write_text("body { background: url(data:,x) }")
    html = f"""<html><head>
      <link rel="stylesheet" href="{base}/style.css">
      <link rel="stylesheet" href="{secret.as_uri()}">
      <style>@import url("{base}/import.css"); body {{ background: url("{base}/bg.png") }}
             @font-face {{ font-family: X; src: url("{base}/font.woff2") }}</style>
      </head><body><img src="{base}/pixel.png"><img src="file:///etc/passwd"><p>hello</p></body></html>"""
    pdf = HTML(string=html, base_url=STYLES_DIR.as_uri() + "/", url_fetcher=SafeURLFetcher()).write_pdf()
    assert pdf.startswith(b"%PDF")
    assert hits == []
    # and the same document with WeasyPrint's default fetcher does call out: the test can fail
    HTML(string=html, base_url=STYLES_DIR.as_uri() + "/").write_pdf()
    assert hits


def script_project(tmp_path: Path) -> Path:
    """stv with a municipality, the project name and free-text answers carrying markup."""
    project = copy_fixture("stv", tmp_path / "stv")
    yaml_path = project / "project.yaml"
    text = yaml_path.read_text(encoding="utf-8")
    assert "- {name: Aabenraa," in text and "\nname: " in text
    text = text.replace("- {name: Aabenraa,", f"- {{name: '{SCRIPT}',", 1)
    text = text.replace("\nname: ", "\nname: <b>Bold</b> ", 1)
    yaml_path.write_text(text, encoding="utf-8")
    csv = project / "data" / "responses.csv"
    lines = csv.read_text(encoding="utf-8-sig").replace(";Aabenraa;", f";{SCRIPT};").splitlines()
    column = lines[0].split(";").index("barrierer")  # the open (free-text) question
    for i in range(1, len(lines)):
        cells = lines[i].split(";")
        if cells[column]:
            cells[column] = f"{SCRIPT} <img src=x onerror=alert(3)> {cells[column]}"
            lines[i] = ";".join(cells)
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return project


def test_markup_in_names_is_escaped_on_the_page_and_in_the_profile(tmp_path):
    app = create_app(tmp_path / "data", workers=1, job_mode="thread")
    with TestClient(app) as client:
        token = app.state.store.create_token(consultant="anna")
        response = upload(client, "stv", zip_dir(script_project(tmp_path)), token)
        assert response.status_code == 200, response.text
        refs = {m["name"]: m for m in response.json()["municipalities"]}
        assert refs[SCRIPT]["slug"] == "scriptalert1script"
        job = render(client, "stv", token, kind="profiles", municipalities=[SCRIPT], formats=["html", "pdf"])
        assert job["status"] == "done", job
        m_token = app.state.store.create_token(project="stv", municipality=SCRIPT)
        page = client.get(refs[SCRIPT]["page"], headers=bearer(m_token))
        assert page.status_code == 200
        assert SCRIPT not in page.text and "<b>Bold</b>" not in page.text and "<img" not in page.text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text and "&lt;b&gt;Bold&lt;/b&gt;" in page.text
        assert "script-src" not in page.headers["content-security-policy"]  # default-src 'none': no scripts
        profile = client.get("/projects/stv/files/profiles/scriptalert1script.html", headers=bearer(m_token))
        assert profile.status_code == 200 and "<script" not in profile.text.lower()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in profile.text and "onerror=alert" not in profile.text
        assert profile.headers["content-security-policy"].startswith("default-src 'none'")
        pdf = client.get("/projects/stv/files/profiles/scriptalert1script.pdf", headers=bearer(m_token))
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
