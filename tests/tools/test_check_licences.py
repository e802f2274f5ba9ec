"""The licence check of tools/check_licences.py: runtime dependencies are free of GPL/AGPL/LGPL."""

import subprocess
import sys
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


def _fake_dist(site, name: str, licence_lines: list[str], requires: list[str] = ()) -> None:
    info = site / f"{name.replace('-', '_')}-1.0.dist-info"
    info.mkdir(parents=True)
    lines = ["Metadata-Version: 2.1", f"Name: {name}", "Version: 1.0", *licence_lines,
             *[f"Requires-Dist: {r}" for r in requires]]
    (info / "METADATA").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_an_agpl_package_pulled_in_indirectly_is_caught(tmp_path, monkeypatch):
    """A runtime dependency that requires an AGPL package (as PyMuPDF is) fails the check, by name."""
    site = tmp_path / "site"
    _fake_dist(site, "fake-viewer", ["License-Expression: AGPL-3.0-only"])
    _fake_dist(site, "fake-app", ["License-Expression: MIT"], ["fake-viewer>=1"])
    _fake_dist(site, "fake-lib", ["Classifier: License :: OSI Approved :: BSD License"])
    monkeypatch.syspath_prepend(str(site))
    bad, missing = check_licences.copyleft_packages(["fake-app==1.0", "fake-lib==1.0"])
    assert [b.package for b in bad] == ["fake-viewer"] and missing == []
    bad, missing = check_licences.copyleft_packages(["fake-lib==1.0", "not-installed-anywhere==1"])
    assert bad == [] and missing == ["not-installed-anywhere"]


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
