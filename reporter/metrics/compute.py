"""Every metric table of a project, computed once: ``compute_all(project, survey) -> {name: DataFrame}``.

Tables (all tidy, at least ``municipality, group, wave, value, n``; shares 0–1, means 1–5, missing = NaN):

=================================  ===========================================================================
``responses``                      respondents by role × wave, total, response ``rate`` (:mod:`.responses`)
``responses_municipality``         respondents by municipality × wave
``fidelity_indicator``             pooled top-box per index by role × wave, ``total`` (:mod:`.fidelity`);
                                   ``change``/``status`` from rule ``indicator``
``fidelity_indicator_municipality``  the same by municipality × wave, ``total`` first; rule ``indicator``
``fidelity_mean``                  mean of item means per municipality × side/samlet × wave; rule
                                   ``fidelity_mean`` on every row; ``suppressed`` flags (see below)
``item_means``                     item means per municipality × side × wave × item (:mod:`.item_means`)
``power_ranking``                  share of items better than the municipal average; rule ``power_ranking``;
                                   ``suppressed`` flags
``belief``                         belief bands incl. "Ved ikke" by role × wave (:mod:`.belief`)
``belief_municipality``            belief bands by municipality × wave (``total`` first)
``topbox``                         top-box share of single statements by role × wave (:mod:`.topbox`)
``multi_select``                   share ticked per option by role × wave (:mod:`.choices`)
``ratings``                        top-box among users of filtered rating items by role × wave
``choices``                        option distributions of single-choice items and filtered rating items
``numeric_means``                  means of numeric items (caseload) by role × wave
``spread``                         min/q1/median/q3/max of the municipality indicator values (:mod:`.spread`)
``movers``                         municipalities below the median at the first wave, above at the last
``coded``                          "X ud af Y" per code × side × wave (:mod:`.coded`)
``instrument_means``               mean score per instrument × municipality × wave (:mod:`.instruments`)
``instrument_bands``               persons per threshold band of an instrument score
``instrument_categories``          collapsed answer categories per instrument item × wave
``instrument_sensitivity``         mean score under alternative recodings of the answers
``instrument_change``              paired change first → k-th measurement, t-test and Wilcoxon (:mod:`.panel`)
``wave_average_shares``            multi-select shares per wave and their unweighted mean (:mod:`.wave_average`)
``register_*``                     register outcomes, survival, effects ... when project.yaml has a
                                   ``register:`` section (:mod:`.register_compute`)
``cost_*``, ``budget_result``      cost tables per municipality, cost per citizen, sensitivity and budget
                                   result when project.yaml has a ``costs:`` section (:mod:`.costs`)
``statement_distribution``         share per option of every ordinal item by role × wave (:mod:`.statements`)
``statement_means``                1–5 mean per ordinal item by role × wave
``numeric_means_municipality``     numeric means by municipality × wave (``total`` first)
``core_scores``                    1–5 score per core element × municipality × wave (:mod:`.municipal`)
``core_score_spread``              five-number summary of ``core_scores`` across municipalities
``core_score_movers``              municipalities below the median of ``core_scores`` first, above last
``municipality_counts``            leader answers per municipality × wave × item × option (``n``; ``value`` = ticked)
=================================  ===========================================================================

Index-level top-box shares come only from :func:`reporter.metrics.fidelity.fidelity_indicator` (the chart
values equal the indicator table). Change rules come from ``project.thresholds.change``; a table without a
rule gets no ``change``/``status`` columns. Values stay exact; small groups are *flagged*
(``suppressed``/``suppressed_reason``, :func:`reporter.metrics.suppression.suppress`, ``n`` below
``thresholds.min_n`` and the samlet link) on the side tables, and the document layer blanks them.
"""

from __future__ import annotations

from collections.abc import Collection

import pandas as pd

from reporter.config.models import Project
from reporter.data.schema import Survey
from reporter.metrics.belief import belief_distribution
from reporter.metrics.change import with_change
from reporter.metrics.choices import multi_select_shares, numeric_means, ratings_among_users, single_choice_distribution
from reporter.metrics.coded import coded_all
from reporter.metrics.fidelity import fidelity_indicator, fidelity_mean
from reporter.metrics.instruments import (instrument_bands, instrument_categories, instrument_means,
                                         instrument_sensitivity)
