"""The brand's CSS custom properties resolved into the stylesheet WeasyPrint reads: the same PDF bytes,
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
