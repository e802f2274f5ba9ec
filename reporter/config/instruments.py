"""Validated instruments (``instruments:`` in project.yaml): sum or mean scores over a set of items, with the
instrument's own missing-item rule, a reference value, threshold bands, collapsed answer categories and
alternative scorings for a sensitivity analysis.

Scoring (:meth:`Instrument.score` is the one definition; the metrics layer vectorises it):

- ``score: sum`` — with ``k`` of the ``n`` items answered and at most ``max_missing`` missing, the raw score is
  the mean of the answered items × ``n`` (prorated; with nothing missing this is the plain sum), times
  ``multiplier``. WHO-5: 5 items 0–5, ``multiplier: 4`` gives 0–100, ``max_missing: 0`` (the WHO-5 sheet of the
  Psychiatric Research Unit, Mental Health Centre North Zealand, 1998, and Topp et al., Psychother Psychosom
  2015;84:167–176, define the score from all five answers and give no prorating rule: with an item missing
  the score is not computed). General Self-Efficacy (Schwarzer & Jerusalem 1995): 10 items 1–4, sum 10–40;
  the authors' rule of thumb is to compute the score when no more than three items are missing, from the
  mean of the answered items (their SPSS ``MEAN.7``), i.e. ``max_missing: 3`` — × 10 for the 10–40 sum.
- ``score: mean`` — the mean of the answered items (BIP indicators, 1–5), with the same ``max_missing``.

An item answer is its option ``score`` (after polarity); "ved ikke" options count as missing. Every scored
option of an instrument's items must lie in ``min``–``max``.
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Band(_Strict):
    """A threshold band of the score: from the previous band's ``upto`` (or the scale minimum) up to and
    including ``upto`` (the last band may omit it: up to the scale maximum)."""

    label: str
    upto: float | None = None


class Category(_Strict):
    """A collapsed answer category (e.g. 'Lav' = answers 1–2), by item answer value."""

    label: str
    values: list[float] = Field(min_length=1)


class Scenario(_Strict):
    """An alternative scoring for a sensitivity analysis: item answers recoded before scoring."""

    id: str
    label: str
    recode: dict[float, float] = Field(description="answer value -> value used instead, e.g. {3: 2}")


class Reference(_Strict):
    """A reference value drawn as a line (population mean)."""

    value: float
    label: str


class Instrument(_Strict):
    """A validated instrument scored from a set of items."""

    id: str
    label: str = Field(description="Name in captions and legends, e.g. 'Trivsel (WHO-5)'.")
    short: str = Field(default="", description="Short name, e.g. 'WHO-5'; default: the id.")
    items: list[str] = Field(min_length=1)
    min: float = Field(description="Lowest item answer value.")
    max: float = Field(description="Highest item answer value.")
    score: Literal["sum", "mean"] = "sum"
    multiplier: float = Field(default=1.0, gt=0, description="Sum scores: raw sum × multiplier (WHO-5: 4).")
    max_missing: int = Field(default=0, ge=0, description="Items that may be missing; more = no score.")
    decimals: int = Field(default=1, ge=0, le=3, description="Decimals of the score in tables and figures.")
    reference: Reference | None = None
    bands: list[Band] = Field(default_factory=list)
    categories: list[Category] = Field(default_factory=list)
    sensitivity: list[Scenario] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> "Instrument":
        if self.min >= self.max:
            raise ValueError(f"instrument {self.id!r}: min must be below max")
        if self.max_missing >= len(self.items):
            raise ValueError(f"instrument {self.id!r}: max_missing must be below the number of items")
        if len(set(self.items)) != len(self.items):
            raise ValueError(f"instrument {self.id!r}: an item is listed twice")
        low, high = self.score_range
        edges = [b.upto for b in self.bands]
        if any(e is None for e in edges[:-1]):
            raise ValueError(f"instrument {self.id!r}: only the last band may omit 'upto'")
        given = [e for e in edges if e is not None]
        if given != sorted(given) or len(set(given)) != len(given) or any(not low <= e <= high for e in given):
            raise ValueError(f"instrument {self.id!r}: band limits must increase within the score range "
                             f"{low:g}–{high:g}")
        seen: set[float] = set()
        for c in self.categories:
            for value in c.values:
                if value in seen or not self.min <= value <= self.max:
                    raise ValueError(f"instrument {self.id!r}: category {c.label!r}: value {value:g} is outside "
                                     f"{self.min:g}–{self.max:g} or in two categories")
                seen.add(value)
        for s in self.sensitivity:
            for a, b in s.recode.items():
                if not (self.min <= a <= self.max and self.min <= b <= self.max):
                    raise ValueError(f"instrument {self.id!r}: scenario {s.id!r} recodes outside "
                                     f"{self.min:g}–{self.max:g}")
        return self

    @property
    def name(self) -> str:
        return self.short or self.id

    @property
    def score_range(self) -> tuple[float, float]:
        """Lowest and highest possible score."""
        if self.score == "mean":
            return self.min, self.max
        n = len(self.items)
        return self.min * n * self.multiplier, self.max * n * self.multiplier

    def score_of(self, answers: list[float | None]) -> float:
        """The score of one answer sheet (one value per item, None/NaN = missing), NaN when too many are
        missing. The reference implementation; :mod:`reporter.metrics.instruments` vectorises it."""
        values = [float(a) for a in answers if a is not None and not math.isnan(float(a))]
        if len(answers) != len(self.items):
            raise ValueError(f"instrument {self.id!r} has {len(self.items)} items, got {len(answers)} answers")
        if len(self.items) - len(values) > self.max_missing or not values:
            return math.nan
        mean = sum(values) / len(values)
        return mean if self.score == "mean" else mean * len(self.items) * self.multiplier

    def band_of(self, score: float) -> str | None:
        """The label of the band a score falls in (None for NaN or without bands)."""
        if math.isnan(score) or not self.bands:
            return None
        for b in self.bands:
            if b.upto is None or score <= b.upto:
                return b.label
        return None
