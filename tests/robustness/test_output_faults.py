"""Faults on the output side, on real file systems where the machine allows it: a read-only folder, a full
disk (a tiny tmpfs when running as root, otherwise a write budget injected at reporter.atomic.write_file),
``--out`` naming a file. Each gives one line naming the path and the cause, exit 1, and leaves the
previous output set complete (or nothing), never a mixed set or temporary folders."""

from __future__ import annotations

import csv
import errno
import os
import subprocess
import zipfile
from contextlib import contextmanager
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from reporter.cli import app
from robustness.corpus import FIXTURES, FORMULA_TEXTS, copy_fixture, formula_labels

SOF = FIXTURES / "sof"


def _run(*args):
    return CliRunner().invoke(app, [str(a) for a in args], terminal_width=80)


def _error_line(result) -> str:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _mount(target: Path, options: str) -> bool:
    target.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        return False
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(target)], capture_output=True)
    return done.returncode == 0


def _umount(target: Path) -> None:
    subprocess.run(["umount", "-l", str(target)], capture_output=True)


@contextmanager
def tiny_disk(folder: Path, size_kb: int, monkeypatch):
    """``folder`` on a file system with ``size_kb`` KiB: a tmpfs as root, else a budget on written bytes."""
    if _mount(folder, f"size={size_kb}k"):
        try:
            yield "tmpfs"
        finally:
            _umount(folder)
        return
    import reporter.atomic as atomic

    real, used = atomic.write_file, [0]

    def budgeted(path, data):
        used[0] += len(data)
        if used[0] > size_kb * 1024:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(path, data)

    monkeypatch.setattr(atomic, "write_file", budgeted)
    monkeypatch.setattr("reporter.metrics.export.write_file", budgeted)
    yield "budget"


@contextmanager
def read_only(folder: Path):
    """``folder`` read-only: a read-only tmpfs as root (root ignores permissions), else mode 0555."""
    if os.geteuid() == 0:
        if not _mount(folder, "ro,size=64k"):
            pytest.skip("cannot mount a tmpfs here; tests/test_cli_errors.py simulates the read-only folder")
        try:
            yield
        finally:
            _umount(folder)
        return
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o555)
    try:
        yield
    finally:
        folder.chmod(0o755)


# --- metrics -------------------------------------------------------------------------------------------


def test_metrics_into_a_read_only_folder(tmp_path):
    out = tmp_path / "ro"
    with read_only(out):
        line = _error_line(_run("metrics", SOF, "--out", out))
        assert line.startswith(f"error: cannot write {out}: ")
        assert line.split(": ", 2)[2].startswith(("the file system is read-only", "permission denied"))
        assert list(out.iterdir()) == []


def test_metrics_with_out_naming_a_file(tmp_path):
    out = tmp_path / "metrics.txt"
    out.write_text("keep me")
    line = _error_line(_run("metrics", SOF, "--out", out))
    assert line.startswith(f"error: cannot write {out}: a file of that name is in the way")
    assert out.read_text() == "keep me"


def test_a_full_disk_during_metrics_keeps_the_previous_set(tmp_path, monkeypatch):
    disk = tmp_path / "disk"
    with tiny_disk(disk, 1100, monkeypatch):  # one set of sof's metrics (~710 KB) fits, two do not
        out = disk / "out"
        assert _run("metrics", SOF, "--out", out).exit_code == 0
        before = _snapshot(out)
        assert "metrics.xlsx" in before and len(before) > 10
        line = _error_line(_run("metrics", SOF, "--out", out))
        assert line.startswith(f"error: cannot write {out}: the disk is full")
        assert _snapshot(out) == before
        assert sorted(p.name for p in out.iterdir()) == ["metrics", "metrics.xlsx"]  # no staging folder left


def test_formula_like_labels_reach_the_exports_only_as_text(tmp_path):
    project = copy_fixture("stv", tmp_path)
    formula_labels(project)
    out = tmp_path / "out"
    result = _run("metrics", project, "--out", out)
    assert result.exit_code == 0, result.output
    seen_csv: set[str] = set()
    for path in (out / "metrics").glob("*.csv"):
        with open(path, encoding="utf-8", newline="") as f:
            for row in csv.reader(f):
                for cell in row:
                    assert not cell.startswith(("=", "+", "@", "\t", "\r")) and not (
                        cell.startswith("-") and not _is_number(cell)), (path.name, cell)
                    seen_csv.update(t for t in FORMULA_TEXTS if cell.startswith("'" + t))
    assert seen_csv == set(FORMULA_TEXTS)  # every dangerous label was exported, quoted
    with zipfile.ZipFile(out / "metrics.xlsx") as z:
        sheets = [z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
    assert not any("<f>" in s or "<f " in s for s in sheets)  # not one formula cell
    book = openpyxl.load_workbook(out / "metrics.xlsx")
    texts = {c.value for ws in book.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert all(any(v.startswith(t) for v in texts) for t in FORMULA_TEXTS)  # kept as typed, in text cells


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


# --- note and profiles ---------------------------------------------------------------------------------


def test_a_full_disk_during_the_note_keeps_the_previous_note(tmp_path, monkeypatch):
    disk = tmp_path / "disk"
    with tiny_disk(disk, 720, monkeypatch):   # one HTML note of sof (~470 KB, fonts inline) fits, two do not
        out = disk / "out"
        args = ("note", SOF, "--out", out, "--formats", "html", "--workers", "1")
        assert _run(*args).exit_code == 0
        before = _snapshot(out)
        assert list(before) == ["note.html"]
        line = _error_line(_run(*args))
        assert line.startswith(f"error: cannot write {out}") and "the disk is full" in line
        assert _snapshot(out) == before
        assert [p.name for p in out.iterdir()] == ["note.html"]


def test_the_note_into_a_read_only_folder(tmp_path):
    out = tmp_path / "ro"
    with read_only(out):
        line = _error_line(_run("note", SOF, "--out", out, "--formats", "html", "--workers", "1"))
        assert line.startswith(f"error: cannot write {out}")


def test_profiles_with_out_naming_a_file(tmp_path):
    out = tmp_path / "out"
    out.write_text("keep me")
    line = _error_line(_run("profiles", SOF, "--out", out, "--only", "Faxe", "--formats", "html"))
    assert line.startswith(f"error: cannot write {out / 'profiles'}: ")
    assert out.read_text() == "keep me"
