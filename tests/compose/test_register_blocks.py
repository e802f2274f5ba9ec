"""Register blocks: every printed number comes from the metric tables, formatted the Danish way."""

from __future__ import annotations

import math

import pytest
from register_helpers import REGISTER_PROJECT

from reporter.compose import register as rb
from reporter.compose.cells import Formatter
from reporter.data.load import load_survey
from reporter.metrics.compute import compute_all
from reporter.model import Figure, Table
from reporter.text.numbers import fmt_number, fmt_percent, fmt_pp


@pytest.fixture(scope="module")
def computed():
    project, survey = load_survey(REGISTER_PROJECT)
    return project, compute_all(project, survey), Formatter()


def _one(table, **keys):
    rows = table
    for k, v in keys.items():
        rows = rows[rows[k] == v]
    assert len(rows) == 1, keys
    return rows.iloc[0]


def test_outcome_table_cells_equal_time_points(computed):
    project, tables, fmt = computed
    block = rb.outcome_table(project, tables, fmt, outcome="virk_ord")
    assert isinstance(block, Table)
    body = [r for r in block.rows if r.kind != "header"]
    assert [r.cells[0].text for r in body] == ["Alle STV-jobcentre", "Sammenligningsgruppen"]
    tp = tables["register_time_points"]
    expected = [fmt_percent(_one(tp, municipality="total", group="K", segment=s, outcome="virk_ord",
                                 time_point=p)["value"]) for s in ("Kontanthjælp", "Ressourceforløb")
                for p in ("start", "slut")]
    assert [c.text for c in body[1].cells[1:]] == expected


def test_line_series_carry_group_and_role(computed):
    project, tables, fmt = computed
    fig = rb.outcome_lines(project, tables, fmt, outcome="virk_ord")
    assert isinstance(fig, Figure) and fig.kind == "line" and len(fig.categories) == 104
    roles = {s.group: s.role for s in fig.series}
    assert roles == {"Alle STV-jobcentre": "intervention", "Sammenligningsgruppen": "comparison"}
    out = tables["register_outcomes"]
    week52 = _one(out, municipality="total", group="K", segment="total", outcome="virk_ord", period=52)["value"]
    comparison = next(s for s in fig.series if s.role == "comparison")
    assert comparison.values[51] == pytest.approx(week52) and comparison.labels[51] == fmt_percent(week52)


def test_km_figure_bands_and_median_note(computed):
    project, tables, fmt = computed
    fig = rb.km_figure(project, tables, fmt, event="forste_virk")
    km = tables["register_km"]
    s = next(x for x in fig.series if x.role == "intervention")
    row = _one(km, event="forste_virk", group="I", time=26)
    assert (s.values[26], s.lower[26], s.upper[26]) == pytest.approx((row["survival"], row["lower"], row["upper"]))
    median = _one(tables["register_km_median"], event="forste_virk", group="I")["median"]
    assert f"uge {fmt_number(median, 0)}" in fig.notes[0]


def test_effect_labels_have_pp_and_stars_from_the_table(computed):
    project, tables, fmt = computed
    fig = rb.effects_figure(project, tables, fmt)
    eff = tables["register_effects"]
    row = _one(eff, model="ols", outcome="virk_ord", segment="total", term="intervention")
    i = fig.categories.index("Andel i virksomhedsrettet indsats eller med ordinære timer – Alle")
    assert fig.series[0].labels[i] == fmt_pp(row["estimate"]) + row["stars"]
    assert fig.series[0].lower[i] == pytest.approx(row["lower"]) and fig.reference == 0.0
    ratios = rb.odds_ratio_figure(project, tables, fmt)
    assert ratios.kind == "ratio_bar" and ratios.reference == 1.0


def test_unfittable_model_is_blank_with_a_note(computed):
    project, tables, fmt = computed
    eff = tables["register_effects"].copy()
    mask = (eff["model"] == "logit") & (eff["segment"] == "total") & (eff["outcome"] == "virk")
    eff.loc[mask & (eff["term"] == "intervention"), ["estimate", "lower", "upper", "p"]] = math.nan
    eff.loc[mask & (eff["term"] == "intervention"), "reason"] = "perfect separation"
    fig = rb.odds_ratio_figure(project, {**tables, "register_effects": eff}, fmt)
    i = fig.categories.index("Andel i virksomhedspraktik eller løntilskud – Alle")
    assert fig.series[0].values[i] is None and fig.series[0].labels[i] == ""
    assert any("fuldstændig adskillelse" in n for n in fig.notes)


