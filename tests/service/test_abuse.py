"""The attack run of issue 17, one test per finding: each request of the report is sent again and must now
be refused (or answered) as the fix intends."""

from __future__ import annotations

import io
import os
import socket
import stat
import time
import zipfile
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from reporter.errors import InputError, Problem
from reporter.service.app import create_app
from reporter.service.quotas import Quotas
from reporter.service.uploads import Limits, UploadError, extract_zip, validate
from tests.service.conftest import FIXTURES, bearer, copy_fixture, render_done, sign_in, upload, zip_dir


@pytest.fixture(scope="module")
def sof_plain() -> bytes:
    return zip_dir(FIXTURES / "sof")


def raw_request(port: int, head: str, body: bytes = b"", timeout: float = 30.0) -> tuple[int, bytes]:
    """Send a request head (and maybe part of a body) and read the answer without sending the rest."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(head.replace("\n", "\r\n").encode("latin-1") + b"\r\n" + body)
        data = b""
        try:
            while b"\r\n\r\n" not in data:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                data += chunk
        except socket.timeout:
            raise AssertionError(f"no answer within {timeout} s: the server is waiting for the body") from None
    return int(data.split(b" ", 2)[1]), data


# --- bodies are not read before the caller is known and the size is checked ------------------------------

def test_unauthenticated_upload_is_refused_before_its_body_is_read(tmp_path, live):
    app = create_app(tmp_path / "data", workers=1, job_mode="thread")
    server = live(app)
    size = 45 * 1024 * 1024
    head = (f"PUT /projects/anything HTTP/1.1\nHost: 127.0.0.1\nContent-Type: multipart/form-data; boundary=b\n"
            f"Content-Length: {size}\n\n")
    status, answer = raw_request(server.port, head, b"--b\r\n")
    assert status == 401 and b"www-authenticate: Bearer" in answer.lower().replace(b"bearer", b"Bearer")
    assert list((tmp_path / "data" / "tmp").iterdir()) == []  # nothing spooled
    # a municipality token may not upload either: refused before the body too
    app.state.store.set_upload("sof", "u1", "SOF", ["Faxe"], owner="anna")
    faxe = app.state.store.create_token(project="sof", municipality="Faxe")
    status, _ = raw_request(server.port, head.replace("\n\n", f"\nAuthorization: Bearer {faxe}\n\n"), b"--b\r\n")
    assert status == 403


def test_json_bodies_are_limited_to_a_small_size_before_reading(tmp_path, live):
    app = create_app(tmp_path / "data", workers=1, job_mode="thread")
    server = live(app)
    anna = app.state.store.create_token(consultant="anna")
    size = 46 * 1024 * 1024
    for auth in ("", f"Authorization: Bearer {anna}\n"):
        head = (f"POST /projects/sof/jobs HTTP/1.1\nHost: 127.0.0.1\nContent-Type: application/json\n{auth}"
                f"Content-Length: {size}\n\n")
        status, _ = raw_request(server.port, head, b'{"kind": "')
        assert status == (413 if auth else 401), auth
    # and a JSON body without Content-Length is cut off at the same small limit
    with httpx.Client(base_url=server.url, timeout=60) as client:
        response = client.post("/projects/sof/jobs", headers={**bearer(anna), "Content-Type": "application/json"},
                               content=(b" " * 100_000 for _ in range(10)))
        assert response.status_code == 413


# --- per-consultant quotas -------------------------------------------------------------------------------

def test_one_consultant_cannot_fill_the_render_queue(tmp_path, monkeypatch, fake_renders, sof_plain):
    from reporter import pipeline
    import threading

    gate = threading.Event()
    monkeypatch.setattr(pipeline, "render_note", lambda *a, **k: gate.wait(30) and [])
    app = create_app(tmp_path, workers=1, job_mode="thread", quotas=Quotas(max_jobs=3, job_retry_after=7))
    with TestClient(app) as client:
        anna = app.state.store.create_token(consultant="anna")
        bo = app.state.store.create_token(consultant="bo")
        assert upload(client, "sof", sof_plain, anna).status_code == 200
        assert upload(client, "bos", sof_plain, bo).status_code == 200
        codes = [client.post("/projects/sof/jobs", headers=bearer(anna), json={"kind": "note"}).status_code
                 for _ in range(4)]
        assert codes == [202, 202, 202, 429]
        refused = client.post("/projects/sof/jobs", headers=bearer(anna), json={"kind": "note"})
        assert refused.status_code == 429 and refused.headers["retry-after"] == "7"
        assert refused.json()["error"]["code"] == "too_many_requests"
        # another consultant still gets in
        assert client.post("/projects/bos/jobs", headers=bearer(bo), json={"kind": "note"}).status_code == 202
        gate.set()


def test_upload_rate_and_disk_quotas_answer_429_with_retry_after(tmp_path, fake_renders, sof_plain):
    app = create_app(tmp_path / "a", workers=1, job_mode="thread", quotas=Quotas(max_uploads_per_hour=2))
    with TestClient(app) as client:
        anna = app.state.store.create_token(consultant="anna")
        assert upload(client, "sof", sof_plain, anna).status_code == 200
        assert upload(client, "sof", b"not a zip", anna).status_code == 422  # a failed attempt counts too
        third = upload(client, "sof", sof_plain, anna)
        assert third.status_code == 429 and 3500 < int(third.headers["retry-after"]) <= 3601
        bo = app.state.store.create_token(consultant="bo")
        assert upload(client, "bos", sof_plain, bo).status_code == 200
    disk = Quotas(max_disk_bytes=sum(p.stat().st_size for p in (FIXTURES / "sof").rglob("*") if p.is_file()))
    app = create_app(tmp_path / "b", workers=1, job_mode="thread", quotas=disk)
    with TestClient(app) as client:
        anna = app.state.store.create_token(consultant="anna")
        assert upload(client, "sof", sof_plain, anna).status_code == 200
        full = upload(client, "other", sof_plain, anna)
        assert full.status_code == 429 and full.headers["retry-after"] == "600"
        assert "bytes" in full.json()["error"]["message"]


# --- archives and YAML -----------------------------------------------------------------------------------

def test_many_small_zero_entries_are_a_zip_bomb_too(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("project.yaml", b"id: x\n")
        for i in range(150):
            archive.writestr(f"data/zeros{i:03d}.csv", bytes(1024 * 1024))
    data = buffer.getvalue()
    assert len(data) < 250_000  # ~760:1, each entry alone exactly at the 1 MiB floor
    source = tmp_path / "bomb.zip"
    source.write_bytes(data)
    with pytest.raises(UploadError) as info:
        extract_zip(source, tmp_path / "out", Limits())
    assert info.value.code == "zip_bomb" and "archive" in info.value.message
    assert not (tmp_path / "out").exists()  # refused from the directory, before anything is written


def yaml_upload(tmp_path: Path, extra: str) -> Path:
    project = copy_fixture("stv", tmp_path / "stv")
    with open(project / "project.yaml", "a", encoding="utf-8") as f:
        f.write(extra)
    return project


def test_a_huge_project_yaml_is_refused_unparsed(tmp_path):
    project = yaml_upload(tmp_path / "a", "# " + "x" * (2 * 1024 * 1024) + "\n")
    with pytest.raises(InputError) as info:
        validate(project)
    [problem] = info.value.problems
    assert problem.file == "project.yaml" and "at most 1048576" in problem.message and problem.expected == "at most 1048576 bytes"


@pytest.mark.parametrize("extra, words", [
    ("padding: [" + ", ".join(["1"] * 60_000) + "]\n", "YAML nodes"),
    ("a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(f"b{i}: [*a, *a]\n" for i in range(60)), "aliases"),
])
def test_a_project_yaml_with_too_many_nodes_or_aliases_is_refused(tmp_path, extra, words):
    project = yaml_upload(tmp_path, extra)
    assert (project / "project.yaml").stat().st_size < 1024 * 1024
    with pytest.raises(InputError) as info:
        validate(project)
    [problem] = info.value.problems
    assert problem.file == "project.yaml" and words in problem.message


def test_project_validation_errors_are_422_with_every_problem(tmp_path, monkeypatch, sof_plain):
    """Whatever the project loader refuses (two municipalities with one slug, say) is a 422 naming it."""
    import reporter.data.load as load

    slug_problem = Problem("project.yaml", "municipalities: 'Ballerup' and 'Ballerup!' give the same slug 'ballerup'",
                           value="Ballerup!", expected="names that give different slugs")

    def refuse(project_dir):
        raise InputError([slug_problem])

    monkeypatch.setattr(load, "load_survey", refuse)
    app = create_app(tmp_path, workers=1, job_mode="thread")
    with TestClient(app) as client:
        anna = app.state.store.create_token(consultant="anna")
        response = upload(client, "sof", sof_plain, anna)
        assert response.status_code == 422 and response.json()["error"]["code"] == "invalid_project"
        assert response.json()["problems"][0]["message"] == slug_problem.message
        assert response.json()["problems"][0]["value"] == "Ballerup!"


# --- project ids -----------------------------------------------------------------------------------------

def test_a_failed_upload_claims_no_id(tmp_path, sof_plain):
    app = create_app(tmp_path, workers=1, job_mode="thread")
    with TestClient(app) as client:
        anna = app.state.store.create_token(consultant="anna")
        bo = app.state.store.create_token(consultant="bo")
        assert client.put("/projects/fresh", headers=bearer(bo)).status_code == 422  # no body at all
        assert upload(client, "fresh", b"PK broken", bo).status_code == 422
        assert app.state.store.project("fresh") is None
        assert upload(client, "fresh", sof_plain, anna).status_code == 200
        assert app.state.store.project("fresh")["owner"] == "anna"
        # the id is now anna's: bo's no-body PUT answers exactly as for a free id
        taken = client.put("/projects/fresh", headers=bearer(bo))
        free = client.put("/projects/free", headers=bearer(bo))
        assert taken.status_code == free.status_code == 422 and taken.json() == free.json()
        assert client.get("/projects/fresh", headers=bearer(bo)).json()["error"]["message"] == "no project 'fresh'"


# --- browser sign-in -------------------------------------------------------------------------------------

def test_login_from_another_site_or_without_the_form_value_is_refused(tmp_path, live):
    app = create_app(tmp_path, workers=1, job_mode="thread")
    server = live(app)
    anna = app.state.store.create_token(consultant="anna")
    with httpx.Client(base_url=server.url) as browser:
        response = sign_in(browser, anna, Origin="http://evil.example")
        assert response.status_code == 403 and "set-cookie" not in response.headers
        response = sign_in(browser, anna, **{"Sec-Fetch-Site": "cross-site"})
        assert response.status_code == 403 and "reporter_session" not in response.headers.get("set-cookie", "")
    with httpx.Client(base_url=server.url) as attacker:  # no login form of its own: no CSRF value to match
        response = attacker.post("/session", data={"token": anna, "csrf": "guess"}, follow_redirects=False)
        assert response.status_code == 403
    with httpx.Client(base_url=server.url) as browser:
        response = sign_in(browser, anna, Origin=server.url)
        assert response.status_code == 303 and response.headers["location"] == "/ui/projects"


def test_logout_ends_the_session_on_the_server(tmp_path, live, sof_plain):
    import re

    app = create_app(tmp_path, workers=1, job_mode="thread")
    server = live(app)
    anna = app.state.store.create_token(consultant="anna")
    with httpx.Client(base_url=server.url) as client:
        assert upload(client, "sof", sof_plain, anna).status_code == 200
    with httpx.Client(base_url=server.url) as browser:
        assert sign_in(browser, anna).status_code == 303
        session = browser.cookies["reporter_session"]
        assert browser.get("/projects/sof").status_code == 200
        page = browser.get("/ui/projects")
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
        assert browser.post("/logout", data={"csrf": "wrong"}).status_code == 403
        out = browser.post("/logout", data={"csrf": csrf}, follow_redirects=False)
        assert out.status_code == 303 and out.headers["location"] == "/login"
    # the old session id, replayed, opens nothing
    with httpx.Client(base_url=server.url, cookies={"reporter_session": session}) as replay:
        assert replay.get("/projects/sof").status_code == 401


def test_tokens_and_sessions_expire_and_tokens_rotate(tmp_path):
    app = create_app(tmp_path, workers=1, job_mode="thread")
    store = app.state.store
    with TestClient(app) as client:
        old = store.create_token(consultant="anna", days=-1)
        assert client.get("/projects", headers=bearer(old)).status_code == 401
        anna = store.create_token(consultant="anna")
        assert client.get("/projects", headers=bearer(anna)).status_code == 200
        token_id = store.token(anna).id
        session, _ = store.create_session(token_id, hours=-1)
        client.cookies.set("reporter_session", session)
        assert client.get("/projects").status_code == 401
        client.cookies.clear()
        live_session, _ = store.create_session(token_id)
        rotated = store.rotate_token(token_id)
        assert rotated and rotated != anna
        assert client.get("/projects", headers=bearer(anna)).status_code == 401
        assert client.get("/projects", headers=bearer(rotated)).status_code == 200
        assert store.session(live_session) is None  # sessions of a rotated (revoked) token end with it
    expires = store.list_tokens()[-1]["expires"]
    assert expires[:4].isdigit() and expires > store.list_tokens()[-1]["created"]


# --- docs, redirects, HEAD, permissions ------------------------------------------------------------------

def test_no_cdn_docs_by_default(tmp_path):
    app = create_app(tmp_path, workers=1, job_mode="thread")
    with TestClient(app) as client:
        assert client.get("/docs").status_code == 404 and client.get("/redoc").status_code == 404
        assert client.get("/openapi.json").status_code == 200
        for page in ("/login",):
            csp = client.get(page).headers["content-security-policy"]
            assert "default-src 'none'" in csp and "http" not in csp


def test_trailing_slash_never_redirects_to_the_callers_host(tmp_path, live):
    app = create_app(tmp_path, workers=1, job_mode="thread")
    server = live(app)
    anna = app.state.store.create_token(consultant="anna")
    status, answer = raw_request(server.port, f"GET /projects/sof/ HTTP/1.1\nHost: evil.example\n"
                                              f"Authorization: Bearer {anna}\n\n")
    assert b"evil.example" not in answer and b"location:" not in answer.lower()
    assert status == 404


def test_head_on_a_download(tmp_path, fake_renders, sof_plain):
    app = create_app(tmp_path, workers=1, job_mode="thread")
    with TestClient(app) as client:
        anna = app.state.store.create_token(consultant="anna")
        assert upload(client, "sof", sof_plain, anna).status_code == 200
        render_done(client, "sof", anna, kind="profiles", municipalities=["Faxe", "Lejre"])
        faxe = app.state.store.create_token(project="sof", municipality="Faxe")
        head = client.head("/projects/sof/files/profiles/faxe.pdf", headers=bearer(faxe))
        assert head.status_code == 200 and head.content == b""
        assert int(head.headers["content-length"]) == len(b"PROFILE Faxe pdf")
        assert head.headers["content-type"] == "application/pdf"
        assert client.head("/projects/sof/files/profiles/lejre.pdf", headers=bearer(faxe)).status_code == 403
        assert client.head("/projects/sof/files/profiles/faxe.pdf").status_code == 401


def test_data_is_private_to_the_service_user(tmp_path, fake_renders, sof_plain):
    data_dir = tmp_path / "data"
    app = create_app(data_dir, workers=1, job_mode="thread")
    with TestClient(app) as client:
        anna = app.state.store.create_token(consultant="anna")
        assert upload(client, "sof", sof_plain, anna).status_code == 200
        render_done(client, "sof", anna, kind="profiles", municipalities=["Faxe"])
    paths = [data_dir, *data_dir.rglob("*")]
    assert len([p for p in paths if p.is_file()]) >= 7  # database, 3 upload files, 3 rendered files
    for path in paths:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))


def test_consultant_pages_refuse_forms_without_the_session_csrf_value(tmp_path, live, sof_plain):
    import re

    app = create_app(tmp_path, workers=1, job_mode="thread")
    server = live(app)
    store = app.state.store
    anna = store.create_token(consultant="anna")
    with httpx.Client(base_url=server.url) as client:
        assert upload(client, "sof", sof_plain, anna).status_code == 200
    faxe_id = None
    with httpx.Client(base_url=server.url) as browser:
        assert sign_in(browser, anna).status_code == 303
        csrf = re.search(r'name="csrf" value="([^"]+)"', browser.get("/ui/projects/sof").text).group(1)
        for data in ({"municipality": "Faxe"}, {"municipality": "Faxe", "csrf": "wrong"}):
            assert browser.post("/ui/projects/sof/tokens", data=data).status_code in (403, 422)
        assert browser.post("/ui/projects/sof/tokens", data={"municipality": "Faxe", "csrf": csrf},
                            headers={"Origin": "http://evil.example"}).status_code == 403
        assert store.list_tokens(project="sof") == []
        page = browser.post("/ui/projects/sof/tokens", data={"municipality": "Faxe", "csrf": csrf})
        assert page.status_code == 200
        first = re.search(r'id="new-token"[^>]*>(rpt_[^<]+)<', page.text).group(1)
        faxe_id = store.token(first).id
        rotated = browser.post(f"/ui/projects/sof/tokens/{faxe_id}/rotate", data={"csrf": csrf})
        second = re.search(r'id="new-token"[^>]*>(rpt_[^<]+)<', rotated.text).group(1)
        assert store.token(first) is None and store.token(second).municipality == "Faxe"
        # another consultant's project is not found from the pages either
        bo = store.create_token(consultant="bo")
    with httpx.Client(base_url=server.url) as other:
        assert sign_in(other, bo).status_code == 303
        assert other.get("/ui/projects/sof").status_code == 404
    # without a session a form post is refused before its body is read; a page sends the browser to sign in
    with httpx.Client(base_url=server.url) as stranger:
        assert stranger.post("/ui/upload", files={"file": ("x.zip", b"x")}).status_code == 401
        assert stranger.get("/ui/projects", follow_redirects=False).headers["location"] == "/login"
