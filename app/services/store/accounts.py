"""The college's accounts as the desk shows them, with blocking keys for local duplicate checks.

Rows come from two places: the central service's change feed (``upload_state = 'uploaded'``) and
accounts made on this workstation that the server has not confirmed yet (``'pending'``). The SSN
is never stored here, only its last four digits as the server itself shows them; the full number
lives only in the queued create request until the server confirms it (see :mod:`.outbox`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from app.models.account import StudentFields
from app.services.clock import to_db
from app.services.matching import (
    Band,
    PersonRecord,
    PreparedRecord,
    index_keys,
    prepare,
    query_keys,
    score_pair,
    score_prepared,
)
from app.services.matching.from_student import StudentLike
from app.services.matching.from_student import (
    person_from_student as shared_person_from_student,
)
from app.services.store.types import Conn

UploadState = Literal["pending", "uploaded", "needs_attention", "discarded"]

MAX_LOCAL_CANDIDATES_SCORED = 500


@dataclass(frozen=True)
class CachedAccount:
    """One account row as the UI lists it."""

    cccid: str
    college_code: str
    first_name: str | None
    last_name: str
    birthdate: dt.date
    email: str | None
    status: str
    locked: bool
    credential_state: str
    review_state: str
    review_reasons: list[str]
    upload_state: UploadState
    student: dict[str, Any]
    updated_at: str | None


@dataclass(frozen=True)
class LocalCandidate:
    """A cached account that may be the same student, with the matcher's band and reasons."""

    cccid: str
    band: str
    score: float
    reasons: tuple[str, ...]
    college_code: str
    summary: dict[str, Any]


def person_from_student(student: StudentLike) -> PersonRecord:
    """The matcher's view of a student. No SSN token: an unsalted digest of a 9-digit number
    would be the number itself to anyone who has the file and a few seconds."""
    return shared_person_from_student(student)


def person_from_account_json(student: Mapping[str, Any]) -> PersonRecord:
    """The matcher's view of an account kept as JSON (the cache, an import row)."""
    return _person_from_json(student)


def _person_from_json(student: Mapping[str, Any]) -> PersonRecord:
    birthdate = student.get("birthdate")
    return PersonRecord(
        first_name=student.get("first_name"),
        middle_name=student.get("middle_name"),
        last_name=student.get("last_name"),
        suffix=student.get("suffix"),
        birthdate=dt.date.fromisoformat(birthdate) if birthdate else None,
        email=student.get("email"),
        phones=tuple(p for p in (student.get("main_phone"), student.get("second_phone")) if p),
        street1=student.get("street1"),
        street2=student.get("street2"),
        city=student.get("city"),
        state=student.get("state"),
        postal_code=student.get("postal_code"),
    )


def student_without_ssn(student: StudentFields) -> dict[str, Any]:
    """The student's fields as kept locally: the SSN replaced by its last four digits."""
    data = student.model_dump(mode="json", exclude={"ssn"})
    digits = student.ssn_digits()
    data["ssn_last4"] = digits[-4:] if digits else None
    return data


def _index(conn: Conn, cccid: str, student: Mapping[str, Any]) -> None:
    conn.execute("DELETE FROM account_block_keys WHERE cccid = ?", (cccid,))
    conn.executemany(
        "INSERT INTO account_block_keys (key, cccid) VALUES (?, ?) ON CONFLICT DO NOTHING",
        [(key, cccid) for key in sorted(index_keys(_person_from_json(student)))],
    )


def insert_pending(
    conn: Conn,
    *,
    cccid: str,
    college_code: str,
    student: StudentFields,
    created_at: dt.datetime,
) -> None:
    """An account made here, waiting for upload."""
    data = student_without_ssn(student)
    conn.execute(
        "INSERT INTO accounts (cccid, college_code, first_name, last_name, birthdate, email,"
        " upload_state, student, created_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)",
        (
            cccid,
            college_code,
            student.first_name,
            student.last_name,
            student.birthdate.isoformat(),
            student.email,
            json.dumps(data, sort_keys=True),
            to_db(created_at),
        ),
    )
    _index(conn, cccid, data)


def replace_student(conn: Conn, cccid: str, student: StudentFields) -> None:
    """Staff corrected a not-yet-uploaded account's fields (needs attention → edit)."""
    data = student_without_ssn(student)
    conn.execute(
        "UPDATE accounts SET first_name = ?, last_name = ?, birthdate = ?, email = ?, student = ?"
        " WHERE cccid = ?",
        (
            student.first_name,
            student.last_name,
            student.birthdate.isoformat(),
            student.email,
            json.dumps(data, sort_keys=True),
            cccid,
        ),
    )
    _index(conn, cccid, data)


