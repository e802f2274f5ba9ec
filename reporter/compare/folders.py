"""Compare two output folders: files matched by relative path (only PDF and DOCX files take part)."""

from __future__ import annotations

from pathlib import Path

from reporter.compare.files import SUFFIXES, CompareInputError, compare_files
from reporter.compare.pdf_raster import DEFAULT_TOLERANCE
from reporter.compare.report import Difference


def documents(folder: Path) -> list[str]:
    """Relative POSIX paths of the PDF and DOCX files under ``folder`` (sorted; hidden files skipped)."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                  if p.is_file() and p.suffix.lower() in SUFFIXES
                  and not any(part.startswith(".") for part in p.relative_to(folder).parts))


def compare_folders(a: Path, b: Path, *, out_dir: Path | None = None,
                    tolerance: float = DEFAULT_TOLERANCE) -> list[Difference]:
    """Missing files (in A only), extra files (in B only), and the differences of each common file, named by
    its relative path; diff images go to ``out_dir/<relative path>.page-<n>.diff.png``."""
    a, b = Path(a), Path(b)
    for folder in (a, b):
        if not folder.is_dir():
            raise CompareInputError(f"{folder}: no such folder")
    files_a, files_b = documents(a), documents(b)
    if not files_a and not files_b:
        raise CompareInputError(f"no PDF or DOCX files in {a} or {b}")
    out: list[Difference] = []
    in_b = set(files_b)
    in_a = set(files_a)
    out.extend(Difference(name, "missing", detail="file missing") for name in files_a if name not in in_b)
    out.extend(Difference(name, "extra", detail="file added") for name in files_b if name not in in_a)
    for name in files_a:
        if name in in_b:
            out.extend(compare_files(a / name, b / name, name=name, out_dir=out_dir, tolerance=tolerance))
    return out
