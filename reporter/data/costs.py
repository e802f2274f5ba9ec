"""Read and validate the cost sheet (and the budget sheet) of the ``costs:`` section into :class:`CostData`.

Files: CSV (any delimiter and encoding :func:`reporter.data.readers.read_table` accepts) or XLSX. Numbers in a
CSV may be written the Danish way (``1.234,50``, ``412,5``) or the English way (``1234.50``); a dot followed by
exactly three digits (``1.500``) is a thousands separator. A trailing ``kr.``/``DKK`` is ignored. XLSX cells
are read as typed.

Checks (every problem names file, row, column and value; nothing is computed when one is found):
required columns present; municipality one of ``municipalities`` (its name or its alias); phase
``etablering``/``drift``; item not blank; hours, rate and amount numbers ≥ 0; a line gives hours *and* rate,
or an amount, not both and not neither; every municipality with cost lines has ``costs.participants``.
Budget sheet: scenario and actor declared; amount a number (negative = a cost to that actor).
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd

from reporter.config.costs import PHASES, Costs
from reporter.config.load import PROJECT_FILE
from reporter.config.models import Project
from reporter.data.readers import RawTable, fold, read_table
from reporter.data.schema import COST_COLUMNS, BUDGET_COLUMNS, CostData
from reporter.data.validate import ProblemLog
from reporter.errors import InputError

_UNIT = re.compile(r"\s*(kr\.?|dkk)\s*$", re.IGNORECASE)
_THOUSANDS_DOT = re.compile(r"^-?\d{1,3}(\.\d{3})+$")
_THOUSANDS_COMMA = re.compile(r"^-?\d{1,3}(,\d{3})+\.\d+$|^-?\d{1,3}(,\d{3}){2,}$")


def parse_amount(text: str, typed: bool = False) -> float | None:
    """A number as a cost sheet writes it, or None when it is not one. ``typed``: the cell came from a typed
    file (XLSX), so a dot is always the decimal point.

    >>> parse_amount("1.234,50"), parse_amount("412,5"), parse_amount("1.500"), parse_amount("1500.25")
    (1234.5, 412.5, 1500.0, 1500.25)
    """
    text = _UNIT.sub("", text.replace("\u00a0", " ")).replace(" ", "")
    if not text:
        return None
    if not typed:
        if "," in text and "." in text:
            if text.rfind(",") > text.rfind("."):     # 1.234,50
                text = text.replace(".", "").replace(",", ".")
            else:                                      # 1,234.50
                text = text.replace(",", "")
        elif "," in text:
            text = text.replace(",", "") if _THOUSANDS_COMMA.match(text) else text.replace(",", ".")
        elif _THOUSANDS_DOT.match(text):               # 1.500 = fifteen hundred
            text = text.replace(".", "")
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _municipality_lookup(project: Project) -> dict[str, str]:
    """Names and aliases of the project municipalities (folded) → configured name."""
    out = {fold(m.name): m.name for m in project.municipalities}
    for m in project.municipalities:
        if m.alias:
            out.setdefault(fold(m.alias), m.name)
    return out


def _read(project_dir: Path, name: str, columns: list[str], log: ProblemLog) -> RawTable | None:
    try:
        table = read_table(project_dir / name, display_name=name)
    except InputError as exc:
        log.extend(exc.problems)
        return None
    log.extend(table.warnings)
    missing = [c for c in dict.fromkeys(columns) if c not in table.columns]
    for column in missing:
        log.error(name, "column not found", column=column, expected=f"one of the columns {table.columns[:12]}")
    return None if missing else table


def _numbers(table: RawTable, column: str, log: ProblemLog, *, negative_ok: bool = False) -> np.ndarray:
    """The column as floats (NaN = blank); non-numbers and (unless allowed) negative values are reported."""
    typed = table.delimiter is None
    cells = table.frame[column].astype(str).to_numpy(dtype=object)
    out = np.full(len(cells), np.nan)
    for i, cell in enumerate(cells):
        if cell == "":
            continue
        value = parse_amount(cell, typed=typed)
        row = int(table.rows[i])
        if value is None:
            log.error(table.file, "not a number", row=row, column=column, value=cell,
                      expected="an amount in kr. or hours, e.g. 12500 or 12.500,50")
        elif value < 0 and not negative_ok:
            log.error(table.file, "negative amount", row=row, column=column, value=cell,
                      expected="0 or more (costs are entered as positive amounts)")
        else:
            out[i] = value
    return out


def _cost_lines(project: Project, costs: Costs, table: RawTable, log: ProblemLog, project_file: str) -> pd.DataFrame:
    cols = costs.columns
    file = table.file
    frame = table.frame
    rows = table.rows.astype(np.int64)
    lookup = _municipality_lookup(project)
    names = [m.name for m in project.municipalities]

    municipality = [lookup.get(fold(v)) for v in frame[cols.municipality].astype(str)]
    for i, (raw, name) in enumerate(zip(frame[cols.municipality].astype(str), municipality)):
        if name is None:
            log.error(file, "municipality missing" if raw == "" else "unknown municipality", row=int(rows[i]),
                      column=cols.municipality, value=raw or None,
                      expected=f"a municipality listed under municipalities ({', '.join(names)})")
    phase = [PHASES.get(fold(v)) for v in frame[cols.phase].astype(str)]
    for i, (raw, value) in enumerate(zip(frame[cols.phase].astype(str), phase)):
        if value is None:
            log.error(file, "unknown phase", row=int(rows[i]), column=cols.phase, value=raw,
                      expected="etablering or drift")
    item = frame[cols.item].astype(str).to_numpy(dtype=object)
    for i in np.flatnonzero(item == ""):
        log.error(file, "cost item missing", row=int(rows[i]), column=cols.item, expected="the name of the cost item")
    group = frame[cols.group].astype(str).to_numpy(dtype=object) if cols.group else np.full(len(frame), "", object)

    hours = _numbers(table, cols.hours, log)
    rate = _numbers(table, cols.rate, log)
    amount = _numbers(table, cols.amount, log)
    raw_blank = {c: (frame[c].astype(str) == "").to_numpy() for c in (cols.hours, cols.rate, cols.amount)}
    for i in range(len(frame)):
        has_hours, has_rate = not raw_blank[cols.hours][i], not raw_blank[cols.rate][i]
        has_amount = not raw_blank[cols.amount][i]
        row = int(rows[i])
        if has_amount and (has_hours or has_rate):
            log.error(file, "give either hours × rate or an amount, not both", row=row,
                      column=cols.amount, value=frame[cols.amount].iloc[i],
                      expected=f"{cols.amount} blank when {cols.hours} and {cols.rate} are given")
        elif has_hours != has_rate:
            column = cols.rate if has_hours else cols.hours
            log.error(file, f"{column} missing: hours need an hourly rate and the other way round", row=row,
                      column=column, expected=f"both {cols.hours} and {cols.rate}, or only {cols.amount}")
        elif not (has_amount or has_hours):
            log.error(file, "no cost on the line", row=row, column=cols.amount,
                      expected=f"{cols.hours} and {cols.rate}, or {cols.amount}")
    value = np.where(np.isnan(amount), hours * rate, amount)

    with_lines = {m for m in municipality if m is not None}
    for name in names:
        if name in with_lines and name not in costs.participants:
            log.error(project_file, f"costs.participants: no citizens per year for {name!r}, which has cost lines "
                                      f"in {file}", value=name, expected="participants per year of every "
                                                                          "municipality with costs")
    return pd.DataFrame({
        "municipality": pd.Categorical(municipality, categories=names),
        "phase": pd.Categorical(phase, categories=["establishment", "operation"]),
        "group": pd.Series(group, dtype=object),
        "item": pd.Series(item, dtype=object),
        "hours": hours, "rate": rate, "amount": value,
        "source_row": rows,
    })[COST_COLUMNS]


def _budget_lines(costs: Costs, table: RawTable, log: ProblemLog) -> pd.DataFrame:
    spec = costs.budget
    assert spec is not None
    cols = spec.columns
    file = table.file
    rows = table.rows.astype(np.int64)
    out = {}
    for key, column, declared in (("scenario", cols.scenario, spec.scenarios), ("actor", cols.actor, spec.actors)):
        lookup = {fold(d.code): d.code for d in declared} | {fold(d.label): d.code for d in declared}
        values = [lookup.get(fold(v)) for v in table.frame[column].astype(str)]
        for i, (raw, code) in enumerate(zip(table.frame[column].astype(str), values)):
            if code is None:
                log.error(file, f"unknown {key}", row=int(rows[i]), column=column, value=raw,
                          expected=f"one of {[d.code for d in declared]} (costs.budget.{key}s)")
        out[key] = pd.Categorical(values, categories=[d.code for d in declared])
    amount = _numbers(table, cols.amount, log, negative_ok=True)
    for i in np.flatnonzero(np.isnan(amount) & (table.frame[cols.amount].astype(str) == "").to_numpy()):
        log.error(file, "amount missing", row=int(rows[i]), column=cols.amount, expected="an amount in kr.")
    item = table.frame[cols.item].astype(str).to_numpy(dtype=object) if cols.item else np.full(len(rows), "", object)
    return pd.DataFrame({"scenario": out["scenario"], "actor": out["actor"], "item": pd.Series(item, dtype=object),
                         "amount": amount, "source_row": rows})[BUDGET_COLUMNS]


def read_costs(project: Project, project_dir: str | Path, log: ProblemLog) -> CostData | None:
    """Read and check the cost (and budget) sheet, adding every problem to ``log``; ``None`` when unreadable."""
    costs = project.costs
    if costs is None:
        return None
    project_dir = Path(project_dir)
    cols = costs.columns
    needed = [cols.municipality, cols.phase, cols.item, cols.hours, cols.rate, cols.amount] + \
        ([cols.group] if cols.group else [])
    table = _read(project_dir, costs.file, needed, log)
    if table is None:
        return None
    if len(table) == 0:
        log.error(costs.file, "the cost sheet has no cost lines", expected="one row per cost line under the header")
        return None
    lines = _cost_lines(project, costs, table, log, str(project_dir / PROJECT_FILE))
    budget = None
    if costs.budget is not None:
        b = costs.budget.columns
        budget_table = _read(project_dir, costs.budget.file,
                             [b.scenario, b.actor, b.amount] + ([b.item] if b.item else []), log)
        if budget_table is None:
            return None
        budget = _budget_lines(costs, budget_table, log)
    return CostData(lines=lines, budget=budget)


def load_costs(project: Project, project_dir: str | Path, log: ProblemLog | None = None) -> CostData | None:
    """The validated cost data of a project. Without ``log``, raises :class:`InputError` on problems."""
    own = log is None
    log = ProblemLog() if log is None else log
    data = read_costs(project, project_dir, log)
    if own:
        log.raise_if_errors()
    return data
