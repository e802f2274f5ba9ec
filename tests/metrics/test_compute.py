"""compute_all: every table present with the shared columns; chart values equal the indicator table; CLI."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from factory import make_project, make_survey, scored
from typer.testing import CliRunner

from reporter.cli import app
from reporter.metrics.compute import compute_all
from reporter.metrics.fidelity import fidelity_indicator

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = {"responses", "fidelity_indicator", "fidelity_indicator_municipality", "fidelity_mean", "power_ranking",
            "belief", "topbox", "multi_select", "ratings", "choices", "numeric_means", "spread", "movers", "coded"}
SHARED = {"municipality", "group", "wave", "value", "n"}


def _mini():
    project = make_project()
    rows = []
    for w_i, wave in enumerate(["start", "slut"]):
        for r in range(12):
            muni = ["Aabenraa", "Billund", "Odder"][r % 3]
            role = ["leder", "sagsbehandler", "mentor", "projektleder"][r % 4]
            base = 1 + (r + w_i * 2) % 5
            rows += scored(wave, f"{wave}{r}", muni, role, {"f1": base, "f2": 6 - base, "f3": base, "f4": 3})
            if role == "leder":
                rows += scored(wave, f"{wave}{r}", muni, role, {"f5": base})
    return project, make_survey(project, rows)


def test_every_table_is_there_with_the_shared_columns() -> None:
    project, survey = _mini()
    tables = compute_all(project, survey)
    assert REQUIRED <= set(tables)
    for name, table in tables.items():
        assert isinstance(table, pd.DataFrame), name
        assert SHARED <= set(table.columns), (name, list(table.columns))


def test_indicator_is_helper_table_with_change_and_totals_first_by_municipality() -> None:
    project, survey = _mini()
    tables = compute_all(project, survey)
    indicator = tables["fidelity_indicator"]
    plain = fidelity_indicator(project, survey, by="role")
    pd.testing.assert_frame_equal(indicator[plain.columns], plain)   # no re-implementation
    slut = indicator[indicator["wave"] == "slut"]
    assert slut["status"].notna().all() and indicator[indicator["wave"] == "start"]["status"].isna().all()
    muni = tables["fidelity_indicator_municipality"]
    assert muni["municipality"].iloc[0] == "total"


def test_spread_and_movers_come_from_the_municipality_indicator() -> None:
    project, survey = _mini()
    tables = compute_all(project, survey)
    muni = tables["fidelity_indicator_municipality"]
    spread = tables["spread"]
    for (index, wave), sub in muni[muni["municipality"] != "total"].groupby(["index", "wave"]):
        got = spread[(spread["index"] == index) & (spread["wave"] == wave)].set_index("statistic")["value"]
        assert got["median"] == pytest.approx(sub["value"].median())
        assert got["min"] == pytest.approx(sub["value"].min())
    assert set(tables["movers"]["wave"]) <= {"slut"}


def test_side_tables_carry_suppression_flags_but_exact_values() -> None:
    project, survey = _mini()
    tables = compute_all(project, survey)
    for name in ("fidelity_mean", "power_ranking"):
        table = tables[name]
        assert {"suppressed", "suppressed_reason", "change", "status"} <= set(table.columns)
    mean = tables["fidelity_mean"]
    # each municipality has 1 leader per wave: below min_n (3), flagged, value kept for the analyst
    leaders = mean[(mean["group"] == "leader") & (mean["municipality"] != "total") & (mean["n"] > 0)]
    assert leaders["suppressed"].all()
    samlet = mean[(mean["group"] == "samlet") & (mean["municipality"] != "total") & mean["value"].notna()]
    assert samlet["suppressed"].all()   # samlet would reveal the hidden leader value


def test_cli_metrics_on_stv_fixture(tmp_path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["metrics", str(ROOT / "fixtures" / "stv"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    for name in ("power_ranking", "fidelity_mean", "responses", "fidelity_indicator", "belief"):
        table = pd.read_csv(out / "metrics" / f"{name}.csv", keep_default_na=False, na_values=[""])
        assert SHARED <= set(table.columns), name
        assert len(table) > 0
    workbook = pd.read_excel(out / "metrics.xlsx", sheet_name=None)
    assert REQUIRED <= set(workbook)
    for name in ("power_ranking", "fidelity_mean", "responses", "fidelity_indicator", "belief"):
        assert SHARED <= set(workbook[name].columns)
    responses = pd.read_csv(out / "metrics" / "responses.csv", keep_default_na=False, na_values=[""])
    totals = responses[(responses["municipality"] == "total") & (responses["group"] == "total")]
    assert list(totals["value"]) == [587, 467, 449]   # STV Tabel 1


@pytest.mark.parametrize("fixture", ["stv", "stv-summary"])
def test_only_some_tables_gives_exactly_those_tables_as_computed_in_full(fixture) -> None:
    """``only`` (the profiles' tables, and a spread/core-score pair that shares inputs): the same tables as the
    full computation, nothing else, and no register tables."""
    from reporter.compose.profile import PROFILE_TABLES
    from reporter.data.load import load_survey

    project, survey = load_survey(ROOT / "fixtures" / fixture)
    full = compute_all(project, survey)
    for only in (PROFILE_TABLES, ("movers", "core_score_spread")):
        project, survey = load_survey(ROOT / "fixtures" / fixture)   # fresh caches: nothing reused from the full run
        some = compute_all(project, survey, only=only)
        assert list(some) == [name for name in full if name in only]
        for name in only:
            pd.testing.assert_frame_equal(some[name], full[name], check_exact=True)
