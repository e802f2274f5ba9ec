"""Municipality aliases in the data: with ``municipality_names: alias`` the loaded tables carry the aliases.

:func:`reporter.data.load.load_survey` validates the data against the real names (so every error message
names the value as it stands in the file), then returns :meth:`Project.with_aliases` and tables whose
``municipality`` columns hold the aliases. Every later step (metrics, exports, notes, profiles and their file
names, the service) therefore only ever sees the aliases.
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from reporter.config.models import Project


def alias_map(project: Project) -> dict[str, str]:
    """Real name → alias of every municipality when the project asks for aliases, else ``{}``."""
    if project.municipality_names != "alias":
        return {}
    return {m.name: m.alias for m in project.municipalities if m.alias and m.alias != m.name}


def rename_municipalities(frame: pd.DataFrame, mapping: dict[str, str]) -> pd.DataFrame:
    """A copy of ``frame`` with the real names in its ``municipality`` column replaced by their aliases."""
    if not mapping or "municipality" not in frame.columns:
        return frame
    out = frame.copy()
    column = out["municipality"]
    if isinstance(column.dtype, pd.CategoricalDtype):
        out["municipality"] = column.cat.rename_categories(
            {c: mapping[c] for c in column.cat.categories if c in mapping})
    else:
        out["municipality"] = column.map(lambda v: mapping.get(v, v) if isinstance(v, str) else v)
    return out


def public_data(data, mapping: dict[str, str]):
    """A dataclass of tables (register extract, cost data …) with every ``municipality`` column aliased."""
    if data is None or not mapping:
        return data
    changes = {f.name: rename_municipalities(getattr(data, f.name), mapping)
               for f in dataclasses.fields(data) if isinstance(getattr(data, f.name), pd.DataFrame)}
    return dataclasses.replace(data, **changes)
