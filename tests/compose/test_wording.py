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
