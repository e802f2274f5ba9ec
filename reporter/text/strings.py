"""Every fixed word the documents use, per language, in one place.

``t(key, lang, **kw)`` looks a string up and fills ``{placeholders}`` with ``str.format``; pass
numbers already formatted by ``reporter.text.numbers`` (the strings never format numbers).
Wave labels (Start/Midt/Slut, Nulpunkt/…), role names and scale labels are project configuration,
not strings here. Topic modules ``reporter/text/strings_<topic>.py`` with their own ``DA``/``EN`` dicts are merged
into ``STRINGS`` at import. Both languages must define the same keys with the same placeholders (a test
checks it): add a key to ``DA`` and ``EN`` together.
"""

from __future__ import annotations

import string

DA: dict[str, str] = {
    # Captions, notes, navigation
    "table": "Tabel",
    "figure": "Figur",
    "table_ref": "tabel {number}",
    "figure_ref": "figur {number}",
    "section_ref": "afsnit {number}",
    "caption_table": "Tabel {number}. {title}",
    "caption_figure": "Figur {number}. {title}",
    "note": "Note:",
    "source": "Kilde:",
    "contents": "Indhold",
    "summary": "Resumé",
    "key_findings": "Hovedresultater",
    "page": "Side",
    "page_of": "Side {page} af {pages}",
    "date": "Dato",
    "published_by": "Udgivet af {publisher}",
    "front_note": "Notat",
    "profile": "Kommuneprofil",
    "appendix": "Bilag",
    "footnotes": "Fodnoter",
    "box_key_finding": "Hovedresultat",
    "box_learning": "Læringspunkt",
    "box_challenge": "Udfordring og løsning",
    "box_conclusion": "Konklusion",
    # Groups and sides
    "total": "Total",
    "samlet": "Samlet",
    "employee": "Medarbejder",
    "employees": "Medarbejdere",
    "leader": "Leder",
    "leaders": "Ledere",
    "all_municipalities": "Alle kommuner",
    "average_all": "Gennemsnit for alle kommuner",
    "municipality": "Kommune",
    "municipalities": "Kommuner",
    "group": "Gruppe",
    "role": "Funktion",
    "wave": "Måling",
    "track": "Spor {number}",
    "core_element": "Kerneelement",
    "indicator": "Indikator",
    "question": "Spørgsmål",
    "statement": "Udsagn",
    "n": "n",
    "n_header": "{label} (n={n})",
    "n_equals": "n={n}",
    "responses": "Antal besvarelser",
    "response_rate": "Svarprocent",
    "invited": "Inviterede",
    "change": "Ændring",
    "change_since": "Ændring siden {wave}",
    "rank": "Placering",
    "rank_of": "nr. {rank} af {total}",
    "power_ranking": "Power-ranking",
    "fidelity_mean": "Fidelitetsgennemsnit",
    "fidelity": "Fidelitet",
    "median": "Median",
    "minimum": "Minimum",
    "maximum": "Maksimum",
    "quartile_1": "1. kvartil",
    "quartile_3": "3. kvartil",
    "interquartile": "Midterste halvdel (1.–3. kvartil)",
    "range": "Laveste–højeste",
    "dont_know": "Ved ikke",
    "yes": "Ja",
    "no": "Nej",
    "other": "Andet",
    "multiple_answers": "mulighed for flere svar",
    # Units
    "percent_prose": "pct.",
    "pp": "pct.-point",
    "pp_value": "{x} pct.-point",
    "points": "point",
    "points_value": "{x} point",
    # Change colours (legend); {t} is a formatted threshold such as "5 pct.-point" or "0,10 point"
    "legend_up": "Stigning på mere end {t}",
    "legend_same": "Ændring på {t} eller mindre",
    "legend_down": "Fald på mere end {t}",
    "legend_title": "Ændring fra {a} til {b}",
    "status_up": "stigning",
    "status_same": "uændret",
    "status_down": "fald",
    # Standard notes
    "note_suppressed": "* Kan ikke vises af hensyn til datadiskretion (færre end {n} besvarelser, eller tallet kunne regnes ud fra de viste tal).",
    "note_suppressed_sides": "* Kan ikke vises af hensyn til datadiskretion (færre end {employee} besvarelser fra medarbejdere eller {leader} fra ledere, eller tallet kunne regnes ud fra de viste tal).",
    "note_blank": "Blanke felter er ensbetydende med manglende svar.",
    "note_invalid_side": "* Gennemsnittet vises ikke, da færre end {n} af spørgsmålene er besvaret.",
    "note_dont_know": "Besvarelser med ”Ved ikke” indgår ikke i beregningen.",
    "note_share_top": "Andel besvarelser ”{options}” for udsagnene: {statements}",
    "note_share_top_one": "Andel besvarelser ”{options}” på udsagnet: {statement}",
    "note_distribution": "Fordeling på udsagnet: ”{question}”.",
    "note_project_leaders": "Projektledere indgår som medarbejdere og ikke som ledere.",
    "note_sorted_alpha": "Kommunerne er sorteret alfabetisk.",
    "note_sorted_by": "Kommunerne er sorteret efter {column} ved {wave}.",
    "note_total_row": "Nederst i tabellen ses gennemsnittet på tværs af alle {n} kommuner.",
    "note_total_row_waves": "Nederst i tabellen ses gennemsnittet på tværs af de kommuner, der deltog i hver måling ({counts}).",
    "n_at_wave": "{n} ved {wave}",
    "note_mentioned_by": "Anført af {k} ud af {n} {group}.",
    "source_survey": "{project}, spørgeskemaundersøgelse blandt medarbejdere og ledere ({waves}).",
    "and": "og",
    "list_and": "{items} og {last}",
    # Sentence templates (narrative); {x} {a} {b} are formatted numbers, {from_wave}/{to_wave} prose wave names
    "rose_by": "steg med {x} fra {a} til {b}",
    "fell_by": "faldt med {x} fra {a} til {b}",
    "unchanged": "var uændret på {a}",
    "rose_between": "steg med {x} mellem {from_wave} og {to_wave}",
    "fell_between": "faldt med {x} mellem {from_wave} og {to_wave}",
    "unchanged_between": "var uændret mellem {from_wave} og {to_wave}",
    "increase_of": "en stigning på {x}",
    "decrease_of": "et fald på {x}",
    "highest_in": "højest blandt {group}",
    "lowest_in": "lavest blandt {group}",
    "share_of": "{x} af {group}",
    "above_average": "over gennemsnittet",
    "below_average": "under gennemsnittet",
    "at_average": "på niveau med gennemsnittet",
    "profile_rank_sentence": "{municipality} ligger nr. {rank} af {total} kommuner i power-ranking ved {wave}.",
    "movers": "Kommuner under medianen ved {first} og over medianen ved {last}",
}

