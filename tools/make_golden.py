"""Render the golden files: the note and two profiles of each example project, as PDF and DOCX.

    python tools/make_golden.py                 # regenerate tests/golden/ (what `make golden` runs)
    python tools/make_golden.py --out DIR       # render the same set into DIR (the golden test does this)

Run it after an intended change to the output, look at the differences (`reporter compare` against the old
files, or `git diff --stat`), and commit the new files. Each file is written atomically; golden files that
are no longer part of the set are removed. Rendering runs in worker processes (one job per note and per
project's profiles), so the files are also a check that output does not depend on the process.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
GOLDEN_DIR = ROOT / "tests" / "golden"
FORMATS = ("pdf", "docx")
# Two profiles per project; Billund (sof) is in the first two waves only.
PROFILES = {"stv": ("Ballerup", "Aabenraa"), "sof": ("Billund", "Ballerup")}
# Longest jobs first, so two workers finish at about the same time.
JOBS = (("stv", "note"), ("sof", "note"), ("stv", "profiles"), ("sof", "profiles"))


def render_job(fixture: str, part: str, out_root: str) -> list[str]:
    """Render one part ('note' or 'profiles') of one example project into ``out_root/<fixture>/``."""
    from reporter.data.load import load_survey
    from reporter.pipeline import render_note, render_profiles

    project_dir = FIXTURES / fixture
    out_dir = Path(out_root) / fixture
    project, survey = load_survey(project_dir)
    if part == "note":
        return [str(p) for p in render_note(project, survey, out_dir, project_dir=project_dir, formats=FORMATS)]
    results = render_profiles(project, survey, out_dir, only=list(PROFILES[fixture]), workers=1, formats=FORMATS)
    failed = [f"{r.key}: {r.error}" for r in results if not r.ok]
    if failed:
        raise RuntimeError(f"{fixture} profiles failed: {'; '.join(failed)}")
    (out_dir / "profiles" / "index.csv").unlink(missing_ok=True)   # not a golden file
    return [p for r in results for p in r.value]


def render_all(out_root: Path, workers: int = 2) -> list[Path]:
    """Render every golden file into ``out_root`` (created if missing); returns the files written."""
    out_root = Path(out_root)
    out_root.mkdir(parents=True, exist_ok=True)
    if workers <= 1:
        written = [render_job(fixture, part, str(out_root)) for fixture, part in JOBS]
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(render_job, fixture, part, str(out_root)) for fixture, part in JOBS]
            written = [f.result() for f in futures]
    return sorted(Path(p) for paths in written for p in paths)


def install(rendered_root: Path, golden_root: Path) -> tuple[list[str], list[str]]:
    """Copy the rendered files over the golden ones (atomically, file by file) and remove golden PDF/DOCX
    files that were not rendered. Returns (written, removed) relative paths."""
    from reporter.atomic import write_bytes

    new = {p.relative_to(rendered_root).as_posix() for p in rendered_root.rglob("*")
           if p.is_file() and p.suffix.lstrip(".") in FORMATS}
    old = {p.relative_to(golden_root).as_posix() for p in golden_root.rglob("*")
           if p.is_file() and p.suffix.lstrip(".") in FORMATS} if golden_root.is_dir() else set()
    for name in sorted(new):
        write_bytes(golden_root / name, (rendered_root / name).read_bytes())
    for name in sorted(old - new):
        (golden_root / name).unlink()
    return sorted(new), sorted(old - new)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None,
                        help=f"render into this folder instead of replacing the golden files in {GOLDEN_DIR}")
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1), help="worker processes")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    if args.out is not None:
        files = render_all(args.out, args.workers)
        print(f"Rendered {len(files)} files into {args.out} in {time.perf_counter() - start:.0f} s")
        return 0
    with tempfile.TemporaryDirectory(prefix="golden-") as tmp:
        render_all(Path(tmp), args.workers)
        written, removed = install(Path(tmp), GOLDEN_DIR)
    size = sum((GOLDEN_DIR / name).stat().st_size for name in written)
    for name in written:
        print(f"wrote   tests/golden/{name}")
    for name in removed:
        print(f"removed tests/golden/{name}")
    print(f"{len(written)} golden files ({size / 1e6:.1f} MB) in {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
