"""Project wording: nothing specific to one project leaks into another project's note; counts agree in number."""

from __future__ import annotations

import functools
import re

from example_projects import computed
from report_text import project_only_phrases, report_texts
from reporter.compose.note import build_note
from reporter.compose.profile import build_profile, profile_inputs
from reporter.model import KeyFinding, Paragraph


def test_no_stv_phrase_in_the_sof_note():
    stv, sof = computed("stv"), computed("sof")
    text = "\n".join(report_texts(build_note(sof.project, sof.tables, project_dir=sof.directory)))
    # SOF's own words (its raw work functions and answer options, e.g. the work function "Virksomhedskonsulent"
    # of its Tabel 2) are not a leak, even where STV uses the same word as a role
    sof_words = {raw for r in sof.project.roles for raw in r.raw} | {
        o.label for scale in sof.project.scales.values() for o in scale.options}
    stv_only = ({r.label for r in stv.project.roles} - {r.label for r in sof.project.roles} - sof_words) | {
        "ordinære timer", "Sporet omfatter", "STV", stv.project.wording.belief}
    for phrase in stv_only:
        assert phrase not in text, phrase


def test_each_project_says_its_own_belief_sentence():
    for name in ("stv", "sof"):
        c = computed(name)
        text = report_texts(build_note(c.project, c.tables, project_dir=c.directory))
        assert c.project.wording.belief in text


@functools.cache
def notes_and_profiles() -> tuple:
    """The note and every profile of the STV and SOF fixtures, built once for the tests that read them all."""
    reports = []
    for name in ("stv", "sof"):
        c = computed(name)
        reports.append(build_note(c.project, c.tables, project_dir=c.directory))
        inputs = profile_inputs(c.project, c.tables)
        reports += [build_profile(c.project, inputs, m.name) for m in c.project.municipalities]
    return tuple(reports)


def test_counts_agree_in_number():
    """No '1 ledere', '1 kerneelementer', '1 medarbejdere' anywhere in notes or profiles."""
    wrong = re.compile(r"(?<![\d.,])1 (ledere|medarbejdere|kerneelementer|kommuner)\b")
    for report in notes_and_profiles():
        for text in report_texts(report):
            assert not wrong.search(text), (report.front.title, text)


def test_no_phrase_of_the_other_project_derived_from_its_config():
    stv, sof = computed("stv"), computed("sof")
    for this, other in ((stv, sof), (sof, stv)):
        text = "\n".join(report_texts(build_note(other.project, other.tables, project_dir=other.directory)))
        for phrase in project_only_phrases(this, other):
            pattern = r"(?<![\wæøå-])" + re.escape(phrase) + r"(?![\wæøå])"
            assert not re.search(pattern, text), (other.name, phrase)
        if not other.project.tracks:
            assert not re.search(r"\b[Ss]por(et)?\b", text)


def test_no_role_label_after_blandt():
    """'blandt Mentor' is wrong Danish (a role label is a singular noun); sentences name the group as subject."""
    for name in ("stv", "sof"):
        c = computed(name)
        text = "\n".join(report_texts(build_note(c.project, c.tables, project_dir=c.directory)))
        for role in c.project.roles:
            assert f"blandt {role.label}" not in text, (name, role.label)
            assert f"blandt {role.label.lower()} " not in text, (name, role.label)


def _sentences(text: str) -> list[str]:
    """Sentences end at . ! ? before a capital or a digit; "51 pct. ved slutmålingen" (prose says "pct.") and
    "nr. 3" are one sentence."""
    return [s.strip() for s in re.split(r"(?<!\bnr\.)(?<=[.!?])\s+(?=[A-ZÆØÅ\d])", text) if s.strip()]


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
    for report in notes_and_profiles():
        for text in report_texts(report):
            assert not wrong.search(text), (report.front.title, text)
