"""The municipality as the unit ('Flere skal med'): scores, answer counts and groupings per municipality.

:func:`core_scores` — the 1–5 fidelity score of each core element per municipality × wave::

    item mean(m, w, i) = Σ score / valid answers      (all respondents of m, both sides; "Ved ikke" not valid)
    value(m, w, c)     = unweighted mean of the item means of c's items (employee and leader items of its
                         indices) that have a valid answer in m, w

``n`` = valid answers behind the municipality's value. The ``municipality="total"`` rows (first) are the
unweighted mean over the municipalities with a value, ``n`` = number of those municipalities.
Columns ``municipality, group ("total"), wave, track, core_element, value, n``.

:func:`municipality_counts` — per municipality × side (``group``) × wave × item × option: ``n`` = answers
with that option (multi-select: answered rows of that option), ``value`` = of those, the ticked multi-select
rows (= ``n`` for other kinds). Ordinal, single and multi items; only rows with ``n > 0``.

:func:`municipality_distribution` — how many municipalities gave each answer, when one respondent of a side
answers for the municipality; municipalities that took part in the wave without an answer count as
"not answered". :func:`municipality_ticks` — how many municipalities ticked each option (a "Top 3").
:func:`group_by_attribute` — a municipality table averaged over the municipalities of each attribute group.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from reporter.config.models import SIDES, Project
from reporter.data.schema import Survey
from reporter.metrics.answer_index import survey_index
from reporter.metrics.grouping import asked_positions, codes_at
from reporter.metrics.item_means import item_means

CORE_COLUMNS = ["municipality", "group", "wave", "track", "core_element", "value", "n"]
COUNT_COLUMNS = ["municipality", "group", "wave", "item", "option", "value", "n"]
NOT_ANSWERED = "__not_answered__"


def core_items(core) -> list[str]:
    """The items of a core element: every index's items and leader items, in order, once."""
    return list(dict.fromkeys(i for x in core.indices for i in [*x.items, *(x.leader_items or [])]))


def core_scores(project: Project, survey: Survey) -> pd.DataFrame:
    """The 1–5 score per core element × municipality × wave (see the module docstring)."""
    cores = [(t, c) for t in project.tracks for c in t.core_elements if core_items(c)]
    items = list(dict.fromkeys(i for _, c in cores for i in core_items(c)))
    if not items:
        return pd.DataFrame(columns=CORE_COLUMNS)
    # the side item means (memoised: the fidelity mean already computed them) pooled over both sides
    fidelity = set(project.fidelity_items())
    means = item_means(project, survey, by="side", items=None if set(items) <= fidelity else items, with_sum=True)
    means = means[means["item"].isin(items)]
    sums = means.groupby(["municipality", "wave", "item"], sort=False)[["sum", "n"]].sum().reset_index()
    sums = sums.rename(columns={"n": "count"})
    sums = sums.assign(mean=sums["sum"] / sums["count"])
    pieces = []
    for track, core in cores:
        sub = sums[sums["item"].isin(core_items(core))]
        if sub.empty:
            continue
        g = sub.groupby(["municipality", "wave"], sort=False)
        muni = pd.DataFrame({"value": g["mean"].mean(), "n": g["count"].sum()}).reset_index()
        muni["track"], muni["core_element"] = track.id, core.id
        pieces.append(muni)
    if not pieces:
        return pd.DataFrame(columns=CORE_COLUMNS)
    table = pd.concat(pieces, ignore_index=True)
    table["group"] = "total"
    total = table.groupby(["wave", "track", "core_element"], sort=False).agg(
        value=("value", "mean"), n=("value", "size")).reset_index()
    total["municipality"], total["group"] = "total", "total"
    munis = {m.name: i for i, m in enumerate(project.municipalities)}
    waves = {w: i for i, w in enumerate(project.wave_ids)}
    core_order = {c.id: i for i, (_, c) in enumerate(cores)}
    out = pd.concat([total, table], ignore_index=True)
    out["_m"] = out["municipality"].map(lambda m: -1 if m == "total" else munis[m])
    out["_w"] = out["wave"].map(waves)
    out["_c"] = out["core_element"].map(core_order)
    out = out.sort_values(["_m", "_w", "_c"], kind="stable")
    out["n"] = out["n"].astype("int64")
    return out[CORE_COLUMNS].reset_index(drop=True)


