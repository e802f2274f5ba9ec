"""Access control over HTTP (live loopback server, fake renderers): 401 without a token, 403 outside its scope,
and a municipality cannot reach another municipality's profile or the note by any route or path trick."""

from __future__ import annotations

import http.client
from types import SimpleNamespace

import httpx
import pytest

from reporter.service.app import create_app
from tests.service.conftest import (LiveServer, bearer, fake_render_note, fake_render_profiles, render_done,
                                   sign_in, upload)


@pytest.fixture(scope="module")
def world(tmp_path_factory, sof_zip):
    """sof uploaded by consultant anna, note and every profile 'rendered'; tokens for anna, bo, Faxe and Lejre."""
    from reporter import pipeline

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pipeline, "render_note", fake_render_note)
        mp.setattr(pipeline, "render_profiles", fake_render_profiles)
        data_dir = tmp_path_factory.mktemp("access")
        app = create_app(data_dir, workers=2, job_mode="thread")
        store = app.state.store
        with LiveServer(app) as server, httpx.Client(base_url=server.url, timeout=30) as client:
            anna = store.create_token(consultant="anna")
            assert upload(client, "sof", sof_zip, anna).status_code == 200
            render_done(client, "sof", anna, kind="note")
            render_done(client, "sof", anna, kind="profiles")
            job_id = client.get("/projects/sof/jobs", headers=bearer(anna)).json()[0]["id"]
            yield SimpleNamespace(
                server=server, client=client, store=store, data_dir=data_dir, job_id=job_id,
                anna=anna, bo=store.create_token(consultant="bo"),
                faxe=store.create_token(project="sof", municipality="Faxe"),
                lejre=store.create_token(project="sof", municipality="Lejre"))


def routes(w) -> list[tuple[str, str]]:
    """Every route under /projects with real parameters."""
    return [("GET", "/projects"), ("GET", "/projects/sof"), ("PUT", "/projects/sof"),
            ("POST", "/projects/sof/jobs"), ("GET", "/projects/sof/jobs"), ("GET", f"/projects/sof/jobs/{w.job_id}"),
            ("GET", "/projects/sof/files"), ("GET", "/projects/sof/files/note.pdf"),
            ("GET", "/projects/sof/files/profiles/faxe.pdf"), ("GET", "/projects/sof/municipalities/faxe")]


def test_every_route_is_covered(world):
    """routes() must hit every /projects route of the app, so the 401/403 sweeps below miss none."""
    app_routes = [(m, r) for r in world.server.server.config.app.routes
                  for m in getattr(r, "methods", ()) if r.path.startswith("/projects") and m != "HEAD"]
    assert len(app_routes) == 9
    for method, route in app_routes:
        assert any(m == method and route.path_regex.match(url) for m, url in routes(world)), (method, route.path)


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer rpt_not-a-token", "Basic YW5uYTpwdw==", "Token rpt_x"])
def test_401_without_a_valid_token(world, header):
    headers = {"Authorization": header} if header else {}
    for method, url in routes(world):
        response = world.client.request(method, url, headers=headers)
        assert response.status_code == 401, (method, url, response.text)
        assert response.json()["error"]["code"] == "unauthorized"
        assert response.headers["www-authenticate"] == "Bearer"


def test_revoked_token_is_refused(world):
    token = world.store.create_token(consultant="anna")
    assert world.client.get("/projects/sof", headers=bearer(token)).status_code == 200
    token_id = world.store.list_tokens()[-1]["id"]
    assert world.store.revoke_token(token_id)
    assert world.client.get("/projects/sof", headers=bearer(token)).status_code == 401


def test_another_consultants_project_answers_as_if_it_did_not_exist(world):
    """Not yours and does not exist get the same answer (status, code, message), so no id can be probed."""
    for method, url in routes(world)[1:]:
        theirs = world.client.request(method, url, headers=bearer(world.bo))
        missing = world.client.request(method, url.replace("/projects/sof", "/projects/nosuch"),
                                       headers=bearer(world.bo))
        assert theirs.status_code in (404, 422), (method, url, theirs.text)
        assert theirs.status_code == missing.status_code, (method, url, theirs.text, missing.text)
        assert theirs.json()["error"]["code"] == missing.json()["error"]["code"]
        assert theirs.text.replace("sof", "X") == missing.text.replace("nosuch", "X"), (method, url)
    assert world.client.get("/projects", headers=bearer(world.bo)).json() == []


