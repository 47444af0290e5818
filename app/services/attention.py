"""What needs a person: refused uploads (needs attention) and possible duplicates (needs review).

Nothing the server refuses is dropped (DESIGN.md guarantee 3): a refused entry stays in the
outbox, with the server's message, until a person retries it as it is, corrects it (a new request
in the same place in the queue), or discards it; each of those is in the audit trail.

An account the server created and flagged as a possible duplicate (guarantee 7) is resolved on
the server (:func:`resolve_flag`: a different student, or a duplicate of one of its candidates,
which deactivates it); a create the server held without making it is decided here and sent again
(:func:`edit_and_requeue` with a decision) or discarded.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Literal

from app.models.account import StudentFields, StudentForm
from app.models.api import CreateDecision, ReviewResolution, wire_body
from app.services.accounts_local import LocalAccountError, create_body
from app.services.central_client import CentralClient
from app.services.staff_session import StaffIdentity
from app.services.store import LocalStore, accounts, audit, outbox, sync_state
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
    candidate_names: tuple[str, ...] = ()
    """Each candidate as staff can tell it apart: "AAA0052 (Robert Vandermeer, college 862)"."""

    @property
    def choices(self) -> tuple[str, ...]:
        """What the service lets a person decide: a different student, or (when the check
        named candidates) a duplicate of one of them."""
        return ("different_student", "duplicate_of") if self.candidates else ("different_student",)


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
            found: list[dict[str, object]] = []
            full = conn.execute(
                "SELECT server_record FROM accounts WHERE cccid = ?", (account.cccid,)
            ).fetchone()
            if full is not None and full[0]:
                found = list(json.loads(full[0]).get("review_candidates", []))
            candidates = tuple(str(c.get("cccid")) for c in found)
            items.append(
                ReviewItem(
                    cccid=account.cccid,
                    name=" ".join(p for p in (record.get("first_name"), account.last_name) if p),
                    source="server_flag",
                    reasons=tuple(account.review_reasons),
                    candidates=candidates,
                    outbox_id=None,
                    candidate_names=tuple(_candidate_name(c) for c in found),
                )
            )
        for entry in outbox.in_states(conn, ("needs_review",)):
            student = entry.payload.get("student", {})
            held = list((entry.response or {}).get("candidates", []))
            items.append(
                ReviewItem(
                    cccid=entry.cccid,
                    name=" ".join(
                        p for p in (student.get("first_name"), student.get("last_name")) if p
                    ),
                    source="held_create",
                    reasons=("The central service found possible duplicates; decide first.",),
                    candidates=tuple(str(c.get("cccid")) for c in held),
                    outbox_id=entry.id,
                    candidate_names=tuple(_candidate_name(c) for c in held),
                )
            )
    return items


def _candidate_name(candidate: dict[str, object]) -> str:
    """A candidate by CCCID, name and college (its summary has no contact details to show)."""
    summary = candidate.get("summary")
    names = summary if isinstance(summary, dict) else {}
    name = " ".join(str(names[k]) for k in ("first_name", "last_name") if names.get(k))
    college = candidate.get("college_code")
    said = ", ".join(p for p in (name, f"college {college}" if college else "") if p)
    return f"{candidate.get('cccid')} ({said})" if said else str(candidate.get("cccid"))


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


def resolve_flag(
    store: LocalStore,
    client: CentralClient,
    cccid: str,
    resolution: ReviewResolution,
    staff: StaffIdentity,
) -> None:
    """Close the server's "needs review" flag on ``cccid`` with a person's decision (online only:
    raises :class:`~app.services.central_client.CentralError` when the service cannot be reached
    or refuses). A duplicate is deactivated by the service, never deleted: its CCCID may be
    printed. The cache takes the service's answer, so the item leaves the list at once."""
    key = str(uuid.uuid4())
    account = client.resolve_review(cccid, wire_body(resolution), key)
    with store.transaction() as conn:
        epoch = sync_state.load(conn).epoch or ""
        # The service's newest version of the account: as the feed would bring it.
        accounts.upsert_from_server(conn, account.model_dump(mode="json"), epoch)
        audit.record(
            conn,
            action="account.review",
            staff_username=staff.username,
            server_time=store.server_now(),
            laptop_time=store.clock(),
            target=cccid,
            details={
                "resolution": resolution.resolution,
                "duplicate_of": resolution.duplicate_of,
                "note": resolution.note,
                "key": key,
            },
        )


def decide_held(
    store: LocalStore, item: ReviewItem, resolution: ReviewResolution, staff: StaffIdentity
) -> str | None:
    """Decide a create the server held for possible duplicates: a different student is sent
    again with that decision (returns the new outbox id); a duplicate is discarded (its CCCID
    was never made), with the decision as the reason."""
    if item.outbox_id is None:
        raise LocalAccountError("Only a held upload is decided here.")
    if resolution.resolution == "duplicate_of":
        discard(
            store,
            item.outbox_id,
            staff,
            f"Duplicate of {resolution.duplicate_of}: {resolution.note}",
        )
        return None
    with store.read() as conn:
        entry = _open_entry(conn, item.outbox_id, ("needs_review",))
    student = StudentFields.model_validate(entry.payload["student"])
    decision = CreateDecision(
        action="create_anyway", reason=resolution.note, considered_cccids=list(item.candidates)
    )
    return edit_and_requeue(store, item.outbox_id, student, staff, decision=decision)
