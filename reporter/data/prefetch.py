"""A project's CSV files split into Arrow tables ahead, in a thread, while the command still imports.

A command that loads a large project spends its first 0,3–0,5 s importing pandas, pydantic and the
configuration models, on one core. pyarrow's CSV reader releases the GIL while it parses, so the survey files
can be read on the second core meanwhile (``reporter metrics`` on the 98-municipality project: 31 MB,
0,15–0,2 s of parsing). :func:`start` takes ``data.files`` and the coded questions' files from project.yaml with a plain YAML parse (only
relative paths without ``..`` to ``.csv``/``.txt``/``.tsv`` files; anything else is left to the loader) and
reads them with :func:`reporter.data.csv_arrow.read_csv_arrow`, the loader's own CSV step.

:func:`take` hands a file's result to :func:`reporter.data.readers.read_csv` when the file has not changed
since the read began (size, modification and change time, inode). Whatever fails ahead is dropped: the loader
then reads the file itself and reports its problems as it always does, so the messages do not depend on this.
:func:`finish` waits for the thread and drops what was not taken; a command calls it before it forks (a
fork copies no thread, but would copy a lock the thread holds).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path, PurePosixPath, PureWindowsPath

CSV_SUFFIXES = (".csv", ".txt", ".tsv")
PROJECT_FILE = "project.yaml"


def _stat_key(path: str) -> tuple:
    st = os.stat(path)
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev


class _ReadAhead:
    """The files of one project being read by one thread, in order; each file's result once it is done."""

    def __init__(self, paths: list[str]):
        self.paths = paths
        self.done = {p: threading.Event() for p in paths}
        self.results: dict[str, tuple[tuple, tuple]] = {}
        self.thread = threading.Thread(target=self._run, name="reporter-read-ahead", daemon=True)

    def _run(self) -> None:
        from reporter.data.csv_arrow import read_csv_arrow

        for path in self.paths:
            try:
                key = _stat_key(path)
                self.results[path] = (key, read_csv_arrow(path, threads=False))
            except BaseException:  # noqa: BLE001 - the loader reads the file again and reports it
                self.results.pop(path, None)
            finally:
                self.done[path].set()


_current: _ReadAhead | None = None
_lock = threading.Lock()


def planned_files(project_dir: Path) -> list[str]:
    """The CSV files ``data.files`` and ``coded[].file`` of ``project_dir``/project.yaml name, as absolute
    paths (only plain relative ones that exist); ``[]`` when ``data.files`` cannot be read."""
    import yaml

    try:
        raw = yaml.safe_load((project_dir / PROJECT_FILE).read_text(encoding="utf-8"))
        files = raw["data"]["files"]
        coded = raw.get("coded") or []
    except Exception:  # noqa: BLE001 - the configuration's own loader reports it
        return []
    paths: list[str] = []
    if not isinstance(files, list):
        return paths
    if isinstance(coded, list):   # the coded questions' files, read by the loader after the survey's
        files = files + [q.get("file") for q in coded if isinstance(q, dict)]
    for name in files:
        if not isinstance(name, str) or not name.strip():
            continue
        if any(p.is_absolute() or p.anchor or ".." in p.parts for p in (PurePosixPath(name), PureWindowsPath(name))):
            continue
        path = project_dir / name
        if path.suffix.lower() in CSV_SUFFIXES and path.is_file():
            resolved = os.path.realpath(path)
            if resolved not in paths:
                paths.append(resolved)
    return paths


def start(project_dir: str | Path) -> None:
    """Begin reading the project's CSV files in a thread (nothing to read: no thread)."""
    global _current
    finish()
    paths = planned_files(Path(project_dir))
    if not paths:
        return
    ahead = _ReadAhead(paths)
    with _lock:
        _current = ahead
    ahead.thread.start()


def take(path: str | Path) -> tuple | None:
    """The :func:`~reporter.data.csv_arrow.read_csv_arrow` result for ``path`` read ahead, once (waiting for
    it if the thread is on it); ``None`` when it was not read ahead, failed, or the file changed since."""
    resolved = os.path.realpath(path)
    with _lock:
        ahead = _current
    if ahead is None or resolved not in ahead.done:
        return None
    ahead.done[resolved].wait()
    with _lock:
        hit = ahead.results.pop(resolved, None)
    if hit is None:
        return None
    key, result = hit
    try:
        unchanged = _stat_key(resolved) == key
    except OSError:
        return None
    return result if unchanged else None


def finish() -> None:
    """Wait for the read-ahead thread, if any, and drop what it read and was not taken."""
    global _current
    with _lock:
        ahead, _current = _current, None
    if ahead is not None:
        ahead.thread.join()
        ahead.results.clear()
