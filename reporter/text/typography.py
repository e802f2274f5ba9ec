"""One typographic style for generated text: quotation marks, ranges, units and the breaks between them.

- Quotations: Danish ”…” (English “…”), whatever the source used ("…", “…”, „…“, »…«).
- Ranges of numbers take an en dash without spaces: "0–19 %", "49–83".
- A number and its unit never part at a line end: no-break space in "5 pct.", "0,1 point", "61 %".
- "pct.-point" does not break at its hyphen: the model carries a non-breaking hyphen (U+2011); renderers
  write it as their format's own (Word's ``w:noBreakHyphen``, an unbreakable span in HTML/PDF).
- Prose says "pct.", tables and chart labels "%" with the brand's spacing ("61%" or "61 %").
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
NB_HYPHEN = "\u2011"
EN_DASH = "\u2013"

QUOTES = {"da": ("\u201d", "\u201d"), "en": ("\u201c", "\u201d")}
_OPENERS = "\"\u201c\u201e\u00bb"
_CLOSERS = "\"\u201d\u201c\u00ab"
# a quoted passage: an opening mark, text without marks, a closing mark
_QUOTED = re.compile(rf"[{_OPENERS}]([^{_OPENERS}{_CLOSERS}\n]*?)[{_CLOSERS}]")
_NUMBER = r"\d+(?:[.,]\d+)*"
_RANGE = re.compile(rf"(?<![\w.,\-\u2013/]){_NUMBER}\s?-\s?{_NUMBER}(?![\w\-\u2013/]|[.,]\d)")
_UNITS_DA = r"pct\.[\-\u2011]point|pct\.|procent|point|kr\."
_UNITS_EN = r"percentage points?|per cent|points?"
_PP = re.compile(r"pct\.-point")
_PERCENT = re.compile(rf"({_NUMBER})[ {NBSP}]?%")


def quotes(text: str, lang: str = "da") -> str:
    """Every quoted passage in the language's marks (”…” in Danish)."""
    open_, close = QUOTES.get(lang, QUOTES["da"])
    return _QUOTED.sub(lambda m: f"{open_}{m.group(1)}{close}", text)


def ranges(text: str) -> str:
    """'0-19' → '0–19' (numbers on both sides; not a date '2019-09-01', not a minus '-3')."""
    return _RANGE.sub(lambda m: re.sub(r"\s?-\s?", EN_DASH, m.group(0), count=1), text)


def units(text: str, lang: str = "da") -> str:
    """A no-break space between a number and its unit, a non-breaking hyphen in 'pct.-point'."""
    pattern = _UNITS_EN if lang == "en" else _UNITS_DA
    text = re.sub(rf"({_NUMBER}) ({pattern})(?!\w)", rf"\1{NBSP}\2", text)
    return _PP.sub(f"pct.{NB_HYPHEN}point", text)


def percent_sign(text: str, space: bool) -> str:
    """'81 %' / '81%' in the brand's one spacing (tables, legends, chart labels)."""
    return _PERCENT.sub(lambda m: m.group(1) + (NBSP if space else "") + "%", text)


def percent_prose(text: str, lang: str = "da") -> str:
    """'81%' in a sentence → '81 pct.' (English: '81 per cent'); ranges keep their dash: '0–19 pct.'."""
    word = "per cent" if lang == "en" else "pct."
    text = _PERCENT.sub(lambda m: f"{m.group(1)}{NBSP}{word}", text)
    return text.replace("pct..", "pct.")          # the abbreviation's full stop ends the sentence too


def prose(text: str, lang: str = "da") -> str:
    """A generated sentence or note line in the house style."""
    return units(percent_prose(ranges(quotes(text, lang)), lang), lang)


def label(text: str, lang: str = "da", percent_space: bool = False) -> str:
    """A table cell, chart label or legend entry in the house style ('%' kept, with the brand's spacing)."""
    return units(percent_sign(ranges(quotes(text, lang)), percent_space), lang)
