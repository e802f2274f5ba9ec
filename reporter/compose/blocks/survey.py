"""Blocks of the survey end note: resumé findings, response, method, power-ranking, fidelity-mean and
indicator tables, belief figures, track chapters, other results and barrier tables."""

from __future__ import annotations

import pandas as pd

from reporter.compose import figures, participation, tables as tb, wording
from reporter.compose.cells import Formatter
from reporter.compose.flat_figures import keep_or_tell
from reporter.compose.narrative import index_paragraph, options_paragraph, variant_key
from reporter.compose.resume import computed_findings, read_resume
from reporter.compose.template.blocks import BlockContext, block
from reporter.config import Project
from reporter.model import FootnoteRef, Paragraph, Section, Text
from reporter.text.codes import coded_title
from reporter.text.dates import fmt_date
from reporter.text.strings import join_list, t, tn


def rule_text(project: Project, key: str, fmt: Formatter, unit: str) -> str:
    """The sentence explaining a table's traffic-light rule ('' when the project has none)."""
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


def _track_name(label: str) -> str:
    """'SPOR 1 – Ledelse og organisering' → 'SPOR 1' as the subject of a sentence; other labels stay whole."""
    head, sep, _rest = label.partition(" – ")
    return head if sep and len(head) <= 12 else label


@block("key-findings")
def key_findings(ctx: BlockContext, *, computed: bool = True, resume_file: bool = True) -> list:
    """The resumé's key findings: the consultant's resume.md (if any) and the computed findings."""
    consultant, replace_all = read_resume(ctx.project_dir) if (ctx.project_dir and resume_file) else ([], False)
    findings = list(consultant)
    if computed and not replace_all:
        findings += computed_findings(ctx.project, ctx.tables, ctx.fmt)
    return findings


@block("fieldwork")
def fieldwork(ctx: BlockContext) -> list:
    """One sentence per wave on when its data were collected (waves without dates are left out)."""
    lang = ctx.lang
    parts = [t("fieldwork", lang, wave=w.prose, a=fmt_date(w.fieldwork_from, lang), b=fmt_date(w.fieldwork_to, lang))
             for w in ctx.project.waves if w.fieldwork_from and w.fieldwork_to]
    return [Paragraph(" ".join(parts))] if parts else []


@block("participation")
def participation_block(ctx: BlockContext) -> list:
    """How many municipalities the last wave covers, with a footnote on who left the project when (nothing when
    every municipality took part throughout)."""
    project, lang = ctx.project, ctx.lang
    note = participation.footnote(project)
    if not note:
        return []
    last = project.waves[-1]
    wave = last.prose[:1].upper() + last.prose[1:]
    sentence = t("participation_last", lang, wave=wave, k=participation.count_in(project, last.id),
                 n=len(project.municipalities))
    return [Paragraph(sentence, inlines=(Text(sentence), FootnoteRef(content=(Text(note),))))]


@block("role-groups")
def role_groups(ctx: BlockContext) -> list:
    """Which roles each side includes, for the sides that have several roles."""
    lang = ctx.lang
    out = []
    for side, key in (("employee", "intro_group_employee"), ("leader", "intro_group_leader")):
        roles = [_common_noun(r.label, lang) for r in ctx.project.roles if r.side == side]
        if len(roles) > 1:
            out.append(Paragraph(t(key, lang, roles=join_list(roles, lang))))
    return out


@block("response-table")
def response_table(ctx: BlockContext) -> list:
    """Respondents per role and wave, with the response rate where invitations are known."""
    return [tb.response_table(ctx.project, ctx.tables["responses"], ctx.fmt)]


@block("method-table")
def method_table(ctx: BlockContext) -> list:
    """Tracks, core elements and the indices (questions) that measure them."""
    return [tb.method_table(ctx.project)]


@block("power-ranking-table")
def power_ranking_table(ctx: BlockContext) -> list:
    """Power-ranking per municipality: employees, leaders and overall by wave, sorted by the last wave."""
    project, fmt, lang = ctx.project, ctx.fmt, ctx.lang
    employee_roles = [r.label for r in project.roles if r.side == "employee"]
    # which roles count as employees is worth saying only when it is not just "Medarbejder"
    sides = (t("note_sides", lang, employee=join_list(employee_roles, lang))
             if employee_roles and [r.lower() for r in employee_roles] != [t("employee", lang).lower()] else "")
    notes = (rule_text(project, "power_ranking", fmt, "share"), t("note_blank", lang), sides,
             t("note_dont_know", lang))
    return [tb.side_table(project, ctx.tables["power_ranking"], fmt, key="power_ranking",
                          caption=t("cap_ranking", lang), kind="percent", notes=tuple(n for n in notes if n),
                          total_row=False)]