def municipality_counts(project: Project, survey: Survey, sides: Sequence[str] = ("leader",)) -> pd.DataFrame:
    """Answers per municipality × side × wave × item × option (see the module docstring); by default only the
    leader side, who answer for their municipality."""
    roles = [r.id for r in project.roles if r.side in sides]
    items = [i.id for i in project.items if project.scales[i.scale].kind in ("ordinal", "single", "multi")
             and any(project.asked(i.id, r, w) for r in roles for w in project.wave_ids)]
    if not items:
        return pd.DataFrame(columns=COUNT_COLUMNS)
    answers = survey.answers
    side = answers["side"]
    if isinstance(side.dtype, pd.CategoricalDtype):   # one pass over the table's side codes
        cats = [str(c) for c in side.cat.categories]
        chosen = np.isin(side.cat.codes.to_numpy(), [cats.index(s) for s in sides if s in cats])
    else:
        chosen = side.astype(str).isin(list(sides)).to_numpy()
    parts = []
    for item in items:   # the cached asked rows per item, only the chosen sides (no sort of the whole table)
        p = asked_positions(project, survey, item)
        parts.append(p[chosen[p]])
    pos = np.concatenate(parts)
    options = list(dict.fromkeys(o.label for i in items for o in project.scale_of(i).options))
    munis = [m.name for m in project.municipalities]
    waves = project.wave_ids
    value = answers["value"].to_numpy()[pos].astype(float)
    multi = np.isin(codes_at(answers, "item", pos, items),
                    [k for k, i in enumerate(items) if project.scale_of(i).kind == "multi"])
    keep = ~multi | ~np.isnan(value)   # a missing option is dropped below (code -1)
    pos, value, multi = pos[keep], value[keep], multi[keep]
    flat = survey_index(survey).cells_at(pos, [("municipality", munis), ("side", list(SIDES)), ("wave", waves)])
    keys = [codes_at(answers, "item", pos, items), codes_at(answers, "option", pos, options, casefold=True)]
    dims = (len(munis), len(SIDES), len(waves), len(items), len(options))
    bad = flat < 0
    for codes, dim in zip(keys, dims[3:]):
        flat = flat * dim + codes
        bad |= codes < 0
    flat, ticked = flat[~bad], (~multi | (value == 1.0))[~bad]
    size = int(np.prod(dims))
    n = np.bincount(flat, minlength=size)
    ticks = np.bincount(flat[ticked], minlength=size)
    cells = np.flatnonzero(n)
    idx = np.unravel_index(cells, dims)
    return pd.DataFrame({
        "municipality": np.asarray(munis, dtype=object)[idx[0]],
        "group": np.asarray(SIDES, dtype=object)[idx[1]],
        "wave": np.asarray(waves, dtype=object)[idx[2]],
        "item": np.asarray(items, dtype=object)[idx[3]],
        "option": np.asarray(options, dtype=object)[idx[4]],
        "value": ticks[cells].astype(np.int64),
        "n": n[cells].astype(np.int64),
    }, columns=COUNT_COLUMNS)


def _taking_part(project: Project, wave: str) -> list[str]:
    return [m.name for m in project.municipalities if wave in project.municipality_waves(m.name)]


def municipality_distribution(project: Project, counts: pd.DataFrame, item: str, side: str) -> pd.DataFrame:
    """Municipalities per answer of ``item`` by wave, one respondent of ``side`` answering for each.

    Columns ``wave, option, value`` (municipalities), ``n`` (municipalities taking part in the wave);
    ``option`` = :data:`NOT_ANSWERED` for those without an answer. Raises ``ValueError`` naming the
    municipality when one has several answers on that side in a wave."""
    options = [o.label for o in project.scale_of(item).options]
    sub = counts[(counts["item"] == item) & (counts["group"] == side)]
    rows = []
    for wave in project.wave_ids:
        if not any(project.asked(item, r.id, wave) for r in project.roles if r.side == side):
            continue
        here = sub[sub["wave"] == wave]
        per_muni = here.groupby("municipality", sort=False)["n"].sum()
        several = per_muni[per_muni > 1]
        if len(several):
            name = several.index[0]
            raise ValueError(f"municipality {name!r} has {int(several.iloc[0])} answers to {item!r} from the "
                             f"{side} side in wave {wave!r}; a municipality-level count needs one")
        part = _taking_part(project, wave)
        if here.empty:
            continue
        by_option = here.groupby("option", sort=False)["n"].sum()
        answered = set(here["municipality"])
        for option in options:
            rows.append((wave, option, int(by_option.get(option, 0)), len(part)))
        rows.append((wave, NOT_ANSWERED, sum(1 for m in part if m not in answered), len(part)))
    return pd.DataFrame(rows, columns=["wave", "option", "value", "n"])


