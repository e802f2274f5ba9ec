"""``register_intake`` on the 'Social støtte' register extract, against a count made independently from the
persons file (csv module and datetime, not pandas)."""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter

from example_projects import FIXTURES, computed


def _starts_by_hand():
    with open(FIXTURES / "social-support" / "register" / "persons.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [(r["kommune"], dt.date.fromisoformat(r["visitation"])) for r in rows if r["gruppe"] == "I"]


def test_intake_per_week_and_month_equals_a_hand_count():
    c = computed("social-support")
    table = c.tables["register_intake"]
    starts = _starts_by_hand()
    weeks = Counter((d - dt.timedelta(days=d.weekday())).isoformat() for _, d in starts)
    months = Counter(d.replace(day=1).isoformat() for _, d in starts)
    for unit, expected in (("week", weeks), ("month", months)):
        rows = table[(table["unit"] == unit) & (table["municipality"] == "total")]
        assert dict(zip(rows["period"], rows["value"])) == dict(expected)
        assert list(rows["period"]) == sorted(expected)
        running, total = [], 0
        for period in sorted(expected):
            total += expected[period]
            running.append(total)
        assert list(rows["cumulative"]) == running and running[-1] == len(starts) == 504


def test_intake_per_municipality_uses_the_aliases_and_adds_up():
    c = computed("social-support")
    table = c.tables["register_intake"]
    weeks = table[table["unit"] == "week"]
    by_municipality = weeks[weeks["municipality"] != "total"].groupby("municipality")["value"].sum().to_dict()
    alias = {"Havby": "Kommune A", "Skovby": "Kommune B", "Engby": "Kommune C", "Bakkeby": "Kommune D",
             "Fjordby": "Kommune E"}                                   # fixtures/social-support/project.yaml
    hand = Counter(alias[name] for name, _ in _starts_by_hand())
    assert by_municipality == dict(hand) and sum(hand.values()) == 504
    assert set(table.columns) >= {"municipality", "group", "wave", "value", "n"}
