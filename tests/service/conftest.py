"""Fixtures of the service tests: zipped example projects, fake (fast) renderers, a live uvicorn server."""

from __future__ import annotations

import io
import os
import shutil
import threading
import time
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn

from reporter.batch import JobResult
from reporter.text.slugs import slug
from reporter.service.process import free_port

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"


with warnings.catch_warnings():
    # starlette's TestClient announces a future move away from httpx (pinned here on purpose): import it quietly once
    warnings.simplefilter("ignore")
    import fastapi.testclient  # noqa: F401


def zip_dir(directory: Path, *, top: str | None = None) -> bytes:
    """A project directory as zip bytes (optionally inside one top folder)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(directory.rglob("*")):
            if path.is_file():
                rel = path.relative_to(directory).as_posix()
                archive.write(path, f"{top}/{rel}" if top else rel)
    return buffer.getvalue()


@pytest.fixture(scope="session")
def sof_zip() -> bytes:
    return zip_dir(FIXTURES / "sof", top="sof")


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def sign_in(client: httpx.Client, token: str, **headers) -> httpx.Response:
    """Sign a cookie-keeping client in through the login form (GET /login for its CSRF value, then POST)."""
    import re

    page = client.get("/login")
    assert page.status_code == 200, page.text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    return client.post("/session", data={"token": token, "csrf": csrf}, headers=headers, follow_redirects=False)


def upload(client: httpx.Client, project_id: str, data: bytes, token: str) -> httpx.Response:
    return client.put(f"/projects/{project_id}", headers=bearer(token),
                      files={"file": ("project.zip", data, "application/zip")})


def wait_job(client: httpx.Client, project_id: str, job_id: str, token: str, timeout: float = 120) -> dict:
    """Poll a job until it is done or failed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/projects/{project_id}/jobs/{job_id}", headers=bearer(token)).json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} not finished after {timeout} s: {job}")


def render(client: httpx.Client, project_id: str, token: str, **body) -> dict:
    """Start a job and wait for it; the finished job."""
    response = client.post(f"/projects/{project_id}/jobs", headers=bearer(token), json=body)
    assert response.status_code == 202, response.text
    return wait_job(client, project_id, response.json()["id"], token)


def render_done(client: httpx.Client, project_id: str, token: str, **body) -> dict:
    """:func:`render` that must succeed: a failed job fails the test with its error."""
    job = render(client, project_id, token, **body)
    assert job["status"] == "done", f"job failed: {job.get('error')!r} ({job})"
    return job


# --- fake renderers: write small files where the real ones would ----------------------------------

def fake_render_note(project, survey, out_dir, *, project_dir=None, formats=("pdf", "docx", "html"), **kwargs):
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in formats:
        path = out_dir / f"note.{fmt}"
        path.write_bytes(f"NOTE {project.id} {fmt}".encode())
        written.append(path)
    return written


def fake_render_profiles(project, survey, out_dir, *, only=None, formats=("pdf", "docx"), **kwargs):
    target = Path(out_dir) / "profiles"
    target.mkdir(parents=True, exist_ok=True)
    results = []
    for m in project.municipalities:
        if only and m.name not in only:
            continue
        files = []
        for fmt in formats:
            path = target / f"{slug(m.name)}.{fmt}"
            path.write_bytes(f"PROFILE {m.name} {fmt}".encode())
            files.append(str(path))
        results.append(JobResult(key=m.name, ok=True, value=files))
    return results


@pytest.fixture
def fake_renders(monkeypatch):
    """Replace the (slow) real renderers: these tests are about the service, not the documents."""
    from reporter import pipeline

    monkeypatch.setattr(pipeline, "render_note", fake_render_note)
    monkeypatch.setattr(pipeline, "render_profiles", fake_render_profiles)


# --- a live server on loopback ---------------------------------------------------------------------

class LiveServer:
    """uvicorn serving ``app`` on 127.0.0.1 in a thread."""

    def __init__(self, app):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        level = os.environ.get("LIVE_LOG", "warning")  # LIVE_LOG=info shows the access log when debugging
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level=level))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> "LiveServer":
        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=20)


@pytest.fixture
def live() -> Iterator:
    """``live(app)`` starts a loopback server for the app and stops it after the test."""
    servers = []

    def start(app) -> LiveServer:
        server = LiveServer(app).__enter__()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.__exit__(None, None, None)


def copy_fixture(name: str, dest: Path) -> Path:
    shutil.copytree(FIXTURES / name, dest)
    return dest


def stv_with_atlantis(dest: Path) -> Path:
    """A copy of the STV example whose fifth response names a municipality that does not exist ("Atlantis")."""
    project = copy_fixture("stv", dest)
    csv = project / "data" / "responses.csv"
    lines = csv.read_text(encoding="utf-8-sig").splitlines()
    header = lines[0].split(";")
    row = lines[5].split(";")
    row[header.index("kommune")] = "Atlantis"
    lines[5] = ";".join(row)
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return project


# --- no process outlives the tests -----------------------------------------------------------------------

PROCESS_TAG = "REPORTER_SERVICE_TEST_RUN"


def tagged_processes(tag: str) -> list[tuple[int, str]]:
    """``(pid, command line)`` of live processes whose environment carries ``PROCESS_TAG=tag`` (children
    inherit it, and keep it when they are orphaned), other than this one."""
    found = []
    needle = f"{PROCESS_TAG}={tag}".encode()
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            with open(f"/proc/{entry}/environ", "rb") as f:
                if needle not in f.read().split(b"\0"):
                    continue
            with open(f"/proc/{entry}/stat", "rb") as f:
                if f.read().rsplit(b")", 1)[1].split()[0] == b"Z":
                    continue  # a zombie has ended; its parent has not collected it yet
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                found.append((int(entry), f.read().replace(b"\0", b" ").decode(errors="replace")[:200]))
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return found


@pytest.fixture(scope="package", autouse=True)
def no_process_left_behind():
    """Every process started by the service tests carries a tag in its environment; after the last of them
    none may still be running (checked for 60 s, then the leftovers are killed and the check fails, as an
    error of the last service test)."""
    import secrets
    import signal

    tag = secrets.token_hex(8)
    os.environ[PROCESS_TAG] = tag
    yield tag
    os.environ.pop(PROCESS_TAG, None)  # tests of other folders that run later are not counted
    deadline = time.monotonic() + 60
    while (left := tagged_processes(tag)) and time.monotonic() < deadline:
        time.sleep(0.2)
    for pid, _ in left:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    assert not left, f"processes started by the service tests still running: {left}"
