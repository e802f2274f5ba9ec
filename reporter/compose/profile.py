"""The one-page municipality profile: metric tables (computed once per project) → a :class:`Report`.

For one municipality: fidelity per indicator against the all-municipality average (last wave, change
since the first wave with the indicator table's traffic-light rule), power-ranking position
("nr. 5 af 27"), fidelity mean for employees/leaders/samlet, belief against the average, response
counts, and suppression of anything based on fewer than ``min_n`` respondents — including the
complementary suppression of the metric tables (:mod:`reporter.metrics.suppression`): the profile hides exactly
the cells the note hides.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import pandas as pd

from reporter.brand import load_brand
from reporter.compose.cells import Formatter, head, label
from reporter.compose import wording
from reporter.compose.disclosure import explain
from reporter.compose.numbering import number_report
from reporter.compose.tables import change_legend
from reporter.compose.template.facts import document_facts
from reporter.config import Project
from reporter.config.models import Wave
from reporter.text.slugs import slug  # noqa: F401 - the file name of a profile
from reporter.model import Figure, FrontPage, Paragraph, Report, Row, Section, Series, Table
from reporter.text.collation import sort_key
from reporter.text.numbers import round_half_away
from reporter.text.dates import fmt_date
from reporter.text.strings import STRINGS, t, tn

SIDES = ("employee", "leader", "samlet")
# the metric tables a profile reads: its own inputs (:func:`profile_inputs`) and the template names
# (:func:`reporter.compose.template.facts.document_facts`); profile blocks get no other table
PROFILE_TABLES = ("responses", "responses_municipality", "fidelity_indicator", "fidelity_indicator_municipality",
                  "fidelity_mean", "power_ranking", "belief_municipality", "topbox")


def _num(value) -> float | None:
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) else value


@dataclass(frozen=True)
class ProfileInputs:
    """The slices of the project's metric tables that profiles read, indexed once per project."""

    indicator: dict[tuple[str, str, str], dict]    # one table row as {column: value}
    mean: dict[tuple[str, str, str], dict]
    ranks: dict[str, dict[str, tuple[int, int]]]   # wave → municipality → (rank, of)
    belief: pd.DataFrame
    facts: dict = None  # the project's template names (reporter.compose.template.facts), computed once
    hidden: dict = None  # wave → municipalities whose Samlet is hidden by the disclosure rule (not ranked)
    tables: dict = None  # every metric table, for the note blocks a profile template may place (costs, instruments)
    belief_rows: dict = None  # (wave, item, municipality) → (n, options, values) of the group ``total``


def belief_rows(belief: pd.DataFrame) -> dict[tuple[str, str, str], tuple[int, list, list]]:
    """The ``total`` rows of ``belief_municipality`` grouped by (wave, item, municipality), in table order:
    (n of the first row, options, values) — what a profile's belief figure reads, indexed in one pass."""
    if belief.empty:
        return {}
    rows = belief[belief["group"] == "total"]
    out: dict[tuple[str, str, str], tuple[int, list, list]] = {}
    for wave, item, who, n, option, value in zip(rows["wave"].tolist(), rows["item"].tolist(),
                                                 rows["municipality"].tolist(), rows["n"].tolist(),
                                                 rows["option"].tolist(), rows["value"].tolist()):
        cell = out.get((wave, item, who))
        if cell is None:
            out[(wave, item, who)] = cell = (int(n), [], [])
        cell[1].append(option)
        cell[2].append(value)
    return out


def rank_positions(power_ranking: pd.DataFrame, wave: str) -> dict[str, tuple[int, int]]:
    """Competition ranking (1, 2, 2, 4) on Samlet in ``wave`` among the municipalities whose Samlet is displayed;
    the others (no Samlet, or a hidden one) are not ranked."""
    rows = power_ranking[(power_ranking["group"] == "samlet") & (power_ranking["wave"] == wave)
                         & (power_ranking["municipality"] != "total")].dropna(subset=["value"])
    if "suppressed" in rows:
        rows = rows[~rows["suppressed"].fillna(False).astype(bool)]   # only displayed values are ranked
    values = {str(r["municipality"]): round(float(r["value"]), 12) for _, r in rows.iterrows()}
    total = len(values)
    return {name: (1 + sum(1 for v in values.values() if v > mine), total) for name, mine in values.items()}


