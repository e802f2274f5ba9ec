"""Small-group suppression (anatomy §2.12): primary and complementary.

**Primary**: a row whose ``n`` is below ``min_n`` is not shown — its value columns become NaN,
``suppressed`` = True and ``suppressed_reason`` = ``"min_n"``. Rows without an ``n`` (NaN) are not judged
on their own (they can still be linked), and rows that show nothing anyway (all value columns NaN, e.g.
n = 0) are left unflagged: a blank for missing data is not a suppression.

**Complementary**: a :class:`Link` names sets of rows where one row (the *aggregate*) is a known function of
the others (the *parts*): ``samlet = mean(employee, leader)`` within one municipality × wave, or a pooled
total over mutually exclusive groups. Within each set, when **exactly one part is suppressed**, the other
parts are shown or genuinely missing, and the aggregate is shown, the hidden part could be derived
(samlet − employee reveals the leader value), so the aggregate is suppressed too (``"complementary"``).
With ``strategy="part"`` the visible part with the smallest ``n`` is suppressed instead (keeps a total
visible; use it for totals over many groups). Two or more suppressed parts reveal only their combination and
are left as they are. The rule is applied until nothing changes, so overlapping links are safe.

Missing values that were never computed (NaN, not suppressed) are not secret and do not count as suppressed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

PRIMARY = "min_n"
COMPLEMENTARY = "complementary"


@dataclass(frozen=True)
class Link:
    """Rows sharing ``keys`` form a set; in column ``column`` the ``parts`` make up the ``aggregate``.

    Example — samlet of a municipality × wave: ``Link(keys=("municipality", "wave"), column="group",
    parts=("employee", "leader"), aggregate="samlet")``.
    """

    keys: tuple[str, ...]
    column: str
    parts: tuple[str, ...]
    aggregate: str
    strategy: Literal["aggregate", "part"] = "aggregate"


SAMLET_LINK = Link(keys=("municipality", "wave"), column="group", parts=("employee", "leader"), aggregate="samlet")


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
    for _ in range(max_rounds):
        changed = False
        for link in links:
            for p in _complementary(out, link, hidden, visible_value, n):
                hidden[p] = True
                reason[p] = COMPLEMENTARY
                changed = True
        if not changed:
            break
    for col in value_cols:
        out[col] = out[col].astype(float).where(~hidden)
    out["suppressed"] = hidden
    out["suppressed_reason"] = pd.Series(reason, index=out.index, dtype=object)
    return out


def _complementary(table: pd.DataFrame, link: Link, hidden: np.ndarray, shown: np.ndarray,
                   n: np.ndarray) -> list[int]:
    """Row positions to suppress for one link in one round."""
    role = table[link.column].astype(object).to_numpy()
    is_part = np.isin(role, np.asarray(link.parts, dtype=object))
    is_agg = role == link.aggregate
    relevant = np.flatnonzero(is_part | is_agg)
    if not len(relevant):
        return []
    keys = list(link.keys)
    sets = table.iloc[relevant].groupby(keys, sort=False, dropna=False, observed=True).indices
    out: list[int] = []
    for members in sets.values():
        rows = relevant[members]
        parts = rows[is_part[rows]]
        aggs = rows[is_agg[rows]]
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
