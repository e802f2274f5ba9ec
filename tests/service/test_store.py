"""The service database: opening it while other threads and processes use it."""

from __future__ import annotations

import os
import sqlite3

import reporter.service.store as store_module
from reporter.service.store import DB_FILE, Store


def test_a_store_opens_while_another_connection_removes_the_write_ahead_log(tmp_path, monkeypatch):
    """Each worker opens a Store; the WAL file it makes private can vanish between a look and the chmod
    (the last connection of another thread closing removes it). Opening must not fail on that."""
    Store(tmp_path)
    keep = sqlite3.connect(tmp_path / DB_FILE)      # an open reader keeps the WAL file on disk
    keep.execute("SELECT count(*) FROM jobs").fetchall()
    assert (tmp_path / f"{DB_FILE}-wal").exists()
    real_chmod = os.chmod

    def removed_meanwhile(path, mode, *args, **kwargs):
        if str(path).endswith("-wal"):
            raise FileNotFoundError(2, "No such file or directory", str(path))
        return real_chmod(path, mode, *args, **kwargs)

    monkeypatch.setattr(store_module.os, "chmod", removed_meanwhile)
    try:
        store = Store(tmp_path)
        assert store.create_token(consultant="anna")
    finally:
        keep.close()
    assert oct((tmp_path / DB_FILE).stat().st_mode & 0o777) == "0o600"
