"""Register metric tables → document blocks (tables and figures of the register chapter).

Every builder has the block signature ``(project, tables, fmt, **params) -> Table | Figure``: ``tables`` is
the ``compute_all`` output (the ``register_*`` tables, see :mod:`reporter.metrics.register_compute`),
``fmt`` the document's :class:`~reporter.compose.cells.Formatter`; keyword parameters choose what to show.
The first docstring line of each builder describes the block (for the template block registry).
Printed numbers are formatted from the metric values here and nowhere else.
"""

from __future__ import annotations

import math
import re

import pandas as pd

from reporter.compose.cells import Formatter, head, label
from reporter.config import Project
from reporter.model import Cell, Figure, Paragraph, Row, Section, Series, Table
from reporter.text.numbers import fmt_number
from reporter.text.strings import join_list, t

TOTAL = "total"


# ---------------------------------------------------------------------------------------------- helpers

def _v(value) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


def _reg(project: Project):
    if project.register is None:
        raise ValueError("the project has no register: section")
    return project.register


def _table(tables: dict[str, pd.DataFrame], name: str) -> pd.DataFrame:
    try:
        return tables[name]
    except KeyError:
        raise ValueError(f"metric table {name!r} is missing: compute_all with a register section makes it") from None


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def _segment_label(project: Project, segment: str) -> str:
    return t("reg_all", project.language) if segment == TOTAL else segment


def _group_role(project: Project, code: str) -> str:
    return next((g.role for g in _reg(project).groups if g.code == code), "")


def _value_text(fmt: Formatter, value: float | None, hours: bool) -> str:
    return fmt.number(value, 1) if hours else fmt.percent(value)


def _p_text(fmt: Formatter, p: float | None) -> str:
    if p is None or not math.isfinite(p):
        return ""
    return f"<{fmt.number(0.001, 3)}" if p < 0.001 else fmt.number(p, 3)


_REASONS = (  # metric tables keep a plain reason; the document says it in the project's language
    (re.compile(r"^outcome has no variation"), "reg_reason_no_variation"),
    (re.compile(r"^only one group has persons"), "reg_reason_one_group"),
    (re.compile(r"^design is singular"), "reg_reason_singular"),
    (re.compile(r"^perfect separation"), "reg_reason_separation"),
    (re.compile(r"^did not converge"), "reg_reason_no_convergence"),
    (re.compile(r"^too few events \((?P<n>\d+)"), "reg_reason_few_events"),
    (re.compile(r"^too few municipalities \((?P<n>\d+)"), "reg_reason_few_municipalities"),
    (re.compile(r"(does not vary)$"), "reg_reason_no_spread"),
    (re.compile(r"^no survey predictors"), "reg_reason_no_predictors"),
    (re.compile(r"^no persons"), "reg_reason_no_persons"),
    (re.compile(r"^no events"), "reg_reason_no_events"),
    (re.compile(r"^not fitted"), "reg_reason_not_fitted"),
)


def reason_text(reason: str, lang: str) -> str:
    """A metric table's reason for a blank estimate, in the document's language."""
    for pattern, key in _REASONS:
        match = pattern.search(reason)
        if match:
            return t(key, lang, **{k: v for k, v in match.groupdict().items()})
    return reason


def _unit_title(project: Project) -> str:
    reg = _reg(project)
    return t("reg_weeks_since_start" if reg.unit == "week" else "reg_months_since_start", project.language)


def _default_groups(project: Project) -> list[str]:
    reg = _reg(project)
    return [g.code for g in reg.groups if g.role in ("intervention", "comparison")]


# ---------------------------------------------------------------------------------------------- figures

