"""What needs a person: refused uploads (needs attention) and possible duplicates (needs review).

Nothing the server refuses is dropped (DESIGN.md guarantee 3): a refused entry stays in the
outbox, with the server's message, until a person retries it as it is, corrects it (a new request
in the same place in the queue), or discards it; each of those is in the audit trail.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Literal

from app.models.account import StudentFields, StudentForm
from app.models.api import CreateDecision
from app.services.accounts_local import LocalAccountError, create_body
from app.services.staff_session import StaffIdentity
from app.services.store import LocalStore, accounts, audit, outbox
from app.services.store.outbox import OutboxEntry
from app.services.store.types import Conn


@dataclass(frozen=True)
class ReviewItem:
    """One account (or held create) a person should look at, with why."""

    cccid: str
    name: str
    source: Literal["server_flag", "held_create"]
    reasons: tuple[str, ...]
    candidates: tuple[str, ...]
    outbox_id: str | None


def needing_attention(store: LocalStore) -> list[OutboxEntry]:
    """Entries the server refused, oldest first (each with ``last_error`` for a person)."""
    with store.read() as conn:
        return outbox.in_states(conn, ("needs_attention",))


def needing_review(store: LocalStore) -> list[ReviewItem]:
    """Accounts flagged "needs review" by the server, and creates it held for a decision."""
    items: list[ReviewItem] = []
    with store.read() as conn:
        for account in accounts.in_review(conn):
            record = account.student
            candidates: tuple[str, ...] = ()
            full = conn.execute(
                "SELECT server_record FROM accounts WHERE cccid = ?", (account.cccid,)
            ).fetchone()
            if full is not None and full[0]:
                candidates = tuple(
                    str(c.get("cccid")) for c in json.loads(full[0]).get("review_candidates", [])
                )
            items.append(
                ReviewItem(
                    cccid=account.cccid,
                    name=" ".join(p for p in (record.get("first_name"), account.last_name) if p),
                    source="server_flag",
                    reasons=tuple(account.review_reasons),
                    candidates=candidates,
                    outbox_id=None,
                )
            )
        for entry in outbox.in_states(conn, ("needs_review",)):
            student = entry.payload.get("student", {})
            items.append(
                ReviewItem(
                    cccid=entry.cccid,
                    name=" ".join(
                        p for p in (student.get("first_name"), student.get("last_name")) if p
                    ),
                    source="held_create",
                    reasons=("The central service found possible duplicates; decide first.",),
                    candidates=tuple(
                        str(c.get("cccid")) for c in (entry.response or {}).get("candidates", [])
                    ),
                    outbox_id=entry.id,
                )
            )
    return items


def _open_entry(conn: Conn, entry_id: str, states: tuple[str, ...]) -> OutboxEntry:
    entry = outbox.get(conn, entry_id)
    if entry is None:
        raise LocalAccountError("That upload no longer exists.")
    if entry.state not in states:
        raise LocalAccountError(
            f"That upload is {entry.state.replace('_', ' ')}; only one that needs attention "
            "can be changed."
        )
    return entry


def _audit(
    store: LocalStore,
    conn: Conn,
    staff: StaffIdentity,
    action: str,
    entry: OutboxEntry,
    **facts: object,
) -> None:
    audit.record(
        conn,
        action=action,
        staff_username=staff.username,
        server_time=store.server_now(),
        laptop_time=store.clock(),
        target=entry.cccid,
        outbox_id=entry.id,
        details=facts,
    )


def _old_decision(payload: dict[str, object]) -> CreateDecision | None:
    old = payload.get("decision")
    return CreateDecision.model_validate(old) if old else None


def retry(store: LocalStore, entry_id: str, staff: StaffIdentity) -> None:
    """Send a refused entry again as it is (e.g. after an administrator fixed access). The
    server stored nothing for a refusal, so the same Idempotency-Key is reused."""
    with store.transaction() as conn:
        entry = _open_entry(conn, entry_id, ("needs_attention",))
        outbox.requeue(conn, entry.id, reason="retried by staff")
        if entry.kind == "account.create":
            accounts.set_upload_state(conn, entry.cccid, "pending")
        _audit(store, conn, staff, "outbox.retry", entry)


def edit_and_requeue(
    store: LocalStore,
    entry_id: str,
    student: StudentFields,
    staff: StaffIdentity,
    *,
    decision: CreateDecision | None = None,
) -> str:
    """Correct a refused (or held) create and queue it again; returns the new outbox id.

    The CCCID and the temporary password stay (both are on the printed slip); the request is new,
    so it gets a new Idempotency-Key.
    """
    if isinstance(student, StudentForm):
        student = student.to_fields()
    if decision is not None and decision.action == "link":
        raise LocalAccountError("Linking creates no account; discard this upload instead.")
    new_id = str(uuid.uuid4())
    with store.transaction() as conn:
        entry = _open_entry(conn, entry_id, ("needs_attention", "needs_review"))
        if entry.kind != "account.create":
            raise LocalAccountError("Only a new account's details can be corrected.")
        old = entry.payload
        body = create_body(
            student,
            str(old["temp_password_hash"]),
            entry.cccid,
            decision or _old_decision(old),
            old.get("main_phone_text_wording"),
            old.get("second_phone_text_wording"),
        )
        outbox.replace_request(conn, entry.id, new_id=new_id, payload=body)
        accounts.replace_student(conn, entry.cccid, student)
        accounts.set_upload_state(conn, entry.cccid, "pending")
        _audit(store, conn, staff, "outbox.edit", entry, new_outbox_id=new_id)
    return new_id


def discard(store: LocalStore, entry_id: str, staff: StaffIdentity, reason: str) -> None:
    """Give up on a refused upload (and any later uploads about the same CCCID)."""
    if len(reason.strip()) < 3:
        raise LocalAccountError("Say why this upload is discarded (3 letters or more).")
    with store.transaction() as conn:
        entry = _open_entry(conn, entry_id, ("needs_attention", "needs_review"))
        later = [
            e
            for e in outbox.in_states(conn, ("queued", "sent", "needs_attention", "needs_review"))
            if e.cccid == entry.cccid and e.seq > entry.seq
        ]
        for victim in (entry, *later):
            outbox.discard(conn, victim.id)
            _audit(store, conn, staff, "outbox.discard", victim, reason=reason.strip())
        if entry.kind == "account.create":
            accounts.set_upload_state(conn, entry.cccid, "discarded")
