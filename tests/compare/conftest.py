"""The golden set rendered fresh once per test session (see test_golden.py)."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from compare_samples import ROOT


@dataclass(frozen=True)
class FreshRenders:
    """Output rendered during this test session, each part in its own process."""

    golden: Path      # the golden set, by tools/make_golden.py (worker processes)
    sof_note: Path    # the sof note again (PDF + DOCX), by the `reporter note` command in another process


@pytest.fixture(scope="session")
def fresh(tmp_path_factory) -> FreshRenders:
    """Render the golden set and, at the same time in a separate process, the sof note once more."""
    renders = FreshRenders(golden=tmp_path_factory.mktemp("fresh-golden"),
                           sof_note=tmp_path_factory.mktemp("fresh-sof-note"))
    commands = [
        [sys.executable, str(ROOT / "tools" / "make_golden.py"), "--out", str(renders.golden)],
        [sys.executable, "-m", "reporter", "note", str(ROOT / "fixtures" / "sof"), "--out", str(renders.sof_note),
         "--formats", "pdf,docx"],
    ]
    running = [subprocess.Popen(c, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT) for c in commands]
    for command, process in zip(commands, running):
        output, _ = process.communicate()
        if process.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}):\n{output.decode(errors='replace')}")
    return renders
