"""Statement batteries: top-box, means, distributions and ratings — numbers equal the metric tables and one
hand-computed value each (tiny project in mini_blocks.py)."""

from __future__ import annotations

import pytest

from mini_blocks import mini_context, run, series

from reporter.text.numbers import fmt_percent


@pytest.fixture(scope="module")
def ctx():
    return mini_context()


def test_topbox_figure_by_role(ctx):
    (fig,) = run(ctx, "statement-topbox-figure", items=["f1"])
    assert fig.categories == ("Leder", "Sagsbehandler", "Mentor", "Total")   # no projektleder answered at start
    start = series(fig, "Start")
    # by hand: f1 at start 5, 4, 2, 3, 4 → top (Helt enig/Enig) 3 of 5 = 60 %; leaders 5, 2, 4 → 2 of 3
    assert start.labels[fig.categories.index("Total")] == "60%"
    assert start.labels[fig.categories.index("Leder")] == "67%"
    table = ctx.tables["topbox"]
    for cat, value in zip(fig.categories, start.values):
        gid = {"Total": "total", "Leder": "leder", "Sagsbehandler": "sagsbehandler", "Mentor": "mentor"}[cat]
        hit = table[(table["item"] == "f1") & (table["group"] == gid) & (table["wave"] == "start")]
        assert value == pytest.approx(float(hit["value"].iloc[0]))
    assert "n = 1–5" in start.name


def test_means_figure_by_side(ctx):
    (fig,) = run(ctx, "statement-means-figure", items=["f1", "f2"], by="side")
    start = series(fig, "Start")
    # by hand: f1 employees at start (r2 4, r4 3) → 3,50; total (5+4+2+3+4)/5 = 3,60
    assert start.labels[fig.categories.index("Ledelsen prioriterer indsatsen – Medarbejdere")] == "3,50"
    assert start.labels[fig.categories.index("Ledelsen prioriterer indsatsen – Total")] == "3,60"
    assert fig.value_format == "number" and fig.value_max == 5.0
    assert fig.kind == "clustered_bar"
    (fig,) = run(ctx, "statement-means-figure", items=["f1"], orientation="horizontal")
    assert fig.kind == "horizontal_bar"


def test_distribution_figure_keeps_dont_know(ctx):
    (fig,) = run(ctx, "distribution-figure", items=["sam"])
    row = fig.categories.index("Leder – Start (n=3)")
    # by hand: leaders at start Enig, Helt enig, Enig → Enig 2/3, Helt enig 1/3
    assert series(fig, "Enig").labels[row] == "67%"
    assert series(fig, "Helt enig").labels[row] == "33%"
    mentor = fig.categories.index("Mentor – Start (n=1)")
    assert series(fig, "Ved ikke").values[mentor] == 1.0
    table = ctx.tables["statement_distribution"]
    hit = table[(table["item"] == "sam") & (table["group"] == "leder") & (table["wave"] == "start")
                & (table["option"] == "Enig")]
    assert series(fig, "Enig").values[row] == pytest.approx(float(hit["value"].iloc[0]))


def test_ratings_among_users_only(ctx):
    (fig,) = run(ctx, "ratings-figure", by="side", wave="start")
    # by hand: users at start r1 Helt enig, r2 Uenig, r4 Enig → 2 of 3; employees r2, r4 → 1 of 2
    assert series(fig, "Total").labels == (fmt_percent(2 / 3, "da"),)
    assert series(fig, "Medarbejdere").labels == ("50%",)
    assert "Kun deltagere" in fig.notes[0]


@pytest.mark.parametrize("name,params,words", [
    ("statement-topbox-figure", {"items": ["sager"]}, ["'sager'", "'numeric'"]),
    ("statement-topbox-figure", {"items": ["vaerktoej"]}, ["'vaerktoej'", "ratings-figure"]),
    ("statement-means-figure", {"items": ["bruger"]}, ["'bruger'", "'single'"]),
    ("distribution-figure", {"items": ["f1"]}, ["'f1'", "fidelity"]),
    ("ratings-figure", {"items": ["f1"]}, ["'f1'", "no filter"]),
    ("statement-topbox-figure", {"items": ["f5"], "groups": ["mentor"]}, ["'f5'", "mentor"]),
])
def test_bad_input_names_block_item(ctx, name, params, words):
    with pytest.raises(ValueError) as err:
        run(ctx, name, **params)
    for w in words:
        assert w in str(err.value)


def test_citizen_survey_without_staff_roles():
    from mini_blocks import mini_project, mini_rows

    project = mini_project(roles=[{"id": "leder", "label": "Borger", "side": "employee"},
                                  {"id": "projektleder", "label": "Pårørende", "side": "employee"},
                                  {"id": "sagsbehandler", "label": "Borger 2", "side": "employee"},
                                  {"id": "mentor", "label": "Borger 3", "side": "employee"}])
    ctx = mini_context(project, mini_rows())
    (fig,) = run(ctx, "statement-topbox-figure", items=["f1"], by="side")
    assert fig.categories == ("Medarbejdere", "Total")
    assert series(fig, "Start").labels == ("60%", "60%")
    (fig,) = run(ctx, "distribution-figure", items=["sam"], groups=["total"])
    assert len(fig.categories) == 2