EN: dict[str, str] = {
    "table": "Table",
    "figure": "Figure",
    "table_ref": "table {number}",
    "figure_ref": "figure {number}",
    "section_ref": "section {number}",
    "caption_table": "Table {number}. {title}",
    "caption_figure": "Figure {number}. {title}",
    "note": "Note:",
    "source": "Source:",
    "contents": "Contents",
    "summary": "Summary",
    "key_findings": "Key findings",
    "page": "Page",
    "page_of": "Page {page} of {pages}",
    "date": "Date",
    "published_by": "Published by {publisher}",
    "front_note": "Note",
    "profile": "Municipality profile",
    "appendix": "Appendix",
    "footnotes": "Footnotes",
    "box_key_finding": "Key finding",
    "box_learning": "Learning point",
    "box_challenge": "Challenge and solution",
    "box_conclusion": "Conclusion",
    "total": "Total",
    "samlet": "Overall",
    "employee": "Employee",
    "employees": "Employees",
    "leader": "Manager",
    "leaders": "Managers",
    "all_municipalities": "All municipalities",
    "average_all": "Average of all municipalities",
    "municipality": "Municipality",
    "municipalities": "Municipalities",
    "group": "Group",
    "role": "Role",
    "wave": "Wave",
    "track": "Track {number}",
    "core_element": "Core element",
    "indicator": "Indicator",
    "question": "Question",
    "statement": "Statement",
    "n": "n",
    "n_header": "{label} (n={n})",
    "n_equals": "n={n}",
    "responses": "Number of responses",
    "response_rate": "Response rate",
    "invited": "Invited",
    "change": "Change",
    "change_since": "Change since {wave}",
    "rank": "Rank",
    "rank_of": "no. {rank} of {total}",
    "power_ranking": "Power ranking",
    "fidelity_mean": "Fidelity mean",
    "fidelity": "Fidelity",
    "median": "Median",
    "minimum": "Minimum",
    "maximum": "Maximum",
    "quartile_1": "1st quartile",
    "quartile_3": "3rd quartile",
    "interquartile": "Middle half (1st–3rd quartile)",
    "range": "Lowest–highest",
    "dont_know": "Don't know",
    "yes": "Yes",
    "no": "No",
    "other": "Other",
    "multiple_answers": "multiple answers possible",
    "percent_prose": "per cent",
    "pp": "percentage points",
    "pp_value": "{x} percentage points",
    "points": "points",
    "points_value": "{x} points",
    "legend_up": "Increase of more than {t}",
    "legend_same": "Change of {t} or less",
    "legend_down": "Decrease of more than {t}",
    "legend_title": "Change from {a} to {b}",
    "status_up": "increase",
    "status_same": "unchanged",
    "status_down": "decrease",
    "note_suppressed": "* Not shown for confidentiality (fewer than {n} responses, or the value could be worked out from the values shown).",
    "note_suppressed_sides": "* Not shown for confidentiality (fewer than {employee} responses from employees or {leader} from managers, or the value could be worked out from the values shown).",
    "note_blank": "Blank cells mean no responses.",
    "note_invalid_side": "* The mean is not shown because fewer than {n} of the questions were answered.",
    "note_dont_know": "“Don't know” answers are not included in the calculation.",
    "note_share_top": "Share of “{options}” answers to the statements: {statements}",
    "note_share_top_one": "Share of “{options}” answers to the statement: {statement}",
    "note_distribution": "Distribution of answers to the statement: “{question}”.",
    "note_project_leaders": "Project leaders are counted as employees, not as managers.",
    "note_sorted_alpha": "Municipalities are sorted alphabetically.",
    "note_sorted_by": "Municipalities are sorted by {column} at {wave}.",
    "note_total_row": "The bottom row shows the average across all {n} municipalities.",
    "note_total_row_waves": "The bottom row shows the average across the municipalities taking part in each wave ({counts}).",
    "n_at_wave": "{n} in {wave}",
    "note_mentioned_by": "Mentioned by {k} of {n} {group}.",
    "source_survey": "{project}, survey of employees and managers ({waves}).",
    "and": "and",
    "list_and": "{items} and {last}",
    "rose_by": "rose by {x} from {a} to {b}",
    "fell_by": "fell by {x} from {a} to {b}",
    "unchanged": "was unchanged at {a}",
    "rose_between": "rose by {x} between {from_wave} and {to_wave}",
    "fell_between": "fell by {x} between {from_wave} and {to_wave}",
    "unchanged_between": "was unchanged between {from_wave} and {to_wave}",
    "increase_of": "an increase of {x}",
    "decrease_of": "a decrease of {x}",
    "highest_in": "highest among {group}",
    "lowest_in": "lowest among {group}",
    "share_of": "{x} of {group}",
    "above_average": "above the average",
    "below_average": "below the average",
    "at_average": "at the average",
    "profile_rank_sentence": "{municipality} is no. {rank} of {total} municipalities in the power ranking at {wave}.",
    "movers": "Municipalities below the median at {first} and above the median at {last}",
}

