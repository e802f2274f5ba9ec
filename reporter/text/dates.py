"""Dates in the document's language through babel ("5. december 2019", "januar 2020")."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date

from reporter.text.numbers import locale_for


def fmt_date(date: dt.date | None, lang: str = "da", month_only: bool = False) -> str:
    """A long date, or month and year only; empty for None."""
    if date is None:
        return ""
    if month_only:
        text = format_date(date, "LLLL yyyy", locale=locale_for(lang))
        return text[:1].upper() + text[1:]
    return format_date(date, "d. MMMM y" if lang == "da" else "d MMMM y", locale=locale_for(lang))
