"""The compare package is a tool on top of the pipeline: no pipeline layer imports it."""

from __future__ import annotations

import ast
from pathlib import Path

import reporter

PACKAGE = Path(reporter.__file__).parent
LAYERS = ("config", "data", "metrics", "model", "compose", "charts", "render", "text")


def _imports_compare(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
            [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else []
        if any(n == "reporter.compare" or n.startswith("reporter.compare.") for n in names):
            return True
    return False


def test_no_pipeline_layer_imports_compare():
    modules = [p for layer in LAYERS for p in sorted((PACKAGE / layer).rglob("*.py"))]
    assert len(modules) > 20
    assert [str(p.relative_to(PACKAGE)) for p in modules if _imports_compare(p)] == []


def test_the_checker_sees_an_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from reporter.compare.report import Difference\n")
    assert _imports_compare(bad)
