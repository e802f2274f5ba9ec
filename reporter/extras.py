"""Optional parts of reporter and the packages they need (pyproject.toml ``[project.optional-dependencies]``).

The base install renders notes and profiles. ``service`` (``reporter serve``), ``cluster`` (``--scheduler``)
and ``compare`` (``reporter compare``) are extras; their packages are imported only when used, and a missing
one gives one clear message instead of a traceback.
"""

from __future__ import annotations

import importlib.util

EXTRAS: dict[str, tuple[str, ...]] = {
    "service": ("fastapi", "uvicorn", "multipart", "starlette"),
    "cluster": ("distributed", "dask"),
    "compare": ("pdfplumber", "pdfminer"),
}


class MissingExtra(ImportError):
    """An optional part of reporter was used without its packages installed."""


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):    # a module set to None in sys.modules, or a broken one
        return False


def require(extra: str, purpose: str) -> None:
    """Raise :class:`MissingExtra` naming ``purpose`` and the install command when a package of ``extra`` is
    not importable."""
    missing = [m for m in EXTRAS[extra] if not _installed(m)]
    if missing:
        raise MissingExtra(f"{purpose} needs the optional package(s) {', '.join(missing)}: "
                           f"pip install 'reporter[{extra}]'")
