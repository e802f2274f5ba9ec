"""Column widths that keep words whole: every column is at least as wide as its longest word needs.

A header or label may break only between words or at a hyphenation point of the Danish dictionary
(pyphen, the same dictionary WeasyPrint hyphenates with); numbers and status cells never wrap. The model's
column widths are a wish; :func:`fit_widths` widens a column whose longest unbreakable piece does not fit at the
table's font size and takes the room from columns with slack, proportionally. Both the PDF/HTML and the DOCX
renderer use it, so a header breaks alike in both.
"""

from __future__ import annotations

from functools import lru_cache

from reporter.model.document import Table

CHAR_EM = 0.56            # average advance of a character, in em (bold header text, digits)
PADDING_CM = 0.32         # left + right cell padding
PT_CM = 2.54 / 72
SYMBOL_CHARS = 2          # "▲ " before a status cell's number


@lru_cache(maxsize=4)
def _dictionary(lang: str):
    import pyphen

    return pyphen.Pyphen(lang={"da": "da_DK", "en": "en_GB"}.get(lang, lang))


SOFT_HYPHEN = "\u00ad"
HYPHENATE_MIN_CHARS = 5     # WeasyPrint's hyphenate-limit-chars "auto": words of 5+ characters, 2 + 2 at the ends


def soft_hyphens(text: str, lang: str) -> str:
    """``text`` with a soft hyphen at every hyphenation point of the dictionary WeasyPrint hyphenates with
    (``hyphens: auto``), for the DOCX: Word and LibreOffice then may break a header word exactly where the PDF
    may, and nowhere else, so a header that wraps in the PDF wraps at the same point in the Word file."""
    dic = _dictionary(lang)
    return " ".join(dic.inserted(word, hyphen=SOFT_HYPHEN) if len(word) >= HYPHENATE_MIN_CHARS else word
                    for word in text.split(" "))


def longest_piece(text: str, lang: str, *, wraps: bool, hyphenate: bool = True) -> int:
    """Characters of the longest part of ``text`` that cannot be broken: the longest word, or with
    ``hyphenate`` the longest syllable run between the dictionary's hyphenation points (plus its hyphen); the
    whole text when the cell never wraps."""
    if not wraps:
        return len(text)
    if not hyphenate:
        return max((len(w) for w in text.split()), default=0)
    longest = 0
    dic = _dictionary(lang)
    for word in text.split():
        positions = dic.positions(word) if len(word) > 5 else []
        cuts = [0, *positions, len(word)]
        parts = [cuts[i + 1] - cuts[i] + (1 if i + 1 < len(cuts) - 1 else 0) for i in range(len(cuts) - 1)]
        longest = max(longest, max(parts, default=len(word)))
    return longest


def needed_cm(table: Table, columns: int, font_pt: float, lang: str, hyphenate: bool = True) -> list[float]:
    """The smallest width of each column (cm) at ``font_pt``."""
    need = [0.0] * columns
    for row in table.rows:
        col = 0
        for cell in row.cells:
            if cell.span == 1 and col < columns and cell.text:
                wraps = row.kind == "header" or cell.align == "left"
                chars = longest_piece(cell.text, lang, wraps=wraps, hyphenate=hyphenate)
                if cell.status in ("up", "same", "down"):
                    chars += SYMBOL_CHARS
                need[col] = max(need[col], chars * CHAR_EM * font_pt * PT_CM + PADDING_CM)
            col += cell.span
    return need


def fit_widths(table: Table, widths_cm: list[float], font_pt: float, lang: str) -> list[float]:
    """``widths_cm`` with every column widened to what its longest word needs, taken from columns with slack;
    the total stays the same. Whole words are preferred; hyphenation points are used only when whole words
    cannot all fit. When the table cannot fit at all, the wishes are kept."""
    total = sum(widths_cm)
    need = needed_cm(table, len(widths_cm), font_pt, lang, hyphenate=False)
    if sum(need) > total:
        need = needed_cm(table, len(widths_cm), font_pt, lang, hyphenate=True)
    if sum(need) > total:
        return list(widths_cm)
    widths = list(widths_cm)
    for _ in range(len(widths)):
        short = [i for i, w in enumerate(widths) if w < need[i] - 1e-9]
        if not short:
            break
        extra = sum(need[i] - widths[i] for i in short)
        for i in short:
            widths[i] = need[i]
        slack = {i: widths[i] - need[i] for i in range(len(widths)) if i not in short and widths[i] > need[i]}
        room = sum(slack.values())
        if room <= 0:
            break
        for i, s in slack.items():
            widths[i] -= extra * s / room
    scale = total / sum(widths)
    return [w * scale for w in widths]
