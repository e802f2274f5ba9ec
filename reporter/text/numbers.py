"""Display formatting of numbers: Danish first (da_DK), English (en_GB) for language "en".

Rounding is half away from zero and applied once, to the exact value (``Decimal(repr(x))``),
never with Python's banker's ``round``: 0.125 → 0.13, 2.5 → 3, 4.315 → 4.32.
A missing value (None, NaN, pandas NA) formats as "" — the blank cell of the tables.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import lru_cache
from numbers import Integral, Real

from babel.numbers import format_decimal

NBSP = "\u00a0"
LOCALES = {"da": "da_DK", "en": "en_GB"}


def locale_for(lang: str) -> str:
    """The babel locale of a document language ("da" → "da_DK", "en" → "en_GB")."""
    try:
        return LOCALES[lang]
    except KeyError:
        raise ValueError(f"unknown language {lang!r}; known: {', '.join(LOCALES)}") from None


def is_missing(x: object) -> bool:
    """True for None, NaN and pandas' NA/NaT (anything that is not equal to itself)."""
    if x is None:
        return True
    try:
        return bool(x != x)
    except TypeError:  # pandas.NA refuses bool()
        return True


def to_decimal(x: object) -> Decimal:
    """The exact decimal a number was written as: floats via their shortest repr (0.335 → 0.335)."""
    if isinstance(x, Decimal):
        return x
    if isinstance(x, bool):
        return Decimal(int(x))
    if isinstance(x, Integral):
        return Decimal(int(x))
    if isinstance(x, Fraction):
        return Decimal(x.numerator) / Decimal(x.denominator)
    if isinstance(x, (Real, float)) or hasattr(x, "__float__"):
        f = float(x)  # numpy scalars: repr(np.float64) is not a plain number
        if math.isinf(f):
            raise ValueError(f"cannot format infinite value {x!r}")
        return Decimal(repr(f))
    if isinstance(x, str):
        return Decimal(x)
    raise TypeError(f"not a number: {x!r}")


def round_half_away(x: object, digits: int = 0) -> Decimal:
    """Round the exact value half away from zero: 0.125 → 0.13, 2.5 → 3, -2.5 → -3, 4.315 → 4.32."""
    d = to_decimal(x)
    quantum = Decimal(1).scaleb(-digits)
    # ROUND_HALF_UP in the decimal module rounds ties away from zero (sign-symmetric).
    result = d.quantize(quantum, rounding=ROUND_HALF_UP)
    if result == 0:
        result = abs(result)  # no "-0" after rounding -0.004
    return result


def _pattern(digits: int, grouping: bool = True) -> str:
    base = "#,##0" if grouping else "0"
    return base + ("." + "0" * digits if digits > 0 else "")


def fmt_number(x: object, digits: int = 2, lang: str = "da", grouping: bool = True) -> str:
    """A number with fixed decimals: 3.714 → "3,71", 25461 → "25.461" (en: "3.71", "25,461")."""
    if is_missing(x):
        return ""
    return _format(round_half_away(x, digits), digits, lang, grouping)


@lru_cache(maxsize=8192)
def _format(value: Decimal, digits: int, lang: str, grouping: bool) -> str:
    """Babel's formatting of a value already rounded to ``digits`` (so equal values have equal
    exponents): cached, as a long note formats the same few hundred numbers thousands of times."""
    return format_decimal(value, format=_pattern(digits, grouping), locale=locale_for(lang),
                          decimal_quantization=False)


def fmt_count(n: object, lang: str = "da") -> str:
    """A whole count with thousands separator: 25461 → "25.461" (en "25,461")."""
    return fmt_number(n, 0, lang)


def fmt_percent(share: object, lang: str = "da", space: bool = False, digits: int = 0) -> str:
    """A share 0–1 as percent: 0.61 → "61%" (space=True → "61 %" with a no-break space); 0.335 → "34%"."""
    if is_missing(share):
        return ""
    number = fmt_number(to_decimal(share) * 100, digits, lang)
    return number + (NBSP if space else "") + "%"


def fmt_signed(x: object, digits: int = 0, lang: str = "da") -> str:
    """A difference with explicit sign: +7, -3, 0 (used in change columns)."""
    if is_missing(x):
        return ""
    value = round_half_away(x, digits)
    text = fmt_number(value, digits, lang)
    return ("+" + text) if value > 0 else text


def fmt_pp(delta_share: object, lang: str = "da", digits: int = 0, signed: bool = False) -> str:
    """A difference of two shares in percentage points: 0.07 → "7 pct.-point" (en "7 percentage points").

    The sign is kept for negative values ("-3 pct.-point"); ``signed=True`` also writes "+" for gains.
    Sentences that say "steg med"/"faldt med" pass ``abs(delta)``.
    """
    if is_missing(delta_share):
        return ""
    points = to_decimal(delta_share) * 100
    number = fmt_signed(points, digits, lang) if signed else fmt_number(points, digits, lang)
    if lang == "en":
        unit = "percentage point" if abs(round_half_away(points, digits)) == 1 else "percentage points"
    else:
        unit = "pct.-point"
    return f"{number} {unit}"


def fmt_points(delta: object, lang: str = "da", digits: int = 2, signed: bool = False) -> str:
    """A difference on the 1–5 scale: 0.1 → "0,10 point" (en "0.10 points")."""
    if is_missing(delta):
        return ""
    number = fmt_signed(delta, digits, lang) if signed else fmt_number(delta, digits, lang)
    if lang == "en":
        unit = "point" if abs(round_half_away(delta, digits)) == 1 else "points"
    else:
        unit = "point"
    return f"{number} {unit}"


def round_to_nearest(x: object, step: int = 1) -> Decimal:
    """Round half away from zero to a multiple of ``step`` kr.: 4364 → 4400 (step 100), 87478 → 87000 (1000)."""
    if step <= 1:
        return round_half_away(x, 0)
    return round_half_away(to_decimal(x) / step, 0) * step


def fmt_amount(x: object, lang: str = "da", step: int = 1, unit: bool = True) -> str:
    """An amount in kroner rounded to ``step``: 439900 → "440.000 kr." (step 1000; en "DKK 440,000");
    ``unit=False`` leaves the currency out ("440.000")."""
    if is_missing(x):
        return ""
    number = fmt_number(round_to_nearest(x, step), 0, lang)
    if not unit:
        return number
    return f"DKK {number}" if lang == "en" else f"{number} kr."