def profile_inputs(project: Project, tables: dict[str, pd.DataFrame]) -> ProfileInputs:
    """Index the metric tables by municipality once, so each profile is a cheap lookup."""
    ind = tables["fidelity_indicator_municipality"]
    mean = tables["fidelity_mean"]
    return ProfileInputs(
        indicator={(str(r["municipality"]), str(r["wave"]), str(r["index"])): r for r in ind.to_dict("records")},
        mean={(str(r["municipality"]), str(r["group"]), str(r["wave"])): r for r in mean.to_dict("records")},
        ranks={w.id: rank_positions(tables["power_ranking"], w.id) for w in project.waves},
        belief=tables.get("belief_municipality", pd.DataFrame()),
        belief_rows=belief_rows(tables.get("belief_municipality", pd.DataFrame())),
        facts=document_facts(project, tables),
        hidden={w.id: _hidden_samlet(tables["power_ranking"], w.id) for w in project.waves},
        tables=tables,
    )


def _hidden_samlet(power_ranking: pd.DataFrame, wave: str) -> set[str]:
    if "suppressed" not in power_ranking:
        return set()
    rows = power_ranking[(power_ranking["group"] == "samlet") & (power_ranking["wave"] == wave)
                         & power_ranking["suppressed"].fillna(False).astype(bool)]
    return set(rows["municipality"].astype(str))


def _flagged(row: dict | None) -> bool:
    """Whether a metric row (a record: column → value) is hidden by the disclosure rule."""
    if row is None or "suppressed" not in row:
        return False
    value = row["suppressed"]
    return bool(value) if not pd.isna(value) else False


def _side_n(inputs: ProfileInputs, name: str, side: str, wave: str) -> int:
    row = inputs.mean.get((name, side, wave))
    if row is None or "n" not in row or pd.isna(row["n"]):
        return 0
    return int(row["n"])


def _mean_table(project: Project, inputs: ProfileInputs, name: str, fmt: Formatter, wave: str) -> Table:
    lang = project.language
    rule = project.thresholds.change.get("fidelity_mean")
    n = {s: _side_n(inputs, name, s, wave) for s in ("employee", "leader")}
    # the metric table's flags: primary (n below the rule) and complementary (Samlet and the visible side, or
    # the Total row and the other municipalities, would reveal a hidden value), the same cells as in the note
    hidden = {s for s in SIDES if _flagged(inputs.mean.get((name, s, wave)))}
    rank = inputs.ranks[wave].get(name)
    rows = [Row(cells=(head(t("group", lang), align="left"), head(t("respondents", lang)),
                       head(t("fidelity_mean", lang)), head(t("average_all", lang))), kind="header")]
    labels = {"employee": t("employees", lang), "leader": t("leaders", lang), "samlet": t("samlet", lang)}
    for side in SIDES:
        row = inputs.mean.get((name, side, wave))
        total = inputs.mean.get(("total", side, wave))
        status = row["status"] if row is not None and "status" in row and isinstance(row["status"], str) else None
        if rule is None or rule.to != wave:
            status = None
        count = n["employee"] + n["leader"] if side == "samlet" else n[side]
        rows.append(Row(cells=(
            label(labels[side]),
            fmt.cell(count, kind="count"),
            fmt.cell(None if row is None else _num(row["value"]), kind="number", status=status,
                     suppressed=side in hidden),
            fmt.cell(None if total is None else _num(total["value"]), kind="number", suppressed=_flagged(total)),
        ), kind="total" if side == "samlet" else "body"))
    rank_text = t("rank_of", lang, rank=rank[0], total=rank[1]) if rank else t("not_ranked", lang)
    rows.append(Row(cells=(label(t("power_ranking", lang)), label(""), label(rank_text), label(""))))
    return Table(key="profile_mean", caption=t("cap_profile_mean", lang, wave=project.wave(wave).prose),
                 rows=tuple(rows), column_widths=(4.5, 2.5, 4.0, 5.0), legend=rule is not None,
                 legend_words=change_legend(project, "fidelity_mean", fmt))


