"""The instrument and panel blocks on the mini panel (tests/instrument_helpers.py): values from the metric
tables, suppression under the disclosure rule, clear errors for wrong use; and a template using them."""

from __future__ import annotations

import pytest
from instrument_helpers import ROWS, write_panel

import reporter.compose.blocks  # noqa: F401 - registers the blocks
from reporter.compose.cells import Formatter
from reporter.compose.template.blocks import REGISTRY, BlockContext
from reporter.data.load import load_survey
from reporter.metrics.compute import compute_all


def _context(tmp_path, *, panel: bool = True, min_n: int | None = None) -> BlockContext:
    directory = write_panel(tmp_path / "p", ROWS, panel=panel)
    if min_n is not None:
        text = (directory / "project.yaml").read_text(encoding="utf-8")
        (directory / "project.yaml").write_text(text.replace("min_n: 1", f"min_n: {min_n}"), encoding="utf-8")
    project, survey = load_survey(directory)
    return BlockContext(project=project, tables=compute_all(project, survey), fmt=Formatter("da"),
                        project_dir=directory)


def run(ctx, name, **params):
    return REGISTRY[name].func(ctx, **params)


def test_score_figure_with_bands_reference_and_sensitivity(tmp_path):
    (fig,) = run(_context(tmp_path), "instrument-score-figure", instrument="who5", sensitivity=True)
    assert fig.kind == "score_bar" and fig.categories == ("1. måling (N=4)",)
    assert fig.series[0].values == (35.0,) and fig.series[0].labels == ("35,0",)
    # scenarios at m1: conservative 29,0 and optimistic 42,0 (tests/metrics/test_instruments.py)
    assert fig.series[0].lower == (29.0,) and fig.series[0].upper == (42.0,)
    assert (fig.value_min, fig.value_max, fig.reference) == (0, 100, 68)
    assert [(b.label, b.low, b.high) for b in fig.bands] == [("Stor risiko", 0, 35), ("Risiko", 35, 50),
                                                             ("Ingen risiko", 50, 100)]


def test_score_figure_over_several_waves(tmp_path):
    (fig,) = run(_context(tmp_path), "instrument-score-figure", instrument="gse", waves=["m1", "m2"])
    # GSE m1: p1 30, p2 20, p3 40, p4 10 (p5 has 4 missing) -> 25; m2: 30, 30, 40, p6 30 -> 32,5
    assert fig.categories == ("1. måling (N=4)", "2. måling (N=4)") and fig.series[0].values == (25.0, 32.5)
    assert fig.category_waves == ("m1", "m2") and fig.bands == () and fig.reference is None


def test_change_figure_marks_and_counts(tmp_path):
    ctx = _context(tmp_path)
    (fig,) = run(ctx, "instrument-change-figure", instrument="who5")
    assert fig.kind == "dumbbell" and fig.categories == ("1. måling → 2. måling (n=3)", "1. måling → 3. måling (n=2)")
    assert fig.series[0].values == (40.0, 50.0) and fig.series[1].values == (pytest.approx(152 / 3), 72.0)
    change = ctx.tables["instrument_change"]
    p = change[change["instrument"] == "who5"]["t_p"].tolist()
    assert fig.series[1].significant == tuple(x < 0.05 for x in p)
    assert "2 personer med kun én måling indgår ikke i sammenligningerne." in fig.notes


def test_change_table_cells(tmp_path):
    (table,) = run(_context(tmp_path), "instrument-change-table", instrument="who5")
    body = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert body[0][:5] == ["1. måling → 2. måling", "3", "40,0", "50,7", "10,7"]
    assert body[1][:5] == ["1. måling → 3. måling", "2", "50,0", "72,0", "22,0"]


def test_small_groups_are_hidden(tmp_path):
    (fig,) = run(_context(tmp_path, min_n=3), "instrument-change-figure", instrument="who5")
    assert fig.series[1].values == (pytest.approx(152 / 3), None) and fig.series[1].labels[1] == "*"


