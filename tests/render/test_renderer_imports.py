"""Renderers read the model; they import matplotlib only when they draw a chart."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _modules_after(code: str) -> set[str]:
    script = code + "\nimport sys\nprint(' '.join(sorted(m.split('.')[0] for m in sys.modules)))\n"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300,
                            cwd=ROOT, env={"PYTHONPATH": f"{ROOT}:{ROOT / 'tests' / 'render'}", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


@pytest.mark.parametrize("module", ["reporter.render.html", "reporter.render.docx", "reporter.render.bars",
                                    "reporter.render.docx_bars", "reporter.render.pdf", "reporter.pipeline"])
def test_importing_a_renderer_does_not_import_matplotlib(module):
    assert "matplotlib" not in _modules_after(f"import {module}")


def test_a_document_with_only_native_bars_renders_without_matplotlib():
    code = """
from test_bars import _figure, _report
from reporter.render.docx import docx_bytes
from reporter.render.html import render_html
report = _report(_figure(number=1))
assert "Ballerup (n=16)" in render_html(report)
assert docx_bytes(report)[:2] == b"PK"
"""
    assert "matplotlib" not in _modules_after(code)


def test_the_check_sees_matplotlib_when_a_chart_is_drawn():
    """Not vacuous: drawing an image figure does pull matplotlib in."""
    code = """
from sample_report import sample_profile
from reporter.render.html import render_html
render_html(sample_profile())
"""
    assert "matplotlib" in _modules_after(code)


@pytest.mark.parametrize("module", ["reporter.render.html", "reporter.render.docx", "reporter.render.typst_pdf",
                                    "reporter.render.assets"])
def test_the_html_docx_and_typst_renderers_do_not_import_weasyprint(module):
    """WeasyPrint (≈ 0,8 s of imports) is the PDF engine only for a brand's print.css or when asked for."""
    assert "weasyprint" not in _modules_after(f"import {module}")


def test_the_weasyprint_check_is_not_vacuous():
    assert "weasyprint" in _modules_after("from reporter.render.assets import SafeURLFetcher")
