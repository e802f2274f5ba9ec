"""Participation per wave: how many municipalities took part in each wave, and who left the project when.

Read from ``municipalities[].waves`` in project.yaml (a municipality listed with ``waves: [nulpunkt, midtvejs]``
left after the midway wave). A blank cell in a wave a municipality did not take part in is explained by the
note saying when it left, not as a missing answer.
"""

from __future__ import annotations

from reporter.config import Project
from reporter.text.strings import join_list, t


def count_in(project: Project, wave_id: str) -> int:
    """Municipalities taking part in a wave."""
    return len(project.municipalities_in(wave_id))


def absent(project: Project, name: str, wave_id: str) -> bool:
    """Whether a municipality of the project did not take part in a wave."""
    names = {m.name for m in project.municipalities}
    return name in names and wave_id not in project.municipality_waves(name)


def left_sentences(project: Project) -> list[str]:
    """'Billund udgik af projektet efter midtvejsmålingen og indgår derfor ikke i slutmålingen.', one per
    municipality that left; 'X deltog ikke i …' for one that missed waves otherwise (joined late, a gap)."""
    lang = project.language
    out = []
    for m in project.municipalities:
        waves = project.municipality_waves(m.name)
        missing = [w for w in project.waves if w.id not in waves]
        if not missing:
            continue
        after = project.left_after(m.name)
        later = [w for w in missing if after is not None and project.wave_ids.index(w.id) > project.wave_ids.index(after)]
        if after is not None and later == missing:
            out.append(t("left_after", lang, name=m.name, wave=project.wave(after).prose,
                         missing=join_list([w.prose for w in later], lang)))
        else:
            out.append(t("absent_waves", lang, name=m.name, missing=join_list([w.prose for w in missing], lang)))
    return out


def table_note(project: Project) -> str:
    """The note under a municipality table when somebody left ('' when all took part throughout)."""
    return " ".join(left_sentences(project))


def footnote(project: Project) -> str:
    """The intro's footnote: how many started, who left when ('' when all took part throughout)."""
    sentences = left_sentences(project)
    if not sentences:
        return ""
    lang = project.language
    return " ".join([t("participation_start", lang, n=count_in(project, project.waves[0].id)), *sentences])


def total_row_note(project: Project) -> str:
    """'Nederst i tabellen ses gennemsnittet på tværs af alle 27 kommuner.', or per wave when the number of
    municipalities changed ('… de kommuner, der deltog i hver måling (20 ved …, 19 ved …)')."""
    lang = project.language
    counts = [count_in(project, w.id) for w in project.waves]
    if len(set(counts)) <= 1:
        return t("note_total_row", lang, n=counts[0] if counts else len(project.municipalities))
    parts = [t("n_at_wave", lang, n=n, wave=w.prose) for n, w in zip(counts, project.waves)]
    return t("note_total_row_waves", lang, counts=join_list(parts, lang))
