"""The SOF table shapes: fidelity mean with N and score per side and wave plus a change column, work-function
counts from a multi-valued function question, and coded open answers over several waves."""

from __future__ import annotations

from typing import Literal

from reporter.compose.blocks.common import check_item, check_waves, explain_stars, split_table, v
from reporter.compose import participation
from reporter.compose.cells import head, label
from reporter.compose.tables import participation_notes
from reporter.compose.template.blocks import BlockContext, block
from reporter.model import Cell, Row, Table
from reporter.text.collation import sort_key
from reporter.text.strings import t

SIDES = ("employee", "leader")


@block("fidelity-side-table")
def fidelity_side_table(ctx: BlockContext, *, sort: Literal["name", "change"] = "name", change: bool = True) -> list:
    """Fidelity mean per municipality: N and score per side, Samlet, by wave; a numeric Ændring column (first → last
    wave); '*' with a note where a side has too few valid items."""
    project, fmt, lang = ctx.project, ctx.fmt, ctx.lang
    table = ctx.tables["fidelity_mean"]
    waves = project.waves
    first, last = waves[0].id, waves[-1].id
    data = {(str(r["municipality"]), str(r["group"]), str(r["wave"])): r for _, r in table.iterrows()}
    side_label = {"employee": t("employees", lang), "leader": t("leaders", lang)}
    with_change = change and len(waves) > 1
    top = [head("", align="left")] + [head(w.table_label, span=5) for w in waves]
    mid = [head("", align="left")]
    sub = [head(t("municipality", lang), align="left")]
    for _ in waves:
        mid += [head(side_label["employee"], span=2), head(side_label["leader"], span=2), head(t("samlet", lang))]
        sub += [head(t("blk_n", lang)), head(t("blk_score", lang))] * 2 + [head(t("blk_score", lang))]
    if with_change:
        top.append(head(t("blk_change", lang)))
        mid.append(head(""))
        sub.append(head(t("blk_score", lang)))
    rows = [Row(cells=tuple(top), kind="header"), Row(cells=tuple(mid), kind="header"),
            Row(cells=tuple(sub), kind="header")]
    notes: list[str] = []

    def change_value(name: str) -> float | None:
        a, b = data.get((name, "samlet", first)), data.get((name, "samlet", last))
        if a is None or b is None or v(a["value"]) is None or v(b["value"]) is None:
            return None
        if bool(a.get("suppressed", False)) or bool(b.get("suppressed", False)):
            return None          # a change next to a hidden score would give the score away
        return round(float(b["value"]), 2) - round(float(a["value"]), 2)   # the difference of the printed scores

    def cells_for(name: str) -> list[Cell]:
        cells: list[Cell] = []
        for w in waves:
            for side in SIDES:
                r = data.get((name, side, w.id))
                invalid = r is not None and str(r.get("invalid_reason")) == "too_few_items"
                n = None if r is None or name == "total" else r["n"]
                cells.append(fmt.cell(n, kind="count") if n else Cell(text="", status="missing", align="center"))
                if r is not None and not invalid and bool(r.get("suppressed", False)):
                    cells.append(Cell(text="*", status="suppressed", align="center"))
                elif invalid:
                    cells.append(Cell(text="*", status="missing", align="center"))
                    notes.append(t("blk_note_invalid", lang, side=side_label[side].lower(), municipality=name,
                                   wave=w.prose, k=int(r["items"]), n=int(r["items_asked"])))
                else:
                    cells.append(fmt.cell(None if r is None else r["value"], kind="number"))
            r = data.get((name, "samlet", w.id))
            small = r is not None and bool(r.get("suppressed", False))
            cells.append(fmt.cell(None if r is None else r["value"], kind="number", suppressed=small))
        if with_change:
            delta = change_value(name)
            cells.append(fmt.cell(delta, kind="number"))
        return cells

    names = [m.name for m in project.municipalities]
    if sort == "change":
        names.sort(key=lambda m: (change_value(m) is None, -(change_value(m) or 0.0), sort_key(m)))
    else:
        names.sort(key=sort_key)
    for name in names:
        rows.append(Row(cells=(label(name),) + tuple(cells_for(name))))
    rows.append(Row(cells=(label(t("blk_all", lang)),) + tuple(cells_for("total")), kind="total"))
    n_items = len(project.fidelity_items())
    notes.insert(0, t("note_blank", lang))
    notes.append(participation.total_row_note(project))
    if with_change:
        notes.append(t("blk_change_head", lang, a=waves[0].prose, b=waves[-1].prose) + ": "
                     + t("blk_note_change", lang))
    wave_of = [w.id for w in waves for _ in range(5)] + ([None] if with_change else [])
    body = [(r.cells[0].text, r.cells[1:]) for r in rows[3:] if r.kind == "body"]
    return [explain_stars(project, Table(key="fidelity_side", caption=t("blk_cap_fidelity_side", lang, n=n_items), rows=tuple(rows),
                  notes=participation_notes(project, tuple(dict.fromkeys(notes)), body, wave_of),
                  column_widths=(2.5,) + (0.55, 1.0, 0.55, 1.0, 1.0) * len(waves) + ((1.2,) if with_change else ())))]


