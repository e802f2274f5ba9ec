"""The rules of tests/compose/test_disclosure.py, test_secondary_suppression.py, test_participation.py,
test_prose_numbers.py and test_wording.py on a constructed project (tests/constructed_project.py): small groups,
a municipality that leaves after the first wave, no tracks, two waves."""

from __future__ import annotations

import re

import pytest

from constructed_project import GROUPS, write_project
from displayed_relations import hidden_cells, recoverable, side_table_relations
from example_projects import computed
from report_text import project_only_phrases, report_texts
from reporter.compose.disclosure import suppression_note
from reporter.compose.note import build_note
from reporter.compose.profile import build_profile, profile_inputs
from reporter.model import Figure, FootnoteRef, KeyFinding, Paragraph, Table


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from reporter.data.load import load_survey
    from reporter.metrics.compute import compute_all

    directory = write_project(tmp_path_factory.mktemp("constructed"))
    project, survey = load_survey(directory)
    tables = compute_all(project, survey)
    note = build_note(project, tables, project_dir=directory)
    inputs = profile_inputs(project, tables)
    profiles = {m.name: build_profile(project, inputs, m.name) for m in project.municipalities}
    return project, tables, note, inputs, profiles


def _table(note, key: str) -> Table:
    return next(t for t in note.tables() if t.key == key)


def test_small_groups_are_hidden_and_nothing_hidden_is_recoverable(built):
    project, _tables, note, _inputs, _profiles = built
    waves = len(project.waves)
    for key in ("power_ranking", "fidelity_mean"):
        table = _table(note, key)
        secret = hidden_cells(table)
        assert secret, key
        assert not recoverable(side_table_relations(table, waves), secret), key
        # every employee group below the rule (Borup before, Dalby after) shows '*'
        for (name, wave), (advisers, _chiefs) in GROUPS.items():
            if 0 < advisers < project.thresholds.for_side("employee"):
                row = next(r for r in table.rows if r.kind == "body" and r.cells[0].text == name)
                assert row.cells[1 + project.wave_ids.index(wave)].text == "*", (key, name, wave)


def test_every_star_is_explained_and_only_there(built):
    project, _tables, note, _inputs, profiles = built
    expected = suppression_note(project)
    for report in [note, *profiles.values()]:
        for block in [b for _, b in report.walk() if isinstance(b, (Table, Figure))]:
            star = (any(c.text == "*" for r in block.rows for c in r.cells) if isinstance(block, Table)
                    else any("*" in s.labels for s in block.series))
            assert [n for n in block.notes if n.startswith("*")] == ([expected] if star else []), block.key


def test_note_and_profiles_hide_the_same_cells_and_ranks_count_displayed_values(built):
    project, _tables, note, inputs, profiles = built
    mean = _table(note, "fidelity_mean")
    waves = len(project.waves)
    for name, profile in profiles.items():
        wave = project.municipality_waves(name)[-1]
        w = project.wave_ids.index(wave)
        row = next(r for r in mean.rows if r.kind == "body" and r.cells[0].text == name)
        table = next(t for t in profile.tables() if t.key == "profile_mean")
        for i in range(3):
            assert (row.cells[1 + i * waves + w].text == "*") == (table.rows[1 + i].cells[2].text == "*"), name
    ranking = _table(note, "power_ranking")
    last = len(ranking.rows[2].cells) - 1
    shown = [r.cells[last].value for r in ranking.rows if r.kind == "body" and r.cells[last].text not in ("*", "")]
    for name, (rank, of) in inputs.ranks[project.waves[-1].id].items():
        assert of == len(shown)


