"""Layout rules of the rendered notes, checked on every table of both example projects' PDFs."""

from __future__ import annotations

import re

from reporter.compare.pdf_text import read_pdf
from reporter.render.widths import _dictionary

SOFT = "\u2010"       # the hyphen WeasyPrint inserts at a hyphenation point


def _model_words(report) -> set[str]:
    words: set[str] = set()
    for table in report.tables():
        for row in table.rows:
            for cell in row.cells:
                words.update(cell.text.split())
    return words


def _broken_words(text: str, words: set[str], lang: str) -> list[str]:
    """Pieces of ``text`` (as read from the PDF) that are not whole words of the model, or words broken
    somewhere the dictionary does not allow."""
    dic = _dictionary(lang)
    bad: list[str] = []
    tokens = [t for t in text.split() if t != "/"]
    i = 0
    while i < len(tokens):
        word, cuts = tokens[i], []
        while word.endswith(SOFT) and i + 1 < len(tokens):
            cuts.append(len(word) - 1)
            word = word[:-1] + tokens[i + 1]
            i += 1
        if word not in words and word.endswith("-") and i + 1 < len(tokens) and word + tokens[i + 1] in words:
            word += tokens[i + 1]              # a break after a real hyphen ("Lyngby-Taarbæk") is allowed
            i += 1
        if word not in words:
            bad.append(word)
        elif cuts and not set(cuts) <= set(dic.positions(word)):
            bad.append(f"{word} (broken at {cuts})")
        i += 1
    return bad


def test_no_word_in_a_table_header_or_label_is_broken_outside_a_hyphenation_point(rendered_note):
    c, report, paths = rendered_note
    content = read_pdf(paths["pdf"].read_bytes())
    words = _model_words(report)
    problems = []
    for table in content.tables:
        for text in [*table.grid.columns, *table.grid.rows]:
            text = re.sub(r" \(\d+\)$", "", text)           # repeated row labels get a counter when read back
            problems += [(table.caption[:40], text, b) for b in _broken_words(text, words, report.language)]
    assert not problems, problems[:10]
