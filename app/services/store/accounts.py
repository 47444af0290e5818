"""The college's accounts as the desk shows them, with blocking keys for local duplicate checks.

Rows come from two places: the central service's change feed (``upload_state = 'uploaded'``) and
accounts made on this workstation that the server has not confirmed yet (``'pending'``). The SSN
is never stored here, only its last four digits as the server itself shows them; the full number
lives only in the queued create request until the server confirms it (see :mod:`.outbox`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from app.models.account import StudentFields
from app.models.band import Band
from app.services.clock import to_db
from app.services.matching import PersonRecord, PreparedRecord, prepare, score_prepared
from app.services.matching.cards import decode_card, encode_card
from app.services.matching.from_student import StudentLike
from app.services.matching.from_student import (
    person_from_student as shared_person_from_student,
)
from app.services.matching.keys import index_keys_prepared, query_keys_prepared
from app.services.matching.score import MatchResult, could_band
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
    band: Band
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
    """The account's blocking keys and match card, from one preparation of its fields."""
    prepared = prepare(_person_from_json(student))
    conn.execute("DELETE FROM account_block_keys WHERE cccid = ?", (cccid,))
    conn.executemany(
        "INSERT INTO account_block_keys (key, cccid) VALUES (?, ?) ON CONFLICT DO NOTHING",
        [(key, cccid) for key in sorted(index_keys_prepared(prepared))],
    )
    write_card(conn, cccid, prepared)


