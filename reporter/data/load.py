"""Load a project directory into a validated :class:`~reporter.data.schema.Survey`.

``load_survey`` reads ``project.yaml``, every file under ``data.files`` and every coded-answer file,
runs all checks, and raises one :class:`~reporter.errors.InputError` with every error found (capped
at :data:`~reporter.data.validate.MAX_PROBLEMS`). Warnings are kept in ``Survey.warnings``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from reporter.config.load import PROJECT_FILE, load_project
from reporter.config.models import SIDES, Project
from reporter.data.answers import ItemRows, check_asked, check_filter, item_rows
from reporter.data.codes import load_codes
from reporter.data.readers import RawTable, read_table
from reporter.data.register import load_register
from reporter.data.schema import ANSWER_COLUMNS, RESPONDENT_COLUMNS, Survey
from reporter.data.validate import (
    ProblemLog,
    check_columns,
    check_coverage,
    check_duplicates,
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
    for name in project.data.files:
        try:
            table = read_table(project_dir / name, display_name=name)
        except InputError as exc:
            log.extend(exc.problems)
            continue
        keys_ok = check_columns(project, table, log)
        if not keys_ok:
            continue
        keys = respondent_keys(project, table, log, role_map)
        check_item_columns(project, table, set(keys["wave"].dropna().unique()), log)
        rows_by_item = _answers_of_file(project, table, keys, log)
        respondent_parts.append(keys)
        answer_parts.extend((offset, rows) for rows in rows_by_item)
        offset += len(keys)

    if not respondent_parts:
        if not project.data.files:
            log.error(project_file, "data.files: no survey files listed", expected="at least one data file")
        log.raise_if_errors()
    respondents = pd.concat(respondent_parts, ignore_index=True)
    check_duplicates(respondents, project, log)
    check_coverage(respondents, project, log, ", ".join(project.data.files))
    codes = load_codes(project, project_dir, respondents, log)
    register = load_register(project, project_dir, log) if project.register is not None else None
    log.raise_if_errors()

    respondents = _respondent_table(project, respondents)
    answers = _answer_table(project, respondents, answer_parts)
    return project, Survey(respondents=respondents, answers=answers, codes=codes, warnings=tuple(log.warnings),
                           register=register)


def _answers_of_file(project: Project, table: RawTable, keys: pd.DataFrame, log: ProblemLog) -> list[ItemRows]:
    """Map every item of one file, then check who answered (asked roles/waves, filters)."""
    by_item: dict[str, ItemRows] = {}
    for item in project.items:
        rows = item_rows(project, item, table, log)
        check_asked(project, rows, keys, table, log)
        by_item[item.id] = rows
    for item in project.items:
        if item.filter is not None:
            check_filter(project, by_item[item.id], by_item.get(item.filter.item), keys, table, log)
    return [rows for rows in by_item.values() if len(rows)]


def _categorical(values, categories: list[str]) -> pd.Categorical:
    return pd.Categorical(values, categories=categories, ordered=False)


def _respondent_table(project: Project, keys: pd.DataFrame) -> pd.DataFrame:
    side_of = {r.id: r.side for r in project.roles}
    out = pd.DataFrame({
        "wave": _categorical(keys["wave"], project.wave_ids),
        "respondent": keys["respondent"].astype(object),
        "municipality": _categorical(keys["municipality"], [m.name for m in project.municipalities]),
        "role": _categorical(keys["role"], [r.id for r in project.roles]),
        "side": _categorical(keys["role"].map(side_of), list(SIDES)),
        "raw_role": keys["raw_role"].astype(object),
        "source_file": pd.Categorical(keys["source_file"], categories=list(dict.fromkeys(project.data.files))),
        "source_row": keys["source_row"].astype(np.int64),
    })
    return out[RESPONDENT_COLUMNS]


def _answer_table(project: Project, respondents: pd.DataFrame, parts: list[tuple[int, ItemRows]]) -> pd.DataFrame:
    item_ids = [i.id for i in project.items]
    if parts:
        pos = np.concatenate([offset + rows.pos for offset, rows in parts])
        item_code = np.concatenate([np.full(len(rows), item_ids.index(rows.item), dtype=np.int32) for _, rows in parts])

        # respondent order first (file order), then configuration order of items within a respondent
        order = np.lexsort((item_code, pos))
        pos, item_code = pos[order], item_code[order]

        def cat(field: str) -> np.ndarray:
            return np.concatenate([getattr(rows, field) for _, rows in parts])[order]
    else:
        pos = np.zeros(0, dtype=np.int64)
        item_code = np.zeros(0, dtype=np.int32)

        def cat(field: str) -> np.ndarray:
            return np.zeros(0, dtype=bool if field.startswith("is_") else float if field in ("score", "value") else object)

    def take(column: str):
        values = respondents[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            return pd.Categorical.from_codes(values.cat.codes.to_numpy()[pos], dtype=values.dtype)
        return values.to_numpy()[pos]

    out = pd.DataFrame({
        "wave": take("wave"),
        "respondent": pd.Series(take("respondent"), dtype=object, copy=False),
        "municipality": take("municipality"),
        "role": take("role"),
        "side": take("side"),
        "item": pd.Categorical.from_codes(item_code, categories=item_ids),
        "option": pd.Series(cat("option"), dtype=object, copy=False),
        "code": pd.Series(cat("code"), dtype=object, copy=False),
        "score": cat("score").astype(float),
        "value": cat("value").astype(float),
        "is_dont_know": cat("is_dont_know").astype(bool),
        "is_top": cat("is_top").astype(bool),
        "source_file": take("source_file"),
        "source_row": take("source_row"),
    }, copy=False)
    return out[ANSWER_COLUMNS]
