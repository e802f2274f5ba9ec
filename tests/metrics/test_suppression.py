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


# --- secondary suppression: nothing hidden can be recomputed from what is shown --------------------------------

import itertools  # noqa: E402

import numpy as np  # noqa: E402

from reporter.metrics.suppression import TOTAL_LINK  # noqa: E402


def _recoverable(relations: list[dict], hidden: set) -> set:
    """Hidden cells pinned down by the relations: e_h in the row space of A restricted to hidden cells
    (numpy matrix rank, one test per cell; written apart from the module's own audit)."""
    order = sorted(hidden)
    col = {c: j for j, c in enumerate(order)}
    rows = [np.array([r.get(c, 0.0) for c in order]) for r in relations]
    rows = [r for r in rows if np.any(r != 0)]
    if not rows:
        return set()
    a = np.array(rows)
    base = np.linalg.matrix_rank(a)
    return {c for c, j in col.items() if np.linalg.matrix_rank(np.vstack([a, np.eye(len(order))[j]])) == base}


def _side_table(rng: np.random.Generator, munis: int, waves: int, small: float) -> pd.DataFrame:
    """Municipality × employee/leader/samlet × wave with a Total row as the fidelity-mean table builds it:
    samlet = mean of the sides (NaN if one is missing), Total = mean of the municipality values."""
    rows = []
    for w in range(waves):
        for m in range(munis):
            e_n, l_n = (int(rng.integers(0, 5)) if rng.random() < small else int(rng.integers(5, 40))
                        for _ in range(2))
            e = float(rng.uniform(1, 5)) if e_n else math.nan
            ld = float(rng.uniform(1, 5)) if l_n else math.nan
            rows += [(f"m{m}", "employee", f"w{w}", e, e_n), (f"m{m}", "leader", f"w{w}", ld, l_n),
                     (f"m{m}", "samlet", f"w{w}", (e + ld) / 2, e_n + l_n)]
    df = pd.DataFrame(rows, columns=["municipality", "group", "wave", "value", "n"])
    totals = (df.groupby(["group", "wave"], sort=False)
              .agg(value=("value", "mean"), n=("n", "sum")).reset_index().assign(municipality="total"))
    return pd.concat([totals, df], ignore_index=True)


def _displayed_relations(out: pd.DataFrame, table: pd.DataFrame) -> list[dict]:
    """What a reader of the printed table knows: Samlet = (employee + leader)/2 and Total = the mean of the
    municipality cells that are not blank, per side × wave (cells = row labels of the exact table)."""
    valued = table["value"].notna()
    key = {(r.municipality, r.group, r.wave): i for i, r in enumerate(table.itertuples()) if valued.iloc[i]}
    relations = []
    # (the Total row's Samlet is the mean of the municipality Samlet values: equal to the mean of its two
    # sides when every municipality has both, a consequence of the other relations then, so not added)
    for (m, w) in {(r.municipality, r.wave) for r in table.itertuples() if r.municipality != "total"}:
        cells = [key.get((m, g, w)) for g in ("employee", "leader", "samlet")]
        if None not in cells:
            relations.append({cells[2]: 1.0, cells[0]: -0.5, cells[1]: -0.5})
    for (g, w) in {(r.group, r.wave) for r in table.itertuples()}:
        parts = [i for (m, gg, ww), i in key.items() if gg == g and ww == w and m != "total"]
        if ("total", g, w) in key and parts:
            relations.append({key[("total", g, w)]: 1.0, **{p: -1.0 / len(parts) for p in parts}})
    return relations


def test_no_hidden_value_is_recoverable_in_constructed_side_tables() -> None:
    rng = np.random.default_rng(12)
    extra = 0
    for case in range(120):
        table = _side_table(rng, munis=int(rng.integers(2, 9)), waves=int(rng.integers(1, 4)),
                            small=float(rng.choice([0.1, 0.3, 0.6])))
        min_n = {"employee": 5, "leader": int(rng.choice([1, 2, 5]))}
        out = suppress(table, lambda g: min_n.get(g, 1), links=[SAMLET_LINK, TOTAL_LINK])
        secret = set(np.flatnonzero(out["suppressed"].to_numpy() & table["value"].notna().to_numpy()).tolist())
        assert not _recoverable(_displayed_relations(out, table), secret), case
        # every primary cell (n below the rule, with a value) is hidden
        small = table["value"].notna() & (table["n"] < table["group"].map(lambda g: min_n.get(g, 1)))
        assert out.loc[small, "suppressed"].all(), case
        extra += int((out["suppressed_reason"] == "complementary").sum())
    assert extra > 0