def municipality_ticks(project: Project, counts: pd.DataFrame, item: str, side: str | None = None) -> pd.DataFrame:
    """Municipalities where a respondent (of ``side``, or any) ticked each option of a multi-select item.

    Columns ``wave, option, value`` (municipalities with a tick), ``n`` (municipalities with an answer)."""
    sub = counts[counts["item"] == item]
    if side is not None:
        sub = sub[sub["group"] == side]
    rows = []
    for wave in project.wave_ids:
        here = sub[sub["wave"] == wave]
        if here.empty:
            continue
        n = here["municipality"].nunique()
        ticked = here[here["value"] > 0].groupby("option", sort=False)["municipality"].nunique()
        for option in [o.label for o in project.scale_of(item).options]:
            rows.append((wave, option, int(ticked.get(option, 0)), int(n)))
    return pd.DataFrame(rows, columns=["wave", "option", "value", "n"])


def attribute_groups(project: Project, attribute: str, bands: Sequence[float] | None = None,
                     band_labels: Sequence[str] | None = None) -> dict[str, str]:
    """Municipality → group label by an attribute (``population`` or one of ``attributes``).

    With ``bands`` (ascending edges, e.g. [20000, 50000]) a numeric attribute is cut into len(bands)+1 bands
    labelled ``band_labels`` (default 'under 20.000', '20.000–49.999', '50.000 og derover' style labels made
    by the caller). Raises ``ValueError`` naming the municipalities that lack the attribute."""
    values: dict[str, object] = {}
    missing = []
    for m in project.municipalities:
        value = m.population if attribute == "population" else m.attributes.get(attribute)
        if value is None:
            missing.append(m.name)
        else:
            values[m.name] = value
    if missing:
        raise ValueError(f"municipalities without attribute {attribute!r}: {', '.join(missing)}")
    if bands is None:
        return {m: str(v) for m, v in values.items()}
    edges = list(bands)
    if edges != sorted(edges):
        raise ValueError(f"bands must be ascending, got {edges}")
    labels = list(band_labels) if band_labels is not None else [str(i) for i in range(len(edges) + 1)]
    if len(labels) != len(edges) + 1:
        raise ValueError(f"{len(edges)} band edges need {len(edges) + 1} band labels, got {len(labels)}")
    out = {}
    for m, v in values.items():
        try:
            x = float(v)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise ValueError(f"municipality {m!r}: attribute {attribute!r} is {v!r}, not a number") from None
        out[m] = labels[int(np.searchsorted(edges, x, side="right"))]
    return out


def group_by_attribute(table: pd.DataFrame, groups: dict[str, str], keys: Sequence[str] = ()) -> pd.DataFrame:
    """Unweighted mean of a municipality table's ``value`` over the municipalities of each group.

    ``table`` has ``municipality, wave, value`` and the ``keys``; the ``total`` row and missing values are
    ignored. Columns ``attribute_group, *keys, wave, value, n`` (n = municipalities with a value)."""
    data = table[(table["municipality"].astype(str) != "total") & table["value"].notna()]
    data = data.assign(attribute_group=data["municipality"].astype(str).map(groups))
    out = data.groupby(["attribute_group", *keys, "wave"], sort=False, observed=True).agg(
        value=("value", "mean"), n=("value", "size")).reset_index()
    out["n"] = out["n"].astype("int64")
    return out[["attribute_group", *keys, "wave", "value", "n"]]
