"""Tokens of an edited paragraph → template Markdown, and the template lines it replaces.

Bold and italic become ``**…**`` / ``*…*``; computed values their ``{{ expression }}``; cross-references
``@key`` (the word 'tabel ' Word shows before the number is dropped); footnote calls keep the marker the
template had (``[^data]``, or ``^[…]`` rewritten with the footnote's edited text); links ``[text](href)``.
"""

from __future__ import annotations

import re

_ESCAPE = re.compile(r"([\\*_`\[\]])")
FOOTNOTE_MARK = re.compile(r"\[\^[^\]\s]+\](?!:)|\^\[")


def escape(text: str) -> str:
    text = _ESCAPE.sub(r"\\\1", text)
    return text.replace("{{", "{\\{")


def _wrap(text: str, bold: bool, italic: bool) -> str:
    if not (bold or italic) or not text.strip():
        return text
    mark = "***" if bold and italic else "**" if bold else "*"
    lead = text[:len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()):]
    return f"{lead}{mark}{text.strip()}{mark}{trail}"


def footnote_markers(source: str) -> list[str]:
    """The footnote markers of a block's Markdown in order: ``[^label]`` or a whole ``^[…]``."""
    out = []
    for match in FOOTNOTE_MARK.finditer(source):
        if match.group(0) == "^[":
            depth, i = 1, match.end()
            while i < len(source) and depth:
                depth += {"[": 1, "]": -1}.get(source[i], 0)
                i += 1
            out.append(source[match.start():i])
        else:
            out.append(match.group(0))
    return out


def to_markdown(tokens: list, *, expressions: list[str | None], refs: dict[str, str], ref_words: set[str],
                markers: list[str], footnote_md) -> str:
    """One line of Markdown. ``expressions``: the expression of each value token in order (None where
    unknown); ``refs``: REF bookmark → label key; ``markers``: the block's original footnote markers;
    ``footnote_md(id)`` → Markdown of an inline footnote's edited content."""
    pieces: list[tuple[str, bool, bool]] = []      # (markdown, bold, italic); formatting applied per group
    values = iter(expressions)
    notes = iter(markers)
    for tok in tokens:
        kind = tok[0]
        if kind == "t":
            pieces.append((escape(tok[1].replace("\n", " ")), tok[2], tok[3]))
        elif kind == "v":
            expression = next(values, None)
            pieces.append(("{{ " + (expression or "?") + " }}", tok[3], tok[4]))
        elif kind == "r":
            key = refs.get(tok[1])
            if pieces and pieces[-1][0].rstrip() != pieces[-1][0] and not pieces[-1][1]:
                text, bold, italic = pieces[-1]
                words = text.rstrip().rsplit(" ", 1)
                if words[-1].lower() in ref_words:
                    pieces[-1] = ((words[0] + " ") if len(words) > 1 else "", bold, italic)
            pieces.append(("@" + key if key else "", False, False))
        elif kind == "f":
            marker = next(notes, None)
            if marker is None or marker.startswith("^["):
                pieces.append(("^[" + footnote_md(tok[1]) + "]", False, False))
            else:
                pieces.append((marker, False, False))
        elif kind == "l":
            pieces.append((f"[{escape(tok[1])}]({tok[2]})", False, False))
        elif kind == "br":
            pieces.append((" ", False, False))
    out: list[str] = []
    group: list[str] = []
    state = (False, False)
    for text, bold, italic in pieces:
        if (bold, italic) != state and text.strip():
            out.append(_wrap("".join(group), *state))
            group, state = [], (bold, italic)
        group.append(text)
    out.append(_wrap("".join(group), *state))
    return re.sub(r"\s+", " ", "".join(out)).strip()


LIST_PREFIX = re.compile(r"^(\s*(?:>\s?)*\s*(?:[-*+]|\d+[.)])\s+)")
QUOTE_PREFIX = re.compile(r"^(\s*(?:>\s?)+)")
CAPTION = re.compile(r"^(\s*:\s+)(.*?)(\s*\{[^{}]*\}\s*)?$")
PICTURE = re.compile(r"^(\s*!\[)(.*)(\]\(.*)$")
FOOTNOTE_DEF = re.compile(r"^(\s*\[\^[^\]]+\]:\s*)(.*)$")


def replace_block(lines: list[str], kind: str, first: int, last: int, new: str, column: int = 0) -> list[str]:
    """The lines ``first..last`` (1-based, inclusive) of a block rewritten with ``new`` Markdown, keeping what
    belongs to the block's syntax: a list marker, quote markers, a caption's attributes, the image link."""
    old = lines[first - 1:last]
    head = old[0] if old else ""
    if kind == "item":
        match = LIST_PREFIX.match(head)
        replacement = [(match.group(1) if match else "- ") + new]
    elif kind == "table-caption":
        match = CAPTION.match(" ".join(s.strip() for s in old))
        replacement = [(match.group(1) + new + (match.group(3) or "")) if match else ": " + new]
    elif kind == "picture":
        match = PICTURE.match(" ".join(s.strip() for s in old))
        replacement = [match.group(1) + new + match.group(3)] if match else old
    elif kind == "footnote":
        match = FOOTNOTE_DEF.match(head)
        replacement = [(match.group(1) if match else "") + new]
    elif kind == "cell":
        replacement = [replace_cell(head, column, new)]
    else:
        match = QUOTE_PREFIX.match(head)
        indent = head[:len(head) - len(head.lstrip())] if not match else ""
        replacement = [(match.group(1) if match else indent) + new]
    return lines[:first - 1] + replacement + lines[last:]


def replace_cell(line: str, column: int, new: str) -> str:
    """A pipe-table row with its ``column``-th (1-based) cell replaced."""
    parts = re.split(r"(?<!\\)\|", line)
    lead = 1 if line.strip().startswith("|") else 0
    index = lead + column - 1
    if 0 <= index < len(parts):
        parts[index] = " " + new.replace("|", "\\|") + " "
    return "|".join(parts)