def outcome_lines(project: Project, tables: dict[str, pd.DataFrame], fmt: Formatter, *, outcome: str,
                  groups: list[str] | None = None, segment: str = TOTAL, by_segment: bool = False,
                  municipality: str = TOTAL, key: str | None = None, caption: str | None = None) -> Figure:
    """Line chart of an outcome week by week since start: solid = intervention, dashed = comparison."""
    reg = _reg(project)
    lang = project.language
    spec = reg.outcome(outcome)
    data = _table(tables, "register_outcomes")
    data = data[(data["outcome"] == outcome) & (data["municipality"] == municipality)]
    groups = groups or _default_groups(project)
    segments = [s for s in data["segment"].unique() if s != TOTAL] if by_segment else [segment]
    periods = list(range(1, reg.periods + 1))
    series = []
    for seg in segments:
        for code in groups:
            sub = data[(data["group"] == code) & (data["segment"] == seg)].set_index("period")["value"]
            values = tuple(_v(sub.get(p)) for p in periods)
            name = seg if by_segment else reg.group_label(code)
            series.append(Series(name=name, values=values, labels=tuple(_value_text(fmt, v, spec.hours) for v in values),
                                 group=reg.group_label(code), role=_group_role(project, code)))
    group_text = join_list([reg.group_label(g) for g in groups], lang)
    roles = {s.role for s in series}
    notes = []
    if {"intervention", "comparison"} <= roles:
        notes.append(t("reg_note_lines", lang, intervention=join_list([reg.group_label(g) for g in groups
                       if _group_role(project, g) == "intervention"], lang),
                       comparison=join_list([reg.group_label(g) for g in groups
                                             if _group_role(project, g) == "comparison"], lang)))
    summary = "; ".join(f"{s.name} ({s.group}): {t('reg_week', lang)} 1 {s.labels[0] or '–'}, "
                        f"{t('reg_week', lang)} {periods[-1]} {s.labels[-1] or '–'}" for s in series)
    return Figure(
        key=key or f"fig_reg_{outcome}_{segment}{'_seg' if by_segment else ''}",
        caption=caption or t("reg_cap_outcome_lines", lang, outcome=spec.label, groups=group_text),
        kind="line", categories=tuple(str(p) for p in periods), series=tuple(series),
        alt_text=t("reg_alt_lines", lang, unit=_lower_first(_unit_title(project)), summary=summary),
        notes=tuple(notes), value_format="number" if spec.hours else "percent",
        x_title=_unit_title(project), y_title=t("reg_hours" if spec.hours else "reg_share", lang),
    )


def km_figure(project: Project, tables: dict[str, pd.DataFrame], fmt: Formatter, *, event: str,
              groups: list[str] | None = None, key: str | None = None, caption: str | None = None) -> Figure:
    """Kaplan-Meier step curves with 95 % bands: share still without the event, per group."""
    reg = _reg(project)
    lang = project.language
    spec = reg.event(event)
    km = _table(tables, "register_km")
    medians = _table(tables, "register_km_median")
    groups = groups or _default_groups(project)
    series, median_texts = [], []
    times: list[int] = list(range(0, reg.periods + 1))
    for code in groups:
        sub = km[(km["event"] == event) & (km["group"] == code)].set_index("time")
        if sub.empty:
            continue
        values = tuple(_v(sub["survival"].get(x)) for x in times)
        series.append(Series(
            name=reg.group_label(code), values=values, labels=tuple(fmt.percent(v) for v in values),
            group=reg.group_label(code), role=_group_role(project, code),
            lower=tuple(_v(sub["lower"].get(x)) for x in times), upper=tuple(_v(sub["upper"].get(x)) for x in times)))
        m = medians[(medians["event"] == event) & (medians["group"] == code)]
        median = _v(m["median"].iloc[0]) if len(m) else None
        unit = t("reg_week", lang).lower()
        median_texts.append(f"{reg.group_label(code)} {unit} {fmt.number(median, 0)}" if median is not None
                            else f"{reg.group_label(code)} {t('reg_median_not_reached', lang)}")
    summary = "; ".join(f"{s.name}: {t('reg_week', lang)} {times[-1]} {s.labels[-1]}" for s in series)
    return Figure(
        key=key or f"fig_reg_km_{event}", caption=caption or t("reg_cap_km", lang, event=_lower_first(spec.label)),
        kind="km", categories=tuple(str(x) for x in times), series=tuple(series),
        alt_text=t("reg_alt_km", lang, event=_lower_first(spec.label), summary=summary),
        notes=(t("reg_note_km", lang, medians="; ".join(median_texts)),), value_format="percent", value_max=1.0,
        x_title=_unit_title(project), y_title=t("reg_without_event", lang, event=_lower_first(spec.label)),
    )


