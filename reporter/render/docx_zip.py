"""The DOCX's ZIP container, written directly: the bytes ``zipfile`` writes for the same members (deflate
level 6, one fixed timestamp, no extra fields, ``create_system`` 0, mode 644), with each member's
deflated data kept per process by content.

A batch of profiles repeats most of its members byte for byte (styles, settings, numbering, theme, font
table, header, footer, the logo), so each is deflated once per process rather than once per file;
``zipfile`` cannot take data deflated beforehand, hence the small writer. Same members → same bytes as
``zipfile.ZipFile(..., compression=ZIP_DEFLATED).writestr(info, data, compresslevel=6)`` in order
(tests/render/test_docx_zip.py compares them).
"""

from __future__ import annotations

import struct
import zlib
from collections import OrderedDict

LEVEL = 6
_DEFLATED = 8
_VERSION = 20                      # zipfile's DEFAULT_VERSION: what a deflated member needs
_UTF8_NAME = 0x800                 # general purpose flag: the name is UTF-8
_EXTERNAL_ATTR = 0o644 << 16
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_LIMIT = (1 << 31) - 1             # zipfile turns to ZIP64 past this; DOCX members never come near
_CACHE_SIZE = 64                   # deflated members kept: a profile's constant parts, several brands


class _Deflated:
    """CRC, size and deflated bytes of recently written member data (least recently used dropped)."""

    def __init__(self, size: int = _CACHE_SIZE) -> None:
        self.size = size
        self.entries: OrderedDict[bytes, tuple[int, bytes]] = OrderedDict()

    def get(self, data: bytes) -> tuple[int, bytes]:
        hit = self.entries.get(data)
        if hit is not None:
            self.entries.move_to_end(data)
            return hit
        compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
        entry = (zlib.crc32(data), compressor.compress(data) + compressor.flush())
        self.entries[data] = entry
        if len(self.entries) > self.size:
            self.entries.popitem(last=False)
        return entry


_DEFLATED_CACHE = _Deflated()


def zip_bytes(members: list[tuple[str, bytes]], date_time: tuple[int, int, int, int, int, int]) -> bytes:
    """``members`` (name, data), in the order given, as a ZIP whose every entry carries ``date_time``."""
    year, month, day, hour, minute, second = date_time
    dosdate = (year - 1980) << 9 | month << 5 | day
    dostime = hour << 11 | minute << 5 | (second // 2)
    out: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for name, data in members:
        crc, deflated = _DEFLATED_CACHE.get(data)
        if len(data) * 1.05 > _LIMIT or offset > _LIMIT or len(members) > 0xFFFF:
            raise ValueError(f"{name}: too large for a DOCX member")
        try:
            encoded, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            encoded, flags = name.encode("utf-8"), _UTF8_NAME
        out.append(_LOCAL.pack(b"PK\003\004", _VERSION, 0, flags, _DEFLATED, dostime, dosdate, crc,
                               len(deflated), len(data), len(encoded), 0))
        out.append(encoded)
        out.append(deflated)
        central.append(_CENTRAL.pack(b"PK\001\002", _VERSION, 0, _VERSION, 0, flags, _DEFLATED, dostime, dosdate,
                                     crc, len(deflated), len(data), len(encoded), 0, 0, 0, 0, _EXTERNAL_ATTR,
                                     offset))
        central.append(encoded)
        offset += _LOCAL.size + len(encoded) + len(deflated)
    directory = b"".join(central)
    end = _END.pack(b"PK\005\006", 0, 0, len(members), len(members), len(directory), offset, 0)
    return b"".join(out) + directory + end
