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

import pandas as pd

from reporter.config.models import SIDES, Project
from reporter.data.schema import Survey
from reporter.metrics.grouping import column_at, item_positions

COLUMNS = ["municipality", "group", "wave", "question", "code", "label", "code_group", "essence", "value", "n",
           "share"]


def _answered(project: Project, survey: Survey, item_id: str, codes: pd.DataFrame) -> pd.DataFrame:
    """``wave, respondent`` of everyone who answered the open question (text item ``item_id`` or a code)."""
    keys = [codes[["wave", "respondent"]].astype(str)]
    if item_id in {i.id for i in project.items}:
        answers = survey.answers
        pos = item_positions(answers, [item_id])
        text = pd.Series(column_at(answers, "option", pos), dtype=object)
        given = (text.notna() & (text.astype(str).str.strip() != "")).to_numpy()
        pos = pos[given]
        keys.append(pd.DataFrame({"wave": column_at(answers, "wave", pos),
                                  "respondent": column_at(answers, "respondent", pos)}).astype(str))
    return pd.concat(keys, ignore_index=True).drop_duplicates()


def coded_counts(project: Project, survey: Survey, question: str) -> pd.DataFrame:
    """Counts per code × side × wave for one coded question; see the module docstring."""
    spec = next((q for q in project.coded if q.id == question), None)
    if spec is None:
        raise ValueError(f"unknown coded question {question!r} (known: {', '.join(q.id for q in project.coded)})")
    codes = survey.codes
    codes = codes[codes["question"].astype(str) == question]
    codes = codes.assign(wave=codes["wave"].astype(str), respondent=codes["respondent"].astype(str),
                         code=codes["code"].astype(str))
    unknown = sorted(set(codes["code"].unique().tolist()) - {c.code for c in spec.codes})
    if unknown:
        raise ValueError(f"coded question {question!r}: codes {unknown} are not in its catalogue")
    people = survey.respondents[["wave", "respondent", "side"]].astype(str)
    answered = _answered(project, survey, spec.item or question, codes).merge(people, on=["wave", "respondent"], how="inner")
    y = answered.groupby(["wave", "side"]).size().rename("n").reset_index()
    cited = codes[["wave", "respondent", "code"]].drop_duplicates().merge(people, on=["wave", "respondent"],
                                                                             how="inner")
    x = cited.groupby(["wave", "side", "code"]).size().rename("value").reset_index()
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


def coded_all(project: Project, survey: Survey) -> pd.DataFrame:
    """:func:`coded_counts` for every coded question of the project, stacked."""
    tables = [coded_counts(project, survey, q.id) for q in project.coded]
    if not tables:
        return pd.DataFrame(columns=COLUMNS)
    return pd.concat(tables, ignore_index=True)