def upsert_from_server(
    conn: Conn, account: Mapping[str, Any], epoch: str, *, from_feed: bool = True
) -> None:
    """Store the server's version of an account.

    The change feed delivers versions in the server's order, so a feed version always replaces
    what is here. A version from a create's answer (``from_feed=False``) may be older than one the
    feed already delivered (a replayed answer is the answer of the first attempt), so it only
    fills in an account the cache does not yet hold as uploaded in this epoch.
    """
    if not from_feed:
        row = conn.execute(
            "SELECT upload_state, server_epoch FROM accounts WHERE cccid = ?", (account["cccid"],)
        ).fetchone()
        if row is not None and row[0] == "uploaded" and row[1] == epoch:
            return
    student = dict(account["student"])
    conn.execute(
        "INSERT INTO accounts (cccid, college_code, first_name, last_name, birthdate, email,"
        " status, locked, credential_state, temp_password_expires_at, review_state,"
        " review_reasons, upload_state, student, server_record, created_at, updated_at,"
        " server_epoch) VALUES (:cccid, :college_code, :first_name, :last_name, :birthdate,"
        " :email, :status, :locked, :credential_state, :expires, :review_state, :reasons,"
        " 'uploaded', :student, :record, :created_at, :updated_at, :epoch)"
        " ON CONFLICT (cccid) DO UPDATE SET college_code = excluded.college_code,"
        " first_name = excluded.first_name, last_name = excluded.last_name,"
        " birthdate = excluded.birthdate, email = excluded.email, status = excluded.status,"
        " locked = excluded.locked, credential_state = excluded.credential_state,"
        " temp_password_expires_at = excluded.temp_password_expires_at,"
        " review_state = excluded.review_state, review_reasons = excluded.review_reasons,"
        " upload_state = 'uploaded', student = excluded.student,"
        " server_record = excluded.server_record, created_at = excluded.created_at,"
        " updated_at = excluded.updated_at, server_epoch = excluded.server_epoch",
        {
            "cccid": account["cccid"],
            "college_code": account["college_code"],
            "first_name": student.get("first_name"),
            "last_name": student.get("last_name") or "",
            "birthdate": student.get("birthdate"),
            "email": student.get("email"),
            "status": account["status"],
            "locked": 1 if account["locked"] else 0,
            "credential_state": account["credential_state"],
            "expires": _server_time(account.get("temp_password_expires_at")),
            "review_state": account["review_state"],
            "reasons": json.dumps(list(account.get("review_reasons") or [])),
            "student": json.dumps(student, sort_keys=True),
            "record": json.dumps(dict(account), sort_keys=True, default=str),
            "created_at": _server_time(account.get("created_at")),
            "updated_at": _server_time(account.get("updated_at")),
            "epoch": epoch,
        },
    )
    _index(conn, str(account["cccid"]), student)


