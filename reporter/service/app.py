"""The FastAPI application of ``reporter serve``.

Every resource lives under ``/projects`` and needs ``Authorization: Bearer <token>`` (401 without a valid
token, 403 outside its scope). Errors are JSON: ``{"error": {"status", "code", "message"}}``, plus
``problems`` (file, row, column, value, expected, message) when an upload does not validate.
"""

from __future__ import annotations

import logging
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
from reporter.service.auth import (COOKIE, Principal, forbidden, may_see_municipality, principal, project_for,
                                   require_consultant)
from reporter.service.jobs import FORMATS, JobManager, project_root, upload_dir
from reporter.service.store import Store
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


def _claimed_project(request: Request, project_id: ProjectId, who: Who) -> str:
    """Dependency: the project id, created for the calling consultant if new; 403 if another one owns it."""
    require_consultant(who)
    if not request.app.state.store.claim_project(project_id, who.consultant):
        raise forbidden("this project belongs to another consultant")
    return project_id


VisibleProject = Annotated[dict, Depends(_visible_project)]
ConsultantProject = Annotated[dict, Depends(_consultant_project)]
ClaimedProject = Annotated[str, Depends(_claimed_project)]
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


class BodyLimit:
    """ASGI middleware: 413 for request bodies above ``max_bytes`` (by Content-Length and by bytes received)."""

    def __init__(self, app, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None:
            try:
                too_big = int(length) > self.max_bytes
            except ValueError:
                return await _error(400, "Content-Length is not a number")(scope, receive, send)
            if too_big:
                return await _error(413, f"request body larger than {self.max_bytes} bytes")(scope, receive, send)
        received = 0

        async def limited():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise StarletteHTTPException(413, f"request body larger than {self.max_bytes} bytes")
            return message

        await self.app(scope, limited, send)


# --- the application -----------------------------------------------------------------------------

def create_app(data_dir: str | Path, *, workers: int = 2, job_mode: str = "process", limits: Limits = Limits(),
               max_queued: int = 500, validations: int = 2) -> FastAPI:
    """The service on ``data_dir`` (SQLite database + files), rendering with at most ``workers`` jobs at once."""
    data_dir = Path(data_dir).resolve()
    store = Store(data_dir)
    jobs = JobManager(store, workers=workers, mode=job_mode, max_queued=max_queued)
    validating = threading.BoundedSemaphore(validations)
    (data_dir / "tmp").mkdir(parents=True, exist_ok=True)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        jobs.start()
        try:
            yield
        finally:
            jobs.stop()

    app = FastAPI(title="reporter service", version="1", lifespan=lifespan,
                  description="Upload survey projects, render notes and municipality profiles, download them.")
    app.state.store = store
    app.state.jobs = jobs
    app.state.data_dir = data_dir
    app.add_middleware(BodyLimit, max_bytes=limits.max_upload_bytes)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        return _error(exc.status_code, str(exc.detail), headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        details = [{"location": [str(p) for p in e.get("loc", ())], "message": e.get("msg", "")} for e in exc.errors()]
        text = "; ".join(f"{'.'.join(d['location'])}: {d['message']}" for d in details)
        return _error(422, f"invalid request: {text}", details=details)

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception):
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return _error(500, f"internal error: {type(exc).__name__}", code="internal")

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.get("/health", tags=["service"])
    def health() -> dict[str, str]:
        """Liveness (no token needed, reveals nothing)."""
        return {"status": "ok"}

    @app.get("/login", tags=["pages"], response_class=HTMLResponse)
    def login_page() -> HTMLResponse:
        """A form to sign in a browser with a token (sets the session cookie)."""
        return HTMLResponse(pages.login_page(), headers={"Content-Security-Policy": pages.LOGIN_CSP})

    @app.post("/session", tags=["pages"], status_code=303, response_class=RedirectResponse,
              responses={303: {"description": "Signed in"}, 401: {"model": ErrorResponse}})
    def create_session(token: Annotated[str, Form(min_length=1, max_length=200)],
                       request: Request) -> RedirectResponse:
        """Sign in a browser: the token goes into an HttpOnly, SameSite=Strict cookie (read-only access).

        A municipality is sent to its page, a consultant to its project list.
        """
        row = store.token(token)
        if row is None:
            raise HTTPException(401, "unknown or revoked token")
        if row.kind == "municipality":
            from reporter.text.slugs import slug as slug_of

            target = f"/projects/{quote(row.project)}/municipalities/{slug_of(row.municipality)}"
        else:
            target = "/projects"
        response = RedirectResponse(target, status_code=303)
        response.set_cookie(COOKIE, token, httponly=True, samesite="strict", path="/",
                            secure=request.url.scheme == "https")
        return response

    @app.get("/projects", tags=["projects"], responses=ERRORS)
    def list_projects(who: Who) -> list[ProjectInfo]:
        """Projects the token can see (a municipality token: its one project, its one municipality)."""
        if who.is_consultant:
            found = store.projects_of(who.consultant)
        else:
            found = [p for p in [store.project(who.project)] if p is not None]
        return [ProjectInfo(**_project_info(p, who)) for p in found]

    @app.put("/projects/{project_id}", tags=["projects"], responses=ERRORS, status_code=200)
    def upload_project(project_id: ClaimedProject,
                       file: Annotated[UploadFile, File(description="The project directory as a zip")]) -> UploadResult:
        """Upload a project directory (zip) and validate it; a valid upload becomes the project's current one.

        The answer is the validation result: respondents, municipalities and warnings, or 422 with
        every problem (file, row, column, value, expected).
        """
        upload = "u" + secrets.token_hex(8)
        target = upload_dir(data_dir, project_id, upload)
        with tempfile.NamedTemporaryFile(dir=data_dir / "tmp", suffix=".zip") as spool:
            shutil.copyfileobj(file.file, spool, 1024 * 1024)
            spool.flush()
            try:
                extract_zip(Path(spool.name), target, limits)
            except UploadError as exc:
                remove_tree(target)
                return _error(exc.status, exc.message, code=exc.code, entry=exc.entry)
        try:
            with validating:
                project, survey = validate(target)
        except InputError as exc:
            remove_tree(target)
            return _error(422, f"{len(exc.problems)} problem(s) in the project", code="invalid_project",
                          problems=[problem_json(p) for p in exc.problems])
        except Exception as exc:  # noqa: BLE001 - a reader failing on odd input is still bad input
            remove_tree(target)
            log.exception("validation of upload %s/%s failed", project_id, upload)
            return _error(422, f"could not read the project: {type(exc).__name__}: {exc}", code="unreadable_project")
        from reporter.build.profile import municipalities_sorted

        names = municipalities_sorted(project)
        store.set_upload(project_id, upload, project.name, names)
        return UploadResult(project=project_id, valid=True, upload=upload, name=project.name,
                            municipalities=[Municipality(**m) for m in _municipality_refs(project_id, names)],
                            respondents=int(len(survey.respondents)),
                            warnings=[problem_json(w) for w in survey.warnings])

    @app.get("/projects/{project_id}", tags=["projects"], responses=ERRORS)
    def get_project(project: VisibleProject, who: Who) -> ProjectInfo:
        """One project (a municipality token sees only its own municipality in it)."""
        return ProjectInfo(**_project_info(project, who))

    @app.post("/projects/{project_id}/jobs", tags=["jobs"], status_code=202,
              responses={**ERRORS, 409: {"model": ErrorResponse}, 503: {"model": ErrorResponse}})
    def start_job(project: ConsultantProject, request_body: JobRequest) -> Job:
        """Start a render of the note or of profiles in the background; poll the job for its status."""
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
        if jobs.queue_full():
            raise HTTPException(503, "the render queue is full; try again later", headers={"Retry-After": "30"})
        job_id = store.create_job(project_id, project["upload"], request_body.kind, params)
        created = store.job(job_id)  # as queued: a worker may pick it up before this answer is sent
        jobs.submit(job_id)
        return Job(**created)

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
        """Download one file by its name from ``/files`` (``note.pdf``, ``profiles/<slug>.docx`` …)."""
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

    return app
