"""Small-group suppression (anatomy §2.12): primary, complementary, and an exact audit of what stays derivable.

**Primary**: a row whose ``n`` is below ``min_n`` is not shown — its value columns become NaN,
``suppressed`` = True and ``suppressed_reason`` = ``"min_n"``. Rows without an ``n`` (NaN) are not judged
on their own (they can still be linked), and rows that show nothing anyway (all value columns NaN, e.g.
n = 0) are left unflagged: a blank for missing data is not a suppression.

**Complementary**: a :class:`Link` names sets of rows where one row (the *aggregate*) is an exact function
of the others (the *parts*) that a reader of the table knows:

* ``kind="mean"`` — the unweighted mean of the parts that have a value: ``samlet = (employee + leader) / 2``
  within one municipality × wave (:data:`SAMLET_LINK`), or the fidelity-mean Total row = the mean of the
  municipality values of one side × wave (:data:`TOTAL_LINK`; the reader counts the non-blank cells);
* ``kind="sum"`` — a count Total = the sum of the rows;
* ``kind="weighted"`` — a weighted mean whose weights (``weight`` column, e.g. ``n``) are displayed too.

A pooled share whose weights are *not* displayed (the indicator Total = Σ top / Σ valid over groups) is no
exact relation for the reader and gets no link.

Within each set, when **exactly one part is suppressed**, the other parts are shown or genuinely missing, and
the aggregate is shown, the hidden part could be derived (samlet − employee reveals the leader value), so the
aggregate is suppressed too (``"complementary"``). With ``strategy="part"`` the visible part with the smallest
``n`` is suppressed instead (keeps a Total visible; :data:`TOTAL_LINK` does so).

**Audit**: the one-hidden-part rule is not enough when links overlap (a hidden leader value, its hidden Samlet
and two Total cells can together pin it down). So after that rule has run, every link's relations are written
as a linear system in the hidden cells (the displayed cells are known numbers) and a hidden cell is
*determined* when its unit vector lies in the row space of that system (:func:`determined`). While some cell
is determined, one more cell of a relation holding it is suppressed (the link's strategy decides which) and
the rule runs again; the hidden set only grows, so this ends, with no hidden value recomputable exactly.

Missing values that were never computed (NaN, not suppressed) are not secret and do not count as suppressed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

PRIMARY = "min_n"
COMPLEMENTARY = "complementary"
TOLERANCE = 1e-9


@dataclass(frozen=True)
class Link:
    """Rows sharing ``keys`` form a set; in column ``column`` the ``parts`` make up the ``aggregate``.

    ``parts=None`` means every other row of the set. Example — samlet of a municipality × wave:
    ``Link(keys=("municipality", "wave"), column="group", parts=("employee", "leader"), aggregate="samlet")``.
    """

    keys: tuple[str, ...]
    column: str
    parts: tuple[str, ...] | None
    aggregate: str
    strategy: Literal["aggregate", "part"] = "aggregate"
    kind: Literal["mean", "sum", "weighted"] = "mean"
    weight: str | None = None


SAMLET_LINK = Link(keys=("municipality", "wave"), column="group", parts=("employee", "leader"), aggregate="samlet")
TOTAL_LINK = Link(keys=("group", "wave"), column="municipality", parts=None, aggregate="total", strategy="part")


@dataclass(frozen=True)
class Relation:
    """One exact linear relation a reader knows: ``Σ coefficient · cell = a known number``; cells are row
    positions. ``link`` is the position of the :class:`Link` it comes from, ``aggregate`` its aggregate row."""

    terms: dict[int, float]
    link: int
    aggregate: int


def determined(relations: Iterable[dict], hidden: Iterable) -> set:
    """The hidden cells whose value follows exactly from the relations (displayed cells count as known).

    A hidden cell is determined iff its unit vector lies in the row space of the relations restricted to the
    hidden cells, i.e. iff every vector of that matrix's null space is zero at the cell."""
    hidden = set(hidden)
    rows = [{c: w for c, w in r.items() if c in hidden and w != 0} for r in relations]
    rows = [r for r in rows if r]
    cells = sorted({c for r in rows for c in r}, key=repr)
    if not cells:
        return set()
    col = {c: j for j, c in enumerate(cells)}
    matrix = np.zeros((len(rows), len(cells)))
    for i, r in enumerate(rows):
        for c, w in r.items():
            matrix[i, col[c]] = w
    _u, s, vt = np.linalg.svd(matrix)
    rank = int((s > TOLERANCE * max(1.0, s.max(initial=0.0))).sum())
    null = vt[rank:].T                                   # cells × dim of the null space
    if null.shape[1] == 0:
        return set(cells)
    return {c for c in cells if np.abs(null[col[c]]).max() < 1e-8}


