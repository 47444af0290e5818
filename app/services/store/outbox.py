"""Writes waiting for the central service, in the order they were made.

Each entry's ``id`` is a UUID made here when the entry is queued; it is sent as the
Idempotency-Key on every attempt, so the server applies the write once however often and however
late it arrives (DESIGN.md guarantee 2). Entries are sent oldest first (``seq``, a local sequence,
never a clock), and an entry waits while an earlier entry about the same CCCID is unanswered (a
new slip for an account must not overtake the account).

States: ``queued`` (waiting), ``sent`` (a request is in flight or a crash interrupted one; it is
simply sent again), ``confirmed`` (applied by the server, possibly flagged for review),
``needs_review`` (the server held a create without making it, until a person decides about
possible duplicates), ``needs_attention`` (a refusal retrying cannot
fix, with the server's message; a person edits and requeues, or discards) and ``discarded`` (a
person gave up on it, with an audit entry). Entries are never deleted while unanswered: a trigger
refuses it. An edited entry keeps its place in the queue but gets a new id: it is a different
request, and the server may have stored an answer under the old key.

The SSN, if any, is in the payload of a queued create only; it is removed once the server has the
account, or when a person discards the entry.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from app.services.clock import from_db, to_db
from app.services.store.types import Conn, Row

Kind = Literal["account.create", "account.credentials", "account.link"]
State = Literal["queued", "sent", "confirmed", "needs_attention", "needs_review", "discarded"]
UNANSWERED: tuple[State, ...] = ("queued", "sent")
OPEN: tuple[State, ...] = ("queued", "sent", "needs_attention")


@dataclass(frozen=True)
class OutboxEntry:
    """One outbox row; ``payload`` is the request body (a create's may hold the SSN: never log
    it)."""

    seq: int
    id: str
    kind: Kind
    cccid: str
    payload: dict[str, Any]
    created_at: dt.datetime
    created_by: str
    state: State
    attempts: int
    next_attempt_at: dt.datetime | None
    last_error: str | None
    last_error_code: str | None
    confirmed_at: dt.datetime | None
    confirmed_epoch: str | None
    response: dict[str, Any] | None
    ssn_scrubbed: bool
    resend_reason: str | None

    def __repr__(self) -> str:
        # The payload may hold an SSN; keep it out of every repr, log line and traceback.
        return f"OutboxEntry(seq={self.seq}, id={self.id}, kind={self.kind}, state={self.state})"


def _entry(row: Row) -> OutboxEntry:
    def time(name: str) -> dt.datetime | None:
        value = row[name]
        return from_db(value) if value else None

    created = time("created_at")
    assert created is not None
    return OutboxEntry(
        seq=int(row["seq"]),
        id=row["id"],
        kind=row["kind"],
        cccid=row["cccid"],
        payload=json.loads(row["payload"]),
        created_at=created,
        created_by=row["created_by"],
        state=row["state"],
        attempts=int(row["attempts"]),
        next_attempt_at=time("next_attempt_at"),
        last_error=row["last_error"],
        last_error_code=row["last_error_code"],
        confirmed_at=time("confirmed_at"),
        confirmed_epoch=row["confirmed_epoch"],
        response=json.loads(row["response"]) if row["response"] else None,
        ssn_scrubbed=bool(row["ssn_scrubbed"]),
        resend_reason=row["resend_reason"],
    )


def scrubbed(payload: Mapping[str, Any]) -> dict[str, Any]:
    """``payload`` without the SSN, still a valid request body.

    An SSN status of "provided" without the number would be refused, so it becomes "not_asked":
    if this body is ever sent again (only after a server restore lost the account), the account
    is re-created without the SSN, which left this workstation with the first upload.
    """
    body: dict[str, Any] = json.loads(json.dumps(payload))
    student = body.get("student")
    if isinstance(student, dict) and student.get("ssn") is not None:
        student["ssn"] = None
        if student.get("ssn_status") == "provided":
            student["ssn_status"] = "not_asked"
    return body


def enqueue(
    conn: Conn,
    *,
    entry_id: str,
    kind: Kind,
    cccid: str,
    payload: Mapping[str, Any],
    created_at: dt.datetime,
    created_by: str,
) -> None:
    """Queue a write, in the caller's transaction."""
    conn.execute(
        "INSERT INTO outbox (id, kind, cccid, payload, created_at, created_by)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (entry_id, kind, cccid, json.dumps(payload, sort_keys=True), to_db(created_at), created_by),
    )


