"""Create an account, or a new slip for one, on this workstation: online or not.

The sequence DESIGN.md guarantee 1 asks for: make the temporary password and its argon2id hash
(outside any transaction: it takes tens of ms), then commit in ONE local transaction the cached
account (pending upload), the outbox entry (the exact request body, with a leased CCCID and the
hash), the leased CCCID marked used, and an audit entry. Only after that commit does the caller
get the plaintext password, to print; it is never written anywhere.

The sync engine uploads the entry later; this module never talks to the network.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

from app.models.account import StudentFields, StudentForm
from app.models.api import (
    AccountCreate,
    AccountLink,
    CreateDecision,
    CredentialReissue,
    wire_body,
)
from app.services import slips
from app.services.credentials import hash_temp_password, new_temp_password
from app.services.failpoints import failpoint
from app.services.staff_session import StaffIdentity
from app.services.store import Conn, LocalStore, accounts, audit, leases, outbox
from app.services.store.outbox import OutboxEntry

TEMP_PASSWORD_TTL: Final = slips.TEMP_PASSWORD_MAX_TTL


class NotAllowedError(PermissionError):
    """This staff member may not do this; ``str()`` is a message for a person."""


class LocalAccountError(ValueError):
    """The request cannot be queued as it is; ``str()`` is a message for a person."""


@dataclass(frozen=True)
class LocalCreateResult:
    """What the slip needs. ``temp_password`` is plaintext, in memory only: print it, drop it."""

    cccid: str
    outbox_id: str
    student_name: str
    temp_password: str = field(repr=False)
    issued_at: dt.datetime
    """When the password was made, by the estimated server clock."""
    expiry_wording: str
    is_reprint: bool = False


def _require_creator(staff: StaffIdentity) -> str:
    if not staff.may_create_accounts or not staff.college_code:
        raise NotAllowedError(
            f"{staff.display_name} may not create accounts on this workstation: account "
            "creation needs a creator role and a college administrator's approval."
        )
    return staff.college_code


def create_body(
    student: StudentFields,
    temp_password_hash: str,
    cccid: str,
    decision: CreateDecision | None = None,
    main_phone_text_wording: str | None = None,
    second_phone_text_wording: str | None = None,
) -> dict[str, Any]:
    """The exact JSON body of ``POST /v1/accounts`` (with the SSN: only ever in the outbox).

    Built by the wire contract's :class:`AccountCreate`, so a body the service would refuse is
    refused here, before anything is queued or printed."""
    body = AccountCreate(
        student=student,
        temp_password_hash=temp_password_hash,
        cccid=cccid,
        decision=decision,
        main_phone_text_wording=main_phone_text_wording,
        second_phone_text_wording=second_phone_text_wording,
    )
    return wire_body(body)


def create_account_locally(
    store: LocalStore,
    student: StudentFields,
    decision: CreateDecision | None,
    staff: StaffIdentity,
    *,
    main_phone_text_wording: str | None = None,
    second_phone_text_wording: str | None = None,
    make_password: Callable[[], str] = new_temp_password,
) -> LocalCreateResult:
    """Queue a new account under a leased CCCID; committed before this returns.

    Raises :class:`~app.services.store.NoLeasedCccidError` when no CCCID is reserved here (the
    UI may first ask the sync engine to top up, when online), :class:`NotAllowedError` for staff
    who may not create accounts, :class:`LocalAccountError` for a "link" decision (that creates
    no account and prints no new CCCID).
    """
    _require_creator(staff)
    if isinstance(student, StudentForm):
        student = student.to_fields()  # the typed-twice birthdate is not part of the request
    if decision is not None and decision.action == "link":
        raise LocalAccountError(
            "This is the student's existing account: link to it instead of creating a new one."
        )
    password = make_password()
    password_hash = hash_temp_password(password)
    entry_id = str(uuid.uuid4())
    issued_at = store.server_now()
    with store.transaction() as conn:
        cccid = queue_create(
            conn,
            store,
            student,
            decision,
            staff,
            password_hash=password_hash,
            entry_id=entry_id,
            issued_at=issued_at,
            main_phone_text_wording=main_phone_text_wording,
            second_phone_text_wording=second_phone_text_wording,
        )
    failpoint("after_commit")
    return LocalCreateResult(
        cccid=cccid,
        outbox_id=entry_id,
        student_name=slips.display_name(student),
        temp_password=password,
        issued_at=issued_at,
        expiry_wording=slips.offline_expiry(issued_at, TEMP_PASSWORD_TTL),
    )


def queue_link(
    conn: Conn,
    store: LocalStore,
    cccid: str,
    staff: StaffIdentity,
    *,
    considered: list[str] | None = None,
    source: str = "single",
    note: str | None = None,
) -> str:
    """Queue "this is the student": no account, no slip; the central service records the link.

    The outbox entry and audit entry are written in the caller's transaction (one link from the
    desk, or many with an import's rows); returns the outbox id. Offline the link waits.
    """
    _require_creator(staff)
    body = wire_body(
        AccountLink(
            considered_cccids=sorted(set(considered or [cccid]))[:50],  # the server takes 50
            source=source,
            note=note or None,
        )
    )
    entry_id = str(uuid.uuid4())
    now = store.server_now()
    outbox.enqueue(
        conn,
        entry_id=entry_id,
        kind="account.link",
        cccid=cccid,
        payload=body,
        created_at=now,
        created_by=staff.username,
    )
    audit.record(
        conn,
        action="account.link",
        staff_username=staff.username,
        server_time=now,
        laptop_time=store.clock(),
        target=cccid,
        outbox_id=entry_id,
        details={"source": source, "considered": body["considered_cccids"]},
    )
    return entry_id


def queue_create(
    conn: Conn,
    store: LocalStore,
    student: StudentFields,
    decision: CreateDecision | None,
    staff: StaffIdentity,
    *,
    password_hash: str,
    entry_id: str,
    issued_at: dt.datetime,
    main_phone_text_wording: str | None = None,
    second_phone_text_wording: str | None = None,
    source: str = "single",
) -> str:
    """The create's rows, in the caller's transaction: the leased CCCID taken, the outbox entry,
    the cached account and the audit entry. Returns the CCCID. A bulk import calls this for many
    rows in one transaction, together with its own bookkeeping, so a crash leaves all or none."""
    college_code = _require_creator(staff)
    if decision is not None and decision.action == "link":
        raise LocalAccountError(
            "This is the student's existing account: link to it instead of creating a new one."
        )
    cccid = leases.take(conn, issued_at, entry_id)
    body = create_body(
        student,
        password_hash,
        cccid,
        decision,
        main_phone_text_wording,
        second_phone_text_wording,
    )
    outbox.enqueue(
        conn,
        entry_id=entry_id,
        kind="account.create",
        cccid=cccid,
        payload=body,
        created_at=issued_at,
        created_by=staff.username,
    )
    accounts.insert_pending(
        conn, cccid=cccid, college_code=college_code, student=student, created_at=issued_at
    )
    audit.record(
        conn,
        action="account.create",
        staff_username=staff.username,
        server_time=issued_at,
        laptop_time=store.clock(),
        target=cccid,
        outbox_id=entry_id,
        details={
            "leased": True,
            "source": source,
            "decision": decision.action if decision else None,
            "considered": list(decision.considered_cccids) if decision else [],
        },
    )
    return cccid


def reissue_problem(cached: accounts.CachedAccount | None, cccid: str) -> str | None:
    """Why this account cannot get a new slip (for a person), or None when it can."""
    if cached is None:
        return f"CCCID {cccid} is not among this college's accounts here."
    if cached.credential_state == "reclaimed":
        return (
            f"The student has already reclaimed CCCID {cccid}; they sign in with their own "
            "password now. Use account recovery instead of a new slip."
        )
    if cached.upload_state == "discarded":
        return f"CCCID {cccid} was discarded before upload; it has no account."
    return None


def queue_credentials(
    conn: Conn,
    store: LocalStore,
    cccid: str,
    staff: StaffIdentity,
    *,
    password_hash: str,
    entry_id: str,
    issued_at: dt.datetime,
) -> None:
    """A new temporary password's rows, in the caller's transaction: the outbox entry (sent
    after the account's own create, never before), the account marked as waiting for it, and
    the audit entry. A bulk reprint calls this for many accounts in one transaction."""
    _require_creator(staff)
    outbox.enqueue(
        conn,
        entry_id=entry_id,
        kind="account.credentials",
        cccid=cccid,
        payload=wire_body(CredentialReissue(temp_password_hash=password_hash)),
        created_at=issued_at,
        created_by=staff.username,
    )
    accounts.mark_credentials_pending(conn, cccid)
    audit.record(
        conn,
        action="account.reprint",
        staff_username=staff.username,
        server_time=issued_at,
        laptop_time=store.clock(),
        target=cccid,
        outbox_id=entry_id,
    )


def reissue_credentials_locally(
    store: LocalStore,
    cccid: str,
    staff: StaffIdentity,
    *,
    make_password: Callable[[], str] = new_temp_password,
) -> LocalCreateResult:
    """Queue a new temporary password for an account (a reprinted slip voids the old one)."""
    _require_creator(staff)
    with store.read() as conn:
        cached = accounts.get(conn, cccid)
    problem = reissue_problem(cached, cccid)
    if problem is not None:
        raise LocalAccountError(problem)
    assert cached is not None  # reissue_problem says so otherwise
    password = make_password()
    password_hash = hash_temp_password(password)
    entry_id = str(uuid.uuid4())
    issued_at = store.server_now()
    with store.transaction() as conn:
        queue_credentials(
            conn, store, cccid, staff,
            password_hash=password_hash, entry_id=entry_id, issued_at=issued_at,
        )  # fmt: skip
    failpoint("after_commit")
    student_name = " ".join(
        part
        for part in (
            cached.student.get("preferred_first_name") or cached.first_name,
            cached.last_name,
            cached.student.get("suffix"),
        )
        if part
    )
    return LocalCreateResult(
        cccid=cccid,
        outbox_id=entry_id,
        student_name=student_name,
        temp_password=password,
        issued_at=issued_at,
        expiry_wording=slips.offline_expiry(issued_at, TEMP_PASSWORD_TTL),
        is_reprint=True,
    )


def confirmed_expiry(entry: OutboxEntry) -> dt.datetime | None:
    """When the password of a confirmed create or reprint expires, by the server's answer; None
    while the entry is not confirmed (its slip says the account is not yet confirmed)."""
    if entry.state != "confirmed" or not entry.response:
        return None
    # A create answers {"account": {...}}; a reprint answers with the account itself.
    account = entry.response.get("account") or entry.response
    expires = account.get("temp_password_expires_at")
    return dt.datetime.fromisoformat(expires) if isinstance(expires, str) else None
