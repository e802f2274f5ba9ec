"""Cost analysis: cost tables per municipality, cost per citizen, sensitivity and budget result (pure pandas).

Definitions (those of the reference evaluation's chapter 6 and its Tabel 7-4/7-5; ``H`` = ``horizon_years``,
``r`` = ``discount_rate``, ``Y`` = ``operation_years``, ``P`` = ``participants`` per year):

- **Establishment** ``E`` of a municipality: the sum of its establishment lines (a one-off investment).
- **Operation per year** ``O`` = the sum of its operation lines / ``Y`` (the sheet may cover several years).
- **Annual establishment cost** = ``E`` as an annuity paid at the start of each of the ``H`` years:
  ``E / Σ_{t=0}^{H-1} (1+r)^-t`` (with ``r = 0``: ``E / H``). Reference: 439.900 kr. over 2 years at
  4 pct. → 224.300 kr. a year.
- **Establishment per citizen** = ``E / (P × H)``: the investment spread evenly over every citizen served in
  the operating period (undiscounted, as the reference's Figur 6-2 and 6-3: 439.900 / (50,4 × 2) = 4.400 kr.).
- **Operation per citizen** = ``O / P`` (4.409.000 / 50,4 = 87.500 kr.); **cost per citizen** = the sum
  (91.800 kr.).
- **Total over the period** = ``E + H × O``.
- The **average municipality** ("Gennemsnit"): every item, ``E``, ``O`` and ``P`` are the means over the
  municipalities with cost lines, and the per-citizen figures are computed from those means (a ratio of
  means: 87.500 kr., not the mean of the five per-citizen figures).
- **Sensitivity**: the average municipality's ``E`` and ``O`` held fixed while ``P`` varies (default: the
  lowest, the average and the highest ``P`` of the municipalities).
- **Budget result** per citizen of a scenario for an actor = the sum of its budget consequences minus, for
  the actor that bears the costs, the average cost per citizen; ``total`` = the sum over actors.

Tables (``municipality`` is a municipality name or ``"average"``; amounts in kr., exact):

=====================  =======================================================================================
``cost_items``         ``phase, group, item, municipality, value``: sum per item, one ``item="total"`` row per
                       phase and municipality (``group`` "")
``cost_overview``      ``municipality, basis, participants, establishment, operation, total``; ``basis`` is
                       ``total`` (over the period), ``per_year`` or ``per_citizen``
``cost_sensitivity``   ``participants, position, establishment, operation, total`` per citizen; ``position``
                       ``lowest``/``average``/``highest`` or "" for configured values
``budget_result``      ``scenario, actor, consequences, costs, net`` (``actor`` a code or ``"total"``)
=====================  =======================================================================================
"""

from __future__ import annotations

import pandas as pd

from reporter.config.costs import Costs
from reporter.config.models import Project
from reporter.data.schema import CostData

AVERAGE = "average"
TOTAL = "total"
PHASES = ("establishment", "operation")
COST_TABLES = ("cost_items", "cost_overview", "cost_sensitivity", "budget_result")


def _spec(project: Project) -> Costs:
    if project.costs is None:
        raise ValueError("the project has no costs: section")
    return project.costs


def cost_municipalities(project: Project, data: CostData) -> list[str]:
    """Municipalities with at least one cost line, in project order."""
    present = set(data.lines["municipality"].dropna().astype(str))
    return [m.name for m in project.municipalities if m.name in present]


def annuity_factor(years: int, rate: float) -> float:
    """Σ_{t=0}^{years-1} (1+rate)^-t: the present value of 1 kr. paid at the start of each year."""
    return sum((1 + rate) ** -t for t in range(years))


def cost_items(project: Project, data: CostData) -> pd.DataFrame:
    """Sum per phase × item × municipality (0 when a municipality has no line for an item), its mean over the
    municipalities (``average``) and a ``total`` row per phase; items in the order of the sheet."""
    names = cost_municipalities(project, data)
    lines = data.lines
    records = []
    for phase in PHASES:
        sub = lines[lines["phase"] == phase]
        keys = list(dict.fromkeys(zip(sub["group"], sub["item"])))
        sums = sub.groupby(["group", "item", "municipality"], observed=True, sort=False)["amount"].sum()
        totals = {name: 0.0 for name in names}
        for group, item in keys:
            values = {name: float(sums.get((group, item, name), 0.0)) for name in names}
            for name, value in values.items():
                records.append((phase, group, item, name, value))
                totals[name] += value
            records.append((phase, group, item, AVERAGE, sum(values.values()) / len(names)))
        for name in names:
            records.append((phase, "", TOTAL, name, totals[name]))
        records.append((phase, "", TOTAL, AVERAGE, sum(totals.values()) / len(names) if names else 0.0))
    return pd.DataFrame(records, columns=["phase", "group", "item", "municipality", "value"])


