"""Temporary passwords: long, random, no look-alikes, hashed at the accepted cost."""

from __future__ import annotations

from argon2 import extract_parameters

from app.services.credentials import (
    ALPHABET,
    grouped,
    hash_temp_password,
    new_temp_password,
    verify_temp_password,
)
from central.services.passwords import temp_password_hash_problem


def test_passwords_are_long_random_and_unambiguous() -> None:
    made = {new_temp_password() for _ in range(2000)}
    assert len(made) == 2000
    assert all(len(p) >= 15 for p in made)
    for confusable in "0Oo1lIi2Zz5Ss8B6Gbquv":
        assert confusable not in ALPHABET
    used = set("".join(made))
    assert used <= set(ALPHABET) and len(used) == len(ALPHABET)


def test_grouping_for_the_slip() -> None:
    assert grouped("ACDEFHJKLMNPQRTW") == "ACDE FHJK LMNP QRTW"


def test_hash_is_accepted_by_the_central_service_and_verifies() -> None:
    password = new_temp_password()
    digest = hash_temp_password(password)
    params = extract_parameters(digest)
    assert (params.memory_cost, params.time_cost, params.parallelism) == (19 * 1024, 2, 1)
    assert temp_password_hash_problem(digest) is None
    assert verify_temp_password(digest, password)
    assert not verify_temp_password(digest, password[:-1] + "X")
    assert password not in digest
