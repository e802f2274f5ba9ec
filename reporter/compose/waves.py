"""The project's wave order on every figure of a report, so that a wave has one colour in all its charts."""

from __future__ import annotations

from dataclasses import replace

from reporter.model.document import Box, Figure, Report, Section


def with_wave_order(report: Report, waves: tuple[str, ...]) -> Report:
    """``report`` with ``Figure.waves`` = ``waves`` (the project's wave ids, first to last) on every figure."""
    def block(b):
        if isinstance(b, Figure):
            return replace(b, waves=waves)
        if isinstance(b, Box):
            return replace(b, blocks=tuple(block(x) for x in b.blocks))
        return b

    def section(s: Section) -> Section:
        return replace(s, blocks=tuple(block(b) for b in s.blocks), sections=tuple(section(x) for x in s.sections))

    return replace(report, sections=tuple(section(s) for s in report.sections))
