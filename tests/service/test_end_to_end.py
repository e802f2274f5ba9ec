"""The whole path with the real renderers (sof): upload, note and profile jobs, downloads of every format."""

from __future__ import annotations

import io
import zipfile

from fastapi.testclient import TestClient

from reporter.service.app import create_app
from tests.service.conftest import bearer, render, upload


def test_upload_render_and_download_real_documents(tmp_path, sof_zip):
    app = create_app(tmp_path, workers=2, job_mode="thread")
    with TestClient(app) as client:
        token = app.state.store.create_token(consultant="anna")
        h = bearer(token)
        assert upload(client, "sof", sof_zip, token).status_code == 200
        page = client.get("/projects/sof/municipalities/faxe", headers=h)
        assert page.status_code == 200 and 'id="not-rendered"' in page.text

        start_note = client.post("/projects/sof/jobs", headers=h, json={"kind": "note", "formats": ["pdf", "docx"]})
        profiles = render(client, "sof", token, kind="profiles", municipalities=["Faxe"])
        assert profiles["status"] == "done", str(profiles)
        assert profiles["files"] == ["profiles/faxe.pdf", "profiles/faxe.docx", "profiles/faxe.html"]
        from tests.service.conftest import wait_job

        note = wait_job(client, "sof", start_note.json()["id"], token, timeout=150)
        assert note["status"] == "done", str(note)
        assert sorted(note["files"]) == ["note.docx", "note.pdf"]

        files = {f["name"]: f for f in client.get("/projects/sof/files", headers=h).json()}
        assert set(files) == {"note.pdf", "note.docx", "profiles/faxe.pdf", "profiles/faxe.docx", "profiles/faxe.html"}
        pdf = client.get(files["note.pdf"]["url"], headers=h)
        assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
        assert len(pdf.content) == files["note.pdf"]["size"]
        docx = client.get(files["profiles/faxe.docx"]["url"], headers=h)
        assert "attachment" in docx.headers["content-disposition"]
        with zipfile.ZipFile(io.BytesIO(docx.content)) as archive:
            assert "Faxe" in archive.read("word/document.xml").decode("utf-8")

        import pypdf

        pdf = pypdf.PdfReader(io.BytesIO(client.get(files["profiles/faxe.pdf"]["url"], headers=h).content))
        assert len(pdf.pages) == 1 and "Faxe" in pdf.pages[0].extract_text()

        page = client.get("/projects/sof/municipalities/faxe", headers=h)
        assert 'href="/projects/sof/files/profiles/faxe.pdf"' in page.text
        assert 'href="/projects/sof/files/profiles/faxe.docx"' in page.text
        assert 'src="/projects/sof/files/profiles/faxe.html"' in page.text
        jobs = client.get("/projects/sof/jobs", headers=h).json()
        assert {j["kind"] for j in jobs} == {"note", "profiles"} and all(j["status"] == "done" for j in jobs)
