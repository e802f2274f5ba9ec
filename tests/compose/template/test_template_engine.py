"""A note template → the document model: every construct, and every bad input named by file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from template_projects import docs_example, make_project
from reporter.compose.note import build_note
from reporter.errors import InputError
from reporter.model import (
    Box, Figure, FootnoteRef, KeyFinding, ListBlock, PageBreak, Paragraph, Picture, Quote, Ref, Table, Value,
)


def _build(tmp_path: Path, stv_data, template: str):
    project, _survey, tables = stv_data
    folder = make_project(tmp_path, template)
    from reporter.config.load import load_project

    return build_note(load_project(folder), tables, folder)


def _problems(tmp_path, stv_data, template: str) -> list:
    with pytest.raises(InputError) as err:
        _build(tmp_path, stv_data, template)
    return err.value.problems


def _all_blocks(report):
    out = []

    def add(b):
        out.append(b)
        if isinstance(b, (Box, Quote)):
            for x in b.blocks:
                add(x)

    for _, b in report.walk():
        add(b)
    return out


def test_docs_example_has_every_construct(tmp_path, stv_data):
    report = _build(tmp_path, stv_data, docs_example())
    blocks = _all_blocks(report)
    kinds = {type(b).__name__ for b in blocks}
    assert {"Paragraph", "ListBlock", "Box", "Quote", "Picture", "PageBreak", "Table", "KeyFinding"} <= kinds
    # sections: numbered by the engine, appendix lettered, unnumbered resumé
    titles = {s.key: s for s in report.sections}
    assert titles["sec-resume"].number == ""
    assert titles["sec-intro"].number == "1" and titles["sec-method"].number == "2"
    assert titles["sec-data"].appendix and titles["sec-data"].number == "A"
    # captions numbered in document order: the picture is figur 1; ranking tabel 1, the matrix tabel 2
    picture = next(b for b in blocks if isinstance(b, Picture))
    assert picture.number == 1 and picture.key == "fig-model" and picture.source == "Egen tilvirkning"
    assert picture.alt_text == "Diagram over indsatsens forandringsteori" and picture.width_cm == 10
    tables = [b for b in blocks if isinstance(b, Table)]
    assert [(t.key, t.number) for t in tables] == [("tbl-ranking", 1), ("tbl-matrix", 2)]
    assert tables[0].source == "Survey blandt ledere og medarbejdere"
    matrix = tables[1]
    assert matrix.caption == "Drivkræfter og barrierer" and matrix.source == "Interview med projektledere"
    assert [c.text for c in matrix.rows[0].cells] == ["Dimension", "Drivkræfter", "Barrierer"]
    assert [c.text for c in matrix.rows[2].cells] == ["Samarbejde", "Faste møder", "Travlhed"]
    # references resolved to the numbers, capitalised only at a sentence start
    intro = next(s for s in report.sections if s.key == "sec-intro")
    text = " ".join(b.text for b in intro.blocks if isinstance(b, Paragraph))
    assert "ses i tabel 1, og modellen i figur 1." in text
    assert "Metoden beskrives i afsnit 2." in text
    refs = [p for b in intro.blocks if isinstance(b, Paragraph) for p in b.inlines if isinstance(p, Ref)]
    assert [(r.kind, r.number) for r in refs] == [("table", "1"), ("figure", "1"), ("section", "2")]
    # footnotes numbered in document order, with their text
    notes = [p for b in blocks for p in _inlines(b) if isinstance(p, FootnoteRef)]
    assert [n.number for n in notes] == [1, 2]
    assert "".join(x.text for x in notes[0].content) == "Besvarelserne er indsamlet elektronisk."
    assert "".join(x.text for x in notes[1].content) == "Registerdata indgår i et senere notat."
    # nested and ordered lists
    lists = [b for b in blocks if isinstance(b, ListBlock)]
    assert not lists[0].ordered and lists[0].items[0].children[0].items[1].text == "i alle kommuner"
    assert lists[1].ordered and [i.text for i in lists[1].items] == ["Først kortlægning", "Derefter opfølgning"]
    bold = [p for p in lists[0].items[0].inlines if getattr(p, "bold", False)]
    assert [p.text for p in bold] == ["ledere"]
    # boxes, quote, key finding
    boxes = [b for b in blocks if isinstance(b, Box)]
    assert [(b.kind, b.title) for b in boxes] == [("learning", "Læringspunkt"), ("challenge", "Udfordring og løsning")]
    quote = next(b for b in blocks if isinstance(b, Quote))
    assert quote.attribution == "Leder, Kommune A"
    finding = next(b for b in blocks if isinstance(b, KeyFinding))
    assert finding.headline == "Flere kommuner arbejder efter modellen"
    assert any(isinstance(b, PageBreak) for b in blocks)


def _inlines(block):
    if isinstance(block, (Paragraph, KeyFinding)):
        return _deep(block.inlines)
    if isinstance(block, ListBlock):
        out = []
        for item in block.items:
            out += _deep(item.inlines)
            for child in item.children:
                out += _inlines(child)
        return out
    return []


def _deep(parts):
    out = []
    for p in parts:
        out.append(p)
        if isinstance(p, FootnoteRef):
            out += _deep(p.content)
    return out


def test_values_come_from_the_metrics(tmp_path, stv_data):
    project, _survey, tables = stv_data
    pr = tables["power_ranking"]
    share = float(pr[(pr.municipality == "Ballerup") & (pr.group == "samlet") & (pr.wave == "slut")]["value"].iloc[0])
    responses = tables["responses"]
    n = int(responses[(responses.municipality == "total") & (responses.group == "total")
                      & (responses.wave == "slut")]["value"].iloc[0])
    report = _build(tmp_path, stv_data, "# A {#sec-a}\n\nPR {{ power_ranking.Ballerup.samlet.slut }}, n {{ responses.total.total.slut }}.\n")
    para = report.sections[0].blocks[0]
    values = [p for p in para.inlines if isinstance(p, Value)]
    assert values[0].text == f"{round(share * 100):d}\u00a0pct." and values[0].expression == "power_ranking.Ballerup.samlet.slut"
    assert values[1].text == f"{n:,}".replace(",", ".")


def test_section_override_replaces_one_part(tmp_path, stv_data):
    project, _survey, tables = stv_data
    folder = make_project(tmp_path, "unused")
    text = (folder / "project.yaml").read_text(encoding="utf-8").replace("template: note.md", "template: survey-end")
    (folder / "project.yaml").write_text(text, encoding="utf-8")
    (folder / "note").mkdir()
    (folder / "note" / "belief.md").write_text("# Vores egen overskrift {#belief}\n\nEgen tekst efter tabel "
                                               "@power_ranking.\n", encoding="utf-8")
    from reporter.config.load import load_project

    report = build_note(load_project(folder), tables, folder)
    belief = next(s for s in report.sections if s.key == "belief")
    assert belief.title == "Vores egen overskrift"
    assert belief.blocks[0].text.startswith("Egen tekst efter tabel tabel ")
    assert not report.figures() or all(not f.key.startswith("belief") for f in report.figures())
    assert any(s.key == "fidelity" for s in report.sections)       # the other parts are still there


# --- bad input: one problem per mistake, each with file and line ---------------------------------------------

@pytest.mark.parametrize("template, line, words", [
    ("# A\n\n```{block} no-such-block\n```\n", 3, "unknown block 'no-such-block'"),
    ("# A\n\n```{block} power-ranking-table\ncolour: red\n```\n", 3, "unknown parameter 'colour'"),
    ("# A\n\n```{block} belief-figures\nintro: 'yes'\n```\n", 3, "parameter 'intro'"),
    ("# A\n\nTekst {{ power_ranking.Ballerup.samlet.slut\n", 3, "unbalanced"),
    ("# A\n\nTekst {% if x %}ja{% endif %}\n", 3, "statements"),
    ("# A\n\nSe @tbl-nowhere.\n", 3, "label that does not exist"),
    ("# A\n\n![Mangler](images/missing.png)\n", 3, "image not found"),
    ("# A\n\n![Udenfor](../../etc/hosts.png)\n", 3, "outside the project folder"),
    ("# A\n\nTekst {{ no_such_name }}.\n", 3, "'no_such_name' is undefined"),
    ("# A\n\n{{< include /etc/passwd >}}\n", 3, "plain relative paths"),
    ("# A\n\n{{< include ../../../../etc/passwd >}}\n", 3, "plain relative paths"),
    ("# A\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", 3, "caption"),
    ("Tekst før overskriften.\n", 1, "before the first heading"),
])
def test_bad_template_is_named_with_file_and_line(tmp_path, stv_data, template, line, words):
    problems = _problems(tmp_path, stv_data, template)
    assert len(problems) == 1, problems
    problem = problems[0]
    assert problem.file == "note.md" and problem.row == line
    assert words in str(problem), str(problem)


def test_unknown_block_lists_the_known_ones(tmp_path, stv_data):
    problem = _problems(tmp_path, stv_data, "# A\n\n```{block} powerranking-table\n```\n")[0]
    assert "power-ranking-table" in problem.expected


def test_every_problem_is_reported_at_once(tmp_path, stv_data):
    problems = _problems(tmp_path, stv_data, "# A\n\n{{ nope }}\n\n```{block} nope\n```\n\nSe @fig-nope.\n")
    assert sorted(p.row for p in problems) == [3, 5, 8]


def test_expression_column_is_named(tmp_path, stv_data):
    problem = _problems(tmp_path, stv_data, "# A\n\nAntal: {{ n_kommuner }}\n")[0]
    assert problem.column == "8" and "n_municipalities" in problem.message


def test_include_lines_are_named_in_their_own_file(tmp_path, stv_data):
    project, _survey, tables = stv_data
    folder = make_project(tmp_path, "# A\n\n{{< include part.md >}}\n")
    (folder / "note").mkdir()
    (folder / "note" / "part.md").write_text("Fin tekst.\n\nUkendt {{ x }}.\n", encoding="utf-8")
    from reporter.config.load import load_project

    with pytest.raises(InputError) as err:
        build_note(load_project(folder), tables, folder)
    assert [(p.file, p.row) for p in err.value.problems] == [("note/part.md", 3)]


def test_passwd_cannot_be_read(tmp_path, stv_data):
    problems = _problems(tmp_path, stv_data, "# A\n\n{{ open('/etc/passwd').read() }}\n")
    assert problems and "root:" not in str(problems)


def test_a_project_profile_template_adds_a_sentence(tmp_path, stv_data):
    from reporter.compose.profile import build_profile, profile_inputs
    from reporter.config.load import load_project

    project, _survey, tables = stv_data
    folder = make_project(tmp_path, "# unused {#a}\n")
    text = (folder / "project.yaml").read_text(encoding="utf-8")
    (folder / "project.yaml").write_text(text + "profile:\n  template: profil.md\n", encoding="utf-8")
    (folder / "profil.md").write_text(
        "# {{ municipality.title }} {#profile .unnumbered .no-toc}\n\n"
        "{{ municipality.name }} er nr. {{ municipality.rank }} af {{ municipality.of }}.\n\n"
        "```{block} profile-mean-table\n```\n", encoding="utf-8")
    project = load_project(folder)
    from reporter.metrics.compute import compute_all

    inputs = profile_inputs(project, compute_all(project, _survey))
    report = build_profile(project, inputs, "Ballerup", folder)
    (section,) = report.sections
    rank, total = inputs.ranks["slut"]["Ballerup"]
    assert section.blocks[0].text == f"Ballerup er nr. {rank} af {total}."
    assert [b.key for b in report.tables()] == ["profile_mean"]


def test_profile_blocks_are_not_note_blocks(tmp_path, stv_data):
    problem = _problems(tmp_path, stv_data, "# A\n\n```{block} profile-mean-table\n```\n")[0]
    assert "unknown block 'profile-mean-table'" in str(problem)
