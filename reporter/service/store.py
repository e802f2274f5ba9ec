"""SQLite state of the service (stdlib ``sqlite3``): tokens (hashed), projects, render jobs and outputs.

One database file under the data directory, WAL mode so render worker processes and the web server can
write at the same time. Every call opens its own short-lived connection, so the store is safe to use
from threads and processes alike.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DB_FILE = "service.sqlite3"
TOKEN_PREFIX = "rpt_"
TERMINAL = ("done", "failed")

SCHEMA = """
CREATE TABLE IF NOT EXISTS tokens (
    id INTEGER PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('consultant', 'municipality')),
    consultant TEXT,
    project TEXT,
    municipality TEXT,
    created TEXT NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS projects (
    id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    upload TEXT,
    name TEXT,
    municipalities TEXT NOT NULL DEFAULT '[]',
    created TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    project TEXT NOT NULL,
    upload TEXT NOT NULL,
    kind TEXT NOT NULL,
    params TEXT NOT NULL,
    status TEXT NOT NULL,
    error TEXT,
    files TEXT NOT NULL DEFAULT '[]',
    created TEXT NOT NULL,
    started TEXT,
    finished TEXT
);
CREATE INDEX IF NOT EXISTS jobs_project ON jobs (project, created);
CREATE TABLE IF NOT EXISTS outputs (
    project TEXT NOT NULL,
    name TEXT NOT NULL,
    municipality TEXT,
    path TEXT NOT NULL,
    job TEXT NOT NULL,
    size INTEGER NOT NULL,
    updated TEXT NOT NULL,
    PRIMARY KEY (project, name)
);
"""


def now() -> str:
    """The current UTC time as ISO 8601 text."""
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds")


def hash_token(token: str) -> str:
    """SHA-256 of a token (tokens are 256-bit random, so a plain hash is enough to store them)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class TokenRow:
    """A stored token's scope (never the token itself)."""

    id: int
    kind: str
    consultant: str | None
    project: str | None
    municipality: str | None


