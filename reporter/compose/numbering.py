"""Caption numbers, section numbers and cross-references, decided once in the model.

Builders leave ``number`` at 0 and write ``{ref:KEY}`` (or ``{Ref:KEY}`` at the start of a
sentence) in paragraph text. :func:`number_report`
numbers tables and figures 1..n in document order, numbers sections ("2", "2.1"), and replaces each
reference by "tabel 3" / "figur 4" (or the section number). A reference to an unknown key is an
error, so a caption cannot be cited by a wrong number.
"""

from __future__ import annotations

import re
from dataclasses import replace

from reporter.compose.rewrite import rewrite_block, rewrite_refs
from reporter.model import Figure, FootnoteRef, KeyFinding, Paragraph, Picture, Ref, Report, Section, Table

REF = re.compile(r"\{([Rr])ef:([A-Za-z0-9_.:-]+)\}")


class ReferenceError_(KeyError):
    """A ``{ref:KEY}`` names no table, figure or section of the report."""


def _number_blocks(report: Report) -> tuple[dict[str, int], dict[str, int]]:
    tables: dict[str, int] = {}
    figures: dict[str, int] = {}
    for _, block in report.walk():
        if isinstance(block, Table):
            if block.key in tables:
                raise ValueError(f"duplicate table key {block.key!r}")
            tables[block.key] = len(tables) + 1
        elif isinstance(block, (Figure, Picture)):
            if block.key in figures:
                raise ValueError(f"duplicate figure key {block.key!r}")
            figures[block.key] = len(figures) + 1
    return tables, figures


def _section_numbers(sections: tuple[Section, ...], prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    counter = 0
    for section in sections:
        if section.numbered:
            counter += 1
            number = f"{prefix}{counter}"
            out[section.key] = number
            out.update(_section_numbers(section.sections, number + "."))
        else:
            out[section.key] = ""
            out.update(_section_numbers(section.sections, prefix))
    return out


def _appendix_numbers(sections: tuple[Section, ...], numbers: dict[str, str]) -> dict[str, str]:
    """Appendix chapters are lettered (A, B, …) and their sub-sections A.1, A.2 …"""
    letter = 0
    for section in sections:
        if section.appendix and section.numbered:
            letter += 1
            prefix = chr(ord("A") + letter - 1)
            numbers[section.key] = prefix
            sub = _section_numbers(section.sections, prefix + ".")
            numbers.update(sub)
    return numbers


def number_report(report: Report, table_word: str = "tabel", figure_word: str = "figur",
                  section_word: str = "afsnit", appendix_word: str = "bilag") -> Report:
    """Return a copy of ``report`` with numbers assigned and references resolved: captions 1..n,
    sections "2", "2.1" (appendices "A", "A.1"), ``{ref:KEY}`` in text, :class:`Ref` inlines and
    footnote numbers 1..n in document order."""
    tables, figures = _number_blocks(report)
    main = tuple(s for s in report.sections if not s.appendix)
    sections = _section_numbers(main)
    _appendix_numbers(report.sections, sections)
    appendix_keys = {s.key for s in report.sections if s.appendix}
    footnotes = [0]

    def ref(part: Ref) -> Ref:
        key = part.key
        if key in tables:
            return replace(part, kind="table", word=table_word, number=str(tables[key]))
        if key in figures:
            return replace(part, kind="figure", word=figure_word, number=str(figures[key]))
        if key in sections and sections[key]:
            word = appendix_word if key in appendix_keys else section_word
            return replace(part, kind="section", word=word, number=sections[key])
        raise ReferenceError_(f"reference @{key} names no table, figure or numbered section")

    def numbered(footnote: FootnoteRef) -> FootnoteRef:
        footnotes[0] += 1
        return replace(footnote, number=footnotes[0])

    def inlines(parts: tuple) -> tuple:
        return rewrite_refs(parts, ref, numbered)

    def resolve(text: str) -> str:
        def sub(match: re.Match) -> str:
            capital, key = match.group(1) == "R", match.group(2)
            if key in tables:
                word = f"{table_word} {tables[key]}"
            elif key in figures:
                word = f"{figure_word} {figures[key]}"
            elif key in sections and sections[key]:
                word = f"{section_word} {sections[key]}"
            else:
                raise ReferenceError_(f"reference {{ref:{key}}} names no table, figure or numbered section")
            return word[:1].upper() + word[1:] if capital else word
        return REF.sub(sub, text)

    def fix_other(block):
        if isinstance(block, Table):
            return replace(block, number=tables[block.key], notes=tuple(resolve(n) for n in block.notes))
        if isinstance(block, (Figure, Picture)):
            return replace(block, number=figures[block.key], notes=tuple(resolve(n) for n in block.notes))
        if isinstance(block, (Paragraph, KeyFinding)):  # without inlines: {ref:KEY} in its text
            return replace(block, text=resolve(block.text))
        return block

    def fix_block(block):
        return rewrite_block(block, inlines, fix_other)

    def fix_section(section: Section) -> Section:
        return replace(
            section,
            number=sections[section.key],
            blocks=tuple(fix_block(b) for b in section.blocks),
            sections=tuple(fix_section(s) for s in section.sections),
        )

    return replace(report, sections=tuple(fix_section(s) for s in report.sections))
