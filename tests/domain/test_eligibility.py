import pytest

from pb.domain.eligibility import ListError, identity_hash, normalize_field, read_list

PEPPER = "pepper"


@pytest.mark.parametrize(
    "a, b",
    [
        ("Zoë Dupont-Ley", "zoe dupontley"),
        ("  ÉMILE   Zola ", "emile zola"),
        ("1012 AB", "1012ab"),
        ("1990-01-02", "19900102"),
        ("Ǆoković", "dzokovic"),
        ("Jonas Ødegård", "jonas odegard"),
        ("Łódź", "LODZ"),
        ("Straße", "strasse"),
        ("Ærø", "aero"),
    ],
)
def test_case_accents_spaces_and_punctuation_do_not_matter(a, b):
    assert normalize_field(a) == normalize_field(b)
    assert identity_hash([a, "x"], PEPPER) == identity_hash([b, "X"], PEPPER)


def test_different_people_hash_apart():
    assert identity_hash(["ab", "c"], PEPPER) != identity_hash(["a", "bc"], PEPPER)
    assert identity_hash(["Ann"], PEPPER) != identity_hash(["Anna"], PEPPER)
    assert identity_hash(["Ann"], PEPPER) != identity_hash(["Ann"], "another pepper")


def test_the_hash_is_keyed_not_a_plain_digest():
    import hashlib

    assert identity_hash(["ann"], PEPPER) != hashlib.sha256(b"ann").hexdigest()
    with pytest.raises(ValueError):
        identity_hash(["ann"], "")


def test_row_problems_are_listed_with_their_lines():
    data = b"number;name;district\nR1;Ann;North\n;Bob;North\nR3;Cem;South\nr 1;Ann again;North\n\n"
    preview = read_list(data, ["number"], "district")
    assert [r.line for r in preview.rows] == [2, 4]
    assert preview.rows[1].district == "South"
    assert preview.problems == [(3, "missing number"), (5, "the same person as on line 2")]


def test_a_missing_column_or_bad_encoding_is_refused():
    with pytest.raises(ListError, match="no column 'dob'"):
        read_list(b"name,postcode\nAnn,1012\n", ["name", "dob"])
    with pytest.raises(ListError, match="UTF-8"):
        read_list("name\nZoë\n".encode("latin-1"), ["name"])
