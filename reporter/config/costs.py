"""Pydantic models of the ``costs:`` section of ``project.yaml`` (the cost analysis of an intervention).

A **cost sheet** (CSV or XLSX) has one row per cost line: a municipality, a phase (``etablering`` =
establishment, ``drift`` = operation), an optional group (``Projektledelse``, ``Frontmedarbejdere``), a cost
item (``Intern opstart af samarbejde``) and either hours × an hourly rate or an amount in kr. Several lines of
one municipality and item (quarterly registrations) are added up.

``participants`` gives the citizens per year in each municipality; with ``horizon_years`` (the operating
period establishment is spread over), ``operation_years`` (the years the operation lines cover) and
``discount_rate`` (for the annual establishment cost) these turn the sheet into the cost per citizen
(:mod:`reporter.metrics.costs` has the definitions).

An optional **budget sheet** holds the budget consequences per citizen of each scenario (archetype) for each
public actor (kommune, stat …); the actor that bears the intervention's costs has them subtracted.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator


def _inside_project(path: str) -> str:
    """The same rule as survey files: relative to the project folder, no '..' (see config.models)."""
    from reporter.config.models import _inside_project as check

    return check(path)


ProjectFile = Annotated[str, AfterValidator(_inside_project)]

#: Spellings of the two phases in a cost sheet (case-insensitive) → phase id.
PHASES = {"etablering": "establishment", "establishment": "establishment",
          "drift": "operation", "operation": "operation"}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CostColumns(_Strict):
    """Column names in the cost sheet. ``group`` is optional (no grouping rows when omitted)."""

    municipality: str = "kommune"
    phase: str = Field(default="fase", description="etablering or drift (establishment/operation).")
    group: str | None = Field(default=None, description="Optional group of items (Projektledelse, …).")
    item: str = "post"
    hours: str = Field(default="timer", description="Hours spent (with rate).")
    rate: str = Field(default="timeløn", description="Hourly rate in kr. (with hours).")
    amount: str = Field(default="beløb", description="An amount in kr. (instead of hours × rate).")


class BudgetColumns(_Strict):
    """Column names in the budget sheet."""

    scenario: str = "arketype"
    actor: str = "aktør"
    item: str | None = Field(default=None, description="Optional consequence (kontanthjælp, skat …).")
    amount: str = Field(default="beløb", description="Budget consequence per citizen in kr. (gain > 0).")


class Actor(_Strict):
    """A public actor of the budget result (kommune, stat, region)."""

    code: str
    label: str
    bears_costs: bool = Field(default=False, description="Pays the intervention (its cost per citizen is subtracted).")


class Scenario(_Strict):
    """A scenario (archetype) of the budget result."""

    code: str
    label: str


class Budget(_Strict):
    """The budget sheet: consequences per scenario × actor."""

    file: ProjectFile
    columns: BudgetColumns = Field(default_factory=BudgetColumns)
    actors: list[Actor]
    scenarios: list[Scenario]

    @model_validator(mode="after")
    def _check(self) -> "Budget":
        errors: list[str] = []
        for name, ids in (("actors", [a.code for a in self.actors]), ("scenarios", [s.code for s in self.scenarios])):
            if not ids:
                errors.append(f"budget.{name}: must list at least one entry")
            dupes = sorted({x for x in ids if ids.count(x) > 1})
            if dupes:
                errors.append(f"budget.{name}: duplicate code {dupes[0]!r}")
        if self.actors and sum(a.bears_costs for a in self.actors) != 1:
            errors.append("budget.actors: exactly one actor must have bears_costs: true (it pays the intervention)")
        if errors:
            raise ValueError("; ".join(errors))
        return self


class Costs(_Strict):
    """The ``costs:`` section."""

    file: ProjectFile
    columns: CostColumns = Field(default_factory=CostColumns)
    participants: dict[str, float] = Field(description=(
        "Citizens per year in each municipality (name as under municipalities): the denominator of the cost "
        "per citizen."))
    horizon_years: int = Field(default=2, ge=1, description="Operating period establishment is spread over.")
    operation_years: float = Field(default=1.0, gt=0, description="Years the operation lines of the sheet cover.")
    discount_rate: float = Field(default=0.0, ge=0, lt=1, description=(
        "Discount rate of the annual establishment cost (an annuity over horizon_years)."))
    price_year: int | None = Field(default=None, description="Price level of the amounts (2020-priser).")
    sensitivity: list[float] = Field(default_factory=list, description=(
        "Participants per year to show in the sensitivity analysis; default: the lowest, the average and the "
        "highest of participants."))
    budget: Budget | None = None

    @model_validator(mode="after")
    def _check(self) -> "Costs":
        bad = [f"costs.participants.{name}: must be more than 0 citizens per year (value {n!r})"
               for name, n in self.participants.items() if not n > 0]
        bad += [f"costs.sensitivity: must be more than 0 citizens per year (value {n!r})"
                for n in self.sensitivity if not n > 0]
        if not self.participants:
            bad.append("costs.participants: give the citizens per year of each municipality with costs")
        if bad:
            raise ValueError("; ".join(bad))
        return self
