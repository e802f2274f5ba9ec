"""The result of a comparison: a flat list of :class:`Difference` records and their text form.

A difference names where it is (file, page or paragraph, table caption, row and column) and what changed
(``before`` → ``after``), so a failing golden test reads like a proof-reading note::

    note.pdf page 7, Tabel 3 (Power-ranking af kommunernes…), row "Ballerup", column "Start": "61 %" → "64 %"
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

DifferenceKind = Literal[
    "missing",      # a file, page, table, row or paragraph in A has no counterpart in B
    "extra",        # ... in B but not in A
    "text",         # running text of a page (PDF) or a paragraph (DOCX) changed
    "cell",         # a table cell's value changed
    "shading",      # a DOCX table cell's background colour changed
    "image",        # a picture in a DOCX changed
    "raster",       # a PDF page looks different (more changed pixels than the tolerance)
    "pages",        # the page count changed
]

CAPTION_TITLE_CHARS = 40
_CAPTION = re.compile(r"^(?P<label>\S+\s+\d+[a-z]?)\.\s*(?P<title>.*)$", re.S)


def table_name(caption: str) -> str:
    """A table's short name from its caption: 'Tabel 3. Power-ranking af …' → 'Tabel 3 (Power-ranking af …)'."""
    caption = " ".join(caption.split())
    match = _CAPTION.match(caption)
    if match is None:
        return _shorten(caption) or "table without caption"
    title = _shorten(match.group("title"))
    return f"{match.group('label')} ({title})" if title else match.group("label")


def _shorten(text: str, limit: int = CAPTION_TITLE_CHARS) -> str:
    return text if len(text) <= limit else text[:limit].rstrip() + "…"


def _quote(value: str | None) -> str:
    return '""' if value is None else '"' + " ".join(value.split()) + '"'


@dataclass(frozen=True)
class Difference:
    """One difference between file A (expected, e.g. the golden file) and file B (actual).

    ``file`` is the name shown (a relative path when folders are compared). ``page`` is 1-based (PDF),
    ``paragraph`` 1-based among the body paragraphs (DOCX). ``table`` is the table's caption, ``row`` its
    row label, ``column`` its column header. ``image`` is a written diff PNG (raster differences only).
    """

    file: str
    kind: DifferenceKind
    before: str | None = None
    after: str | None = None
    page: int | None = None
    paragraph: int | None = None
    table: str | None = None
    row: str | None = None
    column: str | None = None
    detail: str = ""
    image: Path | None = None

    @property
    def location(self) -> str:
        """Where: 'note.pdf page 7, Tabel 3 (…), row "Ballerup", column "Start"'."""
        parts = [self.file]
        if self.page is not None:
            parts[0] += f" page {self.page}"
        if self.paragraph is not None:
            parts[0] += f" paragraph {self.paragraph}"
        if self.table is not None:
            parts.append(table_name(self.table))
        if self.row is not None:
            parts.append(f"row {_quote(self.row)}")
        if self.column is not None:
            parts.append(f"column {_quote(self.column)}")
        return ", ".join(parts)

    @property
    def message(self) -> str:
        """The whole difference as one line."""
        what = self.location
        if self.kind == "shading":
            what += " (cell shading)"
        if self.before is not None or self.after is not None:
            change = f"{_quote(self.before) if self.before is not None else '(none)'} → " \
                     f"{_quote(self.after) if self.after is not None else '(none)'}"
            what += f": {change}"
        if self.detail:
            what += f" — {self.detail}" if (self.before is not None or self.after is not None) else f": {self.detail}"
        if self.image is not None:
            what += f" [diff image: {self.image}]"
        return what

    def __str__(self) -> str:
        return self.message


def format_report(differences: list[Difference], a: str | Path, b: str | Path) -> str:
    """A plain-text report: one line per difference and a summary line."""
    if not differences:
        return f"No differences between {a} and {b}."
    lines = [d.message for d in differences]
    files = len({d.file for d in differences})
    lines.append(f"{len(differences)} difference(s) in {files} file(s) between {a} and {b}.")
    return "\n".join(lines)
