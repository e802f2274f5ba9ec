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


def lit(text: str) -> str:
    """``text`` as a Typst string literal: ``lit('a "b"')`` → ``"a \\"b\\""``."""
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif code < 0x20 or 0x7F <= code < 0xA0 or ch in "\u2028\u2029":
            out.append(f"\\u{{{code:x}}}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


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