def _indicator_table(project: Project, inputs: ProfileInputs, name: str, fmt: Formatter,
                     first: Wave, last: Wave) -> tuple[Table, int, int]:
    lang = project.language
    min_n = project.min_n_for("total")
    rows = [Row(cells=(head(t("indicator", lang), align="left"), head(first.label), head(last.label),
                       head(t("average_all", lang))), kind="header")]
    above = compared = 0
    any_hidden = False
    for track in project.tracks:
        rows.append(Row(cells=(label(track.label, status="group", span=4),), kind="group"))
        for core in track.core_elements:
            for index in core.indices:
                cells = [label(index.label)]
                for wave in (first, last):
                    row = inputs.indicator.get((name, wave.id, index.id))
                    small = row is not None and int(row.get("respondents", 0)) < min_n
                    any_hidden |= bool(small)
                    status = row["status"] if (wave is last and row is not None and "status" in row
                                               and isinstance(row["status"], str)) else None
                    cells.append(fmt.cell(None if row is None else _num(row["value"]), status=status,
                                          suppressed=bool(small)))
                avg = inputs.indicator.get(("total", last.id, index.id))
                avg_value = None if avg is None else _num(avg["value"])
                cells.append(fmt.cell(avg_value))
                mine = cells[2].value
                if mine is not None and avg_value is not None:
                    compared += 1
                    # above as the reader sees it: the printed percentages (65 % against 65 % is not above)
                    above += round_half_away(mine * 100) > round_half_away(avg_value * 100)
                rows.append(Row(cells=tuple(cells)))
    rule = project.thresholds.change.get("indicator")
    notes = [t("note_indicator", lang, top=wording.top_options(project))]
    table = Table(key="profile_indicators", caption=t("cap_profile_indicators", lang, wave=last.prose),
                  rows=tuple(rows), column_widths=(8.0, 2.2, 2.2, 3.6), legend=rule is not None, notes=tuple(notes),
                  legend_words=change_legend(project, "indicator", fmt))
    return table, above, compared


def _belief_figure(project: Project, inputs: ProfileInputs, name: str, fmt: Formatter, last: Wave) -> Figure | None:
    if inputs.belief.empty or not project.belief:
        return None
    lang = project.language
    min_n = project.min_n_for("total")
    rows = inputs.belief_rows if inputs.belief_rows is not None else belief_rows(inputs.belief)
    categories, shares, row_groups, row_n = [], [], [], []
    for q in project.belief:
        for who, shown in ((name, name), ("total", t("all_municipalities", lang))):
            cell = rows.get((last.id, q.item, who))
            if cell is None:
                continue
            n, options, values = cell
            if who != "total" and n < min_n:
                continue
            title = f"{q.title[:90]}{'…' if len(q.title) > 90 else ''}"
            categories.append(f"{title} – {shown} (n={fmt.count(n)})")
            shares.append({str(o): _num(v) for o, v in zip(options, values)})
            row_groups.append(title)
            row_n.append(n)
    if not categories:
        return None
    options = project.scale_of(project.belief[0].item).options
    bands = [o.label for o in options]
    series = tuple(Series(name=o.label, values=tuple(s.get(o.label) for s in shares),
                          labels=tuple(fmt.percent(s.get(o.label)) for s in shares), n=tuple(row_n),
                          dont_know=o.dont_know) for o in options)
    return Figure(key="profile_belief", caption=t("cap_profile_belief", lang, wave=last.prose, municipality=name),
                  kind="stacked_bar", categories=tuple(categories), series=series,
                  alt_text=t("alt_stacked", lang, title=t("sec_belief", lang), n=len(categories),
                             bands=", ".join(bands), last=""),
                  notes=(t("note_dont_know", lang),), value_max=1.0, height=1.0 + 0.7 * len(categories),
                  draw="native", category_groups=tuple(row_groups))


def profile_waves(project: Project, name: str) -> tuple[Wave, Wave]:
    """The waves a profile compares: the municipality's first and latest wave (a municipality that left
    the project early is shown at its own latest wave, against the average of that wave)."""
    municipality = next(m for m in project.municipalities if m.name == name)
    own = [w for w in project.waves if municipality.waves is None or w.id in municipality.waves]
    if not own:
        raise ValueError(f"municipality {name!r} takes part in no wave")
    return own[0], own[-1]


def indicator_table(project: Project, inputs: ProfileInputs, name: str, fmt: Formatter,
                    cache: dict | None = None) -> tuple[Table, int, int]:
    """The profile's indicator table with (above, compared), computed once per profile when ``cache`` is given."""
    if cache is not None and ("indicator_table", name) in cache:
        return cache[("indicator_table", name)]
    first, last = profile_waves(project, name)
    result = _indicator_table(project, inputs, name, fmt, first, last)
    if cache is not None:
        cache[("indicator_table", name)] = result
    return result


