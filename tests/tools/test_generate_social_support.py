"""tools/generate_social_support.py reproduces the example project's data byte for byte."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "fixtures" / "social-support"


def test_regenerates_byte_identically(tmp_path):
    subprocess.run([sys.executable, str(ROOT / "tools" / "generate_social_support.py"), "--out", str(tmp_path)],
                   check=True, capture_output=True)
    for name in ("data/progression.csv", "register/persons.csv", "register/weeks.parquet"):
        assert (tmp_path / name).read_bytes() == (FIXTURE / name).read_bytes(), name
