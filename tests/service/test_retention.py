"""Retention: replaced uploads, their outputs, unreferenced job folders and old job rows are removed, so
disk use stays bounded however often a project is uploaded and rendered."""

from __future__ import annotations

import os

import pytest
from fastapi.testclient import TestClient

from reporter.service.app import create_app
from reporter.service.retention import Retention, clean_project, tree_bytes
from reporter.service.store import Store
from tests.service.conftest import FIXTURES, bearer, copy_fixture, render, render_done, upload, zip_dir

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
            render_done(client, "sof", anna, **kind)
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


# --- clean-ups run at any moment (after another job, another upload): they never take what is being made ---

def test_a_clean_up_while_an_upload_is_published_leaves_it_alone(tmp_path, fake_renders, sof_plain):
    """The folder of a new upload is moved into place before the database records it; the clean-up after
    some other job may run just then (forced here, at that very step)."""
    policy = Retention(keep_uploads=1, keep_jobs=5)
    app = create_app(tmp_path, workers=1, job_mode="thread", retention=policy)
    store = app.state.store
    record = store.set_upload

    def clean_first(project_id, upload, *args, **kwargs):
        assert (tmp_path / "projects" / project_id / "uploads" / upload).is_dir()
        clean_project(store, tmp_path, project_id, policy)
        return record(project_id, upload, *args, **kwargs)

    with TestClient(app) as client:
        anna = store.create_token(consultant="anna")
        assert upload(client, "sof", sof_plain, anna).status_code == 200
        store.set_upload = clean_first
        assert upload(client, "sof", sof_plain, anna).status_code == 200
        current = store.project("sof")["upload"]
        assert (tmp_path / "projects" / "sof" / "uploads" / current).is_dir()
        render_done(client, "sof", anna, kind="note")


def test_a_clean_up_while_a_job_finishes_keeps_its_folder(tmp_path):
    """A job that finishes while a clean-up reads the database is either unfinished or published to it, in
    whichever order the clean-up reads the two."""
    store = Store(tmp_path)
    source = tmp_path / "projects" / "sof" / "uploads" / "u1"
    source.mkdir(parents=True)
    assert store.set_upload("sof", "u1", "SOF", ["Faxe"], owner="anna")
    job_id = store.create_job("sof", "u1", "note", {})
    claimed = store.claim_next_job(os.getpid())
    assert claimed is not None and claimed[0] == job_id
    note = tmp_path / "projects" / "sof" / "jobs" / job_id / "note.pdf"
    note.parent.mkdir(parents=True)
    note.write_bytes(b"NOTE")
    finished = []

    def then_finish(read):
        def reading(*args, **kwargs):
            result = read(*args, **kwargs)
            if not finished:  # the job finishes right after the clean-up's first read of the two
                finished.append(store.finish_job(job_id, error=None, files=["note.pdf"], lease=claimed[1],
                                                 outputs=[("note.pdf", None, str(note), 4)]))
            return result
        return reading

    store.unfinished_jobs = then_finish(store.unfinished_jobs)
    store.referenced_jobs = then_finish(store.referenced_jobs)
    clean_project(store, tmp_path, "sof", Retention())
    assert finished == [True]
    assert note.is_file() and store.referenced_jobs("sof") == {job_id}


def test_tree_bytes_counts_regular_files_and_survives_what_goes_while_counting(tmp_path, monkeypatch):
    import os
    import shutil

    import reporter.service.retention as retention

    top = tmp_path / "project"
    (top / "jobs" / "1").mkdir(parents=True)
    (top / "uploads").mkdir()
    sizes = {"a.bin": 1000, "b.bin": 77}
    for name, size in sizes.items():
        (top / name).write_bytes(b"x" * size)
    (top / "uploads" / "u.zip").write_bytes(b"y" * 234)
    (top / "jobs" / "1" / "note.pdf").write_bytes(b"z" * 50_000)
    (top / "uploads" / "link").symlink_to(top / "jobs" / "1" / "note.pdf")    # a link is neither counted nor followed
    assert tree_bytes(top) == 1000 + 77 + 234 + 50_000
    assert tree_bytes(tmp_path / "absent") == 0

    # while the tree is walked, the other top file (listed already) and the job folder (not walked yet) go:
    # both count as gone, without an error
    real_lstat = os.lstat
    first = []

    def lstat_removing(name, *args, **kwargs):
        if not first:
            first.append(os.path.basename(name))
            (top / next(n for n in sizes if n != first[0])).unlink()
            shutil.rmtree(top / "jobs")
        return real_lstat(name, *args, **kwargs)

    monkeypatch.setattr(retention.os, "lstat", lstat_removing)
    assert tree_bytes(top) == sizes[first[0]] + 234
