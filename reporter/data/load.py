"""Load a project directory into a validated :class:`~reporter.data.schema.Survey`.

``load_survey`` reads ``project.yaml``, every file under ``data.files`` and every coded-answer file,
runs all checks, and raises one :class:`~reporter.errors.InputError` with every error found (capped
at :data:`~reporter.data.validate.MAX_PROBLEMS`). Warnings are kept in ``Survey.warnings``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from reporter.config.load import PROJECT_FILE, load_project
from reporter.config.models import SIDES, Project
from reporter.data.answers import ItemRows, check_asked, check_filter, item_rows, option_attributes
from reporter.data.aliases import alias_map, public_data
from reporter.data.codes import load_codes
from reporter.data.costs import read_costs
from reporter.data.readers import RawTable, code_dtype, read_table
from reporter.data.register import load_register
from reporter.data.schema import ANSWER_COLUMNS, RESPONDENT_COLUMNS, AnswerKeys, LazyTable, Survey
from reporter.data.validate import (
    ProblemLog,
    check_columns,
    check_coverage,
    check_duplicates,
    check_panel,
    check_item_columns,
    respondent_keys,
    role_lookup,
)
from reporter.errors import InputError


def load_survey(project_dir: str | Path) -> tuple[Project, Survey]:
    """Read and validate a project: ``(Project, Survey)`` or :class:`InputError` with all problems."""
    project_dir = Path(project_dir)
    project = load_project(project_dir)
    log = ProblemLog()
    project_file = str(project_dir / PROJECT_FILE)
    role_map = role_lookup(project, log, project_file)

    respondent_parts: list[pd.DataFrame] = []
    answer_parts: list[tuple[int, ItemRows]] = []
    offset = 0
    for name in _distinct_files(project, project_dir, log, project_file):
        try:
            table = read_table(project_dir / name, display_name=name)
        except InputError as exc:
            log.extend(exc.problems)
            continue
        log.extend(table.warnings)
        keys_ok = check_columns(project, table, log)
        if not keys_ok:
            continue
        keys = respondent_keys(project, table, log, role_map)
        keys["file_code"] = np.int16(list(dict.fromkeys(project.data.files)).index(name))
        check_item_columns(project, table, set(keys["wave"].dropna().unique()), log)
        rows_by_item = _answers_of_file(project, table, keys, log)
        del table
        respondent_parts.append(keys)
        answer_parts.extend((offset, rows) for rows in rows_by_item)
        offset += len(keys)

    if not respondent_parts:
        if not project.data.files:
            log.error(project_file, "data.files: no survey files listed", expected="at least one data file")
        log.raise_if_errors()
    respondents = pd.concat(respondent_parts, ignore_index=True) if len(respondent_parts) > 1 else respondent_parts[0]
    check_duplicates(respondents, project, log)
    check_panel(respondents, project, log)
    check_coverage(respondents, project, log, ", ".join(project.data.files))
    codes = load_codes(project, project_dir, respondents, log)
    register = load_register(project, project_dir, log) if project.register is not None else None
    costs = read_costs(project, project_dir, log) if project.costs is not None else None
    log.raise_if_errors()

    # checked against the real names; from here on every table and the project carry what outputs show
    aliases = alias_map(project)
    project = project.with_aliases()
    respondents = _respondent_table(project, respondents)
    answers = AnswerParts(project, respondents, answer_parts)
    return project, Survey(respondents=respondents, answers=answers, codes=codes, warnings=tuple(log.warnings),
                           register=public_data(register, aliases), costs=public_data(costs, aliases))


def _distinct_files(project: Project, project_dir: Path, log: ProblemLog, project_file: str) -> list[str]:
    """``data.files`` without repeats: a file listed twice (under any spelling of its path) is an error."""
    seen: dict[object, tuple[int, str]] = {}
    out = []
    for i, name in enumerate(project.data.files):
        path = project_dir / name
        try:
            stat = path.stat()
            key: object = (stat.st_dev, stat.st_ino)
        except OSError:
            key = os.path.normpath(name)
        if key in seen:
            j, first = seen[key]
            same = "" if first == name else f" (as {first!r})"
            log.error(project_file, f"data.files.{i}: the file is listed twice in data.files (also data.files.{j}{same}); "
                                    "it is read once", value=name, expected="each data file listed once")
            continue
        seen[key] = (i, name)
        out.append(name)
    return out


def _answers_of_file(project: Project, table: RawTable, keys: pd.DataFrame, log: ProblemLog) -> list[ItemRows]:
    """Map every item of one file, then check who answered (asked roles/waves, filters)."""
    by_item: dict[str, ItemRows] = {}
    for item in project.items:
        rows = item_rows(project, item, table, log)
        if rows is None:
            continue
        check_asked(project, rows, keys, table, log)
        by_item[item.id] = rows
    for item in project.items:
        if item.filter is not None and item.id in by_item:
            check_filter(project, by_item[item.id], by_item.get(item.filter.item), keys, table, log)
    return [rows for rows in by_item.values() if len(rows)]


def _respondent_table(project: Project, keys: pd.DataFrame) -> pd.DataFrame:
    """The respondents table from the mapped keys (categoricals built from the integer codes)."""
    def from_codes(codes: pd.Series, categories: list[str]) -> pd.Categorical:
        return pd.Categorical.from_codes(codes.to_numpy(), categories=categories)

    role_ids = [r.id for r in project.roles]
    side_code = np.array([list(SIDES).index(r.side) for r in project.roles] + [-1], dtype=np.int8)
    files = list(dict.fromkeys(project.data.files))
    file_code = keys["file_code"]
    out = pd.DataFrame({
        "wave": from_codes(keys["wave_code"], project.wave_ids),
        "respondent": keys["respondent"].astype(object),
        "municipality": from_codes(keys["municipality_code"], [m.name for m in project.municipalities]),
        "role": from_codes(keys["role_code"], role_ids),
        "side": pd.Categorical.from_codes(side_code[keys["role_code"].to_numpy()], categories=list(SIDES)),
        "raw_role": keys["raw_role"].astype(object),
        "source_file": from_codes(file_code, files),
        "source_row": keys["source_row"].astype(np.int64),
    })
    return out[RESPONDENT_COLUMNS]


class AnswerParts(LazyTable):
    """The validated answers as small integer codes per item and file; builds the long table on call.

    Built once by :class:`~reporter.data.schema.Survey` when ``survey.answers`` is first read; ``keys()`` then
    gives the integer keys known while building (respondent rows, option codes).
    """

    def __init__(self, project: Project, respondents: pd.DataFrame, parts: list[tuple[int, ItemRows]]):
        self.project = project
        self.respondents = respondents
        self.parts = parts
        self._len = sum(len(rows) for _, rows in parts)
        self._keys: AnswerKeys | None = None

    def __len__(self) -> int:
        return self._len

    def __call__(self) -> pd.DataFrame:
        table, self._keys = _answer_table(self.project, self.respondents, self.parts)
        return table

    def keys(self) -> AnswerKeys | None:
        return self._keys


class _Labels:
    """Distinct strings of one object column (option labels, answer codes), numbered as met."""

    def __init__(self) -> None:
        self.code: dict[str, int] = {}

    def codes_of(self, labels) -> np.ndarray:
        """The numbers of ``labels`` (registering new ones)."""
        return np.array([self.code.setdefault(x, len(self.code)) for x in labels], dtype=np.int32)

    def values(self) -> np.ndarray:
        """Every label in number order, then ``None`` (what number -1 picks)."""
        return np.array([*self.code, None], dtype=object)


_NO_LABEL = np.zeros(0, dtype=np.int32)


@dataclass
class _PartRows:
    """One item's long-table rows as a small table of distinct rows and, per row, its entry in it.

    ``table``: ``option`` (number in the option labels), ``code`` (number in the codes), ``score``,
    ``is_dont_know``, ``is_top`` — one entry per scale option (per distinct text of a text item; one empty
    entry for a numeric item); -1 = no option / no code. ``choice``: the entry of every row; ``value``: the
    ``value`` column (``None``: all NaN)."""

    table: dict[str, np.ndarray]
    choice: np.ndarray
    value: np.ndarray | None


def _entries(n: int, option: np.ndarray | None = None, code: np.ndarray | None = None) -> dict[str, np.ndarray]:
    none = np.full(n, -1, dtype=np.int32)
    return {"option": none if option is None else option, "code": none if code is None else code,
            "score": np.full(n, np.nan), "is_dont_know": np.zeros(n, dtype=bool), "is_top": np.zeros(n, dtype=bool)}


def _long_columns(project: Project, rows: ItemRows, options: _Labels, codes: _Labels) -> _PartRows:
    """The long-table rows of one item (see :class:`_PartRows`), registering its labels and codes."""
    item = project.item(rows.item)
    scale = project.scales[item.scale]
    if rows.kind in ("options", "multi"):
        choice = rows.choice()
        table = _entries(len(scale.options), options.codes_of([o.label for o in scale.options]),
                         codes.codes_of([str(o.code) for o in scale.options]))
        if rows.kind == "multi":
            return _PartRows(table, choice, rows.multi_values())
        attrs = option_attributes(scale, item.reverse)
        table["score"] = np.array([attrs[o.label][0] for o in scale.options], dtype=float)
        table["is_top"] = np.array([attrs[o.label][1] for o in scale.options], dtype=bool)
        table["is_dont_know"] = np.array([bool(o.dont_know) for o in scale.options], dtype=bool)
        return _PartRows(table, choice, None)
    if rows.kind == "numeric":
        return _PartRows(_entries(1), np.zeros(len(rows), dtype=np.int32), rows.numbers[rows.pos])
    text_code, uniques = pd.factorize(rows.texts.astype(object))
    labels = np.append(options.codes_of(uniques) if len(uniques) else _NO_LABEL, np.int32(-1))
    return _PartRows(_entries(len(labels), labels), np.where(text_code < 0, len(uniques), text_code), None)


def _segments(rows: ItemRows, pos: np.ndarray) -> list[np.ndarray]:
    """``pos`` cut into the runs the long table keeps in this order within a respondent: one per option
    column of a multi item, else one."""
    if rows.kind != "multi":
        return [pos]
    cuts = np.cumsum([int(np.count_nonzero(c >= 0)) for c in rows.codes])[:-1]
    return np.split(pos, cuts)


def _places(parts: list[tuple[int, ItemRows]], positions: list[np.ndarray], item_codes: list[int],
            counts: np.ndarray) -> list[np.ndarray] | None:
    """Where each part's rows go in the long table (respondent order, then items in configuration order, a
    multi item's option columns in order): a counting sort, as ``np.lexsort((item, respondent row))`` would
    place them. ``None`` when a run repeats a respondent row (then the caller sorts)."""
    fill = np.cumsum(counts) - counts
    places: list[np.ndarray | None] = [None] * len(parts)
    for k in sorted(range(len(parts)), key=item_codes.__getitem__):   # stable: file order within an item
        runs = []
        for run in _segments(parts[k][1], positions[k]):
            if len(run) > 1 and not (run[1:] > run[:-1]).all():
                return None
            runs.append(fill[run])
            fill[run] += 1
        places[k] = runs[0] if len(runs) == 1 else np.concatenate(runs) if runs else positions[k]
    return places  # type: ignore[return-value]


def _item_rows(places: list[np.ndarray], item_codes: list[int], total: int) -> np.ndarray:
    """The long table's row positions grouped by item (configuration order), ascending within an item."""
    runs = [places[k] for k in sorted(range(len(places)), key=item_codes.__getitem__)]
    out = np.concatenate(runs) if runs else np.zeros(0, dtype=np.int64)
    if len(out) != total:
        raise AssertionError("every long row belongs to one part")
    starts = np.cumsum([0] + [len(r) for r in runs])
    by_item: dict[int, list[int]] = {}
    for k, code in enumerate(sorted(item_codes)):
        by_item.setdefault(code, []).append(k)
    for ks in by_item.values():   # one item's parts (several files; a multi item's option columns) sorted
        a, b = starts[ks[0]], starts[ks[-1] + 1]
        if b - a > 1 and not (out[a + 1:b] > out[a:b - 1]).all():
            out[a:b] = np.sort(out[a:b])
    return out.astype(np.intp, copy=False)


