"""Danish collation: the Unicode collation algorithm (pyuca) with the Danish tailoring of CLDR.

Æ, Ø, Å sort after Z (in that order); "aa" sorts as Å (so Aabenraa comes last among the
STV municipalities, and before Århus); Ä sorts as Æ, Ö/Ő as Ø, Ü/Ű as Y, Đ/Ð as D, with
accent and case as secondary and tertiary differences.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TypeVar

from pyuca import Collator

T = TypeVar("T")

# Collation elements are lists [primary, secondary, tertiary]. The tailored letters get z's
# primary followed by a second element whose primary is larger than any DUCET weight, so
# "z…" < "æ" < "ø" < "å" whatever follows the z.
_BEYOND = 0x10000
_LOWER, _UPPER = 0x02, 0x08
_ACCENT = 0x21  # any secondary weight above the plain letter's 0x20


def _tailor(collator: Collator) -> Collator:
    z_primary = collator.sort_key("z")[0]
    y_primary = collator.sort_key("y")[0]
    d_primary = collator.sort_key("d")[0]

    def letter(rank: int, secondary: int, tertiary: int) -> list[list[int]]:
        return [[z_primary, secondary, tertiary], [_BEYOND + rank, 0, 0]]

    tailoring: dict[str, list[list[int]]] = {}
    for rank, (plain, variants) in enumerate(
        [("æ", ["ä"]), ("ø", ["ö", "ő"]), ("å", [])], start=1
    ):
        tailoring[plain] = letter(rank, 0x20, _LOWER)
        tailoring[plain.upper()] = letter(rank, 0x20, _UPPER)
        for i, variant in enumerate(variants, start=1):
            tailoring[variant] = letter(rank, _ACCENT + i, _LOWER)
            tailoring[variant.upper()] = letter(rank, _ACCENT + i, _UPPER)
    # å <<< Å <<< aa <<< Aa <<< AA  (tertiary differences only)
    for tertiary, spelling in enumerate(["aa", "aA", "Aa", "AA"], start=_UPPER + 1):
        tailoring[spelling] = letter(3, 0x20, tertiary)
    # y << ü <<< Ü << ű <<< Ű ;  d << đ <<< Đ << ð <<< Ð
    for i, (lower, primary) in enumerate([("ü", y_primary), ("ű", y_primary),
                                          ("đ", d_primary), ("ð", d_primary)]):
        tailoring[lower] = [[primary, _ACCENT + 10 + i, _LOWER]]
        tailoring[lower.upper()] = [[primary, _ACCENT + 10 + i, _UPPER]]

    for text, elements in tailoring.items():
        codepoints = [ord(c) for c in unicodedata.normalize("NFD", text)]
        collator.table.add(codepoints, elements)
    return collator


@lru_cache(maxsize=1)
def _collator() -> Collator:
    return _tailor(Collator())


def sort_key(text: str) -> tuple[int, ...]:
    """Danish sort key of a string (use as ``sorted(names, key=sort_key)``)."""
    return _collator().sort_key(text)


def sorted_da(items: Iterable[T], key: Callable[[T], str] | None = None, reverse: bool = False) -> list[T]:
    """Sort items alphabetically the Danish way; ``key`` picks the text of an item."""
    pick = key or (lambda item: item)  # type: ignore[return-value]
    return sorted(items, key=lambda item: sort_key(pick(item)), reverse=reverse)
