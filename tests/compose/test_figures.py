"""Figures carry their meaning in the model: which series is the don't-know band, which group and wave each
row of a stacked bar is, the wave of each clustered series and the respondents behind each value."""

from __future__ import annotations

import pytest
from example_projects import computed

from reporter.compose.cells import Formatter
from reporter.compose.figures import belief_figure, group_labels, index_figure


@pytest.fixture(scope="module", params=["stv", "sof"])
def c(request):
    return computed(request.param)


def test_belief_figure_knows_dont_know_groups_waves_and_n(c):
    project, belief = c.project, c.tables["belief"]
    question = project.belief[0]
    figure = belief_figure(project, Formatter(), belief, question, project.min_n_for)
    options = project.scale_of(question.item).options
    assert [s.dont_know for s in figure.series] == [o.dont_know for o in options]
    assert sum(s.dont_know for s in figure.series) == 1
    assert len(figure.category_groups) == len(figure.category_waves) == len(figure.categories)

    label_to_id = {label: gid for gid, label in group_labels(project)}
    wave_to_id = {w.label: w.id for w in project.waves}
    df = belief[(belief["item"] == question.item) & (belief["municipality"] == "total")]
    for row, (group, wave) in enumerate(zip(figure.category_groups, figure.category_waves)):
        sub = df[(df["group"] == label_to_id[group]) & (df["wave"] == wave_to_id[wave])]
        expected_n = int(sub["n"].iloc[0])
        assert all(s.n[row] == expected_n for s in figure.series), (group, wave)


def test_index_figure_series_are_waves_with_respondents(c):
    project, indicator = c.project, c.tables["fidelity_indicator"]
    track = project.tracks[0]
    core = track.core_elements[0]
    index = core.indices[0] if hasattr(core, "indices") else core.index
    figure = index_figure(project, Formatter(), indicator, track, core, index, project.min_n_for)
    assert [s.wave for s in figure.series] == [w.id for w in project.waves]
    groups = [gid for gid, _ in group_labels(project)]
    rows = indicator[indicator["index"] == index.id]
    for series in figure.series:
        for gid, n in zip(groups, series.n):
            hit = rows[(rows["group"] == gid) & (rows["wave"] == series.wave)]
            assert n == (int(hit["respondents"].iloc[0]) if not hit.empty else None), (series.wave, gid)