def _effect_rows(project: Project, tables: dict[str, pd.DataFrame], model: str, outcomes: list[str] | None,
                 segments: list[str] | None) -> pd.DataFrame:
    reg = _reg(project)
    eff = _table(tables, "register_effects")
    eff = eff[(eff["model"] == model) & (eff["term"] == "intervention")]
    if outcomes is None:
        outcomes = [e for e in dict.fromkeys(eff["outcome"])
                    if model != "ols" or e not in {o.id for o in reg.outcomes if o.hours}]
        main = reg.effects.outcome if reg.effects is not None else None
        if main in outcomes:   # the main outcome first
            outcomes = [main] + [o for o in outcomes if o != main]
    if segments is None:
        segments = list(dict.fromkeys(eff["segment"]))
    rows = [eff[(eff["outcome"] == o) & (eff["segment"] == s)] for o in outcomes for s in segments]
    rows = [r for r in rows if len(r)]
    return pd.concat(rows, ignore_index=True) if rows else eff.iloc[0:0]


def _effect_label(project: Project, row, one_outcome: bool, one_segment: bool) -> str:
    reg = _reg(project)
    ids = {o.id: o.label for o in reg.outcomes} | {e.id: e.label for e in reg.events}
    outcome = ids.get(row["outcome"], row["outcome"])
    segment = _segment_label(project, row["segment"])
    if one_segment:
        return outcome
    return segment if one_outcome else f"{outcome} – {segment}"


def _effect_figure(project, tables, fmt, model, outcomes, segments, key, caption, kind) -> Figure:
    reg = _reg(project)
    lang = project.language
    rows = _effect_rows(project, tables, model, outcomes, segments)
    one_outcome = rows["outcome"].nunique() <= 1
    one_segment = rows["segment"].nunique() <= 1
    categories, values, lower, upper, labels, failed = [], [], [], [], [], []
    for _, row in rows.iterrows():
        name = _effect_label(project, row, one_outcome, one_segment)
        categories.append(name)
        est = _v(row["estimate"])
        values.append(est)
        lower.append(_v(row["lower"]))
        upper.append(_v(row["upper"]))
        if est is None:
            labels.append("")
            failed.append(f"{name} ({reason_text(row['reason'], lang)})")
        elif model == "ols":
            labels.append(fmt.pp(est) + row["stars"] if not _is_hours(project, row["outcome"])
                          else fmt.number(est, 2) + row["stars"])
        else:
            labels.append(fmt.number(est, 2) + row["stars"])
    inter = join_list([reg.group_label(g) for g in reg.group_codes("intervention")], lang)
    comp = join_list([reg.group_label(g) for g in reg.group_codes("comparison")], lang)
    eff = reg.effects
    period = eff.period if eff and eff.period is not None else ""
    if caption is None:
        if model == "ols":
            caption = t("reg_cap_effects", lang, intervention=inter, comparison=comp, period=period)
        elif model == "logit":
            caption = t("reg_cap_odds", lang, intervention=inter, comparison=comp, period=period)
        else:
            event = reg.event(eff.event).label if eff and eff.event else ""
            caption = t("reg_cap_hazard", lang, event=_lower_first(event), intervention=inter, comparison=comp)
    notes = [t("reg_note_stars", lang)]
    if eff is not None:
        covs = [reg.background_of(c).label.lower() for c in eff.covariates]
        notes.append(t("reg_note_ols", lang, covariates=join_list(covs, lang)) if covs and model == "ols"
                     else t("reg_note_unadjusted", lang) if model == "ols" else "")
    if failed:
        notes.append(t("reg_note_not_fitted", lang, items="; ".join(failed)))
    series = Series(name=t({"ols": "reg_difference", "logit": "reg_odds_ratio", "cox": "reg_hazard_ratio"}[model], lang),
                    values=tuple(values),
                    labels=tuple(labels), lower=tuple(lower), upper=tuple(upper))
    summary = ", ".join(f"{c} {lab or '–'}" for c, lab in zip(categories, labels))
    return Figure(
        key=key or f"fig_reg_{model}", caption=caption, kind=kind, categories=tuple(categories), series=(series,),
        alt_text=t("reg_alt_effects", lang, summary=summary), notes=tuple(n for n in notes if n),
        value_format="pp" if model == "ols" else "number", reference=0.0 if model == "ols" else 1.0,
        log_scale=model != "ols", height=max(4.5, 1.6 + 1.15 * len(categories)),
    )


def _is_hours(project: Project, outcome_id: str) -> bool:
    return any(o.id == outcome_id and o.hours for o in _reg(project).outcomes)


