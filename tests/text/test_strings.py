import pytest

from reporter.text.strings import STRINGS, join_list, placeholders, strings_for, t


def test_languages_define_the_same_keys():
    assert set(STRINGS["da"]) == set(STRINGS["en"])


@pytest.mark.parametrize("key", sorted(STRINGS["da"]))
def test_languages_use_the_same_placeholders(key):
    assert placeholders(STRINGS["da"][key]) == placeholders(STRINGS["en"][key])


def test_no_empty_strings():
    for lang, table in STRINGS.items():
        assert all(v.strip() for v in table.values()), lang


def test_lookup_and_fill():
    assert t("table") == "Tabel"
    assert t("figure", "en") == "Figure"
    assert t("rank_of", "da", rank=5, total=27) == "nr. 5 af 27"
    assert t("note_suppressed", "da", n=5) == (
        "* Kan ikke vises af hensyn til datadiskretion (færre end 5 besvarelser, eller tallet kunne regnes ud fra de viste tal).")
    assert t("legend_up", "da", t="5 pct.-point") == "Stigning på mere end 5 pct.-point"
    assert t("rose_by", "da", x="7 pct.-point", a="33%", b="40%") == "steg med 7 pct.-point fra 33% til 40%"


def test_unknown_key_or_language():
    with pytest.raises(KeyError):
        t("no_such_key")
    with pytest.raises(ValueError):
        t("table", "de")


def test_join_list_and_pairs():
    assert join_list(["a", "b", "c"]) == "a, b og c"
    assert join_list(["a", "b"], "en") == "a and b"
    assert dict(strings_for("da"))["note"] == "Note:"
