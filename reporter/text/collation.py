"""Danish collation: the Unicode collation algorithm (pyuca) with the Danish tailoring of CLDR.

Æ, Ø, Å sort after Z (in that order); "aa" sorts as Å (so Aabenraa comes last among the
STV municipalities, and before Århus); Ä sorts as Æ, Ö/Ő as Ø, Ü/Ű as Y, Đ/Ð as D, with
accent and case as secondary and tertiary differences.

Loading pyuca's full table (30,000 lines of ``allkeys.txt``) takes most of a second, paid by every
process that sorts. Text made only of Latin letters, combining accents and general punctuation (all
Danish names) is keyed with a table of just those entries, read in a fraction of the time; its keys
are the full table's (an entry with any other code point cannot match such text). Anything else
uses the full table.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TypeVar

from pyuca import Collator
from pyuca.collator import COLL_ELEMENT_PATTERN
from pyuca.utils import hexstrings2int

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


#: Basic Latin to Latin Extended-B, combining diacritical marks, Latin Extended Additional, general punctuation.
_LATIN_RANGES = ((0x0000, 0x024F), (0x0300, 0x036F), (0x1E00, 0x1EFF), (0x2000, 0x206F))


def _latin(cp: int) -> bool:
    return cp <= 0x024F or 0x0300 <= cp <= 0x036F or 0x1E00 <= cp <= 0x1EFF or 0x2000 <= cp <= 0x206F


class _LatinCollator(Collator):
    """pyuca's collator with only the table entries whose code points are all in ``_LATIN_RANGES``."""

    def load(self, filename: str) -> None:  # the parsing of pyuca's BaseCollator.load, on fewer lines
        with open(filename, encoding="utf-8") as keys_file:
            for line in keys_file:
                head, _, rest = line.partition(";")
                codes = head.split()
                if codes and not codes[0].startswith(("#", "@")) and not _latin(int(codes[0], 16)):
                    continue   # the cheap test first: most lines are other scripts
                line = line.split("#", 1)[0].rstrip()
                if not line or line.startswith("@version"):
                    continue
                if line.startswith("@implicitweights"):
                    ch_range, base = line[len("@implicitweights"):].split(";")
                    range_start, range_end = ch_range.split("..")
                    self.implicit_weights.append([int(range_start, 16), int(range_end, 16), int(base, 16)])
                    continue
                a, b = line.split(";", 1)
                char_list = hexstrings2int(a.split())
                if not all(_latin(cp) for cp in char_list):
                    continue
                self.table.add(char_list, [hexstrings2int(x.groups()) for x in COLL_ELEMENT_PATTERN.finditer(b.strip())])


@lru_cache(maxsize=1)
def _collator() -> Collator:
    return _tailor(Collator())


@lru_cache(maxsize=1)
def _latin_collator() -> Collator:
    return _tailor(_LatinCollator())


def sort_key(text: str) -> tuple[int, ...]:
    """Danish sort key of a string (use as ``sorted(names, key=sort_key)``)."""
    if all(_latin(ord(c)) for c in unicodedata.normalize("NFD", text)):
        return _latin_collator().sort_key(text)
    return _collator().sort_key(text)


def sorted_da(items: Iterable[T], key: Callable[[T], str] | None = None, reverse: bool = False) -> list[T]:
    """Sort items alphabetically the Danish way; ``key`` picks the text of an item."""
    pick = key or (lambda item: item)  # type: ignore[return-value]
    return sorted(items, key=lambda item: sort_key(pick(item)), reverse=reverse)
