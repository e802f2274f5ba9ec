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


# --- output sets (issue 20) ------------------------------------------------------------------------------


def _write_set(out, tag: bytes):
    from reporter.atomic import output_set, write_file

    with output_set(out, "demo", replaces=("c.txt",)) as staging:
        (staging / "tables").mkdir()
        write_file(staging / "tables" / "a.csv", tag)
        write_file(staging / "b.xlsx", tag)


def test_an_output_set_replaces_all_members_and_removes_listed_stale_ones(tmp_path):
    _write_set(tmp_path, b"one")
    (tmp_path / "c.txt").write_bytes(b"stale member")
    (tmp_path / "other.pdf").write_bytes(b"not ours")
    _write_set(tmp_path, b"two")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.xlsx", "other.pdf", "tables"]
    assert (tmp_path / "tables" / "a.csv").read_bytes() == (tmp_path / "b.xlsx").read_bytes() == b"two"


def test_a_failure_while_staging_changes_nothing(tmp_path):
    from reporter.atomic import output_set

    _write_set(tmp_path, b"one")
    with pytest.raises(RuntimeError):
        with output_set(tmp_path, "demo") as staging:
            (staging / "b.xlsx").write_bytes(b"half")
            raise RuntimeError("render failed")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.xlsx", "tables"]
    assert (tmp_path / "b.xlsx").read_bytes() == b"one"


def test_concurrent_sets_into_one_folder_leave_one_complete_set(tmp_path):
    import threading

    errors = []

    def run(tag):
        try:
            for i in range(15):
                _write_set(tmp_path, tag + str(i).encode())
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(t,)) for t in (b"x", b"y")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.xlsx", "tables"]
    final = (tmp_path / "tables" / "a.csv").read_bytes()
    assert final in (b"x14", b"y14")
    assert (tmp_path / "b.xlsx").read_bytes() == final  # both members from the same run
    assert [p.name for p in (tmp_path / "tables").iterdir()] == ["a.csv"]
