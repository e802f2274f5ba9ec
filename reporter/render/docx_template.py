"""Prepared DOCX packages: what every profile of a project shares, made once per process and copied.

Opening ``reference.docx``, putting the brand on its styles, the page setup and a profile's header and
footer (project, logo, publisher, date) cost as much as a profile's body. :func:`prepared` makes that
document once per key (everything it was made from) and hands out deep copies of its package: each copy
is a python-docx ``Document`` in exactly the state a freshly made one would be in, so the body is written
and serialised as before and the file's bytes are unchanged.
"""

from __future__ import annotations

import copy
from collections import OrderedDict
from collections.abc import Callable, Hashable

_KEEP = 8          # prepared documents kept per process (one per brand × language × project furniture)
_PREPARED: OrderedDict[Hashable, tuple[object, object]] = OrderedDict()


def prepared(key: Hashable, make: Callable[[], object], owner: object = None):
    """A copy of the python-docx document ``make()`` returns; ``make`` runs once per ``key`` and ``owner``
    per process (the least recently used of more than a few keys is dropped). ``key`` must name everything
    ``make`` reads; ``owner`` is an object that is not hashable but is part of it, compared by identity
    (the ``Brand``: the key holds its ``id``, the cache the object, so the id cannot pass to another)."""
    entry = _PREPARED.get(key)
    if entry is None or entry[0] is not owner:
        entry = (owner, make())
        _PREPARED[key] = entry
        if len(_PREPARED) > _KEEP:
            _PREPARED.popitem(last=False)
    else:
        _PREPARED.move_to_end(key)
    return copy_document(entry[1])


def copy_document(document):
    """An independent copy of a python-docx document: its whole package (parts, relationships, XML trees)
    deep-copied, so writing into the copy leaves ``document`` as it was."""
    return copy.deepcopy(document.part.package).main_document_part.document


def forget() -> None:
    """Drop every prepared document (tests)."""
    _PREPARED.clear()
