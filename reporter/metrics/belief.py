"""Belief distribution (anatomy §2.6): share of answers per band, "Ved ikke" kept as its own band.

For each belief item (``project.belief``), group and wave::

    value(option) = answers with that option / all answers to the item (including "Ved ikke")

so the shares of one item × group × wave sum to 1. Every option of the item's scale gets a row (0 when
nobody chose it), in scale order. ``n`` is the denominator (all answers, "Ved ikke" included).
The ``"total"`` group is pooled over respondents.

Columns: ``municipality, group, wave, item, option, code, dont_know, value, n``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reporter.config.models import Project
from reporter.data.schema import Survey
from reporter.metrics.answer_index import survey_index
from reporter.metrics.grouping import By, asked_positions, pooled_sums

COLUMNS = ["municipality", "group", "wave", "item", "option", "code", "dont_know", "value", "n"]


def option_distribution(project: Project, survey: Survey, items: list[str], by: By = "role",
                        include_dont_know: bool = True) -> pd.DataFrame:
    """Share per option of each item among the answers of its group × wave (all scale options listed).

    With ``include_dont_know=False`` the "Ved ikke" answers and rows are dropped before the denominators
    are taken. Only respondents who were asked count (roles, waves, filters).
    """
    index = survey_index(survey)
    option_code = index.codes("option")[0]   # -1 = no option
    pieces = []
    for item_id in items:
        options = [o for o in project.scale_of(item_id).options if include_dont_know or not o.dont_know]
        labels = [o.label for o in options]
        pos = asked_positions(project, survey, item_id)
        pos = pos[option_code[pos] >= 0]
        if not include_dont_know:
            pos = pos[~index.array("is_dont_know")[pos].astype(bool)]
        codes = index.codes_at("option", pos, labels, casefold=True)
        if (codes < 0).any():
            unknown = sorted({str(x) for x in index.array("option")[pos][codes < 0]})
            raise ValueError(f"item {item_id!r}: answers {unknown} are not options of its scale")
        table = pooled_sums(project, survey, pos, by,
                            [("item", np.zeros(len(pos), dtype=np.int64), [item_id]), ("option", codes, labels)],
                            {"count": None}, fill_last=True)
        if table.empty:
            continue
        k = len(labels)
        count = table["count"].to_numpy()
        n = np.repeat(count.reshape(-1, k).sum(axis=1), k)
        table["code"] = np.tile(np.asarray([str(o.code) for o in options], dtype=object), len(table) // k)
        table["dont_know"] = np.tile(np.asarray([o.dont_know for o in options]), len(table) // k)
        table["n"] = n.astype(np.int64)
        table["value"] = count / n
        pieces.append(table[COLUMNS])
    if not pieces:
        return pd.DataFrame(columns=COLUMNS)
    return pd.concat(pieces, ignore_index=True)


def belief_distribution(project: Project, survey: Survey, by: By = "role") -> pd.DataFrame:
    """Belief bands (incl. "Ved ikke") per belief item × group × wave; see the module docstring."""
    items = [b.item for b in project.belief]
    return option_distribution(project, survey, items, by=by, include_dont_know=True)
