"""The names a template's ``{{ … }}`` expressions can read: plain mappings of numbers from the metric
tables, each number typed as a share, a 1–5 score or a count so it prints the Danish way by itself.

``costs.average.per_citizen.total`` (kroner, :func:`cost_facts`), ``responses.total.total.slut`` (respondents), ``power_ranking.Ballerup.samlet.slut`` (a share),
``fidelity_mean.total.samlet.slut`` (a score), ``indicator.ledelsesfokus.total.slut`` (a share) …
Municipality-keyed tables use the municipality name or ``total``; groups are role ids, ``employee``,
``leader``, ``samlet`` or ``total``; waves are the project's wave ids.
"""

from __future__ import annotations

import math

import pandas as pd

from reporter.compose.template.expressions import Amount, Count, Score, Share
from reporter.compose import wording
from reporter.compose.tables import INDICES_PER_TABLE, ROLE_GROUPS_PER_TABLE
from reporter.config import Project
from reporter.text.strings import t


def _typed(value: object, kind: type) -> object:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return float("nan")
    return kind(value)


def _nest(df: pd.DataFrame | None, keys: list[str], kind: type, column: str = "value") -> dict:
    out: dict = {}
    if df is None or df.empty or not set(keys + [column]) <= set(df.columns):
        return out
    hidden = (df["suppressed"].fillna(False).astype(bool).to_numpy() if "suppressed" in df.columns
              else [False] * len(df))
    for row, secret in zip(df[keys + [column]].itertuples(index=False), hidden):
        node = out
        for key in row[:-2]:
            node = node.setdefault(str(key), {})
        # a value the disclosure rule hides in the tables is hidden in the prose too (prints as a missing value)
        node[str(row[-2])] = float("nan") if secret else _typed(row[-1], kind)
    return out


def _wave(w) -> dict:
    return {"id": w.id, "label": w.label, "prose": w.prose, "table_label": getattr(w, "table_label", w.label)}


def document_facts(project: Project, tables: dict[str, pd.DataFrame]) -> dict[str, object]:
    """Every name a template may use, for the whole project."""
    waves = {w.id: _wave(w) for w in project.waves}
    responses = _nest(pd.concat([tables.get("responses", pd.DataFrame()),
                                 tables.get("responses_municipality", pd.DataFrame())]).drop_duplicates(
        subset=["municipality", "group", "wave"]) if "responses" in tables else None,
        ["municipality", "group", "wave"], Count)
    indicator = _nest(tables.get("fidelity_indicator"), ["index", "group", "wave"], Share)
    indicator_m = _nest(tables.get("fidelity_indicator_municipality"), ["index", "municipality", "group", "wave"],
                        Share)
    topbox = tables.get("topbox")
    if topbox is not None and not topbox.empty:
        topbox = topbox[topbox["municipality"] == "total"]
    other_kinds = {"multi", "single", "numeric"}
    belief_items = {b.item for b in project.belief}
    return {
        "costs": cost_facts(project, tables),
        "project": {"name": project.name, "title": project.title, "subtitle": project.subtitle,
                    "id": project.id},
        "n_municipalities": Count(len(project.municipalities)),
        "n_waves": Count(len(project.waves)),
        "municipalities_in": {w.id: Count(len(project.municipalities_in(w.id))) for w in project.waves},
        "left_after": {m.name: project.wave(project.left_after(m.name)).prose
                       for m in project.municipalities if project.left_after(m.name)},
        "municipalities": [m.name for m in project.municipalities],
        "wave": waves,
        "first_wave": waves[project.waves[0].id],
        "last_wave": waves[project.waves[-1].id],
        "roles": {r.id: {"label": r.label, "side": r.side} for r in project.roles},
        "employee_roles": [r.label for r in project.roles if r.side == "employee"],
        "leader_roles": [r.label for r in project.roles if r.side == "leader"],
        "fidelity_items": {"employee": Count(len(project.fidelity_items("employee"))),
                           "leader": Count(len(project.fidelity_items("leader"))),
                           "total": Count(len(project.fidelity_items()))},
        "thresholds": {"min_n": Count(project.thresholds.for_side("employee")), "min_n_leader": Count(project.thresholds.for_side("leader")),
                       "min_valid_items": Count(project.thresholds.min_valid_items)},
        "n_core_elements": Count(sum(len(t.core_elements) for t in project.tracks)),
        "tracks": [{"id": t.id, "label": t.label, "goal": getattr(t, "goal", ""),
                    "core_elements": [{"id": c.id, "label": c.label} for c in t.core_elements]}
                   for t in project.tracks],
        "responses": responses,
        "power_ranking": _nest(tables.get("power_ranking"), ["municipality", "group", "wave"], Share),
        "fidelity_mean": _nest(tables.get("fidelity_mean"), ["municipality", "group", "wave"], Score),
        "indicator": indicator,
        "indicator_municipality": indicator_m,
        "topbox": _nest(topbox, ["item", "group", "wave"], Share),
        **instrument_facts(project, tables),
        "wording": {"belief": project.wording.belief or t("belief_default", project.language),
                    "top_or": wording.top_options(project, "or"), "top_and": wording.top_options(project)},
        "n_tables": {"indicator_role": Count(math.ceil((len(project.roles) + 1) / ROLE_GROUPS_PER_TABLE)),
                     "indicator_municipality": Count(math.ceil(len(project.indices()) / INDICES_PER_TABLE))},
        "has": {
            "belief": bool(project.belief),
            "tracks": bool(project.tracks),
            "fidelity": bool(project.fidelity_items()),     # fidelity questions: power-ranking and means
            "coded": bool(project.coded),
            "other": any(not i.fidelity and i.id not in belief_items and
                         (project.scales[i.scale].kind in other_kinds or
                          (project.scales[i.scale].kind == "ordinal" and i.filter is not None))
                         for i in project.items),
            "several_employee_roles": sum(r.side == "employee" for r in project.roles) > 1,
            "several_leader_roles": sum(r.side == "leader" for r in project.roles) > 1,
        },
    }