class Store:
    """The service database at ``data_dir/service.sqlite3``."""

    def __init__(self, data_dir: str | Path):
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.path = self.data_dir / DB_FILE
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA busy_timeout=30000")
        try:
            yield db
        finally:
            db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction (``BEGIN IMMEDIATE``), committed on success and rolled back on error."""
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def _one(self, sql: str, args: tuple = ()) -> sqlite3.Row | None:
        with self._connect() as db:
            return db.execute(sql, args).fetchone()

    def _all(self, sql: str, args: tuple = ()) -> list[sqlite3.Row]:
        with self._connect() as db:
            return db.execute(sql, args).fetchall()

    # --- tokens ----------------------------------------------------------------------------------

    def create_token(self, *, consultant: str | None = None, project: str | None = None,
                     municipality: str | None = None) -> str:
        """Store a new token's hash and return the token (shown once, never stored in clear)."""
        if consultant:
            kind, project, municipality = "consultant", None, None
        elif project and municipality:
            kind = "municipality"
        else:
            raise ValueError("a token needs --consultant NAME, or --project P and --municipality M")
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        with self.transaction() as db:
            db.execute("INSERT INTO tokens (hash, kind, consultant, project, municipality, created) "
                       "VALUES (?, ?, ?, ?, ?, ?)", (hash_token(token), kind, consultant, project, municipality, now()))
        return token

    def token(self, token: str) -> TokenRow | None:
        """The scope of a token, or None when it is unknown or revoked."""
        row = self._one("SELECT id, kind, consultant, project, municipality FROM tokens "
                        "WHERE hash = ? AND revoked = 0", (hash_token(token),))
        return TokenRow(**dict(row)) if row else None

    def list_tokens(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self._all("SELECT id, kind, consultant, project, municipality, created, revoked "
                                           "FROM tokens ORDER BY id")]

    def revoke_token(self, token_id: int) -> bool:
        with self.transaction() as db:
            return db.execute("UPDATE tokens SET revoked = 1 WHERE id = ?", (token_id,)).rowcount == 1

    # --- projects --------------------------------------------------------------------------------

    def project(self, project_id: str) -> dict[str, Any] | None:
        row = self._one("SELECT * FROM projects WHERE id = ?", (project_id,))
        if row is None:
            return None
        out = dict(row)
        out["municipalities"] = json.loads(out["municipalities"])
        return out

    def projects_of(self, owner: str) -> list[dict[str, Any]]:
        return [self.project(r["id"]) for r in self._all("SELECT id FROM projects WHERE owner = ? ORDER BY id", (owner,))]

    def claim_project(self, project_id: str, owner: str) -> bool:
        """Create the project for ``owner`` if it is new; False if another consultant owns it."""
        with self.transaction() as db:
            row = db.execute("SELECT owner FROM projects WHERE id = ?", (project_id,)).fetchone()
            if row is None:
                stamp = now()
                db.execute("INSERT INTO projects (id, owner, created, updated) VALUES (?, ?, ?, ?)",
                           (project_id, owner, stamp, stamp))
                return True
            return row["owner"] == owner

    def set_upload(self, project_id: str, upload: str, name: str, municipalities: list[str]) -> None:
        """Point the project at a newly validated upload."""
        with self.transaction() as db:
            db.execute("UPDATE projects SET upload = ?, name = ?, municipalities = ?, updated = ? WHERE id = ?",
                       (upload, name, json.dumps(municipalities, ensure_ascii=False), now(), project_id))

    # --- jobs ------------------------------------------------------------------------------------

    def create_job(self, project_id: str, upload: str, kind: str, params: dict[str, Any]) -> str:
        job_id = "j" + secrets.token_hex(8)
        with self.transaction() as db:
            db.execute("INSERT INTO jobs (id, project, upload, kind, params, status, created) "
                       "VALUES (?, ?, ?, ?, ?, 'queued', ?)",
                       (job_id, project_id, upload, kind, json.dumps(params, ensure_ascii=False), now()))
        return job_id

    def job(self, job_id: str) -> dict[str, Any] | None:
        row = self._one("SELECT * FROM jobs WHERE id = ?", (job_id,))
        return _job(row) if row else None

    def jobs_of(self, project_id: str, limit: int = 100) -> list[dict[str, Any]]:
        return [_job(r) for r in self._all("SELECT * FROM jobs WHERE project = ? ORDER BY created DESC LIMIT ?",
                                           (project_id, limit))]

    def unfinished_jobs(self) -> list[str]:
        return [r["id"] for r in self._all("SELECT id FROM jobs WHERE status IN ('queued', 'running') ORDER BY created")]

    def count_unfinished(self) -> int:
        row = self._one("SELECT COUNT(*) AS n FROM jobs WHERE status IN ('queued', 'running')")
        return int(row["n"])

    def start_job(self, job_id: str) -> None:
        with self.transaction() as db:
            db.execute("UPDATE jobs SET status = 'running', started = ? WHERE id = ?", (now(), job_id))

    def finish_job(self, job_id: str, *, error: str | None, files: list[str],
                   outputs: list[tuple[str, str | None, str, int]]) -> None:
        """Mark a job done (or failed with ``error``) and publish its outputs ``(name, municipality, path, size)``."""
        with self.transaction() as db:
            row = db.execute("SELECT project FROM jobs WHERE id = ?", (job_id,)).fetchone()
            stamp = now()
            for name, municipality, path, size in outputs:
                db.execute("INSERT INTO outputs (project, name, municipality, path, job, size, updated) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (project, name) DO UPDATE SET "
                           "municipality = excluded.municipality, path = excluded.path, job = excluded.job, "
                           "size = excluded.size, updated = excluded.updated",
                           (row["project"], name, municipality, path, job_id, size, stamp))
            db.execute("UPDATE jobs SET status = ?, error = ?, files = ?, finished = ? WHERE id = ?",
                       ("failed" if error else "done", error, json.dumps(files), stamp, job_id))

    def fail_job_if_unfinished(self, job_id: str, error: str) -> None:
        with self.transaction() as db:
            db.execute("UPDATE jobs SET status = 'failed', error = ?, finished = ? "
                       "WHERE id = ? AND status IN ('queued', 'running')", (error, now(), job_id))

    # --- outputs ---------------------------------------------------------------------------------

    def outputs(self, project_id: str, municipality: str | None = None) -> list[dict[str, Any]]:
        """Published files of a project; only those of ``municipality`` when given."""
        if municipality is None:
            rows = self._all("SELECT * FROM outputs WHERE project = ? ORDER BY name", (project_id,))
        else:
            rows = self._all("SELECT * FROM outputs WHERE project = ? AND municipality = ? ORDER BY name",
                             (project_id, municipality))
        return [dict(r) for r in rows]

    def output(self, project_id: str, name: str) -> dict[str, Any] | None:
        row = self._one("SELECT * FROM outputs WHERE project = ? AND name = ?", (project_id, name))
        return dict(row) if row else None


def _job(row: sqlite3.Row) -> dict[str, Any]:
    out = dict(row)
    out["params"] = json.loads(out["params"])
    out["files"] = json.loads(out["files"])
    return out
