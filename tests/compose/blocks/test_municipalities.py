"""Municipality as the unit (tiny project in mini_blocks.py).

Core element 1a = items f1, f2 and the leader item f5. Municipality scores (item means pooled over both
sides, then their mean), by hand:
start: Aabenraa f1 (5+4)/2, f2 (4+2)/2, f5 4 → 3,833; Billund f1 2,5, f2 3, f5 2 → 2,5; Odder 4, 4, 5 → 4,333.
slut:  Aabenraa f1 5, f2 4,5, f5 5 → 4,833; Billund (r6 only 'Ved ikke' on f1, f2) 5, 5, 5 → 5; Odder none.
"""

from __future__ import annotations

import pytest

from mini_blocks import mini_context, mini_project, mini_rows, row, run, series

from reporter.metrics.municipal import attribute_groups


@pytest.fixture(scope="module")
def ctx():
    return mini_context()


def test_core_score_figure(ctx):
    (fig,) = run(ctx, "core-score-figure")
    i = fig.categories.index("1a. Ledelse")
    assert series(fig, "Start").labels[i] == "3,56"      # (3,833 + 2,5 + 4,333) / 3
    assert series(fig, "Slut").labels[i] == "4,92"       # (4,833 + 5) / 2
    assert "N = 2–3 kommuner" in fig.notes[0]
    table = ctx.tables["core_scores"]
    hit = table[(table["municipality"] == "total") & (table["core_element"] == "1a") & (table["wave"] == "start")]
    assert series(fig, "Start").values[i] == pytest.approx(float(hit["value"].iloc[0]))


def test_spread_figure_and_table(ctx):
    (fig,) = run(ctx, "spread-figure", elements=["1a"])
    assert fig.kind == "spread" and fig.categories == ("1a – Start", "1a – Slut")
    assert [s.labels[0] for s in fig.series] == ["2,50", "3,17", "3,83", "4,08", "4,33"]   # q1 = 2,5 + ½·1,333
    (table,) = run(ctx, "spread-table", elements=["1a"])
    assert row(table, "1a. Ledelse") == ["1a. Ledelse", "Start", "2,50", "3,17", "3,83", "4,08", "4,33", "3"]


def test_movers_sentence_and_list(ctx):
    blocks = run(ctx, "movers", element="1a")
    # Billund: 2,5 < start median 3,833 and 5 > end median 4,917 → the only mover
    assert blocks[0].text.startswith("Én kommune lå under medianen ved startmålingen")
    assert [b.text for b in blocks[1:]] == ["Billund: 2,50 → 5,00"]
    moved = ctx.tables["core_score_movers"]
    assert moved[moved["core_element"] == "1a"]["municipality"].tolist() == ["Billund"]


def test_municipality_distribution_counts_municipalities(ctx):
    (fig,) = run(ctx, "municipality-distribution-figure", item="sam")
    assert fig.categories == ("Start (N=3)", "Slut (N=3)")
    # start: leaders Enig (Aabenraa), Helt enig (Billund), Enig (Odder); end: Helt enig, Uenig, Odder silent
    assert series(fig, "Enig").labels == ("2", "")
    assert series(fig, "Helt enig").labels == ("1", "1")
    assert series(fig, "Har ikke besvaret").labels == ("", "1")
    assert series(fig, "Har ikke besvaret").values[1] == pytest.approx(1 / 3)


def test_municipality_distribution_needs_one_answer_per_municipality():
    rows = mini_rows() + [("start", "r7", "Odder", "leder", "sam", "Uenig")]
    ctx = mini_context(rows=rows)
    with pytest.raises(ValueError, match="municipality 'Odder' has 2 answers to 'sam'"):
        run(ctx, "municipality-distribution-figure", item="sam")


