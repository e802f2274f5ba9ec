"""The blocks of the built-in survey note, each with one value computed by hand from the answers of the tiny
project in mini_blocks.py (its docstring lists the respondents).

Fidelity items f1–f5, f4 reversed (score 6 − raw), f5 asked of leaders only; top box = Helt enig or Enig."""

from __future__ import annotations

import datetime as dt

import pytest

from mini_blocks import mini_context, mini_project, mini_rows, row, run, series


@pytest.fixture(scope="module")
def ctx():
    return mini_context()


def test_response_table(ctx):
    (table,) = run(ctx, "response-table")
    # start: leaders r1, r3, r5; slut: r1, r3 → 3 and 2; totals 5 and 4; rates 5/40 = 12,5 % and 4/30 = 13,3 %
    assert row(table, "Leder") == ["Leder", "3", "2"]
    assert row(table, "Total") == ["Total", "5", "4"]
    assert row(table, "Svarprocent") == ["Svarprocent", "13%", "13%"]


def test_power_ranking_table(ctx):
    (table,) = run(ctx, "power-ranking-table")
    # leaders at start, item means (f4 reversed): Aabenraa 5, 4, 3, 4, 4; Billund 2, 3, 4, 3, 2; Odder 4, 4, 4, 2, 5.
    # benchmarks 3,67 3,67 3,67 3,00 3,67 → Aabenraa beats 4 of 5 (80 %), Odder 4 of 5, Billund 1 of 5 (f4 a tie)
    assert row(table, "Aabenraa")[3] == "80%"
    assert row(table, "Odder")[3] == "80%"
    assert row(table, "Billund")[3] == "20%"


def test_fidelity_mean_table(ctx):
    (table,) = run(ctx, "fidelity-mean-table")
    # Odder's leader at start: 4, 4, 4, 6 − 4 = 2, 5 → 19 / 5 = 3,80
    assert row(table, "Odder")[3] == "3,80"
    assert row(table, "Aabenraa")[1:7] == ["2,67", "4,00", "4,00", "4,60", "3,33", "4,30"]


def test_indicator_role_tables(ctx):
    first, second = run(ctx, "indicator-role-tables")
    # leaders at start on 1a (f1, f2 and the leader item f5): r1 5, 4, 4; r3 2, 3, 2; r5 4, 4, 5 → 6 of 9 top
    assert row(first, "Ledelsesfokus (1a)")[1] == "67%"
    # 2a (f4 reversed): leaders' raw 2, 3, 4 → scores 4, 3, 2 → 1 of 3
    assert row(first, "Virksomhedspladser (2a)")[1] == "33%"
    # Total at start on 1a: leaders 6 of 9, r2 4 and 2 (1 top), r4 3 and 3 → 7 of 13 = 54 %
    assert row(second, "Ledelsesfokus (1a)")[3] == "54%"


def test_indicator_municipality_tables(ctx):
    tables = run(ctx, "indicator-municipality-tables")
    cells = [[c.text for c in r.cells] for t in tables for r in t.rows]
    header = next(c for c in cells if "Ledelsesfokus (1a)" in " ".join(c))
    aabenraa = next(c for c in cells if c and c[0] == "Aabenraa")
    # Aabenraa at start on 1a: r1 5, 4, 4 (3 top) and r2 4, 2 (1 top) → 4 of 5 = 80 %
    col = next(i for i, h in enumerate(header) if "Ledelsesfokus (1a)" in h)
    assert aabenraa[col] == "80%", (header, aabenraa)


def test_index_figure(ctx):
    (fig,) = run(ctx, "index-figure", index="1a")
    start = series(fig, "Start")
    names = [c.split("\n")[0] for c in fig.categories]                  # "Leder" over "n=3/…"
    assert start.labels[names.index("Total")] == "54%"          # 7 of 13, as in the role table
    assert start.labels[names.index("Leder")] == "67%"


def test_method_table(ctx):
    (table,) = run(ctx, "method-table")
    questions = row(table, "1a. Ledelse")[2]
    assert "“Ledelsen prioriterer indsatsen”" in questions and "(kun ledere)" in questions   # f5 is a leader item


def test_other_figures(ctx):
    figs = {b.key: b for b in run(ctx, "other-figures") if hasattr(b, "series")}
    # 'Bruger du værktøjet?' at start: Ja r1, r2, r4; Nej r3, r5 → 3 of 5
    assert series(figs["fig_bruger"], "Start").labels == ("60%", "40%")
    # caseload at start: sagsbehandler r2 20, mentor r4 30
    assert series(figs["fig_caseload"], "Start").labels == ("20", "30")


def test_coded_tables(ctx):
    blocks = run(ctx, "coded-tables")
    table = blocks[1]
    # the last wave: leader r1 names 'it'; employee r2 answered without naming it → 0 of 1 and 1 of 1
    assert row(table, "It-problemer")[2:] == ["0 ud af 1", "1 ud af 1"]


def test_role_groups_and_fieldwork(ctx):
    (paragraph,) = run(ctx, "role-groups")
    assert "projektleder, sagsbehandler og mentor" in paragraph.text      # the employee side's three roles
    assert run(ctx, "fieldwork") == []                                     # no fieldwork dates: nothing
    data = mini_project().model_dump(by_alias=True)
    data["waves"][0].update(fieldwork_from=dt.date(2024, 1, 8), fieldwork_to=dt.date(2024, 2, 2))
    (paragraph,) = run(mini_context(mini_project(waves=data["waves"])), "fieldwork")
    assert "startmålingen" in paragraph.text and "2024" in paragraph.text and "slutmålingen" not in paragraph.text


def test_belief_figure_from_banded_answers():
    from factory import answers   # tests/metrics/factory.py, on the path through mini_blocks

    rows = mini_rows()
    rows += answers("start", "r1", "Aabenraa", "leder", {"tro": "50-100 %"})
    rows += answers("start", "r3", "Billund", "leder", {"tro": "0-49 %"})
    rows += answers("start", "r5", "Odder", "leder", {"tro": "50-100 %"})
    (fig,) = run(mini_context(rows=rows), "belief-figure", item="tro")
    i = fig.categories.index(next(c for c in fig.categories if c.startswith("Leder – Start")))
    # leaders at start: 50-100 % r1 and r5, 0-49 % r3 → 2 of 3
    assert series(fig, "50-100 %").labels[i] == "67%"