def get(conn: Conn, entry_id: str) -> OutboxEntry | None:
    """One entry, or None."""
    row = conn.execute("SELECT * FROM outbox WHERE id = ?", (entry_id,)).fetchone()
    return None if row is None else _entry(row)


def next_due(
    conn: Conn, *, after_seq: int, laptop_now: dt.datetime, retry_cap: dt.timedelta, force: bool
) -> OutboxEntry | None:
    """The oldest entry after ``after_seq`` that may be sent now.

    Not yet due: an entry whose retry time has not come (unless ``force``), or one with an earlier
    open entry about the same CCCID. A retry time further ahead than ``retry_cap`` can only come
    from the laptop's clock having gone backwards; such an entry is due.
    """
    row = conn.execute(
        "SELECT * FROM outbox o WHERE o.seq > ? AND o.state IN ('queued', 'sent')"
        " AND (? OR o.next_attempt_at IS NULL OR o.next_attempt_at <= ? OR o.next_attempt_at > ?)"
        " AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.cccid = o.cccid AND p.seq < o.seq"
        "                 AND p.state IN ('queued', 'sent', 'needs_attention'))"
        " ORDER BY o.seq LIMIT 1",
        (after_seq, 1 if force else 0, to_db(laptop_now), to_db(laptop_now + retry_cap)),
    ).fetchone()
    return None if row is None else _entry(row)


def earliest_retry(conn: Conn) -> dt.datetime | None:
    """When the next waiting entry is due for another attempt (laptop clock)."""
    row = conn.execute(
        "SELECT min(next_attempt_at) FROM outbox WHERE state IN ('queued', 'sent')"
    ).fetchone()
    return from_db(row[0]) if row is not None and row[0] else None


def mark_sent(conn: Conn, entry_id: str) -> None:
    """Record that a request is about to go out (a crash after this re-sends it)."""
    conn.execute(
        "UPDATE outbox SET state = 'sent', attempts = attempts + 1 WHERE id = ?", (entry_id,)
    )


def schedule_retry(conn: Conn, entry_id: str, *, message: str, code: str, at: dt.datetime) -> None:
    """The attempt failed in a way retrying can fix; try again at ``at`` (laptop clock)."""
    conn.execute(
        "UPDATE outbox SET state = 'queued', last_error = ?, last_error_code = ?,"
        " next_attempt_at = ? WHERE id = ?",
        (message, code, to_db(at), entry_id),
    )


def confirm(
    conn: Conn,
    entry_id: str,
    *,
    response: Mapping[str, Any],
    confirmed_at: dt.datetime,
    epoch: str,
) -> None:
    """The server applied the write: keep its answer, and drop the SSN from the request."""
    row = conn.execute("SELECT payload FROM outbox WHERE id = ?", (entry_id,)).fetchone()
    assert row is not None
    conn.execute(
        "UPDATE outbox SET state = 'confirmed', response = ?, confirmed_at = ?,"
        " confirmed_epoch = ?, payload = ?, ssn_scrubbed = 1, last_error = NULL,"
        " last_error_code = NULL, next_attempt_at = NULL WHERE id = ?",
        (
            json.dumps(response, sort_keys=True),
            to_db(confirmed_at),
            epoch,
            json.dumps(scrubbed(json.loads(row[0])), sort_keys=True),
            entry_id,
        ),
    )


def hold_for_review(
    conn: Conn, entry_id: str, *, response: Mapping[str, Any], message: str
) -> None:
    """The server created nothing and asks a person to decide about candidates first. The
    request (SSN included) is kept: it is sent again, with the decision."""
    conn.execute(
        "UPDATE outbox SET state = 'needs_review', response = ?, last_error = ?,"
        " last_error_code = 'needs_review', next_attempt_at = NULL WHERE id = ?",
        (json.dumps(response, sort_keys=True), message, entry_id),
    )


