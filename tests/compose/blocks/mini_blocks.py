"""A tiny constructed project for the block tests: three municipalities, two waves, every value small enough
to compute by hand (the hand computations are written next to the assertions in the test modules).

Respondents (start): r1 Aabenraa leder, r2 Aabenraa sagsbehandler, r3 Billund leder, r4 Billund mentor,
r5 Odder leder. (slut): r1, r2, r3 again and r6 Billund projektleder (only 'Ved ikke' on f1–f3, so the
Billund employee side has 1 valid fidelity item < min_valid_items 2). Odder does not answer the end wave.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "metrics"))

from factory import answers, make_survey, project_dict, scored  # noqa: E402

from reporter.compose.cells import Formatter  # noqa: E402
from reporter.compose.template.blocks import REGISTRY, BlockContext  # noqa: E402
from reporter.config.models import Project  # noqa: E402
from reporter.metrics.compute import compute_all  # noqa: E402


def mini_project(**changes) -> Project:
    data = project_dict()
    data["waves"] = [w for w in data["waves"] if w["id"] != "midt"]
    data["municipalities"] = [
        {"name": "Aabenraa", "population": 60000, "attributes": {"readiness": "Høj", "volume": 300}},
        {"name": "Billund", "population": 26000, "attributes": {"readiness": "Lav", "volume": 120}},
        {"name": "Odder", "population": 23000, "attributes": {"readiness": "Høj", "volume": 90}},
    ]
    data["items"].insert(5, {"id": "sam", "text": "Samarbejdet fungerer", "scale": "agree"})
    for item in data["items"]:
        if item["id"] == "bruger":
            item["text_by_role"] = {"leder": "Bruger dine medarbejdere værktøjet?"}
    data["coded"] = [{"id": "barriere", "title": "Barrierer", "file": "codes.csv", "item": "barriere", "codes": [
        {"code": "tid", "label": "Tidspres", "group": "Ressourcer"},
        {"code": "it", "label": "It-problemer", "group": "Ressourcer"},
        {"code": "virk", "label": "Virksomheder", "group": "Samarbejde"}]}]
    data["thresholds"] = {"min_n": 1, "min_valid_items": 2, "min_municipalities": 1,
                          "change": {"fidelity_mean": {"threshold": 0.1, "from": "start", "to": "slut", "unit": "score"}}}
    data.update(changes)
    return Project.model_validate(data)


def mini_rows() -> list:
    rows = []
    s = scored
    rows += s("start", "r1", "Aabenraa", "leder", {"f1": 5, "f2": 4, "f3": 3, "f4": 2, "f5": 4})
    rows += answers("start", "r1", "Aabenraa", "leder", {"sam": "Enig", "bruger": "Ja", "vaerktoej": "Helt enig",
                                                         "kanal": [("Mail", 1), ("Møde", 1)], "barriere": "x"})
    rows += s("start", "r2", "Aabenraa", "sagsbehandler", {"f1": 4, "f2": 2, "f3": None, "f4": 4})
    rows += answers("start", "r2", "Aabenraa", "sagsbehandler", {"sam": "Uenig", "bruger": "Ja", "vaerktoej": "Uenig",
                                                                 "sager": 20, "kanal": [("Mail", 1), ("Møde", 0)],
                                                                 "barriere": "y"})
    rows += s("start", "r3", "Billund", "leder", {"f1": 2, "f2": 3, "f3": 4, "f4": 3, "f5": 2})
    rows += answers("start", "r3", "Billund", "leder", {"sam": "Helt enig", "bruger": "Nej",
                                                        "kanal": [("Mail", 0), ("Møde", 1)]})
    rows += s("start", "r4", "Billund", "mentor", {"f1": 3, "f2": 3, "f3": 3, "f4": 1})
    rows += answers("start", "r4", "Billund", "mentor", {"sam": "Ved ikke", "bruger": "Ja", "vaerktoej": "Enig",
                                                         "sager": 30})
    rows += s("start", "r5", "Odder", "leder", {"f1": 4, "f2": 4, "f3": 4, "f4": 4, "f5": 5})
    rows += answers("start", "r5", "Odder", "leder", {"sam": "Enig", "bruger": "Nej"})
    rows += s("slut", "r1", "Aabenraa", "leder", {"f1": 5, "f2": 5, "f3": 4, "f4": 2, "f5": 5})
    rows += answers("slut", "r1", "Aabenraa", "leder", {"sam": "Helt enig", "bruger": "Ja", "vaerktoej": "Enig",
                                                        "barriere": "x"})
    rows += s("slut", "r2", "Aabenraa", "sagsbehandler", {"f1": 5, "f2": 4, "f3": 5, "f4": 4})
    rows += answers("slut", "r2", "Aabenraa", "sagsbehandler", {"sam": "Enig", "sager": 25, "barriere": "y"})
    rows += s("slut", "r3", "Billund", "leder", {"f1": 5, "f2": 5, "f3": 4, "f4": 3, "f5": 5})
    rows += answers("slut", "r3", "Billund", "leder", {"sam": "Uenig"})
    rows += s("slut", "r6", "Billund", "projektleder", {"f1": None, "f2": None, "f3": None, "f4": 3})
    return rows


def mini_codes() -> pd.DataFrame:
    return pd.DataFrame([("barriere", "start", "r1", "tid"), ("barriere", "start", "r2", "tid"),
                         ("barriere", "start", "r2", "virk"), ("barriere", "slut", "r1", "it")],
                        columns=["question", "wave", "respondent", "code"])


def mini_context(project: Project | None = None, rows: list | None = None, min_n: int = 1) -> BlockContext:
    project = project or mini_project()
    survey = make_survey(project, mini_rows() if rows is None else rows, codes=mini_codes())
    tables = compute_all(project, survey, min_n=min_n)
    return BlockContext(project=project, tables=tables, fmt=Formatter("da"))


def run(ctx: BlockContext, name: str, **params) -> list:
    """Call a registered block as a template would (the registry is filled by importing the blocks)."""
    import reporter.compose.blocks  # noqa: F401

    return REGISTRY[name].func(ctx, **params)


def series(figure, name_prefix: str):
    """The figure's series whose name starts with ``name_prefix``."""
    hits = [s for s in figure.series if s.name.startswith(name_prefix)]
    assert len(hits) == 1, [s.name for s in figure.series]
    return hits[0]


def row(table, first: str):
    """The texts of the table row whose first cell is ``first``."""
    for r in table.rows:
        if r.cells[0].text == first:
            return [c.text for c in r.cells]
    raise AssertionError(f"no row {first!r}: {[r.cells[0].text for r in table.rows]}")
