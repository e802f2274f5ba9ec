"""A title led by its code ("1a. Internt samarbejde"), with the code written once: a label that already names
the code at its end ("Internt samarbejde og rolleklarhed (1a)", the project's own wording) loses that tail."""

from __future__ import annotations

import re


def coded_title(code: str, title: str) -> str:
    """``"{code}. {title}"`` without a second mention of ``code``: a trailing " (1a)" is dropped, and a title
    that already starts with the code is left as it is."""
    if not code:
        return title
    bare = re.sub(rf"\s*\(\s*{re.escape(code)}\s*\)\s*$", "", title)
    if re.match(rf"{re.escape(code)}[.:]?\s", bare):
        return bare
    return f"{code}. {bare}"


def code_mentions(code: str, text: str) -> int:
    """How often ``code`` stands in ``text`` as a word of its own ("1a", not the "1a" of "11a")."""
    return len(re.findall(rf"(?<![\w]){re.escape(code)}(?![\w])", text))
