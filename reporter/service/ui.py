"""The consultant pages (``/ui``): server-rendered HTML forms, no JavaScript at all.

Sign in at ``/login`` with a consultant token; then list projects, upload a project zip (the file field is a
large drop zone: a browser drops a file onto it natively), read the validation summary or every problem
(file, row, column, value), start a note or profiles job, follow its progress (the page refreshes itself
while a job runs), download the files, create and revoke municipality tokens, sign out.

Every form posts to this site only: the session cookie is SameSite=Strict, every POST must carry the
session's CSRF value and an Origin of this site, and the gate has already refused a POST without a live
consultant session before its body was read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, File, Form, HTTPException, Path as PathParam, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse

from reporter.service import pages
from reporter.service.auth import COOKIE, Principal, _principal, forbidden, unauthorized

PROJECT_ID = r"^[a-z0-9][a-z0-9_-]{0,63}$"
UI_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; base-uri 'none'; "
          "frame-ancestors 'none'")
router = APIRouter(prefix="/ui", include_in_schema=False)


def _session(request: Request) -> tuple[Principal, str]:
    """The signed-in consultant and the session's CSRF value; 401 (with a link to /login) otherwise."""
    session = request.cookies.get(COOKIE)
    found = request.app.state.store.session(session) if session else None
    if found is None:
        raise unauthorized("sign in at /login first")
    row, csrf = found
    if row.kind != "consultant":
        raise forbidden("the consultant pages are for consultant tokens")
    return _principal(row), csrf


def _post(request: Request, csrf: str) -> Principal:
    """A form post: signed in, from this site, with the session's CSRF value."""
    from reporter.service.app import check_same_origin, same_secret

    who, expected = _session(request)
    check_same_origin(request)
    if not same_secret(csrf, expected):
        raise forbidden("the form has expired; reload the page and try again")
    return who


def _own_project(request: Request, who: Principal, project_id: str) -> dict[str, Any]:
    project = request.app.state.store.project(project_id)
    if project is None or project["owner"] != who.consultant:
        raise HTTPException(404, f"no project {project_id!r}")
    return project


def _page(name: str, status: int = 200, **context) -> HTMLResponse:
    html = pages.environment().get_template(name).render(**context)
    return HTMLResponse(html, status_code=status, headers={"Content-Security-Policy": UI_CSP})


def _slug(name: str) -> str:
    from reporter.text.slugs import slug

    return slug(name)


def _project_context(request: Request, who: Principal, csrf: str, project: dict[str, Any]) -> dict[str, Any]:
    store = request.app.state.store
    project_id = project["id"]
    jobs = store.jobs_of(project_id, limit=20)
    files = [{"name": r["name"], "size": r["size"], "municipality": r["municipality"],
              "url": f"/projects/{quote(project_id)}/files/{quote(r['name'])}"} for r in store.outputs(project_id)]
    tokens = [t for t in store.list_tokens(project=project_id) if not t["revoked"]]
    return {"who": who, "csrf": csrf, "project": project, "jobs": jobs, "files": files, "tokens": tokens,
            "busy": any(j["status"] in ("queued", "running") for j in jobs),
            "pages": {m: f"/projects/{quote(project_id)}/municipalities/{_slug(m)}" for m in project["municipalities"]}}


@router.get("/projects", response_class=HTMLResponse)
def projects_page(request: Request) -> HTMLResponse:
    """The consultant's projects and the upload form for a new one."""
    who, csrf = _session(request)
    projects = request.app.state.store.projects_of(who.consultant)
    return _page("ui_projects.html.j2", who=who, csrf=csrf, projects=projects)


@router.get("/projects/{project_id}", response_class=HTMLResponse)
def project_page(request: Request, project_id: Annotated[str, PathParam(pattern=PROJECT_ID)]) -> HTMLResponse:
    """One project: municipalities, jobs (with progress), files, municipality tokens."""
    who, csrf = _session(request)
    project = _own_project(request, who, project_id)
    return _page("ui_project.html.j2", **_project_context(request, who, csrf, project))


