"""The licence check of tools/check_licences.py: runtime dependencies are free of GPL/AGPL/LGPL."""

import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

import check_licences  # noqa: E402


def test_runtime_dependencies_have_no_copyleft_licence():
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "check_licences.py")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "none under GPL/AGPL/LGPL" in result.stdout


def test_runtime_set_is_base_plus_shipped_extras_not_test():
    names = {r.split("==")[0].split("[")[0].lower() for r in check_licences.runtime_requirements()}
    assert {"weasyprint", "fastapi", "distributed", "pdfplumber", "pypdfium2"} <= names
    assert "pymupdf" not in names and "pytest" not in names


def test_an_agpl_package_is_caught():
    """PyMuPDF (AGPL-3.0, installed here for tests only) must be flagged if it were a runtime dependency."""
    pytest.importorskip("pymupdf")
    bad, missing = check_licences.copyleft_packages(["pymupdf==" + metadata.version("pymupdf")])
    assert [b.package.lower() for b in bad] == ["pymupdf"] and missing == []


@pytest.mark.parametrize("texts, copyleft", [
    (("expression: MIT",), False),
    (("expression: GPL-3.0-or-later",), True),
    (("expression: LGPL-2.1-only OR MIT",), False),            # a choice: MIT
    (("expression: Apache-2.0 AND LGPL-3.0-only",), True),     # both apply
    (("License :: OSI Approved :: GNU Lesser General Public License v3 (LGPLv3)",), True),
    (("BSD", "License :: OSI Approved :: BSD License"), False),
    (("License :: OSI Approved :: Mozilla Public License 2.0 (MPL 2.0)",), False),
])
def test_licence_classification(texts, copyleft):
    assert check_licences.Licence("x", "1", texts).copyleft is copyleft


def test_multi_licensed_package_passes_only_when_chosen():
    texts = ("License :: OSI Approved :: GNU General Public License v2 or later (GPLv2+)",
             "License :: OSI Approved :: Mozilla Public License 1.1 (MPL 1.1)")
    assert check_licences.Licence("pyphen", "0.18.1", texts).copyleft is False
    assert check_licences.Licence("other", "1", texts).copyleft is True
