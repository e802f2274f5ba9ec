"""Map the answer columns of one survey file to rows of the long ``answers`` table.

Each item column is factorised; every distinct cell text is looked up once (``Scale.option_by_answer``
for option scales), so the cost is one dictionary lookup per distinct value, not per row.
Blank cells are not answers and produce no rows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from reporter.config.models import Item, Option, Project, Scale
from reporter.data.readers import RawTable
from reporter.data.validate import ProblemLog, option_columns


@dataclass
class ItemRows:
    """Long-table rows of one item from one file; ``pos`` indexes the file's respondent rows."""

    item: str
    pos: np.ndarray
    option: np.ndarray
    code: np.ndarray
    score: np.ndarray
    value: np.ndarray
    is_dont_know: np.ndarray
    is_top: np.ndarray
    column: np.ndarray | None = None  # multi-select: index into ``columns`` of the option column per row
    columns: tuple[str, ...] = ()

    def column_names(self) -> tuple[str, ...]:
        return self.columns or (self.item,)

    def column_index(self) -> np.ndarray:
        return self.column if self.column is not None else np.zeros(self.pos.size, dtype=np.int16)

    def __len__(self) -> int:
        return int(self.pos.size)


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


def _blank_mask(values: pd.Series) -> np.ndarray:
    return (values == "").to_numpy()


def _empty(item: str) -> ItemRows:
    z = np.zeros(0)
    return ItemRows(item, z.astype(np.int64), z.astype(object), z.astype(object), z, z, z.astype(bool),
                    z.astype(bool))


def options_rows(item: Item, scale: Scale, table: RawTable, log: ProblemLog) -> ItemRows:
    """Ordinal/single items: label text or numeric code -> option, score, top, ved ikke."""
    values = table.frame[item.id]
    answered = np.flatnonzero(~_blank_mask(values))
    if answered.size == 0:
        return _empty(item.id)
    codes, uniques = pd.factorize(values.iloc[answered])
    options: list[Option | None] = [scale.option_by_answer(u) for u in uniques]
    unknown = np.array([o is None for o in options], dtype=bool)
    if unknown.any():
        bad = unknown[codes]
        expected = ", ".join(f"{o.label} ({o.code})" for o in scale.options)
        log.rows(table.file, table.rows[answered[bad]], np.asarray(uniques, dtype=object)[codes[bad]],
                 f"unknown answer to item {item.id!r} (scale {item.scale!r})", column=item.id,
                 expected=f"an option label or code: {expected}")
    attrs = option_attributes(scale, item.reverse)
    label = np.array([o.label if o else None for o in options], dtype=object)
    code = np.array([str(o.code) if o else None for o in options], dtype=object)
    score = np.array([attrs[o.label][0] if o else np.nan for o in options], dtype=float)
    top = np.array([attrs[o.label][1] if o else False for o in options], dtype=bool)
    dont_know = np.array([bool(o.dont_know) if o else False for o in options], dtype=bool)
    keep = ~unknown[codes]
    c = codes[keep]
    return ItemRows(item.id, answered[keep], label[c], code[c], score[c], np.full(c.size, np.nan), dont_know[c], top[c])


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
    """Numeric items: the number in ``value`` (decimal comma accepted), checked against min/max."""
    values = table.frame[item.id]
    answered = np.flatnonzero(~_blank_mask(values))
    if answered.size == 0:
        return _empty(item.id)
    codes, uniques = pd.factorize(values.iloc[answered])
    numbers = np.array([_parse_number(u) for u in uniques], dtype=object)
    not_number = np.array([n is None for n in numbers], dtype=bool)
    num = np.array([np.nan if n is None else n for n in numbers], dtype=float)
    low = scale.min if scale.min is not None else -np.inf
    high = scale.max if scale.max is not None else np.inf
    out_of_range = ~not_number & ((num < low) | (num > high))
    uniq = np.asarray(uniques, dtype=object)
    if not_number.any():
        bad = not_number[codes]
        log.rows(table.file, table.rows[answered[bad]], uniq[codes[bad]], f"answer to numeric item {item.id!r} is not a number",
                 column=item.id, expected="a number")
    if out_of_range.any():
        bad = out_of_range[codes]
        log.rows(table.file, table.rows[answered[bad]], uniq[codes[bad]], f"answer to numeric item {item.id!r} is out of range",
                 column=item.id, expected=f"a number from {scale.min} to {scale.max}")
    keep = ~(not_number | out_of_range)[codes]
    c = codes[keep]
    n = c.size
    return ItemRows(item.id, answered[keep], np.full(n, None, dtype=object), np.full(n, None, dtype=object),
                    np.full(n, np.nan), num[c], np.zeros(n, bool), np.zeros(n, bool))


def text_rows(item: Item, table: RawTable) -> ItemRows:
    """Open text items: ``option`` holds the text."""
    values = table.frame[item.id]
    answered = np.flatnonzero(~_blank_mask(values))
    n = answered.size
    return ItemRows(item.id, answered, values.to_numpy(dtype=object)[answered], np.full(n, None, dtype=object),
                    np.full(n, np.nan), np.full(n, np.nan), np.zeros(n, bool), np.zeros(n, bool))


