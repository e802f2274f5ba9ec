"""Danish (or English) sentences written from numbers: changes between waves, largest movers.

Every sentence is a template from ``reporter.text.strings``; this module only decides which template
and fills in formatted numbers, so an English note needs no change here.
"""

from __future__ import annotations

import math

from reporter.compose.cells import Formatter
from reporter.config import Project
from reporter.text.numbers import round_half_away
from reporter.text.strings import join_list, t


def shown_pp(va: float, vb: float) -> int:
    """The change from share ``va`` to ``vb`` as the reader computes it from the two printed percentages
    (43 % → 44 % is 1 pct.-point even when the exact change is 0,6)."""
    return int(round_half_away(vb * 100, 0) - round_half_away(va * 100, 0))


VARIANTS = 3   # figure intros cycle through this many wordings, so consecutive paragraphs do not repeat


def variant_key(key: str, position: int) -> str:
    """``key``, ``key_2``, ``key_3``, … for the figure at ``position`` of a run of similar figures."""
    k = position % VARIANTS
    return key if k == 0 else f"{key}_{k + 1}"


def change_clause(project: Project, fmt: Formatter, a: str, b: str, va: float | None, vb: float | None) -> str | None:
    """'steg med 7 pct.-point fra startmålingen til midtvejsmålingen' (or fell / was unchanged)."""
    if va is None or vb is None or math.isnan(va) or math.isnan(vb):
        return None
    lang = project.language
    pp = shown_pp(va, vb)
    wa, wb = project.wave(a).prose, project.wave(b).prose
    if pp > 0:
        return t("rose_by", lang, x=fmt.pp(pp / 100), a=wa, b=wb)
    if pp < 0:
        return t("fell_by", lang, x=fmt.pp(-pp / 100), a=wa, b=wb)
    return t("unchanged_between", lang, from_wave=wa, to_wave=wb)


def index_paragraph(project: Project, fmt: Formatter, index_label: str, total: dict[str, float],
                    groups: dict[str, dict[str, float]], position: int = 0) -> str:
    """A paragraph on one index: the total's path across waves and the group that moved most.

    ``total`` maps wave id → share; ``groups`` maps group label → (wave id → share).
    """
    lang = project.language
    waves = project.wave_ids
    clauses = []
    for a, b in zip(waves, waves[1:]):
        clause = change_clause(project, fmt, a, b, total.get(a), total.get(b))
        if clause:
            clauses.append(clause)
    last = total.get(waves[-1])
    parts = []
    if clauses:
        parts.append(t("index_total_path", lang, label=index_label.lower() if lang == "da" else index_label,
                       path=join_list(clauses, lang),
                       level=fmt.percent(last), wave=project.wave(waves[-1]).prose))
    first, final = waves[0], waves[-1]
    valid = {g: v for g, v in groups.items() if v.get(first) is not None and v.get(final) is not None
             and not math.isnan(v[first]) and not math.isnan(v[final])}
    moves = {g: shown_pp(v[first], v[final]) for g, v in valid.items()}
    exact = {g: v[final] - v[first] for g, v in valid.items()}
    if moves:
        # the printed change decides; a tie of printed changes goes to the larger exact change
        best = max(moves, key=lambda g: (moves[g], exact[g], g))
        worst = min(moves, key=lambda g: (moves[g], exact[g], g))
        if moves[best] > 0:
            parts.append(t(variant_key("largest_rise", position), lang, group=best, x=fmt.pp(moves[best] / 100),
                           a=project.wave(first).prose, b=project.wave(final).prose))
        if moves[worst] < 0:
            parts.append(t(variant_key("largest_fall", position), lang, group=worst, x=fmt.pp(-moves[worst] / 100)))
    return " ".join(parts)


def options_paragraph(project: Project, fmt: Formatter, figure, position: int = 0) -> str:
    """'Figur 12 viser svarfordelingen. Ved slutmålingen er det hyppigste svar »Ja« med 78 %, mod 71 % ved
    startmålingen.' — the most chosen option in the latest wave shown, compared with the first wave shown."""
    lang = project.language
    by_label = {w.label: w for w in project.waves}
    waves = [(by_label.get(s.name), s) for s in figure.series]
    waves = [(w, s) for w, s in waves if w is not None and any(v is not None for v in s.values)]
    if not waves or not figure.categories:
        return t("other_ref", lang, key=figure.key)
    last_wave, last = waves[-1]
    top = max(range(len(figure.categories)), key=lambda i: (last.values[i] if last.values[i] is not None else -1, -i))
    change = ""
    if len(waves) > 1 and waves[0][1].values[top] is not None:
        first_wave, first = waves[0]
        change = t("options_change", lang, share=fmt.percent(first.values[top]), wave=first_wave.prose)
    if figure.value_format == "number":
        return t("means_text", lang, key=figure.key, wave=last_wave.prose, option=figure.categories[top].split(": ")[0],
                 value=fmt.number(last.values[top], 1))
    intro = t(variant_key("options_ref", position), lang, key=figure.key)
    return t("options_text", lang, intro=intro, wave=last_wave.prose, option=figure.categories[top],
             share=fmt.percent(last.values[top]), change=change)
