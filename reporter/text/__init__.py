"""Text conventions: number formatting (babel), Danish collation, all language strings."""

from reporter.text.collation import sort_key, sorted_da
from reporter.text.numbers import (
    fmt_count, fmt_number, fmt_percent, fmt_points, fmt_pp, fmt_signed, is_missing, round_half_away,
)
from reporter.text.strings import join_list, strings_for, t

__all__ = [
    "fmt_count", "fmt_number", "fmt_percent", "fmt_points", "fmt_pp", "fmt_signed", "is_missing",
    "join_list", "round_half_away", "sort_key", "sorted_da", "strings_for", "t",
]
