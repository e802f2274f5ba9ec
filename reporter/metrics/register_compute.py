"""Every register metric table of a project: ``register_tables(project, data, survey_tables, min_n)``.

=========================  ==========================================================================
``register_outcomes``      shares / mean hours by municipality × group × segment × period
                           (:mod:`.register_outcomes`)
``register_time_points``   the same at the named time points
``register_km``            Kaplan-Meier curves with 95 % bands per event × group (:mod:`.register_survival`)
``register_km_median``     median time to the event per group, with its interval
``register_effects``       OLS differences, odds ratios and hazard ratios (:mod:`.register_effects`)
``register_regression``    change in outcome on fidelity and belief across municipalities
``register_fidelity``      fidelity against outcome per municipality (scatter points)
``register_fidelity_line`` OLS line, R² (:mod:`.register_municipalities`)
``register_population``    intervention group against the population per background category
                           (:mod:`.register_population`)
``register_key_figures``   key figures per municipality and "total" (I alt), with suppression flags
``register_size_bands``    outcomes by municipality size band
``register_intake``        intervention-group starts per month and week, with the running total
                           (:mod:`.register_intake`)
=========================  ==========================================================================
"""

from __future__ import annotations

import pandas as pd

from reporter.config.models import Project
from reporter.data.schema import RegisterData
from reporter.metrics.register_effects import effect_table
from reporter.metrics.register_intake import intake
from reporter.metrics.register_municipalities import fidelity_scatter, key_figures, regression_table, size_bands
from reporter.metrics.register_outcomes import outcomes_at_time_points, outcomes_by_period
from reporter.metrics.register_population import population_comparison
from reporter.metrics.register_survival import km_tables

REGISTER_TABLES = ("register_outcomes", "register_time_points", "register_km", "register_km_median",
                   "register_effects", "register_regression", "register_fidelity", "register_fidelity_line",
                   "register_population", "register_key_figures", "register_size_bands", "register_intake")


def register_tables(project: Project, data: RegisterData, survey_tables: dict[str, pd.DataFrame] | None = None,
                    *, min_n: int | None = None) -> dict[str, pd.DataFrame]:
    """All register tables (names above). ``survey_tables`` gives fidelity and belief per municipality."""
    survey_tables = survey_tables or {}
    min_n = project.thresholds.strictest if min_n is None else min_n
    out: dict[str, pd.DataFrame] = {}
    outcomes = outcomes_by_period(project, data)
    out["register_outcomes"] = outcomes
    out["register_time_points"] = outcomes_at_time_points(project, outcomes)
    out["register_km"], out["register_km_median"] = km_tables(project, data)
    out["register_effects"] = effect_table(project, data)
    out["register_regression"] = regression_table(project, outcomes, survey_tables)
    out["register_fidelity"], out["register_fidelity_line"] = fidelity_scatter(project, outcomes, survey_tables)
    out["register_population"] = population_comparison(project, data)
    out["register_key_figures"] = key_figures(project, data, outcomes, min_n)
    out["register_size_bands"] = size_bands(project, outcomes)
    out["register_intake"] = intake(project, data)
    return out
