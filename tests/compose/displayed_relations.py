"""What a reader can compute from a displayed table: the exact linear relations between its cells, and which
hidden ("*") cells they pin down (a numpy rank test, independent of reporter.metrics.suppression).

A cell is a (row, column) position. A relation is ``{cell: coefficient}`` meaning Σ coefficient · value = a
number the reader knows. A hidden cell h is recoverable iff its unit vector lies in the row space of the
relations restricted to the hidden cells: rank(A_H) == rank([A_H; e_h]).
"""

from __future__ import annotations

import numpy as np

from reporter.model import Table


def hidden(cell) -> bool:
    return cell.status == "suppressed"


def has_value(cell) -> bool:
    """Displayed with a number, or hidden behind '*' (a blank or an invalid '*' is no value)."""
    return hidden(cell) or cell.value is not None


def recoverable(relations: list[dict], hidden_cells: set) -> set:
    """The hidden cells whose value follows from the relations (numpy matrix rank, one test per cell)."""
    order = sorted(hidden_cells)
    col = {c: j for j, c in enumerate(order)}
    rows = []
    for r in relations:
        row = np.zeros(len(order))
        for c, w in r.items():
            if c in col:
                row[col[c]] += w
        if np.any(row != 0):
            rows.append(row)
    if not rows:
        return set()
    a = np.array(rows)
    base = np.linalg.matrix_rank(a)
    out = set()
    for c, j in col.items():
        unit = np.zeros(len(order))
        unit[j] = 1.0
        if np.linalg.matrix_rank(np.vstack([a, unit])) == base:
            out.add(c)
    return out


def _body(table: Table) -> list[int]:
    return [i for i, r in enumerate(table.rows) if r.kind == "body"]


def _total(table: Table) -> list[int]:
    return [i for i, r in enumerate(table.rows) if r.kind == "total"]


def _mean_total(table: Table, columns: list[int]) -> list[dict]:
    """A Total row that is the unweighted mean of the body cells with a value (the reader counts them)."""
    out = []
    for t in _total(table):
        for j in columns:
            parts = [(i, j) for i in _body(table) if has_value(table.rows[i].cells[j])]
            if parts and has_value(table.rows[t].cells[j]):
                out.append({(t, j): 1.0, **{p: -1.0 / len(parts) for p in parts}})
    return out


def _sum_total(table: Table, columns: list[int]) -> list[dict]:
    out = []
    for t in _total(table):
        for j in columns:
            parts = [(i, j) for i in _body(table) if has_value(table.rows[i].cells[j])]
            if parts and has_value(table.rows[t].cells[j]):
                out.append({(t, j): 1.0, **{p: -1.0 for p in parts}})
    return out


def _samlet(table: Table, triples: list[tuple[int, int, int]]) -> list[dict]:
    """Samlet = (employee + leader) / 2 in every body row where all three have a value (a Total row's Samlet
    is the mean of the municipality Samlet values, which follows from the other relations when it equals the
    mean of its sides and is no relation when it does not)."""
    out = []
    for i in _body(table):
        cells = table.rows[i].cells
        for e, l, s in triples:
            if all(has_value(cells[j]) for j in (e, l, s)):
                out.append({(i, s): 1.0, (i, e): -0.5, (i, l): -0.5})
    return out


def side_table_relations(table: Table, waves: int) -> list[dict]:
    """Power-ranking / fidelity-mean tables: columns 1 + side·W + w (employee, leader, samlet)."""
    triples = [(1 + w, 1 + waves + w, 1 + 2 * waves + w) for w in range(waves)]
    columns = list(range(1, 1 + 3 * waves))
    return _samlet(table, triples) + _mean_total(table, columns)


def fidelity_side_relations(table: Table, waves: int) -> list[dict]:
    """The SOF shape: per wave N, score (employee), N, score (leader), score (Samlet); a change column
    = printed last Samlet − printed first Samlet; the 'Alle' row is the unweighted mean of the municipalities."""
    triples = [(2 + 5 * w, 4 + 5 * w, 5 + 5 * w) for w in range(waves)]
    score_columns = [c for e, l, s in triples for c in (e, l, s)]
    out = _samlet(table, triples) + _mean_total(table, score_columns)
    width = len(table.rows[-1].cells)
    change = 1 + 5 * waves
    if width > change:
        first, last = triples[0][2], triples[-1][2]
        for i in _body(table) + _total(table):
            cells = table.rows[i].cells
            if all(has_value(cells[j]) for j in (change, first, last)):
                out.append({(i, change): 1.0, (i, last): -1.0, (i, first): 1.0})
    return out


def count_total_relations(table: Table) -> list[dict]:
    """A count table whose Total row is the sum of the body rows (every value column)."""
    width = len(table.rows[-1].cells)
    return _sum_total(table, list(range(1, width)))


def hidden_cells(table: Table) -> set:
    return {(i, j) for i, r in enumerate(table.rows) if r.kind != "header"
            for j, c in enumerate(r.cells) if hidden(c)}
