"""Write the metric tables as tidy CSV files and one Excel workbook, atomically.

``write_metrics(tables, out_dir)`` produces::

    out_dir/metrics/<name>.csv    UTF-8, comma-separated, '.' decimals, missing values as empty cells
    out_dir/metrics.xlsx          one sheet per table (sheet names cut to Excel's 31 characters)

Everything is serialised in memory first, then written into a temporary folder/file next to the
targets and moved into place with ``os.replace``. A table that fails to serialise therefore leaves no
half-written output: the previous ``metrics/`` folder and workbook (or none) stay as they were.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from reporter.atomic import write_bytes

_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_SAFE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")


def sheet_names(names: list[str]) -> dict[str, str]:
    """Unique Excel sheet names (≤ 31 characters, no ``[]:*?/\\``) for the table names, in order."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for name in names:
        base = _BAD_SHEET_CHARS.sub("_", name).strip("'") or "sheet"
        candidate = base[:31]
        i = 2
        while candidate.casefold() in used:
            suffix = f"~{i}"
            candidate = base[: 31 - len(suffix)] + suffix
            i += 1
        used.add(candidate.casefold())
        out[name] = candidate
    return out


def table_csv(table: pd.DataFrame) -> bytes:
    """One table as CSV bytes: UTF-8, comma, '.' decimals, NaN/None as empty, no index."""
    return table.to_csv(index=False, sep=",", decimal=".", na_rep="", lineterminator="\n").encode("utf-8")


def _excel_ready(table: pd.DataFrame) -> pd.DataFrame:
    """Categoricals as plain values so openpyxl can write them; everything else unchanged."""
    out = table.copy()
    for col in out.columns:
        if isinstance(out[col].dtype, pd.CategoricalDtype):
            out[col] = out[col].astype(object)
    return out


def workbook_bytes(tables: Mapping[str, pd.DataFrame]) -> bytes:
    """All tables as one .xlsx workbook (one sheet each), in memory."""
    names = sheet_names(list(tables))
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        if not tables:
            pd.DataFrame().to_excel(writer, sheet_name="metrics", index=False)
        for name, table in tables.items():
            _excel_ready(table).to_excel(writer, sheet_name=names[name], index=False)
    return buffer.getvalue()


def _check_names(names: list[str]) -> None:
    for name in names:
        if not _SAFE_NAME.match(name):
            raise ValueError(f"metric table name {name!r} is not a safe file name (letters, digits, _ . -)")


def write_metrics(tables: Mapping[str, pd.DataFrame], out_dir: str | Path) -> Path:
    """Write ``out_dir/metrics/<name>.csv`` and ``out_dir/metrics.xlsx`` atomically; returns ``out_dir``."""
    out_dir = Path(out_dir)
    _check_names(list(tables))
    csvs = {name: table_csv(table) for name, table in tables.items()}
    workbook = workbook_bytes(tables)

    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "metrics"
    staging = Path(tempfile.mkdtemp(prefix=".metrics.", suffix=".tmp", dir=out_dir))
    old: Path | None = None
    try:
        for name, data in csvs.items():
            (staging / f"{name}.csv").write_bytes(data)
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=".metrics.", suffix=".old", dir=out_dir))
            os.replace(target, old / "metrics")
        os.replace(staging, target)
    except BaseException:
        if old is not None and not target.exists():
            os.replace(old / "metrics", target)
        raise
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    write_bytes(out_dir / "metrics.xlsx", workbook)
    return out_dir
