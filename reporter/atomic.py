"""Atomic output: single files and whole output sets.

``atomic_path``/``write_bytes`` write one file to a temporary file in the target folder, then
``os.replace`` it into place: a reader never sees a half-written file, and a failure leaves the
previous file (or none) behind.

``output_set`` does the same for a set of files that belong together (the note's PDF, DOCX and HTML;
the metric CSVs and their workbook): everything is written into a temporary folder beside the targets,
and only when all of it is written are the previous members moved aside and the new ones moved in
(renames, which need no disk space), rolling back if a rename fails. A full disk, a failed render or a
crash while writing therefore leaves the complete previous set; after the swap the complete new one.

Failures to write are raised as :class:`OutputError` (an ``OSError``) whose ``filename`` is the
output the user asked for (not the temporary name), so the command line can say which path failed.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

# errors that can only come from writing, wherever they are raised while an output is produced
_WRITE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EFBIG}


class OutputError(OSError):
    """Writing an output failed; ``filename`` is the output path, ``strerror`` the cause."""


def output_error(exc: OSError, path: str | Path) -> OutputError:
    """``exc`` as an :class:`OutputError` naming ``path`` (an ``OutputError`` is returned unchanged)."""
    if isinstance(exc, OutputError):
        return exc
    out = OutputError(exc.errno, exc.strerror or str(exc), str(path))
    out.__cause__ = exc
    return out


def make_dir(path: str | Path) -> Path:
    """Create an output folder (and its parents); an existing file there is an :class:`OutputError`."""
    path = Path(path)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:
        raise output_error(OSError(errno.ENOTDIR, "a file of that name is in the way (a folder is needed)"),
                           path) from exc
    except OSError as exc:
        raise output_error(exc, path) from exc
    return path


def write_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` plainly (inside a staging folder); the one place output bytes are written,
    so tests inject faults such as a full disk here."""
    with open(path, "wb") as f:
        f.write(data)


@contextmanager
def _write_errors_name(path: Path) -> Iterator[None]:
    """Raise an error that can only come from writing (a full disk, a read-only file system) as an
    :class:`OutputError` naming ``path``, the output the user asked for; other errors pass unchanged."""
    try:
        yield
    except OSError as exc:
        if exc.errno in _WRITE_ERRNOS:
            raise output_error(exc, path) from exc
        raise


@contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path next to ``target``; on success move it over ``target``, else delete it."""
    target = Path(target)
    make_dir(target.parent)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise output_error(exc, target) from exc
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        with _write_errors_name(target):
            yield tmp_path
        try:
            # mkstemp creates 0600; outputs get the permissions of any new file (0666 minus the umask)
            os.chmod(tmp_path, 0o666 & ~_umask())
            os.replace(tmp_path, target)
        except OSError as exc:
            raise output_error(exc, target) from exc
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_bytes(target: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``target`` atomically."""
    with atomic_path(target) as tmp:
        write_file(tmp, data)
    return Path(target)


@contextmanager
def output_set(out_dir: str | Path, name: str, replaces: Iterable[str] = ()) -> Iterator[Path]:
    """Yield a staging folder beside the outputs in ``out_dir``; write the whole set there.

    On success every entry of the staging folder (files or folders) replaces the entry of that name in
    ``out_dir``, and entries named in ``replaces`` that the new set lacks (e.g. ``note.html`` from an
    earlier run with more formats) are removed, so the folder never holds members of two sets. On
    failure nothing in ``out_dir`` changes. ``name`` prefixes the hidden temporary folders.
    """
    out_dir = make_dir(out_dir)
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{name}.", suffix=".tmp", dir=out_dir))
    except OSError as exc:
        raise output_error(exc, out_dir) from exc
    try:
        with _write_errors_name(out_dir):
            yield staging
        with _folder_lock(out_dir):
            _swap_in(staging, out_dir, name, replaces)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


@contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """An exclusive ``flock`` on the folder itself while a set is swapped in, so that two runs writing into
    one folder at once swap one after the other (each set stays whole); no lock file is left behind."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on POSIX
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _swap_in(staging: Path, out_dir: Path, name: str, replaces: Iterable[str]) -> None:
    """Move the previous members aside, the new ones in; on a failed rename put everything back.

    Another run swapping into the same folder at the same moment may move a member first: a member that
    has vanished is skipped, and one that reappears before ours is moved in is moved aside again."""
    new = sorted(p.name for p in staging.iterdir())
    backup = Path(tempfile.mkdtemp(prefix=f".{name}.", suffix=".old", dir=out_dir))
    moved: list[tuple[str, Path]] = []
    placed: list[str] = []
    current = out_dir

    def move_aside(n: str) -> None:
        if not os.path.lexists(out_dir / n):
            return
        aside = backup / f"{len(moved)}-{n}"
        try:
            os.replace(out_dir / n, aside)
        except FileNotFoundError:  # moved by a concurrent run
            return
        moved.append((n, aside))

    try:
        for n in dict.fromkeys([*new, *replaces]):
            current = out_dir / n
            move_aside(n)
        for n in new:
            current = out_dir / n
            for attempt in range(3):
                try:
                    os.replace(staging / n, out_dir / n)
                    break
                except OSError as exc:  # a folder put there by a concurrent run since: move it aside too
                    if attempt == 2 or exc.errno not in (errno.ENOTEMPTY, errno.EEXIST, errno.EISDIR, errno.ENOTDIR):
                        raise
                    move_aside(n)
            placed.append(n)
    except OSError as exc:
        for n in reversed(placed):
            os.replace(out_dir / n, staging / n)
        restored: set[str] = set()
        for n, aside in moved:  # the first one moved aside under a name is the previous member
            if n not in restored and not os.path.lexists(out_dir / n):
                os.replace(aside, out_dir / n)
            restored.add(n)
        raise output_error(exc, current) from exc
    finally:
        shutil.rmtree(backup, ignore_errors=True)