def test_participation_is_counted_per_wave_and_the_leaving_is_footnoted(built):
    project, _tables, note, _inputs, profiles = built
    finding = next(b for _, b in note.walk() if isinstance(b, KeyFinding) and "har besvaret" in b.text)
    assert "i 4 kommuner" in finding.text
    footnotes = [" ".join(x.text for x in p.content) for _, b in note.walk() if isinstance(b, Paragraph)
                 for p in b.inlines if isinstance(p, FootnoteRef)]
    assert any("Egeby udgik af projektet efter førmålingen" in f and "deltog 5 kommuner" in f for f in footnotes)
    for key in ("power_ranking", "fidelity_mean"):
        assert any(n.startswith("Egeby udgik af projektet efter førmålingen") for n in _table(note, key).notes)
    assert "Egeby udgik af projektet efter førmålingen" in profiles["Egeby"].sections[0].blocks[0].text
    total = next(n for n in _table(note, "fidelity_mean").notes if n.startswith("Nederst"))
    assert "5 ved førmålingen og 4 ved eftermålingen" in total


def test_no_track_project_has_no_indicator_or_track_sections(built):
    _project, _tables, note, _inputs, profiles = built
    keys = [t.key for t in note.tables()]
    assert not any(k.startswith(("indicator_", "method")) for k in keys)
    text = "\n".join(report_texts(note))
    assert not re.search(r"\b[Ss]por(et)?\b", text) and "indikatorer" not in text
    assert all("0 af 0" not in t for p in profiles.values() for t in report_texts(p))


def test_prose_states_the_printed_values(built):
    project, _tables, note, _inputs, _profiles = built
    mean = next(b for _, b in note.walk() if isinstance(b, KeyFinding) and "fidelitetsgennemsnit" in b.text)
    x, y = re.search(r"gik fra (\d,\d\d) ved \w+ til (\d,\d\d) ved", mean.text).groups()
    total = next(r for r in _table(note, "fidelity_mean").rows if r.kind == "total")
    waves = len(project.waves)
    assert (total.cells[1 + 2 * waves].text, total.cells[3 * waves].text) == (x, y)


def test_wording_is_this_projects_own(built):
    project, _tables, note, _inputs, profiles = built
    texts = [t for r in [note, *profiles.values()] for t in report_texts(r)]
    text = "\n".join(texts)
    for name in ("stv", "sof"):
        for phrase in project_only_phrases(computed(name), project):
            pattern = r"(?<![\wæøå-])" + re.escape(phrase) + r"(?![\wæøå])"
            assert not re.search(pattern, text), (name, phrase)
    wrong = re.compile(r"(?<![\d.,])(?:1 (?:ledere|medarbejdere|kommuner|besvarelser)|0 ledere|0 medarbejdere"
                       r"|på 0 af \d+)\b")
    assert not [t for t in texts if wrong.search(t)]
    for role in project.roles:
        assert f"blandt {role.label}" not in text


def test_arrows_only_between_displayed_values_and_the_resume_adds_up(built):
    project, _tables, note, _inputs, _profiles = built
    waves = len(project.waves)
    for key in ("power_ranking", "fidelity_mean"):
        rule = project.thresholds.change[key]
        a, b = project.wave_ids.index(rule.from_), project.wave_ids.index(rule.to)
        for row in [r for r in _table(note, key).rows if r.kind in ("body", "total")]:
            for side in range(3):
                if row.cells[1 + side * waves + b].status in ("up", "same", "down"):
                    assert row.cells[1 + side * waves + a].text not in ("*", ""), (key, row.cells[0].text)
    finding = next(b for _, b in note.walk() if isinstance(b, KeyFinding) and b.headline == "Kommunernes udvikling")
    up, same, down = (int(x) for x in re.search(
        r"har (\d+) kommuner? forbedret .*?, (\d+) ligger stabilt, og (\d+) er faldet", finding.text).groups())
    rest = re.search(r"(\d+) kommuner? kan ikke vurderes", finding.text)
    body = [r for r in _table(note, "power_ranking").rows if r.kind == "body"]
    statuses = [r.cells[-1].status for r in body]
    assert (up, same, down) == (statuses.count("up"), statuses.count("same"), statuses.count("down"))
    assert up + same + down + (int(rest.group(1)) if rest else 0) == len(body)