STRINGS: dict[str, dict[str, str]] = {"da": DA, "en": EN}


def _merge_string_modules() -> None:
    """Merge ``DA``/``EN`` of every sibling module ``reporter.text.strings_*`` (e.g. strings_note)."""
    import importlib
    import pkgutil
    from pathlib import Path

    for info in sorted(pkgutil.iter_modules([str(Path(__file__).parent)]), key=lambda m: m.name):
        if not info.name.startswith("strings_"):
            continue
        module = importlib.import_module(f"{__package__}.{info.name}")
        for lang, table in STRINGS.items():
            extra: dict[str, str] = getattr(module, lang.upper(), {})
            clash = {k for k in extra if k in table and table[k] != extra[k]}
            if clash:
                raise ValueError(f"{info.name} redefines strings {sorted(clash)} for {lang!r}")
            table.update(extra)


_merge_string_modules()


def t(key: str, lang: str = "da", /, **kw: object) -> str:
    """The string ``key`` in ``lang`` with placeholders filled: t("rank_of", "da", rank=5, total=27)."""
    try:
        table = STRINGS[lang]
    except KeyError:
        raise ValueError(f"unknown language {lang!r}; known: {', '.join(STRINGS)}") from None
    try:
        template = table[key]
    except KeyError:
        raise KeyError(f"no string {key!r} for language {lang!r}") from None
    return template.format(**kw) if kw else template


def placeholders(template: str) -> set[str]:
    """The ``{names}`` a template expects."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def tn(key: str, n: int, lang: str = "da", /, **kw: object) -> str:
    """``t`` with the singular form ``<key>_one`` when ``n`` is 1 ("1 leder", "1 kerneelement") and the form
    ``<key>_zero`` when ``n`` is 0 and the language has one ("ingen ledere")."""
    for form, hit in ((f"{key}_one", n == 1), (f"{key}_zero", n == 0)):
        if hit and form in STRINGS[lang]:
            return t(form, lang, **kw)
    return t(key, lang, **kw)


def join_list(items: list[str], lang: str = "da") -> str:
    """"a, b og c" (en "a, b and c")."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return t("list_and", lang, items=", ".join(items[:-1]), last=items[-1])


def strings_for(lang: str) -> tuple[tuple[str, str], ...]:
    """All strings of a language as pairs, for ``Report.strings``."""
    return tuple(sorted(STRINGS[lang].items()))