def test_a_single_hidden_municipality_is_not_given_away_by_the_total_row() -> None:
    # three municipalities, employee values 3, 4 and a hidden 2 (n = 3); Total = 3 would reveal 3·3 − 3 − 4 = 2
    table = pd.DataFrame({
        "municipality": ["total", "A", "B", "C"], "group": "employee", "wave": "slut",
        "value": [3.0, 3.0, 4.0, 2.0], "n": [40, 20, 14, 3]})
    out = suppress(table, 5, links=[TOTAL_LINK])
    assert list(out["suppressed"]) == [False, False, True, True]       # B (the smaller visible) goes too
    assert list(out["suppressed_reason"]) == [None, None, "complementary", "min_n"]
    assert out.loc[0, "value"] == 3.0                                     # the Total stays visible


def test_overlapping_links_are_audited_beyond_one_hidden_part() -> None:
    """m0's employee value is hidden (n = 1). The one-hidden-part rule hides m1's employee value (the smallest
    visible one, for the Total row), the Samlet of both, and m2's Samlet (the smallest visible Samlet, for the
    Total Samlet) — but m2's Samlet then follows from its two shown sides. The audit finds that and hides m2's
    employee value as well; afterwards no hidden cell is determined."""
    rows = [("m0", "employee", 1.5, 1), ("m0", "leader", 1.6, 3), ("m1", "employee", 2.5, 6),
            ("m1", "leader", 3.0, 38), ("m2", "employee", 1.9, 34), ("m2", "leader", 4.5, 3)]
    df = pd.DataFrame(rows, columns=["municipality", "group", "value", "n"]).assign(wave="w")
    samlet = (df.groupby("municipality", sort=False).agg(value=("value", "mean"), n=("n", "sum")).reset_index()
              .assign(group="samlet", wave="w"))
    df = pd.concat([df, samlet]).sort_values("municipality", kind="stable").reset_index(drop=True)
    totals = df.groupby("group", sort=False).agg(value=("value", "mean"), n=("n", "sum")).reset_index()
    table = pd.concat([totals.assign(municipality="total", wave="w"), df], ignore_index=True)
    out = suppress(table, lambda g: {"employee": 5, "leader": 2}.get(g, 1), links=[SAMLET_LINK, TOTAL_LINK])
    hidden = set(zip(out.loc[out["suppressed"], "municipality"], out.loc[out["suppressed"], "group"]))
    assert hidden == {(m, g) for m in ("m0", "m1", "m2") for g in ("employee", "samlet")}
    assert out.loc[out["municipality"] == "total", "suppressed"].eq(False).all()
    secret = set(np.flatnonzero(out["suppressed"].to_numpy()).tolist())
    assert not _recoverable(_displayed_relations(out, table), secret)
    # without m2's employee value hidden, its Samlet would follow from (employee + leader) / 2
    leaky = secret - {int(np.flatnonzero((table["municipality"] == "m2") & (table["group"] == "employee"))[0])}
    assert _recoverable(_displayed_relations(out, table), leaky)


def test_count_totals_and_weighted_means_with_shown_weights() -> None:
    # a count Total is the exact sum: one hidden count of three would follow from it
    counts = pd.DataFrame({"municipality": "x", "group": ["a", "b", "c", "total"], "wave": "w",
                           "value": [3.0, 12.0, 20.0, 35.0], "n": [3.0, 12.0, 20.0, 35.0]})
    link = Link(keys=("municipality", "wave"), column="group", parts=None, aggregate="total", strategy="part",
                kind="sum")
    out = suppress(counts, 5, links=[link])
    assert list(out["suppressed"]) == [True, True, False, False]
    # a weighted mean whose weights are printed: Total·Σn = Σ n·value pins a single hidden part down
    means = pd.DataFrame({"municipality": "x", "group": ["a", "b", "c", "total"], "wave": "w",
                          "value": [2.0, 3.0, 4.0, (2 * 4 + 3 * 10 + 4 * 30) / 44], "n": [4, 10, 30, 44]})
    weighted = Link(keys=("municipality", "wave"), column="group", parts=None, aggregate="total",
                    strategy="part", kind="weighted", weight="n")
    out = suppress(means, 5, links=[weighted])
    assert list(out["suppressed"]) == [True, True, False, False]
    for table, lk, result in ((counts, link, suppress(counts, 5, links=[link])),
                              (means, weighted, suppress(means, 5, links=[weighted]))):
        n = table["n"].to_numpy(dtype=float)
        coef = np.ones(3) if lk.kind == "sum" else n[:3] / n[:3].sum()
        relation = {3: 1.0, **{i: -float(coef[i]) for i in range(3)}}
        secret = set(np.flatnonzero(result["suppressed"].to_numpy()).tolist())
        assert not _recoverable([relation], secret)
        for pair in itertools.combinations(range(3), 1):       # hiding one part alone would leak it
            assert _recoverable([relation], set(pair)) == set(pair)