def effects_figure(project: Project, tables: dict[str, pd.DataFrame], fmt: Formatter, *,
                   outcomes: list[str] | None = None, segments: list[str] | None = None,
                   key: str | None = None, caption: str | None = None) -> Figure:
    """Effect bars: difference in pct.-points (OLS, robust SE) with 95 % CI whiskers and stars."""
    return _effect_figure(project, tables, fmt, "ols", outcomes, segments, key, caption, "effect_bar")


def odds_ratio_figure(project: Project, tables: dict[str, pd.DataFrame], fmt: Formatter, *,
                      model: str = "logit", outcomes: list[str] | None = None, segments: list[str] | None = None,
                      key: str | None = None, caption: str | None = None) -> Figure:
    """Ratio bars around 1 (odds ratios from logit, or hazard ratios with model="cox"), CI whiskers, stars."""
    if model not in ("logit", "cox"):
        raise ValueError(f"model must be 'logit' or 'cox', not {model!r}")
    return _effect_figure(project, tables, fmt, model, outcomes, segments, key, caption, "ratio_bar")


def equation_text(fmt: Formatter, slope: float, intercept: float, r2: float, lang: str) -> str:
    """'y = 0,0514x + 0,5811, R² = 0,0779' (four decimals, Danish decimal comma)."""
    return t("reg_equation", lang, slope=fmt_number(slope, 4, lang), sign="-" if intercept < 0 else "+",
             intercept=fmt_number(abs(intercept), 4, lang), r2=fmt_number(r2, 4, lang))


def fidelity_scatter(project: Project, tables: dict[str, pd.DataFrame], fmt: Formatter, *, outcome: str,
                     key: str | None = None, caption: str | None = None) -> Figure:
    """Scatter of fidelity against an outcome per municipality, with the OLS line, its equation and R²."""
    reg = _reg(project)
    lang = project.language
    spec = reg.outcome(outcome)
    points = _table(tables, "register_fidelity")
    points = points[points["outcome"] == outcome]
    line = _table(tables, "register_fidelity_line")
    line = line[line["outcome"] == outcome]
    fit, annotation, notes = None, "", []
    if len(line) and _v(line["slope"].iloc[0]) is not None:
        r = line.iloc[0]
        fit = (float(r["slope"]), float(r["intercept"]))
        annotation = equation_text(fmt, r["slope"], r["intercept"], r["r2"], lang)
    elif len(line):
        notes.append(t("reg_note_not_fitted", lang, items=reason_text(str(line["reason"].iloc[0]), lang)))
    series = Series(name=spec.label, values=tuple(_v(v) for v in points["y"]),
                    labels=tuple(str(m) for m in points["municipality"]), x=tuple(_v(v) for v in points["x"]))
    return Figure(
        key=key or f"fig_reg_scatter_{outcome}",
        caption=caption or t("reg_cap_scatter", lang, outcome=_lower_first(spec.label)),
        kind="scatter", categories=(), series=(series,),
        alt_text=t("reg_alt_scatter", lang, equation=annotation or "–"), notes=tuple(notes),
        value_format="number" if spec.hours else "percent", x_title=t("reg_fidelity_axis", lang),
        y_title=spec.label, fit_line=fit, annotation=annotation,
    )


# ---------------------------------------------------------------------------------------------- tables

