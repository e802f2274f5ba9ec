"""Pydantic models of the ``register:`` section of ``project.yaml`` (register and administrative data).

A register extract has one **persons** file (one row per person: id, municipality, group, start date,
background characteristics, event dates and a censoring date) and optionally a **periods** file (one
row per person × week or month since start, with a status and optional hours). Either part may carry
the outcomes: shares and hours come from the periods, survival from the event dates.

Cross-references (an outcome naming a status, an effect naming an outcome, a segment naming a
background characteristic ...) are checked in :meth:`Register._check_references`, with key paths.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator


def _inside_project(path: str) -> str:
    """The same rule as survey files: relative to the project folder, no '..' (see config.models)."""
    from reporter.config.models import _inside_project as check

    return check(path)


ProjectFile = Annotated[str, AfterValidator(_inside_project)]

GroupRole = Literal["intervention", "comparison", "population"]
FileFormat = Literal["csv", "xlsx", "sav", "parquet"]
REGISTER_FORMATS: dict[str, FileFormat] = {
    ".csv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".sav": "sav", ".parquet": "parquet", ".pq": "parquet",
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PersonColumns(_Strict):
    """Column names in the persons file."""

    person: str = "person_id"
    municipality: str = "municipality"
    group: str = "group"
    start: str = Field(default="start_date", description="Start (visitation) date; period 1 begins here.")
    censor: str | None = Field(default=None, description="Date the person leaves observation (end of follow-up).")


class PeriodColumns(_Strict):
    """Column names in the periods file."""

    person: str = "person_id"
    period: str = Field(default="period", description="Period since start: 1, 2, … (weeks or months).")
    status: str = "status"
    hours: str | None = Field(default=None, description="Ordinary hours in the period (optional).")


class RegisterFile(_Strict):
    """One register file: path (CSV, XLSX, SAV or Parquet), optional format, sheet and CSV separator."""

    file: ProjectFile
    format: FileFormat | None = Field(default=None, description="Taken from the file extension when omitted.")
    sheet: str | None = None
    separator: str = Field(default=",", min_length=1, max_length=1)

    @property
    def file_format(self) -> FileFormat:
        if self.format is not None:
            return self.format
        suffix = "." + self.file.rsplit(".", 1)[-1].lower() if "." in self.file else ""
        return REGISTER_FORMATS.get(suffix, "csv")


class PersonsFile(RegisterFile):
    columns: PersonColumns = Field(default_factory=PersonColumns)


class PeriodsFile(RegisterFile):
    columns: PeriodColumns = Field(default_factory=PeriodColumns)


class RegisterGroup(_Strict):
    """A value of the group column: its label and its role in the analysis."""

    code: str
    label: str
    role: GroupRole


class Status(_Strict):
    code: str
    label: str


class Outcome(_Strict):
    """A period outcome: the share in one of ``statuses``, or (``hours: true``) mean hours."""

    id: str
    label: str
    statuses: list[str] = Field(default_factory=list)
    hours: bool = False

    @model_validator(mode="after")
    def _one_kind(self) -> "Outcome":
        if self.hours == bool(self.statuses):
            raise ValueError(f"outcome {self.id!r}: give either statuses (a share) or hours: true (mean hours)")
        return self


class Event(_Strict):
    """An event date column of the persons file (first placement, first ordinary hours, end of benefit)."""

    id: str
    label: str
    column: str


class TimePoint(_Strict):
    """A named period for tables (e.g. start = week 1, end = week 104)."""

    id: str
    label: str
    period: int = Field(ge=1)


class Background(_Strict):
    """A background characteristic column (age band, sex, origin, benefit history) and its categories."""

    id: str
    label: str
    column: str
    categories: list[str] | None = Field(default=None, description="Allowed values in order; any when omitted.")


class Effects(_Strict):
    """Effect estimates, intervention against comparison: OLS and logit for every outcome at ``period``,
    Cox for ``event``; ``outcome`` is the main outcome (shown first)."""

    outcome: str | None = None
    period: int | None = Field(default=None, ge=1)
    event: str | None = Field(default=None, description="Event for the Cox model (hazard ratio).")
    covariates: list[str] = Field(default_factory=list, description="Background ids adjusted for.")


class SizeBand(_Strict):
    """Municipality size band: municipalities with population up to ``max`` (the last band may omit it)."""

    label: str
    max: int | None = None


class Register(_Strict):
    """The ``register:`` section."""

    start: dt.date = Field(description="Project start: start dates and events before it are errors.")
    extract: dt.date = Field(description="Extract date: dates after it are errors ('in the future').")
    unit: Literal["week", "month"] = "week"
    periods: int = Field(default=104, ge=1, description="Follow-up length in units (weeks 1–104).")
    persons: PersonsFile
    periods_file: PeriodsFile | None = None
    groups: list[RegisterGroup]
    statuses: list[Status] = Field(default_factory=list)
    outcomes: list[Outcome] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    time_points: list[TimePoint] = Field(default_factory=list)
    background: list[Background] = Field(default_factory=list)
    segment: str | None = Field(default=None, description="Background id that splits outcome tables (target group).")
    effects: Effects | None = None
    size_bands: list[SizeBand] = Field(default_factory=list)

    # ------------------------------------------------------------------ lookups

    def group_codes(self, role: GroupRole) -> list[str]:
        return [g.code for g in self.groups if g.role == role]

    def group_label(self, code: str) -> str:
        return next((g.label for g in self.groups if g.code == code), code)

    def outcome(self, outcome_id: str) -> Outcome:
        return next(o for o in self.outcomes if o.id == outcome_id)

    def event(self, event_id: str) -> Event:
        return next(e for e in self.events if e.id == event_id)

    def background_of(self, background_id: str) -> Background:
        return next(b for b in self.background if b.id == background_id)

    @model_validator(mode="after")
    def _check_references(self) -> "Register":
        errors: list[str] = []
        if self.extract < self.start:
            errors.append(f"extract: {self.extract} is before register.start {self.start}")
        for name, ids in (("groups", [g.code for g in self.groups]), ("statuses", [s.code for s in self.statuses]),
                          ("outcomes", [o.id for o in self.outcomes]), ("events", [e.id for e in self.events]),
                          ("time_points", [t.id for t in self.time_points]),
                          ("background", [b.id for b in self.background])):
            dupes = sorted({x for x in ids if ids.count(x) > 1})
            if dupes:
                errors.append(f"{name}: duplicate id {dupes[0]!r}")
        if not self.groups:
            errors.append("groups: must list at least one group")
        if self.groups and not self.group_codes("intervention"):
            errors.append("groups: no group has role 'intervention'")
        status_codes = {s.code for s in self.statuses}
        for o_i, outcome in enumerate(self.outcomes):
            for s in outcome.statuses:
                if s not in status_codes:
                    errors.append(f"outcomes.{o_i} ({outcome.id}).statuses: unknown status {s!r}")
        if self.outcomes and self.periods_file is None:
            errors.append("outcomes: outcomes need a periods_file")
        if self.periods_file is not None and self.periods_file.columns.hours is None \
                and any(o.hours for o in self.outcomes):
            errors.append("outcomes: an hours outcome needs periods_file.columns.hours")
        if self.events and self.persons.columns.censor is None:
            errors.append("events: events need persons.columns.censor (end of follow-up)")
        for t_i, point in enumerate(self.time_points):
            if point.period > self.periods:
                errors.append(f"time_points.{t_i} ({point.id}).period: {point.period} is beyond "
                              f"periods ({self.periods})")
        background_ids = {b.id for b in self.background}
        if self.segment is not None and self.segment not in background_ids:
            errors.append(f"segment: unknown background {self.segment!r}")
        if self.effects is not None:
            eff = self.effects
            if eff.outcome is not None and eff.outcome not in {o.id for o in self.outcomes}:
                errors.append(f"effects.outcome: unknown outcome {eff.outcome!r}")
            if eff.period is None and eff.event is None:
                errors.append("effects: give a period (OLS and logit on the outcomes) and/or an event (Cox)")
            if eff.period is not None and self.periods_file is None:
                errors.append("effects.period: effects at a period need a periods_file")
            if eff.period is not None and eff.period > self.periods:
                errors.append(f"effects.period: {eff.period} is beyond register.periods ({self.periods})")
            if eff.event is not None and eff.event not in {e.id for e in self.events}:
                errors.append(f"effects.event: unknown event {eff.event!r}")
            for c in eff.covariates:
                if c not in background_ids:
                    errors.append(f"effects.covariates: unknown background {c!r}")
            if not self.group_codes("comparison"):
                errors.append("effects: effects need a group with role 'comparison'")
        for b_i, band in enumerate(self.size_bands[:-1]):
            if band.max is None:
                errors.append(f"size_bands.{b_i}.max: only the last band may omit max")
        if errors:
            raise ValueError("; ".join(errors))
        return self
