import pytest

from reporter.atomic import atomic_path, write_bytes


def test_write_bytes_replaces_target(tmp_path):
    target = tmp_path / "sub" / "a.bin"
    write_bytes(target, b"one")
    write_bytes(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in target.parent.iterdir()] == ["a.bin"]


def test_failure_leaves_previous_file_and_no_temp(tmp_path):
    target = tmp_path / "a.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError):
        with atomic_path(target) as tmp:
            tmp.write_text("half")
            raise RuntimeError("boom")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_written_files_get_ordinary_permissions(tmp_path):
    import os
    import stat

    from reporter.atomic import write_bytes

    old = os.umask(0o022)
    try:
        path = write_bytes(tmp_path / "note.pdf", b"%PDF-")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
