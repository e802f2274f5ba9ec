"""Secondary suppression in the documents: no hidden ("*") value of a note table can be recomputed exactly from
the displayed values of the same table, its Total row and its Samlet column (a rank test of the relations a
reader knows, tests/compose/displayed_relations.py), over every table of the STV and SOF notes in both the
built-in and the seed-order template."""

from __future__ import annotations

import pytest

from displayed_relations import (count_total_relations, fidelity_side_relations, hidden_cells, recoverable,
                                 side_table_relations)
from example_projects import computed
from reporter.compose.note import build_note
from reporter.config.models import DocumentSettings

# every table shape that can hold a '*', with the exact relations between its displayed cells; the indicator
# tables' Total is pooled over answers (Σ top / Σ valid) with weights that are not printed: no exact relation
SHAPES = {
    "power_ranking": "side", "fidelity_mean": "side", "fidelity_side": "fidelity_side",
    "tbl-fidelity-side": "fidelity_side", "responses": "counts", "tbl-responses": "counts",
}
POOLED = ("indicator_role_", "indicator_municipality_")


def _relations(table, shape: str, waves: int) -> list[dict]:
    if shape == "side":
        return side_table_relations(table, waves)
    if shape == "fidelity_side":
        return fidelity_side_relations(table, waves)
    return count_total_relations(table)


@pytest.fixture(scope="module", params=[(p, t) for p in ("stv", "sof") for t in ("survey-end", "note-seed-order.md")],
                ids=lambda x: f"{x[0]}-{x[1]}")
def note(request):
    name, template = request.param
    c = computed(name)
    project = c.project.model_copy(update={"note": DocumentSettings(template=template)})
    return project, build_note(project, c.tables, project_dir=c.directory)


def test_no_hidden_cell_of_any_note_table_is_recoverable(note):
    project, report = note
    checked = 0
    for table in report.tables():
        secret = hidden_cells(table)
        if not secret:
            continue
        if table.key.startswith(POOLED):
            continue
        assert table.key in SHAPES, f"table {table.key!r} holds a '*': state its displayed relations here"
        relations = _relations(table, SHAPES[table.key], len(project.waves))
        assert relations, table.key
        assert not recoverable(relations, secret), (table.key, sorted(recoverable(relations, secret)))
        checked += 1
    assert checked


def test_the_rank_test_finds_the_leak_the_total_row_would_open(note):
    """Sanity of the check itself: un-hiding one complementary cell in a table with a Total row makes some hidden
    cell recoverable again (so the check is not vacuous)."""
    from dataclasses import replace

    project, report = note
    table = next((t for t in report.tables() if SHAPES.get(t.key) in ("side", "fidelity_side")
                  and any(r.kind == "total" for r in t.rows) and hidden_cells(t)), None)
    assert table is not None
    relations = _relations(table, SHAPES[table.key], len(project.waves))
    secret = hidden_cells(table)
    leaks = 0
    for cell in sorted(secret):
        if recoverable(relations, secret - {cell}) - {cell}:
            leaks += 1
    assert leaks, "no hidden cell protects another: the check would not notice a missing secondary suppression"


@pytest.mark.parametrize("name", ["stv", "sof"])
def test_no_hidden_cell_of_a_profile_is_recoverable(name):
    """The profile's fidelity-mean table: Samlet = (employees + leaders) / 2 in the score column."""
    from reporter.compose.profile import build_profile, profile_inputs

    c = computed(name)
    inputs = profile_inputs(c.project, c.tables)
    for m in c.project.municipalities:
        table = next(t for t in build_profile(c.project, inputs, m.name).tables() if t.key == "profile_mean")
        cells = [table.rows[i].cells[2] for i in (1, 2, 3)]
        secret = {i for i, cell in zip((1, 2, 3), cells) if cell.status == "suppressed"}
        if not secret or not all(cell.status == "suppressed" or cell.value is not None for cell in cells):
            continue
        assert not recoverable([{3: 1.0, 1: -0.5, 2: -0.5}], secret), m.name
