"""The example projects loaded and computed once per test session (shared by end-to-end tests)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"


@dataclass
class Computed:
    """An example project loaded and computed: what the renderers' output is checked against."""

    name: str
    directory: Path
    project: object
    survey: object
    tables: dict[str, pd.DataFrame]


_COMPUTED: dict[str, Computed] = {}


def computed(name: str) -> Computed:
    """Load and compute ``fixtures/<name>`` once per session."""
    if name not in _COMPUTED:
        from reporter.data.load import load_survey
        from reporter.metrics.compute import compute_all

        directory = FIXTURES / name
        project, survey = load_survey(directory)
        _COMPUTED[name] = Computed(name, directory, project, survey, compute_all(project, survey))
    return _COMPUTED[name]




def clean_cell(text: str, brand) -> str:
    """A rendered cell's text without the brand's status symbols, with ordinary single spaces."""
    for symbol in brand.status_symbols.values():
        if symbol:
            text = text.replace(symbol, "")
    return " ".join(text.replace("\xa0", " ").split())


def docx_table(document, caption: str, *, prefix: bool = False):
    """The ``w:tbl`` whose table caption (``w:tblCaption``) is ``caption`` (or starts with it)."""
    from docx.oxml.ns import qn

    for tbl in document.element.body.iter(qn("w:tbl")):
        cap = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblCaption')}")
        value = cap.get(qn("w:val")) if cap is not None else None
        if value is not None and (value.startswith(caption) if prefix else value == caption):
            return tbl
    raise AssertionError(f"no DOCX table captioned {caption!r}")


def tc_text(tc) -> str:
    """All text of a ``w:tc``."""
    from docx.oxml.ns import qn

    return "".join(node.text or "" for node in tc.iter(qn("w:t")))
