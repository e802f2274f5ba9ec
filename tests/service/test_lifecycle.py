"""Process lifecycle: workers stop with the server (SIGTERM or kill -9), a job lease keeps a restarted server
from running a job twice or leaving it 'running', and a crashed worker fails only its own job."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from reporter.service.app import create_app
from reporter.service.jobs import JobManager, Lifecycle
from reporter.service.process import start_server, stop_server
from reporter.service.store import Store, pid_alive
from tests.service.conftest import FIXTURES, bearer, tagged_processes, upload, wait_job, zip_dir

HELD = "tests.service.workers:held"
# quick beats, so a dead owner is noticed soon; a long lease, so a live worker slowed by a loaded machine is
# never taken for a dead one (that would run its job twice)
FAST = Lifecycle(heartbeat=0.3, lease=30.0, max_attempts=3, stop_grace=5.0)


@pytest.fixture(scope="module")
def sof_plain() -> bytes:
    return zip_dir(FIXTURES / "sof")


def wait_for(predicate, timeout: float = 30.0, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"{what} not met after {timeout} s")


def held_pid(data_dir: Path, job_id: str) -> int:
    path = data_dir / "held" / f"{job_id}.pid"
    return wait_for(lambda: path.exists() and path.read_text() and int(path.read_text()), what=f"{job_id} started")


def group_members(pgid: int) -> list[int]:
    members = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    fields = f.read().rsplit(b")", 1)[1].split()
                if int(fields[2]) == pgid and fields[0] != b"Z":
                    members.append(int(entry))
            except (FileNotFoundError, IndexError):
                pass
    return members


def worker_of(store: Store, job_id: str, server: int) -> int:
    """The pid of the worker process rendering ``job_id`` (its lease's owner, once that is not the server)."""
    return wait_for(lambda: (store.job(job_id)["owner_pid"] or 0) not in (0, server) and store.job(job_id)["owner_pid"],
                    what="the worker to start")


def start_jobs(client, token: str, n: int, project: str = "sof") -> list[str]:
    ids = []
    for _ in range(n):
        response = client.post(f"/projects/{project}/jobs", headers=bearer(token), json={"kind": "note"})
        assert response.status_code == 202, response.text
        ids.append(response.json()["id"])
    return ids


def test_a_killed_worker_fails_only_its_own_job(tmp_path, sof_plain):
    app = create_app(tmp_path, workers=2, job_mode="process", render=HELD, lifecycle=FAST)
    with TestClient(app) as client:
        anna = app.state.store.create_token(consultant="anna")
        assert upload(client, "sof", sof_plain, anna).status_code == 200
        ids = start_jobs(client, anna, 3)
        victim = held_pid(tmp_path, ids[0])
        other = held_pid(tmp_path, ids[1])
        assert victim != other and pid_alive(victim) and pid_alive(other)
        os.kill(victim, signal.SIGKILL)  # as the out-of-memory killer would
        crashed = wait_job(client, "sof", ids[0], anna)
        assert crashed["status"] == "failed" and "killed by signal 9" in crashed["error"]
        assert pid_alive(other)  # the other worker went on
        assert client.get(f"/projects/sof/jobs/{ids[2]}", headers=bearer(anna)).json()["status"] in ("queued",
                                                                                                        "running")
        (tmp_path / "held" / "release").write_text("")
        assert [wait_job(client, "sof", i, anna)["status"] for i in ids[1:]] == ["done", "done"]
    runs = (tmp_path / "held" / "runs.log").read_text().split()
    assert sorted(runs[0::2]) == sorted(ids)  # each job ran exactly once


def test_a_clean_stop_stops_the_workers_and_queues_their_jobs_again(tmp_path, sof_plain):
    app = create_app(tmp_path, workers=1, job_mode="process", render=HELD, lifecycle=FAST)
    with TestClient(app) as client:
        anna = app.state.store.create_token(consultant="anna")
        assert upload(client, "sof", sof_plain, anna).status_code == 200
        [job_id] = start_jobs(client, anna, 1)
        worker = held_pid(tmp_path, job_id)
    assert not pid_alive(worker)
    job = Store(tmp_path).job(job_id)
    assert job["status"] == "queued" and job["attempts"] == 0 and job["lease"] is None
    (tmp_path / "held" / "release").write_text("")
    app = create_app(tmp_path, workers=1, job_mode="process", render=HELD, lifecycle=FAST)
    with TestClient(app) as client:
        assert wait_job(client, "sof", job_id, anna)["status"] == "done"


def test_a_leftover_running_job_is_retried_up_to_the_limit(tmp_path, sof_plain):
    """Jobs marked running by a server that died: taken back once their owner is gone; failed past the limit."""
    (tmp_path / "held").mkdir()
    (tmp_path / "held" / "release").write_text("")
    app = create_app(tmp_path, workers=1, job_mode="thread", render=HELD, lifecycle=FAST)
    with TestClient(app) as client:
        anna = app.state.store.create_token(consultant="anna")
        assert upload(client, "sof", sof_plain, anna).status_code == 200
    store = Store(tmp_path)
    upload_id = store.project("sof")["upload"]
    fresh, spent = (store.create_job("sof", upload_id, "note", {}) for _ in range(2))
    with store.transaction() as db:  # both leased by a dead process whose heartbeat stopped 10 s ago
        db.execute("UPDATE jobs SET status = 'running', lease = 'old', owner_pid = 999999999, "
                   "heartbeat = ?, attempts = ? WHERE id = ?", (time.time() - 10, 1, fresh))
        db.execute("UPDATE jobs SET status = 'running', lease = 'old', owner_pid = 999999999, "
                   "heartbeat = ?, attempts = ? WHERE id = ?", (time.time() - 10, 3, spent))
    app = create_app(tmp_path, workers=1, job_mode="thread", render=HELD, lifecycle=FAST)
    with TestClient(app) as client:
        done = wait_job(client, "sof", fresh, anna)
        failed = wait_job(client, "sof", spent, anna)
    assert done["status"] == "done" and store.job(fresh)["attempts"] == 2
    assert failed["status"] == "failed" and "after 3 attempts" in failed["error"]


def test_a_worker_that_lost_its_lease_cannot_publish(tmp_path):
    store = Store(tmp_path)
    store.set_upload("sof", "u1", "SOF", ["Faxe"], owner="anna")
    job_id = store.create_job("sof", "u1", "note", {})
    claimed_id, lease = store.claim_next_job(os.getpid())
    assert claimed_id == job_id
    assert store.release_job(job_id, lease, max_attempts=3, reason="test") == "queued"
    assert not store.heartbeat(job_id, lease)
    assert not store.finish_job(job_id, error=None, files=["note.pdf"], outputs=[("note.pdf", None, "/x", 1)],
                                lease=lease)
    assert store.outputs("sof") == [] and store.job(job_id)["status"] == "queued"


def test_a_live_lease_is_left_alone(tmp_path):
    """A job whose worker is alive and beating is not taken by another manager (no double run)."""
    store = Store(tmp_path)
    store.set_upload("sof", "u1", "SOF", ["Faxe"], owner="anna")
    job_id = store.create_job("sof", "u1", "note", {})
    _, lease = store.claim_next_job(os.getpid())
    store.heartbeat(job_id, lease, pid=os.getpid())
    manager = JobManager(store, workers=1, mode="thread", lifecycle=FAST)
    manager._reclaim()
    assert store.job(job_id)["lease"] == lease and store.job(job_id)["status"] == "running"


def test_the_real_renders_run_in_worker_processes(tmp_path, sof_plain):
    """A note and a profile, rendered by the service's own renderer in its worker processes (daemons, which
    may not start processes of their own), are done with every file: no format's writer or chart drawing
    asks for a process pool there."""
    app = create_app(tmp_path, workers=2, job_mode="process", lifecycle=FAST)
    with TestClient(app) as client:
        anna = app.state.store.create_token(consultant="anna")
        assert upload(client, "sof", sof_plain, anna).status_code == 200
        [note] = start_jobs(client, anna, 1)
        response = client.post("/projects/sof/jobs", headers=bearer(anna),
                               json={"kind": "profiles", "municipalities": ["Faxe"]})
        assert response.status_code == 202, response.text
        jobs = [wait_job(client, "sof", note, anna), wait_job(client, "sof", response.json()["id"], anna)]
        assert [job["status"] for job in jobs] == ["done", "done"], jobs
        assert sorted(jobs[0]["files"]) == ["note.docx", "note.html", "note.pdf"]
        assert sorted(jobs[1]["files"]) == ["profiles/faxe.docx", "profiles/faxe.html", "profiles/faxe.pdf"]
        for job in jobs:
            for name in job["files"]:
                body = client.get(f"/projects/sof/files/{name}", headers=bearer(anna)).content
                assert body[:4] in (b"%PDF", b"PK\x03\x04", b"<!DO"), (name, body[:20])


# --- the real command ------------------------------------------------------------------------------------

def test_sigterm_stops_the_server_with_its_workers(tmp_path, sof_plain):
    data_dir = tmp_path / "data"
    anna = Store(data_dir).create_token(consultant="anna")
    process, url = start_server(data_dir, tmp_path / "server.log", workers=1)
    try:
        with httpx.Client(base_url=url, timeout=30) as client:
            assert upload(client, "sof", sof_plain, anna).status_code == 200
            [job_id] = start_jobs(client, anna, 1)
        store = Store(data_dir)
        worker = worker_of(store, job_id, process.pid)
        assert pid_alive(worker) and worker in group_members(process.pid)
        os.kill(process.pid, signal.SIGTERM)  # the server only, not its group
        process.wait(timeout=60)
        wait_for(lambda: not pid_alive(worker), timeout=60, what="the worker to stop")
        assert group_members(process.pid) == []  # nor the resource tracker, nor anything else
        assert store.job(job_id)["status"] == "queued", str(store.job(job_id))  # to be run by the next start
    finally:
        stop_server(process)


def test_kill_9_of_the_server_neither_runs_a_job_twice_nor_leaves_it_running(tmp_path, sof_plain):
    data_dir = tmp_path / "data"
    anna = Store(data_dir).create_token(consultant="anna")
    process, url = start_server(data_dir, tmp_path / "server.log", workers=1)
    try:
        with httpx.Client(base_url=url, timeout=30) as client:
            assert upload(client, "sof", sof_plain, anna).status_code == 200
            # a note (seconds of work), not one profile: the kill must land while the render still runs,
            # and one profile can be done within the watchdog's half second
            [job_id] = start_jobs(client, anna, 1)
        store = Store(data_dir)
        worker = worker_of(store, job_id, process.pid)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=60)
        # the orphaned worker notices its server is gone and stops instead of finishing the job
        wait_for(lambda: not pid_alive(worker), timeout=60, what="the orphaned worker to exit")
        assert store.job(job_id)["status"] == "running", str(store.job(job_id))  # what the dead server left
    finally:
        stop_server(process)
    process, url = start_server(data_dir, tmp_path / "server.log", workers=1)
    try:
        with httpx.Client(base_url=url, timeout=30) as client:
            job = wait_job(client, "sof", job_id, anna, timeout=120)
            assert job["status"] == "done", job
            files = client.get("/projects/sof/files", headers=bearer(anna)).json()
        assert sorted(f["name"] for f in files) == ["note.docx", "note.html", "note.pdf"]  # published once
        assert store.job(job_id)["attempts"] == 2  # the interrupted run and the one rerun
    finally:
        stop_server(process)


