"""Shuffling, CSV neutralization and k-anonymity of exported voter attributes."""

from __future__ import annotations

import random

from pb.domain.anonymity import KeyedRandom, groups, k_anonymize, neutral, shuffled
from pb.domain.voter_questions import AGE_LEVELS


def test_cells_a_spreadsheet_would_run_are_neutralized():
    for cell in ("=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx"):
        assert neutral(cell) == "'" + cell
    for cell in ("Park", "12", "", "a=b"):
        assert neutral(cell) == cell


def test_keyed_shuffle_is_stable_per_key_and_differs_between_keys():
    rows = list(range(200))
    a = shuffled(rows, KeyedRandom(b"one"))
    assert a == shuffled(rows, KeyedRandom(b"one"))
    assert a != shuffled(rows, KeyedRandom(b"two"))
    assert sorted(a) == rows and a != rows


def _rows(spec: dict[tuple[str, str], int]) -> list[dict[str, str]]:
    return [{"age": age, "sex": sex} for (age, sex), n in spec.items() for _ in range(n)]


def _assert_k(result, k):
    sizes = groups(result.rows, result.columns)
    assert not result.columns or min(sizes.values()) >= k, sizes


def test_groups_of_k_or_more_are_published_unchanged():
    rows = _rows({("18-24", "F"): 10, ("25-34", "M"): 12})
    result = k_anonymize(rows, ["age", "sex"], 10, {"age": AGE_LEVELS})
    assert result.rows == rows and result.columns == ["age", "sex"] and not result.notes


def test_small_age_groups_are_merged_into_wider_bands():
    rows = _rows({("18-24", "F"): 6, ("0-17", "F"): 6, ("25-34", "M"): 7, ("35-44", "M"): 7})
    result = k_anonymize(rows, ["age", "sex"], 10, {"age": AGE_LEVELS})
    _assert_k(result, 10)
    assert {r["age"] for r in result.rows} == {"0-24", "25-44"}
    assert any("bands merged" in n for n in result.notes)


def test_rare_combinations_are_suppressed_and_the_blank_group_reaches_k():
    rows = _rows({("25-34", "F"): 60, ("25-34", "M"): 60, ("65-74", "O"): 2})
    result = k_anonymize(rows, ["age", "sex"], 10, {"age": AGE_LEVELS}, rng=random.Random(1))
    _assert_k(result, 10)
    blank = [r for r in result.rows if r == {"age": "", "sex": ""}]
    assert len(blank) == 10  # the 2 rare ones, and 8 more so that the blank group is not small
    assert any("suppressed" in n for n in result.notes)


def test_an_attribute_that_splits_too_finely_is_dropped():
    rows = [{"age": "25-34", "neighborhood": f"n{i % 30}"} for i in range(60)]
    result = k_anonymize(rows, ["age", "neighborhood"], 10, {"age": AGE_LEVELS})
    assert result.columns == ["age"]
    _assert_k(result, 10)
    assert any("neighborhood is not published" in n for n in result.notes)


def test_fewer_ballots_than_k_publish_no_attribute():
    result = k_anonymize(_rows({("25-34", "F"): 5}), ["age", "sex"], 10)
    assert result.columns == [] and result.rows == [{}] * 5 and result.notes


def test_every_output_has_groups_of_at_least_k():
    rng = random.Random(7)
    ages = [v for v in AGE_LEVELS[0]]
    for _ in range(30):
        n, k = rng.randint(1, 300), rng.randint(2, 15)
        rows = [
            {
                "age": rng.choice(ages),
                "sex": rng.choice("FMO"),
                "voting_method": rng.choice(["internet", "paper"]),
            }
            for _ in range(n)
        ]
        result = k_anonymize(rows, ["voting_method", "age", "sex"], k, {"age": AGE_LEVELS}, rng=rng)
        _assert_k(result, k)
        assert len(result.rows) == n
