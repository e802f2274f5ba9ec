"""Top-box share of single statements (anatomy §2.7) by role × wave, plus the pooled total.

For item i, group g and wave w::

    value = answers in a top option / valid answers        ("Ved ikke" is not a valid answer)

``n`` = valid answers. The ``"total"`` group is pooled over respondents. Only respondents who were asked
count (item roles/waves; for filtered items those who passed the filter — see :mod:`choices` for the
"among users" ratings). Index-level top-box shares are the fidelity indicator
(:mod:`reporter.metrics.fidelity`) and are not recomputed here.

Columns: ``municipality, group, wave, item, value, n``.
"""

from __future__ import annotations

import pandas as pd

from reporter.config.models import Project
from reporter.data.schema import Survey
from reporter.metrics.answer_index import survey_index
from reporter.metrics.grouping import By, asked_rows, finish_ratio, pooled_sums

COLUMNS = ["municipality", "group", "wave", "item", "value", "n"]


def statement_items(project: Project, filtered: bool = False) -> list[str]:
    """Ordinal items with at least one top option that are not belief items; with or without a filter."""
    belief = {b.item for b in project.belief}
    out = []
    for item in project.items:
        scale = project.scales[item.scale]
        if scale.kind != "ordinal" or not any(o.top for o in scale.options) or item.id in belief:
            continue
        if (item.filter is not None) == filtered:
            out.append(item.id)
    return out


def topbox_share(project: Project, survey: Survey, items: list[str], by: By = "role") -> pd.DataFrame:
    """Top-box share per item × group × wave among the valid answers of respondents who were asked."""
    index = survey_index(survey)
    pos, item = asked_rows(project, survey, items)   # counts only: the order of the rows does not matter
    valid = ~index.array("is_dont_know")[pos].astype(bool)   # rows exist only for given answers
    pos, item = pos[valid], item[valid]
    top = index.array("is_top")[pos].astype(bool)
    sums = pooled_sums(project, survey, pos, by, [("item", item, items)], {"top": top, "valid": None})
    return finish_ratio(sums, "top", "valid")[COLUMNS]


def topbox(project: Project, survey: Survey, items: list[str] | None = None, by: By = "role") -> pd.DataFrame:
    """Top-box shares of single statements (default: every unfiltered, non-belief ordinal item with top options)."""
    if items is None:
        items = statement_items(project, filtered=False)
    return topbox_share(project, survey, items, by=by)
