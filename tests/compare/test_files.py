"""Comparing two files: same kind required, identical bytes are equal, unreadable files are bad input."""

from __future__ import annotations

import io
import zipfile

import pytest

from compare_samples import table_docx
from reporter.compare.files import CompareInputError, compare_files


def test_identical_files_are_equal_without_reading_them(tmp_path):
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    a.write_bytes(b"not even a pdf")
    b.write_bytes(b"not even a pdf")
    assert compare_files(a, b) == []


@pytest.mark.parametrize(("name_a", "name_b", "message"), [
    ("a.pdf", "b.docx", "cannot compare a PDF"),
    ("a.txt", "b.txt", "cannot compare .txt"),
])
def test_kinds_must_match_and_be_known(tmp_path, name_a, name_b, message):
    for name in (name_a, name_b):
        (tmp_path / name).write_bytes(b"x")
    with pytest.raises(CompareInputError, match=message):
        compare_files(tmp_path / name_a, tmp_path / name_b)


def test_missing_and_unreadable_files(tmp_path):
    good = tmp_path / "good.docx"
    good.write_bytes(table_docx())
    with pytest.raises(CompareInputError, match="no such file"):
        compare_files(good, tmp_path / "nope.docx")
    (tmp_path / "bad.docx").write_bytes(b"garbage")
    with pytest.raises(CompareInputError, match="not a readable DOCX"):
        compare_files(good, tmp_path / "bad.docx")
    (tmp_path / "a.pdf").write_bytes(b"garbage")
    (tmp_path / "b.pdf").write_bytes(b"rubbish")
    with pytest.raises(CompareInputError, match="not a readable PDF"):
        compare_files(tmp_path / "a.pdf", tmp_path / "b.pdf")


def test_docx_differing_only_outside_the_content_is_still_different(tmp_path):
    data = table_docx()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = body.replace(b"</cp:coreProperties>", b"<dc:title>x</dc:title></cp:coreProperties>")
            dst.writestr(info.filename, body)
    (tmp_path / "a.docx").write_bytes(data)
    (tmp_path / "b.docx").write_bytes(out.getvalue())
    (d,) = compare_files(tmp_path / "a.docx", tmp_path / "b.docx")
    assert d.file == "b.docx" and "not in text, tables or pictures" in d.message
