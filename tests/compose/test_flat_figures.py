"""A chart that says nothing (one bar; the same value at every wave in every cluster) becomes a sentence."""

from __future__ import annotations

import pytest
from example_projects import computed

from reporter.compose.flat_figures import figure_sentence, keep_or_tell, says_nothing
from reporter.model import Figure, Paragraph, Series


def _figure(*series: tuple[str, tuple, tuple], categories=("Medarbejder",), caption="Gennemsnitligt antal sager"):
    return Figure(key="fig_x", caption=caption, kind="clustered_bar", categories=categories,
                  series=tuple(Series(name=w.capitalize(), values=v, labels=lab, wave=w) for w, v, lab in series),
                  alt_text="x", notes=("Gennemsnit blandt de adspurgte.",), value_format="number")


FLAT = _figure(("midtvejs", (44.96,), ("45",)), ("afslutning", (44.84,), ("45",)))
MOVES = _figure(("midtvejs", (44.96,), ("45",)), ("afslutning", (41.2,), ("41",)))
ONE_BAR = _figure(("afslutning", (41.2,), ("41",)))
SAME_PAIRS = _figure(("midtvejs", (0.84, 0.16), ("84 %", "16 %")), ("afslutning", (0.841, 0.159), ("84 %", "16 %")),
                     categories=("Ja", "Nej"), caption="Har du brugt materialerne?")
HIDDEN = _figure(("midtvejs", (None,), ("*",)), ("afslutning", (0.5,), ("50 %",)))


@pytest.mark.parametrize("figure, flat", [(FLAT, True), (MOVES, False), (ONE_BAR, True), (SAME_PAIRS, True),
                                           (HIDDEN, True)])
def test_says_nothing_is_decided_on_the_shown_values(figure, flat):
    # 44,96 and 44,84 both read "45": the reader sees no difference, so neither does the rule
    assert says_nothing(figure) is flat


def test_the_sentence_states_the_value_and_the_waves():
    project = computed("sof").project
    text, note = figure_sentence(project, FLAT)
    waves = [w for w in project.waves if w.id in ("midtvejs", "afslutning")]
    assert text.text == (f"Gennemsnitligt antal sager (Medarbejder) var 45 ved både {waves[0].prose} og "
                         f"{waves[1].prose}.")
    assert note.style == "small" and note.text == "Note: Gennemsnit blandt de adspurgte."
    many, _ = figure_sentence(project, SAME_PAIRS)
    assert many.text.startswith("Svarene på ”Har du brugt materialerne?” var de samme ved både")
    assert many.text.endswith(": Ja 84 %; Nej 16 %.")


def test_the_block_parameter_keeps_the_chart_on_request():
    project = computed("sof").project
    intro = [Paragraph("Figur 1 viser gennemsnittet.")]
    assert keep_or_tell(project, FLAT, intro, "chart") == [*intro, FLAT]
    assert keep_or_tell(project, MOVES, intro, "sentence") == [*intro, MOVES]
    assert all(isinstance(b, Paragraph) for b in keep_or_tell(project, FLAT, intro, "sentence"))
    with pytest.raises(ValueError, match="flat must be one of"):
        keep_or_tell(project, FLAT, intro, "hide")


def test_no_figure_of_either_note_says_nothing(rendered_note):
    _, report, _ = rendered_note
    assert not [f.caption for f in report.figures() if says_nothing(f)]