def _answer_table(project: Project, respondents: pd.DataFrame,
                  parts: list[tuple[int, ItemRows]]) -> tuple[pd.DataFrame, AnswerKeys]:
    item_ids = [i.id for i in project.items]
    options, codes = _Labels(), _Labels()
    n_resp = len(respondents)
    positions = [offset + rows.pos if offset else rows.pos for offset, rows in parts]   # read only below
    item_codes = [item_ids.index(rows.item) for _, rows in parts]
    long = [_long_columns(project, rows, options, codes) for _, rows in parts]
    # every part's distinct rows in one small table; a row of the long table is an entry ("key") of it
    sizes = [len(part.table["option"]) for part in long]
    base = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int32)
    entries = {name: np.concatenate([part.table[name] for part in long]) if long else _entries(0)[name]
               for name in ("option", "code", "score", "is_dont_know", "is_top")}
    # the item code of each entry, in the smallest type the categorical keeps (its gather below is per row)
    entry_item = np.repeat(np.asarray(item_codes, dtype=code_dtype(len(item_ids))), sizes)
    counts = np.zeros(n_resp, dtype=np.int64)
    for p in positions:
        counts += np.bincount(p, minlength=n_resp)
    total = int(counts.sum())
    places = _places(parts, positions, item_codes, counts)
    if places is None:   # respondent order first (file order), then configuration order of items
        pos = np.concatenate(positions) if positions else np.zeros(0, dtype=np.int64)
        item = np.concatenate([np.full(len(p), c, dtype=np.int32) for p, c in zip(positions, item_codes)]) \
            if positions else np.zeros(0, dtype=np.int32)
        inverse = np.empty(total, dtype=np.int64)
        inverse[np.lexsort((item, pos))] = np.arange(total)
        places = np.split(inverse, np.cumsum([len(p) for p in positions])[:-1]) if positions else []
    pos = np.repeat(np.arange(n_resp, dtype=np.int64), counts)   # the respondent row of every long row
    key = np.empty(total, dtype=np.intp)   # intp: the gathers below need no index conversion
    value = np.full(total, np.nan)
    for part, start, place in zip(long, base.tolist(), places):
        key[place] = part.choice + start
        if part.value is not None:
            value[place] = part.value

    def take(column: str):
        values = respondents[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            return pd.Categorical.from_codes(np.repeat(values.cat.codes.to_numpy(), counts), dtype=values.dtype,
                                             validate=False)
        return np.repeat(values.to_numpy(), counts)

    option_code = entries["option"][key]
    option_labels = options.values()
    out = pd.DataFrame({
        "wave": take("wave"),
        "respondent": pd.Series(take("respondent"), dtype=object, copy=False),
        "municipality": take("municipality"),
        "role": take("role"),
        "side": take("side"),
        "item": pd.Categorical.from_codes(entry_item[key], categories=item_ids, validate=False),
        "option": pd.Series(option_labels[option_code], dtype=object, copy=False),
        "code": pd.Series(codes.values()[entries["code"][key]], dtype=object, copy=False),
        "score": entries["score"][key],
        "value": value,
        "is_dont_know": entries["is_dont_know"][key],
        "is_top": entries["is_top"][key],
        "source_file": take("source_file"),
        "source_row": take("source_row"),
    }, copy=False)
    keys = AnswerKeys(respondent_row=pos, respondent_rows=n_resp, option=option_code,
                      option_labels=option_labels[:-1], item_rows=_item_rows(places, item_codes, total))
    return out[ANSWER_COLUMNS], keys
