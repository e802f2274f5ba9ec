"""tools/generate_register.py: deterministic, the fixture is what it writes, the effect is built in."""

from __future__ import annotations

import numpy as np
import pandas as pd
from register_helpers import ROOT, generator


def test_same_seed_same_extract_and_fixture_is_reproducible(tmp_path):
    gen = generator()
    gen.main(["--out", str(tmp_path / "register")])
    for name in ("persons.csv", "weeks.parquet"):
        assert (tmp_path / "register" / name).read_bytes() == \
            (ROOT / "fixtures" / "stv-summary" / "register" / name).read_bytes(), name


def test_fixture_covers_the_stv_municipalities():
    gen = generator()
    persons = pd.read_csv(ROOT / "fixtures" / "stv-summary" / "register" / "persons.csv")
    inter = persons[persons["gruppe"] == "I"]
    assert set(inter["kommune"]) == set(gen.stv_municipalities())
    assert set(persons["gruppe"]) == {"I", "K", "P"}


def test_built_in_difference_at_week_52_in_a_large_draw():
    gen = generator()
    persons, weeks = gen.synthesize(["A", "B", "C"], intervention=20000, comparison=20000, population=0,
                                    effect=0.06, seed=3)
    at = weeks[weeks["uge"] == 52].merge(persons[["person_id", "gruppe"]], on="person_id")
    share = at.assign(active=at["status"].isin(["virk", "ord"])).groupby("gruppe")["active"].mean()
    assert abs((share["I"] - share["K"]) - 0.06) < 0.02   # sampling error of 20,000 per group ≈ 0.004
    # comparison: base 0.19 + 0.03 · 52/104, age shifts average 0, benefit shifts 0.65 · 0.01 + 0.35 · -0.02
    expected = 0.19 + 0.03 * 52 / 104 + 0.65 * 0.01 + 0.35 * -0.02
    assert np.isclose(share["K"], expected, atol=0.02)
