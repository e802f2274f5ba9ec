"""Input errors that name the offending place: file, row, column, value and what was expected."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem found in the input. ``row`` is the 1-based line number in the file (header = 1); for a
    YAML file it is shown as ``line``."""

    file: str
    message: str
    row: int | None = None
    column: str | None = None
    value: object = None
    expected: str | None = None
    severity: str = "error"

    def __str__(self) -> str:
        place = self.file
        if self.row is not None:
            place += f", {'line' if self.file.endswith(('.yaml', '.yml')) else 'row'} {self.row}"
        if self.column is not None:
            place += f", column {self.column!r}"
        text = f"{place}: {self.message}"
        if self.value is not None:
            text += f" (value {self.value!r})"
        if self.expected:
            text += f"; expected {self.expected}"
        return text


class InputError(Exception):
    """Raised when project configuration or survey data is invalid; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
