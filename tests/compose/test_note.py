"""The note's document model built from the example projects' metrics: structure, numbering,
numbers from the metrics, consultant-written resumé, and an English note from the same strings."""

from __future__ import annotations

import re

import pytest
from example_projects import computed

from reporter.compose.note import build_note
from reporter.model import KeyFinding, Paragraph
from reporter.text.numbers import fmt_number, fmt_percent
from reporter.text.strings import STRINGS


@pytest.fixture(scope="module", params=["stv", "sof"])
def note(request):
    c = computed(request.param)
    return c, build_note(c.project, c.tables, project_dir=c.directory)


def test_sections_follow_the_anatomy(note):
    c, report = note
    keys = [s.key for s in report.sections]
    assert keys[:3] == ["resume", "intro", "fidelity"]
    assert [s.key for s in report.sections[2].sections] == ["method", "ranking", "mean", "indicators"]
    tracks = [k for k in keys if k.startswith("track_")]
    assert tracks == [f"track_{t.id}" for t in c.project.tracks]
    assert report.front.project == c.project.name and report.back is not None


def test_tables_and_figures_are_numbered_in_order_without_gaps(note):
    _, report = note
    assert [t.number for t in report.tables()] == list(range(1, len(report.tables()) + 1))
    assert [f.number for f in report.figures()] == list(range(1, len(report.figures()) + 1))


def test_cross_references_are_resolved_to_numbers(note):
    _, report = note
    texts = [b.text for _, b in report.walk() if isinstance(b, Paragraph)]
    assert not [t for t in texts if "{ref:" in t or "{Ref:" in t]
    numbers = {f.key: f.number for f in report.figures()} | {t.key: t.number for t in report.tables()}
    refs = [int(m) for t in texts for m in re.findall(r"(?:Figur|figur|Tabel|tabel) (\d+)", t)]
    assert refs and max(refs) <= max(numbers.values())


def test_one_figure_per_indicator_with_its_statements_in_the_note(note):
    c, report = note
    indices = [i for tr in c.project.tracks for core in tr.core_elements for i in core.indices]
    figures = {f.key: f for f in report.figures()}
    for index in indices:
        figure = figures[f"fig_{index.id}"]
        assert figure.kind == "clustered_bar"
        statement = c.project.item(index.items[0]).text
        assert any(statement in note for note in figure.notes), index.id


def test_fidelity_mean_total_row_equals_the_metrics(note):
    c, report = note
    table = next(t for t in report.tables() if t.key == "fidelity_mean")
    total = next(r for r in table.rows if r.kind == "total")
    df = c.tables["fidelity_mean"]
    expected = []
    for group in ("employee", "leader", "samlet"):
        for wave in c.project.waves:
            v = df[(df.municipality == "total") & (df.group == group) & (df.wave == wave.id)]["value"].iloc[0]
            expected.append(fmt_number(float(v), 2, "da"))
    assert [cell.text for cell in total.cells[1:]] == expected


def test_resume_numbers_come_from_the_metrics(note):
    c, report = note
    findings = [b for b in report.sections[0].blocks if isinstance(b, KeyFinding)]
    assert len(findings) >= 4
    responses = c.tables["responses"]
    last = c.project.waves[-1].id
    n = int(responses[(responses.municipality == "total") & (responses.group == "total") & (responses.wave == last)]["value"].iloc[0])
    assert any(str(n) in f.text or f"{n:,}".replace(",", ".") in f.text for f in findings)


def test_consultant_resume_extends_or_replaces(tmp_path):
    c = computed("sof")
    (tmp_path / "resume.md").write_text("## Stærk forankring\nKommunerne har forankret indsatsen.\n\n"
                                        "## Ledelsen er afgørende\nHvor lederne er med, lykkes det.\n", encoding="utf-8")
    report = build_note(c.project, c.tables, project_dir=tmp_path)
    findings = [b for b in report.sections[0].blocks if isinstance(b, KeyFinding)]
    assert [f.headline for f in findings[:2]] == ["Stærk forankring", "Ledelsen er afgørende"]
    assert len(findings) > 2
    (tmp_path / "resume.md").write_text("<!-- replace -->\n## Kun dette\nTekst.\n", encoding="utf-8")
    report = build_note(c.project, c.tables, project_dir=tmp_path)
    findings = [b for b in report.sections[0].blocks if isinstance(b, KeyFinding)]
    assert [f.headline for f in findings] == ["Kun dette"]


def test_an_english_note_uses_english_strings_throughout():
    c = computed("stv")
    project = c.project.model_copy(update={"language": "en"})
    report = build_note(project, c.tables, project_dir=c.directory)
    assert report.language == "en"
    assert report.sections[0].title != "Resumé"
    texts = [b.text for _, b in report.walk() if isinstance(b, Paragraph)]
    texts += [t.caption for t in report.tables()] + [f.caption for f in report.figures()]
    texts += [n for f in report.figures() for n in f.notes] + [n for t in report.tables() for n in t.notes]
    # project labels (core elements, waves) come from project.yaml; every fixed Danish phrase must not
    danish_phrases = {frag.strip() for template in STRINGS["da"].values() if template not in STRINGS["en"].values()
                      for frag in re.split(r"\{[^}]*\}", template) if len(frag.strip()) >= 12 and " " in frag.strip()}
    leaks = [(p, t) for t in texts for p in danish_phrases if p in t]
    assert not leaks, leaks[:3]
    ranking = next(t for t in report.tables() if t.key == "power_ranking")
    shares = [cell.text for row in ranking.rows[2:] for cell in row.cells[1:] if cell.text not in ("", "*")]
    assert shares and all(re.fullmatch(r"\d{1,3}\s?%", s.replace("\xa0", " ")) for s in shares)
    mean = next(t for t in report.tables() if t.key == "fidelity_mean")
    numbers = [cell.text for row in mean.rows[2:] for cell in row.cells[1:] if cell.text not in ("", "*")]
    assert all("." in n and "," not in n for n in numbers), numbers[:5]
    assert fmt_percent(0.5, "en") in ("50%", "50 %", "50\xa0%")


def test_option_figures_get_a_sentence_on_the_most_frequent_answer(note):
    c, report = note
    other = next((s for s in report.sections if s.key == "other"), None)
    assert other is not None
    texts = [b.text for b in other.blocks if isinstance(b, Paragraph)]
    figures = [b for b in other.blocks if not isinstance(b, Paragraph)]
    assert len(texts) == len(figures)
    for text, figure in zip(texts, figures):
        assert re.search(rf"\b[Ff]igur {figure.number}\b", text)     # the intro names its figure (wording varies)
        last = figure.series[-1]
        values = [v if v is not None else -1 for v in last.values]
        top = values.index(max(values))
        if figure.value_format == "percent":
            assert f"»{figure.categories[top]}«" in text
            assert last.labels[top] in text
