"""The frozen document model shared by all renderers."""

from reporter.model.document import (
    BackPage, Block, Box, Cell, Figure, FootnoteRef, FrontPage, Inline, KeyFinding, LineBreak, Link, ListBlock,
    ListItem, PageBreak, Paragraph, Picture, Quote, Ref, Report, Row, ScoreBand, Section, Series, Table, Text, Value,
    plain_text,
)

__all__ = [
    "BackPage", "Block", "Box", "Cell", "Figure", "FootnoteRef", "FrontPage", "Inline", "KeyFinding", "LineBreak",
    "Link", "ListBlock", "ListItem", "PageBreak", "Paragraph", "Picture", "Quote", "Ref", "Report", "Row",
    "ScoreBand", "Section", "Series", "Table", "Text", "Value", "plain_text",
]
