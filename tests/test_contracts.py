"""The layer rules of docs/dev/CONTRACTS.md as import-linter contracts (pyproject.toml [tool.importlinter])."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or "lint-imports"


def _lint(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([LINT, "--no-cache", *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=300)


def test_import_contracts_are_kept():
    result = _lint()
    assert result.returncode == 0, result.stdout + result.stderr
    import tomllib
    declared = len(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"])
    assert declared >= 8
    assert "0 broken" in result.stdout and f"{declared} kept" in result.stdout


def test_a_broken_contract_is_reported(tmp_path):
    """Not vacuous: the charts do import matplotlib, so forbidding it must fail."""
    config = tmp_path / "contracts.toml"
    config.write_text('[tool.importlinter]\nroot_package = "reporter"\ninclude_external_packages = true\n\n'
                      '[[tool.importlinter.contracts]]\nname = "charts without matplotlib"\ntype = "forbidden"\n'
                      'source_modules = ["reporter.charts"]\nforbidden_modules = ["matplotlib"]\n', encoding="utf-8")
    result = _lint("--config", str(config))
    assert result.returncode == 1 and "BROKEN" in result.stdout, result.stdout + result.stderr
    assert "reporter.charts" in result.stdout