@router.post("/upload", response_class=HTMLResponse)
def upload(request: Request, csrf: Annotated[str, Form(max_length=200)],
           project: Annotated[str, Form(pattern=PROJECT_ID)],
           file: Annotated[UploadFile, File()]) -> HTMLResponse:
    """Upload a project zip: the validation summary, or every problem with file, row, column and value."""
    import json

    who = _post(request, csrf)
    result = request.app.state.accept_upload(project, who, file.file)
    if isinstance(result, JSONResponse):
        body = json.loads(result.body)
        return _page("ui_upload.html.j2", status=result.status_code, who=who, csrf=csrf, project_id=project,
                     ok=False, error=body["error"], problems=body.get("problems") or [], entry=body.get("entry"))
    return _page("ui_upload.html.j2", who=who, csrf=csrf, project_id=project, ok=True, result=result,
                 warnings=result.warnings)


@router.post("/projects/{project_id}/jobs")
def start_job(request: Request, project_id: Annotated[str, PathParam(pattern=PROJECT_ID)],
              csrf: Annotated[str, Form(max_length=200)], kind: Annotated[str, Form(pattern="^(note|profiles)$")],
              municipality: Annotated[str, Form(max_length=200)] = "") -> RedirectResponse:
    """Start a note or profiles job (all municipalities, or the one chosen); back to the project page."""
    from reporter.service.app import JobRequest

    who = _post(request, csrf)
    project = _own_project(request, who, project_id)
    body = JobRequest(kind=kind, municipalities=[municipality] if municipality and kind == "profiles" else None)
    request.app.state.queue_job(project, who, body)
    return RedirectResponse(f"/ui/projects/{quote(project_id)}", status_code=303)


@router.post("/projects/{project_id}/tokens", response_class=HTMLResponse)
def create_token(request: Request, project_id: Annotated[str, PathParam(pattern=PROJECT_ID)],
                 csrf: Annotated[str, Form(max_length=200)],
                 municipality: Annotated[str, Form(min_length=1, max_length=200)]) -> HTMLResponse:
    """A new municipality token, shown once on the answer page."""
    who = _post(request, csrf)
    project = _own_project(request, who, project_id)
    if municipality not in project["municipalities"]:
        raise HTTPException(422, f"unknown municipality {municipality!r}")
    token = request.app.state.store.create_token(project=project_id, municipality=municipality)
    return _page("ui_token.html.j2", who=who, csrf=csrf, project=project, municipality=municipality, token=token,
                 page=f"/projects/{quote(project_id)}/municipalities/{_slug(municipality)}")


@router.post("/projects/{project_id}/tokens/{token_id}/revoke")
def revoke_token(request: Request, project_id: Annotated[str, PathParam(pattern=PROJECT_ID)], token_id: int,
                 csrf: Annotated[str, Form(max_length=200)]) -> RedirectResponse:
    """Revoke one of the project's municipality tokens; back to the project page."""
    store = request.app.state.store
    who = _post(request, csrf)
    _own_project(request, who, project_id)
    if not any(t["id"] == token_id for t in store.list_tokens(project=project_id)):
        raise HTTPException(404, "no such token in this project")
    store.revoke_token(token_id)
    return RedirectResponse(f"/ui/projects/{quote(project_id)}#tokens", status_code=303)


@router.post("/projects/{project_id}/tokens/{token_id}/rotate", response_class=HTMLResponse)
def rotate_token(request: Request, project_id: Annotated[str, PathParam(pattern=PROJECT_ID)], token_id: int,
                 csrf: Annotated[str, Form(max_length=200)]) -> HTMLResponse:
    """Replace a municipality token by a new one (same scope, new expiry); the old one stops working."""
    store = request.app.state.store
    who = _post(request, csrf)
    project = _own_project(request, who, project_id)
    row = next((t for t in store.list_tokens(project=project_id) if t["id"] == token_id and not t["revoked"]), None)
    token = store.rotate_token(token_id) if row else None
    if token is None:
        raise HTTPException(404, "no such active token in this project")
    return _page("ui_token.html.j2", who=who, csrf=csrf, project=project, municipality=row["municipality"],
                 token=token, page=f"/projects/{quote(project_id)}/municipalities/{_slug(row['municipality'])}")


def error_page(request: Request, status: int, message: str, headers: dict | None = None):
    """An error on a consultant page: 401 goes to the sign-in form, anything else is shown as a page."""
    if status == 401:
        return RedirectResponse("/login", status_code=303)
    response = _page("ui_error.html.j2", status=status, code=status, who=None, csrf=None, message=message)
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


__all__ = ["router", "UI_CSP", "Path"]
