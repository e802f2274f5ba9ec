"""The end-of-project note: metric tables → one frozen :class:`Report`, read by every renderer.

Blocks follow anatomy section 3: front page, contents, resumé, introduction with the response
table, method, power-ranking, fidelity mean, indicator tables, belief figures, one section per track
with a figure per index, other results (choices, caseload), barrier lists, back page.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from reporter.brand import load_brand
from reporter.build import figures, tables as tb
from reporter.build.cells import Formatter
from reporter.build.narrative import index_paragraph, options_paragraph
from reporter.build.numbering import number_report
from reporter.build.resume import computed_findings, read_resume
from reporter.config import Project
from reporter.model import BackPage, FrontPage, Paragraph, Report, Section
from reporter.text.dates import fmt_date
from reporter.text.strings import STRINGS, join_list, t


def _rule_text(project: Project, key: str, fmt: Formatter, unit: str) -> str:
    rule = project.thresholds.change.get(key)
    if rule is None:
        return ""
    lang = project.language
    x = fmt.pp(rule.threshold) if unit == "share" else t("points_value", lang, x=fmt.number(rule.threshold, 1))
    return t("legend_rule", lang, x=x, a=project.wave(rule.from_).prose, b=project.wave(rule.to).prose)


def _common_noun(label: str, lang: str) -> str:
    """A role label inside a sentence: 'Mentor' → 'mentor', but 'STV-projektleder' stays."""
    if lang == "da" and len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def _intro(project: Project, tables: dict[str, pd.DataFrame], fmt: Formatter) -> Section:
    lang = project.language
    blocks = []
    waves = project.waves
    fieldwork = [t("fieldwork", lang, wave=w.prose, a=fmt_date(w.fieldwork_from, lang), b=fmt_date(w.fieldwork_to, lang))
                 for w in waves if w.fieldwork_from and w.fieldwork_to]
    blocks.append(Paragraph(t("intro_purpose", lang, project=project.name, n=len(project.municipalities),
                              waves=len(waves))))
    if fieldwork:
        blocks.append(Paragraph(" ".join(fieldwork)))
    for side, key in (("employee", "intro_group_employee"), ("leader", "intro_group_leader")):
        roles = [_common_noun(r.label, lang) for r in project.roles if r.side == side]
        if len(roles) > 1:      # a one-role side needs no explanation ("Ledergruppen består af leder")
            blocks.append(Paragraph(t(key, lang, roles=join_list(roles, lang))))
    blocks.append(Paragraph(t("intro_responses_ref", lang)))
    blocks.append(tb.response_table(project, tables["responses"], fmt))
    return Section(key="intro", title=t("sec_intro", lang), blocks=tuple(blocks), page_break_before=True)


def _fidelity(project: Project, tables: dict[str, pd.DataFrame], fmt: Formatter) -> Section:
    lang = project.language
    min_n = project.thresholds.note_threshold
    n_emp = len(project.fidelity_items("employee"))
    n_lead = len(project.fidelity_items("leader"))
    employee_roles = [r.label for r in project.roles if r.side == "employee"]
    pr_notes = (
        _rule_text(project, "power_ranking", fmt, "share"),
        t("note_blank", lang),
        t("note_sides", lang, employee=", ".join(employee_roles)),
        t("note_dont_know", lang),
    )
    method = Section(key="method", title=t("sec_method", lang), blocks=(
        Paragraph(t("method_text", lang)),
        tb.method_table(project),
    ))
    ranking = Section(key="ranking", title=t("sec_ranking", lang), blocks=(
        Paragraph(t("ranking_text", lang, n_emp=n_emp, n_lead=n_lead)),
        Paragraph(t("ranking_ref", lang)),
        tb.side_table(project, tables["power_ranking"], fmt, key="power_ranking",
                      caption=t("cap_ranking", lang), kind="percent", notes=tuple(n for n in pr_notes if n),
                      total_row=False),
    ))
    mean_notes = (
        _rule_text(project, "fidelity_mean", fmt, "score"),
        t("note_blank", lang),
        t("note_min_items", lang, k=project.thresholds.min_valid_items),
        t("note_total_row", lang, n=len(project.municipalities)),
        t("note_dont_know", lang),
    )
    mean = Section(key="mean", title=t("sec_mean", lang), blocks=(
        Paragraph(t("mean_text", lang)),
        Paragraph(t("mean_ref", lang)),
        tb.side_table(project, tables["fidelity_mean"], fmt, key="fidelity_mean", caption=t("cap_mean", lang),
                      kind="number", notes=tuple(n for n in mean_notes if n), total_row=True),
    ))
    role_tables = tb.indicator_role_tables(project, tables["fidelity_indicator"], fmt, min_n)
    muni_tables = tb.indicator_municipality_tables(project, tables["fidelity_indicator_municipality"], fmt, min_n)
    rule = _rule_text(project, "indicator", fmt, "share")
    indicators = Section(key="indicators", title=t("sec_indicators", lang), blocks=(
        Paragraph(t("indicator_text", lang)),
        Paragraph(t("indicator_role_ref", lang, rule=rule)),
        *role_tables,
        Paragraph(t("indicator_municipality_ref", lang)),
        *muni_tables,
    ))
    return Section(key="fidelity", title=t("sec_fidelity", lang), sections=(method, ranking, mean, indicators),
                   page_break_before=True)


def _belief(project: Project, tables: dict[str, pd.DataFrame], fmt: Formatter) -> Section | None:
    if not project.belief:
        return None
    lang = project.language
    blocks = [Paragraph(t("belief_text", lang))]
    for q in project.belief:
        fig = figures.belief_figure(project, fmt, tables["belief"], q, project.thresholds.note_threshold)
        blocks.append(Paragraph(t("belief_ref", lang, key=fig.key, title=q.title.lower() if lang == "da" else q.title)))
        blocks.append(fig)
    return Section(key="belief", title=t("sec_belief", lang), blocks=tuple(blocks), page_break_before=True)


def _tracks(project: Project, tables: dict[str, pd.DataFrame], fmt: Formatter) -> list[Section]:
    lang = project.language
    indicator = tables["fidelity_indicator"]
    out = []
    for track in project.tracks:
        subs = []
        for core in track.core_elements:
            blocks = []
            for index in core.indices:
                fig = figures.index_figure(project, fmt, indicator, track, core, index, project.thresholds.note_threshold)
                rows = indicator[indicator["index"] == index.id]
                total = {str(r["wave"]): r["value"] for _, r in rows[rows["group"] == "total"].iterrows()}
                groups = {role.label: {str(r["wave"]): r["value"] for _, r in rows[rows["group"] == role.id].iterrows()}
                          for role in project.roles}
                text = index_paragraph(project, fmt, index.label, total, groups)
                blocks.append(Paragraph(t("index_ref", lang, key=fig.key) + (" " + text if text else "")))
                blocks.append(fig)
            if blocks:
                subs.append(Section(key=f"core_{core.id}", title=f"{core.id}. {core.label}", blocks=tuple(blocks)))
        if subs:
            intro = Paragraph(t("track_intro", lang, n=len(track.core_elements),
                                elements="; ".join(f"{c.id}. {c.label}" for c in track.core_elements)))
            out.append(Section(key=f"track_{track.id}", title=track.label, blocks=(intro,), sections=tuple(subs),
                               page_break_before=True))
    return out


def _other(project: Project, tables: dict[str, pd.DataFrame], fmt: Formatter) -> Section | None:
    """Non-fidelity items: multi-select shares, ratings among users, distributions, numeric means."""
    lang = project.language
    belief_items = {b.item for b in project.belief}
    blocks = []
    numeric = []
    for item in project.items:
        if item.fidelity or item.id in belief_items:
            continue
        kind = project.scales[item.scale].kind
        if kind == "multi":
            fig = figures.options_figure(project, fmt, tables["multi_select"], item.id, key=f"fig_{item.id}",
                                         caption=item.text, note=t("note_multi", lang, question=item.text)
                                         + (" " + t("note_filter", lang) if item.filter else ""))
        elif kind == "single":
            fig = figures.options_figure(project, fmt, tables["choices"], item.id, key=f"fig_{item.id}",
                                         caption=item.text, note=t("note_distribution_q", lang, question=item.text))
        elif kind == "ordinal" and item.filter is not None:
            fig = figures.options_figure(project, fmt, tables["choices"], item.id, key=f"fig_{item.id}",
                                         caption=item.text, note=t("note_ratings", lang, question=item.text))
        elif kind == "numeric":
            numeric.append(item.id)
            continue
        else:
            continue
        if fig is not None:
            blocks.append(Paragraph(options_paragraph(project, fmt, fig)))
            blocks.append(fig)
    if numeric:
        fig = figures.means_figure(project, fmt, tables["numeric_means"], numeric, key="fig_caseload",
                                   caption=t("cap_caseload", lang), note=t("note_means", lang))
        if fig is not None:
            blocks.append(Paragraph(options_paragraph(project, fmt, fig)))
            blocks.append(fig)
    if not blocks:
        return None
    return Section(key="other", title=t("sec_other", lang), blocks=tuple(blocks), page_break_before=True)


def _barriers(project: Project, tables: dict[str, pd.DataFrame], fmt: Formatter) -> Section | None:
    coded = tb.coded_tables(project, tables.get("coded", pd.DataFrame()), fmt)
    if not coded:
        return None
    lang = project.language
    blocks = []
    for table in coded:
        blocks.append(Paragraph(t("coded_ref", lang, key=table.key)))
        blocks.append(table)
    return Section(key="barriers", title=t("sec_barriers", lang), blocks=tuple(blocks), page_break_before=True)


def build_note(project: Project, tables: dict[str, pd.DataFrame], project_dir: Path | None = None) -> Report:
    """Build the note's document model from the metric tables (computed once by ``compute_all``)."""
    lang = project.language
    brand = load_brand(project.brand)
    fmt = Formatter(lang=lang, percent_space=brand.percent_space)
    consultant, replace_all = read_resume(project_dir) if project_dir else ([], False)
    findings = consultant + ([] if replace_all else computed_findings(project, tables, fmt))
    resume = Section(key="resume", title=t("sec_resume", lang), blocks=tuple(findings), numbered=False)
    sections = [resume, _intro(project, tables, fmt), _fidelity(project, tables, fmt)]
    for optional in (_belief(project, tables, fmt),):
        if optional is not None:
            sections.append(optional)
    sections.extend(_tracks(project, tables, fmt))
    for optional in (_other(project, tables, fmt), _barriers(project, tables, fmt)):
        if optional is not None:
            sections.append(optional)
    date = project.date or dt.date(2000, 1, 1)
    report = Report(
        kind="note", language=lang, brand=brand.key,
        front=FrontPage(project=project.name, title=project.title, subtitle=project.subtitle,
                        date_text=fmt_date(date, lang, month_only=True), publisher=brand.publisher),
        sections=tuple(sections),
        back=BackPage(title=brand.back_title, paragraphs=brand.back_paragraphs),
        date=date,
        strings=tuple(sorted(STRINGS[lang].items())),
    )
    return number_report(report, table_word=t("table", lang).lower(), figure_word=t("figure", lang).lower())
