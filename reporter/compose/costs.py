"""Cost metric tables → document blocks: cost tables per municipality (Tabel 7-4, 7-5), cost per citizen
(Figur 6-2), sensitivity to participants (Figur 6-3) and budget result per citizen by actor (Figur 6-5).

Every builder has the block signature ``(project, tables, fmt, **params) -> Table | Figure``; ``tables`` is the
``compute_all`` output (the ``cost_*`` and ``budget_result`` tables, :mod:`reporter.metrics.costs`). Amounts are
rounded to ``round_to`` kroner here (tables: 1.000 kr., figures: 100 kr., as the reference) and printed the
Danish way ("440.000 kr."); the metric tables keep the exact values.
"""

from __future__ import annotations

import math
from typing import Literal

import pandas as pd

from reporter.compose.cells import Formatter, head, label
from reporter.config import Project
from reporter.model import Cell, Figure, Row, Series, Table
from reporter.text.numbers import fmt_number, round_to_nearest
from reporter.text.strings import join_list, t

AVERAGE = "average"
TOTAL = "total"
Phase = Literal["establishment", "operation"]
Basis = Literal["per_citizen", "per_year", "total"]


def _costs(project: Project):
    if project.costs is None:
        raise ValueError("the project has no costs: section in project.yaml")
    return project.costs


def _table(tables: dict[str, pd.DataFrame], name: str) -> pd.DataFrame:
    try:
        return tables[name]
    except KeyError:
        raise ValueError(f"metric table {name!r} is missing: compute_all with a costs: section makes it") from None


def _v(value) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


def _rounding(lang: str, step: int) -> str:
    if step <= 1:
        return ""
    key = {1000: "cost_round_1000", 100: "cost_round_100"}.get(step)
    return t(key, lang) if key else t("cost_round_other", lang, step=fmt_number(step, 0, lang))


def _qualified(project: Project, caption: str, step: int) -> str:
    """'Caption (2020-priser, afrundet til hele tusinde kr.)'."""
    lang = project.language
    spec = _costs(project)
    parts = [t("cost_prices", lang, year=spec.price_year) if spec.price_year else "", _rounding(lang, step)]
    parts = [p for p in parts if p]
    return f"{caption} ({', '.join(parts)})" if parts else caption


def _municipalities(tables: dict[str, pd.DataFrame]) -> list[str]:
    items = _table(tables, "cost_items")
    return [m for m in dict.fromkeys(items["municipality"]) if m != AVERAGE]


def _column_label(name: str, lang: str) -> str:
    return t("cost_average", lang) if name == AVERAGE else name


def _amount_cell(fmt: Formatter, value: float | None, step: int) -> Cell:
    if value is None:
        return Cell(text="", status="missing", align="center")
    return Cell(text=fmt.amount(value, step), value=float(value))


def _notes(project: Project, tables: dict[str, pd.DataFrame], step: int, fmt: Formatter) -> list[str]:
    lang = project.language
    over = _table(tables, "cost_overview")
    avg = over[over["municipality"] == AVERAGE]
    participants = fmt.number(_v(avg["participants"].iloc[0]), 1) if len(avg) else ""
    notes = [t("cost_note_average", lang, n=len(_municipalities(tables)), participants=participants)]
    if step > 1:
        notes.append(t("cost_note_rounding", lang))
    return notes