def test_categories_and_sensitivity_figures(tmp_path):
    ctx = _context(tmp_path)
    (fig,) = run(ctx, "instrument-categories-figure", instrument="gse", items=["gse_5", "gse_8"])
    assert fig.kind == "stacked_bar" and [s.name for s in fig.series] == ["Lav", "Høj"]
    assert fig.series[0].values == (0.5, pytest.approx(2 / 3)) and fig.categories[1] == "gse_8 (n=3)"
    (fig,) = run(ctx, "instrument-sensitivity-figure", instrument="who5")
    assert fig.series[0].values == (35.0, 29.0, 42.0)
    assert fig.categories == ("Beregnet score (N=4)", "Konservativt", "Optimistisk")


@pytest.mark.parametrize("name, params, message", [
    ("instrument-score-figure", {"instrument": "nope"}, "unknown instrument 'nope'"),
    ("instrument-categories-figure", {"instrument": "who5"}, "has no collapsed categories"),
    ("instrument-categories-figure", {"instrument": "gse", "items": ["who5_1"]}, "is not an item of instrument"),
    ("instrument-sensitivity-figure", {"instrument": "gse"}, "has no sensitivity scenarios"),
    ("wave-average-figure", {"item": "who5_1"}, "no unweighted mean is computed"),
])
def test_wrong_use_is_a_clear_error(tmp_path, name, params, message):
    with pytest.raises(ValueError, match=message):
        run(_context(tmp_path), name, **params)


def test_change_needs_a_panel(tmp_path):
    with pytest.raises(ValueError, match="needs a panel: set data.panel: true"):
        run(_context(tmp_path, panel=False), "instrument-change-figure", instrument="who5")


def test_template_error_names_file_and_line(tmp_path):
    from reporter.compose.note import build_note
    from reporter.errors import InputError

    ctx = _context(tmp_path)
    (ctx.project_dir / "note.md").write_text("# Trivsel\n\n```{block} instrument-change-figure\ninstrument: wh05\n```\n",
                                             encoding="utf-8")
    project = ctx.project.model_copy(update={"note": ctx.project.note.model_copy(update={"template": "note.md"})})
    with pytest.raises(InputError) as caught:
        build_note(project, ctx.tables, project_dir=ctx.project_dir)
    (problem,) = caught.value.problems
    assert problem.file.endswith("note.md") and problem.row == 3 and "unknown instrument 'wh05'" in problem.message


def test_score_figure_for_one_municipality_beside_all(tmp_path):
    ctx = _context(tmp_path)
    # WHO-5 at m1: Aby p1 40, p2 20 -> 30 (N=2); all: 40, 20, 60, 20 -> 35 (N=4; p4 has no score)
    (fig,) = run(ctx, "instrument-score-figure", instrument="who5", municipality="Aby")
    assert fig.categories == ("Aby, 1. måling (N=2)", "Alle kommuner, 1. måling (N=4)")
    assert fig.series[0].values == (30.0, 35.0) and fig.series[0].labels == ("30,0", "35,0")
    assert fig.caption.endswith(": Aby") and fig.category_waves == ("m1", "m1")


def test_score_figure_in_a_profile_defaults_to_its_municipality(tmp_path):
    ctx = _context(tmp_path)
    ctx.municipality = "Bby"
    # WHO-5 m1: Bby p3 60, p5 20 -> 40; m2: p3 80, p6 100 -> 90
    (fig,) = run(ctx, "instrument-score-figure", instrument="who5", waves=["m1", "m2"])
    assert fig.series[0].values == (40.0, 35.0, 90.0, pytest.approx(252 / 4))
    assert fig.categories[2] == "Bby, 2. måling (N=2)"


def test_score_figure_municipality_errors(tmp_path):
    ctx = _context(tmp_path)
    with pytest.raises(ValueError, match="unknown municipality 'Kolding'"):
        run(ctx, "instrument-score-figure", instrument="who5", municipality="Kolding")
    with pytest.raises(ValueError, match="sensitivity is computed for all citizens only"):
        run(ctx, "instrument-score-figure", instrument="who5", municipality="Aby", sensitivity=True)

