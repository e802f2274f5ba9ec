"""Differences between two sequences of text lines (a PDF page's lines, a DOCX's paragraphs)."""

from __future__ import annotations

import difflib
from typing import Literal

from reporter.compare.report import Difference


def compare_lines(old: tuple[str, ...], new: tuple[str, ...], name: str, *, page: int | None = None,
                  unit: Literal["line", "paragraph"] = "line") -> list[Difference]:
    """Changed, removed and added lines. With ``unit="paragraph"`` each difference carries the paragraph's
    1-based number (in B for changed and added text, in A for removed text); lines are located by ``page``."""
    out: list[Difference] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)

    def where(index: int) -> dict:
        return {"page": page, "paragraph": index + 1 if unit == "paragraph" else None}

    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if op == "replace" and i2 - i1 == j2 - j1:
            for k, (before, after) in enumerate(zip(old[i1:i2], new[j1:j2])):
                out.append(Difference(name, "text", before=before, after=after, **where(j1 + k)))
            continue
        if unit == "paragraph":
            out.extend(Difference(name, "missing", before=old[i], detail="paragraph removed", **where(i))
                       for i in range(i1, i2))
            out.extend(Difference(name, "extra", after=new[j], detail="paragraph added", **where(j))
                       for j in range(j1, j2))
            continue
        if i2 > i1:
            out.append(Difference(name, "missing", before=" / ".join(old[i1:i2]), detail="text removed", **where(0)))
        if j2 > j1:
            out.append(Difference(name, "extra", after=" / ".join(new[j1:j2]), detail="text added", **where(0)))
    return out
