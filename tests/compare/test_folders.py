"""Comparing output folders: files matched by relative path, missing and extra files reported."""

from __future__ import annotations

import pytest

from compare_samples import table_docx
from reporter.compare import compare_paths
from reporter.compare.files import CompareInputError
from reporter.compare.folders import compare_folders, documents


def _tree(root, files: dict[str, bytes]):
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


def test_documents_lists_pdf_and_docx_by_relative_path(tmp_path):
    _tree(tmp_path, {"note.pdf": b"", "profiles/a.docx": b"", "profiles/index.csv": b"", ".hidden/x.pdf": b""})
    assert documents(tmp_path) == ["note.pdf", "profiles/a.docx"]


def test_missing_extra_and_changed_files(tmp_path):
    a = _tree(tmp_path / "a", {"note.docx": table_docx(), "profiles/x.docx": table_docx(), "old.pdf": b"%PDF"})
    b = _tree(tmp_path / "b", {"note.docx": table_docx(text="Ændret."), "profiles/x.docx": table_docx(),
                               "new.pdf": b"%PDF", "profiles/index.csv": b"ignored"})
    found = compare_folders(a, b)
    assert [(d.file, d.kind) for d in found] == [("old.pdf", "missing"), ("new.pdf", "extra"), ("note.docx", "text")]
    assert found[0].message == "old.pdf: file missing" and found[1].message == "new.pdf: file added"


def test_equal_folders(tmp_path):
    files = {"note.docx": table_docx(), "profiles/x.docx": table_docx(text="Anden.")}
    assert compare_paths(_tree(tmp_path / "a", files), _tree(tmp_path / "b", files)) == []


def test_bad_input(tmp_path):
    (tmp_path / "empty1").mkdir()
    (tmp_path / "empty2").mkdir()
    (tmp_path / "f.pdf").write_bytes(b"%PDF")
    with pytest.raises(CompareInputError, match="no PDF or DOCX files"):
        compare_paths(tmp_path / "empty1", tmp_path / "empty2")
    with pytest.raises(CompareInputError, match="folder with a file"):
        compare_paths(tmp_path / "empty1", tmp_path / "f.pdf")
    with pytest.raises(CompareInputError, match="no such file or folder"):
        compare_paths(tmp_path / "nope", tmp_path / "f.pdf")
    with pytest.raises(CompareInputError, match="tolerance"):
        compare_paths(tmp_path / "f.pdf", tmp_path / "f.pdf", tolerance=2)
