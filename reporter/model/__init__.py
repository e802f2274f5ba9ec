"""The frozen document model shared by all renderers."""

from reporter.model.document import (
    BackPage, Block, Cell, Figure, FrontPage, KeyFinding, Paragraph, Report, Row, Section, Series, Table,
)

__all__ = [
    "BackPage", "Block", "Cell", "Figure", "FrontPage", "KeyFinding", "Paragraph", "Report", "Row",
    "Section", "Series", "Table",
]