def needs_attention(
    conn: Conn, entry_id: str, *, message: str, code: str, response: Mapping[str, Any] | None
) -> None:
    """The server refused in a way retrying cannot fix; a person must act."""
    conn.execute(
        "UPDATE outbox SET state = 'needs_attention', last_error = ?, last_error_code = ?,"
        " response = ?, next_attempt_at = NULL WHERE id = ?",
        (message, code, json.dumps(response, sort_keys=True) if response else None, entry_id),
    )


def requeue(conn: Conn, entry_id: str, *, reason: str | None = None) -> None:
    """Send the entry again, as it is, with the same Idempotency-Key."""
    conn.execute(
        "UPDATE outbox SET state = 'queued', next_attempt_at = NULL, resend_reason = ?"
        " WHERE id = ?",
        (reason, entry_id),
    )


def replace_request(conn: Conn, entry_id: str, *, new_id: str, payload: Mapping[str, Any]) -> None:
    """A person corrected the request: same place in the queue, new body, new key.

    The old key may have an answer stored on the server (a "needs review" answer is stored), so
    the corrected request must not reuse it. Leased CCCIDs follow the new id (ON UPDATE CASCADE).
    """
    conn.execute(
        "UPDATE outbox SET id = ?, payload = ?, state = 'queued', attempts = 0,"
        " next_attempt_at = NULL, last_error = NULL, last_error_code = NULL, response = NULL,"
        " resend_reason = NULL WHERE id = ?",
        (new_id, json.dumps(payload, sort_keys=True), entry_id),
    )


def discard(conn: Conn, entry_id: str) -> None:
    """A person gave up on the entry; its row stays, without the SSN."""
    row = conn.execute("SELECT payload FROM outbox WHERE id = ?", (entry_id,)).fetchone()
    assert row is not None
    conn.execute(
        "UPDATE outbox SET state = 'discarded', payload = ?, ssn_scrubbed = 1,"
        " next_attempt_at = NULL WHERE id = ?",
        (json.dumps(scrubbed(json.loads(row[0])), sort_keys=True), entry_id),
    )


def requeue_for_new_epoch(conn: Conn, epoch: str, reason: str) -> int:
    """After a server restore: queue again every answered entry not confirmed in ``epoch``.

    The restored server may have lost their effect; its idempotency keys tell, so sending them
    again is safe. Of several new slips for one account only the newest is sent again (sending an
    older one after the restore could make the older password the valid one); the older ones are
    marked confirmed in the new epoch, having been overtaken. Returns how many were queued.
    """
    rows = conn.execute(
        "SELECT id, kind, cccid FROM outbox WHERE state = 'confirmed'"
        " AND confirmed_epoch <> ? ORDER BY seq",
        (epoch,),
    ).fetchall()
    newest_reissue: dict[str, str] = {}
    for row in rows:
        if row["kind"] == "account.credentials":
            newest_reissue[row["cccid"]] = row["id"]
    queued = 0
    for row in rows:
        if row["kind"] == "account.credentials" and newest_reissue[row["cccid"]] != row["id"]:
            conn.execute("UPDATE outbox SET confirmed_epoch = ? WHERE id = ?", (epoch, row["id"]))
            continue
        requeue(conn, row["id"], reason=reason)
        queued += 1
    return queued


def counts(conn: Conn) -> dict[str, int]:
    """How many entries are in each state."""
    rows = conn.execute("SELECT state, count(*) FROM outbox GROUP BY state").fetchall()
    return {str(r[0]): int(r[1]) for r in rows}


def in_states(conn: Conn, states: Iterable[State]) -> list[OutboxEntry]:
    """Entries in any of ``states``, oldest first."""
    wanted = list(states)
    marks = ",".join("?" * len(wanted))
    rows = conn.execute(
        f"SELECT * FROM outbox WHERE state IN ({marks}) ORDER BY seq",  # noqa: S608
        wanted,
    ).fetchall()
    return [_entry(r) for r in rows]
