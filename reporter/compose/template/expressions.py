"""Computed values in authored prose: ``{{ expression }}`` evaluated in jinja2's sandbox.

The names a template can read are plain data built from the metric tables (:mod:`facts`); numbers carry
their kind (a share, a 1–5 score, a count) and print the Danish way by themselves ("54 pct.", "3,45",
"1.234"); filters format explicitly (``| pct``, ``| pp``, ``| num(1)``). The sandbox has no attribute
access to Python internals, no file access and no imports; arithmetic that could run away (huge powers,
huge repetitions) is refused and a whole evaluation is bounded in time.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
import operator
import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass

from jinja2 import StrictUndefined, TemplateSyntaxError, Undefined, UndefinedError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from reporter.text.numbers import fmt_amount, fmt_count, fmt_number, fmt_percent, fmt_points, fmt_pp, round_half_away

MAX_POWER = 64
MAX_REPEAT = 10_000
MAX_TEXT = 10_000
TIME_LIMIT_S = 2.0


class ExpressionError(Exception):
    """An expression that cannot be evaluated; ``column`` is 1-based within its line when known."""

    def __init__(self, message: str, expected: str | None = None):
        super().__init__(message)
        self.message = message
        self.expected = expected


class Share(float):
    """A share 0–1; prints as "54 pct."."""

    kind = "share"


class Score(float):
    """A mean on a 1–5 scale (or another numeric mean); prints with two decimals."""

    kind = "score"


class Amount(float):
    """An amount in kroner; prints rounded to 100 kr. ("91.800 kr.", as the cost figures)."""

    kind = "amount"


class Count(int):
    """A whole count; prints with a thousands separator."""

    kind = "count"


@dataclass(frozen=True)
class Style:
    """How values print in this document."""

    lang: str = "da"
    percent_space: bool = False


def display(value: object, style: Style) -> str:
    """A value as the reader sees it."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, Share):
        return pct(value, style)
    if isinstance(value, Score):
        return fmt_number(float(value), 2, style.lang)
    if isinstance(value, Amount):
        return fmt_amount(float(value), style.lang, 100).replace(" ", "\u00a0")
    if isinstance(value, int):
        return fmt_count(int(value), style.lang)
    if isinstance(value, float):
        return fmt_number(value, 2 if abs(value) < 10 else 1, style.lang)
    if isinstance(value, (list, tuple)):
        return ", ".join(display(v, style) for v in value)
    return str(value)