@block("fidelity-mean-table")
def fidelity_mean_table(ctx: BlockContext) -> list:
    """Fidelity mean (1–5) per municipality: employees, leaders and overall by wave, with a Total row."""
    project, fmt, lang = ctx.project, ctx.fmt, ctx.lang
    notes = (rule_text(project, "fidelity_mean", fmt, "score"), t("note_blank", lang),
             t("note_min_items", lang, k=project.thresholds.min_valid_items),
             participation.total_row_note(project), t("note_dont_know", lang))
    return [tb.side_table(project, ctx.tables["fidelity_mean"], fmt, key="fidelity_mean", caption=t("cap_mean", lang),
                          kind="number", notes=tuple(n for n in notes if n), total_row=True)]


@block("indicator-role-tables")
def indicator_role_tables(ctx: BlockContext) -> list:
    """One table per track: each indicator by role and in total, by wave."""
    return list(tb.indicator_role_tables(ctx.project, ctx.tables["fidelity_indicator"], ctx.fmt,
                                         ctx.project.min_n_for, responses=ctx.tables.get("responses")))


@block("indicator-municipality-tables")
def indicator_municipality_tables(ctx: BlockContext) -> list:
    """Tables of every indicator per municipality (Total on top, municipalities alphabetically)."""
    return list(tb.indicator_municipality_tables(ctx.project, ctx.tables["fidelity_indicator_municipality"], ctx.fmt,
                                                 ctx.project.min_n_for))


@block("indicator-rule")
def indicator_rule(ctx: BlockContext) -> list:
    """The sentence explaining the indicators' traffic-light rule (nothing when the project has none)."""
    text = rule_text(ctx.project, "indicator", ctx.fmt, "share")
    return [Paragraph(text)] if text else []


@block("belief-figures")
def belief_figures(ctx: BlockContext, *, intro: bool = True) -> list:
    """A 100 % stacked figure per belief question by role and wave, each with a sentence pointing to it."""
    project, lang = ctx.project, ctx.lang
    out = []
    for q in project.belief:
        fig = figures.belief_figure(project, ctx.fmt, ctx.tables["belief"], q, project.min_n_for)
        if intro:
            out.append(Paragraph(t("belief_ref", lang, key=fig.key,
                                   title=q.title.lower() if lang == "da" else q.title)))
        out.append(fig)
    return out


@block("track-chapters")
def track_chapters(ctx: BlockContext, *, new_page: bool = False) -> list:
    """A chapter per track: a section per core element with a figure and a sentence per indicator.
    ``new_page``: every track chapter starts on a new page (else short chapters flow on)."""
    project, fmt, lang = ctx.project, ctx.fmt, ctx.lang
    indicator = ctx.tables["fidelity_indicator"]
    out = []
    position = 0
    for track in project.tracks:
        subs = []
        for core in track.core_elements:
            blocks = []
            for index in core.indices:
                fig = figures.index_figure(project, fmt, indicator, track, core, index,
                                           project.min_n_for)
                rows = indicator[indicator["index"] == index.id]
                total = {str(r["wave"]): r["value"] for _, r in rows[rows["group"] == "total"].iterrows()}
                groups = {role.label: {str(r["wave"]): r["value"] for _, r in rows[rows["group"] == role.id].iterrows()}
                          for role in project.roles}
                text = index_paragraph(project, fmt, index.label, total, groups, position)
                intro = t(variant_key("index_ref", position), lang, key=fig.key)
                position += 1
                blocks.append(Paragraph(intro + (" " + text if text else "")))
                blocks.append(fig)
            if blocks:
                subs.append(Section(key=f"core_{core.id}", title=coded_title(core.id, core.label), blocks=tuple(blocks)))
        if subs:
            intro = Paragraph(tn("track_intro", len(track.core_elements), lang, track=_track_name(track.label),
                                 n=len(track.core_elements),
                                 elements="; ".join(f"{c.id}. {c.label}" for c in track.core_elements)))
            out.append(Section(key=f"track_{track.id}", title=track.label, blocks=(intro,), sections=tuple(subs),
                               page_break_before=new_page))
    return out