def cost_facts(project: Project, tables: dict[str, pd.DataFrame]) -> dict:
    """``costs.<municipality|average>.<total|per_year|per_citizen>.<establishment|operation|total>`` (kroner),
    ``costs.participants.<municipality|average>``, ``costs.sensitivity.<lowest|average|highest>.<… | participants>``,
    ``costs.budget.<scenario>.<actor|total>`` (net result per citizen), ``costs.range.<basis>.<column>.<lowest|highest>``
    (``municipality`` and ``value``: the municipalities with the lowest and highest cost), ``costs.horizon_years``,
    ``costs.discount_rate`` (a share) and ``costs.price_year`` (text);
    ``{}`` without a costs: section."""
    overview = tables.get("cost_overview")
    if project.costs is None or overview is None:
        return {}
    out: dict = {"horizon_years": Count(project.costs.horizon_years), "participants": {},
                 "discount_rate": Share(project.costs.discount_rate),
                 "price_year": "" if project.costs.price_year is None else str(project.costs.price_year)}
    for row in overview.itertuples(index=False):
        node = out.setdefault(str(row.municipality), {}).setdefault(str(row.basis), {})
        for column in ("establishment", "operation", "total"):
            node[column] = _typed(getattr(row, column), Amount)
        out["participants"][str(row.municipality)] = float(row.participants)
    sensitivity = tables.get("cost_sensitivity")
    out["sensitivity"] = {}
    if sensitivity is not None:
        for row in sensitivity.itertuples(index=False):
            key = str(row.position) or f"{row.participants:g}"
            out["sensitivity"][key] = {"participants": float(row.participants),
                                       **{c: _typed(getattr(row, c), Amount) for c in ("establishment", "operation",
                                                                                       "total")}}
    out["budget"] = _nest(tables.get("budget_result"), ["scenario", "actor"], Amount, column="net")
    real = overview[overview["municipality"] != "average"]
    out["range"] = {}
    for basis, rows in real.groupby("basis", sort=False):
        for column in ("establishment", "operation", "total"):
            ordered = rows.sort_values(column, kind="stable")
            out["range"].setdefault(str(basis), {})[column] = {
                "lowest": {"municipality": str(ordered["municipality"].iloc[0]),
                           "value": _typed(ordered[column].iloc[0], Amount)},
                "highest": {"municipality": str(ordered["municipality"].iloc[-1]),
                            "value": _typed(ordered[column].iloc[-1], Amount)}}
    return out


def instrument_facts(project: Project, tables: dict[str, pd.DataFrame]) -> dict[str, object]:
    """``instrument.who5.m1.mean`` / ``.n`` (total), ``instrument_change.who5.m5.change`` / ``.n`` /
    ``.mean_from`` / ``.mean_to`` / ``.t_p`` / ``.w_p`` / ``.only_one``, ``instrument_band.who5.m1[band label]``
    (a share) and ``wave_average.ITEM[option]`` (the unweighted mean share)."""
    means = tables.get("instrument_means")
    instrument: dict = {}
    if means is not None and not means.empty:
        for r in means[means["municipality"] == "total"].itertuples(index=False):
            instrument.setdefault(r.instrument, {})[r.wave] = {"mean": _typed(r.value, Score), "n": Count(r.n)}
    change: dict = {}
    table = tables.get("instrument_change")
    if table is not None and not table.empty:
        for r in table.itertuples(index=False):
            change.setdefault(r.instrument, {})[r.to_wave] = {
                "n": Count(r.n), "change": _typed(r.change, Score), "mean_from": _typed(r.mean_from, Score),
                "mean_to": _typed(r.mean_to, Score), "t_p": float(r.t_p), "w_p": float(r.w_p),
                "only_one": Count(r.only_one), "persons": Count(r.persons)}
    bands = tables.get("instrument_bands")
    band: dict = {}
    if bands is not None and not bands.empty:
        for r in bands[bands["municipality"] == "total"].itertuples(index=False):
            band.setdefault(r.instrument, {}).setdefault(r.wave, {})[r.band] = _typed(r.value, Share)
    average = tables.get("wave_average_shares")
    return {"instrument": instrument, "instrument_change": change, "instrument_band": band,
            "wave_average": _nest(average[average["wave"] == "average"] if average is not None and not average.empty
                                  else None, ["item", "option"], Share)}
