"""Model text as Typst code: string literals with exactly the escapes Typst defines, the non-breaking hyphen
as an unbreakable box, labels named like the HTML ids, and no model text outside a string literal."""

from __future__ import annotations

import re

from typst_sample import HOSTILE, full_profile

from reporter.render.typst_literal import label, lit, text
from reporter.render.typst_source import typst_document


def test_string_literals_escape_backslash_quote_and_control_characters():
    assert lit("abc") == '"abc"'
    assert lit('a"b') == '"a\\"b"'
    assert lit("a\\b") == '"a\\\\b"'
    assert lit("a\nb\tc\rd") == '"a\\nb\\tc\\rd"'
    assert lit("a\x00b\x7f") == '"a\\u{0}b\\u{7f}"'
    assert lit("#[*_$@<>`~=/]") == '"#[*_$@<>`~=/]"'      # markup characters mean nothing inside a string


def test_a_word_with_a_non_breaking_hyphen_is_one_unbreakable_box():
    assert text("+8 pct.\u2011point i alt") == '[#"+8 "#box("pct.-point")#" i alt"]'
    assert text("ingen") == '"ingen"'


def test_labels_are_named_like_the_html_ids():
    assert label("tab", "ranking") == "<tab-ranking>"
    assert label("sec", "intro method/ø") == "<sec-intro-method->"     # a run of other characters → one "-"
    from reporter.render.html import anchor

    assert label("fig", "a.b c") == "<" + anchor("fig", "a.b c") + ">"


def _outside_literals(source: str) -> str:
    """The source with every string literal removed (a string ends at an unescaped quote)."""
    return re.sub(r'"(?:[^"\\]|\\.)*"', '""', source)


def test_no_model_text_is_outside_a_string_literal():
    source = typst_document(full_profile()).source
    body = source[source.index("#show: setup"):]
    code = _outside_literals(body)
    for hostile in HOSTILE:
        for word in ("passwd", "@preview", "Overskrift", "etiket", "henvisning", "kommentar"):
            if word in hostile:
                assert word not in code, word
    for word in ("Middelfart", "Læringspunkt", "Forandringsteori"):
        assert word in body and word not in code
