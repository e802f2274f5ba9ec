"""Power-ranking: hand-computed cases, STV Tabel 3 arithmetic and properties against an exact reference."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from factory import fidelity_project, make_project, make_survey, scored
from hypothesis import given, settings
from hypothesis import strategies as st

from reporter.metrics.power_ranking import power_ranking
from reporter.text.numbers import fmt_percent


def _cell(table, **keys):
    sub = table
    for k, v in keys.items():
        sub = sub[sub[k] == v]
    assert len(sub) == 1, sub
    return sub.iloc[0]


def test_hand_computed_with_a_tie(project) -> None:
    rows = (scored("start", 1, "Aabenraa", "mentor", {"f1": 3, "f2": 2, "f3": 5})
            + scored("start", 2, "Billund", "sagsbehandler", {"f1": 5, "f2": None, "f3": 1})
            + scored("start", 3, "Odder", "sagsbehandler", {"f1": 4, "f2": None, "f3": 3}))
    out = power_ranking(project, make_survey(project, rows))
    assert list(out.columns) == ["municipality", "group", "wave", "value", "k", "n", "respondents"]
    # f1 benchmark (3+5+4)/3 = 4: only Billund better, Odder ties (not better); f3 benchmark 3: Aabenraa better,
    # Odder ties; f2 only Aabenraa: a tie with itself.
    a = _cell(out, municipality="Aabenraa", group="employee", wave="start")
    assert (a["k"], a["n"], a["value"]) == (1, 3, pytest.approx(1 / 3))
    b = _cell(out, municipality="Billund", group="employee", wave="start")
    assert (b["k"], b["n"]) == (1, 2)
    o = _cell(out, municipality="Odder", group="employee", wave="start")
    assert (o["k"], o["n"], o["value"]) == (0, 2, 0.0)
    assert math.isnan(_cell(out, municipality="Odder", group="leader", wave="start")["value"])
    assert math.isnan(_cell(out, municipality="Odder", group="samlet", wave="start")["value"])
    assert set(out.loc[out["municipality"] == "Odder", "wave"]) == {"start", "slut"}  # Odder skipped midt


def _stv_like(k_employee: int, k_leader: int):
    """A beats B on k items of each side (5 vs 3) and ties on the rest (3 vs 3); 29 employee / 30 leader items."""
    p = fidelity_project(29, 30, municipalities=("A", "B"))
    employee = p.fidelity_items("employee")
    leader = p.fidelity_items("leader")
    rows = []
    for muni in ("A", "B"):
        rows += scored("slut", f"{muni}e", muni, "medarbejder",
                       {i: (5 if muni == "A" and j < k_employee else 3) for j, i in enumerate(employee)})
        rows += scored("slut", f"{muni}p", muni, "projektleder", {employee[0]: 3})  # project leader = employee
        rows += scored("slut", f"{muni}l", muni, "leder",
                       {i: (5 if muni == "A" and j < k_leader else 3) for j, i in enumerate(leader)})
    return p, power_ranking(p, make_survey(p, rows))


def test_denominators_29_and_30() -> None:
    # STV Tabel 3 implies 29 employee and 30 leader items: 34 % = 10/29, 73 % = 22/30.
    _, out = _stv_like(10, 22)
    e = _cell(out, municipality="A", group="employee", wave="slut")
    ld = _cell(out, municipality="A", group="leader", wave="slut")
    assert (e["k"], e["n"], ld["k"], ld["n"]) == (10, 29, 22, 30)
    assert e["value"] == pytest.approx(10 / 29) and fmt_percent(e["value"]) == "34%"
    assert ld["value"] == pytest.approx(22 / 30) and fmt_percent(ld["value"]) == "73%"
    assert e["respondents"] == 2 and ld["respondents"] == 1
    b = _cell(out, municipality="B", group="employee", wave="slut")
    assert (b["k"], b["n"]) == (0, 29)          # ties are not better


def test_samlet_from_exact_fractions_stv_tabel_3() -> None:
    # Middelfart Start: 90 % | 73 % | 81 %. 26/29 = 89.66 %, 22/30 = 73.33 % -> samlet 81.49 % -> "81%";
    # averaging the printed percentages would give 81.5 -> "82%".
    _, out = _stv_like(26, 22)
    samlet = _cell(out, municipality="A", group="samlet", wave="slut")["value"]
    assert samlet == float((Fraction(26, 29) + Fraction(22, 30)) / 2)
    assert fmt_percent(samlet) == "81%"
    assert fmt_percent((0.90 + 0.73) / 2) == "82%"
    assert pd_isna(_cell(out, municipality="A", group="samlet", wave="slut")["k"])


def pd_isna(x) -> bool:
    import pandas as pd
    return bool(pd.isna(x))


def test_float_noise_does_not_create_a_win() -> None:
    # Item means 1, 9/5 and 7/5: the benchmark is exactly 7/5, so C ties. In floats 7/5 - mean(...) is 2.2e-16,
    # which a plain ">" would count as a win.
    p = fidelity_project(1, 1, municipalities=("A", "B", "C"))
    assert 7 / 5 > sum([1.0, 9 / 5, 7 / 5]) / 3
    rows = []
    for muni, scores in (("A", [1, 1]), ("B", [1, 2, 2, 2, 2]), ("C", [1, 1, 1, 2, 2])):
        for j, s in enumerate(scores):
            rows += scored("start", f"{muni}{j}", muni, "medarbejder", {"q01": s})
    out = power_ranking(p, make_survey(p, rows))
    sub = out[(out["group"] == "employee") & (out["wave"] == "start")]
    assert dict(zip(sub["municipality"], sub["k"])) == {"A": 0, "B": 1, "C": 0}


# --- properties -------------------------------------------------------------------------------------------------

def _reference(rows: list[tuple], sides: dict[str, str]) -> dict[tuple[str, str], Fraction | None]:
    """Slow exact power-ranking for one wave: (municipality, side) -> k/n."""
    sums: dict[tuple[str, str, str], list[int]] = {}
    for _, _, muni, role, item, score in rows:
        if score is None:
            continue
        cell = sums.setdefault((muni, sides[role], item), [0, 0])
        cell[0] += score
        cell[1] += 1
    means = {k: Fraction(s, n) for k, (s, n) in sums.items()}
    out: dict[tuple[str, str], list[int]] = {}
    for (muni, side, item), mean in means.items():
        others = [v for (m, s, i), v in means.items() if s == side and i == item]
        bench = sum(others) / len(others)
        cell = out.setdefault((muni, side), [0, 0])
        cell[0] += int(mean > bench)
        cell[1] += 1
    return {k: Fraction(a, b) for k, (a, b) in out.items()}


ANSWER = st.tuples(st.sampled_from(["A", "B", "C", "D"]), st.sampled_from(["leder", "medarbejder", "projektleder"]),
                   st.sampled_from(["q01", "q02", "q03"]), st.sampled_from([1, 2, 3, 4, 5, None]))


def _rows(answers: list[tuple]) -> list[tuple]:
    rows = []
    for j, (muni, role, item, score) in enumerate(answers):
        rows.append(("start", f"r{j}", muni, role, item, score))
    return rows


def _survey(project, rows):
    labels = {5: "Helt enig", 4: "Enig", 3: "Hverken enig eller uenig", 2: "Uenig", 1: "Helt uenig",
              None: "Ved ikke"}
    return make_survey(project, [(w, r, m, ro, i, labels[s]) for w, r, m, ro, i, s in rows])


def _values(out) -> dict[tuple[str, str], float]:
    sub = out[out["wave"] == "start"]
    return {(m, g): v for m, g, v in zip(sub["municipality"], sub["group"], sub["value"])}


@settings(max_examples=60, deadline=None)
@given(st.lists(ANSWER, min_size=1, max_size=40), st.randoms(use_true_random=False))
def test_matches_exact_reference_and_is_order_invariant(answers: list[tuple], rnd) -> None:
    base = fidelity_project(3, 3, municipalities=("A", "B", "C", "D"))
    rows = _rows(answers)
    out = power_ranking(base, _survey(base, rows))
    values = _values(out)
    sides = {"leder": "leader", "medarbejder": "employee", "projektleder": "employee"}
    reference = _reference(rows, sides)
    for (muni, side), frac in reference.items():
        assert values[(muni, side)] == pytest.approx(float(frac), abs=1e-15)
        assert 0 <= values[(muni, side)] <= 1
    for (muni, g), v in values.items():
        if g != "samlet" and (muni, g) not in reference:
            assert math.isnan(v)
    # shuffled municipality order, item order and row order give the same values
    data = base.model_dump(by_alias=True)
    rnd.shuffle(data["municipalities"])
    rnd.shuffle(data["items"])
    shuffled_rows = list(rows)
    rnd.shuffle(shuffled_rows)
    shuffled = make_project(data)
    again = _values(power_ranking(shuffled, _survey(shuffled, shuffled_rows)))
    assert again.keys() == values.keys()
    for key, v in values.items():
        assert (math.isnan(v) and math.isnan(again[key])) or v == again[key]


@settings(max_examples=25, deadline=None)
@given(st.lists(ANSWER, min_size=1, max_size=30))
def test_relabelling_a_municipality_changes_nothing_but_its_name(answers: list[tuple]) -> None:
    base = fidelity_project(3, 3, municipalities=("A", "B", "C", "D"))
    rows = _rows(answers)
    data = base.model_dump(by_alias=True)
    data["municipalities"] = [{"name": "Æbeltoft" if m["name"] == "B" else m["name"]} for m in data["municipalities"]]
    renamed = make_project(data)
    before = _values(power_ranking(base, _survey(base, rows)))
    after = _values(power_ranking(renamed, _survey(renamed, [(w, r, "Æbeltoft" if m == "B" else m, ro, i, s)
                                                             for w, r, m, ro, i, s in rows])))
    after = {("B" if m == "Æbeltoft" else m, g): v for (m, g), v in after.items()}
    assert after.keys() == before.keys()
    assert all((math.isnan(v) and math.isnan(after[k])) or v == after[k] for k, v in before.items())
