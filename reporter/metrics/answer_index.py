"""The long answers table as integer codes, made once per table: the precomputation every metric shares.

:func:`answer_index` gives, per answers table (cached weakly by the table object; tables are never changed in
place), an :class:`AnswerIndex` with

- the row positions of each item (:meth:`AnswerIndex.positions`);
- per column an integer code per row and the column's labels (:meth:`AnswerIndex.codes`): a categorical's own
  codes, an object column factorised once — or, for ``option``, the codes the loader already knows
  (:attr:`reporter.data.schema.Survey.answer_keys`);
- a code per row naming its respondent × wave (:meth:`AnswerIndex.respondent_wave`);
- numpy arrays of the columns (:meth:`AnswerIndex.array`) and a cache of asked rows per item
  (:attr:`AnswerIndex.asked`, :attr:`AnswerIndex.valid`, filled by :mod:`reporter.metrics.grouping`).

:meth:`AnswerIndex.codes_at` maps a column at some row positions to codes in a requested label order (the
label lookup is cached per order), so grouping never re-factorises strings. :func:`frame_codes_at` does the
same for any other table (e.g. the respondents).
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from reporter.data.schema import AnswerKeys, Survey

Codes = tuple[np.ndarray, list]
RESPONDENT_LEVEL = frozenset({"wave", "municipality", "role", "side"})   # the same on every row of a respondent
_MAPPED_KEPT = 16   # whole-column codes in a requested order kept per table (a few MB each)


def _column_codes(series: pd.Series) -> Codes:
    """Integer code per row (-1 = missing) and the labels the codes index."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        return series.cat.codes.to_numpy(), list(series.cat.categories)
    codes, uniques = pd.factorize(series.to_numpy())
    return codes, list(uniques)


class _Codes:
    """Column codes of one table, made on first use, with label lookups per requested order."""

    def __init__(self, frame: pd.DataFrame):
        self._frame = weakref.ref(frame)
        self._codes: dict[str, Codes] = {}
        self._normed: dict[tuple[str, bool], list[str]] = {}
        self._lookups: dict[tuple[str, tuple, bool], np.ndarray] = {}
        self._mapped: dict[tuple[str, tuple, bool], np.ndarray] = {}

    def codes(self, column: str) -> Codes:
        """Integer code per row of ``column`` (-1 = missing) and the labels they index."""
        hit = self._codes.get(column)
        if hit is None:
            hit = self._codes[column] = _column_codes(self._frame()[column])
        return hit

    def lookup(self, column: str, order: Sequence, casefold: bool = False) -> np.ndarray:
        """Code of ``column`` → position in ``order`` (-1 = not in it), one entry per label and a last -1 that
        raw code -1 (missing) lands on."""
        key = (column, tuple(order), casefold)
        hit = self._lookups.get(key)
        if hit is None:
            norm = (lambda x: str(x).casefold()) if casefold else str
            where = {norm(v): i for i, v in enumerate(order)}
            labels = self._normed.get((column, casefold))
            if labels is None:
                labels = self._normed[(column, casefold)] = [norm(u) for u in self.codes(column)[1]]
            hit = self._lookups[key] = np.array([where.get(u, -1) for u in labels] + [-1], dtype=np.int64)
        return hit

    def codes_at(self, column: str, positions: np.ndarray, order: Sequence, casefold: bool = False) -> np.ndarray:
        """Codes (int64) of ``column`` at ``positions`` in the given ``order`` (-1 = missing or not in ``order``).

        For many positions the codes of the whole column in that order are made once (small integers, a few
        kept), so each call is one gather."""
        raw = self.codes(column)[0]
        if len(positions) * 4 < len(raw):
            return self.lookup(column, order, casefold)[raw[positions]]
        key = (column, tuple(order), casefold)
        mapped = self._mapped.get(key)
        if mapped is None:
            while len(self._mapped) >= _MAPPED_KEPT:
                del self._mapped[next(iter(self._mapped))]
            lookup = self.lookup(column, order, casefold)
            small = np.int8 if len(order) < 127 else np.int16 if len(order) < 32767 else np.int64
            mapped = self._mapped[key] = lookup.astype(small)[raw]
        return mapped[positions].astype(np.int64)


