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

import pandas as pd

from reporter.config.models import Project
from reporter.data.schema import Survey
from reporter.metrics.belief import option_distribution
from reporter.metrics.grouping import By, asked_answers, finish_ratio, pooled_sums
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
    answers = asked_answers(project, survey, items)
    answers = answers[answers["value"].notna()]
    pieces = []
    for item_id in items:
        sub = answers[answers["item"] == item_id]
        if sub.empty:
            continue
        labels = [o.label for o in project.scale_of(item_id).options]
        order = pd.CategoricalDtype(labels, ordered=True)
        option = sub["option"].astype(str).astype(order)
        if option.isna().any():
            bad = sorted(set(sub["option"].astype(str)[option.isna()]))
            raise ValueError(f"item {item_id!r}: options {bad} are not options of its scale")
        frame = pd.DataFrame({
            "role": sub["role"], "side": sub["side"], "municipality": sub["municipality"], "wave": sub["wave"],
            "item": item_id, "option": option,
            "_yes": (sub["value"].astype(float) == 1.0).astype("int64"), "_asked": 1,
        })
        sums = pooled_sums(frame, by, ["item", "option"], {"yes": "_yes", "asked": "_asked"},
                           waves=project.wave_ids)
        pieces.append(finish_ratio(sums, "yes", "asked")[SHARE_COLUMNS])
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
    answers = asked_answers(project, survey, items)
    answers = answers[answers["value"].notna()]
    frame = pd.DataFrame({
        "role": answers["role"], "side": answers["side"], "municipality": answers["municipality"],
        "wave": answers["wave"], "item": answers["item"].astype(str).astype(pd.CategoricalDtype(items, ordered=True)),
        "_sum": answers["value"].astype(float), "_count": 1,
    })
    sums = pooled_sums(frame, by, ["item"], {"sum": "_sum", "count": "_count"}, waves=project.wave_ids)
    if sums.empty:
        return pd.DataFrame(columns=MEAN_COLUMNS)
    return finish_ratio(sums, "sum", "count")[MEAN_COLUMNS]
