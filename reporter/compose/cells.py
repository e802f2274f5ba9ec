"""Display text for metric values: the only place where the compose step formats numbers.

A :class:`Formatter` binds the project's language and the brand's percent style, and turns exact
metric values (with their change status and suppression) into model :class:`Cell` objects.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from reporter.model import Cell
from reporter.text.numbers import fmt_amount, fmt_count, fmt_number, fmt_percent, fmt_pp

SUPPRESSED = "*"


def is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


@dataclass(frozen=True)
class Formatter:
    """Number formatting for one document: language and percent style."""

    lang: str = "da"
    percent_space: bool = False

    def percent(self, share: float | None) -> str:
        return "" if is_missing(share) else fmt_percent(share, self.lang, space=self.percent_space)

    def number(self, value: float | None, digits: int = 2) -> str:
        return "" if is_missing(value) else fmt_number(value, digits, self.lang)

    def count(self, value: float | None) -> str:
        return "" if is_missing(value) else fmt_count(int(value), self.lang)

    def amount(self, value: float | None, step: int = 1, unit: bool = True) -> str:
        """Kroner rounded to ``step`` with thousands separator: "33.000 kr." (en "DKK 33,000")."""
        return "" if is_missing(value) else fmt_amount(value, self.lang, step, unit)

    def pp(self, delta: float) -> str:
        return fmt_pp(delta, self.lang)

    def cell(self, value: float | None, kind: str = "percent", status: str | None = None,
             suppressed: bool = False, digits: int = 2) -> Cell:
        """A value cell: '*' when suppressed, blank when missing, else formatted with its change status
        (``kind="amount"``: kroner, ``digits`` = the rounding step, e.g. 1000)."""
        if suppressed:
            return Cell(text=SUPPRESSED, value=None, status="suppressed", align="center")
        if is_missing(value):
            return Cell(text="", value=None, status="missing", align="center")
        if kind == "percent":
            text = self.percent(value)
        elif kind == "count":
            text = self.count(value)
        elif kind == "amount":
            text = self.amount(value, max(int(digits), 1))
        else:
            text = self.number(value, digits)
        return Cell(text=text, value=float(value), status=status if status in ("up", "same", "down") else "plain")


def label(text: str, status: str = "plain", span: int = 1) -> Cell:
    """A left-aligned text cell (row labels)."""
    return Cell(text=text, status=status, align="left", span=span)


def head(text: str, span: int = 1, align: str = "center") -> Cell:
    """A header cell."""
    return Cell(text=text, status="header", align=align, span=span)
