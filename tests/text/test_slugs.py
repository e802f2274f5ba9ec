"""File-name slugs of Danish names."""

from reporter.text.slugs import slug


def test_slug_is_lower_case_ascii_with_danish_letters_spelled_out():
    assert slug("Ærø Å") == "aeroe-aa"
    assert slug("Lyngby-Taarbæk") == "lyngby-taarbaek"
    assert slug("Høje-Taastrup") == "hoeje-taastrup"
    assert slug("Brønderslev") == "broenderslev"
    assert slug("  Ringkøbing   Skjern ") == "ringkoebing-skjern"
