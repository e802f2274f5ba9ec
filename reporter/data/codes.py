"""Coded open answers: one CSV per coded question with columns respondent, wave, code."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from reporter.config.models import CodedQuestion, Project
from reporter.data.readers import read_table
from reporter.data.schema import CODE_COLUMNS
from reporter.data.validate import ProblemLog, map_codes, wave_lookup
from reporter.errors import InputError

REQUIRED = ("respondent", "wave", "code")


def read_codes(project: Project, project_dir: Path, question: CodedQuestion, respondents: pd.DataFrame,
               log: ProblemLog) -> pd.DataFrame:
    """Read and check one coded question's file; returns rows ``question, wave, respondent, code``."""
    path = project_dir / question.file
    try:
        table = read_table(path, display_name=question.file)
    except InputError as exc:
        log.extend(exc.problems)
        return pd.DataFrame(columns=CODE_COLUMNS)
    lower = {c.casefold(): c for c in table.columns}
    missing = [c for c in REQUIRED if c not in lower]
    for column in missing:
        log.error(table.file, f"required column of coded question {question.id!r} is missing", row=1, column=column,
                  expected=f"columns {', '.join(REQUIRED)}")
    for column in table.columns:
        if column.casefold() not in REQUIRED:
            log.warn(table.file, "column is not one of respondent, wave, code; it is ignored", row=1, column=column)
    if missing:
        return pd.DataFrame(columns=CODE_COLUMNS)
    frame, rows = table.frame, table.rows
    respondent = frame[lower["respondent"]].to_numpy(dtype=object)
    code = frame[lower["code"]].to_numpy(dtype=object)
    raw_wave = frame[lower["wave"]]
    wave_code, _ = map_codes(raw_wave, wave_lookup(project), project.wave_ids)   # -1: blank or unknown
    wave = np.array([*project.wave_ids, None], dtype=object)[wave_code]
    bad_wave = wave_code < 0
    log.rows(table.file, rows[bad_wave], raw_wave.to_numpy()[bad_wave], "unknown or blank wave", column=lower["wave"],
             expected=f"one of the wave ids {', '.join(project.wave_ids)}")
    catalogue = {c.code for c in question.codes}
    bad_code = ~pd.Series(code).isin(catalogue).to_numpy()
    log.rows(table.file, rows[bad_code], code[bad_code], f"code is not in the catalogue of coded question {question.id!r}",
             column=lower["code"], expected=f"one of {', '.join(c.code for c in question.codes)} (coded[].codes)")
    # (respondent, wave) as one integer per row, here and in the survey: the ids are numbered as they occur in
    # this file (a few thousand) and the survey's ids (maybe millions) are looked up among them
    file_id, ids = pd.factorize(pd.Series(respondent, dtype=object))
    waves = pd.Index(project.wave_ids, dtype=object)
    survey_id = pd.Index(ids, dtype=object).get_indexer(respondents["respondent"].to_numpy(dtype=object))
    survey_key = _pair_keys(survey_id, _wave_numbers(respondents["wave"], waves), len(waves))
    file_key = _pair_keys(file_id, wave_code, len(waves))
    in_file = survey_key >= 0
    bad_resp = ~bad_wave & ~((file_key >= 0) & np.isin(file_key, survey_key[in_file]))
    log.rows(table.file, rows[bad_resp], respondent[bad_resp], "respondent is not in the survey data in this wave",
             column=lower["respondent"], expected="a respondent id from the data files in the same wave")
    keep = ~(bad_wave | bad_code | bad_resp)
    item_id = getattr(question, "item", None)
    if item_id is not None and item_id in {i.id for i in project.items} and keep.any():
        # the role of each kept row's respondent in that wave (the survey's first row of that respondent and wave)
        keys, first = np.unique(survey_key[in_file], return_index=True)
        role = respondents["role"].to_numpy(dtype=object)[in_file][first[np.searchsorted(keys, file_key[keep])]]
        asked = {(r.id, w) for r in project.roles for w in project.wave_ids if project.asked(item_id, r.id, w)}
        was_asked = np.zeros(len(keep), dtype=bool)
        was_asked[keep] = [(r, w) in asked for r, w in zip(role.tolist(), wave[keep].tolist())]
        not_asked = keep & ~was_asked
        log.rows(table.file, rows[not_asked], respondent[not_asked],
                 f"respondent has codes for item {item_id!r}, which was not put to their role in this wave",
                 column=lower["respondent"], expected="codes only for respondents asked the coded item (coded[].item)")
        keep &= ~not_asked
    out = pd.DataFrame({"question": question.id, "wave": wave[keep], "respondent": respondent[keep], "code": code[keep]})
    dup = out.duplicated(keep="first").to_numpy()
    if dup.any():
        log.rows(table.file, rows[keep][dup], out["code"].to_numpy()[dup], "the same code is given twice to a respondent",
                 column=lower["code"], severity="warning")
    return out


def _pair_keys(ids: np.ndarray, waves: np.ndarray, n_waves: int) -> np.ndarray:
    """One integer per (respondent number, wave number) pair; -1 where either is unknown (-1)."""
    ids, waves = np.asarray(ids, dtype=np.int64), np.asarray(waves, dtype=np.int64)
    return np.where((ids < 0) | (waves < 0), -1, ids * n_waves + waves)


def _wave_numbers(column: pd.Series, waves: pd.Index) -> np.ndarray:
    """The position of each cell's wave id in ``waves`` (-1 if it is not one); a categorical column through its
    categories."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes = column.cat.codes.to_numpy()
        numbers = waves.get_indexer(pd.Index(column.cat.categories, dtype=object))
        return np.where(codes >= 0, numbers[codes], -1)
    return waves.get_indexer(column.to_numpy(dtype=object))


def load_codes(project: Project, project_dir: Path, respondents: pd.DataFrame, log: ProblemLog) -> pd.DataFrame:
    """All coded questions as one ``Survey.codes`` table (question and wave as ordered categoricals)."""
    parts = [read_codes(project, project_dir, q, respondents, log) for q in project.coded]
    parts = [p for p in parts if not p.empty]
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame({c: [] for c in CODE_COLUMNS}, dtype=object)
    out["question"] = pd.Categorical(out["question"], categories=[q.id for q in project.coded])
    out["wave"] = pd.Categorical(out["wave"], categories=project.wave_ids)
    out["respondent"] = out["respondent"].astype(object)
    out["code"] = out["code"].astype(object)
    return out[CODE_COLUMNS]
