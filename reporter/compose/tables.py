"""Metric tables → model tables (response, method, power-ranking, fidelity mean, indicators, barriers).

Every number shown is formatted here, once, from the exact metric value; sorting of names uses
Danish collation; statuses come from the metrics' change classification.
"""

from __future__ import annotations

import pandas as pd

from reporter.compose import participation, wording
from reporter.compose.cells import Formatter, head, label
from reporter.config import Project
from reporter.model import Cell, Row, Table
from reporter.text.collation import sort_key
from reporter.text.strings import t

SIDE_GROUPS = ("employee", "leader", "samlet")
ROLE_GROUPS_PER_TABLE = 3      # indicator tables by role: roles (and Total) per table
INDICES_PER_TABLE = 4          # indicator tables by municipality: indices per table


def _lookup(df: pd.DataFrame, keys: list[str]) -> dict[tuple, pd.Series]:
    """Index rows of a tidy metric table by a tuple of key columns."""
    return {tuple(row[k] for k in keys): row for _, row in df.iterrows()}


def flag(value: object) -> bool:
    """A boolean metric column's value (Python or NumPy bool); missing counts as False."""
    return False if value is None or (isinstance(value, float) and value != value) else bool(value)


def _status(row: pd.Series | None) -> str | None:
    if row is None or "status" not in row.index:
        return None
    value = row["status"]
    return value if isinstance(value, str) else None


def _wave_header(project: Project, groups: list[str], first: str) -> tuple[Row, Row]:
    waves = project.waves
    top = Row(cells=(head("", align="left"),) + tuple(head(g, span=len(waves)) for g in groups), kind="header")
    sub = Row(cells=(head(first, align="left"),) + tuple(head(w.label) for _ in groups for w in waves), kind="header")
    return top, sub


def response_table(project: Project, responses: pd.DataFrame, fmt: Formatter) -> Table:
    """Respondents per reporting role × wave, with a Total row and the response rate."""
    lang = project.language
    rows = [Row(cells=(head(t("role_group", lang), align="left"),) + tuple(head(w.table_label) for w in project.waves),
                kind="header")]
    data = _lookup(responses[responses["municipality"] == "total"], ["group", "wave"])
    for role in project.roles:
        cells = [label(role.label)]
        for w in project.waves:
            row = data.get((role.id, w.id))
            cells.append(fmt.cell(row["value"] if row is not None else 0, kind="count"))
        rows.append(Row(cells=tuple(cells)))
    total = [label(t("total", lang))]
    rate = [label(t("response_rate", lang))]
    for w in project.waves:
        row = data.get(("total", w.id))
        total.append(fmt.cell(row["value"] if row is not None else 0, kind="count"))
        rate.append(fmt.cell(row["rate"] if row is not None and "rate" in row.index else None, kind="percent"))
    rows.append(Row(cells=tuple(total), kind="total"))
    if any(c.text for c in rate[1:]):
        rows.append(Row(cells=tuple(rate)))
    return Table(key="responses", caption=t("cap_responses", lang), rows=tuple(rows),
                 column_widths=(6.0,) + (3.0,) * len(project.waves))


def method_table(project: Project) -> Table:
    """Core element → indicator → questions (the operationalisation of the fidelity measure)."""
    lang = project.language
    rows = [Row(cells=(head(t("core_element", lang), align="left"), head(t("indicator", lang), align="left"),
                       head(t("questions", lang), align="left")), kind="header")]
    for track in project.tracks:
        rows.append(Row(cells=(label(track.label, status="group", span=3),), kind="group"))
        for core in track.core_elements:
            for index in core.indices:
                employee = index.items
                leader_extra = [i for i in index.items_for("leader") if i not in employee]
                texts = [f"“{project.item(i).text}”" for i in employee]
                texts += [f"“{project.item(i).text}” ({t('leaders_only', lang)})" for i in leader_extra]
                rows.append(Row(cells=(label(f"{core.id}. {core.label}"), label(index.label),
                                       label("\n".join(texts)))))
    return Table(key="method", caption=t("cap_method", lang), rows=tuple(rows), column_widths=(4.5, 4.0, 7.5),
                 notes=(t("note_method", lang, first=wording.scale_ends(project)[0], last=wording.scale_ends(project)[1]),))


def _side_labels(lang: str) -> list[str]:
    return [t("employee", lang), t("leader", lang), t("samlet", lang)]