def test_the_process_check_finds_an_orphaned_leftover():
    """The end-of-session check can fail: an orphan (its parent gone, so not our child any more) is found."""
    import subprocess

    tag = os.environ["REPORTER_SERVICE_TEST_RUN"]
    shell = subprocess.run(["sh", "-c", "sleep 30 >/dev/null 2>&1 & echo $!"], capture_output=True, text=True)
    orphan = int(shell.stdout.strip())
    try:
        assert orphan in [pid for pid, _ in tagged_processes(tag)]
    finally:
        os.kill(orphan, signal.SIGKILL)
    wait_for(lambda: orphan not in [pid for pid, _ in tagged_processes(tag)], timeout=60, what="the orphan gone")


def test_no_tagged_process_is_left_by_this_module():
    """The servers and workers these tests started are all gone (the session-end check covers every module)."""
    wait_for(lambda: not [p for p in tagged_processes(os.environ["REPORTER_SERVICE_TEST_RUN"])
                          if "pytest" not in p[1]], timeout=60, what="no leftover process")


def test_a_worker_process_collects_as_a_batch_process_and_the_server_does_not(tmp_path, sof_plain):
    """A render worker runs one job and ends: the batch collector (reporter.processes); the server keeps the
    default one and freezes nothing (its jobs' surveys must be freed)."""
    import gc
    import json

    from reporter.processes import BATCH_GC_THRESHOLD

    default, frozen = gc.get_threshold(), gc.get_freeze_count()
    app = create_app(tmp_path, workers=1, job_mode="process", render="tests.service.workers:collector",
                     lifecycle=FAST)
    with TestClient(app) as client:
        anna = app.state.store.create_token(consultant="anna")
        assert upload(client, "sof", sof_plain, anna).status_code == 200
        [job_id] = start_jobs(client, anna, 1)
        job = wait_job(client, "sof", job_id, anna)
        assert job["status"] == "done", job
        seen = json.loads(client.get("/projects/sof/files/note.html", headers=bearer(anna)).text)
    assert seen == {"threshold": list(BATCH_GC_THRESHOLD), "frozen": True}
    assert (gc.get_threshold(), gc.get_freeze_count()) == (default, frozen)