def cost_table(project: Project, tables: dict[str, pd.DataFrame], fmt: Formatter, *, phase: Phase,
               per_citizen: bool = True, round_to: int = 1000, key: str | None = None,
               caption: str | None = None) -> Table:
    """Cost items × municipality with a "Gennemsnit" column and the total (Tabel 7-4 establishment; Tabel
    7-5 operation, with the cost per year and per citizen rows when ``per_citizen``)."""
    lang = project.language
    spec = _costs(project)
    items = _table(tables, "cost_items")
    items = items[items["phase"] == phase]
    names = _municipalities(tables) + [AVERAGE]
    values = {(g, i, m): v for g, i, m, v in items[["group", "item", "municipality", "value"]].itertuples(index=False)}
    rows = [Row(kind="header", cells=(head(""),) + tuple(head(_column_label(n, lang)) for n in names))]
    current_group = None
    for group, item in dict.fromkeys(zip(items["group"], items["item"])):
        if item == TOTAL:
            continue
        if group and group != current_group:
            rows.append(Row(kind="group", cells=(label(group, status="group", span=len(names) + 1),)))
        current_group = group
        rows.append(Row(cells=(label(item),) + tuple(_amount_cell(fmt, _v(values.get((group, item, n))), round_to)
                                                     for n in names)))
    total_label = t("cost_total_establishment" if phase == "establishment" else "cost_total_operation", lang)
    rows.append(Row(kind="total", cells=(label(total_label),) + tuple(
        _amount_cell(fmt, _v(values.get(("", TOTAL, n))), round_to) for n in names)))
    if phase == "operation" and per_citizen:
        over = _table(tables, "cost_overview").set_index(["municipality", "basis"])
        for basis, text in (("per_year", "cost_operation_per_year"), ("per_citizen", "cost_operation_per_citizen")):
            rows.append(Row(kind="total", cells=(label(t(text, lang)),) + tuple(
                _amount_cell(fmt, _v(over["operation"].get((n, basis))), round_to) for n in names)))
    caption = caption or _qualified(project, t("cost_cap_establishment" if phase == "establishment"
                                               else "cost_cap_operation", lang), round_to)
    notes = _notes(project, tables, round_to, fmt)
    if phase == "operation" and per_citizen and spec.operation_years != 1:
        notes.insert(0, t("cost_note_per_citizen", lang, years=spec.horizon_years))
    return Table(key=key or f"tab_costs_{phase}", caption=caption, rows=tuple(rows), notes=tuple(notes),
                 source=t("cost_source", lang), block="costs.table",
                 column_widths=(4.6,) + (1.9,) * len(names))


def cost_summary_table(project: Project, tables: dict[str, pd.DataFrame], fmt: Formatter, *,
                       municipality: str = AVERAGE, round_to: int = 100, key: str | None = None,
                       caption: str | None = None) -> Table:
    """Establishment, operation and total cost of the average municipality (or one) over the period, per year
    and per citizen (the numbers of Figur 6-2 as a table)."""
    lang = project.language
    spec = _costs(project)
    over = _table(tables, "cost_overview")
    if municipality != AVERAGE and municipality not in _municipalities(tables):
        raise ValueError(f"no cost lines for municipality {municipality!r} (known: "
                         f"{', '.join(_municipalities(tables))})")
    over = over[over["municipality"] == municipality].set_index("basis")
    header = (head(""), head(t("cost_establishment", lang)), head(t("cost_operation", lang)), head(t("cost_total", lang)))
    rows = [Row(kind="header", cells=header)]
    for basis in ("total", "per_year", "per_citizen"):
        r = over.loc[basis]
        rows.append(Row(cells=(label(t(f"cost_basis_{basis}", lang, years=spec.horizon_years)),) + tuple(
            _amount_cell(fmt, _v(r[c]), round_to) for c in ("establishment", "operation", "total"))))
    if caption is None:
        caption = _qualified(project, t("cost_cap_summary", lang, years=spec.horizon_years) if municipality == AVERAGE
                             else t("cost_cap_summary_municipality", lang, years=spec.horizon_years,
                                    municipality=municipality), round_to)
    notes = [t("cost_note_per_citizen", lang, years=spec.horizon_years)] + _notes(project, tables, round_to, fmt)
    return Table(key=key or "tab_costs_summary", caption=caption, rows=tuple(rows), notes=tuple(notes),
                 source=t("cost_source", lang), block="costs.summary")


def _stack(project: Project, fmt: Formatter, round_to: int, e: list, o: list, totals: list) -> tuple[Series, Series, Series]:
    lang = project.language

    def labels(values):
        return tuple(fmt.amount(v, round_to) if v is not None else "" for v in values)

    return (Series(name=t("cost_establishment", lang), values=tuple(e), labels=labels(e)),
            Series(name=t("cost_operation", lang), values=tuple(o), labels=labels(o)),
            Series(name=t("cost_total", lang), values=tuple(totals), labels=labels(totals), total=True))


