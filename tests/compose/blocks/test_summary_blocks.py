"""Evaluation-summary blocks against the metric tables and the project configuration."""

from __future__ import annotations

from pathlib import Path

import pytest

from reporter.compose.blocks.summary import core_element_table, municipality_list, tracks_overview
from reporter.compose.cells import Formatter
from reporter.compose.template.blocks import BlockContext
from reporter.text.numbers import fmt_percent

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def ctx():
    from reporter.data.load import load_survey
    from reporter.metrics.compute import compute_all

    project, survey = load_survey(ROOT / "fixtures" / "stv-summary")
    tables = compute_all(project, survey)
    return BlockContext(project=project, tables=tables, fmt=Formatter("da"), project_dir=ROOT / "fixtures" / "stv-summary")


def test_municipality_list_in_danish_order_in_three_columns(ctx):
    (block,) = municipality_list(ctx, columns=3)
    names = [item.text for item in block.items]
    assert block.columns == 3
    assert len(names) == 27 and set(names) == {m.name for m in ctx.project.municipalities}
    assert names[0] == "Ballerup" and names[-1] == "Aabenraa"        # "Aa" sorts as "Å", last
    assert names.index("Brønderslev") > names.index("Brøndby")


def test_tracks_overview_lists_goals_and_every_core_element(ctx):
    (table,) = tracks_overview(ctx)
    texts = [[c.text for c in r.cells] for r in table.rows]
    for track in ctx.project.tracks:
        assert [track.label] in texts
        assert ["Mål", track.goal] in texts
        for core in track.core_elements:
            assert [core.id.upper(), core.label] in texts


def test_core_element_table_total_equals_the_indicator_metric(ctx):
    (table,) = core_element_table(ctx, by="total")
    ind = ctx.tables["fidelity_indicator"]
    header = [c.text for c in table.rows[1].cells]
    assert header == ["", "Start", "Slut"]
    body = {r.cells[0].text: r for r in table.rows if r.kind == "body"}
    for _, _, index in ctx.project.indices():
        row = body[index.label]
        for col, wave in ((1, "start"), (2, "slut")):
            value = ind[(ind["index"] == index.id) & (ind["group"] == "total") & (ind["wave"] == wave)]["value"].iloc[0]
            assert row.cells[col].text == fmt_percent(value, "da")
    # the last wave carries the change status, the first does not
    assert all(r.cells[1].status == "plain" for r in body.values())
    assert any(r.cells[2].status in ("up", "same", "down") for r in body.values())


def test_core_element_table_by_role_has_n_in_headers(ctx):
    (table,) = core_element_table(ctx, by="role")
    resp = ctx.tables["responses"]
    sub = [c.text for c in table.rows[1].cells][1:]
    expected = []
    for role in ctx.project.roles:
        for wave, label in (("start", "Start"), ("slut", "Slut")):
            n = int(resp[(resp["municipality"] == "total") & (resp["group"] == role.id) & (resp["wave"] == wave)]["value"].iloc[0])
            expected.append(f"{label}\n({n})")          # the n on its own line under the wave
    assert sub == expected
    # the published STV summary's Table 4 header: leaders (88) at the start
    assert sub[0] == "Start\n(88)"


def test_unknown_wave_is_an_error(ctx):
    with pytest.raises(ValueError, match="unknown wave 'end'"):
        core_element_table(ctx, waves=["start", "end"])


def test_municipality_list_with_respondent_counts(tmp_path):
    from instrument_helpers import ROWS, write_panel

    from reporter.compose.template.blocks import REGISTRY
    from reporter.data.load import load_survey
    from reporter.metrics.compute import compute_all

    project, survey = load_survey(write_panel(tmp_path / "p", ROWS))
    ctx = BlockContext(project=project, tables=compute_all(project, survey), fmt=Formatter("da"))

    def run(ctx, name, **params):
        return REGISTRY[name].func(ctx, **params)
    # the mini panel (tests/instrument_helpers.py) at m1: Aby p1, p2; Bby p3, p4, p5 (p4: no WHO-5 score,
    # still a respondent)
    listing, total = run(ctx, "municipality-list", counts="respondents")
    assert [item.text for item in listing.items] == ["Aby: 2", "Bby: 3"] and listing.columns == 1
    assert total.text == "I alt: 5" and total.inlines[0].bold
    listing, total = run(ctx, "municipality-list", counts="respondents", wave="m2")
    assert [item.text for item in listing.items] == ["Aby: 2", "Bby: 2"] and total.text == "I alt: 4"
    with pytest.raises(ValueError, match="needs a register"):
        run(ctx, "municipality-list", counts="register")
    with pytest.raises(ValueError, match="unknown wave 'm9'"):
        run(ctx, "municipality-list", counts="respondents", wave="m9")
