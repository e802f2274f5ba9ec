"""Where WeasyPrint put the boxes of a laid-out report (the layout the PDF is written from): the page of
every table row, caption and table foot, by the table's HTML id."""

from __future__ import annotations

from dataclasses import dataclass, field

from weasyprint.formatting_structure import boxes


@dataclass
class TablePlacement:
    """Pages (1-based) of one table's parts: caption, header rows, each body row in order, the foot (legend,
    notes)."""

    caption: set[int] = field(default_factory=set)
    header: set[int] = field(default_factory=set)
    rows: list[int] = field(default_factory=list)
    foot: set[int] = field(default_factory=set)

    def rows_per_page(self) -> dict[int, int]:
        out: dict[int, int] = {}
        for page in self.rows:
            out[page] = out.get(page, 0) + 1
        return out


def _classes(box) -> list[str]:
    element = getattr(box, "element", None)
    return (element.get("class") or "").split() if element is not None else []


def table_placements(document) -> dict[str, TablePlacement]:
    """{table block id: placement} for every ``div.table-block`` of a ``weasyprint.Document``."""
    out: dict[str, TablePlacement] = {}

    def walk(box, table: str | None, page: int) -> None:
        classes = _classes(box)
        if "table-block" in classes and isinstance(box, boxes.BlockBox):
            table = box.element.get("id")
        if table is not None:
            placement = out.setdefault(table, TablePlacement())
            if isinstance(box, boxes.TableRowBox) and "row-header" in classes:
                placement.header.add(page)
            elif isinstance(box, boxes.TableRowBox):
                # a row split over two pages would be counted on both; rows never split (break-inside: avoid)
                placement.rows.append(page)
            elif "caption" in classes and isinstance(box, boxes.BlockBox):
                placement.caption.add(page)
            elif "table-foot" in classes and isinstance(box, boxes.BlockBox) and box.children:
                placement.foot.add(page)
        for child in getattr(box, "children", None) or []:
            walk(child, table, page)

    for number, page in enumerate(document.pages, start=1):
        walk(page._page_box, None, number)
    return out


def figure_pages(document) -> dict[str, set[int]]:
    """{figure id: pages} for every ``figure.figure-block``: the pages any of its boxes stands on."""
    out: dict[str, set[int]] = {}

    def walk(box, figure: str | None, page: int) -> None:
        if "figure-block" in _classes(box) and isinstance(box, boxes.BlockBox):
            figure = box.element.get("id")
        if figure is not None and (getattr(box, "height", 0) or 0) > 0:
            out.setdefault(figure, set()).add(page)
        for child in getattr(box, "children", None) or []:
            walk(child, figure, page)

    for number, page in enumerate(document.pages, start=1):
        walk(page._page_box, None, number)
    return out
