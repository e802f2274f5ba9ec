"""The SOF table shapes (tiny project in mini_blocks.py)."""

from __future__ import annotations

import pytest

from mini_blocks import mini_context, row, run

from reporter.text.numbers import fmt_number


@pytest.fixture(scope="module")
def ctx():
    return mini_context()


def test_fidelity_side_table(ctx):
    (table,) = run(ctx, "fidelity-side-table")
    headers = [c.text for c in table.rows[2].cells]
    assert headers[:6] == ["Kommune", "N", "Score", "N", "Score", "Score"]
    assert headers[-1] == "Score" and table.rows[0].cells[-1].text.startswith("Ændring")
    aabenraa = row(table, "Aabenraa")
    # by hand, start: employees r2 f1 4, f2 2, f4 4 → reversed 2: (4+2+2)/3 = 2,67; leaders r1 5, 4, 3, 2 → 4, 4:
    # 20/5 = 4,00; Samlet (2,667+4)/2 = 3,33. End: employees (5+4+5+2)/4 = 4,00, leaders (5+5+4+4+5)/5 = 4,60,
    # Samlet 4,30. Ændring 4,30 − 3,33 = 0,97
    assert aabenraa[1:6] == ["1", "2,67", "1", "4,00", "3,33"]
    assert aabenraa[6:11] == ["1", "4,00", "1", "4,60", "4,30"]
    assert aabenraa[11] == "0,97"
    billund = row(table, "Billund")
    # end: r6's only valid fidelity answer is f4 → 1 of 4 items < min_valid_items 2 → '*'
    assert billund[7] == "*"
    assert "Ugyldigt gennemsnit (*): medarbejdere i Billund ved slutmålingen, da det kun ville bygge på " \
        "1 af de 4 spørgsmål." in table.notes
    metric = ctx.tables["fidelity_mean"]
    hit = metric[(metric["municipality"] == "Billund") & (metric["group"] == "leader") & (metric["wave"] == "start")]
    assert billund[4] == fmt_number(float(hit["value"].iloc[0]), 2, "da")
    assert row(table, "Alle")[0] == "Alle"


def test_function_count_table(ctx):
    (table,) = run(ctx, "function-count-table", item="kanal", side="leader")
    # by hand: leaders at start r1 Mail+Møde, r3 Møde → Mail 1, Møde 2 (the end wave has no kanal answers)
    assert [c.text for c in table.rows[0].cells] == ["Arbejdsfunktioner", "Start"]
    assert row(table, "Mail") == ["Mail", "1"]
    assert row(table, "Møde") == ["Møde", "2"]
    assert "flere svar" in table.caption


def test_coded_waves_table(ctx):
    (table,) = run(ctx, "coded-waves-table", question="barriere")
    assert [c.text for c in table.rows[0].cells] == ["Forhold", "Essens", "Start", "Slut"]
    assert row(table, "Ressourcer")[0] == "Ressourcer"          # a code-group row
    tid = row(table, "Tidspres")
    # by hand: start: r2 (employee) and r1 (leader) named 'tid', each of 1 who answered
    assert tid[2] == "Anført af 1 ud af 1 medarbejdere. Anført af 1 ud af 1 ledere."
    assert tid[3] == "Anført af 0 ud af 1 medarbejdere. Anført af 0 ud af 1 ledere."
    assert "Y = antal, der har besvaret" in table.notes[0]


def test_bad_input(ctx):
    with pytest.raises(ValueError, match="'sager' has a scale of kind 'numeric'"):
        run(ctx, "function-count-table", item="sager")
    with pytest.raises(ValueError, match="unknown coded question 'nope'"):
        run(ctx, "coded-waves-table", question="nope")


def test_small_groups_are_hidden_with_the_note():
    """With a disclosure threshold of 2, Aabenraa's single employee and single leader are hidden. Their Samlet
    (n = 2, both parts hidden) reveals neither on its own, but with Billund's Samlet and the Total row it would
    give Odder's single leader value away (A_e + A_l, B_e + B_l, A_e + B_e and A_l + B_l + O_l are all known),
    so it is hidden too, as the metric's flags say; the suppression note explains the '*'. The figures hide small
    roles the same way."""
    from mini_blocks import mini_project, series

    project = mini_project(thresholds={"min_n": 2, "min_valid_items": 2})
    ctx = mini_context(project, min_n=2)
    (table,) = run(ctx, "fidelity-side-table")
    aabenraa = row(table, "Aabenraa")
    assert aabenraa[1:6] == ["1", "*", "1", "*", "*"]
    fm = ctx.tables["fidelity_mean"]
    assert fm[(fm["municipality"] == "Aabenraa") & (fm["group"] == "samlet") & (fm["wave"] == "start")][
        "suppressed"].iloc[0]
    assert any(n.startswith("* ") and "færre end 2" in n for n in table.notes)
    (fig,) = run(ctx, "statement-topbox-figure", items=["f1"])
    start = series(fig, "Start")
    assert start.labels[fig.categories.index("Sagsbehandler")] == "*"      # 1 answer < 2
    assert start.labels[fig.categories.index("Leder")] == "67%"            # 3 answers
    assert start.labels[fig.categories.index("Total")] == "60%"            # the Total is always shown
    assert any("færre end 2" in n for n in fig.notes)
