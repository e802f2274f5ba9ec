"""A citizen survey: the data have no staff-role column (``data.role: null``) and the project lists no roles.
It is a valid project end to end: validation, metrics, a note from statement blocks, and the profiles."""

from __future__ import annotations

import csv

import pytest
from typer.testing import CliRunner

from reporter.cli import app
from reporter.config.load import load_project
from reporter.errors import InputError

PROJECT = """\
id: borgere
name: Borgerundersøgelse
title: Borgernes oplevelse
date: 2024-05-01
data:
  files: [data/svar.csv]
  respondent: id
  wave: maaling
  municipality: kommune
  role: null
waves:
  - {id: start, label: Start, table_label: Startmåling, prose: startmålingen}
  - {id: slut, label: Slut, table_label: Slutmåling, prose: slutmålingen}
municipalities:
  - {name: Aarhus}
  - {name: Odense}
scales:
  enighed:
    kind: ordinal
    options:
      - {code: 1, label: Helt enig, score: 5, top: true}
      - {code: 2, label: Enig, score: 4, top: true}
      - {code: 3, label: Uenig, score: 2}
      - {code: 4, label: Ved ikke, dont_know: true}
  kontakt:
    kind: single
    options:
      - {code: 1, label: Ugentligt}
      - {code: 2, label: Sjældnere}
items:
  - {id: klar, text: "Jeg ved, hvad målet med praktikken er", scale: enighed}
  - {id: hoert, text: Jeg bliver hørt, scale: enighed}
  - {id: kontakt, text: "Hvor tit har du kontakt med din mentor?", scale: kontakt}
thresholds:
  min_n: 1
"""

NOTE = """\
# Borgernes oplevelse

```{block} response-table
```

```{block} statement-topbox-figure
items: [klar, hoert]
groups: [total]
```

```{block} distribution-figure
items: [klar]
```

```{block} role-split-figure
item: kontakt
```
"""

# id, wave, municipality, klar, hoert, kontakt
ROWS = [
    ("1", "start", "Aarhus", "Helt enig", "Uenig", "Ugentligt"),
    ("2", "start", "Aarhus", "Uenig", "Enig", "Sjældnere"),
    ("3", "start", "Odense", "Enig", "Ved ikke", "Ugentligt"),
    ("4", "start", "Odense", "Ved ikke", "Enig", "Ugentligt"),
    ("1", "slut", "Aarhus", "Helt enig", "Helt enig", "Ugentligt"),
    ("2", "slut", "Odense", "Enig", "Uenig", "Sjældnere"),
    ("3", "slut", "Odense", "Uenig", "Enig", "Sjældnere"),
]


@pytest.fixture
def citizens(tmp_path):
    (tmp_path / "project.yaml").write_text(PROJECT + "note:\n  template: note.md\n", encoding="utf-8")
    (tmp_path / "note.md").write_text(NOTE, encoding="utf-8")
    (tmp_path / "data").mkdir()
    with (tmp_path / "data" / "svar.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(["id", "maaling", "kommune", "klar", "hoert", "kontakt"])
        writer.writerows(ROWS)
    return tmp_path


def test_no_role_column_gives_one_role_for_everybody(citizens):
    project = load_project(citizens)
    assert project.data.role is None
    assert [(r.id, r.label, r.side) for r in project.roles] == [("respondent", "Respondenter", "employee")]


def test_no_role_column_with_two_roles_is_a_configuration_error(tmp_path):
    text = PROJECT + ("roles:\n  - {id: a, label: A, side: employee}\n  - {id: b, label: B, side: employee}\n")
    (tmp_path / "project.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_project(tmp_path)
    assert any("data.role is null" in p.message and "exactly one role" in p.message for p in err.value.problems)


def test_validate_accepts_the_citizen_survey(citizens):
    result = CliRunner().invoke(app, ["validate", str(citizens)], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "Respondenter" in result.output
    assert "Ingen advarsler" in result.output


def test_metrics_and_note_of_the_citizen_survey(citizens):
    from reporter.compose.note import build_note
    from reporter.data.load import load_survey
    from reporter.metrics.compute import compute_all

    project, survey = load_survey(citizens)
    tables = compute_all(project, survey)
    responses = tables["responses"]
    total = responses[(responses["group"] == "total") & (responses["municipality"] == "total")] \
        if "municipality" in responses.columns else responses[responses["group"] == "total"]
    assert dict(zip(total["wave"], total["value"])) == {"start": 4, "slut": 3}
    report = build_note(project, tables, project_dir=citizens)
    figs = {f.key: f for f in report.figures()}
    topbox = figs["fig_topbox_klar"]
    # by hand: 'klar' start top-box = Helt enig + Enig of the valid answers (Ved ikke left out) = 2 of 3;
    # slut 2 of 3; 'hoert' start 2 of 3 (Ved ikke out), slut 2 of 3
    assert [s.labels for s in topbox.series] == [("67%", "67%"), ("67%", "67%")]
    split = figs["fig_split_kontakt"]
    start = next(s for s in split.series if s.name.startswith("Respondenter – Start"))
    assert start.labels == ("75%", "25%")                    # 3 of 4 weekly at the start


def test_note_and_profiles_render_for_the_citizen_survey(citizens, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["note", str(citizens), "--out", str(out / "note"), "--formats", "html"],
                                terminal_width=200)
    assert result.exit_code == 0, result.output
    html = next((out / "note").glob("*.html")).read_text(encoding="utf-8")
    assert "Jeg ved, hvad målet med praktikken er" in html
    result = CliRunner().invoke(app, ["profiles", str(citizens), "--out", str(out / "profiles"), "--formats", "docx"],
                                terminal_width=200)
    assert result.exit_code == 0, result.output
    assert sorted(p.stem for p in (out / "profiles").rglob("*.docx")) == ["aarhus", "odense"]


def test_the_built_in_note_leaves_out_the_fidelity_chapter(citizens):
    from reporter.compose.note import build_note
    from reporter.data.load import load_survey
    from reporter.metrics.compute import compute_all

    text = (citizens / "project.yaml").read_text(encoding="utf-8").replace("note:\n  template: note.md\n", "")
    (citizens / "project.yaml").write_text(text, encoding="utf-8")
    project, survey = load_survey(citizens)
    report = build_note(project, compute_all(project, survey), project_dir=citizens)
    titles = [s.title for s in report.sections]
    assert "Fidelitet på kerneelementerne" not in titles and "Indledning" in titles
    responses = next(t for t in report.tables() if t.key == "responses")
    assert [c.text for c in responses.rows[1].cells] == ["Respondenter", "4", "3"]