def _sorted_municipalities(df: pd.DataFrame, last_wave: str) -> list[str]:
    """Municipalities sorted by Samlet in the last wave, descending; blanks last; ties by Danish name."""
    names = [m for m in df["municipality"].astype(str).unique() if m != "total"]
    # a suppressed Samlet sorts with the blanks: its position would reveal the hidden value
    samlet = {r["municipality"]: (None if flag(r.get("suppressed")) else r["value"]) for _, r in
              df[(df["group"] == "samlet") & (df["wave"] == last_wave)].iterrows()}

    def key(name: str):
        value = samlet.get(name)
        missing = value is None or pd.isna(value)
        return (missing, 0.0 if missing else -round(float(value), 12), sort_key(name))

    return sorted(names, key=key)


def side_table(project: Project, metric: pd.DataFrame, fmt: Formatter, *, key: str, caption: str,
               kind: str, notes: tuple[str, ...], total_row: bool) -> Table:
    """Municipality × (employee, leader, samlet) × wave table (power-ranking, fidelity mean)."""
    lang = project.language
    last = project.waves[-1].id
    top, sub = _wave_header(project, _side_labels(lang), t("municipality", lang))
    data = _lookup(metric, ["municipality", "group", "wave"])
    rows = [top, sub]

    def value_cells(name: str) -> tuple[Cell, ...]:
        cells = []
        for group in SIDE_GROUPS:
            for w in project.waves:
                row = data.get((name, group, w.id))
                value = None if row is None else row["value"]
                status = _status(row) if (group == "samlet" and w.id == last) else None
                suppressed = row is not None and flag(row.get("suppressed"))
                cells.append(fmt.cell(value, kind=kind, status=status, suppressed=suppressed))
        return tuple(cells)

    waves = [w.id for w in project.waves] * len(SIDE_GROUPS)
    for name in _sorted_municipalities(metric, last):
        rows.append(Row(cells=(label(name),) + value_cells(name)))
    if total_row:
        rows.append(Row(cells=(label(t("total", lang)),) + value_cells("total"), kind="total"))
    widths = (3.4,) + (1.4,) * (3 * len(project.waves))
    notes = participation_notes(project, notes, [(r.cells[0].text, r.cells[1:]) for r in rows[2:] if r.kind == "body"],
                                waves)
    return Table(key=key, caption=caption, rows=tuple(rows), notes=notes, legend=True, column_widths=widths)


def participation_notes(project: Project, notes: tuple[str, ...], body: list[tuple[str, tuple[Cell, ...]]],
                        waves: list[str | None]) -> tuple[str, ...]:
    """A municipality table's notes with the sentence on who left when; the 'blank means no answers' note only
    when a blank remains that is not a wave the municipality did not take part in. ``body`` pairs each row's
    municipality with its value cells, ``waves`` names the wave of each value column (None: no wave)."""
    blank = t("note_blank", project.language)
    other_blank = any(c.status == "missing" and not (w is not None and participation.absent(project, name, w))
                      for name, cells in body for c, w in zip(cells, waves))
    out = [n for n in notes if other_blank or n != blank]
    left = participation.table_note(project)
    if left and any(participation.absent(project, name, w) for name, _ in body for w in waves if w is not None):
        out.append(left)
    return tuple(out)


def indicator_role_tables(project: Project, indicator: pd.DataFrame, fmt: Formatter, min_n=None,
                          per_table: int = ROLE_GROUPS_PER_TABLE) -> list[Table]:
    """Indicator tables by reporting role (and Total), three groups per table, grouped under track rows."""
    lang = project.language
    last = project.waves[-1].id
    groups = [(r.id, r.label) for r in project.roles] + [("total", t("total", lang))]
    data = _lookup(indicator, ["group", "wave", "index"])
    tables = []
    for start in range(0, len(groups), per_table):
        chunk = groups[start:start + per_table]
        top, sub = _wave_header(project, [g[1] for g in chunk], t("indicator", lang))
        rows = [top, sub]
        for track in project.tracks:
            rows.append(Row(cells=(label(track.label, status="group", span=1 + len(chunk) * len(project.waves)),),
                            kind="group"))
            for core in track.core_elements:
                for index in core.indices:
                    cells = [label(index.label)]
                    for gid, _ in chunk:
                        for w in project.waves:
                            row = data.get((gid, w.id, index.id))
                            value = None if row is None else row["value"]
                            small = row is not None and row.get("respondents", 0) < project.min_n_for(gid)
                            status = _status(row) if w.id == last else None
                            cells.append(fmt.cell(value, status=status, suppressed=bool(small)))
                    rows.append(Row(cells=tuple(cells)))
        names = ", ".join(g[1] for g in chunk)
        tables.append(Table(key=f"indicator_role_{start // per_table + 1}",
                            caption=t("cap_indicator_role", lang, groups=names), rows=tuple(rows), legend=True,
                            column_widths=(5.2,) + (1.2,) * (len(chunk) * len(project.waves)),
                            notes=(t("note_indicator", lang, top=wording.top_options(project)),)))
    return tables


