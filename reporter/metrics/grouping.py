"""Pooled sums by reporting group: the shared engine behind the share and mean tables.

Every share or mean in the metrics layer is a ratio of two sums (top answers / valid answers, value
sum / count). They are summed once at the finest level (group × wave × keys) and then summed again
for the pooled ``"total"`` rows, so a Total is always pooled over respondents — never a mean of the
group values.

``by`` selects what goes into the ``municipality`` and ``group`` columns of the result:

- ``"role"``: ``municipality="total"``, ``group`` = reporting role id, then ``group="total"``;
- ``"side"``: ``municipality="total"``, ``group`` = ``"employee"``/``"leader"``, then ``"total"``;
- ``"municipality"``: first ``municipality="total"``, then one row per municipality, ``group="total"``.

Also: which answer rows a respondent was actually asked (item roles/waves and filters), used by every
table so that the "among users only" rule holds everywhere.

The sums are ``numpy.bincount`` over integer codes of the selected rows (row positions into
``survey.answers``), so the tables stay fast on large projects.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal

import numpy as np
import pandas as pd

from reporter.config.models import SIDES, Project
from reporter.data.schema import Survey

By = Literal["role", "side", "municipality"]
BY_VALUES: tuple[str, ...] = ("role", "side", "municipality")
TOTAL = "total"


# --- row selection ------------------------------------------------------------------------------------------

class _ItemIndex:
    """Row positions of each item in a long answers table (built once per table, then reused)."""

    def __init__(self, answers: pd.DataFrame):
        item = answers["item"]
        if isinstance(item.dtype, pd.CategoricalDtype):
            codes = item.cat.codes.to_numpy().astype(np.int64)
            names = [str(c) for c in item.cat.categories]
        else:
            codes, uniques = pd.factorize(item.astype(str))
            names = [str(u) for u in uniques]
        # int16 keys make numpy's stable sort a radix sort (several times faster than int8/int64 here).
        small = len(names) < np.iinfo(np.int16).max
        self.order = np.argsort(codes.astype(np.int16 if small else np.int64), kind="stable")
        self.asked: dict[tuple[str, str], np.ndarray] = {}
        counts = np.bincount(codes[codes >= 0], minlength=len(names))
        skip = int((codes < 0).sum())
        starts = skip + np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
        self.bounds = {name: (int(a), int(a + c)) for name, a, c in zip(names, starts, counts)}

    def positions(self, items: Iterable[str]) -> np.ndarray:
        parts = [self.order[a:b] for a, b in (self.bounds.get(i, (0, 0)) for i in items)]
        return np.sort(np.concatenate(parts)) if parts else np.empty(0, dtype=np.intp)


_INDEX_CACHE: dict[int, tuple[weakref.ref, _ItemIndex]] = {}


def _index(answers: pd.DataFrame) -> _ItemIndex:
    key = id(answers)
    hit = _INDEX_CACHE.get(key)
    if hit is None or hit[0]() is not answers:
        for k in [k for k, (ref, _) in _INDEX_CACHE.items() if ref() is None]:
            del _INDEX_CACHE[k]
        hit = (weakref.ref(answers), _ItemIndex(answers))
        _INDEX_CACHE[key] = hit
    return hit[1]


def item_positions(answers: pd.DataFrame, items: Iterable[str]) -> np.ndarray:
    """Sorted row positions of ``items`` in ``answers`` (the per-item index is cached per table)."""
    return _index(answers).positions(items)


def column_at(answers: pd.DataFrame, column: str, positions: np.ndarray) -> np.ndarray:
    """The values of one column at ``positions`` as a numpy array (categoricals as their values)."""
    series = answers[column]
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes = series.cat.codes.to_numpy()[positions]
        cats = np.asarray(series.cat.categories, dtype=object)
        out = np.empty(len(codes), dtype=object)
        ok = codes >= 0
        out[ok] = cats[codes[ok]]
        out[~ok] = None
        return out
    return series.to_numpy()[positions]


def codes_at(answers: pd.DataFrame, column: str, positions: np.ndarray, order: Sequence[str],
             casefold: bool = False) -> np.ndarray:
    """Integer codes of a column at ``positions`` in the given ``order`` (-1 = missing or not in ``order``)."""
    norm = (lambda x: str(x).casefold()) if casefold else str
    where = {norm(v): i for i, v in enumerate(order)}
    series = answers[column]
    if isinstance(series.dtype, pd.CategoricalDtype):
        raw = series.cat.codes.to_numpy()[positions]
        uniques = list(series.cat.categories)
    else:
        raw, uniques = pd.factorize(series.to_numpy()[positions])
    # The trailing -1 doubles as the answer for missing values: raw code -1 indexes the last entry.
    lookup = np.array([where.get(norm(u), -1) for u in uniques] + [-1], dtype=np.int64)
    return lookup[raw]


def _respondent_keys(answers: pd.DataFrame, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Integer (wave, respondent) keys for two sets of row positions, comparable with each other."""
    both = np.concatenate([a, b])
    wave, _ = pd.factorize(column_at(answers, "wave", both).astype(str))
    resp, uniques = pd.factorize(pd.Series(answers["respondent"].to_numpy()[both]).astype(str).to_numpy())
    key = wave.astype(np.int64) * (len(uniques) + 1) + resp
    return key[: len(a)], key[len(a):]


