"""The metrics layer stays pure: no rendering, document model or charting imports."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import reporter

METRICS = Path(reporter.__file__).parent / "metrics"
FORBIDDEN = ("matplotlib", "weasyprint", "docx", "jinja2", "reporter.render", "reporter.charts", "reporter.compose",
             "reporter.model", "reporter.compare")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative import inside reporter.metrics
                base = "reporter.metrics" if node.level == 1 else "reporter"
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def _forbidden(name: str) -> bool:
    return any(name == f or name.startswith(f + ".") for f in FORBIDDEN)


def test_no_metrics_module_imports_rendering_code() -> None:
    modules = sorted(METRICS.rglob("*.py"))
    assert modules, "no metrics modules found"
    offenders = {str(p.relative_to(METRICS)): sorted(n for n in _imports(p) if _forbidden(n)) for p in modules}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_checker_catches_a_forbidden_import(tmp_path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import matplotlib.pyplot as plt\nfrom reporter.render import html\nfrom ..model import x\n")
    assert sorted(n for n in _imports(bad) if _forbidden(n)) == [
        "matplotlib.pyplot", "reporter.model", "reporter.model.x", "reporter.render", "reporter.render.html"]


def test_importing_compute_loads_no_rendering_module() -> None:
    code = (
        "import sys, json\n"
        "import reporter.metrics.compute, reporter.metrics.export\n"
        f"bad = [m for m in sys.modules if any(m == f or m.startswith(f + '.') for f in {FORBIDDEN!r})]\n"
        "print(json.dumps(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
