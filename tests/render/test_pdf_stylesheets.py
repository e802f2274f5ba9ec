"""What the PDF renderer hands WeasyPrint to save it work — the brand's custom properties resolved and a
narrowed user-agent stylesheet — gives the same PDF bytes,
and the text left alone whenever the substitution would not be exact."""

from __future__ import annotations

import pytest

from reporter.render.pdf import resolved_custom_properties
from sample_report import sample_note, sample_profile

ROOT = ":root {\n  --primary: #1d3557;\n  --font: \"Carlito\", sans-serif;\n  --edge: 1px solid var(--primary);\n}\n"


def test_uses_take_the_root_value_or_their_fallback_and_the_root_rule_goes():
    css = ROOT + "h1 { color: var(--primary); font-family: var( --font ); }\n" \
                 ".box { background: var(--box-background, #eef3f7); border: var(--edge); }\n"
    assert resolved_custom_properties(css) == (
        "\nh1 { color: #1d3557; font-family: \"Carlito\", sans-serif; }\n"
        ".box { background: #eef3f7; border: 1px solid #1d3557; }\n")


@pytest.mark.parametrize("css", [
    ROOT + "h1 { color: var(--undefined); }",                        # no value, no fallback
    ROOT + ".dark { --primary: #000; } h1 { color: var(--primary); }",  # declared again elsewhere
    ROOT + ":root { --accent: red; } h1 { color: var(--accent); }",    # two root rules
    ":root { --primary: red; color: blue; } h1 { color: var(--primary); }",  # root holds more than properties
    "h1 { color: var(--primary); }",                                 # no root rule
])
def test_anything_not_exactly_resolvable_is_returned_unchanged(css):
    assert resolved_custom_properties(css) == css


@pytest.mark.parametrize("make", [sample_profile, sample_note])
def test_the_pdf_is_the_same_as_from_the_stylesheet_with_custom_properties(make, monkeypatch):
    """The real stylesheet (brand, base, kind, print.css, page boxes): the PDF from the resolved text is
    byte-identical to the one WeasyPrint makes from the custom properties themselves."""
    import reporter.render.pdf as pdf

    report = make()
    resolved = pdf.pdf_bytes(report, "nordlys")
    monkeypatch.setattr(pdf, "_STYLESHEETS", {})
    monkeypatch.setattr(pdf, "resolved_custom_properties", lambda css: css)
    assert pdf.pdf_bytes(report, "nordlys") == resolved


def _note_with_footnote():
    """The sample note with a footnote in its first section (the sample itself has list items, no footnote)."""
    from dataclasses import replace

    from reporter.model.document import FootnoteRef, Paragraph, Text

    note = sample_note()
    footnoted = Paragraph(text="Ledelsen skal gå forrest.", inlines=(
        Text("Ledelsen skal gå forrest."), FootnoteRef(content=(Text("Opgjort blandt ledere."),), number=1)))
    first = note.sections[0]
    return replace(note, sections=(replace(first, blocks=(footnoted, *first.blocks)), *note.sections[1:]))


@pytest.mark.parametrize("make", [sample_profile, _note_with_footnote])
def test_the_narrowed_user_agent_stylesheet_gives_the_same_pdf(make, monkeypatch):
    """Markers and footnote pseudo-elements only where they are used (list items, footnotes): the PDF is
    byte-identical to the one made with WeasyPrint's own user-agent stylesheet."""
    from weasyprint import HTML
    from weasyprint import html as weasy_html

    import reporter.render.pdf as pdf

    report = make()
    narrowed = pdf.pdf_bytes(report, "nordlys")
    monkeypatch.setattr(pdf._HTML, "_ua_stylesheets", HTML._ua_stylesheets)
    assert pdf.pdf_bytes(report, "nordlys") == narrowed
    assert pdf._ua_stylesheet() is not weasy_html.UA_STYLESHEET  # the narrowing applies to this WeasyPrint


def test_the_note_compared_has_list_items_and_a_footnote():
    """The byte-identity above covers list markers and footnote calls only if the note has them."""
    import io

    import pypdf

    from reporter.render.html import render_html
    from reporter.render.pdf import pdf_bytes

    html = render_html(_note_with_footnote(), "nordlys", assets="inline", charts_as="img", external_styles=True,
                       footnotes_at="page")
    assert "<li" in html and '<span class="footnote">' in html
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf_bytes(_note_with_footnote(),
                                                                                    "nordlys"))).pages)
    assert "1. Opgjort blandt ledere." in text  # the footnote marker's UA content: counter(footnote) ". "
