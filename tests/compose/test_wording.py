"""Project wording: nothing specific to one project leaks into another project's note; counts agree in number."""

from __future__ import annotations

import re

from example_projects import computed
from reporter.compose.note import build_note
from reporter.compose.profile import build_profile, profile_inputs
from reporter.model import Figure, KeyFinding, ListBlock, Paragraph, Table


def _texts(report) -> list[str]:
    out = []
    for section, block in report.walk():
        out.append(section.title)
        if isinstance(block, (Paragraph, KeyFinding)):
            out.append(block.text)
        elif isinstance(block, Table):
            out += [block.caption, *block.notes] + [c.text for r in block.rows for c in r.cells]
        elif isinstance(block, Figure):
            out += [block.caption, *block.notes, block.alt_text, *block.categories]
        elif isinstance(block, ListBlock):
            out += [i.text for i in block.items]
    return out


def test_no_stv_phrase_in_the_sof_note():
    stv, sof = computed("stv"), computed("sof")
    text = "\n".join(_texts(build_note(sof.project, sof.tables, project_dir=sof.directory)))
    stv_only = ({r.label for r in stv.project.roles} - {r.label for r in sof.project.roles}) | {
        "ordinære timer", "Sporet omfatter", "STV", stv.project.wording.belief}
    for phrase in stv_only:
        assert phrase not in text, phrase


def test_each_project_says_its_own_belief_sentence():
    for name in ("stv", "sof"):
        c = computed(name)
        text = _texts(build_note(c.project, c.tables, project_dir=c.directory))
        assert c.project.wording.belief in text


def test_counts_agree_in_number():
    """No '1 ledere', '1 kerneelementer', '1 medarbejdere' anywhere in notes or profiles."""
    wrong = re.compile(r"(?<![\d.,])1 (ledere|medarbejdere|kerneelementer|kommuner)\b")
    for name in ("stv", "sof"):
        c = computed(name)
        reports = [build_note(c.project, c.tables, project_dir=c.directory)]
        inputs = profile_inputs(c.project, c.tables)
        reports += [build_profile(c.project, inputs, m.name) for m in c.project.municipalities]
        for report in reports:
            for text in _texts(report):
                assert not wrong.search(text), (report.front.title, text)


def _project_only_phrases(this, other) -> set[str]:
    """Phrases that belong to project ``this`` and not to ``other``, derived from both configurations: role
    labels (as written and in lower case), answer option labels of the scales, wave names in prose, track
    labels, the project's name and belief sentence."""
    from reporter.text.strings import t

    p, q = this.project, other.project
    generic = {t(k, q.language).casefold() for k in ("employee", "leader", "employees", "leaders", "total")}
    phrases = set()
    for role in p.roles:
        if role.label.casefold() not in {r.label.casefold() for r in q.roles} | generic:
            low = role.label.lower()
            phrases |= {role.label, low, low + "e", low + "er", low + "ne", low + "erne"}   # plural forms too
    other_options = {o.label.casefold() for s in q.scales.values() for o in s.options}
    for scale in {p.item(i).scale for i in p.fidelity_items()}:
        for option in p.scales[scale].options:
            if option.label.casefold() not in other_options:
                phrases.add(f"”{option.label}”")
    phrases |= {w.prose for w in p.waves} - {w.prose for w in q.waves}
    phrases |= {t.label for t in p.tracks} - {t.label for t in q.tracks}
    phrases |= {p.name, p.wording.belief} - {""}
    return phrases


def test_no_phrase_of_the_other_project_derived_from_its_config():
    stv, sof = computed("stv"), computed("sof")
    for this, other in ((stv, sof), (sof, stv)):
        text = "\n".join(_texts(build_note(other.project, other.tables, project_dir=other.directory)))
        for phrase in _project_only_phrases(this, other):
            pattern = r"(?<![\wæøå-])" + re.escape(phrase) + r"(?![\wæøå])"
            assert not re.search(pattern, text), (other.name, phrase)
        if not other.project.tracks:
            assert not re.search(r"\b[Ss]por(et)?\b", text)


def test_no_role_label_after_blandt():
    """'blandt Mentor' is wrong Danish (a role label is a singular noun); sentences name the group as subject."""
    for name in ("stv", "sof"):
        c = computed(name)
        text = "\n".join(_texts(build_note(c.project, c.tables, project_dir=c.directory)))
        for role in c.project.roles:
            assert f"blandt {role.label}" not in text, (name, role.label)
            assert f"blandt {role.label.lower()} " not in text, (name, role.label)


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


def test_no_sentence_repeats_in_consecutive_paragraphs():
    """With the numbers masked (Figur 9 / Figur 10 …), no sentence of one paragraph comes back in the next one:
    figure intros vary."""
    mask = re.compile(r"\d+(?:[.,]\d+)?")
    for name in ("stv", "sof"):
        c = computed(name)
        reports = [build_note(c.project, c.tables, project_dir=c.directory)]
        inputs = profile_inputs(c.project, c.tables)
        reports += [build_profile(c.project, inputs, m.name) for m in c.project.municipalities[:3]]
        for report in reports:
            previous: set[str] = set()
            for _, block in report.walk():
                if not isinstance(block, (Paragraph, KeyFinding)):
                    continue
                current = {mask.sub("#", s) for s in _sentences(block.text)}
                assert not current & previous, (name, current & previous)
                previous = current


def test_zero_and_one_read_as_danish():
    """No '0 ledere', 'på 0 af 6 indikatorer', '1 indikatorer' … in notes and profiles."""
    wrong = re.compile(r"(?<![\d.,])(?:1 (?:indikatorer|besvarelser|målinger|funktioner)|0 ledere|0 medarbejdere"
                       r"|på 0 af \d+)\b")
    for name in ("stv", "sof"):
        c = computed(name)
        reports = [build_note(c.project, c.tables, project_dir=c.directory)]
        inputs = profile_inputs(c.project, c.tables)
        reports += [build_profile(c.project, inputs, m.name) for m in c.project.municipalities]
        for report in reports:
            for text in _texts(report):
                assert not wrong.search(text), (report.front.title, text)
