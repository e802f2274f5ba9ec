"""Item means of fidelity items, hand-computed."""

from __future__ import annotations

import pytest
from factory import make_project, make_survey, scored

from reporter.metrics.item_means import item_means, side_items


def _survey(project):
    rows = (scored("start", 1, "Aabenraa", "sagsbehandler", {"f1": 5, "f2": None, "f4": 2})
            + scored("start", 2, "Aabenraa", "projektleder", {"f1": 2, "f2": 4})
            + scored("start", 3, "Aabenraa", "mentor", {"f1": None, "f2": None})
            + scored("start", 4, "Aabenraa", "leder", {"f1": 3, "f5": 4})
            + scored("slut", 5, "Billund", "leder", {"f1": 1}))
    return make_survey(project, rows)


def _cell(table, **keys):
    sub = table
    for k, v in keys.items():
        sub = sub[sub[k] == v]
    assert len(sub) == 1, sub
    return sub.iloc[0]


def test_means_exclude_ved_ikke_and_project_leaders_count_as_employees(project) -> None:
    out = item_means(project, _survey(project))
    f1 = _cell(out, municipality="Aabenraa", group="employee", wave="start", item="f1")
    assert f1["value"] == pytest.approx((5 + 2) / 2) and f1["n"] == 2          # mentor's "Ved ikke" left out
    f2 = _cell(out, municipality="Aabenraa", group="employee", wave="start", item="f2")
    assert f2["value"] == 4 and f2["n"] == 1
    # f4 is a reverse item: raw "Uenig" (2) scores 4
    assert _cell(out, municipality="Aabenraa", group="employee", wave="start", item="f4")["value"] == 4
    assert _cell(out, municipality="Aabenraa", group="leader", wave="start", item="f5")["value"] == 4
    assert list(out.columns) == ["municipality", "group", "wave", "item", "value", "n"]


def test_only_cells_with_valid_answers_exist(project) -> None:
    rows = scored("start", 1, "Aabenraa", "mentor", {"f1": None, "f2": 3})
    out = item_means(project, make_survey(project, rows))
    assert list(out["item"]) == ["f2"]


def test_by_role(project) -> None:
    out = item_means(project, _survey(project), by="role")
    assert _cell(out, group="projektleder", item="f1")["value"] == 2
    assert _cell(out, group="sagsbehandler", item="f1")["value"] == 5
    with pytest.raises(ValueError):
        item_means(project, _survey(project), by="municipality")  # type: ignore[arg-type]


def test_side_items_follow_item_roles_and_waves() -> None:
    data = make_project().model_dump(by_alias=True)
    data["items"][1]["waves"] = ["slut"]        # f2 only asked at the end
    p = make_project(data)
    assert side_items(p, "employee") == ["f1", "f2", "f3", "f4"]
    assert side_items(p, "employee", "start") == ["f1", "f3", "f4"]
    assert side_items(p, "leader", "start") == ["f1", "f3", "f4", "f5"]
