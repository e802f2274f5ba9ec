"""Map the answer columns of one survey file to rows of the long ``answers`` table.

Each item column is factorised; every distinct cell text is looked up once (``Scale.option_by_answer``
for option scales), so the cost is one dictionary lookup per distinct value, not per row.
Blank cells are not answers and produce no rows.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd

from reporter.config.models import Item, Project, Scale
from reporter.data.readers import RawTable, fold
from reporter.data.validate import ProblemLog, option_columns


@dataclass
class ItemRows:
    """Answers to one item in one file, kept as small integer codes over the file's rows.

    ``kind`` is ``options`` (ordinal/single), ``multi``, ``numeric`` or ``text``:

    - options: ``codes`` int8 of length n, the index of the chosen option in the scale, -1 = no answer;
    - multi: ``codes`` int8 of shape (options, n), 0/1 per option column, -1 = blank;
    - numeric: ``numbers`` float64 of length n, NaN = no answer;
    - text: ``text_pos`` (rows answered) and ``texts`` (the answers).

    The long table's rows come from :meth:`long_rows`; ``pos`` indexes the file's respondent rows.
    """

    item: str
    kind: str
    n: int
    codes: np.ndarray | None = None
    numbers: np.ndarray | None = None
    text_pos: np.ndarray | None = None
    texts: np.ndarray | None = None
    columns: tuple[str, ...] = ()

    @property
    def pos(self) -> np.ndarray:
        """Row (within the file) of every long-table row, in long-table order before sorting."""
        if self.kind == "options":
            return np.flatnonzero(self.codes >= 0)
        if self.kind == "multi":
            return np.concatenate([np.flatnonzero(c >= 0) for c in self.codes]) if len(self.codes) else _NO_POS
        if self.kind == "numeric":
            return np.flatnonzero(~np.isnan(self.numbers))
        return self.text_pos

    def column_names(self) -> tuple[str, ...]:
        return self.columns or (self.item,)

    def column_index(self) -> np.ndarray:
        """Per long-table row: the index into :meth:`column_names` of its data column."""
        if self.kind == "multi":
            return np.concatenate([np.full(int((c >= 0).sum()), k, dtype=np.int16) for k, c in enumerate(self.codes)]) \
                if len(self.codes) else np.zeros(0, dtype=np.int16)
        return np.zeros(len(self), dtype=np.int16)

    def choice(self) -> np.ndarray:
        """Per long-table row: the option index in the scale (options and multi items)."""
        if self.kind == "options":
            return self.codes[self.codes >= 0].astype(np.int16)
        return np.concatenate([np.full(int((c >= 0).sum()), k, dtype=np.int16) for k, c in enumerate(self.codes)]) \
            if len(self.codes) else np.zeros(0, dtype=np.int16)

    def multi_values(self) -> np.ndarray:
        """Per long-table row of a multi item: 1.0 (chosen) or 0.0."""
        return np.concatenate([c[c >= 0] for c in self.codes]).astype(float) if len(self.codes) else np.zeros(0)

    def __len__(self) -> int:
        if self.kind == "options":
            return int(np.count_nonzero(self.codes >= 0))
        if self.kind == "multi":
            return int(np.count_nonzero(self.codes >= 0))
        if self.kind == "numeric":
            return int(np.count_nonzero(~np.isnan(self.numbers)))
        return int(self.text_pos.size)


_NO_POS = np.zeros(0, dtype=np.int64)


def option_attributes(scale: Scale, reverse: bool = False) -> dict[str, tuple[float, bool]]:
    """Score and top flag per option label, after polarity.

    A reverse item's scores are mirrored (score' = min + max - score over the scored options) and its
    top options are those whose mirrored position is a top position: with Helt enig/Enig as the top of
    a five-point scale, Helt uenig/Uenig count as top for a reverse item.
    """
    scored = sorted((o for o in scale.options if o.score is not None), key=lambda o: -float(o.score))
    out: dict[str, tuple[float, bool]] = {}
    for o in scale.options:
        out[o.label] = (math.nan if o.score is None else float(o.score), bool(o.top))
    if reverse and scored:
        lo, hi = float(scored[-1].score), float(scored[0].score)
        n = len(scored)
        for pos, o in enumerate(scored):
            mirror = scored[n - 1 - pos]
            out[o.label] = (lo + hi - float(o.score), bool(mirror.top))
    return out


def _cells(table: RawTable, column: str) -> tuple[np.ndarray, list[str]]:
    """Codes (-1 = blank) and distinct texts of one column of a reader's categorical frame."""
    values = table.frame[column]
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = np.asarray(values.cat.codes).astype(np.int64)
        cats = [str(c) for c in values.cat.categories]
    else:
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        cats = [str(u) for u in uniques]
    if "" in cats:
        codes = np.where(codes == cats.index(""), -1, codes)
    return codes, cats