def regression_table(project: Project, tables: dict[str, pd.DataFrame], fmt: Formatter, *,
                     outcomes: list[str] | None = None, segments: list[str] | None = None,
                     blank_insignificant: bool = False, digits: int = 2, key: str = "tab_reg_regression",
                     caption: str | None = None) -> Table:
    """Regression table: coefficient and p-value per term, R²; bold = significant at 5 %, italic = 10 %."""
    reg = _reg(project)
    lang = project.language
    data = _table(tables, "register_regression")
    outcomes = outcomes or [o for o in dict.fromkeys(data["outcome"]) if not _is_hours(project, o)]
    segments = segments or [s for s in dict.fromkeys(data["segment"]) if s != TOTAL] or [TOTAL]
    columns = [(s, o) for s in segments for o in outcomes]
    rows = [Row(kind="header", cells=(head(t("reg_variable", lang), align="left"),)
                + tuple(head(_segment_label(project, s), span=2 * len(outcomes)) for s in segments)),
            Row(kind="header", cells=(head(""),) + tuple(head(reg.outcome(o).label, span=2) for _, o in columns)),
            Row(kind="header", cells=(head(""),) + tuple(c for _ in columns for c in
                                                         (head(t("reg_coefficient", lang)), head(t("reg_p_value", lang)))))]
    terms = [x for x in dict.fromkeys(data["term"]) if x != "r2"]
    for term in terms:
        cells = [label(t(f"reg_term_{term}", lang))]
        for s, o in columns:
            r = data[(data["segment"] == s) & (data["outcome"] == o) & (data["term"] == term)]
            if r.empty or _v(r["coefficient"].iloc[0]) is None:
                cells += [Cell(text="", status="missing", align="center")] * 2
                continue
            r = r.iloc[0]
            emphasis = r["significance"] or ""
            if blank_insignificant and not emphasis:
                cells += [Cell(text="", status="missing", align="center")] * 2
                continue
            cells.append(Cell(text=fmt.number(r["coefficient"], digits), value=float(r["coefficient"]),
                              emphasis=emphasis))
            cells.append(Cell(text=_p_text(fmt, r["p"]), value=float(r["p"]), emphasis=emphasis))
        rows.append(Row(cells=tuple(cells)))
    cells = [label(t("reg_r2", lang))]
    for s, o in columns:
        r = data[(data["segment"] == s) & (data["outcome"] == o) & (data["term"] == "r2")]
        value = _v(r["r2"].iloc[0]) if len(r) else None
        cells += [Cell(text=fmt.number(value, 2), value=value) if value is not None
                  else Cell(text="", status="missing", align="center"), Cell(text="", status="missing")]
    rows.append(Row(cells=tuple(cells)))
    notes = [t("reg_note_regression", lang)] + ([t("reg_note_blank", lang)] if blank_insignificant else [])
    reasons = sorted({f"{reg.outcome(o).label} ({_segment_label(project, s)}): {reason_text(r, lang)}"
                      for s, o, r in data[data["reason"] != ""][["segment", "outcome", "reason"]].itertuples(index=False)
                      if o in outcomes and s in segments})
    if reasons:
        notes.append(t("reg_note_not_fitted", lang, items="; ".join(reasons)))
    return Table(key=key, caption=caption or t("reg_cap_regression", lang), rows=tuple(rows), notes=tuple(notes),
                 block="register.regression")


def outcome_table(project: Project, tables: dict[str, pd.DataFrame], fmt: Formatter, *, outcome: str,
                  segments: list[str] | None = None, groups: list[str] | None = None, municipality: str = TOTAL,
                  key: str | None = None, caption: str | None = None) -> Table:
    """Outcome table by group × time point (and target group), e.g. share in activity at start and end."""
    reg = _reg(project)
    lang = project.language
    spec = reg.outcome(outcome)
    data = _table(tables, "register_time_points")
    data = data[(data["outcome"] == outcome) & (data["municipality"] == municipality)]
    segments = segments or ([s for s in dict.fromkeys(data["segment"]) if s != TOTAL] or [TOTAL])
    groups = groups or _default_groups(project)
    points = reg.time_points
    rows = [Row(kind="header", cells=(head(""),) + tuple(head(_segment_label(project, s), span=len(points))
                                                        for s in segments)),
            Row(kind="header", cells=(head(""),) + tuple(head(p.label) for _ in segments for p in points))]
    for code in groups:
        cells = [label(reg.group_label(code))]
        for s in segments:
            for p in points:
                r = data[(data["group"] == code) & (data["segment"] == s) & (data["time_point"] == p.id)]
                value = _v(r["value"].iloc[0]) if len(r) else None
                n = int(r["n"].iloc[0]) if len(r) else 0
                small = 0 < n < project.thresholds.strictest
                cells.append(fmt.cell(value, "number" if spec.hours else "percent", suppressed=small, digits=1))
        rows.append(Row(cells=tuple(cells)))
    return Table(key=key or f"tab_reg_outcome_{outcome}",
                 caption=caption or t("reg_cap_outcome_table", lang, outcome=spec.label), rows=tuple(rows),
                 notes=(t("reg_note_suppressed", lang, n=project.thresholds.strictest),), block="register.outcome_table")


