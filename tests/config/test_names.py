"""Municipality names as keys: file slugs and the spelling-insensitive duplicate key."""

from reporter.compose.profile import slug as profile_slug
from reporter.config.names import name_key, slug


def test_the_profile_file_name_is_the_configuration_slug():
    assert profile_slug is slug


def test_slug_of_decomposed_letters_equals_the_composed_name():
    assert slug("A\u030arhus") == slug("Århus") == "aarhus"


def test_name_key_ignores_case_normalisation_and_spacing():
    assert name_key("Ringkøbing\u00a0 Skjern") == name_key("RINGKØBING SKJERN") == "ringkøbing skjern"
    assert name_key("A\u030arhus") == name_key("århus")
    assert name_key("Aarhus") != name_key("Århus")  # different names, though their slugs are equal