def _in_use(codes: np.ndarray, n_cats: int) -> np.ndarray:
    return np.bincount(codes[codes >= 0], minlength=n_cats) > 0


def answer_lookup(scale: Scale) -> tuple[dict[str, int], dict[str, int]]:
    """Option index by exact key (code, or label case-insensitively) and by folded key (whitespace collapsed).

    The first option matching a key wins, as in :meth:`Scale.option_by_answer`.
    """
    exact: dict[str, int] = {}
    folded: dict[str, int] = {}
    for k, o in enumerate(scale.options):
        exact.setdefault(str(o.code), k)
        exact.setdefault(unicodedata.normalize("NFC", o.label).strip().casefold(), k)
        folded.setdefault(fold(o.label), k)
    return exact, folded


def _match(text: str, exact: dict[str, int], folded: dict[str, int]) -> tuple[int, bool]:
    """(option index or -1, matched only after whitespace normalisation)."""
    key = text.strip()
    if key.endswith(".0") and key[:-2].lstrip("-").isdigit():
        key = key[:-2]
    hit = exact.get(key, exact.get(key.casefold()))
    if hit is not None:
        return hit, False
    hit = folded.get(fold(key))
    return (hit, True) if hit is not None else (-1, False)


def _warn_whitespace(table: RawTable, column: str, codes: np.ndarray, cats: list[str], spaced: np.ndarray,
                     what: str, log: ProblemLog) -> None:
    if not spaced.any():
        return
    rows = spaced[np.maximum(codes, 0)] & (codes >= 0)
    log.rows(table.file, table.rows[rows], np.asarray(cats, dtype=object)[codes[rows]],
             f"answer matches {what} only after whitespace normalisation (a double or no-break space); it is "
             "counted as that option", column=column, severity="warning", expected="the label as written in project.yaml")


def options_rows(item: Item, scale: Scale, table: RawTable, log: ProblemLog, instrument=None) -> ItemRows:
    """Ordinal/single items: label text or numeric code -> option index (score, top, ved ikke by lookup).

    For an item of a validated instrument (``instrument``) an unknown answer is reported as outside the
    instrument's answer range."""
    codes, cats = _cells(table, item.id)
    exact, folded = answer_lookup(scale)
    matched = [_match(c, exact, folded) for c in cats]
    index = np.array([m[0] for m in matched] + [-1], dtype=np.int16)
    spaced = np.array([m[1] for m in matched] + [False], dtype=bool)
    needs_use = (index[:-1] < 0).any() or spaced.any()
    used = np.append(_in_use(codes, len(cats)), False) if needs_use else np.ones(len(cats) + 1, dtype=bool)
    unknown = (index < 0) & used
    if unknown.any():
        bad = unknown[codes] & (codes >= 0)
        expected = ", ".join(f"{o.label} ({o.code})" for o in scale.options)
        if instrument is not None:
            message = (f"answer to item {item.id!r} is outside the range of instrument {instrument.name!r} "
                       f"({instrument.min:g}–{instrument.max:g})")
        else:
            message = f"unknown answer to item {item.id!r} (scale {item.scale!r})"
        log.rows(table.file, table.rows[bad], np.asarray(cats, dtype=object)[codes[bad]], message, column=item.id,
                 expected=f"an option label or code: {expected}")
    _warn_whitespace(table, item.id, codes, cats, spaced[:-1] & used[:-1], f"an option of item {item.id!r}", log)
    choice = index[codes].astype(np.int8 if len(scale.options) < 127 else np.int16)
    return ItemRows(item.id, "options", len(table), codes=choice)


