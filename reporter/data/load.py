"""Load a project directory into a validated :class:`~reporter.data.schema.Survey`.

``load_survey`` reads ``project.yaml``, every file under ``data.files`` and every coded-answer file,
runs all checks, and raises one :class:`~reporter.errors.InputError` with every error found (capped
at :data:`~reporter.data.validate.MAX_PROBLEMS`). Warnings are kept in ``Survey.warnings``.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from reporter.config.load import PROJECT_FILE, load_project
from reporter.config.models import SIDES, Project
from reporter.data.answers import ItemRows, check_asked, check_filter, item_rows, option_attributes
from reporter.data.aliases import alias_map, public_data
from reporter.data.codes import load_codes
from reporter.data.costs import read_costs
from reporter.data.readers import RawTable, read_table
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


def _long_columns(project: Project, rows: ItemRows, options: _Labels, codes: _Labels) -> dict[str, np.ndarray]:
    """option (number in ``options``), code (number in ``codes``), score, value, is_dont_know, is_top of one
    item's long-table rows (-1 = no option / no code)."""
    item = project.item(rows.item)
    scale = project.scales[item.scale]
    n = len(rows)
    nan = np.full(n, np.nan)
    none = np.full(n, -1, dtype=np.int32)
    false = np.zeros(n, dtype=bool)
    if rows.kind in ("options", "multi"):
        choice = rows.choice()
        labels = options.codes_of([o.label for o in scale.options])
        code = codes.codes_of([str(o.code) for o in scale.options])
        if rows.kind == "multi":
            return {"option": labels[choice], "code": code[choice], "score": nan, "value": rows.multi_values(),
                    "is_dont_know": false, "is_top": false}
        attrs = option_attributes(scale, item.reverse)
        score = np.array([attrs[o.label][0] for o in scale.options], dtype=float)
        top = np.array([attrs[o.label][1] for o in scale.options], dtype=bool)
        dont_know = np.array([bool(o.dont_know) for o in scale.options], dtype=bool)
        return {"option": labels[choice], "code": code[choice], "score": score[choice], "value": nan,
                "is_dont_know": dont_know[choice], "is_top": top[choice]}
    if rows.kind == "numeric":
        return {"option": none, "code": none, "score": nan, "value": rows.numbers[rows.pos],
                "is_dont_know": false, "is_top": false}
    text_code, uniques = pd.factorize(rows.texts.astype(object))
    labels = np.append(options.codes_of(uniques) if len(uniques) else _NO_LABEL, np.int32(-1))
    return {"option": labels[text_code], "code": none, "score": nan, "value": nan,
            "is_dont_know": false, "is_top": false}


def _answer_table(project: Project, respondents: pd.DataFrame,
                  parts: list[tuple[int, ItemRows]]) -> tuple[pd.DataFrame, AnswerKeys]:
    item_ids = [i.id for i in project.items]
    options, codes = _Labels(), _Labels()
    if parts:
        pos = np.concatenate([offset + rows.pos for offset, rows in parts])
        item_code = np.concatenate([np.full(len(rows), item_ids.index(rows.item), dtype=np.int32) for _, rows in parts])

        # respondent order first (file order), then configuration order of items within a respondent
        order = np.lexsort((item_code, pos))
        pos, item_code = pos[order], item_code[order]
        long = [_long_columns(project, rows, options, codes) for _, rows in parts]

        def cat(name: str) -> np.ndarray:
            return np.concatenate([columns[name] for columns in long])[order]
    else:
        pos = np.zeros(0, dtype=np.int64)
        item_code = np.zeros(0, dtype=np.int32)

        def cat(name: str) -> np.ndarray:
            return np.zeros(0, dtype=bool if name.startswith("is_") else float if name in ("score", "value") else np.int32)

    def take(column: str):
        values = respondents[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            return pd.Categorical.from_codes(values.cat.codes.to_numpy()[pos], dtype=values.dtype, validate=False)
        return values.to_numpy()[pos]

    option_code = cat("option")
    option_labels = options.values()
    out = pd.DataFrame({
        "wave": take("wave"),
        "respondent": pd.Series(take("respondent"), dtype=object, copy=False),
        "municipality": take("municipality"),
        "role": take("role"),
        "side": take("side"),
        "item": pd.Categorical.from_codes(item_code, categories=item_ids, validate=False),
        "option": pd.Series(option_labels[option_code], dtype=object, copy=False),
        "code": pd.Series(codes.values()[cat("code")], dtype=object, copy=False),
        "score": cat("score").astype(float),
        "value": cat("value").astype(float),
        "is_dont_know": cat("is_dont_know").astype(bool),
        "is_top": cat("is_top").astype(bool),
        "source_file": take("source_file"),
        "source_row": take("source_row"),
    }, copy=False)
    keys = AnswerKeys(respondent_row=pos, respondent_rows=len(respondents), option=option_code,
                      option_labels=option_labels[:-1])
    return out[ANSWER_COLUMNS], keys