def indicator_municipality_tables(project: Project, indicator: pd.DataFrame, fmt: Formatter, min_n=None,
                                  per_table: int = INDICES_PER_TABLE) -> list[Table]:
    """Indicator tables by municipality (Total row first, Danish alphabetical order), four indices per table."""
    lang = project.language
    last = project.waves[-1].id
    indices = project.indices()
    data = _lookup(indicator, ["municipality", "wave", "index"])
    names = sorted((m.name for m in project.municipalities), key=sort_key)
    tables = []
    for start in range(0, len(indices), per_table):
        chunk = indices[start:start + per_table]
        top, sub = _wave_header(project, [f"{c.id}" for _, c, _ in chunk], t("municipality", lang))
        top = Row(cells=(head("", align="left"),) + tuple(head(x.label, span=len(project.waves)) for _, _, x in chunk),
                  kind="header")
        rows = [top, sub]
        for name in ["total"] + names:
            cells = [label(t("total", lang) if name == "total" else name)]
            for _, _, index in chunk:
                for w in project.waves:
                    row = data.get((name, w.id, index.id))
                    value = None if row is None else row["value"]
                    small = (row is not None and name != "total"
                             and row.get("respondents", 0) < project.min_n_for("total"))
                    status = _status(row) if w.id == last else None
                    cells.append(fmt.cell(value, status=status, suppressed=bool(small)))
            rows.append(Row(cells=tuple(cells), kind="total" if name == "total" else "body"))
        tracks = sorted({tr.label for tr, _, _ in chunk}, key=lambda s: [x.label for x in project.tracks].index(s))
        waves = [w.id for w in project.waves] * len(chunk)
        notes = participation_notes(project, (t("note_indicator", lang, top=wording.top_options(project)),),
                                    [(r.cells[0].text, r.cells[1:]) for r in rows[3:]], waves)
        tables.append(Table(key=f"indicator_municipality_{start // per_table + 1}",
                            caption=t("cap_indicator_municipality", lang, tracks=" og ".join(tracks)
                                      if lang == "da" else " and ".join(tracks)),
                            rows=tuple(rows), legend=True,
                            column_widths=(3.4,) + (1.05,) * (len(chunk) * len(project.waves)),
                            notes=notes))
    return tables


def coded_tables(project: Project, coded: pd.DataFrame, fmt: Formatter) -> list[Table]:
    """Barrier lists: one row per code, 'X ud af Y' per side in the last wave it was asked, sorted by count."""
    lang = project.language
    tables = []
    for question in project.coded:
        df = coded[coded["question"] == question.id] if "question" in coded.columns else coded.iloc[0:0]
        if df.empty:
            continue
        last_wave = [w for w in project.wave_ids if w in set(df["wave"].astype(str))][-1]
        df = df[df["wave"].astype(str) == last_wave]
        sides = [s for s in ("employee", "leader") if s in set(df["group"].astype(str))]
        header = Row(cells=(head(t("barrier", lang), align="left"), head(t("essence", lang), align="left"))
                     + tuple(head(t(f"{s}s", lang)) for s in sides), kind="header")
        by_code = _lookup(df, ["code", "group"])
        catalogue = {c.code: c for c in question.codes}
        totals = df.groupby("code", observed=True)["value"].sum().to_dict()
        order = sorted(catalogue, key=lambda c: (-totals.get(c, 0), sort_key(catalogue[c].label)))
        rows = [header]
        for code in order:
            if totals.get(code, 0) == 0:
                continue
            cells = [label(catalogue[code].label), label(catalogue[code].essence)]
            for s in sides:
                row = by_code.get((code, s))
                if row is None:
                    cells.append(Cell(text="", status="missing"))
                else:
                    cells.append(Cell(text=t("x_of_y", lang, x=fmt.count(row["value"]), y=fmt.count(row["n"])),
                                      value=float(row["value"])))
            rows.append(Row(cells=tuple(cells)))
        wave = project.wave(last_wave)
        tables.append(Table(key=f"coded_{question.id}", caption=t("cap_coded", lang, title=question.title,
                                                                  wave=wave.prose),
                            rows=tuple(rows), column_widths=(4.0, 7.0) + (2.5,) * len(sides),
                            notes=(t("note_coded", lang),)))
    return tables
