"""Render jobs: bounded concurrency (the rest queue), no lost jobs across a restart, failures recorded."""

from __future__ import annotations

import threading
import time

import pytest
from fastapi.testclient import TestClient

from reporter.service.app import create_app
from reporter.service.jobs import JobManager
from reporter.service.store import Store
from tests.service.conftest import FIXTURES, bearer, fake_render_profiles, render, upload, wait_job, zip_dir


@pytest.fixture(scope="module")
def sof_zip_plain() -> bytes:
    return zip_dir(FIXTURES / "sof")


def peak_overlap(events: list[tuple[str, str]]) -> int:
    """Most jobs between their ``("start", job)`` and ``("end", job)`` at once, in the order recorded."""
    running, peak = set(), 0
    for what, job in events:
        (running.add if what == "start" else running.discard)(job)
        peak = max(peak, len(running))
    return peak


def until(condition, what: str, timeout: float = 120):
    """Poll ``condition()`` until it is true (a generous deadline: a loaded machine is slow, not wrong)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"still not {what} after {timeout} s"
        time.sleep(0.02)


def test_at_most_workers_renders_at_once_and_all_finish(tmp_path, monkeypatch, fake_renders, sof_zip_plain):
    """Six jobs, two workers: the renders are held until the dispatcher has had two full passes with both
    workers busy (it would have started a third then, were the bound broken); the bound is read from the
    renders' own start and end events, not from timing."""
    from reporter import pipeline

    events: list[tuple[str, str]] = []
    lock, gate = threading.Lock(), threading.Event()

    def held_profiles(*args, only=None, **kwargs):
        with lock:
            events.append(("start", only[0]))
        gate.wait()
        with lock:
            events.append(("end", only[0]))
        return fake_render_profiles(*args, only=only, **kwargs)

    monkeypatch.setattr(pipeline, "render_profiles", held_profiles)
    app = create_app(tmp_path, workers=2, job_mode="thread")
    passes = []
    reap = app.state.jobs._reap

    def counted_reap() -> None:  # the dispatcher reaps at the top of each pass, before it starts jobs
        passes.append(None)
        reap()

    app.state.jobs._reap = counted_reap
    names = ["Faxe", "Lejre", "Odder", "Rebild", "Stevns", "Herning"]
    try:
        with TestClient(app) as client:
            token = app.state.store.create_token(consultant="anna")
            assert upload(client, "sof", sof_zip_plain, token).status_code == 200
            ids = []
            for name in names:
                response = client.post("/projects/sof/jobs", headers=bearer(token),
                                       json={"kind": "profiles", "municipalities": [name], "formats": ["pdf"]})
                assert response.status_code == 202 and response.json()["status"] == "queued"
                ids.append(response.json()["id"])

            def statuses() -> list[str]:
                return [client.get(f"/projects/sof/jobs/{i}", headers=bearer(token)).json()["status"] for i in ids]

            def started() -> int:
                with lock:
                    return sum(what == "start" for what, _ in events)

            until(lambda: started() >= 2, "two renders started")
            seen = len(passes)
            until(lambda: len(passes) >= seen + 2, "two more dispatcher passes")
            now = statuses()
            assert started() == 2, events
            assert now.count("running") == 2 and now.count("queued") == 4, now  # the bound holds the rest back
            gate.set()
            jobs = [wait_job(client, "sof", i, token) for i in ids]
    finally:
        gate.set()  # a failed assertion must not leave renders waiting
    assert [j["status"] for j in jobs] == ["done"] * 6, [j["error"] for j in jobs]
    assert sorted(job for what, job in events if what == "end") == sorted(names)
    assert peak_overlap(events) == 2
    assert jobs[0]["files"] == ["profiles/faxe.pdf"]


def test_queued_jobs_survive_a_restart(tmp_path, fake_renders, sof_zip_plain):
    app = create_app(tmp_path, workers=1, job_mode="thread")
    with TestClient(app) as client:
        token = app.state.store.create_token(consultant="anna")
        assert upload(client, "sof", sof_zip_plain, token).status_code == 200
        upload_id = app.state.store.project("sof")["upload"]
    # jobs recorded while no server was running (as if it stopped before handing them to a worker)
    store = Store(tmp_path)
    ids = [store.create_job("sof", upload_id, "profiles", {"municipalities": [m], "formats": ["pdf"]})
           for m in ["Faxe", "Lejre"]]
    store.start_job(ids[1])  # one was even running when the server died
    app = create_app(tmp_path, workers=1, job_mode="thread")
    with TestClient(app) as client:
        jobs = [wait_job(client, "sof", i, token) for i in ids]
    assert [j["status"] for j in jobs] == ["done", "done"]
    assert {o["name"] for o in store.outputs("sof")} == {"profiles/faxe.pdf", "profiles/lejre.pdf"}


def test_failures_are_recorded_with_the_error(tmp_path, monkeypatch, fake_renders, sof_zip_plain):
    from reporter import pipeline

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(pipeline, "render_note", broken)
    app = create_app(tmp_path, workers=1, job_mode="thread")
    with TestClient(app) as client:
        token = app.state.store.create_token(consultant="anna")
        assert upload(client, "sof", sof_zip_plain, token).status_code == 200
        job = render(client, "sof", token, kind="note")
        assert job["status"] == "failed" and job["error"] == "RuntimeError: disk on fire"
        assert client.get("/projects/sof/files", headers=bearer(token)).json() == []


def test_job_requests_are_checked(tmp_path, fake_renders, sof_zip_plain):
    app = create_app(tmp_path, workers=1, job_mode="thread", max_queued=0)
    with TestClient(app) as client:
        token = app.state.store.create_token(consultant="anna")
        h = bearer(token)
        client.put("/projects/empty", headers=h, files={"file": ("x.zip", b"nope", "application/zip")})
        # a failed upload claims nothing: the project does not exist
        assert client.post("/projects/empty/jobs", headers=h, json={"kind": "note"}).status_code == 404
        assert upload(client, "sof", sof_zip_plain, token).status_code == 200
        response = client.post("/projects/sof/jobs", headers=h, json={"kind": "profiles", "municipalities": ["Atlantis"]})
        assert response.status_code == 422 and "Atlantis" in response.json()["error"]["message"]
        response = client.post("/projects/sof/jobs", headers=h, json={"kind": "poster"})
        assert response.status_code == 422 and response.json()["error"]["code"] == "invalid"
        response = client.post("/projects/sof/jobs", headers=h, json={"kind": "note", "municipalities": ["Faxe"]})
        assert response.status_code == 422
        response = client.post("/projects/sof/jobs", headers=h, json={"kind": "note"})
        assert response.status_code == 503 and response.headers["retry-after"] == "30"
        assert client.get("/projects/sof/jobs/j0000000000000000", headers=h).status_code == 404


def test_job_manager_rejects_unknown_modes(tmp_path):
    with pytest.raises(ValueError, match="unknown job mode"):
        JobManager(Store(tmp_path), mode="fibres")
