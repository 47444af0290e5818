"""Synthetic students for the benchmarks, made by the matcher's own generator.

``central.sandbox_people`` makes realistic California community-college people (about half
Hispanic names with two-part surnames, common names as common as in the Census, a long tail,
households) and realistic second entries of a person (nicknames, typos, swapped names, date slips,
changed contact details). This module only turns its ``PersonRecord`` values into what the API
takes and stores (a ``student`` body): a unique email per account (the accounts table requires it),
phone types, the address or "no permanent address", and an SSN only when it is one the API accepts.

People come in deterministic chunks (``chunk_people(seed, chunk, size)``), so that a loader can
make chunks in parallel processes and get the same population on every run.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections.abc import Sequence
from typing import Any

from app.models.account import normalize_ssn
from app.services.matching.record import PersonRecord
from central import sandbox_people

Person = dict[str, Any]

POPULATION_VERSION = 4
"""Bump whenever the people made for a seed change: loaded databases must then be reloaded."""

HOUSEHOLD_RATE = 0.05
"""Share of people who are relatives of someone already listed (same address, often surname)."""

LATEST_BIRTHDATE = dt.date(2012, 12, 31)
"""Younger household members the generator makes (up to 22 years after a 2007 birth) are moved
back 25 years: the API refuses a birthdate in the future, and a desk does not enrol toddlers."""


def _plausible(birthdate: dt.date) -> dt.date:
    if birthdate <= LATEST_BIRTHDATE:
        return birthdate
    try:
        return birthdate.replace(year=birthdate.year - 25)
    except ValueError:  # 29 February
        return birthdate.replace(year=birthdate.year - 25, day=28)


def _valid_ssn(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return normalize_ssn(value)
    except ValueError:
        return None


def student_from_record(rec: PersonRecord, rng: random.Random) -> Person:
    """The API ``student`` body for a synthetic person (phone types drawn from ``rng``)."""
    assert rec.last_name and rec.birthdate
    student: Person = {
        "first_name": rec.first_name,
        "middle_name": rec.middle_name,
        "last_name": rec.last_name,
        "suffix": rec.suffix,
        "birthdate": _plausible(rec.birthdate).isoformat(),
        "email": rec.email.lower() if rec.email else None,
        "country": "US",
    }
    if rec.phones:
        mobile = rng.random() < 0.85
        student["main_phone"] = rec.phones[0]
        student["main_phone_type"] = "mobile" if mobile else "landline"
        student["main_phone_text_ok"] = mobile and rng.random() < 0.6
        if len(rec.phones) > 1:
            student["second_phone"] = rec.phones[1]
            student["second_phone_type"] = "landline"
    if rec.street1 and rec.city and rec.postal_code:
        student.update(
            street1=rec.street1,
            street2=rec.street2,
            city=rec.city,
            state=rec.state or "CA",
            postal_code=rec.postal_code,
        )
    else:
        student["no_permanent_address"] = True
    ssn = _valid_ssn(rec.ssn_token)
    if ssn:
        student["ssn"] = ssn
        student["ssn_status"] = "provided"
    return student


def record_from_student(student: Person) -> PersonRecord:
    """The synthetic person behind a ``student`` body (raw SSN digits, as the generator keeps)."""
    return PersonRecord(
        first_name=student.get("first_name"),
        middle_name=student.get("middle_name"),
        last_name=student["last_name"],
        suffix=student.get("suffix"),
        birthdate=dt.date.fromisoformat(student["birthdate"]),
        email=student.get("email"),
        phones=tuple(p for p in (student.get("main_phone"), student.get("second_phone")) if p),
        street1=student.get("street1"),
        street2=student.get("street2"),
        city=student.get("city"),
        state=student.get("state"),
        postal_code=student.get("postal_code"),
        ssn_token=student.get("ssn"),
    )


def chunk_people(seed: int, chunk: int, size: int) -> list[Person]:
    """People ``chunk * size`` .. ``chunk * size + size - 1`` of population ``seed``.

    Each chunk is its own ``sandbox_people.population`` (seeded from ``seed`` and ``chunk``).
    Emails get the person's number appended, since two generated people may draw the same
    address and the accounts table allows an email only once.
    """
    records = sandbox_people.population(
        size, seed=seed * 1_000_003 + chunk, household_rate=HOUSEHOLD_RATE
    )
    rng = random.Random(f"phones:{seed}:{chunk}")
    people: list[Person] = []
    for i, rec in enumerate(records):
        if rec.email:
            local, _, domain = rec.email.partition("@")
            rec = dataclasses.replace(rec, email=f"{local}.{chunk * size + i}@{domain}")
        people.append(student_from_record(rec, rng))
    return people


_IDENTITY = ("first_name", "last_name", "birthdate")
_CONTACT = ("email", "main_phone", "street1")


def _what_changed(before: Person, after: Person) -> str:
    """A short label of how a second entry differs: "swapped", "first_name", "contact", ..."""
    if (after.get("first_name") or "").lower() == (before.get("last_name") or "").lower() and (
        after.get("last_name") or ""
    ).lower() == (before.get("first_name") or "").lower():
        return "swapped"
    changed = [f for f in _IDENTITY if (before.get(f) or "") != (after.get(f) or "")]
    if changed:
        return "+".join(changed)
    if any((before.get(f) or "") != (after.get(f) or "") for f in _CONTACT):
        return "contact only"
    return "retyped"


def second_entries(
    stored: Sequence[Person], count: int, seed: int
) -> list[tuple[int, Person, str]]:
    """``count`` realistic second entries of stored people, as (index into ``stored``, the new
    ``student`` body, what changed), from ``sandbox_people.end_to_end_duplicates`` (at most one
    identity slip each). Only entries whose given name, surname or birthdate differ are kept
    (most second entries differ in contact details only; those are no harder than exact
    re-entries), and none the API would refuse (no birthdate)."""
    from app.models.account import StudentFields

    records = [record_from_student(p) for p in stored]
    rng = random.Random(f"second:{seed}")
    out: list[tuple[int, Person, str]] = []
    for index, rec in sandbox_people.end_to_end_duplicates(records, len(records), seed):
        if len(out) == count:
            break
        if rec.birthdate is None or not rec.last_name:
            continue
        student = student_from_record(rec, rng)
        what = _what_changed(stored[index], student)
        if what in ("contact only", "retyped"):
            continue
        try:
            StudentFields.model_validate(student)
        except ValueError:
            continue
        out.append((index, student, what))
    return out