def write_card(conn: Conn, cccid: str, prepared: PreparedRecord) -> None:
    """Store (or replace) the account's match card; an uncardable record has none."""
    card = encode_card(prepared)
    if card is None:
        conn.execute("DELETE FROM account_match_cards WHERE cccid = ?", (cccid,))
    else:
        conn.execute(
            "INSERT INTO account_match_cards (cccid, card) VALUES (?, ?)"
            " ON CONFLICT (cccid) DO UPDATE SET card = excluded.card",
            (cccid, card),
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
    if state == "discarded":  # never a candidate again: no card to find it by
        conn.execute("DELETE FROM account_match_cards WHERE cccid = ?", (cccid,))


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


def email_holders(
    conn: Conn, emails: Iterable[str], *, exclude: str | None = None
) -> dict[str, str]:
    """Which cached account holds each of ``emails``: ``{email in lower case: CCCID}``.

    An email belongs to one account (the central service refuses a second), so a create that
    repeats one is refused before it is made. A discarded account never reaches the service and
    holds nothing; ``exclude`` is the account being corrected, which may keep its own."""
    wanted = sorted({e.lower() for e in emails if e})
    found: dict[str, str] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        rows = conn.execute(
            f"SELECT lower(email), cccid FROM accounts WHERE email COLLATE NOCASE IN ({marks})"  # noqa: S608
            " AND upload_state <> 'discarded' AND cccid IS NOT ? ORDER BY created_at, cccid",
            (*chunk, exclude),
        ).fetchall()
        for email, cccid in rows:
            found.setdefault(str(email), str(cccid))
    return found


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
    found = find_candidates_bulk(
        conn, {0: person}, max_scored=max_scored, max_returned=max_returned + len(exclude)
    ).get(0, [])
    return [c for c in found if c.cccid not in exclude][:max_returned]


def find_candidates_bulk(
    conn: Conn,
    people: Mapping[int, PersonRecord],
    *,
    max_scored: int = MAX_LOCAL_CANDIDATES_SCORED,
    max_returned: int = 20,
) -> dict[int, list[LocalCandidate]]:
    """:func:`find_candidates` for many people at once (a spreadsheet's rows), keyed as given.

    Three reads, each in index order: every distinct blocking key of all the people once
    (sorted, so neighbouring keys share B-tree pages: half the time of one lookup per person and
    key, measured at 1M accounts), the match cards of every candidate once (the prepared form
    kept beside each account, so no candidate is parsed and prepared again), and the full rows of
    only the candidates that scored. An account without a current card (written before cards
    existed and not yet rebuilt) is read and prepared from its JSON.
    """
    probes = {probe: prepare(person) for probe, person in people.items()}
    probe_keys = {probe: query_keys_prepared(p) for probe, p in probes.items()}
    all_keys = sorted({key for keys in probe_keys.values() for key in keys})
    by_key: dict[str, list[str]] = {}
    # The keys go in as one JSON parameter rather than a temporary table: a read stays a read
    # (no temp-table writes to commit while holding the store).
    for key, cccid in conn.execute(
        "SELECT k.key, k.cccid FROM json_each(?) p JOIN account_block_keys k ON k.key = p.value",
        (json.dumps(all_keys),),
    ):
        by_key.setdefault(key, []).append(cccid)
    wanted: dict[int, list[str]] = {}
    for probe, keys in probe_keys.items():
        found: dict[str, None] = {}  # insertion-ordered set
        for key in sorted(keys & by_key.keys()):
            found.update(dict.fromkeys(by_key[key]))
        if found:
            wanted[probe] = list(found)[:max_scored]
    prepared = _prepared_candidates(conn, sorted({c for cs in wanted.values() for c in cs}))

    scored: dict[int, list[tuple[str, MatchResult]]] = {}
    for probe, cccids in wanted.items():
        mine = probes[probe]
        hits = []
        for cccid in cccids:
            other = prepared.get(cccid)
            if other is None:  # discarded, or removed since the keys were read
                continue
            if not could_band(mine, other):  # most of them: cheap to rule out
                continue
            match = score_prepared(mine, other)
            if match.band is not None:
                hits.append((cccid, match))
        if hits:
            hits.sort(key=lambda h: -h[1].score)
            scored[probe] = hits[:max_returned]

    rows = _account_rows(conn, sorted({c for hits in scored.values() for c, _ in hits}))
    result: dict[int, list[LocalCandidate]] = {}
    for probe, hits in scored.items():
        out = []
        for cccid, match in hits:
            known = rows.get(cccid)
            if known is None:
                continue
            row, student = known
            assert match.band is not None  # only banded pairs were kept
            out.append(
                LocalCandidate(
                    cccid=cccid,
                    band=match.band,
                    score=round(match.score, 2),
                    reasons=match.reasons,
                    college_code=row["college_code"],
                    summary=_summary(row, student),
                )
            )
        if out:
            result[probe] = out
    return result


_IN_CHUNK = 500  # cccids per IN (...) list: well under SQLite's parameter limit


def _in_chunks(cccids: Sequence[str]) -> Iterator[tuple[str, Sequence[str]]]:
    for start in range(0, len(cccids), _IN_CHUNK):
        chunk = cccids[start : start + _IN_CHUNK]
        yield ",".join("?" * len(chunk)), chunk


def _prepared_candidates(conn: Conn, cccids: Sequence[str]) -> dict[str, PreparedRecord]:
    """The prepared form of each account in ``cccids`` (sorted), from its card where current."""
    prepared: dict[str, PreparedRecord] = {}
    for marks, chunk in _in_chunks(cccids):
        for cccid, card in conn.execute(
            f"SELECT cccid, card FROM account_match_cards WHERE cccid IN ({marks})",  # noqa: S608
            chunk,
        ):
            p = decode_card(card)
            if p is not None:
                prepared[cccid] = p
    missing = [c for c in cccids if c not in prepared]
    for marks, chunk in _in_chunks(missing):
        for cccid, student in conn.execute(
            f"SELECT cccid, student FROM accounts WHERE cccid IN ({marks})"  # noqa: S608
            " AND upload_state <> 'discarded'",
            chunk,
        ):
            prepared[cccid] = prepare(_person_from_json(json.loads(student)))
    return prepared


def _account_rows(conn: Conn, cccids: Sequence[str]) -> dict[str, tuple[Any, dict[str, Any]]]:
    """The rows (and parsed students) of the accounts to show; discarded ones are left out."""
    rows: dict[str, tuple[Any, dict[str, Any]]] = {}
    for marks, chunk in _in_chunks(cccids):
        for row in conn.execute(
            "SELECT cccid, college_code, status, credential_state, student FROM accounts"  # noqa: S608
            f" WHERE cccid IN ({marks}) AND upload_state <> 'discarded'",
            chunk,
        ):
            rows[row["cccid"]] = (row, json.loads(row["student"]))
    return rows