def profile_texts(project: Project, inputs: ProfileInputs, name: str, fmt: Formatter,
                  cache: dict | None = None) -> list[str]:
    """The profile's lead sentences: left early, above average, rank, respondents."""
    lang = project.language
    _first, last = profile_waves(project, name)
    _table, above, compared = indicator_table(project, inputs, name, fmt, cache)
    texts = []
    if last.id != project.waves[-1].id:
        if project.left_after(name) == last.id:
            texts.append(t("profile_text_left_after", lang, municipality=name, wave=last.prose))
        else:
            texts.append(t("profile_text_left", lang, municipality=name, missing=project.waves[-1].prose,
                           wave=last.prose))
    if compared:
        key = "profile_text_above_none" if above == 0 and compared > 1 else "profile_text_above"
        texts.append(t(key, lang, municipality=name, k=above, n=compared, wave=last.prose))
    rank = inputs.ranks[last.id].get(name)
    if rank:
        texts.append(t("profile_text_rank", lang, rank=rank[0], total=rank[1]))
    elif inputs.hidden and name in inputs.hidden.get(last.id, ()):
        texts.append(t("profile_text_hidden", lang, wave=last.prose))
    else:
        texts.append(t("profile_text_norank", lang, wave=last.prose))
    n_emp, n_lead = _side_n(inputs, name, "employee", last.id), _side_n(inputs, name, "leader", last.id)
    texts.append(t("profile_respondents", lang, wave=last.prose,
                   employees=tn("n_employees", n_emp, lang, n=fmt.count(n_emp)),
                   leaders=tn("n_leaders", n_lead, lang, n=fmt.count(n_lead))))
    return texts


def profile_names(project: Project, inputs: ProfileInputs, name: str, facts: dict) -> dict[str, object]:
    """The names a profile template can read: the project's facts plus ``municipality``."""
    from reporter.compose.template.expressions import Count

    lang = project.language
    first, last = profile_waves(project, name)
    rank = inputs.ranks[last.id].get(name)
    names = dict(facts)
    names["municipality"] = {
        "name": name, "title": t("profile_title", lang, municipality=name),
        "first_wave": facts["wave"][first.id], "last_wave": facts["wave"][last.id],
        "left_early": last.id != project.waves[-1].id,
        "ranked": rank is not None, "rank": Count(rank[0]) if rank else None, "of": Count(rank[1]) if rank else None,
        "employees": Count(_side_n(inputs, name, "employee", last.id)),
        "leaders": Count(_side_n(inputs, name, "leader", last.id)),
    }
    return names


_TEMPLATES: dict[tuple, object] = {}


def profile_tables(project: Project, project_dir=None) -> tuple[str, ...] | None:
    """The metric tables the profiles need: the built-in profile template reads only :data:`PROFILE_TABLES`;
    a project's own profile template (or overrides of its parts) may place any note block (costs,
    instruments), so it gets every table (``None``)."""
    from pathlib import Path

    from reporter.compose.template.source import BUILTIN_DIR, locate

    name = project.profile.template
    if name.endswith(".md") or (project_dir is not None and (Path(project_dir) / "profile").is_dir()):
        return None
    main = locate(name, "profile", project.language, Path(project_dir) if project_dir else None)
    return PROFILE_TABLES if main.resolve().is_relative_to(BUILTIN_DIR) else None


def profile_template(project: Project, project_dir=None):
    """The project's profile template, read and parsed once per process."""
    from pathlib import Path

    from reporter.compose.template import load_template, parse

    name = project.profile.template
    key = (name, project.language, str(Path(project_dir).resolve()) if project_dir else None)
    if key not in _TEMPLATES:
        source = load_template(name, "profile", project.language, Path(project_dir) if project_dir else None)
        _TEMPLATES[key] = parse(source)
    return _TEMPLATES[key]


def build_profile(project: Project, inputs: ProfileInputs, name: str, project_dir=None) -> Report:
    """The one-page profile of municipality ``name``, from the profile template (built-in ``profile`` or the
    project's own)."""
    from reporter.compose.template import BlockContext, Evaluator, Style
    from reporter.compose.template.engine import render_template

    lang = project.language
    brand = load_brand(project.brand)
    fmt = Formatter(lang=lang, percent_space=brand.percent_space)
    _first, last = profile_waves(project, name)
    parsed = profile_template(project, project_dir)
    ctx = BlockContext(project=project, tables=inputs.tables or {}, fmt=fmt, project_dir=project_dir, municipality=name,
                       extra={"inputs": inputs})
    evaluator = Evaluator(profile_names(project, inputs, name, inputs.facts), Style(lang, brand.percent_space))
    built = render_template(None, parsed, ctx, evaluator, kind="profile")
    date = project.date or dt.date(2000, 1, 1)
    title = t("profile_title", lang, municipality=name)
    report = Report(
        kind="profile", language=lang, brand=brand.key,
        front=FrontPage(project=project.name, title=title, subtitle=last.table_label,
                        date_text=fmt_date(date, lang, month_only=True), publisher=brand.publisher),
        sections=built.sections, toc=False, date=date, strings=tuple(sorted(STRINGS[lang].items())),
    )
    report = explain(report, project)
    return number_report(report, table_word=t("table", lang).lower(), figure_word=t("figure", lang).lower())


def municipalities_sorted(project: Project) -> list[str]:
    return sorted((m.name for m in project.municipalities), key=sort_key)
