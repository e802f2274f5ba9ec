"""`reporter compare`: the report on stdout, diff images in --out, exit 0 equal / 1 different / 2 bad input."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from compare_samples import MUNICIPALITIES, table_docx, table_pdf
from reporter.cli import app


@pytest.fixture(scope="module")
def base_pdf() -> bytes:
    return table_pdf()


@pytest.fixture(scope="module")
def recoloured_pdf() -> bytes:
    return table_pdf(header_bg="#e76f51")


def _run(*args: str):
    return CliRunner().invoke(app, ["compare", *args], terminal_width=300)


def test_equal_files_exit_0(tmp_path):
    a, b = tmp_path / "a.docx", tmp_path / "b.docx"
    a.write_bytes(table_docx())
    b.write_bytes(table_docx())
    result = _run(str(a), str(b))
    assert result.exit_code == 0, result.output
    assert "No differences" in result.output


def test_different_pdfs_exit_1_with_named_cells_and_diff_images(tmp_path, base_pdf):
    a, b = tmp_path / "a" / "note.pdf", tmp_path / "b" / "note.pdf"
    a.parent.mkdir()
    b.parent.mkdir()
    a.write_bytes(base_pdf)
    b.write_bytes(table_pdf(values={f"{MUNICIPALITIES[0]}|Medarbejder|Start": "64 %"}, header_bg="#e76f51"))
    result = _run(str(a.parent), str(b.parent), "--out", str(tmp_path / "diff"))
    assert result.exit_code == 1, result.output
    assert (f'note.pdf page 1, Tabel 3 (Power-ranking af kommunernes fidelitet), row "{MUNICIPALITIES[0]}", '
            f'column "Medarbejder / Start": "11 %" → "64 %"') in result.output
    assert (tmp_path / "diff" / "note.pdf.page-1.diff.png").is_file()
    assert "difference(s) in 1 file(s)" in result.output


def test_tolerance_option(tmp_path, base_pdf, recoloured_pdf):
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    a.write_bytes(base_pdf)
    b.write_bytes(recoloured_pdf)
    assert _run(str(a), str(b)).exit_code == 1
    assert _run(str(a), str(b), "--tolerance", "0.5").exit_code == 0
    assert _run(str(a), str(b), "--tolerance", "5").exit_code == 2


def test_bad_input_exit_2(tmp_path):
    (tmp_path / "a.pdf").write_bytes(b"x")
    (tmp_path / "b.docx").write_bytes(b"x")
    result = _run(str(tmp_path / "a.pdf"), str(tmp_path / "b.docx"))
    assert result.exit_code == 2
    assert "cannot compare a PDF" in result.output
    assert _run(str(tmp_path / "a.pdf"), str(tmp_path / "missing.pdf")).exit_code == 2


def test_help():
    result = CliRunner().invoke(app, ["compare", "--help"], terminal_width=200)
    assert result.exit_code == 0
    assert "--tolerance" in result.output and "--out" in result.output
