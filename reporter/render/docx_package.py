"""DOCX packaging: fixed core properties and a byte-stable ZIP (same report → same bytes).

python-docx stamps every ZIP entry with the current time; :func:`document_bytes` zips the members
python-docx would write with one fixed timestamp, a fixed entry order ([Content_Types].xml first, then
by name), fixed attributes and deflate compression, written by :mod:`docx_zip` (:func:`stable_zip` does
the same to a saved package).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from reporter.render.docx_zip import zip_bytes

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


def _zip(members: list[tuple[str, bytes]], date: dt.date | None) -> bytes:
    """The members as a ZIP with a fixed timestamp (the report date), entry order and attributes
    (:func:`reporter.render.docx_zip.zip_bytes`: the bytes ``zipfile`` would write, each repeated member
    deflated once per process)."""
    day = date or FALLBACK_DATE
    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    return zip_bytes(sorted(members, key=lambda member: _order(member[0])), stamp)


def stable_zip(package: bytes, date: dt.date | None) -> bytes:
    """Re-zip ``package`` with a fixed timestamp (the report date), a fixed entry order and attributes."""
    with zipfile.ZipFile(io.BytesIO(package)) as src:
        return _zip([(name, src.read(name)) for name in src.namelist()], date)


class _Members:
    """Takes the place of python-docx's ZIP writer: keeps each member's name and bytes."""

    def __init__(self) -> None:
        self.members: list[tuple[str, bytes]] = []

    def write(self, pack_uri, blob: bytes) -> None:
        self.members.append((pack_uri.membername, blob))


def document_bytes(document, date: dt.date | None) -> bytes:
    """Serialise a python-docx document to stable bytes: the members python-docx's ``save`` writes
    (the same steps as ``OpcPackage.save``), zipped once by :func:`_zip` instead of zipped by
    python-docx, read back and zipped again; the bytes are those of ``stable_zip(save())``."""
    from docx.opc.pkgwriter import PackageWriter

    package = document.part.package
    for part in package.parts:
        part.before_marshal()
    members = _Members()
    PackageWriter._write_content_types_stream(members, package.parts)
    PackageWriter._write_pkg_rels(members, package.rels)
    PackageWriter._write_parts(members, package.parts)
    return _zip(members.members, date)
