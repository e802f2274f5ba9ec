"""Tokens → Markdown and rewriting a block's lines (expected strings written by hand)."""

from __future__ import annotations

from reporter.absorb.markdown import escape, footnote_markers, replace_block, replace_cell, to_markdown


def _md(tokens, **kw):
    args = dict(expressions=[], refs={}, ref_words={"tabel", "figur", "afsnit"}, markers=[],
                footnote_md=lambda ident: "")
    args.update(kw)
    return to_markdown(tokens, **args)


def test_bold_italic_and_spaces_outside_the_marks():
    tokens = [("t", "en ", False, False), ("t", "survey ", True, False), ("t", "blandt", False, True),
              ("t", " alle", True, True)]
    assert _md(tokens) == "en **survey** *blandt* ***alle***"


def test_values_references_and_footnotes():
    tokens = [("t", "Se ", False, False), ("v", "27", None, False, False), ("t", " kommuner i tabel ", False, False),
              ("r", "tbl_tbl_ranking_00297dd4"), ("t", ".", False, False), ("f", "1"), ("t", " Og", False, False),
              ("f", "2")]
    out = _md(tokens, expressions=["n_municipalities"], refs={"tbl_tbl_ranking_00297dd4": "tbl-ranking"},
              markers=["[^data]", "^[gammel]"], footnote_md=lambda ident: "ny *tekst*")
    assert out == "Se {{ n_municipalities }} kommuner i @tbl-ranking.[^data] Og^[ny *tekst*]"


def test_text_that_looks_like_markdown_is_escaped():
    assert escape("5 * 3 [note] a_b {{ x }}") == "5 \\* 3 \\[note\\] a\\_b {\\{ x }}"


def test_footnote_markers_in_order_with_nested_brackets():
    source = "Tekst[^data] og ^[en [lille] note] samt [^b].\n[^c]: definition"
    assert footnote_markers(source) == ["[^data]", "^[en [lille] note]", "[^b]"]


def test_replace_block_keeps_the_syntax_around_the_text():
    lines = ["- første", "  - indrykket", "> citat", ": Titel {#tbl-x source=\"Kilde\"}",
             "![Gammel](images/a.png){#fig-a width=10}", "[^data]: gammel note", "| a | b |"]
    assert replace_block(lines, "item", 2, 2, "ny")[1] == "  - ny"
    assert replace_block(lines, "paragraph", 3, 3, "nyt citat")[2] == "> nyt citat"
    assert replace_block(lines, "table-caption", 4, 4, "Ny titel")[3] == ": Ny titel {#tbl-x source=\"Kilde\"}"
    assert replace_block(lines, "picture", 5, 5, "Ny")[4] == "![Ny](images/a.png){#fig-a width=10}"
    assert replace_block(lines, "footnote", 6, 6, "ny note")[5] == "[^data]: ny note"
    assert replace_block(lines, "cell", 7, 7, "x | y", column=2)[6] == "| a | x \\| y |"
    assert replace_block(["a", "b", "c", "d"], "paragraph", 2, 3, "ny") == ["a", "ny", "d"]


def test_replace_cell_without_outer_pipes():
    assert replace_cell("a | b | c", 3, "z") == "a | b | z "
