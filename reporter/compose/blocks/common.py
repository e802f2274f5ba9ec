"""Helpers shared by the survey blocks: group selection (roles or sides), item checks, n ranges."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import pandas as pd

from reporter.config import Project
from reporter.metrics.statements import pool_sides
from reporter.text.strings import t


SUPPRESSED = "*"


def min_n(project: Project, group: str) -> int:
    """The disclosure threshold of a group (role id, side, 'total'): the project's one rule."""
    return int(project.min_n_for(group))


def hidden(project: Project, group: str, n) -> bool:
    """A role or side cell based on fewer respondents than the disclosure threshold (the Total is always shown)."""
    return group != "total" and n is not None and not (isinstance(n, float) and math.isnan(n)) and \
        int(n) < min_n(project, group)


def municipality_respondents(tables: dict[str, pd.DataFrame]) -> dict[tuple[str, str], int]:
    """(municipality, wave) → respondents, from the ``responses_municipality`` table."""
    table = tables.get("responses_municipality")
    if table is None or table.empty:
        return {}
    rows = table[(table["group"].astype(str) == "total") & (table["municipality"].astype(str) != "total")]
    return {(str(m), str(w)): int(n) for m, w, n in zip(rows["municipality"], rows["wave"], rows["value"])}


def municipality_hidden(project: Project, respondents: dict[tuple[str, str], int], municipality: str,
                        wave: str) -> bool:
    """A municipality's own value (both sides pooled) rests on fewer respondents than the disclosure rule."""
    n = respondents.get((str(municipality), str(wave)))
    return n is not None and n < min_n(project, "total")


def v(value) -> float | None:
    """A metric value for the model (None for missing)."""
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


def check_item(project: Project, item: str, kinds: Iterable[str], *, top: bool = False) -> None:
    """The item exists and has one of the scale ``kinds`` (and top options when ``top``); else ValueError."""
    kinds = tuple(kinds)
    ids = [i.id for i in project.items]
    if item not in ids:
        raise ValueError(f"unknown item {item!r}")
    scale = project.scale_of(item)
    if scale.kind not in kinds:
        raise ValueError(f"item {item!r} has a scale of kind {scale.kind!r} ({project.item(item).scale!r}); "
                         f"this block needs {' or '.join(repr(k) for k in kinds)}")
    if top and not any(o.top for o in scale.options):
        raise ValueError(f"item {item!r}: its scale {project.item(item).scale!r} has no top options")


def check_waves(project: Project, waves: Sequence[str] | None) -> list:
    """The chosen waves (all when None) as Wave objects; unknown ids are a ValueError."""
    if waves is None:
        return list(project.waves)
    known = project.wave_ids
    for w in waves:
        if w not in known:
            raise ValueError(f"unknown wave {w!r} (known: {', '.join(known)})")
    return [project.wave(w) for w in waves]


def all_groups(project: Project, by: str) -> list[tuple[str, str]]:
    """(group id, label) for a role or side split, Total last (sides only when the project has roles there)."""
    lang = project.language
    if by == "role":
        groups = [(r.id, r.label) for r in project.roles]
    else:
        groups = [(s, t(f"{s}s", lang)) for s in ("employee", "leader") if any(r.side == s for r in project.roles)]
    return groups + [("total", t("total", lang))]


def split_table(project: Project, table: pd.DataFrame, by: str) -> pd.DataFrame:
    """A role table as given, or its side rows pooled from the roles (``by='side'``); municipality total only."""
    if "municipality" in table.columns:
        table = table[table["municipality"].astype(str) == "total"]
    return pool_sides(project, table) if by == "side" else table


def choose_groups(project: Project, by: str, groups: Sequence[str] | None, present: set[str],
                  item: str) -> list[tuple[str, str]]:
    """The groups to show: the requested ones (each must have respondents: else ValueError naming the item
    and group), or every group with respondents."""
    known = all_groups(project, by)
    if groups is None:
        return [(g, label) for g, label in known if g in present]
    out = []
    ids = dict(known)
    for g in groups:
        if g not in ids:
            raise ValueError(f"unknown {by} {g!r} (known: {', '.join(ids)})")
        if g not in present:
            raise ValueError(f"item {item!r}: no respondents in {by} {g!r}")
        out.append((g, ids[g]))
    return out


def n_range(ns: Iterable[float], lang: str, key: str = "blk_n") -> str:
    """'n = 120–135' (or 'n = 120') over the given counts; '' when there are none."""
    values = sorted(int(n) for n in ns if n is not None and not (isinstance(n, float) and math.isnan(n)))
    if not values:
        return ""
    from reporter.text.numbers import fmt_count

    a, b = fmt_count(values[0], lang), fmt_count(values[-1], lang)
    if key == "blk_n":
        return t("blk_n_one", lang, a=a) if a == b else t("blk_n_range", lang, a=a, b=b)
    return t(f"{key}_one", lang, a=a) if a == b else t(key, lang, a=a, b=b)


def top_labels(project: Project, item: str) -> str:
    """'“Helt enig” eller “Delvis enig”' — the top options of an item's scale, for notes."""
    from reporter.text.strings import join_list

    tops = [f"“{o.label}”" for o in project.scale_of(item).options if o.top]
    lang = project.language
    return join_list(tops, lang).replace(" og ", " eller ") if lang == "da" else join_list(tops, lang).replace(
        " and ", " or ")


def wording_notes(project: Project, item: str, groups: Sequence[str]) -> list[str]:
    """One note line per role (of the groups shown) that was asked with its own wording (``text_by_role``)."""
    lang = project.language
    it = project.item(item)
    out = []
    for role in project.roles:
        if role.id not in it.text_by_role:
            continue
        if role.id not in groups and role.side not in groups and "total" not in groups:
            continue
        label = role.label.lower() if lang == "da" else role.label
        out.append(t("blk_note_wording", lang, role=label, text=it.text_by_role[role.id]))
    return out


def explain_stars(project: Project, block):
    """A figure or table showing a suppressed '*' gets the note that explains it (once)."""
    from dataclasses import replace

    from reporter.model import Figure, Table

    if isinstance(block, Figure):
        star = any(SUPPRESSED in s.labels for s in block.series)
    elif isinstance(block, Table):
        star = any(c.status == "suppressed" for r in block.rows for c in r.cells)
    else:
        return block
    note = t("note_suppressed", project.language, n=min_n(project, "employee"))
    if not star or note in block.notes:
        return block
    return replace(block, notes=tuple(block.notes) + (note,))