_BINARY = {"0": 0.0, "1": 1.0, "0.0": 0.0, "1.0": 1.0, "0,0": 0.0, "1,0": 1.0}


def multi_rows(project: Project, item: Item, table: RawTable, log: ProblemLog) -> ItemRows:
    """Multi-select items: one row per non-blank option column with ``value`` 0.0 or 1.0."""
    parts = []
    names = tuple(column for column, _ in option_columns(project, item))
    for index, (column, option) in enumerate(option_columns(project, item)):
        if column not in table.frame.columns:
            continue
        values = table.frame[column]
        answered = np.flatnonzero(~_blank_mask(values))
        if answered.size == 0:
            continue
        codes, uniques = pd.factorize(values.iloc[answered])
        mapped = np.array([_BINARY.get(u, np.nan) for u in uniques], dtype=float)
        bad_u = np.isnan(mapped)
        if bad_u.any():
            bad = bad_u[codes]
            log.rows(table.file, table.rows[answered[bad]], np.asarray(uniques, dtype=object)[codes[bad]],
                     f"multi-select value of item {item.id!r} (option {option.label!r}) is not 0/1", column=column,
                     expected="0 (not chosen) or 1 (chosen), or blank when not asked")
        keep = ~bad_u[codes]
        c = codes[keep]
        n = c.size
        parts.append(ItemRows(item.id, answered[keep], np.full(n, option.label, dtype=object),
                              np.full(n, str(option.code), dtype=object), np.full(n, np.nan), mapped[c],
                              np.zeros(n, bool), np.zeros(n, bool), np.full(n, index, dtype=np.int16), names))
    if not parts:
        return _empty(item.id)
    return ItemRows(item.id, *(np.concatenate([getattr(p, f) for p in parts]) for f in
                               ("pos", "option", "code", "score", "value", "is_dont_know", "is_top", "column")), names)


def item_rows(project: Project, item: Item, table: RawTable, log: ProblemLog) -> ItemRows:
    """Long-table rows of one item in one file (empty when its column is absent)."""
    scale = project.scales[item.scale]
    if scale.kind == "multi":
        return multi_rows(project, item, table, log)
    if item.id not in table.frame.columns:
        return _empty(item.id)
    if scale.kind == "numeric":
        return numeric_rows(item, scale, table, log)
    if scale.kind == "text":
        return text_rows(item, table)
    return options_rows(item, scale, table, log)


def check_asked(project: Project, rows: ItemRows, keys: pd.DataFrame, table: RawTable, log: ProblemLog) -> None:
    """Answers from a role, or in a wave, the item was not put to: one error per column and role/wave."""
    item = project.item(rows.item)
    if (item.roles is None and item.waves is None) or not len(rows):
        return
    valid = keys["valid"].to_numpy()[rows.pos]
    role = keys["role"].to_numpy(dtype=object)[rows.pos]
    wave = keys["wave"].to_numpy(dtype=object)[rows.pos]
    bad_role = valid & ~pd.Series(role).isin(item.roles or []).to_numpy() if item.roles is not None else np.zeros(len(rows), bool)
    bad_wave = valid & ~bad_role & (~pd.Series(wave).isin(item.waves or []).to_numpy() if item.waves is not None
                                    else np.zeros(len(rows), bool))
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
            log.rows(table.file, table.rows[rows.pos[sel]], group[sel], message, column=column, expected=expected)


def check_filter(project: Project, rows: ItemRows, filter_rows: ItemRows | None, keys: pd.DataFrame,
                 table: RawTable, log: ProblemLog) -> None:
    """Warn when a filtered item was answered although the filter answer is not one of ``equals``."""
    item = project.item(rows.item)
    if item.filter is None or not len(rows):
        return
    allowed = {e.casefold() for e in item.filter.equals}
    passed = np.zeros(len(table), dtype=bool)
    if filter_rows is not None and len(filter_rows):
        codes, uniques = pd.factorize(pd.Series(filter_rows.option, dtype=object))
        ok_unique = np.array([isinstance(o, str) and o.casefold() in allowed for o in uniques] + [False], dtype=bool)
        ok = ok_unique[codes]
        if project.scales[project.item(filter_rows.item).scale].kind == "multi":
            ok &= filter_rows.value == 1.0
        passed[filter_rows.pos[ok]] = True
    respondents = np.unique(rows.pos)
    failed = respondents[~passed[respondents] & keys["valid"].to_numpy()[respondents]]
    if failed.size:
        filter_col = table.frame[item.filter.item].to_numpy(dtype=object)[failed] if item.filter.item in table.frame else \
            np.full(failed.size, "", dtype=object)
        shown = np.where(filter_col == "", "(blank)", filter_col)
        log.rows(table.file, table.rows[failed], shown,
                 f"item {item.id!r} is answered although the filter item {item.filter.item!r} was not answered "
                 f"{' or '.join(item.filter.equals)}", column=item.filter.item, severity="warning",
                 expected=f"{item.id!r} answered only after {' / '.join(item.filter.equals)}")
