"""Bearer tokens and what they may see.

A *consultant* token sees every resource of the projects its consultant owns (and may upload and render).
A *municipality* token sees one project's profile of one municipality — its files, its page — and nothing
else: not the note, not another municipality, not the job list. Checks are made on names from the
database, never on paths built from the request.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from reporter.service.store import Store

bearer = HTTPBearer(auto_error=False, description="A token from `reporter token create`.")
COOKIE = "reporter_session"
SAFE_METHODS = ("GET", "HEAD")


@dataclass(frozen=True)
class Principal:
    """Who is calling: a consultant (by name) or one municipality of one project."""

    kind: str
    consultant: str | None = None
    project: str | None = None
    municipality: str | None = None
    token_id: int | None = None

    @property
    def is_consultant(self) -> bool:
        return self.kind == "consultant"


def unauthorized(message: str) -> HTTPException:
    return HTTPException(status_code=401, detail=message, headers={"WWW-Authenticate": "Bearer"})


def forbidden(message: str = "this token does not give access to this resource") -> HTTPException:
    return HTTPException(status_code=403, detail=message)


def bearer_token(request: Request) -> str | None:
    """The token of an ``Authorization: Bearer`` header, if there is one."""
    header = request.headers.get("authorization") or ""
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return value.strip() or None


def _principal(row) -> Principal:
    return Principal(kind=row.kind, consultant=row.consultant, project=row.project, municipality=row.municipality,
                     token_id=row.id)


def principal(request: Request, credentials: HTTPAuthorizationCredentials | None = Depends(bearer)) -> Principal:
    """FastAPI dependency: the caller of a request, or 401.

    The token comes from ``Authorization: Bearer``; browsers (which cannot add that header to links and
    downloads) may carry a session id instead, in the HttpOnly, SameSite=Strict cookie set by ``POST /session``
    (the session lives in the database and points at the token). On the API the cookie is good for reading
    (GET/HEAD) only, so a cookie can never upload or start renders there; the consultant pages check a CSRF
    token on every form they accept.
    """
    store: Store = request.app.state.store
    token = None
    if credentials is not None and credentials.scheme.lower() == "bearer" and credentials.credentials:
        token = credentials.credentials
    elif request.headers.get("authorization") is None and request.method in SAFE_METHODS:
        session = request.cookies.get(COOKIE)
        if session:
            found = store.session(session)
            if found is None:
                raise unauthorized("the browser session has ended; sign in again")
            return _principal(found[0])
    if token is None:
        raise unauthorized("missing bearer token (header 'Authorization: Bearer <token>')")
    row = store.token(token)
    if row is None:
        raise unauthorized("unknown, revoked or expired token")
    return _principal(row)


def project_for(store: Store, who: Principal, project_id: str) -> dict[str, Any]:
    """The project if ``who`` may see at least part of it.

    A consultant gets the same 404 for another consultant's project as for one that does not exist (an
    answer never tells whether an id is taken); a municipality token gets 403 outside its own project.
    """
    if who.is_consultant:
        project = store.project(project_id)
        if project is None or project["owner"] != who.consultant:
            raise HTTPException(status_code=404, detail=f"no project {project_id!r}")
        return project
    if who.project != project_id:
        raise forbidden()
    project = store.project(project_id)
    if project is None:  # pragma: no cover - a municipality token is only made for an existing project
        raise forbidden()
    if who.municipality not in project.get("municipalities", ()):
        # the project was uploaded again without this municipality: its old files are not its to see any more
        raise forbidden("this municipality is no longer part of the project")
    return project


def require_consultant(who: Principal) -> None:
    """403 unless the caller is a consultant (municipalities only see their own profile)."""
    if not who.is_consultant:
        raise forbidden("a municipality token only gives access to its own profile")


def may_see_municipality(who: Principal, municipality: str | None) -> bool:
    """Whether ``who`` may see an output/page of ``municipality`` (None = the whole-project note)."""
    if who.is_consultant:
        return True
    return municipality is not None and municipality == who.municipality