def _parse_number(text: str) -> float | None:
    cleaned = text.replace("\u00a0", "").replace(" ", "")
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        number = float(cleaned)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def numeric_rows(item: Item, scale: Scale, table: RawTable, log: ProblemLog) -> ItemRows:
    """Numeric items: the number (decimal comma accepted), checked against min/max."""
    codes, cats = _cells(table, item.id)
    parsed = [_parse_number(c) for c in cats]
    not_number = np.array([n is None for n in parsed] + [False], dtype=bool)
    num = np.array([np.nan if n is None else n for n in parsed] + [np.nan], dtype=float)
    low = scale.min if scale.min is not None else -np.inf
    high = scale.max if scale.max is not None else np.inf
    with np.errstate(invalid="ignore"):
        out_of_range = ~not_number & ((num < low) | (num > high))
    uniq = np.asarray(cats + [""], dtype=object)
    if not_number.any():
        bad = not_number[codes]
        log.rows(table.file, table.rows[bad], uniq[codes[bad]], f"answer to numeric item {item.id!r} is not a number",
                 column=item.id, expected="a number")
    if out_of_range.any():
        bad = out_of_range[codes]
        log.rows(table.file, table.rows[bad], uniq[codes[bad]], f"answer to numeric item {item.id!r} is out of range",
                 column=item.id, expected=f"a number from {scale.min} to {scale.max}")
    num[not_number | out_of_range] = np.nan
    return ItemRows(item.id, "numeric", len(table), numbers=num[codes])


def text_rows(item: Item, table: RawTable) -> ItemRows:
    """Open text items: the texts of the answered rows."""
    codes, cats = _cells(table, item.id)
    answered = np.flatnonzero(codes >= 0)
    texts = np.asarray(cats, dtype=object)[codes[answered]] if answered.size else np.zeros(0, dtype=object)
    return ItemRows(item.id, "text", len(table), text_pos=answered, texts=texts)


_BINARY = {"0": 0, "1": 1, "0.0": 0, "1.0": 1, "0,0": 0, "1,0": 1}


def multi_rows(project: Project, item: Item, table: RawTable, log: ProblemLog) -> ItemRows:
    """Multi-select items: 0/1 per option column (-1 = blank or not 0/1, which is an error)."""
    names = tuple(column for column, _ in option_columns(project, item))
    out = np.full((len(names), len(table)), -1, dtype=np.int8)
    for index, (column, option) in enumerate(option_columns(project, item)):
        if column not in table.frame.columns:
            continue
        codes, cats = _cells(table, column)
        mapped = np.array([_BINARY.get(c, -1) for c in cats] + [-1], dtype=np.int8)
        bad_u = np.append((mapped[:-1] < 0) & (_in_use(codes, len(cats)) if (mapped[:-1] < 0).any() else False), False)
        if bad_u.any():
            bad = bad_u[codes]
            log.rows(table.file, table.rows[bad], np.asarray(cats + [""], dtype=object)[codes[bad]],
                     f"multi-select value of item {item.id!r} (option {option.label!r}) is not 0/1", column=column,
                     expected="0 (not chosen) or 1 (chosen), or blank when not asked")
        out[index] = mapped[codes]
    return ItemRows(item.id, "multi", len(table), codes=out, columns=names)


def row_options(rows: ItemRows, scale: Scale) -> np.ndarray:
    """Per long-table row: the option label (options/multi), the text (text items) or None (numeric)."""
    if rows.kind in ("options", "multi"):
        return np.array([o.label for o in scale.options], dtype=object)[rows.choice()]
    if rows.kind == "text":
        return rows.texts
    return np.full(len(rows), None, dtype=object)