def test_regression_table_bold_and_italic_follow_p(computed):
    import pandas as pd

    project, tables, fmt = computed
    reg = pd.DataFrame([
        {"outcome": "virk_ord", "segment": "total", "term": "fidelity", "coefficient": 1.58, "p": 0.03,
         "r2": 0.05, "n": 27, "significance": "bold", "reason": ""},
        {"outcome": "virk_ord", "segment": "total", "term": "belief", "coefficient": -0.14, "p": 0.08,
         "r2": 0.05, "n": 27, "significance": "italic", "reason": ""},
        {"outcome": "virk_ord", "segment": "total", "term": "r2", "coefficient": math.nan, "p": math.nan,
         "r2": 0.05, "n": 27, "significance": "", "reason": ""}])
    table = rb.regression_table(project, {**tables, "register_regression": reg}, fmt, outcomes=["virk_ord"],
                                segments=["total"])
    body = {r.cells[0].text: r.cells for r in table.rows if r.kind != "header"}
    assert (body["Fidelitet"][1].text, body["Fidelitet"][1].emphasis) == ("1,58", "bold")
    assert (body["Troen på borgeren"][2].text, body["Troen på borgeren"][2].emphasis) == ("0,080", "italic")
    assert body["R²"][1].text == "0,05"
    blank = rb.regression_table(project, {**tables, "register_regression": reg.assign(significance="")}, fmt,
                                outcomes=["virk_ord"], segments=["total"], blank_insignificant=True)
    assert all(c.text == "" for r in blank.rows if r.kind != "header" and r.cells[0].text != "R²"
               for c in r.cells[1:])


def test_equation_text_in_danish():
    assert rb.equation_text(Formatter(), 0.0514, 0.5811, 0.0779, "da") == "y = 0,0514x + 0,5811, R² = 0,0779"
    assert rb.equation_text(Formatter(), -1.2, -0.25, 0.5, "da") == "y = -1,2000x - 0,2500, R² = 0,5000"


def test_key_figures_suppress_below_min_n(computed):
    project, tables, fmt = computed
    kf = tables["register_key_figures"].copy()
    kf.loc[(kf["municipality"] == "Ærø") & (kf["figure"] == "virk_ord"), "suppressed"] = True
    table = rb.key_figures_table(project, {**tables, "register_key_figures": kf}, fmt)
    header = [c.text for c in table.rows[0].cells]
    assert header[-1] == "I alt"
    row = next(r for r in table.rows if r.cells[0].text.startswith("Andel i virksomhedsrettet"))
    assert row.cells[header.index("Ærø")].text == "*"
    total = _one(kf, municipality="total", figure="virk_ord")["value"]
    assert row.cells[-1].text == fmt_percent(total)


def test_population_table_marks_significant_rows(computed):
    project, tables, fmt = computed
    table = rb.population_table(project, tables, fmt)
    pop = tables["register_population"]
    for r in table.rows:
        if r.kind != "body":
            continue
        category = r.cells[0].text
        metric = pop[pop["category"] == category].iloc[0]
        assert (r.cells[3].emphasis == "bold") == bool(metric["significant"])
        assert r.cells[1].text == fmt_percent(metric["share_intervention"])


def test_builders_have_block_signature_and_docstring():
    import inspect

    for name, fn in rb.BLOCKS.items():
        params = list(inspect.signature(fn).parameters.values())
        assert [p.name for p in params[:3]] == ["project", "tables", "fmt"], name
        assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in params[3:]), name
        assert fn.__doc__ and fn.__doc__.splitlines()[0].strip(), name


@pytest.mark.parametrize("reason, text", [
    ("too few events (3 < 10)", "for få hændelser (3)"),
    ("too few municipalities (1 < 3)", "for få kommuner (1)"),
    ("perfect separation (a group has no variation in the outcome)", "fuldstændig adskillelse"),
    ("fidelity does not vary", "en forklarende variabel varierer ikke"),
])
def test_reasons_are_danish(reason, text):
    assert rb.reason_text(reason, "da").startswith(text)
