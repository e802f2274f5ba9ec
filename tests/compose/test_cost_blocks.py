"""The cost blocks on the constructed project: captions with price year and rounding, rows per item, the
"Gennemsnit" column, English wording, and clear errors."""

from __future__ import annotations

import pytest
import yaml
from cost_helpers import NOTE, write_project

from reporter.compose.note import build_note
from reporter.data.load import load_survey
from reporter.errors import InputError
from reporter.metrics.compute import compute_all
from reporter.text.numbers import fmt_amount


def _note(folder):
    project, survey = load_survey(folder)
    tables = compute_all(project, survey)
    return build_note(project, tables, project_dir=folder), tables


def _set(folder, change):
    path = folder / "project.yaml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(config)
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_danish_cost_table_and_figures(tmp_path):
    report, tables = _note(write_project(tmp_path / "p"))
    establishment = next(t for t in report.tables() if t.key == "tbl-establishment")
    assert establishment.caption.endswith("(2020-priser, afrundet til hele tusinde kr.)")
    texts = [[c.text for c in r.cells] for r in establishment.rows]
    assert texts[0] == ["", "Kommune A", "Kommune B", "Kommune C", "Kommune D", "Kommune E", "Gennemsnit"]
    assert texts[1] == ["Projektledelse"] and [r.kind for r in establishment.rows][1] == "group"
    assert texts[-1] == ["Samlede etableringsomkostninger", "180.000\u00a0kr.", "360.000\u00a0kr.", "416.000\u00a0kr.",
                         "437.000\u00a0kr.", "809.000\u00a0kr.", "440.000\u00a0kr."]
    operation = next(t for t in report.tables() if t.key == "tbl-operation")
    assert [c.text for c in operation.rows[-1].cells] == ["Gennemsnitlige driftsomk. pr. borger", "56.000\u00a0kr.",
                                                         "75.000\u00a0kr.", "85.000\u00a0kr.", "112.000\u00a0kr.", "118.000\u00a0kr.",
                                                         "87.000\u00a0kr."]
    assert establishment.source == "Egne beregninger på baggrund af indsamlede omkostningsdata."
    sensitivity = next(f for f in report.figures() if f.key == "fig-sensitivity")
    assert sensitivity.categories[0] == "38 borgere pr. år\n(laveste)"
    assert sensitivity.series[2].labels == ("121.800\u00a0kr.", "91.800\u00a0kr.", "68.100\u00a0kr.")


def test_english_note(tmp_path):
    folder = write_project(tmp_path / "p")
    _set(folder, lambda c: c.update(language="en"))
    report, _ = _note(folder)
    table = next(t for t in report.tables() if t.key == "tbl-establishment")
    assert table.caption.startswith("Establishment costs per municipality")
    assert "2020 prices" in table.caption and "nearest DKK 1,000" in table.caption
    assert [c.text for c in table.rows[0].cells][-1] == "Average"
    assert [c.text for c in table.rows[-1].cells][-1] == "DKK\u00a0440,000"
    budget = next(f for f in report.figures() if f.key == "fig-budget")
    assert budget.series[-1].name == "Total" and budget.series[-1].labels[0] == "DKK\u00a0-91,800"


def test_block_errors_name_the_block(tmp_path):
    folder = write_project(tmp_path / "p", budget=False,
                           note=NOTE + "\n```{block} cost-summary-table\nmunicipality: Kolding\n```\n")
    with pytest.raises(InputError) as info:
        _note(folder)
    messages = " ".join(str(p) for p in info.value.problems)
    assert "needs costs.budget" in messages and "no cost lines for municipality 'Kolding'" in messages
    assert "note.md" in messages


def test_without_a_costs_section(tmp_path):
    folder = write_project(tmp_path / "p")
    _set(folder, lambda c: c.pop("costs"))
    with pytest.raises(InputError) as info:
        _note(folder)
    assert "needs a costs: section in project.yaml" in str(info.value.problems[0])


def test_budget_result_table(tmp_path):
    report, tables = _note(write_project(tmp_path / "p", note=NOTE + "\n```{block} budget-result-table\nlabel: tbl-budget\n```\n"))
    table = next(t for t in report.tables() if t.key == "tbl-budget")
    assert [c.text for c in table.rows[0].cells] == ["", "Kommune", "Stat", "Samlet"]
    net = tables["budget_result"].set_index(["scenario", "actor"])
    b = [c.text for c in table.rows[3].cells]          # Arketype B
    assert b[0] == "Arketype B"
    assert b[1:4] == ["65.200\u00a0kr.", "91.800\u00a0kr.", "-26.600\u00a0kr."]       # the reference's figures for B
    assert b[-1] == fmt_amount(net.loc[("B", "total"), "net"], "da", 100)


PROFILE = """# {{ municipality.title }} {#profile .unnumbered .no-toc}

Pr. borger: {{ costs[municipality.name].per_citizen.total }}; priser i {{ costs.price_year }}-niveau,
diskonteringsrate {{ costs.discount_rate | pct }}.

```{block} cost-summary-table
```

```{block} cost-summary-table
municipality: average
label: tbl-average
```
"""


def test_cost_blocks_in_a_profile_template(tmp_path):
    from reporter.compose.profile import build_profile, profile_inputs

    folder = write_project(tmp_path / "p")
    (folder / "profile.md").write_text(PROFILE, encoding="utf-8")
    _set(folder, lambda c: c.update(profile={"template": "profile.md"}))
    project, survey = load_survey(folder)
    tables = compute_all(project, survey)
    report = build_profile(project, profile_inputs(project, tables), "Kommune A", project_dir=folder)
    own, average = list(report.tables())
    assert own.caption.startswith("Omkostninger i Kommune A ved en 2-årig driftsperiode")
    # Kommune A in Tabel 7-4 / 7-5 (thousand kr.): establishment 33+30+21+58+4+22+12+0 = 180,
    # operation 787+111+1489+989+1146+107+0 = 4.629 over the 2-year period
    assert [c.text for c in own.rows[1].cells] == ["I alt (2-årig driftsperiode)", "180.000\u00a0kr.", "4.629.000\u00a0kr.",
                                                    "4.809.000\u00a0kr."]
    assert average.caption.startswith("Omkostninger for den gennemsnitlige kommune")
    over = tables["cost_overview"].set_index(["municipality", "basis"])
    text = " ".join(p.text for s in report.sections for p in s.blocks if hasattr(p, "text") and p.text)
    text = text.replace("\xa0", " ")
    assert fmt_amount(over.loc[("Kommune A", "per_citizen"), "total"], "da", 100).replace("\xa0", " ") in text
    assert "priser i 2020-niveau" in text and "diskonteringsrate 4 pct." in text


def test_cost_items_table_lists_every_item_once_by_phase_and_group(tmp_path):
    from cost_helpers import ESTABLISHMENT, OPERATION

    folder = write_project(tmp_path / "p", note=NOTE + "\n```{block} cost-items-table\nlabel: tbl-items\n```\n")
    report, _ = _note(folder)
    table = next(t for t in report.tables() if t.key == "tbl-items")
    body = [[c.text for c in r.cells] for r in table.rows[1:]]
    expected = [(g, i) for g, i, _ in ESTABLISHMENT] + [(g, i) for g, i, _ in OPERATION]
    assert [r[2] for r in body] == [i for _, i in expected]          # the sheet's items, in its order
    assert [r[0] for r in body if r[0]] == ["Etablering", "Drift"]
    assert [r[1] for r in body if r[1]] == ["Projektledelse", "Frontmedarbejdere"]
    assert table.caption == "Poster for ressourceforbrug" and table.source