def asked_positions(project: Project, survey: Survey, item_id: str) -> np.ndarray:
    """Row positions in ``survey.answers`` of ``item_id`` from respondents who were actually asked.

    A row counts when the item was put to the respondent's role in that wave and, for a filtered item,
    the respondent answered the filter item with one of its ``equals`` labels (case-insensitive).
    """
    answers = survey.answers
    item = project.item(item_id)
    cache = _index(answers).asked
    key = (item_id, repr(item))
    if key not in cache:
        cache[key] = _asked_positions(project, answers, item_id)
    return cache[key]


def _asked_positions(project: Project, answers: pd.DataFrame, item_id: str) -> np.ndarray:
    pos = item_positions(answers, [item_id])
    item = project.item(item_id)
    if not len(pos):
        return pos
    keep = np.ones(len(pos), dtype=bool)
    if item.roles is not None:
        keep &= codes_at(answers, "role", pos, item.roles) >= 0
    if item.waves is not None:
        keep &= codes_at(answers, "wave", pos, item.waves) >= 0
    if item.filter is not None:
        src = item_positions(answers, [item.filter.item])
        src = src[codes_at(answers, "option", src, item.filter.equals, casefold=True) >= 0]
        here, passed = _respondent_keys(answers, pos, src)
        keep &= np.isin(here, passed)
    return pos[keep]


def asked(project: Project, survey: Survey, item_ids: Iterable[str]) -> np.ndarray:
    """Sorted row positions of the asked answers of several items (see :func:`asked_positions`)."""
    parts = [asked_positions(project, survey, i) for i in item_ids]
    return np.sort(np.concatenate(parts)) if parts else np.empty(0, dtype=np.intp)


def asked_answers(project: Project, survey: Survey, item_ids: Iterable[str],
                  columns: Iterable[str] | None = None) -> pd.DataFrame:
    """The asked answer rows of ``item_ids`` as a DataFrame (only ``columns``; fresh RangeIndex)."""
    answers = survey.answers
    pos = asked(project, survey, item_ids)
    cols = list(answers.columns) if columns is None else list(columns)
    return pd.DataFrame({c: answers[c].take(pos).reset_index(drop=True) for c in cols})


# --- pooled sums --------------------------------------------------------------------------------------------

def group_order(project: Project, by: str) -> list[str]:
    """The configured order of the ``by`` groups."""
    if by == "role":
        return [r.id for r in project.roles]
    if by == "side":
        return list(SIDES)
    if by == "municipality":
        return [m.name for m in project.municipalities]
    raise ValueError(f"by must be one of {', '.join(BY_VALUES)}, not {by!r}")


