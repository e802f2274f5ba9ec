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

from collections.abc import Iterable, Mapping, Sequence
from typing import Literal

import numpy as np
import pandas as pd

from reporter.config.models import SIDES, Project
from reporter.data.schema import Survey
from reporter.metrics.answer_index import AnswerIndex, answer_index, frame_codes_at, survey_index

By = Literal["role", "side", "municipality"]
BY_VALUES: tuple[str, ...] = ("role", "side", "municipality")
TOTAL = "total"


# --- row selection ------------------------------------------------------------------------------------------

def item_positions(answers: pd.DataFrame, items: Iterable[str]) -> np.ndarray:
    """Sorted row positions of ``items`` in ``answers`` (the per-item index is cached per table)."""
    return answer_index(answers).positions(items)


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


def codes_at(table: pd.DataFrame, column: str, positions: np.ndarray, order: Sequence[str],
             casefold: bool = False) -> np.ndarray:
    """Integer codes of a column at ``positions`` in the given ``order`` (-1 = missing or not in ``order``).

    The column is factorised once per table (:mod:`reporter.metrics.answer_index`)."""
    return frame_codes_at(table, column, positions, order, casefold)


def asked_positions(project: Project, survey: Survey, item_id: str) -> np.ndarray:
    """Row positions in ``survey.answers`` of ``item_id`` from respondents who were actually asked.

    A row counts when the item was put to the respondent's role in that wave and, for a filtered item,
    the respondent answered the filter item with one of its ``equals`` labels (case-insensitive).
    """
    index = survey_index(survey)
    item = project.item(item_id)
    key = (item_id, repr(item))
    if key not in index.asked:
        index.asked[key] = _asked_positions(project, index, item_id)
    return index.asked[key]


def _asked_positions(project: Project, index: AnswerIndex, item_id: str) -> np.ndarray:
    pos = index.positions([item_id])
    item = project.item(item_id)
    if not len(pos):
        return pos
    keep = np.ones(len(pos), dtype=bool)
    if item.roles is not None:
        keep &= index.codes_at("role", pos, item.roles) >= 0
    if item.waves is not None:
        keep &= index.codes_at("wave", pos, item.waves) >= 0
    if item.filter is not None:
        src = index.positions([item.filter.item])
        src = src[index.codes_at("option", src, item.filter.equals, casefold=True) >= 0]
        rw, size = index.respondent_wave()
        passed = np.zeros(size, dtype=bool)
        passed[rw[src]] = True
        keep &= passed[rw[pos]]
    return pos[keep]


def valid_item_positions(project: Project, survey: Survey, item_id: str) -> np.ndarray:
    """Sorted row positions of the valid answers (scored, not "Ved ikke") to ``item_id`` from respondents who
    were asked (cached per table, like :func:`asked_positions`)."""
    index = survey_index(survey)
    key = (item_id, repr(project.item(item_id)))
    hit = index.valid.get(key)
    if hit is None:
        pos = asked_positions(project, survey, item_id)
        score = index.array("score")[pos]
        keep = ~index.array("is_dont_know")[pos].astype(bool) & ~np.isnan(score)
        hit = index.valid[key] = pos[keep]
    return hit


def valid_rows(project: Project, survey: Survey, item_ids: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Row positions of the valid answers to ``item_ids`` (item by item, see :func:`valid_item_positions`) and
    per row the number of its item in ``item_ids``."""
    parts = [valid_item_positions(project, survey, i) for i in item_ids]
    if not parts:
        return np.empty(0, dtype=np.intp), np.empty(0, dtype=np.int64)
    number = np.repeat(np.arange(len(parts), dtype=np.int64), [len(p) for p in parts])
    return np.concatenate(parts), number


def item_numbers(item_ids: Sequence[str], number: np.ndarray, distinct: Sequence[str]) -> np.ndarray:
    """Per row, the place in ``item_ids`` (the last, if listed twice) of its item ``distinct[number]``."""
    where = {item: k for k, item in enumerate(item_ids)}
    return np.array([where[i] for i in distinct], dtype=np.int64)[number] if len(distinct) else number


def asked_rows(project: Project, survey: Survey, item_ids: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Row positions of the asked answers of ``item_ids`` item by item (unsorted: for sums whose order does
    not matter, or is this one) and per row the place of its item in ``item_ids``."""
    parts = [asked_positions(project, survey, i) for i in item_ids]
    if not parts:
        return np.empty(0, dtype=np.intp), np.empty(0, dtype=np.int64)
    number = np.repeat(np.arange(len(parts), dtype=np.int64), [len(p) for p in parts])
    return np.concatenate(parts), item_numbers(item_ids, number, list(item_ids))


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
    groups = group_order(project, by)
    waves = project.wave_ids
    label_cols = ["municipality", "group", "wave", *[k[0] for k in keys]]
    flat = survey_index(survey).cells_at(positions, [(by, groups), ("wave", waves)])   # group × wave
    key_codes = [np.asarray(k[1], dtype=np.int64) for k in keys]
    dims = (len(groups), len(waves), *[len(k[2]) for k in keys])
    bad = flat < 0
    for codes, dim in zip(key_codes, dims[2:]):
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
        if values.dtype.kind in "biu":   # counts as float sums (exact below 2**53): faster than a mask
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
