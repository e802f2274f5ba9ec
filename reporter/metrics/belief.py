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
from reporter.metrics.grouping import By, asked_answers, pooled_sums

COLUMNS = ["municipality", "group", "wave", "item", "option", "code", "dont_know", "value", "n"]


def option_distribution(project: Project, survey: Survey, items: list[str], by: By = "role",
                        include_dont_know: bool = True) -> pd.DataFrame:
    """Share per option of each item among the answers of its group × wave (all scale options listed).

    With ``include_dont_know=False`` the "Ved ikke" rows are dropped before the denominators are taken.
    """
    answers = asked_answers(project, survey, items)
    answers = answers[answers["option"].notna()]
    if not include_dont_know:
        answers = answers[~answers["is_dont_know"].astype(bool)]
    frame = pd.DataFrame({
        "role": answers["role"], "side": answers["side"], "municipality": answers["municipality"],
        "wave": answers["wave"], "item": answers["item"].astype(str),
        "option": answers["option"].astype(str), "_one": np.ones(len(answers), dtype="int64"),
    })
    counts = pooled_sums(frame, by, ["item", "option"], {"count": "_one"}, waves=project.wave_ids)
    pieces = []
    for item_id in items:
        scale = project.scale_of(item_id)
        options = [o for o in scale.options if include_dont_know or not o.dont_know]
        labels = {o.label.casefold(): o for o in options}
        sub = counts[counts["item"] == item_id]
        if sub.empty:
            continue
        sub = sub.assign(_opt=sub["option"].str.casefold())
        unknown = set(sub["_opt"]) - set(labels)
        if unknown:
            raise ValueError(f"item {item_id!r}: answers {sorted(unknown)} are not options of its scale")
        cells = sub[["municipality", "group", "wave"]].drop_duplicates()
        grid = cells.merge(pd.DataFrame({
            "_opt": list(labels), "option": [o.label for o in options], "code": [str(o.code) for o in options],
            "dont_know": [o.dont_know for o in options], "_order": range(len(options)),
        }), how="cross")
        grid = grid.merge(sub[["municipality", "group", "wave", "_opt", "count"]],
                          on=["municipality", "group", "wave", "_opt"], how="left")
        grid["count"] = grid["count"].fillna(0).astype("int64")
        grid["n"] = grid.groupby(["municipality", "group", "wave"], sort=False)["count"].transform("sum")
        grid["value"] = grid["count"] / grid["n"]
        grid["item"] = item_id
        grid["_cell"] = grid.groupby(["municipality", "group", "wave"], sort=False).ngroup()
        pieces.append(grid.sort_values(["_cell", "_order"], kind="stable"))
    if not pieces:
        return pd.DataFrame(columns=COLUMNS)
    out = pd.concat(pieces, ignore_index=True)
    out["n"] = out["n"].astype("int64")
    return out[COLUMNS].reset_index(drop=True)


def belief_distribution(project: Project, survey: Survey, by: By = "role") -> pd.DataFrame:
    """Belief bands (incl. "Ved ikke") per belief item × group × wave; see the module docstring."""
    items = [b.item for b in project.belief]
    return option_distribution(project, survey, items, by=by, include_dont_know=True)
