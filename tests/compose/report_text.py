"""Test helpers: every text a reader sees in a report, and the phrases that belong to one project only."""

from __future__ import annotations

import re

from reporter.model import Figure, KeyFinding, ListBlock, Paragraph, Table


def report_texts(report) -> list[str]:
    """Section titles, paragraphs, captions, notes, cells, categories and list items of a report."""
    out = []
    for section, block in report.walk():
        out.append(section.title)
        if isinstance(block, (Paragraph, KeyFinding)):
            out.append(block.text)
        elif isinstance(block, Table):
            out += [block.caption, *block.notes] + [c.text for r in block.rows for c in r.cells]
        elif isinstance(block, Figure):
            out += [block.caption, *block.notes, block.alt_text, *block.categories]
        elif isinstance(block, ListBlock):
            out += [i.text for i in block.items]
    return out


def project_only_phrases(this, other) -> set[str]:
    """Phrases that belong to project ``this`` and not to ``other``, derived from both configurations: role
    labels (as written and in lower case), answer option labels of the scales, wave names in prose, track
    labels, the project's name and belief sentence."""
    from reporter.text.strings import t

    p, q = getattr(this, "project", this), getattr(other, "project", other)   # Computed or Project
    generic = {t(k, q.language).casefold() for k in ("employee", "leader", "employees", "leaders", "total")}
    phrases = set()
    # the other project's own words are no leak: its raw work functions and answer options (SOF asks about the
    # work function "Virksomhedskonsulent", a role in STV)
    own_words = {raw.casefold() for r in q.roles for raw in r.raw} | {
        o.label.casefold() for s in q.scales.values() for o in s.options}

    def own(label: str) -> bool:   # the label, as a word, inside one of the other project's own labels
        word = re.compile(rf"(?<![\wæøå-]){re.escape(label.casefold())}(?![\wæøå])")
        return any(word.search(w) for w in own_words)

    for role in p.roles:
        if role.label.casefold() not in {r.label.casefold() for r in q.roles} | generic and not own(role.label):
            low = role.label.lower()
            phrases |= {role.label, low, low + "e", low + "er", low + "ne", low + "erne"}   # plural forms too
    other_options = {o.label.casefold() for s in q.scales.values() for o in s.options}
    for scale in {p.item(i).scale for i in p.fidelity_items()}:
        for option in p.scales[scale].options:
            if option.label.casefold() not in other_options:
                phrases.add(f"”{option.label}”")
    phrases |= {w.prose for w in p.waves} - {w.prose for w in q.waves}
    phrases |= {t.label for t in p.tracks} - {t.label for t in q.tracks}
    phrases |= {p.name, p.wording.belief} - {""}
    return phrases