def population_table(project: Project, tables: dict[str, pd.DataFrame], fmt: Formatter, *,
                     background: list[str] | None = None, key: str = "tab_reg_population",
                     caption: str | None = None) -> Table:
    """Intervention group against the population per background characteristic, significant rows marked."""
    reg = _reg(project)
    lang = project.language
    data = _table(tables, "register_population")
    inter = join_list([reg.group_label(g) for g in reg.group_codes("intervention")], lang)
    popul = join_list([reg.group_label(g) for g in reg.group_codes("population")], lang)
    n_i = int(data["n_intervention"].max()) if len(data) else 0
    n_p = int(data["n_population"].max()) if len(data) else 0
    rows = [Row(kind="header", cells=(head(""), head(f"{inter} (n={fmt.count(n_i)})"),
                                      head(f"{popul} (n={fmt.count(n_p)})"), head(t("reg_difference", lang)),
                                      head(t("reg_p_value", lang))))]
    for bg in reg.background:
        if background is not None and bg.id not in background:
            continue
        sub = data[data["background"] == bg.id]
        if sub.empty:
            continue
        rows.append(Row(kind="group", cells=(label(bg.label, status="group", span=5),)))
        for _, r in sub.iterrows():
            emphasis = "bold" if bool(r["significant"]) else ""
            rows.append(Row(cells=(
                label(str(r["category"])),
                fmt.cell(r["share_intervention"]), fmt.cell(r["share_population"]),
                Cell(text=fmt.pp(r["difference"]) if _v(r["difference"]) is not None else "",
                     value=_v(r["difference"]), emphasis=emphasis),
                Cell(text=_p_text(fmt, _v(r["p"])), value=_v(r["p"]), emphasis=emphasis))))
    return Table(key=key, caption=caption or t("reg_cap_population", lang, intervention=inter, population=popul),
                 rows=tuple(rows), notes=(t("reg_note_population", lang),), block="register.population")


def _figure_label(project: Project, figure: str) -> tuple[str, str]:
    """(row label, value kind) of a key figure id."""
    reg = _reg(project)
    lang = project.language
    if figure == "persons":
        return t("reg_persons", lang), "count"
    if figure.startswith("event:"):
        return t("reg_event_share", lang, event=_lower_first(reg.event(figure[6:]).label)), "percent"
    spec = reg.outcome(figure)
    return spec.label, "number" if spec.hours else "percent"


def key_figures_table(project: Project, tables: dict[str, pd.DataFrame], fmt: Formatter, *,
                      figures: list[str] | None = None, municipalities: list[str] | None = None,
                      by_row: bool | None = None, key: str = "tab_reg_key_figures",
                      caption: str | None = None) -> Table:
    """Key figures per municipality with an "I alt" column; cells below the disclosure rule show '*'."""
    lang = project.language
    data = _table(tables, "register_key_figures")
    figures = figures or list(dict.fromkeys(data["figure"]))
    names = municipalities or [m.name for m in project.municipalities]
    columns = names + [TOTAL]
    by_row = len(columns) > 8 if by_row is None else by_row  # many municipalities: one row each

    def cell(name: str, figure: str) -> Cell:
        r = data[(data["municipality"] == name) & (data["figure"] == figure)]
        if r.empty:
            return Cell(text="", status="missing", align="center")
        r = r.iloc[0]
        kind = _figure_label(project, figure)[1]
        return fmt.cell(_v(r["value"]), kind, suppressed=bool(r["suppressed"]), digits=1)

    total = t("reg_total", lang)
    if by_row:
        rows = [Row(kind="header", cells=(head(""),) + tuple(head(_figure_label(project, f)[0]) for f in figures))]
        for name in columns:
            cells = (label(total if name == TOTAL else name),) + tuple(cell(name, f) for f in figures)
            rows.append(Row(cells=cells, kind="total" if name == TOTAL else "body"))
    else:
        rows = [Row(kind="header", cells=(head(""),) + tuple(head(total if n == TOTAL else n) for n in columns))]
        for f in figures:
            rows.append(Row(cells=(label(_figure_label(project, f)[0]),) + tuple(cell(n, f) for n in columns)))
    return Table(key=key, caption=caption or t("reg_cap_key_figures", lang), rows=tuple(rows),
                 notes=(t("reg_note_suppressed", lang, n=project.thresholds.strictest),), block="register.key_figures")