def item_rows(project: Project, item: Item, table: RawTable, log: ProblemLog) -> ItemRows | None:
    """Answers to one item in one file (None when its column is absent)."""
    scale = project.scales[item.scale]
    if scale.kind == "multi":
        return multi_rows(project, item, table, log)
    if item.id not in table.frame.columns:
        return None
    if scale.kind == "numeric":
        return numeric_rows(item, scale, table, log)
    if scale.kind == "text":
        return text_rows(item, table)
    return options_rows(item, scale, table, log, project.instrument_of(item.id))


def check_asked(project: Project, rows: ItemRows, keys: pd.DataFrame, table: RawTable, log: ProblemLog) -> None:
    """Answers from a role, or in a wave, the item was not put to: one error per column and role/wave."""
    item = project.item(rows.item)
    if (item.roles is None and item.waves is None) or not len(rows):
        return
    pos = rows.pos
    valid = keys["valid"].to_numpy()[pos]
    role_code = keys["role_code"].to_numpy()[pos]
    wave_code = keys["wave_code"].to_numpy()[pos]
    role_ids = np.array([r.id for r in project.roles] + [None], dtype=object)
    wave_ids = np.array(project.wave_ids + [None], dtype=object)
    role_asked = np.array([item.roles is None or r in item.roles for r in role_ids[:-1]] + [True], dtype=bool)
    wave_asked = np.array([item.waves is None or w in item.waves for w in wave_ids[:-1]] + [True], dtype=bool)
    bad_role = valid & ~role_asked[role_code]
    bad_wave = valid & ~bad_role & ~wave_asked[wave_code]
    role, wave = role_ids[role_code], wave_ids[wave_code]
    checks = (
        (bad_role, role, f"item {item.id!r} answered by a role that was not asked it",
         f"answers only from roles {', '.join(item.roles or [])} (items.roles); blank for other roles"),
        (bad_wave, wave, f"item {item.id!r} answered in a wave in which it was not asked",
         f"answers only in waves {', '.join(item.waves or [])} (items.waves); blank in other waves"),
    )
    for mask, group, message, expected in checks:
        if not mask.any():
            continue
        index = rows.column_index()
        for k, column in enumerate(rows.column_names()):
            sel = mask & (index == k)
            log.rows(table.file, table.rows[pos[sel]], group[sel], message, column=column, expected=expected)


def check_filter(project: Project, rows: ItemRows, filter_rows: ItemRows | None, keys: pd.DataFrame,
                 table: RawTable, log: ProblemLog) -> None:
    """Warn when a filtered item was answered although the filter answer is not one of ``equals``."""
    item = project.item(rows.item)
    if item.filter is None or not len(rows):
        return
    allowed = {fold(e) for e in item.filter.equals}
    passed = np.zeros(len(table), dtype=bool)
    if filter_rows is not None and len(filter_rows):
        scale = project.scales[project.item(filter_rows.item).scale]
        codes, uniques = pd.factorize(pd.Series(row_options(filter_rows, scale), dtype=object))
        ok_unique = np.array([isinstance(o, str) and fold(o) in allowed for o in uniques] + [False], dtype=bool)
        ok = ok_unique[codes]
        if filter_rows.kind == "multi":
            ok &= filter_rows.multi_values() == 1.0
        passed[filter_rows.pos[ok]] = True
    answered = np.zeros(len(table), dtype=bool)
    answered[rows.pos] = True
    respondents = np.flatnonzero(answered)
    failed = respondents[~passed[respondents] & keys["valid"].to_numpy()[respondents]]
    if failed.size:
        filter_col = table.frame[item.filter.item].to_numpy(dtype=object)[failed] if item.filter.item in table.frame else \
            np.full(failed.size, "", dtype=object)
        shown = np.where(filter_col == "", "(blank)", filter_col)
        log.rows(table.file, table.rows[failed], shown,
                 f"item {item.id!r} is answered although the filter item {item.filter.item!r} was not answered "
                 f"{' or '.join(item.filter.equals)}", column=item.filter.item, severity="warning",
                 expected=f"{item.id!r} answered only after {' / '.join(item.filter.equals)}")
