"""Small-group suppression: primary (n < min_n) and complementary (a hidden part derivable from an aggregate)."""

from __future__ import annotations

import math

import pandas as pd
from factory import fidelity_project, make_survey, scored

from reporter.metrics.fidelity import fidelity_mean
from reporter.metrics.suppression import SAMLET_LINK, Link, suppress


def _profile_rows(leader_n: int) -> pd.DataFrame:
    return pd.DataFrame({
        "municipality": ["A", "A", "A", "B", "B", "B"],
        "group": ["employee", "leader", "samlet"] * 2,
        "wave": ["slut"] * 6,
        "value": [3.5, 4.1, 3.8, 3.0, 3.2, 3.1],
        "n": [12, leader_n, 12 + leader_n, 9, 6, 15],
    })


def test_primary_suppression_of_a_small_group() -> None:
    out = suppress(_profile_rows(2), min_n=5)
    assert list(out["suppressed"]) == [False, True, False, False, False, False]
    assert math.isnan(out.loc[1, "value"]) and out.loc[1, "suppressed_reason"] == "min_n"
    assert out.loc[2, "value"] == 3.8                       # without a link nothing else is touched


def test_complementary_suppression_of_samlet() -> None:
    # samlet = mean(employee, leader): employee 3.5 and samlet 3.8 would reveal leader = 4.1
    out = suppress(_profile_rows(2), min_n=5, links=[SAMLET_LINK])
    assert list(out["suppressed"]) == [False, True, True, False, False, False]
    assert list(out["suppressed_reason"].iloc[:3]) == [None, "min_n", "complementary"]
    assert out.loc[0, "value"] == 3.5 and math.isnan(out.loc[2, "value"])
    assert list(out["value"].iloc[3:]) == [3.0, 3.2, 3.1]


def test_no_suppression_at_min_n() -> None:
    out = suppress(_profile_rows(5), min_n=5, links=[SAMLET_LINK])
    assert not out["suppressed"].any() and out["value"].notna().all()


def test_two_hidden_parts_leave_the_aggregate() -> None:
    table = pd.DataFrame({"municipality": "total", "group": ["a", "b", "c", "total"], "wave": "start",
                          "value": [0.2, 0.4, 0.5, 0.45], "n": [2, 3, 40, 45]})
    link = Link(keys=("municipality", "wave"), column="group", parts=("a", "b", "c"), aggregate="total")
    out = suppress(table, min_n=5, links=[link])
    assert list(out["suppressed"]) == [True, True, False, False]


def test_part_strategy_hides_the_smallest_visible_part_instead() -> None:
    table = pd.DataFrame({"municipality": "total", "group": ["a", "b", "c", "total"], "wave": "start",
                          "value": [0.2, 0.4, 0.5, 0.45], "n": [2, 30, 40, 72]})
    link = Link(keys=("municipality", "wave"), column="group", parts=("a", "b", "c"), aggregate="total",
                strategy="part")
    out = suppress(table, min_n=5, links=[link])
    assert list(out["suppressed"]) == [True, True, False, False]
    assert list(out["suppressed_reason"]) == ["min_n", "complementary", None, None]


def test_missing_values_are_not_secrets_and_flags_chain() -> None:
    table = _profile_rows(2)
    table.loc[1, "value"] = float("nan")
    table.loc[2, "value"] = float("nan")     # samlet already blank because the leader side is missing
    out = suppress(table, min_n=5, links=[SAMLET_LINK])
    assert out.loc[2, "suppressed"] == False  # noqa: E712 - nothing to hide
    again = suppress(out, min_n=5, links=[SAMLET_LINK])
    assert list(again["suppressed"]) == list(out["suppressed"])


def test_fidelity_mean_profile_with_a_small_leader_group() -> None:
    p = fidelity_project(2, 2, municipalities=("A", "B"), thresholds={"min_n": 3, "min_valid_items": 1})
    rows = []
    for j in range(4):
        rows += scored("slut", f"Ae{j}", "A", "medarbejder", {"q01": 4, "q02": 3})
        rows += scored("slut", f"Be{j}", "B", "medarbejder", {"q01": 2, "q02": 3})
    for j in range(3):
        rows += scored("slut", f"Bl{j}", "B", "leder", {"q01": 5, "q02": 4})
    rows += scored("slut", "Al", "A", "leder", {"q01": 5, "q02": 5})      # a single leader in A
    table = fidelity_mean(p, make_survey(p, rows))
    out = suppress(table, min_n=p.thresholds.min_n, links=[SAMLET_LINK])
    hidden = out[out["suppressed"]]
    assert set(zip(hidden["municipality"], hidden["group"], hidden["wave"])) == {
        ("A", "leader", "slut"), ("A", "samlet", "slut")}
    assert out[(out["municipality"] == "B") & (out["wave"] == "slut")]["value"].notna().all()
