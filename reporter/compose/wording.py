"""Project wording derived from project.yaml: the answer options that count as fidelity, the ends of the scale,
the roles an item was put to — so that no sentence carries one project's scale labels or role names into another.
"""

from __future__ import annotations

from collections import Counter

from reporter.config import Project
from reporter.config.models import Scale
from reporter.text.strings import join_list, t


def quoted(text: str, lang: str) -> str:
    """”Helt enig” (Danish quotation marks; English “…”)."""
    return f"”{text}”" if lang == "da" else f"“{text}”"


def fidelity_scale(project: Project) -> Scale | None:
    """The scale most fidelity items are answered on (None without fidelity items)."""
    scales = Counter(project.item(i).scale for i in project.fidelity_items())
    return project.scales[scales.most_common(1)[0][0]] if scales else None


def top_options(project: Project, conjunction: str = "and") -> str:
    """'”Helt enig” og ”Delvis enig”' — the options counted as fidelity (top box), quoted and joined."""
    lang = project.language
    scale = fidelity_scale(project)
    labels = [o.label for o in scale.options if o.top] if scale else []
    if not labels:
        return ""
    quoted_labels = [quoted(x, lang) for x in labels]
    if len(quoted_labels) == 1:
        return quoted_labels[0]
    word = t("word_or", lang) if conjunction == "or" else None
    if word:
        return f"{', '.join(quoted_labels[:-1])} {word} {quoted_labels[-1]}"
    return join_list(quoted_labels, lang)


def scale_ends(project: Project) -> tuple[str, str]:
    """The first and last scored option of the fidelity scale, quoted (”Helt enig”, ”Helt uenig”)."""
    scale = fidelity_scale(project)
    scored = [o.label for o in scale.options if not o.dont_know] if scale else []
    if not scored:
        return "", ""
    return quoted(scored[0], project.language), quoted(scored[-1], project.language)


def means_note(project: Project, items: list[str]) -> str:
    """'Gennemsnit blandt de adspurgte medarbejdere.' when the items went to a whole side, else 'Gennemsnit
    blandt de adspurgte i funktionerne sagsbehandler og virksomhedskonsulent.' (the project's own roles)."""
    lang = project.language
    role_ids = list(dict.fromkeys(r for i in items for r in (project.item(i).roles or [x.id for x in project.roles])))
    roles = [project.role(r) for r in role_ids]
    if {r.id for r in roles} == {r.id for r in project.roles}:
        return t("note_means_all", lang)
    for side in ("employee", "leader"):
        whole = {r.id for r in project.roles if r.side == side}
        if set(role_ids) == whole:
            return t("note_means_side", lang, side=t(f"{side}s", lang).lower())
    names = [r.label[:1].lower() + r.label[1:] if lang == "da" and r.label[1:2].islower() else r.label for r in roles]
    return t("note_means_roles", lang, roles=join_list(names, lang))
