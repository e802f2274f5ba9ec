"""Text of the document model as Typst code: every string is a Typst string literal, never markup.

A municipality name or a consultant's sentence with ``# * _ $ \\ " [ ] < > @ ` ~ = /`` or ``#import`` /
``#read(...)`` in it is data inside ``"..."``: Typst prints it and evaluates nothing of it. Only the
backslash, the double quote and control characters need escaping in a Typst string.
"""

from __future__ import annotations

import re

NB_HYPHEN = "\u2011"
_WORD_WITH_NB_HYPHEN = re.compile("[^\\s\u2011]*\u2011\\S*")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f-\x9f\u2028\u2029]')   # what lit() escapes


def _escape(match: re.Match) -> str:
    ch = match.group(0)
    return _ESCAPES.get(ch) or f"\\u{{{ord(ch):x}}}"


def lit(text: str) -> str:
    """``text`` as a Typst string literal: ``lit('a "b"')`` → ``"a \\"b\\""``. Escaped: the backslash, the
    double quote, newline, carriage return and tab by their letters; other control characters (C0, DEL, C1)
    and the line/paragraph separators as ``\\u{hex}``."""
    return '"' + _NEEDS_ESCAPE.sub(_escape, text) + '"'


def text(value: str) -> str:
    """A Typst expression showing ``value`` as text. A word with a non-breaking hyphen (U+2011, "pct.-point")
    becomes an unbreakable box with a plain hyphen: the fonts lack U+2011, and copied text keeps the ordinary
    hyphen (as the HTML renderer does)."""
    if NB_HYPHEN not in value:
        return lit(value)
    parts: list[str] = []
    at = 0
    for match in _WORD_WITH_NB_HYPHEN.finditer(value):
        if match.start() > at:
            parts.append("#" + lit(value[at:match.start()]))
        parts.append("#box(" + lit(match.group(0).replace(NB_HYPHEN, "-")) + ")")
        at = match.end()
    if at < len(value):
        parts.append("#" + lit(value[at:]))
    return "[" + "".join(parts) + "]"


def content(expressions: list[str]) -> str:
    """Several Typst expressions as one content value (``[#a#b]``); ``[]`` when there are none."""
    return "[" + "".join("#" + e for e in expressions) + "]"


def label(prefix: str, key: str) -> str:
    """A Typst label from a model key, named as the HTML ids are: ``<tab-ranking>``, ``<sec-intro_method>``."""
    return "<" + f"{prefix}-" + re.sub(r"[^A-Za-z0-9_-]+", "-", key) + ">"