class AnswerIndex(_Codes):
    """Integer codes and row positions of one long answers table (see the module docstring)."""

    def __init__(self, answers: pd.DataFrame):
        super().__init__(answers)
        self._order: np.ndarray | None = None   # row positions grouped by item (see _items)
        self._bounds: dict[str, tuple[int, int]] = {}
        self.asked: dict[tuple[str, str], np.ndarray] = {}
        self.valid: dict[tuple[str, str], np.ndarray] = {}
        self._arrays: dict[str, np.ndarray] = {}
        self._respondent_wave: tuple[np.ndarray, int] | None = None
        self._representative: np.ndarray | None = None   # an answer row of each respondent row (loader keys)
        self._cells: dict[tuple, np.ndarray] = {}

    def _items(self, order: np.ndarray | None = None) -> tuple[np.ndarray, dict[str, tuple[int, int]]]:
        """Row positions grouped by item (configuration order, table order within an item; rows without an
        item first) and each item's slice of them; ``order`` = those positions when already known."""
        if self._order is None:
            codes, names = self.codes("item")
            codes = np.asarray(codes, dtype=np.int64)
            names = [str(n) for n in names]
            if order is None:
                # int16 keys make numpy's stable sort a radix sort (several times faster than int8/int64 here).
                small = len(names) < np.iinfo(np.int16).max
                order = np.argsort(codes.astype(np.int16 if small else np.int64), kind="stable")
            counts = np.bincount(codes[codes >= 0], minlength=len(names))
            skip = int((codes < 0).sum())
            starts = skip + np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
            self._bounds = {name: (int(a), int(a + c)) for name, a, c in zip(names, starts, counts)}
            self._order = order
        return self._order, self._bounds

    def use_keys(self, keys: AnswerKeys | None) -> None:
        """Take the codes the loader knows (``Survey.answer_keys``) instead of factorising the columns again."""
        if keys is None:
            return
        if "option" not in self._codes:
            self._codes["option"] = (keys.option, list(keys.option_labels))
        if self._order is None and keys.item_rows is not None:
            self._items(keys.item_rows)
        if self._respondent_wave is None and not self._cells:
            rw = np.asarray(keys.respondent_row, dtype=np.int64)
            self._respondent_wave = (rw, max(int(keys.respondent_rows), 1))
            # the respondent columns of an answer row are those of its respondent row (the loader copies them)
            self._representative = np.full(self._respondent_wave[1], -1, dtype=np.int64)
            self._representative[rw] = np.arange(len(rw))

    def cells_at(self, positions: np.ndarray, columns: Sequence[tuple[str, Sequence]]) -> np.ndarray:
        """One code (int64) per position for several columns at once: with ``columns`` = ``[(column, order),
        ...]`` the code is ``((c0 * len(order1)) + c1) * len(order2) + ...`` of the columns' codes in their
        orders, -1 where any of them is -1. Only columns of :data:`RESPONDENT_LEVEL`.

        With the loader's keys the columns are the respondent's (one value per respondent row), so the codes
        are made per respondent row and looked up through it; otherwise they are made for the whole table.
        Either is made once per ``columns``."""
        key = tuple((c, tuple(o)) for c, o in columns)
        hit = self._cells.get(key)
        if hit is None:
            if not {c for c, _ in columns} <= RESPONDENT_LEVEL:
                raise ValueError(f"cells_at takes respondent columns ({', '.join(sorted(RESPONDENT_LEVEL))})")
            rows = self._representative if self._representative is not None else slice(None)
            size = int(np.prod([len(o) for _, o in columns])) if columns else 1
            flat: np.ndarray | int = 0
            bad: np.ndarray | bool = False
            for column, order in columns:
                codes = self.lookup(column, order)[self.codes(column)[0][rows]]
                flat = flat * len(order) + codes
                bad = bad | (codes < 0)
            flat = np.where(bad, -1, flat)
            if self._representative is not None:
                flat = np.where(self._representative < 0, -1, flat)
            small = np.int16 if size < 32767 else np.int32 if size < 2**31 - 1 else np.int64
            hit = self._cells[key] = flat.astype(small)
        if self._representative is None:
            return hit[positions].astype(np.int64)
        return hit[self._respondent_wave[0][positions]].astype(np.int64)

    def positions(self, items: Iterable[str]) -> np.ndarray:
        """Sorted row positions of ``items``."""
        order, bounds = self._items()
        parts = [order[a:b] for a, b in (bounds.get(i, (0, 0)) for i in items)]
        if len(parts) == 1:
            return parts[0].copy()   # the stable sort by item keeps each item's rows in table order
        return np.sort(np.concatenate(parts)) if parts else np.empty(0, dtype=np.intp)

    def array(self, column: str) -> np.ndarray:
        """The column as a numpy array (read only; categoricals as object values are not cached here)."""
        hit = self._arrays.get(column)
        if hit is None:
            hit = self._arrays[column] = self._frame()[column].to_numpy()
        return hit

    def respondent_wave(self) -> tuple[np.ndarray, int]:
        """A code per row naming its respondent × wave (0 ≤ code < size), and the size of the code space."""
        if self._respondent_wave is None:
            answers = self._frame()
            resp, uniques = pd.factorize(answers["respondent"])
            n_resp = len(uniques) + 1
            resp = np.where(resp < 0, len(uniques), resp)  # a missing id gets its own slot
            wave = answers["wave"]
            if isinstance(wave.dtype, pd.CategoricalDtype):
                w, n_waves = wave.cat.codes.to_numpy().astype(np.int64), len(wave.cat.categories)
            else:
                w, wu = pd.factorize(wave, use_na_sentinel=False)
                n_waves = len(wu)
            w = np.where(w < 0, n_waves, w)  # a missing wave gets its own slot
            self._respondent_wave = (w * n_resp + resp.astype(np.int64), (n_waves + 1) * n_resp)
        return self._respondent_wave


_CACHE: dict[int, tuple[weakref.ref, _Codes]] = {}


def _cached(frame: pd.DataFrame, make) -> _Codes:
    key = id(frame)
    hit = _CACHE.get(key)
    if hit is None or hit[0]() is not frame or not isinstance(hit[1], make):
        for k in [k for k, (ref, _) in _CACHE.items() if ref() is None]:
            del _CACHE[k]
        hit = (weakref.ref(frame), make(frame))
        _CACHE[key] = hit
    return hit[1]


def answer_index(answers: pd.DataFrame) -> AnswerIndex:
    """The cached :class:`AnswerIndex` of a long answers table."""
    return _cached(answers, AnswerIndex)  # type: ignore[return-value]


def survey_index(survey: Survey) -> AnswerIndex:
    """The :class:`AnswerIndex` of ``survey.answers``, using the codes the loader kept."""
    index = answer_index(survey.answers)
    index.use_keys(survey.answer_keys)
    return index


def frame_codes_at(frame: pd.DataFrame, column: str, positions: np.ndarray, order: Sequence,
                   casefold: bool = False) -> np.ndarray:
    """Codes of ``column`` of any table at ``positions`` in ``order`` (-1 = missing or not in ``order``)."""
    return _cached(frame, _Codes).codes_at(column, positions, order, casefold)
