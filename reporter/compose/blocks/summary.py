"""Blocks of the evaluation summary: the participating municipalities in columns, the tracks and core
elements with each track's goal, and fidelity by core element (Total, or by role with n in the headers)
at chosen waves."""

from __future__ import annotations

from typing import Literal

from reporter.compose import wording
from reporter.compose.blocks.survey import rule_text
from reporter.compose.cells import head, label
from reporter.compose.template.blocks import BlockContext, block
from reporter.model import Cell, ListBlock, ListItem, Paragraph, Row, Table, Text
from reporter.text.collation import sort_key
from reporter.text.strings import join_list, t


@block("municipality-list")
def municipality_list(ctx: BlockContext, *, columns: int = 3,
                      counts: Literal["register", "respondents"] | None = None, wave: str | None = None) -> list:
    """The participating municipalities as a list in columns, in Danish alphabetical order (read down); with
    ``counts`` one per line with its number of citizens (register: the intervention group; respondents: at
    ``wave``, default the first) and an "I alt" line."""
    if not 1 <= columns <= 6:
        raise ValueError("columns must be between 1 and 6")
    names = sorted((m.name for m in ctx.project.municipalities), key=sort_key)
    if counts is None:
        if wave is not None:
            raise ValueError("wave needs counts: respondents")
        return [ListBlock(tuple(ListItem((Text(n),)) for n in names), columns=columns)]
    number = _municipality_counts(ctx, counts, wave)
    lang, fmt = ctx.lang, ctx.fmt
    items = tuple(ListItem((Text(t("blk_list_count", lang, name=n, n=fmt.count(number.get(n, 0)))),))
                  for n in names)
    total = number.get("total", sum(number.get(n, 0) for n in names))
    line = t("blk_list_total", lang, n=fmt.count(total))
    return [ListBlock(items, columns=1), Paragraph(line, inlines=(Text(line, bold=True),))]


def _municipality_counts(ctx: BlockContext, counts: str, wave: str | None) -> dict[str, int]:
    """Citizens per municipality (and 'total') from the metric tables."""
    if counts == "register":
        if wave is not None:
            raise ValueError("wave applies to counts: respondents only")
        table = ctx.tables.get("register_key_figures")
        if table is None:
            raise ValueError("counts: register needs a register: section in project.yaml")
        rows = table[table["figure"] == "persons"]
        return {str(r.municipality): int(r.n) for r in rows.itertuples(index=False)}
    known = ctx.project.wave_ids
    wave = wave or known[0]
    if wave not in known:
        raise ValueError(f"unknown wave {wave!r} (known: {', '.join(known)})")
    table = ctx.tables["responses_municipality"]
    rows = table[(table["wave"] == wave) & (table["group"] == "total")]
    return {str(r.municipality): int(r.value) for r in rows.itertuples(index=False)}


@block("tracks-overview")
def tracks_overview(ctx: BlockContext, *, goals: bool = True) -> list:
    """The tracks with their goal and their core elements, as a table."""
    project, lang = ctx.project, ctx.lang
    rows = [Row((head(t("track_col", lang), align="left"), head(t("core_element", lang), align="left")), kind="header")]
    for track in project.tracks:
        rows.append(Row((label(track.label, status="group", span=2),), kind="group"))
        if goals and track.goal:
            rows.append(Row((label(t("goal", lang)), label(track.goal))))
        for core in track.core_elements:
            rows.append(Row((label(core.id.upper()), label(core.label))))
    return [Table(key="tracks", caption=t("cap_tracks", lang), rows=tuple(rows), column_widths=(2.2, 13.8))]


def _waves(ctx: BlockContext, waves: list[str] | None) -> list:
    ids = waves or [ctx.project.waves[0].id, ctx.project.waves[-1].id]
    known = ctx.project.wave_ids
    for w in ids:
        if w not in known:
            raise ValueError(f"unknown wave {w!r} (known: {', '.join(known)})")
    return [ctx.project.wave(w) for w in ids]


@block("core-element-table")
def core_element_table(ctx: BlockContext, *, by: Literal["total", "role"] = "total",
                       waves: list[str] | None = None) -> list:
    """Fidelity per indicator (core element) at chosen waves (default first and last): Total, or by role with
    the number of responses in the column headers; the last wave coloured by its change."""
    project, fmt, lang = ctx.project, ctx.fmt, ctx.lang
    shown = _waves(ctx, waves)
    last = shown[-1].id
    indicator = ctx.tables["fidelity_indicator"]
    data = {(r.group, r.wave, r.index): r for r in indicator.itertuples(index=False)}
    responses = ctx.tables["responses"]
    counts = {(r.group, r.wave): r.value for r in responses[responses["municipality"] == "total"].itertuples(index=False)}
    groups = [("total", t("total", lang))] if by == "total" else [(r.id, r.label) for r in project.roles]
    top = Row((head(t("indicator", lang), align="left"),) + tuple(head(g, span=len(shown)) for _, g in groups),
              kind="header")
    sub_cells = [head("", align="left")]
    for gid, _ in groups:
        for w in shown:
            n = counts.get((gid, w.id))
            sub_cells.append(head(t("wave_n", lang, wave=w.label, n=fmt.count(n)) if by == "role" and n is not None
                                  else w.label))
    rows = [top, Row(tuple(sub_cells), kind="header")]
    for track in project.tracks:
        rows.append(Row((label(track.label, status="group", span=1 + len(groups) * len(shown)),), kind="group"))
        for core in track.core_elements:
            for index in core.indices:
                cells: list[Cell] = [label(index.label)]
                for gid, _ in groups:
                    for w in shown:
                        row = data.get((gid, w.id, index.id))
                        value = None if row is None else row.value
                        small = row is not None and gid != "total" and (row.respondents or 0) < project.min_n_for(gid)
                        status = row.status if (row is not None and w.id == last and isinstance(row.status, str)) else None
                        cells.append(fmt.cell(value, status=status, suppressed=bool(small)))
                rows.append(Row(tuple(cells)))
    wave_text = join_list([w.prose for w in shown], lang)
    notes = [t("note_indicator", lang, top=wording.top_options(project))]
    rule = rule_text(project, "indicator", fmt, "share")
    if rule:
        notes.insert(0, rule)
    if by == "role":
        notes.append(t("note_wave_n", lang))
    key = "elements_total" if by == "total" else "elements_role"
    caption = t("cap_elements_total" if by == "total" else "cap_elements_role", lang, waves=wave_text)
    first_width = 6.0 if by == "total" else 4.4
    width = (16.0 - first_width) / (len(groups) * len(shown))
    return [Table(key=key, caption=caption, rows=tuple(rows), notes=tuple(notes), legend=bool(rule),
                  column_widths=(first_width,) + (width,) * (len(groups) * len(shown)))]
