"""The end-of-project note: a template (built-in ``survey-end`` or the project's own Markdown) filled with
computed blocks from the metric tables → one frozen :class:`Report`, read by every renderer.

The template decides the sections, the prose and where each table and figure goes
(:mod:`reporter.compose.template`); the blocks in :mod:`reporter.compose.blocks` compute them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from reporter.brand import load_brand
from reporter.compose.blocks.survey import rule_text
from reporter.compose.cells import Formatter
from reporter.compose.disclosure import explain
from reporter.compose.numbering import number_report
from reporter.compose.template import BlockContext, build_sections, load_template
from reporter.compose.template.facts import document_facts
from reporter.compose.template.source import digests
from reporter.compose.typeset import typeset
from reporter.compose.waves import with_wave_order
from reporter.config import Project
from reporter.model import BackPage, FrontPage, Report
from reporter.text.dates import fmt_date
from reporter.text.strings import STRINGS, t


def note_names(project: Project, tables: dict[str, pd.DataFrame], fmt: Formatter) -> dict[str, object]:
    """The names a note template's expressions can read."""
    names = document_facts(project, tables)
    names["rules"] = {key: rule_text(project, key, fmt, unit)
                      for key, unit in (("power_ranking", "share"), ("fidelity_mean", "score"),
                                        ("indicator", "share"))}
    return names


def build_note(project: Project, tables: dict[str, pd.DataFrame], project_dir: Path | None = None) -> Report:
    """Build the note's document model from the metric tables (computed once by ``compute_all``)."""
    lang = project.language
    brand = load_brand(project.brand)
    fmt = Formatter(lang=lang, percent_space=brand.percent_space)
    project_dir = Path(project_dir) if project_dir is not None else None
    source = load_template(project.note.template, "note", lang, project_dir)
    ctx = BlockContext(project=project, tables=tables, fmt=fmt, project_dir=project_dir)
    built = build_sections(source, ctx, note_names(project, tables, fmt), kind="note")
    settings = built.front_matter
    date = project.date or dt.date(2000, 1, 1)
    report = Report(
        kind="note", language=lang, brand=brand.key,
        front=FrontPage(project=project.name, title=str(settings.get("title", project.title)),
                        subtitle=str(settings.get("subtitle", project.subtitle)),
                        date_text=fmt_date(date, lang, month_only=True), publisher=brand.publisher),
        sections=built.sections,
        back=BackPage(title=brand.back_title, paragraphs=brand.back_paragraphs) if settings.get("back", True) else None,
        toc=bool(settings.get("toc", True)),
        date=date,
        strings=tuple(sorted(STRINGS[lang].items())),
        sources=digests(source),
    )
    report = with_wave_order(explain(report, project), tuple(w.id for w in project.waves))
    report = number_report(report, table_word=t("table", lang).lower(), figure_word=t("figure", lang).lower(),
                           section_word=t("section_ref", lang).split(" ")[0],
                           appendix_word=t("appendix", lang))   # "Bilag A", as Word's list number says
    return typeset(report, brand.percent_space)
