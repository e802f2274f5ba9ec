from reporter.text.collation import sort_key, sorted_da

# STV Tabel 7, municipalities in the printed (alphabetical) order.
STV_TABEL_7 = [
    "Ballerup", "Billund", "Brøndby", "Brønderslev", "Favrskov", "Faxe", "Fredericia", "Frederiksberg",
    "Frederikshavn", "Gladsaxe", "Glostrup", "Greve", "Helsingør", "Holstebro", "Middelfart", "Nordfyn",
    "Nyborg", "Odder", "Ringkøbing-Skjern", "Rudersdal", "Samsø", "Silkeborg", "Skive", "Solrød", "Stevns",
    "Svendborg", "Aabenraa",
]


def test_stv_tabel_7_order_is_reproduced():
    shuffled = sorted(STV_TABEL_7)  # code-point order puts Aabenraa first
    assert shuffled[0] == "Aabenraa"
    assert sorted_da(shuffled) == STV_TABEL_7


def test_aabenraa_sorts_last_and_brondby_before_bronderslev():
    names = sorted_da(["Aabenraa", "Brønderslev", "Zealand", "Brøndby", "Ballerup"])
    assert names == ["Ballerup", "Brøndby", "Brønderslev", "Zealand", "Aabenraa"]


def test_ae_oe_aa_after_z_in_that_order():
    names = ["Århus", "Vejle", "Ødsherred", "Ærø", "Zeta", "Aabenraa", "Odense"]
    assert sorted_da(names) == ["Odense", "Vejle", "Zeta", "Ærø", "Ødsherred", "Aabenraa", "Århus"]


def test_variants_sort_with_their_danish_letter():
    assert sorted_da(["Øster", "Ölands", "Ærø"]) == ["Ærø", "Ölands", "Øster"]
    assert sort_key("Ålborg")[0] == sort_key("Aalborg")[0]
    assert sort_key("Ålborg") != sort_key("Aalborg")  # differ at the tertiary level only


def test_key_function_and_reverse():
    rows = [{"name": "Århus"}, {"name": "Aarhus"}, {"name": "Odder"}]
    assert [r["name"] for r in sorted_da(rows, key=lambda r: r["name"])][0] == "Odder"
    assert sorted_da(["a", "b"], reverse=True) == ["b", "a"]


def test_latin_text_gets_the_keys_of_the_full_table():
    """Latin text is keyed with a smaller table (fast to load); its keys are the full table's."""
    import random

    from reporter.text.collation import _collator, _latin, _latin_collator

    rng = random.Random(16)
    alphabet = [chr(c) for c in range(0x20, 0x250)] + [chr(c) for c in range(0x300, 0x370)] + \
               [chr(c) for c in range(0x1E00, 0x1F00)] + [chr(c) for c in range(0x2000, 0x2070)] + \
               list("aaAAæøåÆØÅäöőüűđð -'.")
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))) for _ in range(3000)]
    texts += STV_TABEL_7 + ["Aabenraa", "Høje-Taastrup", "Lyngby-Taarbæk", "Ærø", "Ölands", "Đakovo", "Ålborg"]
    import unicodedata

    latin = [t for t in texts if all(_latin(ord(c)) for c in unicodedata.normalize("NFD", t))]
    assert len(latin) > 2000
    for text in latin:
        assert _latin_collator().sort_key(text) == _collator().sort_key(text), repr(text)
    for text in texts:   # whichever table sort_key picks, it gives the full table's key
        assert sort_key(text) == _collator().sort_key(text), repr(text)
    assert not _latin(ord("文"))
    assert sort_key("文") == _collator().sort_key("文")
