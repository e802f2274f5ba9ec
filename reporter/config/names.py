"""Municipality names as keys: the file slug of a name, and the spelling-insensitive key used to find
duplicates. Both live with the configuration so that project validation (CLI and service) can refuse
two municipalities that would share a profile file or be the same place spelled twice."""

from __future__ import annotations

import unicodedata

from reporter.text.slugs import slug  # noqa: F401 - one slug function (its home is reporter.text.slugs)


def name_key(name: str) -> str:
    """The key two spellings of one name share: Unicode-normalised (NFKC, so a decomposed 'ø' or a
    no-break space count as the plain ones), case-folded, inner whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", name).split()).casefold()