def size_band_table(project: Project, tables: dict[str, pd.DataFrame], fmt: Formatter, *, outcome: str,
                    time_point: str | None = None, groups: list[str] | None = None, key: str | None = None,
                    caption: str | None = None) -> Table:
    """Outcome by municipality size band at a time point, per group, with the number of municipalities."""
    reg = _reg(project)
    lang = project.language
    spec = reg.outcome(outcome)
    point = time_point or (reg.time_points[-1].id if reg.time_points else "")
    data = _table(tables, "register_size_bands")
    data = data[(data["outcome"] == outcome) & (data["time_point"] == point)]
    groups = groups or _default_groups(project)
    rows = [Row(kind="header", cells=(head(t("reg_band", lang), align="left"), head(t("reg_municipalities", lang)))
                + tuple(head(reg.group_label(g)) for g in groups))]
    for band in [b.label for b in reg.size_bands] + [TOTAL]:
        sub = data[data["band"] == band]
        inter = sub[sub["group"].isin(reg.group_codes("intervention"))]
        count = int(inter["municipalities"].sum()) if len(inter) else 0
        cells = [label(t("reg_total", lang) if band == TOTAL else band), fmt.cell(float(count), "count")]
        for g in groups:
            r = sub[sub["group"] == g]
            if band != TOTAL and reg.group_codes("comparison") and g in reg.group_codes("comparison"):
                cells.append(Cell(text="", status="missing", align="center"))   # the comparison has no size band
                continue
            value = _v(r["value"].iloc[0]) if len(r) else None
            n = int(r["n"].iloc[0]) if len(r) else 0
            cells.append(fmt.cell(value, "number" if spec.hours else "percent",
                                  suppressed=0 < n < project.thresholds.strictest, digits=1))
        rows.append(Row(cells=tuple(cells), kind="total" if band == TOTAL else "body"))
    label_of = next((p.label for p in reg.time_points if p.id == point), point)
    return Table(key=key or f"tab_reg_bands_{outcome}",
                 caption=caption or f"{t('reg_cap_size_bands', lang, outcome=spec.label)} ({label_of})",
                 rows=tuple(rows), notes=(t("reg_note_suppressed", lang, n=project.thresholds.strictest),),
                 block="register.size_bands")


def register_chapter(project: Project, tables: dict[str, pd.DataFrame], fmt: Formatter) -> Section | None:
    """The register chapter of a note (STV summary §2.2): outcome table by target group × start/end,
    weekly lines of the period outcomes, the effect estimates, time to the first event and the regression
    on fidelity and belief. ``None`` when the project has no register section or no register tables."""
    reg = project.register
    if reg is None or "register_outcomes" not in tables:
        return None
    lang = project.language
    blocks: list = []
    shares = [o for o in reg.outcomes if not o.hours]
    if shares and reg.time_points:
        table = outcome_table(project, tables, fmt, outcome=shares[0].id)
        blocks += [Paragraph(t("reg_par_outcome_table", lang, ref=f"{{Ref:{table.key}}}")), table]
    for outcome in reg.outcomes:
        figure = outcome_lines(project, tables, fmt, outcome=outcome.id, by_segment=reg.segment is not None)
        blocks += [Paragraph(t("reg_par_lines", lang, ref=f"{{Ref:{figure.key}}}")), figure]
    if reg.effects is not None and len(tables.get("register_effects", ())):
        figure = effects_figure(project, tables, fmt)
        blocks += [Paragraph(t("reg_par_effects", lang, ref=f"{{Ref:{figure.key}}}")), figure]
    if reg.events and len(tables.get("register_km", ())):
        figure = km_figure(project, tables, fmt, event=(reg.effects.event if reg.effects and reg.effects.event
                                                        else reg.events[0].id))
        blocks += [Paragraph(t("reg_par_km", lang, ref=f"{{Ref:{figure.key}}}")), figure]
    regression = tables.get("register_regression")
    if regression is not None and len(regression) and (regression["reason"] == "").any():
        table = regression_table(project, tables, fmt)
        blocks += [Paragraph(t("reg_par_regression", lang, ref=f"{{Ref:{table.key}}}")), table]
    return Section(key="register", title=t("reg_sec_title", lang), blocks=tuple(blocks), page_break_before=True)


BLOCKS = {
    "register.lines": outcome_lines,
    "register.km": km_figure,
    "register.effects": effects_figure,
    "register.ratios": odds_ratio_figure,
    "register.scatter": fidelity_scatter,
    "register.regression": regression_table,
    "register.outcome_table": outcome_table,
    "register.population": population_table,
    "register.key_figures": key_figures_table,
    "register.size_bands": size_band_table,
}
"""Suggested block names for the template block registry (issue 11)."""