def _server_time(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return to_db(value)
    return to_db(dt.datetime.fromisoformat(str(value)))


def set_upload_state(conn: Conn, cccid: str, state: UploadState) -> None:
    """Mark where a locally made account is on its way to the server."""
    conn.execute("UPDATE accounts SET upload_state = ? WHERE cccid = ?", (state, cccid))


def mark_credentials_pending(conn: Conn, cccid: str) -> None:
    """A new slip was printed: the account again waits for the student to reclaim it."""
    conn.execute("UPDATE accounts SET credential_state = 'pending' WHERE cccid = ?", (cccid,))


def _account(row: Any) -> CachedAccount:
    return CachedAccount(
        cccid=row["cccid"],
        college_code=row["college_code"],
        first_name=row["first_name"],
        last_name=row["last_name"],
        birthdate=dt.date.fromisoformat(row["birthdate"]),
        email=row["email"],
        status=row["status"],
        locked=bool(row["locked"]),
        credential_state=row["credential_state"],
        review_state=row["review_state"],
        review_reasons=list(json.loads(row["review_reasons"])),
        upload_state=row["upload_state"],
        student=json.loads(row["student"]),
        updated_at=row["updated_at"],
    )


def get(conn: Conn, cccid: str) -> CachedAccount | None:
    """One cached account, or None."""
    row = conn.execute("SELECT * FROM accounts WHERE cccid = ?", (cccid,)).fetchone()
    return None if row is None else _account(row)


def count(conn: Conn) -> int:
    """How many accounts the cache holds."""
    row = conn.execute("SELECT count(*) FROM accounts").fetchone()
    assert row is not None
    return int(row[0])


def in_review(conn: Conn) -> list[CachedAccount]:
    """Accounts the server flagged for a person to review, by last name."""
    rows = conn.execute(
        "SELECT * FROM accounts WHERE review_state = 'needs_review'"
        " ORDER BY last_name COLLATE NOCASE, first_name COLLATE NOCASE, cccid"
    ).fetchall()
    return [_account(r) for r in rows]


def search_by_name(conn: Conn, last_name_prefix: str, limit: int = 100) -> list[CachedAccount]:
    """Accounts whose legal last name starts with ``last_name_prefix`` (case-insensitive)."""
    escaped = last_name_prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = conn.execute(
        "SELECT * FROM accounts WHERE last_name LIKE ? ESCAPE '\\'"
        " ORDER BY last_name COLLATE NOCASE, first_name COLLATE NOCASE, cccid LIMIT ?",
        (escaped + "%", limit),
    ).fetchall()
    return [_account(r) for r in rows]


def _mask_email(email: str | None) -> str | None:
    if not email or "@" not in email:
        return None
    local, domain = email.split("@", 1)
    return f"{local[:1]}***@{domain}"


def _summary(row: Any, student: Mapping[str, Any]) -> dict[str, Any]:
    """The same summary the central check shows, so the two lists read alike."""
    phone = student.get("main_phone")
    return {
        "first_name": student.get("first_name"),
        "middle_name": student.get("middle_name"),
        "last_name": student.get("last_name"),
        "suffix": student.get("suffix"),
        "birthdate": student.get("birthdate"),
        "email": _mask_email(student.get("email")),
        "main_phone": f"***-***-{phone[-4:]}" if phone else None,
        "city": student.get("city"),
        "state": student.get("state"),
        "postal_code": student.get("postal_code"),
        "status": row["status"],
        "credential_state": row["credential_state"],
    }


def find_candidates(
    conn: Conn,
    person: PersonRecord,
    *,
    exclude: Sequence[str] = (),
    max_scored: int = MAX_LOCAL_CANDIDATES_SCORED,
    max_returned: int = 20,
) -> list[LocalCandidate]:
    """Cached accounts that may be ``person``, best first: looked up by blocking key (an index
    search, as on the server), scored by the shared matcher."""
    keys = sorted(query_keys(person))
    if not keys:
        return []
    marks = ",".join("?" * len(keys))
    rows = conn.execute(
        f"SELECT a.* FROM accounts a WHERE a.cccid IN"  # noqa: S608 - only placeholders added
        f" (SELECT DISTINCT cccid FROM account_block_keys WHERE key IN ({marks}))"
        f" AND a.upload_state <> 'discarded' LIMIT ?",
        (*keys, max_scored),
    ).fetchall()
    found: list[LocalCandidate] = []
    for row in rows:
        if row["cccid"] in exclude:
            continue
        student = json.loads(row["student"])
        result = score_pair(person, _person_from_json(student))
        if result.band is None:
            continue
        found.append(
            LocalCandidate(
                cccid=row["cccid"],
                band=Band(result.band).value,
                score=round(result.score, 2),
                reasons=result.reasons,
                college_code=row["college_code"],
                summary=_summary(row, student),
            )
        )
    found.sort(key=lambda c: -c.score)
    return found[:max_returned]


def find_candidates_bulk(
    conn: Conn,
    people: Mapping[int, PersonRecord],
    *,
    max_scored: int = MAX_LOCAL_CANDIDATES_SCORED,
    max_returned: int = 20,
) -> dict[int, list[LocalCandidate]]:
    """:func:`find_candidates` for many people at once (a spreadsheet's rows).

    One join of all their blocking keys against the key index instead of one query per person,
    and each cached account parsed and prepared once however many rows it is a candidate for.
    """
    # The probes' keys go in as one JSON parameter rather than a temporary table: a read stays a
    # read (no temp-table writes to commit while holding the store).
    probe_keys = json.dumps(
        [[probe, key] for probe, person in people.items() for key in sorted(query_keys(person))]
    )
    pairs: dict[int, list[str]] = {}
    for probe, cccid in conn.execute(
        "SELECT DISTINCT json_extract(p.value, '$[0]'), k.cccid FROM json_each(?) p"
        " JOIN account_block_keys k ON k.key = json_extract(p.value, '$[1]')",
        (probe_keys,),
    ):
        found = pairs.setdefault(probe, [])
        if len(found) < max_scored:
            found.append(cccid)
    wanted = sorted({c for found in pairs.values() for c in found})
    prepared: dict[str, tuple[PreparedRecord, Any, dict[str, Any]]] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for row in conn.execute(
            "SELECT cccid, college_code, status, credential_state, student FROM accounts"  # noqa: S608
            f" WHERE cccid IN ({marks}) AND upload_state <> 'discarded'",
            chunk,
        ):
            student = json.loads(row["student"])
            prepared[row["cccid"]] = (prepare(_person_from_json(student)), row, student)
    result: dict[int, list[LocalCandidate]] = {}
    for probe, found in pairs.items():
        mine = prepare(people[probe])
        scored: list[LocalCandidate] = []
        for cccid in found:
            known = prepared.get(cccid)
            if known is None:
                continue
            other, row, student = known
            match = score_prepared(mine, other)
            if match.band is None:
                continue
            scored.append(
                LocalCandidate(
                    cccid=cccid,
                    band=Band(match.band).value,
                    score=round(match.score, 2),
                    reasons=match.reasons,
                    college_code=row["college_code"],
                    summary=_summary(row, student),
                )
            )
        scored.sort(key=lambda c: -c.score)
        if scored:
            result[probe] = scored[:max_returned]
    return result
