"""Optional extras: the base install works without them; using one that is missing says what to install."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OPTIONAL = ("fastapi", "uvicorn", "starlette", "multipart", "distributed", "dask", "pdfplumber", "pdfminer",
            "pymupdf", "fitz")


def _cli(args: list[str], blocked: tuple[str, ...], cwd: Path) -> subprocess.CompletedProcess:
    """Run the CLI in a fresh interpreter in which the ``blocked`` packages cannot be imported."""
    code = ("import sys\n"
            f"for m in {list(blocked)!r}: sys.modules[m] = None\n"
            "from reporter.cli import app\n"
            f"app({args!r})\n")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(cwd)}, timeout=300)


def test_serve_without_the_service_extra_names_it(tmp_path):
    result = _cli(["serve", "--data-dir", str(tmp_path / "d")], ("fastapi", "uvicorn"), tmp_path)
    assert result.returncode == 2, result.stderr
    assert "reporter[service]" in result.stderr and "fastapi" in result.stderr
    assert "Traceback" not in result.stderr


def test_compare_without_the_compare_extra_names_it(tmp_path):
    a = tmp_path / "a.pdf"
    a.write_bytes(b"%PDF-1.7\n")
    result = _cli(["compare", str(a), str(a)], ("pdfplumber",), tmp_path)
    assert result.returncode == 2 and "reporter[compare]" in result.stderr and "Traceback" not in result.stderr


def test_scheduler_without_the_cluster_extra_names_it(tmp_path):
    result = _cli(["profiles", str(ROOT / "fixtures" / "sof"), "--out", str(tmp_path),
                   "--scheduler", "tcp://127.0.0.1:1"], ("distributed",), tmp_path)
    assert result.returncode == 2 and "reporter[cluster]" in result.stderr and "Traceback" not in result.stderr


def test_a_profile_renders_with_no_optional_package(tmp_path):
    result = _cli(["profiles", str(ROOT / "fixtures" / "sof"), "--out", str(tmp_path), "--only", "Faxe",
                   "--workers", "1", "--formats", "pdf,docx,html"], OPTIONAL, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    written = sorted(p.name for p in (tmp_path / "profiles").iterdir())
    assert written == ["faxe.docx", "faxe.html", "faxe.pdf", "index.csv"]