def cost_per_citizen_figure(project: Project, tables: dict[str, pd.DataFrame], fmt: Formatter, *,
                            basis: Basis = "per_citizen", municipalities: bool = True, round_to: int = 100,
                            key: str | None = None, caption: str | None = None) -> Figure:
    """Cost per citizen stacked by establishment and operation, per municipality and "Gennemsnit", over the
    operating period (Figur 6-2); ``basis`` per_year or total for the annual or the whole period's cost."""
    lang = project.language
    spec = _costs(project)
    over = _table(tables, "cost_overview")
    over = over[over["basis"] == basis].set_index("municipality")
    names = (_municipalities(tables) if municipalities else []) + [AVERAGE]
    e = [_v(over["establishment"].get(n)) for n in names]
    o = [_v(over["operation"].get(n)) for n in names]
    totals = [_v(over["total"].get(n)) for n in names]
    categories = [_column_label(n, lang) for n in names]
    series = _stack(project, fmt, round_to, e, o, totals)
    summary = "; ".join(f"{c} {tot}" for c, tot in zip(categories, series[2].labels))
    base = t(f"cost_basis_{basis}", lang, years=spec.horizon_years).lower()
    caption = caption or _qualified(project, t("cost_cap_per_citizen", lang, years=spec.horizon_years), round_to)
    notes = [t("cost_note_per_citizen", lang, years=spec.horizon_years)] + _notes(project, tables, round_to, fmt)
    return Figure(key=key or f"fig_costs_{basis}", caption=caption, kind="stacked_column",
                  categories=tuple(categories), series=series, value_format="amount",
                  alt_text=t("cost_alt_stacked", lang, basis=base.removeprefix("pr. ").removeprefix("per "),
                             summary=summary),
                  notes=tuple(notes), source=t("cost_source", lang),
                  y_title=t("cost_per_citizen_axis", lang) if basis == "per_citizen" else "", height=7.5)


def cost_sensitivity_figure(project: Project, tables: dict[str, pd.DataFrame], fmt: Formatter, *,
                            round_to: int = 100, key: str | None = None, caption: str | None = None) -> Figure:
    """Cost per citizen (establishment, operation, total) against the participants per year, the average
    municipality's costs held fixed (Figur 6-3)."""
    lang = project.language
    data = _table(tables, "cost_sensitivity")
    xs = tuple(float(p) for p in data["participants"])
    categories = []
    for p, position in zip(data["participants"], data["position"]):
        text = t("cost_participants", lang, n=fmt.number(float(round_to_nearest(p, 1)), 0))
        categories.append(f"{text}\n({t(f'cost_position_{position}', lang)})" if position else text)
    series = []
    for column, name in (("establishment", "cost_establishment"), ("operation", "cost_operation"),
                         ("total", "cost_total")):
        values = tuple(_v(v) for v in data[column])
        series.append(Series(name=t(name, lang), values=values, x=xs,
                             labels=tuple(fmt.amount(v, round_to) for v in values)))
    points = join_list([f"{c.split(chr(10))[0]}: {lab}" for c, lab in zip(categories, series[2].labels)], lang)
    caption = caption or _qualified(project, t("cost_cap_sensitivity", lang), round_to)
    notes = [t("cost_note_sensitivity", lang, points=points)] + (
        [t("cost_note_rounding", lang)] if round_to > 1 else [])
    return Figure(key=key or "fig_costs_sensitivity", caption=caption, kind="xy_line", categories=tuple(categories),
                  series=tuple(series), value_format="amount", notes=tuple(notes), source=t("cost_source", lang),
                  alt_text=t("cost_alt_sensitivity", lang, summary=points),
                  x_title=t("cost_participants_axis", lang), y_title=t("cost_per_citizen_axis", lang), height=7.5)


def budget_result_figure(project: Project, tables: dict[str, pd.DataFrame], fmt: Formatter, *,
                         total: bool = True, round_to: int = 100, key: str | None = None,
                         caption: str | None = None) -> Figure:
    """Net budget result per citizen of each scenario (archetype), one bar per public actor and their total
    (Figur 6-5)."""
    lang = project.language
    spec = _costs(project)
    if spec.budget is None:
        raise ValueError("block 'budget-result-figure' needs costs.budget in project.yaml")
    data = _table(tables, "budget_result").set_index(["scenario", "actor"])
    actors = [(a.code, a.label) for a in spec.budget.actors] + ([(TOTAL, t("cost_all_actors", lang))] if total else [])
    scenarios = spec.budget.scenarios
    series = []
    for code, name in actors:
        values = tuple(_v(data["net"].get((s.code, code))) for s in scenarios)
        series.append(Series(name=name, values=values, group=code,
                             labels=tuple(fmt.amount(v, round_to) if v is not None else "" for v in values)))
    summary = "; ".join(f"{s.label}: " + ", ".join(f"{ser.name} {ser.labels[i]}" for ser in series)
                        for i, s in enumerate(scenarios))
    over = _table(tables, "cost_overview").set_index(["municipality", "basis"])
    cost = fmt.amount(_v(over["total"].get((AVERAGE, "per_citizen"))), round_to)
    payer = next(a.label for a in spec.budget.actors if a.bears_costs)
    caption = caption or _qualified(project, t("cost_cap_budget", lang), round_to)
    return Figure(key=key or "fig_costs_budget", caption=caption, kind="signed_bar",
                  categories=tuple(s.label for s in scenarios), series=tuple(series), value_format="amount",
                  notes=(t("cost_note_budget", lang, cost=cost, actor=payer.lower()),),
                  source=t("cost_source", lang), alt_text=t("cost_alt_budget", lang, summary=summary),
                  y_title=t("cost_net_axis", lang), height=7.5, reference=0.0)


