"""The validated survey tables every later step reads.

``Survey.respondents`` has one row per respondent and wave::

    wave, respondent, municipality, role, side, raw_role, source_file, source_row

``Survey.answers`` is the long table, one row per respondent x item (x option for multi-select)
for every non-blank answer::

    wave, respondent, municipality, role, side, item, option, code, score, value,
    is_dont_know, is_top, source_file, source_row

- ordinal/single items: ``option`` = option label, ``code`` = option code (as str), ``score`` =
  the option score after polarity (reverse items are mirrored so that high = high fidelity),
  ``is_top`` = counts as top-box, ``is_dont_know`` = "ved ikke" (score is NaN then).
- multi-select items: one row per option column; ``option`` = option label, ``value`` = 1.0 or 0.0.
- numeric items: ``value`` = the number; ``option``/``code`` empty.
- text items: ``option`` = the free text.

``Survey.codes`` holds coded open answers: ``question, wave, respondent, code``.
Categorical columns (wave, municipality, role, side, item) use pandas ``category`` dtype with the
project's order, so group-bys come out in configuration order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from reporter.errors import Problem

RESPONDENT_COLUMNS = ["wave", "respondent", "municipality", "role", "side", "raw_role", "source_file", "source_row"]
ANSWER_COLUMNS = [
    "wave", "respondent", "municipality", "role", "side", "item", "option", "code", "score", "value",
    "is_dont_know", "is_top", "source_file", "source_row",
]
CODE_COLUMNS = ["question", "wave", "respondent", "code"]


@dataclass(frozen=True)
class Survey:
    """Validated survey data of one project."""

    respondents: pd.DataFrame
    answers: pd.DataFrame
    codes: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=CODE_COLUMNS))
    warnings: tuple[Problem, ...] = ()
    register: "RegisterData | None" = None  # when project.yaml has a register: section


@dataclass(frozen=True)
class RegisterData:
    """Validated register extract (see :mod:`reporter.data.register`).

    ``persons``: one row per person — ``person`` (str), ``municipality``, ``group`` (group code),
    ``start`` and ``censor`` (datetime64; censor = extract date when blank), one column per background id
    (category), one column ``event:<id>`` per event (datetime64, NaT = no event), ``source_row``.

    ``periods`` (or ``None``): one row per person × period — ``person_row`` (int32 position in
    ``persons``), ``period`` (int16, 1 = first period after start), ``status`` (category of status codes),
    ``hours`` (float32, NaN when not declared).
    """

    persons: pd.DataFrame
    periods: pd.DataFrame | None = None
