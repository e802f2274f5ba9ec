"""What ``reporter validate`` prints: respondents per reporting role x wave, response rates, items,
municipalities per wave and the warnings."""

from __future__ import annotations

import math

import pandas as pd
from rich.console import Console
from rich.table import Table

from reporter.config.models import Project
from reporter.data.schema import Survey

TOTAL = "Total"


def summary_table(project: Project, survey: Survey) -> pd.DataFrame:
    """Respondents per reporting role (rows, role labels) x wave (columns, wave table labels) with a Total row."""
    counts = (survey.respondents.groupby(["role", "wave"], observed=False).size()
              .unstack("wave").reindex(index=[r.id for r in project.roles], columns=project.wave_ids).fillna(0)
              .astype(int))
    counts.loc[TOTAL] = counts.sum(axis=0)
    counts.index = [project.role(r).label for r in counts.index[:-1]] + [TOTAL]
    counts.columns = [project.wave(w).table_label for w in counts.columns]
    counts.index.name = "Rolle"
    counts.columns.name = None
    return counts


def response_rates(project: Project, survey: Survey) -> dict[str, float | None]:
    """Respondents / invited per wave id (None where ``invited`` is not set)."""
    n = survey.respondents["wave"].value_counts()
    return {w.id: (int(n.get(w.id, 0)) / w.invited if w.invited else None) for w in project.waves}


def municipalities_per_wave(project: Project, survey: Survey) -> dict[str, tuple[int, int]]:
    """Per wave id: (municipalities with respondents, municipalities taking part according to the config)."""
    seen = survey.respondents.groupby("wave", observed=False)["municipality"].nunique()
    out = {}
    for w in project.waves:
        expected = sum(1 for m in project.municipalities if w.id in project.municipality_waves(m.name))
        out[w.id] = (int(seen.get(w.id, 0)), expected)
    return out


def _percent(share: float) -> str:
    """Whole percent, rounded half away from zero, Danish style."""
    return f"{int(math.floor(share * 100 + 0.5))} %"


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _instrument_text(ins) -> str:
    """'WHO-5 (5 spørgsmål, score 0–100)': the instrument, its items and the range of its score."""
    low, high = ins.score_range
    span = f"{low:g}–{high:g}".replace(".", ",")
    return f"{ins.name} ({len(ins.items)} spørgsmål, score {span})"


def print_summary(console: Console, project: Project, survey: Survey) -> None:
    """Print the validation summary of a loaded project."""
    counts = summary_table(project, survey)
    table = Table(title=f"{project.name}: respondenter pr. rolle og måling", title_justify="left")
    table.add_column("Rolle")
    for column in counts.columns:
        table.add_column(str(column), justify="right")
    for label, row in counts.iterrows():
        is_total = label == TOTAL
        cells = [_thousands(int(v)) for v in row]
        if is_total:
            table.add_section()
            table.add_row(f"[bold]{label}[/]", *(f"[bold]{c}[/]" for c in cells))
        else:
            table.add_row(str(label), *cells)
    rates = response_rates(project, survey)
    if any(r is not None for r in rates.values()):
        table.add_row("Svarprocent", *(_percent(rates[w]) if rates[w] is not None else "" for w in project.wave_ids))
    console.print(table)

    items = project.items
    kinds = pd.Series([project.scales[i.scale].kind for i in items]).value_counts()
    kind_text = ", ".join(f"{n} {k}" for k, n in kinds.items())
    fidelity = (len(project.fidelity_items("employee")), len(project.fidelity_items("leader")))
    fidelity_text = f"; fidelitetsspørgsmål: {fidelity[0]} medarbejder / {fidelity[1]} leder" if any(fidelity) else ""
    console.print(f"Spørgsmål: {len(items)} ({kind_text}){fidelity_text}")
    if project.instruments:
        console.print("Måleredskaber: " + "; ".join(_instrument_text(ins) for ins in project.instruments),
                      highlight=False)
    munis = municipalities_per_wave(project, survey)
    console.print("Kommuner pr. måling: " + ", ".join(
        f"{project.wave(w).label} {seen}" + (f" af {expected}" if seen != expected else "")
        for w, (seen, expected) in munis.items()))
    console.print(f"Svar i alt: {_thousands(survey.answer_count)} rækker; kodede åbne svar: {_thousands(len(survey.codes))}")
    if project.data.panel:
        per_person = survey.respondents.groupby("respondent", sort=False).size()
        console.print(f"Panel: {_thousands(len(per_person))} personer; {_thousands(int((per_person >= 2).sum()))} "
                      f"med mindst to målinger, {_thousands(int((per_person == 1).sum()))} med kun én")
    if survey.register is not None and project.register is not None:
        counts = survey.register.persons["group"].value_counts()
        groups = ", ".join(f"{g.label} {_thousands(int(counts.get(g.code, 0)))}" for g in project.register.groups)
        periods = survey.register.periods
        console.print(f"Registerdata: personer pr. gruppe: {groups}; "
                      f"{_thousands(0 if periods is None else len(periods))} rækker pr. person og periode")
    if survey.costs is not None:
        lines = survey.costs.lines
        phases = lines["phase"].value_counts()
        municipalities = lines["municipality"].nunique()
        budget = "" if survey.costs.budget is None else f"; budgetlinjer: {_thousands(len(survey.costs.budget))}"
        console.print(f"Omkostninger: {_thousands(int(phases.get('establishment', 0)))} etablerings- og "
                      f"{_thousands(int(phases.get('operation', 0)))} driftslinjer for {municipalities} kommuner"
                      f"{budget}", highlight=False)
    if survey.warnings:
        console.print(f"[yellow]{len(survey.warnings)} advarsel(er):[/]")
        for warning in survey.warnings:
            console.print(f"  • {warning}", highlight=False, markup=False)
    else:
        console.print("[green]Ingen advarsler.[/]")
