"""Coded open answers (anatomy §2.10): "Anført af X ud af Y medarbejdere / ledere".

For a coded question, code c, side s and wave w::

    X = respondents on side s in wave w who were given code c   (a respondent counts once per code)
    Y = respondents on side s in wave w who answered the open question

"Answered" = a non-empty answer to the coded text item (``coded[].item``, else the item with the
question's id, when there is one) or at least one code. Every code of the catalogue is listed for every side × wave with Y > 0, also with
X = 0. Rows are sorted by wave (project order), side (employee, leader), X descending, then the code
label (case-folded) as a tie-break.

Columns: ``municipality ("total"), group (side), wave, question, code, label, code_group, essence,
value (X), n (Y), share (X / Y)``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from reporter.config.models import SIDES, Project
from reporter.data.schema import Survey
from reporter.metrics.grouping import column_at, item_positions

COLUMNS = ["municipality", "group", "wave", "question", "code", "label", "code_group", "essence", "value", "n",
           "share"]


def _as_text(values: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Codes (-1 = missing) and labels of a column compared as text (``str`` of the value)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.codes.to_numpy().astype(np.int64), [str(c) for c in values.cat.categories]
    codes, uniques = pd.factorize(values.to_numpy(dtype=object))
    return codes.astype(np.int64), [str(u) for u in uniques]


def _joint(*columns: tuple[np.ndarray, list[str]]) -> tuple[list[np.ndarray], list[str]]:
    """Several (codes, labels) re-coded onto one sorted list of labels (as text); missing becomes the code
    ``len(labels)``, which matches other missing values in a join (as pandas does) but is no group."""
    labels = sorted(set().union(*[set(ls) for _, ls in columns]))
    where = {label: i for i, label in enumerate(labels)}
    return [np.array([where[x] for x in ls] + [len(labels)], dtype=np.int64)[c] for c, ls in columns], labels


def _text_answerers(project: Project, survey: Survey, item_id: str) -> np.ndarray:
    """Row positions in ``survey.answers`` of the non-empty answers to the open item ``item_id`` (if it is one)."""
    if item_id not in {i.id for i in project.items}:
        return np.empty(0, dtype=np.intp)
    answers = survey.answers
    pos = item_positions(answers, [item_id])
    given = [not pd.isna(t) and str(t).strip() != "" for t in column_at(answers, "option", pos)]
    return pos[np.asarray(given, dtype=bool)]


def _counts(keys: Sequence[np.ndarray], labels: Sequence[list[str]], names: Sequence[str], name: str) -> pd.DataFrame:
    """Rows per distinct key combination (missing keys dropped), as ``groupby(names).size()`` on the text."""
    dims = [len(ls) + 1 for ls in labels]
    ok = np.ones(len(keys[0]), dtype=bool)
    flat = np.zeros(len(keys[0]), dtype=np.int64)
    for k, dim in zip(keys, dims):
        ok &= k < dim - 1
        flat = flat * dim + k
    counts = np.bincount(flat[ok], minlength=int(np.prod(dims)))
    cells = np.flatnonzero(counts)
    idx = np.unravel_index(cells, dims)
    out = {n: np.array(ls, dtype=object)[i] for n, ls, i in zip(names, labels, idx)}
    return pd.DataFrame({**out, name: counts[cells].astype(np.int64)})


def coded_counts(project: Project, survey: Survey, question: str) -> pd.DataFrame:
    """Counts per code × side × wave for one coded question; see the module docstring."""
    spec = next((q for q in project.coded if q.id == question), None)
    if spec is None:
        raise ValueError(f"unknown coded question {question!r} (known: {', '.join(q.id for q in project.coded)})")
    codes = survey.codes
    asked, names = _as_text(codes["question"])
    codes = codes[np.isin(asked, [k for k, name in enumerate(names) if name == question])]
    code, code_labels = _as_text(codes["code"])
    unknown = sorted(set(code_labels) - {c.code for c in spec.codes})
    if unknown:
        raise ValueError(f"coded question {question!r}: codes {unknown} are not in its catalogue")
    # (wave, respondent) compared as text, as integer keys: of the respondents, the codes and the open answers
    people = survey.respondents
    answers = survey.answers
    text = _text_answerers(project, survey, spec.item or question)
    (p_wave, c_wave, t_wave), waves = _joint(_as_text(people["wave"]), _as_text(codes["wave"]),
                                             _as_text(answers["wave"].iloc[text]))
    (p_resp, c_resp, t_resp), resps = _joint(_as_text(people["respondent"]), _as_text(codes["respondent"]),
                                             _as_text(answers["respondent"].iloc[text]))
    side, sides = _as_text(people["side"])
    side = np.where(side < 0, len(sides), side)

    def key(w: np.ndarray, r: np.ndarray) -> np.ndarray:
        return w * (len(resps) + 1) + r

    people_key = key(p_wave, p_resp)
    answered = np.isin(people_key, np.concatenate([key(c_wave, c_resp), key(t_wave, t_resp)]))
    y = _counts([p_wave[answered], side[answered]], [waves, sides], ["wave", "side"], "n")
    # distinct (respondent, code) pairs, each counted once per respondent row it names (an inner join)
    code = np.where(code < 0, len(code_labels), code)
    pairs = np.unique(key(c_wave, c_resp) * (len(code_labels) + 1) + code)
    pair_key, pair_code = pairs // (len(code_labels) + 1), pairs % (len(code_labels) + 1)
    order = np.argsort(people_key, kind="stable")
    lo = np.searchsorted(people_key[order], pair_key, side="left")
    hi = np.searchsorted(people_key[order], pair_key, side="right")
    row = order[np.repeat(lo, hi - lo) + _ranges(hi - lo)]
    x = _counts([p_wave[row], side[row], np.repeat(pair_code, hi - lo)], [waves, sides, code_labels],
                ["wave", "side", "code"], "value")
    catalogue = pd.DataFrame({
        "code": [c.code for c in spec.codes], "label": [c.label for c in spec.codes],
        "code_group": [c.group for c in spec.codes], "essence": [c.essence for c in spec.codes],
    })
    out = y[y["n"] > 0].merge(catalogue, how="cross").merge(x, on=["wave", "side", "code"], how="left")
    if out.empty:
        return pd.DataFrame(columns=COLUMNS)
    out["value"] = out["value"].fillna(0).astype("int64")
    out["n"] = out["n"].astype("int64")
    out["share"] = out["value"] / out["n"]
    out["municipality"] = "total"
    out["group"] = out["side"]
    out["question"] = question
    wave_pos = {w: i for i, w in enumerate(project.wave_ids)}
    side_pos = {s: i for i, s in enumerate(SIDES)}
    out["_w"] = out["wave"].map(wave_pos)
    out["_s"] = out["side"].map(side_pos)
    out["_l"] = out["label"].str.casefold()
    out = out.sort_values(["_w", "_s", "value", "_l"], ascending=[True, True, False, True], kind="stable")
    return out[COLUMNS].reset_index(drop=True)


def _ranges(lengths: np.ndarray) -> np.ndarray:
    """0, 1, …, n-1 for every n in ``lengths``, concatenated."""
    total = int(lengths.sum())
    starts = np.repeat(np.cumsum(lengths) - lengths, lengths)
    return np.arange(total) - starts


def coded_all(project: Project, survey: Survey) -> pd.DataFrame:
    """:func:`coded_counts` for every coded question of the project, stacked."""
    tables = [coded_counts(project, survey, q.id) for q in project.coded]
    if not tables:
        return pd.DataFrame(columns=COLUMNS)
    return pd.concat(tables, ignore_index=True)
