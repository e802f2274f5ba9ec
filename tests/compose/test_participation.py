"""Participation per wave: the number of municipalities in a wave comes from who took part, and a municipality
that left gets a note saying when — in the resumé, the intro, every municipality table and its profile."""

from __future__ import annotations

import re

import pytest

from example_projects import computed
from reporter.compose.note import build_note
from reporter.compose.profile import build_profile, profile_inputs
from reporter.model import FootnoteRef, KeyFinding, Paragraph, Table


@pytest.fixture(scope="module", params=["stv", "sof"])
def built(request):
    c = computed(request.param)
    return c, build_note(c.project, c.tables, project_dir=c.directory)


def _answered(c, wave: str) -> set[str]:
    """Municipalities with at least one respondent in a wave, from the data (not from the config)."""
    df = c.tables["responses_municipality"]
    rows = df[(df["wave"] == wave) & (df["municipality"] != "total") & (df["group"] == "total") & (df["value"] > 0)]
    return set(rows["municipality"].astype(str))


def test_the_resume_counts_the_municipalities_of_the_last_wave(built):
    c, note = built
    last = c.project.waves[-1].id
    finding = next(b for _, b in note.walk() if isinstance(b, KeyFinding) and "har besvaret" in b.text)
    stated = int(re.search(r"i (\d+) kommuner", finding.text).group(1))
    assert stated == len(_answered(c, last))
    if c.name == "sof":
        assert stated == 19


def test_who_left_is_footnoted_in_the_intro(built):
    c, note = built
    left = {m.name: c.project.left_after(m.name) for m in c.project.municipalities if c.project.left_after(m.name)}
    notes = [" ".join(x.text for x in part.content) for _, b in note.walk() if isinstance(b, Paragraph)
             for part in b.inlines if isinstance(part, FootnoteRef)]
    mentioned = [n for n in notes if "udgik af projektet" in n]
    if not left:
        assert not mentioned
        return
    assert len(mentioned) == 1
    for name, wave in left.items():
        assert f"{name} udgik af projektet efter {c.project.wave(wave).prose}" in mentioned[0]
    assert f"deltog {len(c.project.municipalities)} kommuner" in mentioned[0]
    # the municipality really has no answers after it left
    later = c.project.wave_ids[c.project.wave_ids.index(wave) + 1:]
    assert all(name not in _answered(c, w) for w in later)


def _municipality_tables(note) -> list[Table]:
    return [t for t in note.tables() if t.key in ("power_ranking", "fidelity_mean")
            or t.key.startswith("indicator_municipality_")]


def test_every_municipality_table_says_when_a_municipality_left(built):
    c, note = built
    for table in _municipality_tables(note):
        names = {r.cells[0].text for r in table.rows if r.kind == "body"}
        for name in names:
            after = c.project.left_after(name)
            says = any(f"{name} udgik af projektet efter" in n for n in table.notes)
            assert says == (after is not None), (table.key, name)
            if after is not None:
                assert any(c.project.wave(after).prose in n for n in table.notes if name in n)
        if any(c.project.left_after(n) for n in names):
            # the blank note stays only where a blank is not explained by the leaving
            blank = "Blanke felter er ensbetydende med manglende svar."
            if blank in table.notes:
                assert any(cell.status == "missing" for r in table.rows if r.kind == "body"
                           and not c.project.left_after(r.cells[0].text) for cell in r.cells[1:])


def test_the_total_row_note_counts_per_wave(built):
    c, note = built
    table = next(t for t in note.tables() if t.key == "fidelity_mean")
    counts = [len(c.project.municipalities_in(w.id)) for w in c.project.waves]
    text = next(n for n in table.notes if n.startswith("Nederst"))
    if len(set(counts)) == 1:
        assert f"alle {counts[0]} kommuner" in text
    else:
        for n, w in zip(counts, c.project.waves):
            assert f"{n} ved {w.prose}" in text


def test_the_profile_of_a_municipality_that_left_says_when():
    c = computed("sof")
    inputs = profile_inputs(c.project, c.tables)
    profile = build_profile(c.project, inputs, "Billund")
    lead = profile.sections[0].blocks[0].text
    assert "Billund udgik af projektet efter midtvejsmålingen" in lead
    assert "manglende svar" not in " ".join(n for t in profile.tables() for n in t.notes)


def test_participation_from_the_configuration():
    from reporter.compose.participation import left_sentences

    p = computed("sof").project
    assert [len(p.municipalities_in(w)) for w in p.wave_ids] == [20, 20, 19]
    assert {m.name: p.left_after(m.name) for m in p.municipalities if p.left_after(m.name)} == {"Billund": "midtvejs"}
    assert left_sentences(p) == ["Billund udgik af projektet efter midtvejsmålingen og indgår derfor ikke i "
                                 "slutmålingen."]
    # a municipality that missed the middle wave did not leave: it is named as not taking part
    munis = [m.model_copy(update={"waves": ["nulpunkt", "afslutning"]}) if m.name == "Odder" else m
             for m in p.municipalities]
    gap = p.model_copy(update={"municipalities": munis})
    assert gap.left_after("Odder") is None
    assert "Odder deltog ikke i midtvejsmålingen." in left_sentences(gap)
    assert computed("stv").project.left_after("Ballerup") is None and not left_sentences(computed("stv").project)