def pct(value: object, style: Style, digits: int = 0) -> str:
    """A share in prose: "54 pct." (English "54 per cent")."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    number = fmt_number(float(value) * 100, digits, style.lang)
    return f"{number}\u00a0pct." if style.lang == "da" else f"{number}\u00a0per cent"


class _Undefined(StrictUndefined):
    """Undefined names fail with the list of names that are known at that point."""

    __slots__ = ()

    def _fail_with_undefined_error(self, *args, **kwargs):
        obj = self._undefined_obj
        if self._undefined_hint:
            raise UndefinedError(self._undefined_hint)
        if obj is not None and obj is not ... and hasattr(obj, "keys"):
            known = ", ".join(sorted(str(k) for k in obj.keys()))
            raise UndefinedError(f"{self._undefined_name!r} is not defined here; known: {known}")
        raise UndefinedError(f"{self._undefined_name!r} is undefined")

    __str__ = __iter__ = __len__ = __eq__ = __ne__ = __bool__ = __hash__ = _fail_with_undefined_error  # type: ignore


class _Sandbox(SandboxedEnvironment):
    """No attribute of any Python object is reachable: names are mappings and lists of plain values; only
    the listed functions can be called."""

    intercepted_binops = frozenset(["*", "**", "+", "%", "//"])

    def getattr(self, obj, attribute):
        if isinstance(obj, Undefined):
            return obj
        if isinstance(obj, Mapping) and attribute in obj:
            return obj[attribute]
        if isinstance(obj, Mapping):
            return self.undefined(obj=obj, name=attribute)
        return self.unsafe_undefined(obj, attribute)

    def getitem(self, obj, argument):
        if isinstance(obj, Undefined):
            return obj
        if isinstance(obj, Mapping):
            return obj[argument] if argument in obj else self.undefined(obj=obj, name=argument)
        if isinstance(obj, (list, tuple)) and isinstance(argument, int) and -len(obj) <= argument < len(obj):
            return obj[argument]
        if isinstance(obj, (list, tuple, str)) and isinstance(argument, slice):
            return obj[argument]
        return self.undefined(obj=obj, name=argument)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - jinja's signature
        if not any(__obj is f for f in __self.globals.values()):
            raise SecurityError(f"{getattr(__obj, '__name__', type(__obj).__name__)!s} cannot be called; "
                                f"functions: {', '.join(sorted(__self.globals))}")
        return __obj(*args, **kwargs)

    def call_binop(self, context, operator_: str, left, right):
        if operator_ == "**":
            if isinstance(right, (int, float)) and abs(right) > MAX_POWER:
                raise SecurityError(f"power too large (at most {MAX_POWER})")
            return left ** right
        if operator_ == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int) and len(seq) * times > MAX_REPEAT:
                    raise SecurityError("repetition too large")
            return left * right
        if operator_ == "+":
            result = left + right
            if isinstance(result, (str, list, tuple)) and len(result) > MAX_TEXT:
                raise SecurityError("text too long")
            return result
        if operator_ == "%":
            if isinstance(left, str):
                raise SecurityError("string formatting with % is not allowed")
            return left % right
        return operator.floordiv(left, right)


class Evaluator:
    """Compiles and evaluates expressions against one namespace (the facts of a document)."""

    def __init__(self, names: dict[str, object], style: Style):
        self.style = style
        self.names = dict(names)
        env = _Sandbox(undefined=_Undefined, autoescape=False)
        env.filters.clear()
        env.filters.update(_filters(style))
        env.tests.clear()
        env.globals.clear()
        env.globals.update(_functions(style))
        self.env = env

    @property
    def known(self) -> list[str]:
        return sorted(self.names) + sorted(self.env.globals)

    def value(self, expression: str) -> object:
        """Evaluate to a Python value (raises :class:`ExpressionError`)."""
        if "{%" in expression or "%}" in expression:
            raise ExpressionError("statements ({% … %}) are not allowed in a value")
        try:
            compiled = self.env.compile_expression(expression, undefined_to_none=False)
        except TemplateSyntaxError as exc:
            raise ExpressionError(f"invalid expression: {exc.message}") from None
        try:
            with _time_limit(TIME_LIMIT_S):
                result = compiled(**self.names)
        except UndefinedError as exc:
            message = str(exc)
            if "known:" not in message:
                message += "; known names: " + ", ".join(self.known)
            raise ExpressionError(message) from None
        except SecurityError as exc:
            raise ExpressionError(f"not allowed: {exc}") from None
        except _Timeout:
            raise ExpressionError(f"took longer than {TIME_LIMIT_S:g} s") from None
        except Exception as exc:  # noqa: BLE001 - any failure inside the consultant's expression
            raise ExpressionError(f"{type(exc).__name__}: {exc}") from None
        if isinstance(result, Undefined):
            try:
                result._fail_with_undefined_error()
            except UndefinedError as exc:
                message = str(exc)
                if "known:" not in message and "unsafe" not in message:
                    message += "; known names: " + ", ".join(self.known)
                raise ExpressionError(message) from None
        return result

    def text(self, expression: str) -> str:
        """Evaluate and format for the reader."""
        result = self.value(expression)
        if isinstance(result, (int, float)) and not isinstance(result, bool) and abs(result) > 1e15:
            raise ExpressionError("number too large to print")
        try:
            text = display(result, self.style)
        except Exception as exc:  # noqa: BLE001 - a value that cannot be formatted
            raise ExpressionError(f"cannot format the value: {type(exc).__name__}") from None
        if len(text) > MAX_TEXT:
            raise ExpressionError("result too long")
        return text

    def truth(self, expression: str) -> bool:
        result = self.value(expression)
        if isinstance(result, float) and math.isnan(result):
            return False
        return bool(result)


def _filters(style: Style) -> dict:
    lang = style.lang

    def num(value, digits: int = 1):
        return fmt_number(float(value), int(digits), lang)

    def percent_sign(value, digits: int = 0):
        return fmt_percent(float(value), lang, space=style.percent_space, digits=int(digits))

    def pp(value, digits: int = 0, signed: bool = False):
        return fmt_pp(float(value), lang, digits=int(digits), signed=bool(signed)).replace(" ", "\u00a0", 1)

    def points(value, digits: int = 2, signed: bool = False):
        return fmt_points(float(value), lang, digits=int(digits), signed=bool(signed))

    def count(value):
        return fmt_count(int(value), lang)

    def amount(value, step: int = 100):
        return fmt_amount(float(value), lang, int(step)).replace(" ", "\u00a0")

    def kr(value, digits: int = 0):
        text = fmt_number(float(value), int(digits), lang)
        return f"{text}\u00a0kr." if lang == "da" else f"DKK\u00a0{text}"

    def lower(value):
        return str(value).lower()

    def upper(value):
        return str(value).upper()

    def capitalize(value):
        text = str(value)
        return text[:1].upper() + text[1:]

    def abs_(value):
        return abs(value)

    def join(values, sep: str = ", "):
        return str(sep).join(display(v, style) for v in values)

    def length(values):
        return len(values)

    def first(values):
        return next(iter(values))

    def last(values):
        return list(values)[-1]

    return {"pct": lambda v, digits=0: pct(v, style, int(digits)), "percent": percent_sign, "pp": pp,
            "points": points, "num": num, "count": count, "kr": kr, "amount": amount, "lower": lower, "upper": upper,
            "capitalize": capitalize, "abs": abs_, "join": join, "length": length, "first": first,
            "last": last}


def _functions(style: Style) -> dict:
    lang = style.lang

    def diff(a, b, digits: int = 0):
        """Difference a − b of the rounded values the reader sees (shares in points, scores in 2 decimals)."""
        if isinstance(a, Share) or isinstance(b, Share):
            ra = round_half_away(float(a) * 100, digits)
            rb = round_half_away(float(b) * 100, digits)
            return Share(float(ra - rb) / 100)
        ra = round_half_away(float(a), 2)
        rb = round_half_away(float(b), 2)
        return float(ra - rb)

    def plural(n, one: str, many: str):
        return one if int(n) == 1 else many

    return {"diff": diff, "plural": plural, "min": min, "max": max, "round": round}


class _Timeout(Exception):
    pass


@contextmanager
def _time_limit(seconds: float):
    """Bound an evaluation in time (main thread only; elsewhere the operator limits still apply)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def handler(signum, frame):
        raise _Timeout()

    previous = signal.signal(signal.SIGALRM, handler)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
