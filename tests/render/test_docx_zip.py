"""The DOCX's ZIP writer: the same bytes as ``zipfile`` for the same members, deflated data reused."""

from __future__ import annotations

import io
import random
import zipfile

import pytest

from reporter.render import docx_zip
from reporter.render.docx_zip import zip_bytes


def zipfile_bytes(members: list[tuple[str, bytes]], stamp: tuple[int, ...]) -> bytes:
    """What the DOCX packaging wrote with ``zipfile`` before (and ``stable_zip`` documents)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0o644 << 16
            dst.writestr(info, data, compresslevel=6)
    return out.getvalue()


def members() -> list[tuple[str, bytes]]:
    rng = random.Random(16)
    return [
        ("[Content_Types].xml", b'<?xml version="1.0"?><Types>' + b"<Default/>" * 40 + b"</Types>"),
        ("word/document.xml", ("<w:p>Kommune æøå</w:p>" * 500).encode("utf-8")),
        ("word/empty.xml", b""),
        ("word/media/billede-ø.png", bytes(rng.getrandbits(8) for _ in range(5000))),   # a UTF-8 name
        ("word/styles.xml", b"<w:styles/>" * 300),
    ]


@pytest.mark.parametrize("stamp", [(1980, 1, 1, 0, 0, 0), (2019, 9, 1, 0, 0, 0), (2031, 12, 31, 13, 45, 58)])
def test_same_bytes_as_zipfile(stamp):
    assert zip_bytes(members(), stamp) == zipfile_bytes(members(), stamp)


def test_repeated_members_are_deflated_once_and_stay_identical(monkeypatch):
    calls = []
    real = docx_zip.zlib.compressobj
    monkeypatch.setattr(docx_zip, "_DEFLATED_CACHE", docx_zip._Deflated())
    monkeypatch.setattr(docx_zip.zlib, "compressobj", lambda *a: calls.append(a) or real(*a))
    stamp = (2019, 9, 1, 0, 0, 0)
    first = zip_bytes(members(), stamp)
    assert len(calls) == len(members())
    second = zip_bytes(members(), stamp)
    assert len(calls) == len(members())            # every member's data came from the cache
    assert first == second == zipfile_bytes(members(), stamp)


def test_least_recently_used_data_is_dropped():
    cache = docx_zip._Deflated(size=2)
    cache.get(b"a")
    cache.get(b"b")
    cache.get(b"a")                                 # a is now the most recent
    cache.get(b"c")
    assert list(cache.entries) == [b"a", b"c"]


def test_reads_back():
    data = zip_bytes(members(), (2019, 9, 1, 0, 0, 0))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        assert [(n, archive.read(n)) for n in archive.namelist()] == members()
