"""Retention: replaced uploads, their outputs, unreferenced job folders and old job rows are removed, so
disk use stays bounded however often a project is uploaded and rendered."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from reporter.service.app import create_app
from reporter.service.retention import Retention, tree_bytes
from tests.service.conftest import FIXTURES, bearer, copy_fixture, render, upload, zip_dir

SOF_BYTES = sum(p.stat().st_size for p in (FIXTURES / "sof").rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def sof_plain() -> bytes:
    return zip_dir(FIXTURES / "sof")


def test_disk_use_stays_bounded_over_50_uploads(tmp_path, fake_renders, sof_plain):
    policy = Retention(keep_uploads=3, keep_jobs=5)
    app = create_app(tmp_path, workers=1, job_mode="thread", retention=policy)
    projects = tmp_path / "projects" / "sof"
    sizes = []
    with TestClient(app) as client:
        anna = app.state.store.create_token(consultant="anna")
        for i in range(50):
            assert upload(client, "sof", sof_plain, anna).status_code == 200
            kind = {"kind": "note"} if i % 2 else {"kind": "profiles", "municipalities": ["Faxe"]}
            assert render(client, "sof", anna, **kind)["status"] == "done"
            sizes.append(tree_bytes(projects))
        store = app.state.store
        uploads = sorted(p.name for p in (projects / "uploads").iterdir())
        assert len(uploads) == 3 and store.project("sof")["upload"] in uploads
        assert len(store.uploads_of("sof")) == 3
        # published: the note of the last upload (one job folder), nothing else: Faxe's profile was built
        # from an older upload
        assert len(list((projects / "jobs").iterdir())) == 1
        assert len(store.jobs_of("sof", limit=1000)) <= 5 + 1  # keep_jobs, and the last job until its clean-up
        names = {f["name"] for f in client.get("/projects/sof/files", headers=bearer(anna)).json()}
        assert names == {"note.pdf", "note.docx", "note.html"}
    # by hand: three copies of the sources at most, plus a few hundred bytes of (fake) rendered files
    assert max(sizes) <= 3 * SOF_BYTES + 10_000
    assert sizes[-1] == sizes[9]  # flat from the third upload on: nothing accumulates


def test_replacing_an_upload_removes_the_outputs_built_from_the_old_one(tmp_path, fake_renders):
    app = create_app(tmp_path / "data", workers=1, job_mode="thread")
    with TestClient(app) as client:
        anna = app.state.store.create_token(consultant="anna")
        h = bearer(anna)
        project = copy_fixture("sof", tmp_path / "sof")
        assert upload(client, "sof", zip_dir(project), anna).status_code == 200
        job = render(client, "sof", anna, kind="profiles", municipalities=["Faxe", "Lejre"])
        assert job["status"] == "done"
        old_folder = tmp_path / "data" / "projects" / "sof" / "jobs" / job["id"]
        assert old_folder.is_dir()
        assert len(client.get("/projects/sof/files", headers=h).json()) == 6
        assert upload(client, "sof", zip_dir(project), anna).status_code == 200
        assert client.get("/projects/sof/files", headers=h).json() == []
        assert client.get("/projects/sof/files/profiles/faxe.pdf", headers=h).status_code == 404
        assert not old_folder.exists()


def test_retention_runs_at_start(tmp_path, fake_renders, sof_plain):
    app = create_app(tmp_path, workers=1, job_mode="thread")
    with TestClient(app) as client:
        anna = app.state.store.create_token(consultant="anna")
        assert upload(client, "sof", sof_plain, anna).status_code == 200
    stray_job = tmp_path / "projects" / "sof" / "jobs" / "j0123456789abcdef"
    stray_upload = tmp_path / "projects" / "sof" / "uploads" / "u0123456789abcdef"
    for folder in (stray_job, stray_upload):
        folder.mkdir(parents=True)
        (folder / "x.pdf").write_bytes(b"x" * 1000)
    app = create_app(tmp_path, workers=1, job_mode="thread")
    with TestClient(app):
        pass
    assert not stray_job.exists() and not stray_upload.exists()
    assert (tmp_path / "projects" / "sof" / "uploads" / app.state.store.project("sof")["upload"]).is_dir()
