"""Read a project's CSV files in a background thread while the command is still importing its modules.

Arrow parses a CSV file without holding the GIL, so the parse of the survey files runs beside the imports of
pandas, pydantic and the metrics (≈ 0,2 s of ``reporter metrics`` on the 98-municipality project). The
thread looks at ``project.yaml`` only for file names (``data.files`` and the ``file`` of each ``coded``
question; nothing is validated here) and parses each CSV file with
:func:`reporter.data.readers.read_csv_arrow`. The loader asks for a file through :func:`take`: it gets the
parse of that file as it is now (same resolved path, size and modification time) or ``None``, and then
reads the file itself — also when the prefetch failed, so every problem is still reported by the loader,
with the file's name as the project writes it. Each parse is handed out once.

This module imports only the standard library: :func:`start` is called before the heavy imports.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from pathlib import Path

CSV_SUFFIXES = (".csv", ".txt", ".tsv")
_LISTED = threading.Event()   # set once the thread has registered the files it reads (or given up)
_STARTED = False
_FILES: dict[tuple, Future] = {}
_LOCK = threading.Lock()


def _key(path: Path) -> tuple | None:
    try:
        stat = path.stat()
        return str(path.resolve()), stat.st_size, stat.st_mtime_ns
    except OSError:
        return None


def project_csv_files(project_dir: Path) -> list[Path]:
    """The CSV files ``project.yaml`` names (data files, coded-answer files), in order; [] when it cannot
    be read as such (the loader reports why)."""
    import yaml

    try:
        with (project_dir / "project.yaml").open(encoding="utf-8") as fh:
            config = yaml.safe_load(fh)
    except (OSError, UnicodeError, yaml.YAMLError):
        return []
    if not isinstance(config, dict):
        return []
    data = config.get("data")
    names = list(data.get("files") or []) if isinstance(data, dict) and isinstance(data.get("files"), list) else []
    coded = config.get("coded")
    if isinstance(coded, list):
        names += [q.get("file") for q in coded if isinstance(q, dict)]
    paths = [project_dir / n for n in dict.fromkeys(n for n in names if isinstance(n, str) and n)]
    return [p for p in paths if p.suffix.lower() in CSV_SUFFIXES and p.is_file()]


def start(project_dir: Path) -> None:
    """Start parsing the project's CSV files in a daemon thread (once per process)."""
    global _STARTED
    with _LOCK:
        if _STARTED:
            return
        _STARTED = True
    threading.Thread(target=_read_all, args=(Path(project_dir),), name="reporter-prefetch", daemon=True).start()


def _read_all(project_dir: Path) -> None:
    pending: list[tuple[Path, Future]] = []
    try:
        for path in project_csv_files(project_dir):
            key = _key(path)
            if key is not None and key not in _FILES:
                _FILES[key] = future = Future()
                pending.append((path, future))
    finally:
        _LISTED.set()
    for path, future in pending:
        try:
            from reporter.data.readers import read_csv_arrow

            future.set_result(read_csv_arrow(path))
        except BaseException as exc:  # noqa: BLE001 - the loader reads the file again and reports it
            future.set_exception(exc)


def take(path: Path):
    """The prefetched ``read_csv_arrow(path)`` of this file as it is now, once; else None."""
    if not _STARTED:
        return None
    _LISTED.wait()
    key = _key(Path(path))
    future = _FILES.pop(key, None) if key is not None else None
    if future is None or future.exception() is not None:
        return None
    return future.result()