from reporter.metrics.item_means import item_means
from reporter.metrics.municipal import core_scores, municipality_counts
from reporter.metrics.panel import instrument_change
from reporter.metrics.power_ranking import power_ranking
from reporter.metrics.responses import response_table
from reporter.metrics.spread import movers, spread
from reporter.metrics.statements import statement_distribution, statement_means
from reporter.metrics.suppression import SAMLET_LINK, TOTAL_LINK, suppress
from reporter.metrics.topbox import statement_items, topbox
from reporter.metrics.wave_average import wave_average_shares

# Every survey table compute_all can make, in its order (a project makes those its questions allow).
SURVEY_TABLES = (
    "responses", "responses_municipality", "fidelity_indicator", "fidelity_indicator_municipality",
    "fidelity_mean", "item_means", "power_ranking", "belief", "belief_municipality", "topbox", "multi_select",
    "ratings", "choices", "numeric_means", "spread", "movers", "coded", "statement_distribution",
    "statement_means", "numeric_means_municipality", "core_scores", "core_score_spread", "core_score_movers",
    "municipality_counts", "instrument_means", "instrument_bands", "instrument_categories",
    "instrument_sensitivity", "instrument_change", "wave_average_shares",
)
INDICATOR_KEYS = ["municipality", "group", "track", "core_element", "index"]
SPREAD_COLUMNS = ["municipality", "group", "wave", "track", "core_element", "index", "value", "n"]


def _change(project: Project, table: pd.DataFrame, rule_name: str, keys: list[str]) -> pd.DataFrame:
    rule = project.thresholds.change.get(rule_name)
    return table if rule is None else with_change(table, rule, keys)


def _flag_small(table: pd.DataFrame, min_n, n_col: str, project: Project, rule_name: str) -> pd.DataFrame:
    """Add ``suppressed``/``suppressed_reason`` without blanking the exact values; a change status is kept only
    between two displayed values (a hidden value must not show through an arrow)."""
    flagged = suppress(table, min_n, n_col=n_col, links=(SAMLET_LINK, TOTAL_LINK))
    out = table.copy()
    out["suppressed"] = flagged["suppressed"].to_numpy()
    out["suppressed_reason"] = flagged["suppressed_reason"].to_numpy()
    rule = project.thresholds.change.get(rule_name)
    if rule is not None and "status" in out:
        hidden = out["suppressed"].to_numpy(dtype=bool)
        keys = list(zip(out["municipality"], out["group"]))
        hidden_from = {k for k, w, h in zip(keys, out["wave"], hidden) if w == rule.from_ and h}
        blank = hidden | pd.Series([k in hidden_from for k in keys], index=out.index).to_numpy(dtype=bool)
        out.loc[blank, "status"] = None
        out.loc[blank, "change"] = float("nan")
    return out


def _single_choice_items(project: Project) -> list[str]:
    """Single-choice items and filtered rating items (their distributions among users), in project order."""
    filtered = set(statement_items(project, filtered=True))
    return [i.id for i in project.items if project.scales[i.scale].kind == "single" or i.id in filtered]


