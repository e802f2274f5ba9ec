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

``load_survey`` keeps the answers as small integer codes per item and file and builds the long
``answers`` table on first access (``reporter validate`` never builds it); ``Survey.answer_count``
is its length without building it. A ``Survey`` can also be made from a ready ``answers`` frame.
``Survey.answer_keys`` (:class:`AnswerKeys`) are integer keys of the answers the loader knew while building
the table (``None`` for a ready frame or after unpickling): the metrics group by them instead of
factorising the text columns again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from reporter.errors import Problem

RESPONDENT_COLUMNS = ["wave", "respondent", "municipality", "role", "side", "raw_role", "source_file", "source_row"]
ANSWER_COLUMNS = [
    "wave", "respondent", "municipality", "role", "side", "item", "option", "code", "score", "value",
    "is_dont_know", "is_top", "source_file", "source_row",
]
CODE_COLUMNS = ["question", "wave", "respondent", "code"]
COST_COLUMNS = ["municipality", "phase", "group", "item", "hours", "rate", "amount", "source_row"]
BUDGET_COLUMNS = ["scenario", "actor", "item", "amount", "source_row"]


@dataclass(frozen=True)
class AnswerKeys:
    """Integer keys aligned with the rows of a built answers table.

    ``respondent_row``: per answer row, the row of its respondent × wave in ``Survey.respondents``
    (``0 ≤ value < respondent_rows``); ``option``: per answer row, the index of its ``option`` in
    ``option_labels`` (-1 = no option), so ``option_labels[option]`` is the ``option`` column. ``item_rows``
    (or ``None``): the row positions grouped by item in configuration order, ascending within an item (what
    a stable argsort of the item codes gives).
    """

    respondent_row: np.ndarray
    respondent_rows: int
    option: np.ndarray
    option_labels: np.ndarray
    item_rows: np.ndarray | None = None


class LazyTable:
    """A table built on first use: subclasses define ``__call__`` (build) and ``__len__`` (rows, cheaply);
    ``keys()`` may give :class:`AnswerKeys` of the table just built."""

    def __call__(self) -> pd.DataFrame:  # pragma: no cover - interface
        raise NotImplementedError

    def __len__(self) -> int:  # pragma: no cover - interface
        raise NotImplementedError

    def keys(self) -> AnswerKeys | None:
        """Integer keys of the table made by the last call (default: none)."""
        return None


class _LazyField:
    """Dataclass field that accepts a DataFrame or a :class:`LazyTable`, built (once) when first read."""

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, obj, objtype=None):
        if obj is None:
            raise AttributeError(self.name)  # no default: the field is required
        value = obj.__dict__[self.name]
        if isinstance(value, LazyTable):
            lazy = value
            value = lazy()
            obj.__dict__[self.name] = value
            obj.__dict__[f"_{self.name}_keys"] = lazy.keys()
        return value

    def __set__(self, obj, value) -> None:
        obj.__dict__[self.name] = value


@dataclass(frozen=True)
class Survey:
    """Validated survey data of one project."""

    respondents: pd.DataFrame
    answers: pd.DataFrame = _LazyField()  # type: ignore[assignment]
    codes: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=CODE_COLUMNS))
    warnings: tuple[Problem, ...] = ()
    register: "RegisterData | None" = None  # when project.yaml has a register: section
    costs: "CostData | None" = None  # when project.yaml has a costs: section


    @property
    def answer_count(self) -> int:
        """Rows of the long answers table (without building it when it is still lazy)."""
        return len(self.__dict__["answers"])

    @property
    def answer_keys(self) -> AnswerKeys | None:
        """Integer keys of ``answers`` from the loader (builds the table); ``None`` for a ready frame."""
        self.answers
        return self.__dict__.get("_answers_keys")

    def __getstate__(self) -> dict:
        # pickled (e.g. to worker processes) with the built table, so workers do not each build it;
        # without the keys (they only save time, and only where the metrics are computed)
        state = dict(self.__dict__)
        state["answers"] = self.answers
        state.pop("_answers_keys", None)
        return state


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


@dataclass(frozen=True)
class CostData:
    """Validated cost sheet (see :mod:`reporter.data.costs`).

    ``lines``: one row per cost line — ``municipality`` (category of the project's municipality names),
    ``phase`` (``establishment`` | ``operation``), ``group`` (text, "" when none), ``item`` (text), ``hours`` and
    ``rate`` (NaN for an amount line), ``amount`` (kr.: the amount, or hours × rate), ``source_row``.

    ``budget`` (or ``None``): one row per budget line — ``scenario``, ``actor`` (codes of ``costs.budget``),
    ``item`` (text), ``amount`` (kr. per citizen; negative = a cost to the actor), ``source_row``.
    """

    lines: pd.DataFrame
    budget: pd.DataFrame | None = None
