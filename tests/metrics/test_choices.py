"""Multi-select shares, ratings among users only, single-choice distributions, numeric means."""

from __future__ import annotations

import pytest
from factory import answers, make_project, make_survey
from hypothesis import given, settings
from hypothesis import strategies as st

from reporter.metrics.choices import (
    MEAN_COLUMNS,
    SHARE_COLUMNS,
    multi_select_shares,
    numeric_means,
    ratings_among_users,
    single_choice_distribution,
)


def _rows(table, group, wave="start", **eq):
    sub = table[(table["group"] == group) & (table["wave"] == wave)]
    for k, v in eq.items():
        sub = sub[sub[k] == v]
    return sub


def test_multi_select_share_ticked_among_respondents_asked(project) -> None:
    rows = (answers("start", 1, "Aabenraa", "leder", {"kanal": [("Mail", 1), ("Møde", 0)]})
            + answers("start", 2, "Aabenraa", "mentor", {"kanal": [("Mail", 1), ("Møde", 1)]})
            + answers("start", 3, "Billund", "mentor", {"kanal": [("Mail", 0), ("Møde", 0)]}))
    table = multi_select_shares(project, make_survey(project, rows))
    assert list(table.columns) == SHARE_COLUMNS
    mentor = _rows(table, "mentor")
    assert dict(zip(mentor["option"], mentor["value"])) == {"Mail": 0.5, "Møde": 0.5}
    total = _rows(table, "total")
    assert list(total["option"]) == ["Mail", "Møde"]
    assert list(total["value"]) == pytest.approx([2 / 3, 1 / 3]) and set(total["n"]) == {3}


def test_filtered_multi_select_counts_only_those_who_passed_the_filter(project) -> None:
    p = make_project(items=[*project.model_dump(by_alias=True)["items"][:-2],
                            {"id": "kanal", "text": "Kanaler", "scale": "multi",
                             "filter": {"item": "bruger", "equals": ["ja"]}},
                            {"id": "barriere", "text": "Barrierer", "scale": "text"}])
    rows = (answers("start", 1, "Aabenraa", "leder", {"bruger": "Ja", "kanal": [("Mail", 1), ("Møde", 0)]})
            # said "Nej" to the filter but the data has zeros: must not dilute the shares
            + answers("start", 2, "Aabenraa", "leder", {"bruger": "Nej", "kanal": [("Mail", 0), ("Møde", 0)]}))
    table = multi_select_shares(p, make_survey(p, rows))
    assert dict(zip(_rows(table, "leder")["option"], _rows(table, "leder")["value"])) == {"Mail": 1.0, "Møde": 0.0}
    assert set(table["n"]) == {1}


def test_ratings_among_users_only(project) -> None:
    rows = (answers("slut", 1, "Aabenraa", "leder", {"bruger": "Ja", "vaerktoej": "Enig"})
            + answers("slut", 2, "Aabenraa", "leder", {"bruger": "Ja", "vaerktoej": "Uenig"})
            + answers("slut", 3, "Aabenraa", "leder", {"bruger": "Ja", "vaerktoej": "Ved ikke"})
            + answers("slut", 4, "Billund", "leder", {"bruger": "Nej", "vaerktoej": "Helt enig"})  # not a user
            + answers("slut", 5, "Billund", "mentor", {"bruger": "Ja", "vaerktoej": "Helt enig"}))
    table = ratings_among_users(project, make_survey(project, rows))
    assert list(table.columns) == MEAN_COLUMNS
    leder = _rows(table, "leder", "slut")
    assert (leder["value"].iloc[0], leder["n"].iloc[0]) == (0.5, 2)
    total = _rows(table, "total", "slut")
    assert (total["value"].iloc[0], total["n"].iloc[0]) == (pytest.approx(2 / 3), 3)


def test_single_choice_distribution_lists_every_option(project) -> None:
    rows = (answers("midt", 1, "Aabenraa", "leder", {"bruger": "Ja"})
            + answers("midt", 2, "Aabenraa", "mentor", {"bruger": "Ja"})
            + answers("midt", 3, "Billund", "mentor", {"bruger": "Ja"}))
    table = single_choice_distribution(project, make_survey(project, rows))
    leder = _rows(table, "leder", "midt")
    assert list(leder["option"]) == ["Ja", "Nej"] and list(leder["value"]) == [1.0, 0.0]
    assert table.groupby(["group", "wave"])["value"].sum().to_numpy() == pytest.approx(1.0)


def test_single_choice_ved_ikke_kept_or_dropped(project) -> None:
    rows = (answers("start", 1, "Aabenraa", "leder", {"tro": "Ved ikke"})
            + answers("start", 2, "Aabenraa", "leder", {"tro": "0-49 %"}))
    survey = make_survey(project, rows)
    kept = _rows(single_choice_distribution(project, survey, items=["tro"]), "leder")
    assert dict(zip(kept["option"], kept["value"])) == {"0-49 %": 0.5, "50-100 %": 0.0, "Ved ikke": 0.5}
    dropped = _rows(single_choice_distribution(project, survey, items=["tro"], include_dont_know=False), "leder")
    assert dict(zip(dropped["option"], dropped["value"])) == {"0-49 %": 1.0, "50-100 %": 0.0}
    assert set(dropped["n"]) == {1}


def test_numeric_means_by_role_and_pooled_total(project) -> None:
    rows = (answers("midt", 1, "Aabenraa", "sagsbehandler", {"sager": 10})
            + answers("midt", 2, "Billund", "sagsbehandler", {"sager": 20})
            + answers("midt", 3, "Billund", "mentor", {"sager": 60}))
    table = numeric_means(project, make_survey(project, rows))
    assert list(table.columns) == MEAN_COLUMNS
    assert (_rows(table, "sagsbehandler", "midt")["value"].iloc[0], _rows(table, "sagsbehandler", "midt")["n"].iloc[0]) \
        == (15.0, 2)
    assert _rows(table, "total", "midt")["value"].iloc[0] == 30.0   # (10 + 20 + 60) / 3, not (15 + 60) / 2


def test_empty_inputs_give_empty_tables(project) -> None:
    survey = make_survey(project, answers("start", 1, "Aabenraa", "leder", {"f1": "Enig"}))
    for table in (multi_select_shares(project, survey), ratings_among_users(project, survey),
                  single_choice_distribution(project, survey), numeric_means(project, survey)):
        assert table.empty and {"municipality", "group", "wave", "value", "n"} <= set(table.columns)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["leder", "mentor"]), st.sampled_from(["Ja", "Nej"]),
                          st.integers(0, 1), st.integers(0, 1)), min_size=1, max_size=40))
def test_multi_select_shares_are_fractions(draws) -> None:
    project = make_project()
    rows = [r for i, (role, yes, a, b) in enumerate(draws)
            for r in answers("start", i, "Aabenraa", role, {"bruger": yes, "kanal": [("Mail", a), ("Møde", b)]})]
    survey = make_survey(project, rows)
    table = multi_select_shares(project, survey)
    assert ((table["value"] >= 0) & (table["value"] <= 1)).all()
    dist = single_choice_distribution(project, survey)
    assert dist.groupby(["group", "wave"])["value"].sum().to_numpy() == pytest.approx(1.0)
