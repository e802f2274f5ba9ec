"""The FastAPI application of ``reporter serve``.

Every resource lives under ``/projects`` and needs ``Authorization: Bearer <token>`` (401 without a valid
token, 403 outside a municipality token's scope, 404 alike for another consultant's project and one that
does not exist). A gate in front of the application checks the token, the caller's upload quota and the
body size from the headers alone, before a byte of the body is read. Errors are JSON: ``{"error": {"status", "code", "message"}}``, plus
``problems`` (file, row, column, value, expected, message) when an upload does not validate.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import shutil
import tempfile
import threading
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import Depends, FastAPI, File, Form, HTTPException, Path as PathParam, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from reporter.errors import InputError
from reporter.service import pages
from reporter.service.auth import (COOKIE, Principal, bearer_token, forbidden, may_see_municipality, principal,
                                   project_for, require_consultant, unauthorized)
from reporter.service.jobs import FORMATS, JobManager, Lifecycle, private_tree, project_root, upload_dir
from reporter.service.quotas import Quotas, UploadRate, check_job, check_upload
from reporter.service.retention import Retention, clean_all, clean_project, tree_bytes
from reporter.service.store import SESSION_HOURS, Store
from reporter.service.uploads import Limits, UploadError, extract_zip, problem_json, remove_tree, validate

log = logging.getLogger("reporter.service")

PROJECT_ID = r"^[a-z0-9][a-z0-9_-]{0,63}$"
SLUG = r"^[a-z0-9-]{1,80}$"
ProjectId = Annotated[str, PathParam(pattern=PROJECT_ID, description="Project id: a-z, 0-9, '-', '_' (max 64).")]
Who = Annotated[Principal, Depends(principal)]


def _visible_project(request: Request, project_id: ProjectId, who: Who) -> dict[str, Any]:
    """Dependency: the project if the token sees any of it (checked before the request body is read)."""
    return project_for(request.app.state.store, who, project_id)


def _consultant_project(request: Request, project_id: ProjectId, who: Who) -> dict[str, Any]:
    """Dependency: the project, for its owning consultant only."""
    require_consultant(who)
    return project_for(request.app.state.store, who, project_id)


VisibleProject = Annotated[dict, Depends(_visible_project)]
ConsultantProject = Annotated[dict, Depends(_consultant_project)]
MEDIA = {".pdf": "application/pdf", ".html": "text/html; charset=utf-8",
         ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
         409: "conflict", 413: "too_large", 415: "unsupported_media_type", 422: "invalid", 429: "too_many_requests",
         503: "unavailable"}


# --- response models (for the OpenAPI schema) ---------------------------------------------------

class ErrorBody(BaseModel):
    status: int
    code: str
    message: str


class ErrorResponse(BaseModel):
    error: ErrorBody
    problems: list[dict[str, Any]] | None = None


class JobRequest(BaseModel):
    """A render: the note, or profiles (all municipalities, or the ones named)."""

    kind: Literal["note", "profiles"]
    municipalities: list[Annotated[str, Field(min_length=1, max_length=200)]] | None = Field(
        default=None, max_length=500, description="Profiles only: municipality names (default all).")
    formats: list[Literal["pdf", "docx", "html"]] | None = Field(
        default=None, min_length=1, max_length=3, description="Default pdf, docx and html.")


class Job(BaseModel):
    id: str
    project: str
    kind: str
    status: Literal["queued", "running", "done", "failed"]
    params: dict[str, Any]
    error: str | None
    files: list[str]
    created: str
    started: str | None
    finished: str | None


class OutputFile(BaseModel):
    name: str
    municipality: str | None
    size: int
    job: str
    updated: str
    url: str


class Municipality(BaseModel):
    name: str
    slug: str
    page: str


class ProjectInfo(BaseModel):
    id: str
    name: str | None
    owner: str | None
    uploaded: bool
    municipalities: list[Municipality]


class UploadResult(BaseModel):
    project: str
    valid: bool
    upload: str
    name: str
    municipalities: list[Municipality]
    respondents: int
    warnings: list[dict[str, Any]]


ERRORS = {401: {"model": ErrorResponse, "description": "Missing or unknown token"},
          403: {"model": ErrorResponse, "description": "Outside the token's scope"},
          404: {"model": ErrorResponse, "description": "Not found"},
          422: {"model": ErrorResponse, "description": "Invalid request or upload"}}


# --- helpers -------------------------------------------------------------------------------------

def _error(status: int, message: str, code: str | None = None, headers: dict | None = None, **extra) -> JSONResponse:
    body: dict[str, Any] = {"error": {"status": status, "code": code or CODES.get(status, "error"), "message": message}}
    body.update(extra)
    return JSONResponse(body, status_code=status, headers=headers)


def _municipality_refs(project_id: str, names: list[str]) -> list[dict[str, str]]:
    from reporter.text.slugs import slug

    return [{"name": n, "slug": slug(n), "page": f"/projects/{project_id}/municipalities/{slug(n)}"} for n in names]


def _project_info(project: dict[str, Any], who: Principal) -> dict[str, Any]:
    names = project["municipalities"] if who.is_consultant else [m for m in project["municipalities"]
                                                                 if m == who.municipality]
    return {"id": project["id"], "name": project["name"], "owner": project["owner"] if who.is_consultant else None,
            "uploaded": project["upload"] is not None, "municipalities": _municipality_refs(project["id"], names)}


def _output_json(project_id: str, row: dict[str, Any]) -> dict[str, Any]:
    return {"name": row["name"], "municipality": row["municipality"], "size": row["size"], "job": row["job"],
            "updated": row["updated"], "url": f"/projects/{project_id}/files/{quote(row['name'])}"}


UPLOAD_ROUTE = re.compile(r"^/projects/[^/]+/?$")
UI_UPLOAD_ROUTE = re.compile(r"^/ui/upload$")
SMALL_BODY = 64 * 1024
LOGIN_COOKIE = "reporter_login"


class Gate:
    """ASGI middleware in front of everything: body size and, for requests that carry a body, the token.

    - A body above its route's limit (the upload limit for uploads, 64 KiB for everything else) is refused
      with 413, from ``Content-Length`` before it is read and from the bytes received while it is read.
    - A request that changes something under ``/projects`` needs a valid bearer token (401 otherwise), and a
      consultant's upload its quota (429 with Retry-After), all before the body is read; the consultant
      pages under ``/ui`` need a live browser session for the same.
    """

    def __init__(self, app, *, store: Store, upload_bytes: int, quotas: Quotas, rate: UploadRate):
        self.app = app
        self.store = store
        self.upload_bytes = upload_bytes
        self.quotas = quotas
        self.rate = rate

    def _check(self, method: str, path: str, headers: dict[bytes, bytes]) -> None:
        """Raise HTTPException when the request must not get further (runs in a worker thread)."""
        from starlette.requests import Request as _Request  # noqa: F401 - only for typing clarity

        is_upload = (method == "PUT" and UPLOAD_ROUTE.match(path)) or (method == "POST" and UI_UPLOAD_ROUTE.match(path))
        if path.startswith("/projects") and method not in ("GET", "HEAD", "OPTIONS"):
            raw = headers.get(b"authorization", b"").decode("latin-1")
            scheme, _, value = raw.partition(" ")
            row = self.store.token(value.strip()) if scheme.lower() == "bearer" and value.strip() else None
            if row is None:
                raise unauthorized("missing, unknown, revoked or expired bearer token")
            if is_upload and row.kind != "consultant":
                raise forbidden("a municipality token only gives access to its own profile")
            if is_upload:
                check_upload(self.store, row.consultant, self.quotas, self.rate)
        elif path.startswith("/ui/") and method == "POST":
            session = _cookie(headers, COOKIE)
            found = self.store.session(session) if session else None
            if found is None:
                raise unauthorized("sign in first")
            if found[0].kind != "consultant":
                raise forbidden("the consultant pages are for consultant tokens")
            if is_upload:
                check_upload(self.store, found[0].consultant, self.quotas, self.rate)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        import anyio

        method, path = scope["method"], scope["path"]
        headers = dict(scope["headers"])
        is_upload = (method == "PUT" and UPLOAD_ROUTE.match(path)) or (method == "POST" and UI_UPLOAD_ROUTE.match(path))
        limit = self.upload_bytes if is_upload else SMALL_BODY
        try:
            await anyio.to_thread.run_sync(self._check, method, path, headers)
        except HTTPException as exc:
            return await _error(exc.status_code, str(exc.detail),
                                headers={**(exc.headers or {}), "Connection": "close"})(scope, receive, send)
        length = headers.get(b"content-length")
        if length is not None:
            try:
                too_big = int(length) > limit
            except ValueError:
                return await _error(400, "Content-Length is not a number")(scope, receive, send)
            if too_big:
                return await _error(413, f"request body larger than {limit} bytes", headers={"Connection": "close"})(
                    scope, receive, send)
        received = 0

        async def limited():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise StarletteHTTPException(413, f"request body larger than {limit} bytes")
            return message

        await self.app(scope, limited, send)


def _cookie(headers: dict[bytes, bytes], name: str) -> str | None:
    from http.cookies import SimpleCookie

    raw = headers.get(b"cookie")
    if not raw:
        return None
    jar = SimpleCookie()
    try:
        jar.load(raw.decode("latin-1"))
    except Exception:  # noqa: BLE001 - a malformed cookie header is no session
        return None
    return jar[name].value if name in jar else None


def own_origin(request: Request) -> str:
    return f"{request.url.scheme}://{request.headers.get('host', '')}"


def check_same_origin(request: Request) -> None:
    """403 for a cross-site form post: the Origin (or, without one, Sec-Fetch-Site) must be this site."""
    origin = request.headers.get("origin")
    if origin is not None and origin != own_origin(request):
        raise forbidden("cross-site request refused (Origin is not this site)")
    site = request.headers.get("sec-fetch-site")
    if origin is None and site not in (None, "same-origin", "none"):
        raise forbidden("cross-site request refused")


def same_secret(given: str | None, expected: str | None) -> bool:
    return bool(given) and bool(expected) and secrets.compare_digest(str(given), str(expected))


# --- the application -----------------------------------------------------------------------------

def create_app(data_dir: str | Path, *, workers: int = 2, job_mode: str = "process", limits: Limits = Limits(),
               max_queued: int = 500, validations: int = 2, quotas: Quotas = Quotas(),
               retention: Retention = Retention(), lifecycle: Lifecycle = Lifecycle(), docs: bool = False,
               render: str | None = None) -> FastAPI:
    """The service on ``data_dir`` (SQLite database + files), rendering with at most ``workers`` jobs at once.

    ``docs`` serves the interactive API docs at ``/docs`` (off by default: they load scripts from a CDN);
    the schema is always at ``/openapi.json``. ``render`` (``"module:function"``) replaces the function that
    makes a job's files (tests use it to hold or crash workers).
    """
    data_dir = Path(data_dir).resolve()
    store = Store(data_dir)
    jobs = JobManager(store, workers=workers, mode=job_mode, max_queued=max_queued, lifecycle=lifecycle,
                      after_job=lambda job_id: _after_job(job_id), **({"render": render} if render else {}))
    validating = threading.BoundedSemaphore(validations)
    tmp_root = data_dir / "tmp"
    tmp_root.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(tmp_root, 0o700)
    (data_dir / "projects").mkdir(exist_ok=True, mode=0o700)

    def _after_job(job_id: str) -> None:
        job = store.job(job_id)
        if job is not None:
            clean_project(store, data_dir, job["project"], retention)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        clean_all(store, data_dir, retention)
        jobs.start()
        try:
            yield
        finally:
            jobs.stop()

    app = FastAPI(title="reporter service", version="1", lifespan=lifespan,
                  docs_url="/docs" if docs else None, redoc_url="/redoc" if docs else None,
                  description="Upload survey projects, render notes and municipality profiles, download them.")
    app.router.redirect_slashes = False  # no redirect built from the Host header
    app.state.store = store
    app.state.jobs = jobs
    app.state.data_dir = data_dir
    app.state.limits = limits
    app.state.quotas = quotas
    app.state.retention = retention
    app.add_middleware(Gate, store=store, upload_bytes=limits.max_upload_bytes, quotas=quotas,
                       rate=UploadRate(quotas.max_uploads_per_hour))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if request.url.path.startswith("/ui/"):
            from reporter.service.ui import error_page

            return error_page(request, exc.status_code, str(exc.detail), getattr(exc, "headers", None))
        return _error(exc.status_code, str(exc.detail), headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        details = [{"location": [str(p) for p in e.get("loc", ())], "message": e.get("msg", "")} for e in exc.errors()]
        text = "; ".join(f"{'.'.join(d['location'])}: {d['message']}" for d in details)
        if request.url.path.startswith("/ui/"):
            from reporter.service.ui import error_page

            return error_page(request, 422, f"invalid form: {text}")
        return _error(422, f"invalid request: {text}", details=details)

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception):
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return _error(500, f"internal error: {type(exc).__name__}", code="internal")

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")  # no-referrer would make forms send Origin: null
        response.headers.setdefault("Cache-Control", "no-store")
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        return response

    @app.get("/health", tags=["service"])
    def health() -> dict[str, str]:
        """Liveness (no token needed, reveals nothing)."""
        return {"status": "ok"}

    @app.get("/login", tags=["pages"], response_class=HTMLResponse)
    def login_page(request: Request) -> HTMLResponse:
        """A form to sign in a browser with a token (a CSRF value ties the form to this browser)."""
        csrf = secrets.token_urlsafe(24)
        response = HTMLResponse(pages.login_page(csrf=csrf), headers={"Content-Security-Policy": pages.LOGIN_CSP})
        response.set_cookie(LOGIN_COOKIE, csrf, httponly=True, samesite="strict", path="/", max_age=3600,
                            secure=request.url.scheme == "https")
        return response

    @app.post("/session", tags=["pages"], status_code=303, response_class=RedirectResponse,
              responses={303: {"description": "Signed in"}, 401: {"model": ErrorResponse},
                         403: {"model": ErrorResponse}})
    def create_session(token: Annotated[str, Form(min_length=1, max_length=200)],
                       csrf: Annotated[str, Form(min_length=1, max_length=200)],
                       request: Request) -> RedirectResponse:
        """Sign in a browser: a new server-side session whose random id goes into an HttpOnly, SameSite=Strict
        cookie (the token itself is never put in a cookie). Cross-site posts and posts without the login
        form's CSRF value are refused (403). A municipality is sent to its page, a consultant to its projects.
        """
        check_same_origin(request)
        if not same_secret(csrf, request.cookies.get(LOGIN_COOKIE)):
            raise forbidden("the sign-in form has expired or came from another site; open /login again")
        row = store.token(token)
        if row is None:
            raise HTTPException(401, "unknown, revoked or expired token")
        if row.kind == "municipality":
            from reporter.text.slugs import slug as slug_of

            target = f"/projects/{quote(row.project)}/municipalities/{slug_of(row.municipality)}"
        else:
            target = "/ui/projects"
        session, _ = store.create_session(row.id)
        response = RedirectResponse(target, status_code=303)
        response.set_cookie(COOKIE, session, httponly=True, samesite="strict", path="/",
                            max_age=int(SESSION_HOURS * 3600), secure=request.url.scheme == "https")
        response.delete_cookie(LOGIN_COOKIE, path="/")
        return response

    @app.post("/logout", tags=["pages"], status_code=303, response_class=RedirectResponse,
              responses={303: {"description": "Signed out"}, 403: {"model": ErrorResponse}})
    def end_session(csrf: Annotated[str, Form(min_length=1, max_length=200)], request: Request) -> RedirectResponse:
        """Sign out: the session is deleted on the server and the cookie cleared."""
        check_same_origin(request)
        session = request.cookies.get(COOKIE)
        found = store.session(session) if session else None
        if found is not None:
            if not same_secret(csrf, found[1]):
                raise forbidden("sign-out form without this session's CSRF value")
            store.end_session(session)
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(COOKIE, path="/")
        return response

    @app.get("/projects", tags=["projects"], responses=ERRORS)
    def list_projects(who: Who) -> list[ProjectInfo]:
        """Projects the token can see (a municipality token: its one project, its one municipality)."""
        if who.is_consultant:
            found = store.projects_of(who.consultant)
        else:
            found = [p for p in [store.project(who.project)] if p is not None]
        return [ProjectInfo(**_project_info(p, who)) for p in found]

    def accept_upload(project_id: str, who: Principal, stream) -> JSONResponse | UploadResult:
        """Extract, validate and (when valid) publish one upload; the id is claimed only now."""
        owner = store.owner_of(project_id)
        upload = "u" + secrets.token_hex(8)
        staging = Path(tempfile.mkdtemp(prefix=f"{upload}-", dir=tmp_root))
        target = staging / "project"
        try:
            spool_path = staging / "upload.zip"
            fd = os.open(spool_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as spool:
                shutil.copyfileobj(stream, spool, 1024 * 1024)
            try:
                extract_zip(spool_path, target, limits)
            except UploadError as exc:
                return _error(exc.status, exc.message, code=exc.code, entry=exc.entry)
            finally:
                spool_path.unlink(missing_ok=True)
            try:
                with validating:
                    project, survey = validate(target, limits)
            except InputError as exc:
                return _error(422, f"{len(exc.problems)} problem(s) in the project", code="invalid_project",
                              problems=[problem_json(p) for p in exc.problems])
            except Exception as exc:  # noqa: BLE001 - a reader failing on odd input is still bad input
                log.exception("validation of upload %s/%s failed", project_id, upload)
                return _error(422, f"could not read the project: {type(exc).__name__}: {exc}",
                              code="unreadable_project")
            if owner not in (None, who.consultant):
                return _error(409, f"the project id {project_id!r} is taken; choose another id", code="id_taken")
            from reporter.compose.profile import municipalities_sorted

            names = municipalities_sorted(project)
            final = upload_dir(data_dir, project_id, upload)
            final.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            private_tree(target)
            os.rename(target, final)
            if not store.set_upload(project_id, upload, project.name, names, owner=who.consultant,
                                    size=tree_bytes(final)):
                remove_tree(final)
                return _error(409, f"the project id {project_id!r} is taken; choose another id", code="id_taken")
            for parent in (project_root(data_dir, project_id), final.parent):
                os.chmod(parent, 0o700)
            clean_project(store, data_dir, project_id, retention)
            return UploadResult(project=project_id, valid=True, upload=upload, name=project.name,
                                municipalities=[Municipality(**m) for m in _municipality_refs(project_id, names)],
                                respondents=int(len(survey.respondents)),
                                warnings=[problem_json(w) for w in survey.warnings])
        finally:
            remove_tree(staging)

    app.state.accept_upload = accept_upload

    @app.put("/projects/{project_id}", tags=["projects"], status_code=200,
             responses={**ERRORS, 409: {"model": ErrorResponse}, 413: {"model": ErrorResponse},
                        429: {"model": ErrorResponse}})
    def upload_project(project_id: ProjectId, who: Who,
                       file: Annotated[UploadFile, File(description="The project directory as a zip")]) -> UploadResult:
        """Upload a project directory (zip) and validate it; a valid upload becomes the project's current one.

        The answer is the validation result: respondents, municipalities and warnings, or 422 with
        every problem (file, row, column, value, expected). A new id is claimed only by a valid upload;
        an id another consultant holds answers 409 (and only to a valid upload).
        """
        require_consultant(who)
        return accept_upload(project_id, who, file.file)

    @app.get("/projects/{project_id}", tags=["projects"], responses=ERRORS)
    def get_project(project: VisibleProject, who: Who) -> ProjectInfo:
        """One project (a municipality token sees only its own municipality in it)."""
        return ProjectInfo(**_project_info(project, who))

    def queue_job(project: dict[str, Any], who: Principal, request_body: JobRequest) -> dict[str, Any]:
        project_id = project["id"]
        if project["upload"] is None:
            raise HTTPException(409, "the project has no valid upload yet; PUT the project zip first")
        params: dict[str, Any] = {"formats": request_body.formats or list(FORMATS)}
        if request_body.kind == "profiles" and request_body.municipalities:
            unknown = [m for m in request_body.municipalities if m not in project["municipalities"]]
            if unknown:
                raise HTTPException(422, f"unknown municipality {unknown[0]!r}; known: "
                                         f"{', '.join(project['municipalities'])}")
            params["municipalities"] = list(dict.fromkeys(request_body.municipalities))
        elif request_body.municipalities:
            raise HTTPException(422, "municipalities can only be given for kind 'profiles'")
        check_job(store, who.consultant, quotas)
        if jobs.queue_full():
            raise HTTPException(503, "the render queue is full; try again later", headers={"Retry-After": "30"})
        job_id = store.create_job(project_id, project["upload"], request_body.kind, params)
        created = store.job(job_id)  # as queued: a worker may pick it up before this answer is sent
        jobs.submit(job_id)
        return created

    app.state.queue_job = queue_job

    @app.post("/projects/{project_id}/jobs", tags=["jobs"], status_code=202,
              responses={**ERRORS, 409: {"model": ErrorResponse}, 429: {"model": ErrorResponse},
                         503: {"model": ErrorResponse}})
    def start_job(project: ConsultantProject, who: Who, request_body: JobRequest) -> Job:
        """Start a render of the note or of profiles in the background; poll the job for its status.

        429 (with Retry-After) when the consultant already has its quota of queued or running jobs.
        """
        return Job(**queue_job(project, who, request_body))

    @app.get("/projects/{project_id}/jobs", tags=["jobs"], responses=ERRORS)
    def list_jobs(project: ConsultantProject) -> list[Job]:
        """The project's latest 100 jobs, newest first."""
        return [Job(**j) for j in store.jobs_of(project["id"])]

    @app.get("/projects/{project_id}/jobs/{job_id}", tags=["jobs"], responses=ERRORS)
    def get_job(project: ConsultantProject, job_id: Annotated[str, PathParam(pattern=r"^j[0-9a-f]{16}$")]) -> Job:
        """One job's status (queued, running, done, failed), error and files."""
        project_id = project["id"]
        job = store.job(job_id)
        if job is None or job["project"] != project_id:
            raise HTTPException(404, f"no job {job_id!r} in project {project_id!r}")
        return Job(**job)

    @app.get("/projects/{project_id}/files", tags=["files"], responses=ERRORS)
    def list_files(project: VisibleProject, who: Who) -> list[OutputFile]:
        """The latest rendered files the token may download."""
        project_id = project["id"]
        rows = store.outputs(project_id, None if who.is_consultant else who.municipality)
        return [OutputFile(**_output_json(project_id, r)) for r in rows]

    @app.get("/projects/{project_id}/files/{name:path}", tags=["files"], responses={
        **ERRORS, 200: {"content": {m.split(";")[0]: {} for m in MEDIA.values()}, "description": "The file"}})
    def download(project: VisibleProject, name: str, who: Who) -> FileResponse:
        """Download one file by its name from ``/files`` (``note.pdf``, ``profiles/<slug>.docx`` …); HEAD too."""
        project_id = project["id"]
        row = store.output(project_id, name)
        if row is None or not may_see_municipality(who, row["municipality"]):
            if not who.is_consultant:
                raise forbidden("a municipality token only gives access to its own profile")
            raise HTTPException(404, f"no file {name!r} in project {project_id!r}")
        path = Path(row["path"]).resolve()
        if not path.is_relative_to(project_root(data_dir, project_id).resolve()) or not path.is_file():
            raise HTTPException(404, f"file {name!r} is missing on the server; render it again")
        media = MEDIA.get(path.suffix, "application/octet-stream")
        if path.suffix == ".html":
            return FileResponse(path, media_type=media, headers={"Content-Security-Policy": pages.PREVIEW_CSP},
                                content_disposition_type="inline", filename=path.name)
        return FileResponse(path, media_type=media, filename=path.name)

    app.add_api_route("/projects/{project_id}/files/{name:path}", download, methods=["HEAD"], include_in_schema=False)

    @app.get("/projects/{project_id}/municipalities/{slug}", tags=["pages"], response_class=HTMLResponse,
             responses=ERRORS)
    def municipality_page(project: VisibleProject, slug: Annotated[str, PathParam(pattern=SLUG)],
                          who: Who) -> HTMLResponse:
        """An HTML page previewing the municipality's profile and linking its PDF and DOCX."""
        from reporter.text.slugs import slug as slug_of

        project_id = project["id"]
        by_slug = {slug_of(n): n for n in project["municipalities"]}
        name = by_slug.get(slug)
        if not may_see_municipality(who, name):
            raise forbidden("a municipality token only gives access to its own profile")
        if name is None:
            raise HTTPException(404, f"no municipality {slug!r} in project {project_id!r}")
        files = {}
        for row in store.outputs(project_id, name):
            suffix = Path(row["name"]).suffix.lstrip(".")
            files[suffix] = quote(row["name"])
        html = pages.municipality_page(project=project, municipality=name, slug=slug, files=files)
        return HTMLResponse(html, headers={"Content-Security-Policy": pages.PAGE_CSP})

    from reporter.service.ui import router as ui_router

    app.include_router(ui_router)

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/login", status_code=303)

    return app
