"""The authoritative duplicate check: a student against every account in the system.

Candidates are found through the blocking keys stored in ``account_block_keys`` (an index search,
never a table scan: DESIGN.md asks for 25 million accounts), then scored by the same matcher the
desktop app uses (``app.services.matching``), so a counselor sees the same bands and reasons
whether the check ran locally or here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from app.models.band import Band
from app.services.matching.from_student import StudentLike as SharedStudentLike
from app.services.matching.from_student import (
    person_from_student as shared_person_from_student,
)
from app.services.matching.keys import index_keys, query_keys
from app.services.matching.record import PersonRecord
from app.services.matching.score import MatchResult, score_pair
from central.db.pool import Connection
from central.ssn_key import SsnKey


@dataclass(frozen=True)
class ScoredCandidate:
    """One existing account and how it scored against the student."""

    account_id: int
    cccid: str
    college_code: str
    result: MatchResult
    row: Mapping[str, Any]

    @property
    def band(self) -> Band:
        assert self.result.band is not None
        return self.result.band

    @property
    def strong(self) -> bool:
        """Certain or probable: never created past without a person's decision."""
        return self.band.strong


def ssn_digest(key: SsnKey, ssn_digits: str) -> bytes:
    """A keyed digest of an SSN: comparable for duplicate checks, useless without the key (which
    is never in the database: central/ssn_key.py)."""
    return key.digest(ssn_digits)


class StudentLike(SharedStudentLike, Protocol):
    """A student as the central check reads it: the shared fields plus the SSN's digits."""

    def ssn_digits(self) -> str | None: ...


def ssn_digits(student: StudentLike) -> str | None:
    """The student's SSN as 9 digits, or None."""
    return student.ssn_digits()


def person_from_student(student: StudentLike, key: SsnKey) -> PersonRecord:
    """The matcher's view of a student being created or checked, its SSN as a keyed digest."""
    digits = ssn_digits(student)
    token = ssn_digest(key, digits).hex() if digits else None
    return shared_person_from_student(student, token)


def person_from_row(row: Mapping[str, Any]) -> PersonRecord:
    """The matcher's view of a stored account."""
    digest = row.get("ssn_digest")
    return PersonRecord(
        first_name=row["first_name"],
        middle_name=row["middle_name"],
        last_name=row["last_name"],
        suffix=row["suffix"],
        birthdate=row["birthdate"],
        email=row["email"],
        phones=tuple(p for p in (row["main_phone"], row["second_phone"]) if p),
        street1=row["street1"],
        street2=row["street2"],
        city=row["city"],
        state=row["state"],
        postal_code=row["postal_code"],
        ssn_token=bytes(digest).hex() if digest else None,
    )


def store_block_keys(conn: Connection, account_id: int, person: PersonRecord) -> None:
    """Index a new or changed account under its blocking keys."""
    conn.execute("DELETE FROM account_block_keys WHERE account_id = %s", (account_id,))
    keys = sorted(index_keys(person))
    if keys:
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO account_block_keys (key, account_id) VALUES (%s, %s)"
                " ON CONFLICT DO NOTHING",
                [(key, account_id) for key in keys],
            )


def find_candidates(
    conn: Connection,
    person: PersonRecord,
    *,
    max_scored: int,
    max_returned: int,
    exclude_ids: Iterable[int] = (),
) -> list[ScoredCandidate]:
    """Accounts that may be ``person``, best first, each at least 'possible'."""
    keys = sorted(query_keys(person))
    if not keys:
        return []
    rows = conn.execute(
        "SELECT a.*, c.code AS college_code, s.username AS created_by_username"
        " FROM accounts a JOIN colleges c ON c.id = a.college_id"
        " JOIN staff s ON s.id = a.created_by"
        " WHERE a.id IN (SELECT DISTINCT account_id FROM account_block_keys"
        "                WHERE key = ANY(%s) LIMIT %s)",
        (keys, max_scored),
    ).fetchall()
    excluded = set(exclude_ids)
    scored: list[ScoredCandidate] = []
    for row in rows:
        if row["id"] in excluded:
            continue
        result = score_pair(person, person_from_row(row))
        if result.band is None:
            continue
        scored.append(ScoredCandidate(row["id"], row["cccid"], row["college_code"], result, row))
    scored.sort(key=lambda c: c.result.score, reverse=True)
    return scored[:max_returned]