def test_attribute_table_by_group_and_band(ctx):
    (table,) = run(ctx, "attribute-table", attribute="readiness", metric="core_score", element="1a")
    # Høj = Aabenraa and Odder: (3,833 + 4,333) / 2 = 4,08 (N 2); Lav = Billund 2,50 (N 1)
    assert row(table, "Høj")[1:3] == ["4,08", "2"]
    assert row(table, "Lav")[1:3] == ["2,50", "1"]
    (table,) = run(ctx, "attribute-table", attribute="population", bands=[25000], band_labels=["Små", "Store"],
                   metric="core_score", element="1a")
    assert row(table, "Små")[1:3] == ["4,33", "1"]          # Odder 23.000
    assert row(table, "Store")[1:3] == ["3,17", "2"]        # (3,833 + 2,5) / 2


def test_attribute_missing_names_the_municipality():
    data = mini_project().model_dump(by_alias=True)
    data["municipalities"][2]["attributes"] = {}
    project = mini_project(municipalities=data["municipalities"])
    with pytest.raises(ValueError, match="without attribute 'readiness': Odder"):
        attribute_groups(project, "readiness")
    with pytest.raises(ValueError, match="Odder"):
        run(mini_context(project), "attribute-table", attribute="readiness")


def test_top_priorities_counted_as_municipalities(ctx):
    (fig,) = run(ctx, "top-priorities-figure", item="kanal", wave="start")
    # leaders at start: Aabenraa ticks Mail and Møde, Billund Møde → Møde 2, Mail 1 municipalities (of 2)
    assert fig.categories == ("Møde", "Mail")
    assert fig.series[0].labels == ("2", "1")
    assert "ud af 2 kommuner" in fig.notes[0]


def test_wrong_kind_and_unknown_element(ctx):
    with pytest.raises(ValueError, match="'kanal' has a scale of kind 'multi'"):
        run(ctx, "municipality-distribution-figure", item="kanal")
    with pytest.raises(ValueError, match="unknown core element '9z'"):
        run(ctx, "movers", element="9z")


# --- disclosure: a group of one municipality, a municipality's own small value -------------------------------


def _with_thresholds(**thresholds):
    data = mini_project().model_dump(by_alias=True)
    return mini_project(thresholds={**data["thresholds"], **thresholds})


def test_attribute_group_with_too_few_municipalities_is_starred():
    ctx = mini_context(_with_thresholds(min_municipalities=2))
    (table,) = run(ctx, "attribute-table", attribute="readiness", metric="core_score", element="1a")
    # Lav = Billund alone: its group mean would be Billund's own 2,50 (start) → '*', N stays
    assert row(table, "Lav")[1:5] == ["*", "1", "*", "1"]
    assert row(table, "Høj")[1:3] == ["4,08", "2"]          # Aabenraa and Odder: (3,833 + 4,333) / 2
    assert any(n.startswith("* Vises ikke") and "færre end 2 kommuner" in n for n in table.notes)


def test_attribute_table_without_small_groups_has_no_star_note(ctx):
    (table,) = run(ctx, "attribute-table", attribute="readiness", metric="core_score", element="1a")
    assert not any(n.startswith("* ") for n in table.notes)


def test_attribute_group_leaves_out_a_hidden_municipality_value():
    # min_n 2: Odder has one respondent at the start, so its own score may not be shown, and a group mean with
    # it would give it away next to Aabenraa's → Høj at start = Aabenraa alone 3,83 (N 1)
    ctx = mini_context(_with_thresholds(min_n=2))
    (table,) = run(ctx, "attribute-table", attribute="readiness", metric="core_score", element="1a")
    assert row(table, "Høj")[1:5] == ["3,83", "1", "4,83", "1"]
    assert any("indgår ikke" in n and "færre end 2 besvarelser" in n for n in table.notes)


def test_movers_list_hides_a_municipality_value_below_the_rule():
    # Billund has 2 respondents in each wave: shown with min_n 2, hidden with min_n 3
    blocks = run(mini_context(_with_thresholds(min_n=2)), "movers", element="1a")
    assert [b.text for b in blocks[1:]] == ["Billund: 2,50 → 5,00"]
    blocks = run(mini_context(_with_thresholds(min_n=3)), "movers", element="1a")
    assert blocks[0].text.startswith("Én kommune")                 # who moved is still said
    assert blocks[1].text == "Billund: * → *"
    assert blocks[2].text.startswith("* ") and "færre end 3 besvarelser i kommunen" in blocks[2].text
