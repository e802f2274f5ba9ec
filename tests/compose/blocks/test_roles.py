"""Role splits and numeric means per municipality (tiny project in mini_blocks.py)."""

from __future__ import annotations

import pytest

from mini_blocks import mini_context, run, series


@pytest.fixture(scope="module")
def ctx():
    return mini_context()


def test_multi_select_split_by_side(ctx):
    (fig,) = run(ctx, "role-split-figure", item="kanal", by="side", waves=["start"])
    assert fig.categories == ("Mail", "Møde")
    # by hand: leaders r1 (Mail, Møde) and r3 (Møde) → Mail 1/2, Møde 2/2; employees r2 (Mail) → 1/1
    assert series(fig, "Ledere").labels == ("50%", "100%")
    assert series(fig, "Medarbejdere").labels == ("100%", "0%")
    assert series(fig, "Total").values[0] == pytest.approx(2 / 3)
    # pooled from the role rows = the metric table's total row
    table = ctx.tables["multi_select"]
    hit = table[(table["item"] == "kanal") & (table["group"] == "total") & (table["wave"] == "start")
                & (table["option"] == "Mail")]
    assert series(fig, "Total").values[0] == pytest.approx(float(hit["value"].iloc[0]))
    assert "Mulighed for flere svar." in fig.notes


def test_single_choice_split_shows_role_wording(ctx):
    (fig,) = run(ctx, "role-split-figure", item="bruger", waves=["start"])
    # by hand: leaders at start Ja (r1), Nej (r3), Nej (r5) → Ja 1/3
    assert series(fig, "Leder").values[fig.categories.index("Ja")] == pytest.approx(1 / 3)
    assert any("Bruger dine medarbejdere værktøjet?" in n and "leder" in n for n in fig.notes)


def test_numeric_split_and_per_municipality(ctx):
    (fig,) = run(ctx, "role-split-figure", item="sager")
    # by hand: start 20 (sagsbehandler) and 30 (mentor) → total 25,0
    assert series(fig, "Start").labels[fig.categories.index("Total")] == "25,0"
    (fig,) = run(ctx, "numeric-municipality-figure", items=["sager"])
    assert fig.categories == ("Billund", "Aabenraa")   # Danish collation: 'Aa' sorts as 'Å', last
    assert series(fig, "Start").labels == ("30,0", "20,0")
    assert series(fig, "Slut").labels == ("", "25,0")
    table = ctx.tables["numeric_means_municipality"]
    hit = table[(table["municipality"] == "Aabenraa") & (table["wave"] == "slut")]
    assert series(fig, "Slut").values[1] == pytest.approx(float(hit["value"].iloc[0]))


def test_role_split_on_side_without_respondents(ctx):
    with pytest.raises(ValueError) as err:
        run(ctx, "role-split-figure", item="sager", by="side", groups=["leader"])
    assert "'sager'" in str(err.value) and "'leader'" in str(err.value)


def test_wrong_scale_kind(ctx):
    with pytest.raises(ValueError, match="'f1' has a scale of kind 'ordinal'"):
        run(ctx, "numeric-municipality-figure", items=["f1"])
    with pytest.raises(ValueError, match="unknown municipality 'Vejle'"):
        run(ctx, "numeric-municipality-figure", items=["sager"], municipalities=["Vejle"])
