"""SQLite state of the service (stdlib ``sqlite3``): tokens (hashed, expiring), browser sessions, projects,
uploads, render jobs (with a lease) and outputs.

One database file under the data directory (mode 0600, the directory 0700), WAL mode so render worker
processes and the web server can write at the same time. Every call opens its own short-lived connection,
so the store is safe to use from threads and processes alike.

A running job holds a *lease*: a random id, the pid of the process rendering it and a heartbeat that the
worker renews. Only the lease holder may finish the job, so a worker left over from a killed server can
never publish over a rerun; a job whose heartbeat stopped is taken back (re-queued, up to a number of
attempts) by the next server.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
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
TOKEN_DAYS = 90
SESSION_HOURS = 8

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
CREATE TABLE IF NOT EXISTS sessions (
    hash TEXT PRIMARY KEY,
    token INTEGER NOT NULL,
    csrf TEXT NOT NULL,
    created TEXT NOT NULL,
    expires TEXT NOT NULL
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
CREATE TABLE IF NOT EXISTS uploads (
    id TEXT PRIMARY KEY,
    project TEXT NOT NULL,
    owner TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    created TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS uploads_owner ON uploads (owner, created);
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
# columns added after the first release (an older database gets them on open)
MIGRATIONS = {
    "tokens": {"expires": "TEXT"},
    "jobs": {"lease": "TEXT", "owner_pid": "INTEGER", "heartbeat": "REAL", "attempts": "INTEGER NOT NULL DEFAULT 0"},
}
JOB_PUBLIC = ("id", "project", "kind", "status", "params", "error", "files", "created", "started", "finished")


def now() -> str:
    """The current UTC time as ISO 8601 text."""
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds")


def later(**delta: float) -> str:
    return (dt.datetime.now(dt.timezone.utc) + dt.timedelta(**delta)).isoformat(timespec="milliseconds")


def hash_token(token: str) -> str:
    """SHA-256 of a token (tokens are 256-bit random, so a plain hash is enough to store them)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def pid_alive(pid: int | None) -> bool:
    """Whether a process with this pid exists (and is not a zombie) on this machine."""
    if not pid:
        return False
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except (FileNotFoundError, IndexError, ProcessLookupError):
        return False
    except OSError:  # pragma: no cover - no /proc: fall back to a signal 0
        try:
            os.kill(pid, 0)
            return True
        except OSError:
            return False


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
        self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(self.data_dir, 0o700)
        self.path = self.data_dir / DB_FILE
        if not self.path.exists():
            os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(SCHEMA)
            for table, columns in MIGRATIONS.items():
                have = {r["name"] for r in db.execute(f"PRAGMA table_info({table})")}
                for column, kind in columns.items():
                    if column not in have:
                        db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
        for suffix in ("", "-wal", "-shm"):
            try:
                os.chmod(f"{self.path}{suffix}", 0o600)
            except FileNotFoundError:   # no WAL now, or the last connection of another thread just removed it
                pass

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
                     municipality: str | None = None, days: float = TOKEN_DAYS) -> str:
        """Store a new token's hash and return the token (shown once, never stored in clear).

        The token expires after ``days`` (default 90).
        """
        if consultant:
            kind, project, municipality = "consultant", None, None
        elif project and municipality:
            kind = "municipality"
        else:
            raise ValueError("a token needs --consultant NAME, or --project P and --municipality M")
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        with self.transaction() as db:
            db.execute("INSERT INTO tokens (hash, kind, consultant, project, municipality, created, expires) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?)", (hash_token(token), kind, consultant, project, municipality,
                                                        now(), later(days=days)))
        return token

    def token(self, token: str) -> TokenRow | None:
        """The scope of a token, or None when it is unknown, revoked or expired."""
        row = self._one("SELECT id, kind, consultant, project, municipality FROM tokens "
                        "WHERE hash = ? AND revoked = 0 AND (expires IS NULL OR expires > ?)",
                        (hash_token(token), now()))
        return TokenRow(**dict(row)) if row else None

    def token_by_id(self, token_id: int) -> TokenRow | None:
        row = self._one("SELECT id, kind, consultant, project, municipality FROM tokens "
                        "WHERE id = ? AND revoked = 0 AND (expires IS NULL OR expires > ?)", (token_id, now()))
        return TokenRow(**dict(row)) if row else None

    def list_tokens(self, *, project: str | None = None) -> list[dict[str, Any]]:
        sql = "SELECT id, kind, consultant, project, municipality, created, expires, revoked FROM tokens"
        if project is None:
            return [dict(r) for r in self._all(sql + " ORDER BY id")]
        return [dict(r) for r in self._all(sql + " WHERE project = ? ORDER BY id", (project,))]

    def revoke_token(self, token_id: int) -> bool:
        with self.transaction() as db:
            db.execute("DELETE FROM sessions WHERE token = ?", (token_id,))
            return db.execute("UPDATE tokens SET revoked = 1 WHERE id = ?", (token_id,)).rowcount == 1

    def rotate_token(self, token_id: int, days: float = TOKEN_DAYS) -> str | None:
        """A new token with the scope of ``token_id``, which is revoked; None if that token is not active."""
        row = self.token_by_id(token_id)
        if row is None:
            return None
        token = self.create_token(consultant=row.consultant, project=row.project, municipality=row.municipality,
                                  days=days)
        self.revoke_token(token_id)
        return token

    # --- browser sessions ------------------------------------------------------------------------

    def create_session(self, token_id: int, hours: float = SESSION_HOURS) -> tuple[str, str]:
        """A new browser session for a token: ``(session id, csrf secret)``; only the id's hash is stored."""
        session, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
        with self.transaction() as db:
            db.execute("DELETE FROM sessions WHERE expires <= ?", (now(),))
            db.execute("INSERT INTO sessions (hash, token, csrf, created, expires) VALUES (?, ?, ?, ?, ?)",
                       (hash_token(session), token_id, csrf, now(), later(hours=hours)))
        return session, csrf

    def session(self, session: str) -> tuple[TokenRow, str] | None:
        """``(token scope, csrf secret)`` of a live session, or None (unknown, expired, token revoked/expired)."""
        row = self._one("SELECT token, csrf FROM sessions WHERE hash = ? AND expires > ?",
                        (hash_token(session), now()))
        if row is None:
            return None
        token = self.token_by_id(row["token"])
        return (token, row["csrf"]) if token else None

    def end_session(self, session: str) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM sessions WHERE hash = ?", (hash_token(session),))

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

    def owner_of(self, project_id: str) -> str | None:
        row = self._one("SELECT owner FROM projects WHERE id = ?", (project_id,))
        return row["owner"] if row else None

    def claim_project(self, project_id: str, owner: str) -> bool:
        """Create the project for ``owner`` if it is new; False if another consultant owns it."""
        with self.transaction() as db:
            return self._claim(db, project_id, owner)

    @staticmethod
    def _claim(db: sqlite3.Connection, project_id: str, owner: str) -> bool:
        row = db.execute("SELECT owner FROM projects WHERE id = ?", (project_id,)).fetchone()
        if row is None:
            stamp = now()
            db.execute("INSERT INTO projects (id, owner, created, updated) VALUES (?, ?, ?, ?)",
                       (project_id, owner, stamp, stamp))
            return True
        return row["owner"] == owner

    def set_upload(self, project_id: str, upload: str, name: str, municipalities: list[str], *,
                   owner: str | None = None, size: int = 0) -> bool:
        """Point the project at a newly validated upload (claiming the id for ``owner`` if it is new).

        False (nothing changed) when another consultant owns the id.
        """
        with self.transaction() as db:
            if owner is not None:
                if not self._claim(db, project_id, owner):
                    return False
            else:
                owner = db.execute("SELECT owner FROM projects WHERE id = ?", (project_id,)).fetchone()["owner"]
            db.execute("UPDATE projects SET upload = ?, name = ?, municipalities = ?, updated = ? WHERE id = ?",
                       (upload, name, json.dumps(municipalities, ensure_ascii=False), now(), project_id))
            db.execute("INSERT OR REPLACE INTO uploads (id, project, owner, bytes, created) VALUES (?, ?, ?, ?, ?)",
                       (upload, project_id, owner, size, now()))
        return True

    def uploads_since(self, owner: str, since: str) -> int:
        row = self._one("SELECT COUNT(*) AS n FROM uploads WHERE owner = ? AND created > ?", (owner, since))
        return int(row["n"])

    def uploads_of(self, project_id: str) -> list[dict[str, Any]]:
        """The project's uploads, newest first."""
        return [dict(r) for r in self._all("SELECT * FROM uploads WHERE project = ? ORDER BY created DESC, rowid DESC",
                                           (project_id,))]

    def forget_upload(self, upload: str) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM uploads WHERE id = ?", (upload,))

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

    def count_unfinished(self, owner: str | None = None) -> int:
        if owner is None:
            row = self._one("SELECT COUNT(*) AS n FROM jobs WHERE status IN ('queued', 'running')")
        else:
            row = self._one("SELECT COUNT(*) AS n FROM jobs JOIN projects ON projects.id = jobs.project "
                            "WHERE status IN ('queued', 'running') AND projects.owner = ?", (owner,))
        return int(row["n"])

    def start_job(self, job_id: str) -> None:
        """Mark a job running without a lease (tests and tools: as if a server died while rendering it)."""
        with self.transaction() as db:
            db.execute("UPDATE jobs SET status = 'running', started = ? WHERE id = ?", (now(), job_id))

    def claim_next_job(self, pid: int) -> tuple[str, str] | None:
        """Lease the next queued job (fair: the owner with the fewest running jobs first): ``(job id, lease)``."""
        lease = secrets.token_hex(8)
        with self.transaction() as db:
            row = db.execute(
                "SELECT j.id FROM jobs j JOIN projects p ON p.id = j.project WHERE j.status = 'queued' "
                "ORDER BY (SELECT COUNT(*) FROM jobs r JOIN projects q ON q.id = r.project "
                "          WHERE r.status = 'running' AND q.owner = p.owner), j.created LIMIT 1").fetchone()
            if row is None:
                return None
            db.execute("UPDATE jobs SET status = 'running', started = ?, lease = ?, owner_pid = ?, heartbeat = ?, "
                       "attempts = attempts + 1 WHERE id = ?", (now(), lease, pid, _clock(), row["id"]))
        return row["id"], lease

    def heartbeat(self, job_id: str, lease: str, pid: int | None = None) -> bool:
        """Renew a lease (and record the rendering process); False when the lease was taken away."""
        with self.transaction() as db:
            if pid is None:
                cursor = db.execute("UPDATE jobs SET heartbeat = ? WHERE id = ? AND lease = ? AND status = 'running'",
                                    (_clock(), job_id, lease))
            else:
                cursor = db.execute("UPDATE jobs SET heartbeat = ?, owner_pid = ? WHERE id = ? AND lease = ? "
                                    "AND status = 'running'", (_clock(), pid, job_id, lease))
            return cursor.rowcount == 1

    def running_jobs(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self._all("SELECT id, lease, owner_pid, heartbeat, attempts FROM jobs "
                                           "WHERE status = 'running'")]

    def release_job(self, job_id: str, lease: str | None, *, max_attempts: int, reason: str,
                    refund: bool = False) -> str | None:
        """Take a running job back from ``lease`` (None: any or no lease): queued again while it has attempts
        left, else failed with ``reason``. ``refund`` gives the attempt back (a clean stop). The new status."""
        with self.transaction() as db:
            row = db.execute("SELECT attempts, lease FROM jobs WHERE id = ? AND status = 'running'",
                             (job_id,)).fetchone()
            if row is None or (lease is not None and row["lease"] != lease):
                return None
            attempts = row["attempts"] - (1 if refund else 0)
            if attempts < max_attempts:
                db.execute("UPDATE jobs SET status = 'queued', lease = NULL, owner_pid = NULL, heartbeat = NULL, "
                           "attempts = ?, started = NULL WHERE id = ?", (max(attempts, 0), job_id))
                return "queued"
            db.execute("UPDATE jobs SET status = 'failed', error = ?, finished = ?, lease = NULL WHERE id = ?",
                       (f"{reason} (after {attempts} attempts)", now(), job_id))
            return "failed"

    def finish_job(self, job_id: str, *, error: str | None, files: list[str],
                   outputs: list[tuple[str, str | None, str, int]], lease: str | None = None) -> bool:
        """Mark a job done (or failed with ``error``) and publish its outputs ``(name, municipality, path, size)``.

        With ``lease``, only while that lease holds (False otherwise: the job was taken back). Outputs are
        published only when the job was built from the project's current upload.
        """
        with self.transaction() as db:
            row = db.execute("SELECT j.project, j.upload, j.lease, j.status, p.upload AS current FROM jobs j "
                             "LEFT JOIN projects p ON p.id = j.project WHERE j.id = ?", (job_id,)).fetchone()
            if row is None or (lease is not None and (row["lease"] != lease or row["status"] != "running")):
                return False
            stamp = now()
            if row["upload"] == row["current"]:
                for name, municipality, path, size in outputs:
                    db.execute("INSERT INTO outputs (project, name, municipality, path, job, size, updated) "
                               "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (project, name) DO UPDATE SET "
                               "municipality = excluded.municipality, path = excluded.path, job = excluded.job, "
                               "size = excluded.size, updated = excluded.updated",
                               (row["project"], name, municipality, path, job_id, size, stamp))
            db.execute("UPDATE jobs SET status = ?, error = ?, files = ?, finished = ?, lease = NULL WHERE id = ?",
                       ("failed" if error else "done", error, json.dumps(files), stamp, job_id))
        return True

    def fail_job_if_unfinished(self, job_id: str, error: str, lease: str | None = None) -> bool:
        with self.transaction() as db:
            if lease is None:
                cursor = db.execute("UPDATE jobs SET status = 'failed', error = ?, finished = ?, lease = NULL "
                                    "WHERE id = ? AND status IN ('queued', 'running')", (error, now(), job_id))
            else:
                cursor = db.execute("UPDATE jobs SET status = 'failed', error = ?, finished = ?, lease = NULL "
                                    "WHERE id = ? AND status = 'running' AND lease = ?", (error, now(), job_id, lease))
            return cursor.rowcount == 1

    def finished_jobs_beyond(self, project_id: str, keep: int) -> list[dict[str, Any]]:
        """Finished jobs of a project other than its newest ``keep`` (oldest first)."""
        rows = self._all("SELECT * FROM jobs WHERE project = ? AND status IN ('done', 'failed') "
                         "ORDER BY created DESC LIMIT -1 OFFSET ?", (project_id, keep))
        return [_job(r) for r in rows]

    def delete_jobs(self, job_ids: list[str]) -> None:
        with self.transaction() as db:
            db.executemany("DELETE FROM jobs WHERE id = ?", [(j,) for j in job_ids])

    def upload_in_use(self, upload: str) -> bool:
        row = self._one("SELECT 1 FROM jobs WHERE upload = ? AND status IN ('queued', 'running') "
                        "UNION SELECT 1 FROM projects WHERE upload = ?", (upload, upload))
        return row is not None

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

    def drop_stale_outputs(self, project_id: str) -> int:
        """Unpublish outputs built from an upload other than the project's current one; how many."""
        with self.transaction() as db:
            return db.execute("DELETE FROM outputs WHERE project = ? AND job IN (SELECT j.id FROM jobs j "
                              "JOIN projects p ON p.id = j.project WHERE j.project = ? AND j.upload != p.upload) "
                              "OR (project = ? AND job NOT IN (SELECT id FROM jobs))",
                              (project_id, project_id, project_id)).rowcount

    def referenced_jobs(self, project_id: str) -> set[str]:
        return {r["job"] for r in self._all("SELECT DISTINCT job FROM outputs WHERE project = ?", (project_id,))}

    def project_ids(self) -> list[str]:
        return [r["id"] for r in self._all("SELECT id FROM projects ORDER BY id")]


def _clock() -> float:
    """Wall-clock seconds for heartbeats (comparable between processes)."""
    import time

    return time.time()


def _job(row: sqlite3.Row) -> dict[str, Any]:
    out = {k: row[k] for k in row.keys()}
    out["params"] = json.loads(out["params"])
    out["files"] = json.loads(out["files"])
    return out
