"""The command line with templates: bad templates stop validate and note with file and line, nothing is written;
``reporter blocks`` lists every registered block."""

from __future__ import annotations

from typer.testing import CliRunner

from template_projects import make_project
from reporter.compose.template.blocks import COMMON, REGISTRY, describe
from reporter.cli import app

BAD = "# A\n\nSe @tbl-nowhere.\n\n```{block} power-ranking-table\ncolor: red\n```\n"


def _run(*args):
    return CliRunner().invoke(app, list(args), terminal_width=300)


def test_validate_names_every_template_problem(tmp_path):
    folder = make_project(tmp_path, BAD)
    result = _run("validate", str(folder))
    assert result.exit_code == 1
    assert "note.md, row 3" in result.output and "@tbl-nowhere" in result.output
    assert "note.md, row 5" in result.output and "unknown parameter 'color'" in result.output
    assert "Traceback" not in result.output


def test_note_with_a_bad_template_writes_nothing(tmp_path):
    folder = make_project(tmp_path, BAD)
    out = tmp_path / "out"
    result = _run("note", str(folder), "--out", str(out), "--workers", "1")
    assert result.exit_code == 1
    assert "note.md, row 3" in result.output
    assert not out.exists() or not any(out.iterdir())


def test_blocks_lists_every_registered_block_with_its_parameters():
    result = _run("blocks")
    assert result.exit_code == 0
    described = describe("note")
    assert described and {name for name, _, _ in described} == {n for n, s in REGISTRY.items() if "note" in s.kinds}
    for name, description, params in described:
        assert name in result.output and description.split(",")[0] in result.output
        for pname, ptype, _default in params:
            assert f"{pname}: {ptype}" in result.output
    for pname in COMMON:
        assert f"    {pname}:" in result.output
    profile = _run("blocks", "--kind", "profile")
    assert "profile-mean-table" in profile.output and "power-ranking-table" not in profile.output


def test_validate_of_a_very_large_survey_still_checks_the_template_structure(tmp_path, monkeypatch):
    """Above FULL_TEMPLATE_CHECK_ROWS answers validate does not compute the metrics (bounded memory), but
    unknown blocks and parameters, bad expressions and missing images are still named."""
    import reporter.cli as cli

    monkeypatch.setattr(cli, "FULL_TEMPLATE_CHECK_ROWS", 0)
    folder = make_project(tmp_path, "# A\n\n```{block} power-ranking-table\ncolor: red\n```\n\n"
                                    "![Mangler](images/none.png)\n\nTekst {{ 1 + }}\n\nSe @tbl-nowhere.\n")
    result = _run("validate", str(folder))
    assert result.exit_code == 1
    assert "note.md, row 3" in result.output and "unknown parameter 'color'" in result.output
    assert "note.md, row 7" in result.output and "image not found" in result.output
    assert "note.md, row 9" in result.output and "invalid expression" in result.output
    assert "@tbl-nowhere" not in result.output          # labels need the computed blocks: checked by note
    good = make_project(tmp_path / "good", "# A\n\nSe @tbl-nowhere.\n")
    assert _run("validate", str(good)).exit_code == 0