def suppress(table: pd.DataFrame, min_n: int | Callable[[str], int], n_col: str = "n",
             value_cols: Sequence[str] = ("value",), links: Sequence[Link] = (), max_rounds: int = 50,
             group_col: str = "group") -> pd.DataFrame:
    """A copy of ``table`` with small groups suppressed (see the module docstring).

    ``min_n`` is one threshold, or a function of the row's ``group_col`` value (a disclosure rule per side).
    Adds ``suppressed`` (bool) and ``suppressed_reason`` (``"min_n"``, ``"complementary"`` or None); keeps
    order and index. Earlier ``suppressed`` flags in ``table`` are kept (so calls can be chained).
    """
    out = table.copy()
    if callable(min_n):
        groups = out[group_col].astype(object).to_numpy() if group_col in out else np.full(len(out), None)
        cache: dict = {}
        min_n = np.array([cache.setdefault(g, min_n(g)) for g in groups], dtype=float)
    n = pd.to_numeric(out[n_col], errors="coerce").to_numpy(dtype=float) if n_col in out else np.full(len(out), np.nan)
    before = out["suppressed"].fillna(False).to_numpy(dtype=bool) if "suppressed" in out else np.zeros(len(out), bool)
    reason = (out["suppressed_reason"].to_numpy(dtype=object).copy() if "suppressed_reason" in out
              else np.full(len(out), None, dtype=object))
    visible_value = out[list(value_cols)].notna().any(axis=1).to_numpy()
    primary = ~np.isnan(n) & (n < min_n) & ~before & visible_value
    reason[primary] = PRIMARY
    hidden = before | primary
    if links:
        relations = link_relations(out, links, value_cols[0])
        for _ in range(len(out) + 1):
            _one_hidden_part_rule(out, links, hidden, visible_value, n, reason, max_rounds)
            if not _repair(relations, links, hidden, visible_value, n, reason):
                break
    for col in value_cols:
        out[col] = out[col].astype(float).where(~hidden)
    out["suppressed"] = hidden
    out["suppressed_reason"] = pd.Series(reason, index=out.index, dtype=object)
    return out


def link_relations(table: pd.DataFrame, links: Sequence[Link], value_col: str = "value") -> list[Relation]:
    """The exact relations the links state between rows that have a value (row positions, see :class:`Link`)."""
    has_value = table[value_col].notna().to_numpy()
    out: list[Relation] = []
    for li, link in enumerate(links):
        for aggs, parts in _sets(table, link):
            aggs, parts = aggs[has_value[aggs]], parts[has_value[parts]]
            if not len(parts):
                continue
            if link.kind == "weighted":
                w = pd.to_numeric(table[link.weight], errors="coerce").to_numpy(dtype=float)[parts]
                if np.isnan(w).any() or w.sum() <= 0:
                    continue
                coef = w / w.sum()
            elif link.kind == "sum":
                coef = np.ones(len(parts))
            else:
                coef = np.full(len(parts), 1.0 / len(parts))
            for a in aggs:
                terms = {int(a): 1.0}
                terms.update({int(p): -float(c) for p, c in zip(parts, coef)})
                out.append(Relation(terms=terms, link=li, aggregate=int(a)))
    return out


def _sets(table: pd.DataFrame, link: Link) -> list[tuple[np.ndarray, np.ndarray]]:
    """(aggregate rows, part rows) of every set of one link, as row positions."""
    if link.column not in table or not set(link.keys) <= set(table.columns):
        return []
    role = table[link.column].astype(object).to_numpy()
    is_agg = role == link.aggregate
    is_part = ~is_agg if link.parts is None else np.isin(role, np.asarray(link.parts, dtype=object))
    relevant = np.flatnonzero(is_part | is_agg)
    if not len(relevant) or not is_agg.any():
        return []
    sets = table.iloc[relevant].groupby(list(link.keys), sort=False, dropna=False, observed=True).indices
    out = []
    for members in sets.values():
        rows = relevant[members]
        aggs = rows[is_agg[rows]]
        if len(aggs):
            out.append((aggs, rows[is_part[rows]]))
    return out


def _one_hidden_part_rule(table, links, hidden, shown, n, reason, max_rounds) -> None:
    for _ in range(max_rounds):
        changed = False
        for link in links:
            for p in _complementary(table, link, hidden, shown, n):
                hidden[p] = True
                reason[p] = COMPLEMENTARY
                changed = True
        if not changed:
            break


def _repair(relations: list[Relation], links: Sequence[Link], hidden: np.ndarray, shown: np.ndarray,
            n: np.ndarray, reason: np.ndarray) -> bool:
    """Suppress one more cell if a hidden cell is still determined; False when none is."""
    terms = [r.terms for r in relations]
    secret = set(np.flatnonzero(hidden & shown).tolist())
    found = sorted(determined(terms, secret))
    if not found:
        return False
    target = found[0]
    candidates: list[int] = []
    for r in relations:
        if target not in r.terms:
            continue
        visible = [c for c in r.terms if not hidden[c] and shown[c]]
        parts = sorted((c for c in visible if c != r.aggregate),
                       key=lambda c: (np.inf if np.isnan(n[c]) else n[c], c))
        agg = [c for c in visible if c == r.aggregate]
        candidates += (parts + agg) if links[r.link].strategy == "part" else (agg + parts)
    candidates = list(dict.fromkeys(candidates))
    if not candidates:          # cannot happen for relations between real values; stay safe anyway
        return False
    choice = candidates[0]
    for c in candidates[:8]:
        if target not in determined(terms, secret | {c}):
            choice = c
            break
    hidden[choice] = True
    reason[choice] = COMPLEMENTARY
    return True


def _complementary(table: pd.DataFrame, link: Link, hidden: np.ndarray, shown: np.ndarray,
                   n: np.ndarray) -> list[int]:
    """Row positions to suppress for one link in one round (the one-hidden-part rule)."""
    out: list[int] = []
    for aggs, parts in _sets(table, link):
        open_aggs = aggs[~hidden[aggs] & shown[aggs]]
        if not len(open_aggs):
            continue
        if int(hidden[parts].sum()) != 1:
            continue
        if link.strategy == "aggregate":
            out.extend(int(a) for a in open_aggs)
        else:
            candidates = parts[~hidden[parts] & shown[parts]]
            if len(candidates):
                sizes = np.where(np.isnan(n[candidates]), np.inf, n[candidates])
                out.append(int(candidates[np.argmin(sizes)]))
            else:
                out.extend(int(a) for a in open_aggs)
    return out