def budget_result_table(project: Project, tables: dict[str, pd.DataFrame], fmt: Formatter, *,
                        round_to: int = 100, key: str | None = None, caption: str | None = None) -> Table:
    """Budget result per citizen per scenario: consequences, costs and net result for each public actor and in
    total (the numbers of Figur 6-5 as a table)."""
    lang = project.language
    spec = _costs(project)
    if spec.budget is None:
        raise ValueError("block 'budget-result-table' needs costs.budget in project.yaml")
    data = _table(tables, "budget_result").set_index(["scenario", "actor"])
    actors = [(a.code, a.label) for a in spec.budget.actors] + [(TOTAL, t("cost_all_actors", lang))]
    measures = (("consequences", "cost_budget_consequences"), ("costs", "cost_budget_costs"), ("net", "cost_budget_net"))
    rows = [Row(kind="header", cells=(head(""),) + tuple(head(name, span=len(measures)) for _, name in actors)),
            Row(kind="header", cells=(head(""),) + tuple(head(t(text, lang)) for _ in actors for _, text in measures))]
    for scenario in spec.budget.scenarios:
        rows.append(Row(cells=(label(scenario.label),) + tuple(
            _amount_cell(fmt, _v(data[column].get((scenario.code, code))), round_to)
            for code, _ in actors for column, _ in measures)))
    caption = caption or _qualified(project, t("cost_cap_budget", lang), round_to)
    payer = next(a.label for a in spec.budget.actors if a.bears_costs)
    over = _table(tables, "cost_overview").set_index(["municipality", "basis"])
    cost = fmt.amount(_v(over["total"].get((AVERAGE, "per_citizen"))), round_to)
    return Table(key=key or "tab_costs_budget", caption=caption, rows=tuple(rows),
                 notes=(t("cost_note_budget", lang, cost=cost, actor=payer.lower()),), source=t("cost_source", lang),
                 block="costs.budget_table", column_widths=(2.6,) + (1.45,) * (len(actors) * len(measures)))


def cost_items_table(project: Project, tables: dict[str, pd.DataFrame], fmt: Formatter, *,
                     key: str | None = None, caption: str | None = None) -> Table:
    """The cost items registered, one row each, by phase and group (Tabel 7-3 "Poster for ressourceforbrug")."""
    lang = project.language
    _costs(project)
    items = _table(tables, "cost_items")
    items = items[items["item"] != TOTAL]
    rows = [Row(kind="header", cells=(head(t("cost_col_phase", lang), align="left"),
                                      head(t("cost_col_group", lang), align="left"),
                                      head(t("cost_col_items", lang), align="left")))]
    for phase in ("establishment", "operation"):
        mine = items[items["phase"] == phase]
        if mine.empty:
            continue
        shown_phase = False
        for group, sub in mine.groupby("group", sort=False):
            for n, item in enumerate(dict.fromkeys(sub["item"])):   # the phase and the group once, on top
                rows.append(Row(cells=(label("" if shown_phase else t(f"cost_phase_{phase}", lang)),
                                       label(group if n == 0 else ""), label(item))))
                shown_phase = True
    return Table(key=key or "tab_cost_items", caption=caption or t("cost_cap_items", lang), rows=tuple(rows),
                 source=t("cost_source_items", lang), block="costs.items_table", column_widths=(2.6, 4.0, 9.4))


BLOCKS = {
    "costs.table": cost_table,
    "costs.summary_table": cost_summary_table,
    "costs.per_citizen_figure": cost_per_citizen_figure,
    "costs.sensitivity_figure": cost_sensitivity_figure,
    "costs.budget_figure": budget_result_figure,
    "costs.budget_table": budget_result_table,
    "costs.items_table": cost_items_table,
}
