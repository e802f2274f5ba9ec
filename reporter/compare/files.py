"""Compare two files of the same kind (PDF or DOCX): identical bytes are equal, anything else is read and
compared by content (text, tables, and for PDF the rendered pages)."""

from __future__ import annotations

from pathlib import Path

from reporter.compare.pdf_raster import DEFAULT_TOLERANCE
from reporter.compare.report import Difference

SUFFIXES = (".pdf", ".docx")


class CompareInputError(ValueError):
    """The inputs cannot be compared (missing, unreadable, or of different or unknown kinds)."""


def kind_of(path: Path) -> str:
    """'pdf' or 'docx' from the file name; raises CompareInputError for anything else."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise CompareInputError(f"{path}: cannot compare {suffix or 'files without extension'}; "
                                f"use {' or '.join(SUFFIXES)} files or folders")
    return suffix[1:]


def compare_bytes(a: bytes, b: bytes, kind: str, name: str, *, out_dir: Path | None = None,
                  tolerance: float = DEFAULT_TOLERANCE) -> list[Difference]:
    """Differences between two documents' bytes of ``kind`` ('pdf' or 'docx'), reported under ``name``."""
    if a == b:
        return []
    if kind == "pdf":
        from reporter.compare.pdf_raster import compare_raster
        from reporter.compare.pdf_text import PdfReadError, compare_pdf_text, read_pdf

        try:
            content_a, content_b = read_pdf(a, f"{name} (A)"), read_pdf(b, f"{name} (B)")
            raster = compare_raster(a, b, name, tolerance=tolerance, out_dir=out_dir)
        except PdfReadError as exc:
            raise CompareInputError(str(exc)) from None
        except RuntimeError as exc:   # pypdfium2.PdfiumError: damaged file
            raise CompareInputError(f"{name} is not a readable PDF: {exc}") from None
        return compare_pdf_text(content_a, content_b, name) + raster
    if kind == "docx":
        from reporter.compare.docx_diff import DocxReadError, compare_docx_content, read_docx

        try:
            content_a, content_b = read_docx(a, f"{name} (A)"), read_docx(b, f"{name} (B)")
        except DocxReadError as exc:
            raise CompareInputError(str(exc)) from None
        found = compare_docx_content(content_a, content_b, name)
        if not found:
            found = [Difference(name, "text", detail="files differ, but not in text, tables or pictures "
                                                     "(styles, settings or metadata)")]
        return found
    raise CompareInputError(f"unknown document kind {kind!r}")


def compare_files(a: Path, b: Path, *, name: str | None = None, out_dir: Path | None = None,
                  tolerance: float = DEFAULT_TOLERANCE) -> list[Difference]:
    """Compare file A (expected) with file B (actual); both must be PDF or both DOCX."""
    a, b = Path(a), Path(b)
    for path in (a, b):
        if not path.is_file():
            raise CompareInputError(f"{path}: no such file")
    kind_a, kind_b = kind_of(a), kind_of(b)
    if kind_a != kind_b:
        raise CompareInputError(f"cannot compare a {kind_a.upper()} ({a}) with a {kind_b.upper()} ({b})")
    return compare_bytes(a.read_bytes(), b.read_bytes(), kind_a, name or b.name, out_dir=out_dir,
                         tolerance=tolerance)
