import hashlib
import hmac
import math
import re
from collections import Counter

import pytest

from pb.domain import codes
from pb.domain.codes import ALPHABET, CodeFormatError, code_hash, generate_code, normalize

CODE_RE = re.compile(rf"^[{ALPHABET}]{{4}}(-[{ALPHABET}]{{4}}){{3}}$")


def test_codes_carry_at_least_60_bits():
    assert codes.BITS >= 60
    assert pytest.approx(codes.LENGTH * math.log2(len(ALPHABET))) == codes.BITS


def test_alphabet_leaves_out_confusable_symbols():
    for ch in "0O1IL":
        assert ch not in ALPHABET
    assert len(set(ALPHABET)) == len(ALPHABET)


def test_generated_codes_are_grouped_for_reading_aloud():
    for _ in range(200):
        assert CODE_RE.match(generate_code())


def test_generated_codes_use_the_whole_alphabet_and_do_not_repeat():
    batch = codes.generate_codes(3000)
    assert len(set(batch)) == 3000
    seen = Counter(ch for c in batch for ch in c if ch != "-")
    assert set(seen) == set(ALPHABET)
    # 48,000 symbols: each should appear about 1,600 times; a bias would show far outside this.
    assert min(seen.values()) > 1200 and max(seen.values()) < 2000


def test_generate_codes_refuses_nonsense_sizes():
    with pytest.raises(ValueError):
        codes.generate_codes(0)


@pytest.mark.parametrize(
    "typed",
    ["7KQX-M3RA-9TWE-HZ4C", "7kqx m3ra 9twe hz4c", " 7KQXM3RA9TWEHZ4C ", "7kqx-m3ra_9twe.hz4c"],
)
def test_normalize_accepts_what_people_type(typed):
    assert normalize(typed) == "7KQXM3RA9TWEHZ4C"


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("", "enter your voting code"),
        ("   ", "enter your voting code"),
        ("7KQX-M3RA-9TWE", "16 characters"),
        ("7KQX-M3RA-9TWE-HZ4CC", "you entered 17"),
        ("7KQX-M3RA-9TWE-HZ0C", "never contain 0"),
        ("7KQX-M3RA-9TWE-HZOC", "never contain 0"),
        ("7KQX-M3RA-9TWE-HZIC", "never contain 0, O, 1, I or L"),
        ("7KQX-M3RA-9TWE-HZ4!", "'!'"),
        ("7KQX-M3RA-9TWE-HZUC", "'U'"),
    ],
)
def test_normalize_explains_what_is_wrong(typed, words):
    with pytest.raises(CodeFormatError, match=re.escape(words)):
        normalize(typed)


def test_hash_is_hmac_sha256_of_the_normalised_code():
    expected = hmac.new(b"pepper", b"7KQXM3RA9TWEHZ4C", hashlib.sha256).hexdigest()
    assert code_hash("7kqx m3ra 9twe hz4c", "pepper") == expected
    assert code_hash("7KQX-M3RA-9TWE-HZ4C", b"pepper") == expected
    assert len(expected) == 64


def test_hash_depends_on_the_pepper_and_the_code():
    a = code_hash("7KQX-M3RA-9TWE-HZ4C", "one")
    assert a != code_hash("7KQX-M3RA-9TWE-HZ4C", "two")
    assert a != code_hash("7KQX-M3RA-9TWE-HZ4D", "one")


def test_hash_needs_a_pepper_and_a_code():
    with pytest.raises(ValueError):
        code_hash("7KQX-M3RA-9TWE-HZ4C", "")
    with pytest.raises(CodeFormatError):
        code_hash("hello", "pepper")


@pytest.mark.parametrize(
    ("scope", "district", "budget_district", "allowed"),
    [
        ("all", "", "", True),
        ("all", "", "South", True),
        ("district", "North", "", True),
        ("district", "North", "North", True),
        ("district", "North", "South", False),
    ],
)
def test_district_codes_vote_citywide_and_at_home(scope, district, budget_district, allowed):
    assert codes.may_vote_in(scope, district, budget_district) is allowed
