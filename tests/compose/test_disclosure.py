"""One disclosure rule in every document, stated in general and checked on both example projects: the note
and the profiles show the same cells, ranks count displayed values only, every "*" is explained where it
is, arrows only between displayed values, and the resumé's counts add up."""

from __future__ import annotations

import re

import pytest

from example_projects import computed
from reporter.compose.disclosure import suppression_note
from reporter.compose.note import build_note
from reporter.compose.profile import build_profile, profile_inputs
from reporter.model import Figure, KeyFinding, Table


@pytest.fixture(scope="module", params=["stv", "sof"])
def docs(request):
    c = computed(request.param)
    note = build_note(c.project, c.tables, project_dir=c.directory)
    inputs = profile_inputs(c.project, c.tables)
    profiles = {m.name: build_profile(c.project, inputs, m.name) for m in c.project.municipalities}
    return c, note, inputs, profiles


def _stars(block) -> bool:
    if isinstance(block, Table):
        return any(cell.text == "*" for row in block.rows for cell in row.cells)
    return any("*" in s.labels for s in block.series)


def test_every_star_is_explained_and_only_there(docs):
    c, note, _inputs, profiles = docs
    expected = suppression_note(c.project)
    for report in [note, *profiles.values()]:
        for block in [b for _, b in report.walk() if isinstance(b, (Table, Figure))]:
            star_notes = [n for n in block.notes if n.startswith("*")]
            if _stars(block):
                assert star_notes == [expected], (report.front.title, block.caption)
            else:
                assert star_notes == [], (report.front.title, block.caption)
    # the note names the project's actual thresholds
    th = c.project.thresholds
    assert str(th.for_side("employee")) in expected and str(th.for_side("leader")) in expected
    assert "færre end 1 besvarelser" not in expected


def test_blank_note_only_under_tables_with_blanks(docs):
    _c, note, _inputs, _profiles = docs
    blank = "Blanke felter er ensbetydende med manglende svar."
    for table in note.tables():
        has_blank = any(r.kind != "header" and cell.status == "missing" for r in table.rows for cell in r.cells)
        assert (blank in table.notes) <= has_blank, table.caption


def _ranking_table(note):
    return next(t for t in note.tables() if t.key == "power_ranking")


def test_note_order_and_profile_rank_agree_for_every_municipality(docs):
    c, note, inputs, profiles = docs
    table = _ranking_table(note)
    body = [r for r in table.rows if r.kind == "body"]
    last = len(body[0].cells) - 1                 # Samlet at the last wave is the last column
    shown = [(r.cells[0].text, r.cells[last].value) for r in body if r.cells[last].text not in ("*", "")]
    hidden = {r.cells[0].text for r in body if r.cells[last].text in ("*", "")}
    assert [v for _, v in shown] == sorted((v for _, v in shown), reverse=True)
    wave = c.project.waves[-1].id
    for position, (name, value) in enumerate(shown, start=1):
        rank, of = inputs.ranks[wave][name]
        better = sum(1 for _, v in shown if round(v, 12) > round(value, 12))
        assert (rank, of) == (better + 1, len(shown)), name
        lead = profiles[name].sections[0].blocks[0].text
        assert f"nr. {rank} af {of}" in lead, name
    for name in hidden:
        if name in profiles and c.project.municipality_waves(name)[-1] == wave:
            assert name not in inputs.ranks[wave]
            assert "nr." not in profiles[name].sections[0].blocks[0].text


def test_the_note_and_the_profile_hide_the_same_cells(docs):
    c, note, _inputs, profiles = docs
    wave = c.project.waves[-1]
    mean = next(t for t in note.tables() if t.key == "fidelity_mean")
    waves = len(c.project.waves)
    for row in [r for r in mean.rows if r.kind == "body"]:
        name = row.cells[0].text
        if name not in profiles or c.project.municipality_waves(name)[-1] != wave.id:
            continue
        note_cells = {side: row.cells[1 + i * waves + waves - 1] for i, side in enumerate(("employee", "leader", "samlet"))}
        profile_mean = next(t for t in profiles[name].tables() if t.key == "profile_mean")
        prof = {side: profile_mean.rows[1 + i].cells[2] for i, side in enumerate(("employee", "leader", "samlet"))}
        for side in note_cells:
            assert (note_cells[side].text == "*") == (prof[side].text == "*"), (name, side)
            if note_cells[side].value is not None:
                assert note_cells[side].text.split()[-1] == prof[side].text.split()[-1], (name, side)


def test_arrows_only_between_displayed_values(docs):
    c, note, _inputs, _profiles = docs
    waves = len(c.project.waves)
    for key in ("power_ranking", "fidelity_mean"):
        rule = c.project.thresholds.change.get(key)
        if rule is None:
            continue
        a = c.project.wave_ids.index(rule.from_)
        b = c.project.wave_ids.index(rule.to)
        table = next(t for t in note.tables() if t.key == key)
        for row in [r for r in table.rows if r.kind in ("body", "total")]:
            for side in range(3):
                to_cell = row.cells[1 + side * waves + b]
                from_cell = row.cells[1 + side * waves + a]
                if to_cell.status in ("up", "same", "down"):
                    assert from_cell.text not in ("*", "") and to_cell.text != "*", (key, row.cells[0].text)


def test_resume_ranking_counts_add_up_to_the_table(docs):
    c, note, _inputs, _profiles = docs
    finding = next((b for _, b in note.walk() if isinstance(b, KeyFinding) and b.headline == "Kommunernes udvikling"), None)
    if finding is None:
        pytest.skip("the project has no power-ranking change rule")
    numbers = [int(x) for x in re.findall(r"(\d+) kommun", finding.text)]
    improved, stable_down = int(re.search(r"har (\d+) kommuner?", finding.text).group(1)), None
    counts = re.search(r"har (\d+) kommuner? forbedret .*?, (\d+) ligger stabilt, og (\d+) er faldet", finding.text)
    up, same, down = (int(x) for x in counts.groups())
    unclassified = re.search(r"(\d+) kommuner? kan ikke vurderes", finding.text)
    rest = int(unclassified.group(1)) if unclassified else 0
    table = _ranking_table(note)
    rows = [r for r in table.rows if r.kind == "body"]
    assert up + same + down + rest == len(rows)
    statuses = [r.cells[-1].status for r in rows]
    assert (up, same, down) == (statuses.count("up"), statuses.count("same"), statuses.count("down"))
    assert improved == up and numbers


def test_template_names_hide_what_the_tables_hide(docs):
    """A template expression cannot print a value the disclosure rule hides (it reads as missing)."""
    import math

    from reporter.compose.template.facts import document_facts

    c, _note, _inputs, _profiles = docs
    facts = document_facts(c.project, c.tables)
    for key in ("fidelity_mean", "power_ranking"):
        table = c.tables[key]
        hidden = table[table["suppressed"].fillna(False).astype(bool) & table["value"].notna()]
        assert len(hidden), key
        for r in hidden.itertuples():
            assert math.isnan(facts[key][str(r.municipality)][str(r.group)][str(r.wave)]), (key, r.municipality)
        shown = table[~table["suppressed"].fillna(False).astype(bool) & table["value"].notna()].iloc[0]
        assert facts[key][str(shown["municipality"])][str(shown["group"])][str(shown["wave"])] == shown["value"]
