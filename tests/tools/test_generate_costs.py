"""tools/generate_costs.py reproduces the example project's cost and budget sheets byte for byte."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "fixtures" / "social-support"


def test_regenerates_the_cost_sheets_byte_identically(tmp_path):
    subprocess.run([sys.executable, str(ROOT / "tools" / "generate_costs.py"), str(tmp_path)], check=True,
                   capture_output=True)
    for name in ("costs.csv", "budget.csv"):
        assert (tmp_path / name).read_bytes() == (FIXTURE / name).read_bytes(), name