@block("other-figures")
def other_figures(ctx: BlockContext, *, flat: str = "sentence") -> list:
    """Non-fidelity items: multi-select shares, ratings among users, distributions, numeric means. ``flat``: a
    chart that says nothing (one bar, or the same value at every wave in every cluster) becomes a sentence
    (``sentence``) or stays a chart (``chart``)."""
    project, fmt, lang, tables = ctx.project, ctx.fmt, ctx.lang, ctx.tables
    belief_items = {b.item for b in project.belief}
    out = []
    numeric = []
    batteries = _rating_batteries(project)
    for item in project.items:
        if item.fidelity or item.id in belief_items:
            continue
        kind = project.scales[item.scale].kind
        battery = next((b for b in batteries if item.id in b), None)
        if battery is not None:
            # a rating per option of a multi-select (one row per activity, among its users) is one figure
            if item.id == battery[0]:
                from reporter.compose.blocks.statements import ratings_figure

                (fig,) = ratings_figure(ctx, items=battery)
                last = fig.series[-1]                       # the Total
                values = [x if x is not None else -1.0 for x in last.values]
                top = values.index(max(values))
                out.append(Paragraph(t("ratings_text", lang, key=fig.key, option=fig.categories[top],
                                       share=last.labels[top])))
                out.append(fig)
            continue
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
            out += keep_or_tell(project, fig, [Paragraph(options_paragraph(project, fmt, fig, len(out) // 2))], flat)
    if numeric:
        fig = figures.means_figure(project, fmt, tables["numeric_means"], numeric, key="fig_caseload",
                                   caption=t("cap_caseload", lang), note=wording.means_note(project, numeric))
        if fig is not None:
            out += keep_or_tell(project, fig, [Paragraph(options_paragraph(project, fmt, fig, len(out) // 2))], flat)
    return out


def _rating_batteries(project) -> list[list[str]]:
    """Ordinal items filtered on one option each of the same multi-select item (a rating battery), two or more."""
    by_source: dict[str, list[str]] = {}
    for item in project.items:
        f = item.filter
        if f is None or item.fidelity or project.scales[item.scale].kind != "ordinal" or len(f.equals) != 1:
            continue
        if project.scale_of(f.item).kind == "multi" and any(o.top for o in project.scales[item.scale].options):
            by_source.setdefault(f.item, []).append(item.id)
    return [items for items in by_source.values() if len(items) > 1]


@block("coded-tables")
def coded_tables(ctx: BlockContext) -> list:
    """A table per coded open question (barriers), codes sorted by how many mention them."""
    coded = tb.coded_tables(ctx.project, ctx.tables.get("coded", pd.DataFrame()), ctx.fmt)
    titles = {f"coded_{q.id}": q.title for q in ctx.project.coded}
    out = []
    for i, table in enumerate(coded):
        if i == 0:
            out.append(Paragraph(t("coded_ref", ctx.lang, key=table.key)))
        else:   # a second coded question (not barriers): its own title, and no repeated sentence
            title = titles.get(table.key, table.caption)
            title = title[:1].lower() + title[1:] if ctx.lang == "da" else title
            out.append(Paragraph(t("coded_ref_next", ctx.lang, key=table.key, title=title)))
        out.append(table)
    return out


@block("belief-figure")
def belief_figure(ctx: BlockContext, *, item: str) -> list:
    """One belief question as a 100 % stacked figure by role and wave."""
    project = ctx.project
    question = next((q for q in project.belief if q.item == item), None)
    if question is None:
        raise ValueError(f"{item!r} is not a belief question (known: {', '.join(q.item for q in project.belief)})")
    return [figures.belief_figure(project, ctx.fmt, ctx.tables["belief"], question, project.min_n_for)]


@block("index-figure")
def index_figure(ctx: BlockContext, *, index: str) -> list:
    """One fidelity indicator (index) as a figure by role and wave."""
    project = ctx.project
    for track, core, idx in project.indices():
        if idx.id == index:
            return [figures.index_figure(project, ctx.fmt, ctx.tables["fidelity_indicator"], track, core, idx,
                                         project.min_n_for)]
    raise ValueError(f"unknown index {index!r} (known: {', '.join(x.id for _, _, x in project.indices())})")
