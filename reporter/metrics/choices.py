"""Multi-select shares, ratings among users, single-choice distributions and numeric means (anatomy §2.8).

Only respondents who were asked count: the item's roles and waves, and for a filtered item only those
who answered the filter item with one of its ``equals`` labels ("kun deltagere").

- :func:`multi_select_shares` — per option, share ticked (value 1) among the respondents asked who answered
  the option column (0 or 1); ``n`` = those respondents. Columns
  ``municipality, group, wave, item, option, value, n``.
- :func:`ratings_among_users` — top-box share of filtered rating items among respondents who passed the
  filter, "Ved ikke" excluded; ``n`` = valid answers. Columns ``municipality, group, wave, item, value, n``.
- :func:`single_choice_distribution` — share per option of single-choice items; every option listed, shares
  sum to 1; "Ved ikke" is its own category and in the denominator unless ``include_dont_know=False``.
  Columns ``municipality, group, wave, item, option, code, dont_know, value, n``.
- :func:`numeric_means` — arithmetic mean of numeric answers (e.g. caseload); ``n`` = answers.
  Columns ``municipality, group, wave, item, value, n``.

All by role × wave (``by`` may also be ``"side"`` or ``"municipality"``) with a pooled ``"total"`` group.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reporter.config.models import Project
from reporter.data.schema import Survey
from reporter.metrics.belief import option_distribution
from reporter.metrics.grouping import By, asked, asked_positions, codes_at, finish_ratio, pooled_sums
from reporter.metrics.topbox import statement_items, topbox_share

SHARE_COLUMNS = ["municipality", "group", "wave", "item", "option", "value", "n"]
MEAN_COLUMNS = ["municipality", "group", "wave", "item", "value", "n"]


def _items_of_kind(project: Project, kind: str) -> list[str]:
    return [i.id for i in project.items if project.scales[i.scale].kind == kind]


def multi_select_shares(project: Project, survey: Survey, items: list[str] | None = None,
                        by: By = "role") -> pd.DataFrame:
    """Share ticking each option of multi-select items ("mulighed for flere svar"); see module docstring."""
    if items is None:
        items = _items_of_kind(project, "multi")
    answers = survey.answers
    pieces = []
    for item_id in items:
        labels = [o.label for o in project.scale_of(item_id).options]
        pos = asked_positions(project, survey, item_id)
        value = answers["value"].to_numpy()[pos].astype(float)
        pos, value = pos[~np.isnan(value)], value[~np.isnan(value)]
        codes = codes_at(answers, "option", pos, labels, casefold=True)
        if (codes < 0).any():
            bad = sorted({str(x) for x in answers["option"].to_numpy()[pos][codes < 0]})
            raise ValueError(f"item {item_id!r}: options {bad} are not options of its scale")
        table = pooled_sums(project, survey, pos, by,
                            [("item", np.zeros(len(pos), dtype=np.int64), [item_id]), ("option", codes, labels)],
                            {"yes": value == 1.0, "asked": None})
        if not table.empty:
            pieces.append(finish_ratio(table, "yes", "asked")[SHARE_COLUMNS])
    if not pieces:
        return pd.DataFrame(columns=SHARE_COLUMNS)
    return pd.concat(pieces, ignore_index=True)


def ratings_among_users(project: Project, survey: Survey, items: list[str] | None = None,
                        by: By = "role") -> pd.DataFrame:
    """Top-box share of filtered rating items among respondents who passed the filter (default: all such items)."""
    if items is None:
        items = statement_items(project, filtered=True)
    return topbox_share(project, survey, items, by=by)


def single_choice_distribution(project: Project, survey: Survey, items: list[str] | None = None,
                               by: By = "role", include_dont_know: bool = True) -> pd.DataFrame:
    """Distribution over the options of single-choice items (default: every ``single`` scale item)."""
    if items is None:
        items = _items_of_kind(project, "single")
    return option_distribution(project, survey, items, by=by, include_dont_know=include_dont_know)


def numeric_means(project: Project, survey: Survey, items: list[str] | None = None,
                  by: By = "role") -> pd.DataFrame:
    """Mean and number of answers of numeric items (default: every ``numeric`` scale item)."""
    if items is None:
        items = _items_of_kind(project, "numeric")
    answers = survey.answers
    pos = asked(project, survey, items)
    value = answers["value"].to_numpy()[pos].astype(float)
    pos, value = pos[~np.isnan(value)], value[~np.isnan(value)]
    sums = pooled_sums(project, survey, pos, by, [("item", codes_at(answers, "item", pos, items), items)],
                       {"sum": value, "count": None})
    return finish_ratio(sums, "sum", "count")[MEAN_COLUMNS]
