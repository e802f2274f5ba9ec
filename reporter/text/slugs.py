"""File-name slugs of Danish names (municipality profiles, service URLs)."""

from __future__ import annotations

import re
import unicodedata


def slug(name: str) -> str:
    """File name of a municipality: lower-case ASCII, æ→ae, ø→oe, å→aa, spaces → '-'."""
    text = unicodedata.normalize("NFC", name).lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"\s+", "-", text.strip())
    return re.sub(r"[^a-z0-9-]", "", text) or "kommune"
