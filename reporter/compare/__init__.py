"""Compare two rendered documents (PDF or DOCX) or two output folders: text, table cells and PDF pages.

Used by ``reporter compare`` and by the golden-file tests. Nothing in the metrics, compose or render layers
imports this package.

    differences = compare_paths(Path("tests/golden/stv"), Path("out/stv"), out_dir=Path("out/diff"))
    print(format_report(differences, "tests/golden/stv", "out/stv"))   # one line per Difference
"""

from __future__ import annotations

from pathlib import Path

from reporter.compare.files import CompareInputError, compare_bytes, compare_files
from reporter.compare.folders import compare_folders
from reporter.compare.pdf_raster import DEFAULT_TOLERANCE
from reporter.compare.report import Difference, format_report

__all__ = ["CompareInputError", "DEFAULT_TOLERANCE", "Difference", "compare_bytes", "compare_files",
           "compare_folders", "compare_paths", "format_report"]


def compare_paths(a: Path, b: Path, *, out_dir: Path | None = None,
                  tolerance: float = DEFAULT_TOLERANCE) -> list[Difference]:
    """Compare two files or two folders (A = expected, B = actual); an empty list means equal."""
    a, b = Path(a), Path(b)
    if not 0 <= tolerance <= 1:
        raise CompareInputError(f"tolerance must be a share of pixels between 0 and 1, not {tolerance}")
    for path in (a, b):
        if not path.exists():
            raise CompareInputError(f"{path}: no such file or folder")
    if a.is_dir() and b.is_dir():
        return compare_folders(a, b, out_dir=out_dir, tolerance=tolerance)
    if a.is_dir() or b.is_dir():
        raise CompareInputError(f"cannot compare a folder with a file ({a}, {b}); give two files or two folders")
    return compare_files(a, b, out_dir=out_dir, tolerance=tolerance)
