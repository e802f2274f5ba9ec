"""Municipality names as keys: the file slug of a name, and the spelling-insensitive key used to find
duplicates. Both live with the configuration so that project validation (CLI and service) can refuse
two municipalities that would share a profile file or be the same place spelled twice."""

from __future__ import annotations

import re
import unicodedata


def slug(name: str) -> str:
    """File name of a municipality: lower-case ASCII, æ→ae, ø→oe, å→aa, spaces → '-'."""
    text = unicodedata.normalize("NFC", name).lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"\s+", "-", text.strip())
    return re.sub(r"[^a-z0-9-]", "", text) or "kommune"


def name_key(name: str) -> str:
    """The key two spellings of one name share: Unicode-normalised (NFKC, so a decomposed 'ø' or a
    no-break space count as the plain ones), case-folded, inner whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", name).split()).casefold()
