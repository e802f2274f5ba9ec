"""Golden files (tests/golden, regenerated with `make golden`): fresh output equals them, rendering is
byte-identical across processes, and the comparison catches a changed answer in the data (naming page,
table and cell) and a changed brand colour (with a diff image).

These tests only rely on the golden set being rendered by tools/make_golden.py, not on what the documents
say: after an intended change to the rendering, `make golden` makes them pass again.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from compare_samples import GOLDEN, ROOT
from reporter.compare import compare_files, compare_paths, format_report
from reporter.compare.folders import documents
from reporter.compare.report import table_name

FIXTURES = ROOT / "fixtures"


def _make_golden():
    spec = importlib.util.spec_from_file_location("make_golden", ROOT / "tools" / "make_golden.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_golden = _make_golden()


@pytest.mark.parametrize("fixture", sorted(make_golden.PROFILES))
def test_golden_set_is_complete(fixture):
    from reporter.text.slugs import slug

    expected = {f"note.{f}" for f in make_golden.FORMATS} | {
        f"profiles/{slug(name)}.{f}" for name in make_golden.PROFILES[fixture] for f in make_golden.FORMATS}
    assert set(documents(GOLDEN / fixture)) == expected, "run `make golden`"


@pytest.mark.parametrize("fixture", sorted(make_golden.PROFILES))
def test_fresh_output_matches_the_golden_files(fresh, fixture, tmp_path):
    differences = compare_paths(GOLDEN / fixture, fresh.golden / fixture, out_dir=tmp_path / "diff")
    assert not differences, (format_report(differences, GOLDEN / fixture, fresh.golden / fixture)
                             + "\nIf the change is intended, run `make golden` and commit tests/golden.")


def test_rendering_is_byte_identical_across_processes(fresh):
    """The sof note rendered twice this session: in a worker process of tools/make_golden.py and by the
    `reporter note` command in another process."""
    for name in ("note.pdf", "note.docx"):
        first, second = (fresh.golden / "sof" / name).read_bytes(), (fresh.sof_note / name).read_bytes()
        assert first == second, f"{name}: two renders differ ({len(first)} and {len(second)} bytes)"


def _lower_fidelity_answers(project_dir: Path, municipality: str) -> None:
    """Set every fidelity answer of ``municipality`` in the last wave to the scale's lowest option."""
    from reporter.config.load import load_project

    project = load_project(project_dir)
    path = project_dir / "data" / "responses.csv"
    data = pd.read_csv(path, sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    rows = (data[project.data.municipality] == municipality) & (data[project.data.wave] == project.waves[-1].id)
    changed = 0
    for item in project.items:
        if not item.fidelity or item.id not in data.columns:
            continue
        options = [o for o in project.scales[item.scale].options if o.score is not None]
        lowest = (max if item.reverse else min)(options, key=lambda o: o.score).label
        answered = rows & (data[item.id] != "") & (data[item.id] != lowest)
        data.loc[answered, item.id] = lowest
        changed += int(answered.sum())
    assert changed > 0
    data.to_csv(path, sep=";", encoding="utf-8-sig", index=False)


def test_a_changed_answer_fails_naming_page_table_and_cell(tmp_path):
    from reporter.text.slugs import slug
    from reporter.data.load import load_survey
    from reporter.pipeline import render_profiles

    name = make_golden.PROFILES["stv"][0]
    project_dir = tmp_path / "stv"
    shutil.copytree(FIXTURES / "stv", project_dir)
    _lower_fidelity_answers(project_dir, name)
    project, survey = load_survey(project_dir)
    (result,) = render_profiles(project, survey, tmp_path / "out", only=[name], formats=("pdf", "docx"))
    assert result.ok, result.error
    stem = f"profiles/{slug(name)}"

    found = compare_files(GOLDEN / "stv" / f"{stem}.pdf", tmp_path / "out" / f"{stem}.pdf", name=f"{stem}.pdf")
    cells = [d for d in found if d.kind == "cell"]
    assert cells, format_report(found, "golden", "changed")
    for d in cells:
        assert d.page and d.table and d.row and d.column
        assert d.message.startswith(f'{stem}.pdf page {d.page}, {table_name(d.table)}, row "{d.row}", '
                                    f'column "{d.column}": ')
    pattern = re.compile(rf'^{re.escape(stem)}\.pdf page \d+, \w+ \d+ \(.+\), row ".+", column ".+": ".+" → ".+"$')
    assert all(pattern.match(d.message) for d in cells), [d.message for d in cells]

    found = compare_files(GOLDEN / "stv" / f"{stem}.docx", tmp_path / "out" / f"{stem}.docx", name=f"{stem}.docx")
    cells = [d for d in found if d.kind in ("cell", "shading")]
    assert cells and all(d.table and d.row and d.column for d in cells), format_report(found, "golden", "changed")


def test_a_changed_brand_colour_fails_with_a_diff_image(tmp_path):
    from reporter.brand import load_brand
    from reporter.compose.profile import build_profile, profile_inputs, slug
    from reporter.data.load import load_survey
    from reporter.metrics.compute import compute_all
    from reporter.render.pdf import render_pdf

    name = make_golden.PROFILES["stv"][0]
    project, survey = load_survey(FIXTURES / "stv")
    report = build_profile(project, profile_inputs(project, compute_all(project, survey)), name)
    brand = load_brand(report.brand)
    assert brand.colours["header_bg"] != "#e76f51"
    recoloured = dataclasses.replace(brand, colours={**brand.colours, "header_bg": "#e76f51"})
    stem = f"profiles/{slug(name)}"
    actual = render_pdf(report, recoloured, tmp_path / f"{stem}.pdf")

    found = compare_files(GOLDEN / "stv" / f"{stem}.pdf", actual, name=f"{stem}.pdf", out_dir=tmp_path / "diff")
    assert found and all(d.kind == "raster" for d in found), format_report(found, "golden", "recoloured")
    for d in found:
        assert d.image == tmp_path / "diff" / f"{stem}.pdf.page-{d.page}.diff.png"
        assert d.image.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_rendering_libraries_are_pinned_exactly():
    """Golden files only stay valid while the libraries that produce the bytes do not move."""
    import tomllib

    pins = {}
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = project["dependencies"] + [r for extra in project["optional-dependencies"].values() for r in extra]
    for requirement in requirements:
        name, _, version = requirement.partition("==")
        pins[name.strip().lower()] = version.strip()
    for name in ("weasyprint", "pydyf", "fonttools", "matplotlib", "python-docx", "pillow", "pypdfium2", "pdfplumber",
                 "lxml", "jinja2"):
        assert re.fullmatch(r"\d+(\.\d+)*", pins.get(name, "")), f"{name} is not pinned exactly in pyproject.toml"
