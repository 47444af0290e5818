"""CCCID sequence mapping: 3 letters (never I or O) then 0001-9999, prefixes in order from AAA."""

import random

import pytest
from pydantic import BaseModel, ValidationError

from app.models.cccid import (
    CCCID,
    MAX_SEQUENCE,
    STORAGE_LENGTH,
    CCCIDError,
    cccid_from_sequence,
    is_cccid,
    normalize_cccid,
    sequence_from_cccid,
)


@pytest.mark.parametrize(
    ("sequence", "cccid"),
    [
        (1, "AAA0001"),
        (162, "AAA0162"),
        (9999, "AAA9999"),
        (10000, "AAB0001"),
        (sequence_from_cccid("AAZ9999") + 1, "ABA0001"),
        (MAX_SEQUENCE, "ZZZ9999"),
    ],
)
def test_known_positions(sequence, cccid):
    assert cccid_from_sequence(sequence) == cccid


def test_after_aaz9999_comes_aba0001():
    assert cccid_from_sequence(sequence_from_cccid("AAZ9999") + 1) == "ABA0001"
    # AAH is followed by AAJ: I is skipped; AAN by AAP: O is skipped.
    assert cccid_from_sequence(sequence_from_cccid("AAH9999") + 1) == "AAJ0001"
    assert cccid_from_sequence(sequence_from_cccid("AAN9999") + 1) == "AAP0001"


def test_round_trip_over_a_sample():
    rng = random.Random(2025)
    sample = [1, 2, 9998, 9999, 10000, MAX_SEQUENCE - 1, MAX_SEQUENCE]
    sample += [rng.randint(1, MAX_SEQUENCE) for _ in range(2000)]
    for sequence in sample:
        cccid = cccid_from_sequence(sequence)
        assert is_cccid(cccid)
        assert len(cccid) < STORAGE_LENGTH  # the 8th position stays reserved
        assert sequence_from_cccid(cccid) == sequence


def test_i_and_o_never_appear():
    rng = random.Random(7)
    for sequence in (rng.randint(1, MAX_SEQUENCE) for _ in range(5000)):
        prefix = cccid_from_sequence(sequence)[:3]
        assert "I" not in prefix
        assert "O" not in prefix


def test_sequence_is_strictly_increasing_in_text_order():
    """Consecutive sequences sort the same way as their CCCIDs (useful for range queries)."""
    ids = [cccid_from_sequence(n) for n in range(9990, 20010)]
    assert ids == sorted(ids)


@pytest.mark.parametrize("sequence", [0, -1, MAX_SEQUENCE + 1])
def test_out_of_range_sequence_is_refused(sequence):
    with pytest.raises(CCCIDError):
        cccid_from_sequence(sequence)


@pytest.mark.parametrize(
    "value",
    ["AAI0001", "AOA0001", "AAA0000", "AA0001", "AAAA0001", "AAA001", "AAA00012", "1AA0001", ""],
)
def test_malformed_cccid_is_refused(value):
    assert not is_cccid(value)
    with pytest.raises(CCCIDError):
        normalize_cccid(value)
    with pytest.raises(CCCIDError):
        sequence_from_cccid(value)


def test_normalize_upper_cases_and_strips():
    assert normalize_cccid("  aaa0162 ") == "AAA0162"


def test_pydantic_field_type():
    class Holder(BaseModel):
        cccid: CCCID

    assert Holder(cccid="abc0162").cccid == "ABC0162"
    with pytest.raises(ValidationError):
        Holder(cccid="AIO0001")
