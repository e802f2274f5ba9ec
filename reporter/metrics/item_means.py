"""Item means of the fidelity items: the building block of the fidelity mean and the power-ranking.

For municipality m, group g, wave w and fidelity item i::

    value = Σ score / n,   n = valid answers (not "Ved ikke"; score after polarity, so high = high fidelity)

over the answers of respondents who were asked the item (item roles/waves and filters, as everywhere in the
metrics layer). ``by`` chooses the group: ``"side"`` (employee/leader — project leaders count where their
role's ``side`` says) or ``"role"`` (reporting role id). A row exists only where the item has at least one
valid answer, so "the municipality has a valid item mean" is simply "the row exists".

Columns: ``municipality, group, wave, item, value, n`` (``n`` int; ``value`` exact, unrounded), ordered by
municipality, group, wave and item in configuration order.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable, Sequence
from typing import Literal, TypeVar

import numpy as np
import pandas as pd

from reporter.config.models import SIDES, Project
from reporter.data.schema import Survey
from reporter.metrics.answer_index import survey_index
from reporter.metrics.grouping import valid_rows

ItemBy = Literal["side", "role"]
COLUMNS = ["municipality", "group", "wave", "item", "value", "n"]
T = TypeVar("T")
_MEMO: dict[tuple[int, int, Hashable], tuple[weakref.ref, weakref.ref, object]] = {}
_MEMO_SIZE = 32


def memo(project: Project, survey: Survey, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()`` once per (project object, answers table, key): intermediate results shared by several
    tables (the fidelity mean and the power-ranking both need the item means). Like the asked-rows cache of
    :mod:`reporter.metrics.grouping`, it assumes tables are not changed in place. Callers must not mutate
    the result."""
    answers = survey.answers
    k = (id(project), id(answers), key)
    hit = _MEMO.get(k)
    if hit is not None and hit[0]() is project and hit[1]() is answers:
        return hit[2]  # type: ignore[return-value]
    for dead in [d for d, (p, a, _) in _MEMO.items() if p() is None or a() is None]:
        del _MEMO[dead]
    while len(_MEMO) >= _MEMO_SIZE:
        del _MEMO[next(iter(_MEMO))]
    value = compute()
    _MEMO[k] = (weakref.ref(project), weakref.ref(answers), value)
    return value


def group_labels(project: Project, by: ItemBy) -> list[str]:
    """The configured order of the groups of :func:`item_means`."""
    if by == "side":
        return list(SIDES)
    if by == "role":
        return [r.id for r in project.roles]
    raise ValueError(f"by must be 'side' or 'role', not {by!r}")


def item_means(project: Project, survey: Survey, by: ItemBy = "side",
               items: Sequence[str] | None = None, with_sum: bool = False) -> pd.DataFrame:
    """Mean score per municipality × group × wave × item over valid answers (default: all fidelity items).

    ``with_sum`` adds the score sum (``sum``) for exact arithmetic downstream.
    """
    items = tuple(project.fidelity_items()) if items is None else tuple(items)
    out = memo(project, survey, ("item_means", by, items), lambda: _item_means(project, survey, by, list(items)))
    return out.copy() if with_sum else out.drop(columns="sum")


def _item_means(project: Project, survey: Survey, by: ItemBy, items: list[str]) -> pd.DataFrame:
    answers = survey.answers
    munis = [m.name for m in project.municipalities]
    groups = group_labels(project, by)
    waves = project.wave_ids
    distinct = list(dict.fromkeys(items))
    pos, number = valid_rows(project, survey, distinct)
    where = {item: k for k, item in enumerate(items)}
    item_code = np.array([where[i] for i in distinct], dtype=np.int64)[number] if len(distinct) else number
    cell = survey_index(survey).cells_at(pos, [("municipality", munis), (by, groups), ("wave", waves)])
    dims = (len(munis), len(groups), len(waves), len(items))
    bad = cell < 0
    flat = (cell * dims[3] + item_code)[~bad]
    size = int(np.prod(dims))
    n = np.bincount(flat, minlength=size)
    total = np.bincount(flat, weights=answers["score"].to_numpy()[pos][~bad], minlength=size)
    cells = np.flatnonzero(n)
    idx = np.unravel_index(cells, dims)
    out = pd.DataFrame({
        "municipality": np.asarray(munis, dtype=object)[idx[0]],
        "group": np.asarray(groups, dtype=object)[idx[1]],
        "wave": np.asarray(waves, dtype=object)[idx[2]],
        "item": np.asarray(items, dtype=object)[idx[3]],
        "value": total[cells] / n[cells],
        "n": n[cells].astype(np.int64),
        "sum": total[cells],
    }, columns=[*COLUMNS, "sum"])
    return out


def side_items(project: Project, side: str, wave: str | None = None) -> list[str]:
    """Fidelity items put to at least one role of ``side`` (in ``wave`` when given, else in any wave)."""
    roles = [r.id for r in project.roles if r.side == side]
    waves = [wave] if wave is not None else project.wave_ids
    return [i for i in project.fidelity_items() if any(project.asked(i, r, w) for r in roles for w in waves)]