def test_consultant_sees_everything(world):
    h = bearer(world.anna)
    names = {f["name"] for f in world.client.get("/projects/sof/files", headers=h).json()}
    assert {"note.pdf", "note.docx", "note.html", "profiles/faxe.pdf", "profiles/lejre.docx"} <= names
    assert len([n for n in names if n.startswith("profiles/")]) == 20 * 3
    assert world.client.get("/projects/sof/files/note.pdf", headers=h).content == b"NOTE sof pdf"
    page = world.client.get("/projects/sof/municipalities/lejre", headers=h)
    assert page.status_code == 200 and "Lejre" in page.text


def test_municipality_sees_only_its_profile(world):
    h = bearer(world.faxe)
    info = world.client.get("/projects/sof", headers=h).json()
    assert [m["name"] for m in info["municipalities"]] == ["Faxe"] and info["owner"] is None
    files = world.client.get("/projects/sof/files", headers=h).json()
    assert sorted(f["name"] for f in files) == ["profiles/faxe.docx", "profiles/faxe.html", "profiles/faxe.pdf"]
    for f in files:
        response = world.client.get(f["url"], headers=h)
        assert response.status_code == 200 and response.content.startswith(b"PROFILE Faxe")
    page = world.client.get("/projects/sof/municipalities/faxe", headers=h)
    assert page.status_code == 200
    assert "/projects/sof/files/profiles/faxe.pdf" in page.text and "lejre" not in page.text
    assert [p["id"] for p in world.client.get("/projects", headers=h).json()] == ["sof"]


def test_municipality_cannot_reach_note_jobs_or_others(world):
    h = bearer(world.faxe)
    forbidden = [("GET", "/projects/sof/files/note.pdf"), ("GET", "/projects/sof/files/note.docx"),
                 ("GET", "/projects/sof/files/note.html"), ("GET", "/projects/sof/files/profiles/lejre.pdf"),
                 ("GET", "/projects/sof/files/profiles/lejre.html"), ("GET", "/projects/sof/municipalities/lejre"),
                 ("GET", "/projects/sof/municipalities/no-such-place"), ("GET", "/projects/sof/jobs"),
                 ("GET", f"/projects/sof/jobs/{world.job_id}"), ("POST", "/projects/sof/jobs"),
                 ("PUT", "/projects/sof"), ("GET", "/projects/other"), ("GET", "/projects/other/files")]
    for method, url in forbidden:
        response = world.client.request(method, url, headers=h, json={"kind": "profiles"} if method == "POST" else None)
        assert response.status_code == 403, (method, url, response.text)
        assert response.json()["error"]["code"] == "forbidden"


# Raw request targets, sent byte for byte (no client-side normalisation of dot segments).
TRICKS = [
    "/projects/sof/files/profiles/../note.pdf",
    "/projects/sof/files/profiles/%2e%2e/note.pdf",
    "/projects/sof/files/profiles/%2E%2E/note.pdf",
    "/projects/sof/files/profiles%2f..%2fnote.pdf",
    "/projects/sof/files/profiles/faxe.pdf/../lejre.pdf",
    "/projects/sof/files/profiles/faxe.pdf/%2e%2e/lejre.pdf",
    "/projects/sof/files/profiles/lejre.pdf%00faxe.pdf",
    "/projects/sof/files/profiles/LEJRE.pdf",
    "/projects/sof/files/profiles/lejre.PDF",
    "/projects/sof/files/profiles/./lejre.pdf",
    "/projects/sof/files/profiles//lejre.pdf",
    "/projects/sof/files/profiles%5clejre.pdf",
    "/projects/sof/files/..%2f..%2f..%2fservice.sqlite3",
    "/projects/sof/files/%2e%2e/%2e%2e/%2e%2e/service.sqlite3",
    "/projects/sof/files//etc/passwd",
    "/projects/sof/files/%2fetc%2fpasswd",
    "/projects/sof/files/note",
    "/projects/sof/files/jobs/{job}/note.pdf",
    "/projects/sof/files/../../sof/files/note.pdf",
    "/projects/sof/files/%2e%2e%2f%2e%2e%2fsof/files/note.pdf",
    "/projects/sof/municipalities/faxe/../lejre",
    "/projects/sof/municipalities/faxe%2f..%2flejre",
    "/projects/sof/municipalities/%2e%2e",
    "/projects/sof%2f..%2fsof/files/note.pdf",
]