def pooled_sums(project: Project, survey: Survey, positions: np.ndarray, by: str,
                keys: Sequence[tuple[str, np.ndarray, Sequence[str]]],
                sums: Mapping[str, np.ndarray | None], fill_last: bool = False) -> pd.DataFrame:
    """Sum ``sums`` (name -> array aligned with ``positions``; ``None`` = count rows) per group × wave × keys,
    plus pooled totals. Boolean arrays count their True rows.

    ``keys`` are ``(column name, codes aligned with positions, labels)``; codes index into labels, -1 drops
    the row. Returns ``municipality, group, wave, *key names, *sum names`` ordered by wave (project order),
    group (configuration order, ``"total"`` last — first for ``by="municipality"``), then keys.
    Cells without any row are left out; with ``fill_last`` a cell is kept for every label of the last
    key as soon as any label of it has rows (zero sums), so the rows of a cell come in one complete block.
    Integer inputs give integer sums.
    """
    answers = survey.answers
    groups = group_order(project, by)
    waves = project.wave_ids
    label_cols = ["municipality", "group", "wave", *[k[0] for k in keys]]
    g = codes_at(answers, by, positions, groups)
    w = codes_at(answers, "wave", positions, waves)
    key_codes = [np.asarray(k[1], dtype=np.int64) for k in keys]
    dims = (len(groups), len(waves), *[len(k[2]) for k in keys])
    flat = g.astype(np.int64)
    bad = g < 0
    for codes, dim in zip([w, *key_codes], dims[1:]):
        flat = flat * dim + codes
        bad |= codes < 0
    ok = None if not bad.any() else ~bad
    if ok is not None:
        flat = flat[ok]
    size = int(np.prod(dims))
    count = np.bincount(flat, minlength=size).reshape(dims)
    totals = {}
    for name, values in sums.items():
        if values is None:
            totals[name] = count
            continue
        values = np.asarray(values) if ok is None else np.asarray(values)[ok]
        if values.dtype.kind == "b":
            totals[name] = np.bincount(flat[values], minlength=size).reshape(dims)
        elif values.dtype.kind in "iu":
            totals[name] = np.rint(np.bincount(flat, weights=values.astype(float), minlength=size)).astype(
                np.int64).reshape(dims)
        else:
            totals[name] = np.bincount(flat, weights=values.astype(float), minlength=size).reshape(dims)
    # Add the pooled total as an extra group, then order axes wave, group, keys.
    first = by == "municipality"

    def with_total(a: np.ndarray) -> np.ndarray:
        total = a.sum(axis=0, keepdims=True)
        both = np.concatenate([total, a] if first else [a, total], axis=0)
        return np.swapaxes(both, 0, 1)

    count = with_total(count)
    totals = {name: with_total(a) for name, a in totals.items()}
    group_labels = [TOTAL, *groups] if first else [*groups, TOTAL]
    present = count > 0
    if fill_last and keys:
        present = np.broadcast_to(present.any(axis=-1, keepdims=True), present.shape)
    cells = np.flatnonzero(present.ravel())
    idx = np.unravel_index(cells, count.shape)
    group_col = np.asarray(group_labels, dtype=object)[idx[1]]
    out = {
        "municipality": group_col if by == "municipality" else np.full(len(cells), TOTAL, dtype=object),
        "group": np.full(len(cells), TOTAL, dtype=object) if by == "municipality" else group_col,
        "wave": np.asarray(waves, dtype=object)[idx[0]],
    }
    for k_i, (name, _, labels) in enumerate(keys):
        out[name] = np.asarray(list(labels), dtype=object)[idx[2 + k_i]]
    for name, a in totals.items():
        out[name] = a.ravel()[cells]
    return pd.DataFrame(out, columns=label_cols + list(sums))


def finish_ratio(table: pd.DataFrame, num: str, den: str) -> pd.DataFrame:
    """Add ``value = num / den`` (NaN when ``den`` is 0) and ``n = den`` as an integer."""
    den_values = table[den].astype(float)
    table = table.copy()
    table["value"] = (table[num].astype(float) / den_values.where(den_values > 0)).astype(float)
    table["n"] = table[den].astype("int64")
    return table
