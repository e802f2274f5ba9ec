"""A difference stated in prose equals the difference of the rounded values the reader sees next to it: every
"steg/faldt med N pct.-point", "var uændret", "har den største stigning (N pct.-point)", "et fald på N" of the
figure paragraphs and the resumé, read from the sentences and checked against the printed figure labels and
table cells of both example notes."""

from __future__ import annotations

import re

import pytest

from example_projects import computed
from reporter.compose.note import build_note
from reporter.model import Figure, KeyFinding, Paragraph

PP = r"(\d+) pct\.-point"


def _plain(text: str) -> str:
    return text.replace("\xa0", " ").replace("\u2011", "-").replace("\u202f", " ")


def _pct(text: str) -> int | None:
    m = re.fullmatch(r"(-?\d+) ?%", _plain(text).strip())
    return int(m.group(1)) if m else None


@pytest.fixture(scope="module", params=["stv", "sof"])
def built(request):
    c = computed(request.param)
    return c, build_note(c.project, c.tables, project_dir=c.directory)


def _figure_paragraphs(note) -> list[tuple[str, Figure]]:
    """(paragraph text, the figure it introduces) for every paragraph naming a figure (first one named)."""
    figures = {f.number: f for f in note.figures()}
    out = []
    for _, block in note.walk():
        if isinstance(block, Paragraph):
            m = re.search(r"\b[Ff]igur (\d+)\b", _plain(block.text))
            if m and int(m.group(1)) in figures:
                out.append((_plain(block.text), figures[int(m.group(1))]))
    return out


def _shown(figure: Figure, category: str, wave: str) -> int | None:
    series = next((s for s in figure.series if s.wave == wave), None)
    if series is None or category not in figure.categories:
        return None
    return _pct(series.labels[figure.categories.index(category)])


def test_every_stated_change_equals_the_change_of_the_printed_values(built):
    c, note = built
    wave_of = {w.prose: w.id for w in c.project.waves}
    first, last = c.project.waves[0].id, c.project.waves[-1].id
    checked = 0
    for text, figure in _figure_paragraphs(note):
        if figure.kind != "clustered_bar" or not any(s.wave for s in figure.series):
            continue
        total = figure.categories[-1]
        for verb, n, a, b in re.findall(r"(steg|faldt) med " + PP + r" fra (\w+) til (\w+)", text):
            if a not in wave_of or b not in wave_of:
                continue
            shown = _shown(figure, total, wave_of[b]) - _shown(figure, total, wave_of[a])
            assert shown == (int(n) if verb == "steg" else -int(n)), (figure.caption, text)
            checked += 1
        for a, b in re.findall(r"var uændret mellem (\w+) og (\w+)", text):
            assert _shown(figure, total, wave_of[b]) == _shown(figure, total, wave_of[a]), (figure.caption, text)
            checked += 1
        for group in figure.categories[:-1]:
            g = re.escape(group)
            for pattern in (g + r" har den største stigning fra (\w+) til (\w+) \(" + PP + r"\)",
                            r"Den største stigning fra (\w+) til (\w+) har " + g + r" \(" + PP + r"\)",
                            r"Mest er andelen steget for " + g + r": " + PP + r" fra (\w+) til (\w+)"):
                rise = re.search(pattern, text)
                if rise:
                    parts = rise.groups()
                    a, b, n = (parts[1], parts[2], parts[0]) if pattern.startswith("Mest") else parts
                    assert _shown(figure, group, wave_of[b]) - _shown(figure, group, wave_of[a]) == int(n), text
                    checked += 1
            for pattern in (g + r" har til gengæld et fald på " + PP, r"For " + g + r" er andelen derimod faldet med " + PP,
                            g + r" går til gengæld " + PP + r" tilbage"):
                fall = re.search(pattern, text)
                if fall:
                    assert _shown(figure, group, first) - _shown(figure, group, last) == int(fall.group(1)), text
                    checked += 1
        # the level stated at the end is the printed last value
        level = re.search(r"og er (\d+) ?% ved (\w+)\.", text)
        if level:
            assert _shown(figure, total, wave_of[level.group(2)]) == int(level.group(1)), text
    assert checked >= 10


def _indicator_totals(c, note) -> dict[str, tuple[int, int]]:
    """Index label → (first, last) printed Total percentage of the indicator tables by role."""
    waves = len(c.project.waves)
    out = {}
    for table in note.tables():
        if not table.key.startswith("indicator_role_"):
            continue
        groups = [cell.text for cell in table.rows[0].cells[1:]]
        if "Total" not in groups:
            continue
        start = 1 + groups.index("Total") * waves
        for row in table.rows:
            if row.kind == "body":
                a, b = _pct(row.cells[start].text), _pct(row.cells[start + waves - 1].text)
                if a is not None and b is not None:
                    out[row.cells[0].text] = (a, b)
    return out


def test_the_resume_states_the_printed_changes(built):
    c, note = built
    findings = [b for _, b in note.walk() if isinstance(b, KeyFinding)]
    totals = _indicator_totals(c, note)
    assert totals
    higher = re.search(r"(\d+) af (\d+) indikatorer ligger højere", " ".join(f.text for f in findings))
    assert (int(higher.group(1)), int(higher.group(2))) == (sum(b > a for a, b in totals.values()), len(totals))
    best = next(f for f in findings if f.headline.startswith("Størst fremgang"))
    m = re.search(r"Andelen for (.+) steg med " + PP + r" fra (\d+) ?% ved \w+ til (\d+) ?% ved", _plain(best.text))
    label, n, a, b = m.group(1), int(m.group(2)), int(m.group(3)), int(m.group(4))
    assert b - a == n and totals[label] == (a, b)
    assert n == max(y - x for x, y in totals.values())
    mean = next(f for f in findings if "fidelitetsgennemsnit for alle kommuner" in f.text)
    x, y = re.search(r"gik fra (\d,\d\d) ved \w+ til (\d,\d\d) ved", mean.text).groups()
    table = next(t for t in note.tables() if t.key == "fidelity_mean")
    total = next(r for r in table.rows if r.kind == "total")
    waves = len(c.project.waves)
    assert (total.cells[1 + 2 * waves].text, total.cells[3 * waves].text) == (x, y)


@pytest.mark.parametrize("name", ["stv", "sof"])
def test_the_profile_counts_above_average_from_the_printed_values(name):
    from reporter.compose.profile import build_profile, profile_inputs

    c = computed(name)
    inputs = profile_inputs(c.project, c.tables)
    for m in c.project.municipalities:
        profile = build_profile(c.project, inputs, m.name)
        table = next(t for t in profile.tables() if t.key == "profile_indicators")
        pairs = [(_pct(r.cells[2].text), _pct(r.cells[3].text)) for r in table.rows if r.kind == "body"]
        pairs = [(a, b) for a, b in pairs if a is not None and b is not None]
        lead = _plain(profile.sections[0].blocks[0].text)
        k = sum(a > b for a, b in pairs)
        if k == 0 and len(pairs) > 1:
            assert f"ikke over gennemsnittet for alle kommuner på nogen af de {len(pairs)} indikatorer" in lead
        else:
            assert f"på {k} af {len(pairs)} indikatorer" in lead, (m.name, lead)
