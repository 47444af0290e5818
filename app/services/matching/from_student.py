"""The matcher's view of a student record, shared by the desk's local check and the central one."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from app.services.matching.record import PersonRecord


class StudentLike(Protocol):
    """What the matcher reads from a student: a full StudentFields or a half-typed StudentProbe."""

    @property
    def first_name(self) -> str | None: ...
    @property
    def middle_name(self) -> str | None: ...
    @property
    def last_name(self) -> str | None: ...
    @property
    def suffix(self) -> str | None: ...
    @property
    def birthdate(self) -> dt.date | None: ...
    @property
    def email(self) -> str | None: ...
    @property
    def main_phone(self) -> str | None: ...
    @property
    def second_phone(self) -> str | None: ...
    @property
    def street1(self) -> str | None: ...
    @property
    def street2(self) -> str | None: ...
    @property
    def city(self) -> str | None: ...
    @property
    def state(self) -> str | None: ...
    @property
    def postal_code(self) -> str | None: ...


def person_from_student(student: StudentLike, ssn_token: str | None = None) -> PersonRecord:
    """A PersonRecord of ``student``; ``ssn_token`` is whatever comparable form of the SSN the
    caller may hold (the central service: a keyed digest; the desk: none)."""
    return PersonRecord(
        first_name=student.first_name,
        middle_name=student.middle_name,
        last_name=student.last_name,
        suffix=student.suffix,
        birthdate=student.birthdate,
        email=student.email,
        phones=tuple(p for p in (student.main_phone, student.second_phone) if p),
        street1=student.street1,
        street2=student.street2,
        city=student.city,
        state=student.state,
        postal_code=student.postal_code,
        ssn_token=ssn_token,
    )