@block("function-count-table")
def function_count_table(ctx: BlockContext, *, item: str, side: Literal["employee", "leader"] | None = None,
                         waves: list[str] | None = None) -> list:
    """Respondents per work function (a multi-valued function question) by wave, for one side or all."""
    project, fmt, lang = ctx.project, ctx.fmt, ctx.lang
    check_item(project, item, ("multi",))
    table = split_table(project, ctx.tables["multi_select"], "side")
    group = side or "total"
    data = table[(table["item"] == item) & (table["group"].astype(str) == group)]
    if data.empty:
        raise ValueError(f"item {item!r}: no respondents on side {group!r}")
    wave_list = [w for w in check_waves(project, waves) if (data["wave"].astype(str) == w.id).any()]
    lookup = {(str(r["option"]), str(r["wave"])): r for _, r in data.iterrows()}
    rows = [Row(cells=(head(t("blk_functions", lang), align="left"),) + tuple(head(w.label) for w in wave_list),
                kind="header")]
    for option in project.scale_of(item).options:
        cells = [label(option.label)]
        for w in wave_list:
            r = lookup.get((option.label, w.id))
            count = None if r is None or v(r["value"]) is None else round(float(r["value"]) * int(r["n"]))
            cells.append(fmt.cell(count, kind="count"))
        rows.append(Row(cells=tuple(cells)))
    side_text = t(f"{side}s", lang).lower() if side else t("employees", lang).lower() + " og " + \
        t("leaders", lang).lower() if lang == "da" else "all"
    return [Table(key=f"functions_{item}_{group}", caption=t("blk_cap_functions", lang, side=side_text),
                  rows=tuple(rows), notes=(t("blk_note_functions", lang),),
                  column_widths=(7.0,) + (2.2,) * len(wave_list))]


@block("coded-waves-table")
def coded_waves_table(ctx: BlockContext, *, question: str, waves: list[str] | None = None,
                      sides: list[Literal["employee", "leader"]] | None = None, groups: bool = True,
                      essence: bool = True) -> list:
    """A coded open question over several waves: 'Anført af X ud af Y' per side in each wave, code-group rows."""
    project, fmt, lang = ctx.project, ctx.fmt, ctx.lang
    q = next((c for c in project.coded if c.id == question), None)
    if q is None:
        raise ValueError(f"unknown coded question {question!r} (known: {', '.join(c.id for c in project.coded)})")
    coded = ctx.tables.get("coded")
    df = coded[coded["question"] == question] if coded is not None and "question" in coded.columns else None
    if df is None or df.empty:
        raise ValueError(f"coded question {question!r} has no answers")
    wave_list = [w for w in check_waves(project, waves) if (df["wave"].astype(str) == w.id).any()]
    present = set(df["group"].astype(str))
    side_list = list(sides) if sides is not None else [s for s in SIDES if s in present]
    for s in side_list:
        if s not in present:
            raise ValueError(f"coded question {question!r}: no respondents on side {s!r}")
    lookup = {(str(r["code"]), str(r["group"]), str(r["wave"])): r for _, r in df.iterrows()}
    header = [head(t("blk_barrier", lang), align="left")] + ([head(t("blk_essence", lang), align="left")]
                                                             if essence else [])
    header += [head(w.label, align="left") for w in wave_list]
    rows = [Row(cells=tuple(header), kind="header")]
    last = wave_list[-1].id
    total_last = {c.code: sum(int(lookup[(c.code, s, last)]["value"]) for s in side_list if (c.code, s, last) in lookup)
                  for c in q.codes}
    order = sorted(q.codes, key=lambda c: (-total_last[c.code], sort_key(c.label)))
    blocks = [("", order)]
    if groups and any(c.group for c in q.codes):
        names = list(dict.fromkeys(c.group for c in q.codes))
        blocks = [(g, [c for c in order if c.group == g]) for g in names]
    width = len(header)
    for group_name, codes in blocks:
        if group_name:
            rows.append(Row(cells=(label(group_name, status="group", span=width),), kind="group"))
        for c in codes:
            cells = [label(c.label)] + ([label(c.essence)] if essence else [])
            for w in wave_list:
                parts = []
                for s in side_list:
                    r = lookup.get((c.code, s, w.id))
                    if r is not None:
                        parts.append(t("blk_coded_cell", lang, x=fmt.count(r["value"]), y=fmt.count(r["n"]),
                                       side=t(f"{s}s", lang).lower()))
                cells.append(Cell(text=" ".join(parts), align="left"))
            rows.append(Row(cells=tuple(cells)))
    widths = ((4.0, 5.5) if essence else (5.5,)) + ((6.5 if essence else 10.5) / max(len(wave_list), 1),) * len(wave_list)
    return [Table(key=f"coded_waves_{question}", caption=t("blk_cap_coded_waves", lang, title=q.title),
                  rows=tuple(rows), notes=(t("blk_note_coded_waves", lang),), column_widths=widths)]