def raw_get(server, target: str, token: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    try:
        connection.putrequest("GET", target, skip_accept_encoding=True)
        connection.putheader("Authorization", f"Bearer {token}")
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@pytest.mark.parametrize("target", TRICKS)
def test_path_tricks_never_leak(world, target):
    target = target.replace("{job}", world.job_id)
    status, body = raw_get(world.server, target, world.faxe)
    assert status in (400, 403, 404, 422), (target, status, body[:200])
    assert b"NOTE" not in body and b"PROFILE" not in body and b"SQLite" not in body and b"root:" not in body
    # even the owner gets nothing outside the published names
    status, body = raw_get(world.server, target, world.anna)
    if status == 200:
        assert body.startswith((b"NOTE sof", b"PROFILE", b"<!DOCTYPE html>")), (target, body[:100])
    assert b"SQLite" not in body and b"root:" not in body


def test_the_municipality_token_does_not_cover_a_replaced_project_of_another_owner(world, sof_zip):
    # bo cannot take over anna's project id, so Faxe's token keeps pointing at anna's project
    upload_before = world.store.project("sof")["upload"]
    response = upload(world.client, "sof", sof_zip, world.bo)
    assert response.status_code == 409 and response.json()["error"]["code"] == "id_taken"
    assert world.store.project("sof")["owner"] == "anna"
    assert world.store.project("sof")["upload"] == upload_before
    assert sorted(p.name for p in (world.data_dir / "projects" / "sof" / "uploads").iterdir()) == [upload_before]


def test_browser_session_cookie_is_read_only_and_scoped(world):
    with httpx.Client(base_url=world.server.url) as browser:
        response = sign_in(browser, world.faxe)
        assert response.status_code == 303 and response.headers["location"] == "/projects/sof/municipalities/faxe"
        cookie = response.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
        assert world.faxe not in cookie  # the cookie holds a session id, never the token
        assert browser.get("/projects/sof/municipalities/faxe").status_code == 200
        assert browser.get("/projects/sof/files/profiles/faxe.pdf").content == b"PROFILE Faxe pdf"
        assert browser.get("/projects/sof/files/profiles/lejre.pdf").status_code == 403
        assert browser.get("/projects/sof/files/note.pdf").status_code == 403
    with httpx.Client(base_url=world.server.url) as browser:
        assert sign_in(browser, world.anna).status_code == 303
        assert browser.get("/projects/sof/jobs").status_code == 200
        # a cookie never authorises a change through the API (no cross-site request forgery)
        assert browser.post("/projects/sof/jobs", json={"kind": "note"}).status_code == 401
        assert browser.put("/projects/sof", files={"file": ("x.zip", b"x")}).status_code == 401
    with httpx.Client(base_url=world.server.url) as browser:
        assert sign_in(browser, "rpt_wrong").status_code == 401
    # a cookie holding a raw token is no session
    with httpx.Client(base_url=world.server.url, cookies={"reporter_session": world.anna}) as browser:
        assert browser.get("/projects/sof/jobs").status_code == 401


def test_a_municipality_dropped_from_a_reuploaded_project_loses_access():
    from fastapi import HTTPException

    from reporter.service.auth import Principal, project_for

    class Store:
        def project(self, project_id):
            return {"id": project_id, "owner": "anna", "municipalities": ["Lejre"]}

    faxe = Principal(kind="municipality", project="sof", municipality="Faxe")
    lejre = Principal(kind="municipality", project="sof", municipality="Lejre")
    assert project_for(Store(), lejre, "sof")["id"] == "sof"
    with pytest.raises(HTTPException) as info:
        project_for(Store(), faxe, "sof")
    assert info.value.status_code == 403
