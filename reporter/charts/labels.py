"""Text inside charts: value labels, axis ticks, wrapped category labels (Danish formats)."""

from __future__ import annotations

import math
from functools import lru_cache

from reporter.model import Figure, Series
from reporter.text.numbers import fmt_number, fmt_percent, is_missing


def value_text(figure: Figure, value: float | None, lang: str, percent_space: bool) -> str:
    """A value as shown on a bar: "61%" / "3,71"; missing → ""."""
    if value is None or is_missing(value):
        return ""
    if figure.value_format == "percent":
        return fmt_percent(value, lang, space=percent_space)
    digits = 0 if float(value).is_integer() or abs(value) >= 10 else 2  # means on 1–5: "3,71"
    return fmt_number(value, digits, lang)


def series_labels(figure: Figure, series: Series, lang: str, percent_space: bool) -> list[str]:
    """The labels of a series: the model's own texts when given (e.g. "*" for suppressed), else formatted."""
    if series.labels and len(series.labels) == len(series.values):
        return [str(x) for x in series.labels]
    return [value_text(figure, v, lang, percent_space) for v in series.values]


def tick_text(figure: Figure, value: float, step: float, lang: str, percent_space: bool) -> str:
    """An axis tick: "40%" or "2,5" with as many decimals as the tick step needs."""
    if figure.value_format == "percent":
        digits = max(0, -math.floor(math.log10(step * 100) + 1e-9)) if step > 0 else 0
        return fmt_percent(value, lang, space=percent_space, digits=min(digits, 2))
    digits = max(0, -math.floor(math.log10(step) + 1e-9)) if step > 0 else 0
    return fmt_number(value, min(digits, 3), lang)


@lru_cache(maxsize=4)
def _hyphenator(lang: str):
    try:
        import pyphen
    except ImportError:  # hyphenation is a nicety: without pyphen long words stay whole
        return None
    return pyphen.Pyphen(lang={"da": "da_DK", "en": "en_GB"}.get(lang, "da_DK"))


def hyphenate(word: str, width: int, lang: str = "da") -> list[str]:
    """Split a word longer than ``width`` at hyphenation points: Virksomheds-/konsulent."""
    if len(word) <= width:
        return [word]
    hyph = _hyphenator(lang)
    if hyph is None:
        return [word]
    pieces: list[str] = []
    rest = word
    while len(rest) > width:
        for head, tail in hyph.iterate(rest):  # longest head first
            if len(head) + 1 <= width:
                pieces.append(head + "-")
                rest = tail
                break
        else:
            break
    return pieces + [rest]


def _tokens(part: str, width: int, lang: str) -> list[tuple[str, str]]:
    """(glue, piece) pairs: glue " " between words, "" inside a word split at a hyphen."""
    out: list[tuple[str, str]] = []
    for word in part.split():
        pieces = [p + "-" for p in word.split("-")[:-1] if p] + [word.split("-")[-1]]
        pieces = [p for p in pieces if p]
        first = True
        for piece in pieces:
            for i, sub in enumerate(hyphenate(piece, width, lang) if len(piece) > width else [piece]):
                out.append((" " if first else "", sub))
                first = False
    return out


def wrap(text: str, width: int, lang: str = "da") -> str:
    """Wrap a label at spaces and hyphens into lines of about ``width`` characters; a single word
    longer than a line is hyphenated with Danish patterns (Virksomheds-/konsulent)."""
    width = max(width, 4)
    lines: list[str] = []
    for part in text.split("\n"):
        current = ""
        for glue, piece in _tokens(part, width, lang):
            if not current:
                current = piece
            elif len(current) + len(glue) + len(piece) <= width:
                current += glue + piece
            else:
                lines.append(current)
                current = piece
        lines.append(current)
    return "\n".join(lines)


def line_count(text: str) -> int:
    return text.count("\n") + 1
