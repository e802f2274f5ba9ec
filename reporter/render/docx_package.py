"""DOCX packaging: fixed core properties and a byte-stable ZIP (same report → same bytes).

python-docx stamps every ZIP entry with the current time; :func:`stable_zip` re-writes the package
with one fixed timestamp, a fixed entry order ([Content_Types].xml first, then by name), fixed
attributes and deflate compression.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

FALLBACK_DATE = dt.date(1980, 1, 1)  # the earliest date a ZIP entry can carry
LOCALES = {"da": "da-DK", "en": "en-GB"}


def locale_tag(language: str) -> str:
    """A language code as Word's locale tag: 'da' → 'da-DK' (tags with a region pass through)."""
    return LOCALES.get(language, language)


def report_datetime(date: dt.date | None) -> dt.datetime:
    """Midnight UTC of the report date (or of 1980-01-01): the time written everywhere in the package."""
    day = date or FALLBACK_DATE
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


def set_core_properties(document, *, title: str, subject: str, author: str, keywords: str, category: str,
                        language: str, date: dt.date | None) -> None:
    """Core properties with nothing taken from the clock or the machine."""
    props = document.core_properties
    when = report_datetime(date).replace(tzinfo=None)
    props.title = title
    props.subject = subject
    props.author = author
    props.last_modified_by = author
    props.keywords = keywords
    props.category = category
    props.comments = ""
    props.content_status = ""
    props.identifier = ""
    props.version = ""
    props.language = locale_tag(language)
    props.created = when
    props.modified = when
    props.revision = 1


def _order(name: str) -> tuple[int, str]:
    return (0 if name == "[Content_Types].xml" else 1 if name.startswith("_rels/") else 2, name)


def stable_zip(package: bytes, date: dt.date | None) -> bytes:
    """Re-zip ``package`` with a fixed timestamp (the report date), a fixed entry order and attributes."""
    day = date or FALLBACK_DATE
    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as src, \
            zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for name in sorted(src.namelist(), key=_order):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(name), compresslevel=6)
    return out.getvalue()


def document_bytes(document, date: dt.date | None) -> bytes:
    """Serialise a python-docx document to stable bytes."""
    buffer = io.BytesIO()
    document.save(buffer)
    return stable_zip(buffer.getvalue(), date)