def _figures(spec: Costs, establishment: float, operation_per_year: float, participants: float) -> dict:
    """Every figure of one (real or average) municipality from E, O and P (definitions in the module doc)."""
    horizon = spec.horizon_years
    e_year = establishment / annuity_factor(horizon, spec.discount_rate)
    e_citizen = establishment / (participants * horizon)
    o_citizen = operation_per_year / participants
    return {
        "total": (establishment, operation_per_year * horizon),
        "per_year": (e_year, operation_per_year),
        "per_citizen": (e_citizen, o_citizen),
    }


def _totals(project: Project, data: CostData) -> tuple[list[str], dict[str, tuple[float, float]]]:
    """(municipalities, {name or average: (E, O per year)})."""
    spec = _spec(project)
    items = cost_items(project, data)
    total = items[items["item"] == TOTAL].set_index(["phase", "municipality"])["value"]
    names = cost_municipalities(project, data)
    out = {}
    for name in names + [AVERAGE]:
        out[name] = (float(total.get(("establishment", name), 0.0)),
                     float(total.get(("operation", name), 0.0)) / spec.operation_years)
    return names, out


def average_participants(project: Project, data: CostData) -> float:
    """Mean citizens per year over the municipalities with cost lines."""
    spec = _spec(project)
    names = cost_municipalities(project, data)
    return sum(spec.participants[n] for n in names) / len(names) if names else float("nan")


def cost_overview(project: Project, data: CostData) -> pd.DataFrame:
    """Establishment, operation and their sum per municipality and for the average municipality, over the
    period, per year and per citizen."""
    spec = _spec(project)
    names, totals = _totals(project, data)
    records = []
    for name in names + [AVERAGE]:
        participants = average_participants(project, data) if name == AVERAGE else spec.participants[name]
        establishment, operation = totals[name]
        for basis, (e, o) in _figures(spec, establishment, operation, participants).items():
            records.append((name, basis, participants, e, o, e + o))
    return pd.DataFrame(records, columns=["municipality", "basis", "participants", "establishment", "operation",
                                          "total"])


def cost_sensitivity(project: Project, data: CostData) -> pd.DataFrame:
    """Cost per citizen of the average municipality when only the citizens per year vary."""
    spec = _spec(project)
    names, totals = _totals(project, data)
    establishment, operation = totals[AVERAGE]
    if spec.sensitivity:
        points = [(float(p), "") for p in spec.sensitivity]
    else:
        counts = [spec.participants[n] for n in names]
        points = [(min(counts), "lowest"), (average_participants(project, data), "average"), (max(counts), "highest")]
    records = []
    for participants, position in points:
        e, o = _figures(spec, establishment, operation, participants)["per_citizen"]
        records.append((participants, position, e, o, e + o))
    return pd.DataFrame(records, columns=["participants", "position", "establishment", "operation", "total"])


def budget_result(project: Project, data: CostData, overview: pd.DataFrame | None = None) -> pd.DataFrame:
    """Net budget result per citizen of each scenario for each actor, and their total."""
    spec = _spec(project)
    budget = spec.budget
    columns = ["scenario", "actor", "consequences", "costs", "net"]
    if budget is None or data.budget is None:
        return pd.DataFrame(columns=columns)
    overview = cost_overview(project, data) if overview is None else overview
    row = overview[(overview["municipality"] == AVERAGE) & (overview["basis"] == "per_citizen")]
    cost = float(row["total"].iloc[0]) if len(row) else 0.0
    sums = data.budget.groupby(["scenario", "actor"], observed=True)["amount"].sum()
    records = []
    for scenario in budget.scenarios:
        consequences = costs = 0.0
        for actor in budget.actors:
            gain = float(sums.get((scenario.code, actor.code), 0.0))
            paid = cost if actor.bears_costs else 0.0
            records.append((scenario.code, actor.code, gain, paid, gain - paid))
            consequences += gain
            costs += paid
        records.append((scenario.code, TOTAL, consequences, costs, consequences - costs))
    return pd.DataFrame(records, columns=columns)


def cost_tables(project: Project, data: CostData) -> dict[str, pd.DataFrame]:
    """Every cost table (names in the module docstring)."""
    overview = cost_overview(project, data)
    return {
        "cost_items": cost_items(project, data),
        "cost_overview": overview,
        "cost_sensitivity": cost_sensitivity(project, data),
        "budget_result": budget_result(project, data, overview),
    }