def compute_all(project: Project, survey: Survey, *, min_n: int | None = None,
                only: Collection[str] | None = None) -> dict[str, pd.DataFrame]:
    """Compute every metric table (see the module docstring for names and contents).

    The small-group flags follow the project's one disclosure rule (``thresholds.min_n``, per side when given
    so); ``min_n`` overrides it with one number (tests). ``only`` names the survey tables wanted (e.g. the
    profiles' few): each is the table ``compute_all`` makes without it, the others are not computed, and
    neither are the register tables."""
    min_n = project.min_n_for if min_n is None else min_n
    waves = project.wave_ids
    want = (lambda name: True) if only is None else frozenset(only).__contains__
    tables: dict[str, pd.DataFrame] = {}
    if want("responses"):
        tables["responses"] = response_table(project, survey, by="role")
    if want("responses_municipality"):
        tables["responses_municipality"] = response_table(project, survey, by="municipality")

    if want("fidelity_indicator"):
        indicator = fidelity_indicator(project, survey, by="role")
        tables["fidelity_indicator"] = _change(project, indicator, "indicator", INDICATOR_KEYS)
    indicator_muni = None
    if want("fidelity_indicator_municipality") or want("spread") or want("movers"):
        indicator_muni = fidelity_indicator(project, survey, by="municipality")
    if want("fidelity_indicator_municipality"):
        tables["fidelity_indicator_municipality"] = _change(project, indicator_muni, "indicator", INDICATOR_KEYS)

    if want("fidelity_mean"):
        mean = _change(project, fidelity_mean(project, survey), "fidelity_mean", ["municipality", "group"])
        tables["fidelity_mean"] = _flag_small(mean, min_n, "n", project, "fidelity_mean")
    if want("item_means"):
        tables["item_means"] = item_means(project, survey, by="side")
    if want("power_ranking"):
        ranking = _change(project, power_ranking(project, survey), "power_ranking", ["municipality", "group"])
        tables["power_ranking"] = _flag_small(ranking, min_n, "respondents", project, "power_ranking")

    if want("belief"):
        tables["belief"] = belief_distribution(project, survey, by="role")
    if want("belief_municipality"):
        tables["belief_municipality"] = belief_distribution(project, survey, by="municipality")
    if want("topbox"):
        tables["topbox"] = topbox(project, survey)
    if want("multi_select"):
        tables["multi_select"] = multi_select_shares(project, survey)
    if want("ratings"):
        tables["ratings"] = ratings_among_users(project, survey)
    if want("choices"):
        tables["choices"] = single_choice_distribution(project, survey, items=_single_choice_items(project))
    if want("numeric_means"):
        tables["numeric_means"] = numeric_means(project, survey)

    if indicator_muni is not None and (want("spread") or want("movers")):
        base = indicator_muni[[c for c in SPREAD_COLUMNS if c in indicator_muni.columns]]
        if want("spread"):
            tables["spread"] = spread(base)
        if want("movers"):
            tables["movers"] = movers(base, waves[0], waves[-1]) if len(waves) > 1 else movers(base.iloc[0:0], "", "")
    if want("coded"):
        tables["coded"] = coded_all(project, survey)

    if want("statement_distribution"):
        tables["statement_distribution"] = statement_distribution(project, survey)
    if want("statement_means"):
        tables["statement_means"] = statement_means(project, survey)
    if want("numeric_means_municipality"):
        tables["numeric_means_municipality"] = numeric_means(project, survey, by="municipality")
    if want("core_scores") or want("core_score_spread") or want("core_score_movers"):
        core = core_scores(project, survey)
        if want("core_scores"):
            tables["core_scores"] = core
        if want("core_score_spread"):
            tables["core_score_spread"] = spread(core)
        if want("core_score_movers"):
            tables["core_score_movers"] = (movers(core, waves[0], waves[-1]) if len(waves) > 1
                                           else movers(core.iloc[0:0], "", ""))
    if want("municipality_counts"):
        tables["municipality_counts"] = municipality_counts(project, survey)
    if project.instruments:
        for name, make in (("instrument_means", instrument_means), ("instrument_bands", instrument_bands),
                           ("instrument_categories", instrument_categories),
                           ("instrument_sensitivity", instrument_sensitivity), ("instrument_change", instrument_change)):
            if want(name):
                tables[name] = make(project, survey)
    if want("wave_average_shares"):
        tables["wave_average_shares"] = wave_average_shares(project, survey)
    if only is None:
        for name, table in derived_tables(project, survey, tables, min_n=min_n).items():
            tables[name] = table
    return tables


def derived_tables(project: Project, survey: Survey, tables: dict[str, pd.DataFrame], *,
                   min_n=None) -> dict[str, pd.DataFrame]:
    """The register and cost tables (when project.yaml has those sections), made after the survey tables
    (the register tables read some of them), in ``compute_all``'s order."""
    min_n = project.min_n_for if min_n is None else min_n
    out: dict[str, pd.DataFrame] = {}
    if project.register is not None and survey.register is not None:
        from reporter.metrics.register_compute import register_tables

        out.update(register_tables(project, survey.register, tables,
                                   min_n=None if callable(min_n) else min_n))
    if project.costs is not None and survey.costs is not None:
        from reporter.metrics.costs import cost_tables

        out.update(cost_tables(project, survey.costs))
    return out
