"""Student accounts: create (with the duplicate decision), read, status, review, credentials."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from psycopg.types.json import Jsonb

from app.models.api import (
    AccountCreate,
    AccountCreateResult,
    AccountLink,
    AccountLinkOut,
    AccountOut,
    Candidate,
    CredentialReissue,
    ReviewResolution,
    StatusChange,
    TakenIdentifier,
)
from app.models.cccid import cccid_from_sequence
from app.models.phone import MAIN_TEXT_CONSENT_WORDING, SECOND_TEXT_CONSENT_WORDING
from app.models.staff import Permission, Role
from app.models.unique import taken_message
from central.config import Settings
from central.db.pool import Connection
from central.errors import ServiceError, conflict, invalid, not_found
from central.services import audit
from central.services.actor import Actor
from central.services.duplicates import (
    ScoredCandidate,
    StudentLike,
    find_candidates,
    person_from_student,
    ssn_digest,
    ssn_digits,
    store_block_keys,
)
from central.services.passwords import temp_password_hash_problem
from central.ssn_key import SsnKey

# Student fields copied as they are between the request and the accounts table.
STUDENT_COLUMNS = (
    "first_name", "middle_name", "last_name", "suffix",
    "preferred_first_name", "preferred_middle_name", "preferred_last_name",
    "previous_first_name", "previous_middle_name", "previous_last_name",
    "birthdate", "email",
    "main_phone", "main_phone_ext", "main_phone_type", "main_phone_text_ok",
    "second_phone", "second_phone_ext", "second_phone_type", "second_phone_text_ok",
    "no_permanent_address", "street1", "street2", "city", "state", "postal_code", "country",
    "ssn_status", "ssn_exception", "preferred_contact_method",
)  # fmt: skip

ACCOUNT_SELECT = (
    "SELECT a.*, c.code AS college_code, s.username AS created_by_username"
    " FROM accounts a JOIN colleges c ON c.id = a.college_id JOIN staff s ON s.id = a.created_by"
)


@dataclass(frozen=True)
class CreateOutcome:
    """The result of a create, with the HTTP status it is answered with."""

    status_code: int
    result: AccountCreateResult


def _plain(value: Any) -> Any:
    """Enum members and dates as the JSON-friendly values stored in columns."""
    if hasattr(value, "value") and not isinstance(value, str | int | float | bool):
        return value.value
    return value


def _mask_email(email: str | None) -> str | None:
    if not email or "@" not in email:
        return None
    local, domain = email.split("@", 1)
    return f"{local[:1]}***@{domain}"


def _mask_phone(phone: str | None) -> str | None:
    return f"***-***-{phone[-4:]}" if phone else None


def credential_state(row: Mapping[str, Any], now: dt.datetime) -> str:
    """pending / reclaimed / expired, by the server's clock (DESIGN.md guarantee 6)."""
    if row["credential_state"] == "reclaimed":
        return "reclaimed"
    expires = row["temp_password_expires_at"]
    if expires is not None and expires <= now:
        return "expired"
    return "pending"


def account_out(row: Mapping[str, Any], now: dt.datetime) -> AccountOut:
    """An accounts row as staff may see it: no SSN, no hashes."""
    student = {name: row[name] for name in STUDENT_COLUMNS}
    student["ssn_last4"] = row["ssn_last4"]
    student["main_phone_text_consent"] = row["main_phone_text_consent"]
    student["second_phone_text_consent"] = row["second_phone_text_consent"]
    return AccountOut(
        cccid=row["cccid"],
        college_code=row["college_code"],
        status=row["status"],
        locked=row["locked"],
        credential_state=credential_state(row, now),
        temp_password_expires_at=row["temp_password_expires_at"],
        review_state=row["review_state"],
        review_reasons=list(row["review_reasons"]),
        review_candidates=list(row["review_candidates"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        created_by=row["created_by_username"],
        workstation_id=row["workstation_id"],
        created_with_lease=row["created_with_lease"],
        student=student,
    )


def candidate_out(candidate: ScoredCandidate) -> Candidate:
    """A candidate with a summary for the side-by-side view.

    The summary shows enough to tell two people apart without handing one college another
    college's student contact details: email and phone are masked.
    """
    row = candidate.row
    summary = {
        "first_name": row["first_name"],
        "middle_name": row["middle_name"],
        "last_name": row["last_name"],
        "suffix": row["suffix"],
        "birthdate": row["birthdate"].isoformat(),
        "email": _mask_email(row["email"]),
        "main_phone": _mask_phone(row["main_phone"]),
        "city": row["city"],
        "state": row["state"],
        "postal_code": row["postal_code"],
        "status": row["status"],
        "credential_state": row["credential_state"],
    }
    return Candidate(
        cccid=candidate.cccid,
        band=candidate.band.value,
        score=round(candidate.result.score, 2),
        reasons=list(candidate.result.reasons),
        college_code=candidate.college_code,
        summary=summary,
    )


def server_now(conn: Connection) -> dt.datetime:
    """The database's clock: the one clock every expiry and order is measured by."""
    row = conn.execute("SELECT now() AS now").fetchone()
    assert row is not None
    return row["now"]  # type: ignore[no-any-return]


def load_account(conn: Connection, cccid: str, *, for_update: bool = False) -> dict[str, Any]:
    """The account with ``cccid`` or 404."""
    query = ACCOUNT_SELECT + " WHERE a.cccid = %s" + (" FOR UPDATE OF a" if for_update else "")
    row = conn.execute(query, (cccid,)).fetchone()
    if row is None:
        raise not_found(f"CCCID {cccid}")
    return row


def check_duplicates(
    conn: Connection, student: StudentLike, settings: Settings, ssn_key: SsnKey
) -> list[Candidate]:
    """Systemwide candidates for ``student``, best first."""
    person = person_from_student(student, ssn_key)
    found = find_candidates(
        conn,
        person,
        max_scored=settings.max_candidates_scored,
        max_returned=settings.max_candidates_returned,
    )
    return [candidate_out(c) for c in found]


def _take_leased_cccid(
    conn: Connection, actor: Actor, cccid: str, now: dt.datetime
) -> tuple[str, bool]:
    """Mark a leased CCCID used; return it and whether its lease had already expired."""
    row = conn.execute(
        "SELECT l.cccid, l.used_at, s.college_id, s.workstation_id, s.expires_at"
        " FROM leased_cccids l JOIN cccid_leases s ON s.id = l.lease_id"
        " WHERE l.cccid = %s FOR UPDATE OF l",
        (cccid,),
    ).fetchone()
    if row is None or row["college_id"] != actor.college_id:
        raise invalid("cccid", f"CCCID {cccid} was not leased to your college; it cannot be used.")
    if row["workstation_id"] != actor.workstation_id:
        raise invalid(
            "cccid",
            f"CCCID {cccid} was leased to another workstation; only that workstation may use it.",
        )
    if row["used_at"] is not None:
        raise conflict(
            "cccid_used",
            f"CCCID {cccid} is already used by another account. This workstation's local store "
            "has handed out the same leased CCCID twice; contact support.",
        )
    conn.execute("UPDATE leased_cccids SET used_at = now() WHERE cccid = %s", (cccid,))
    return cccid, row["expires_at"] <= now


def _next_cccid(conn: Connection) -> str:
    row = conn.execute("SELECT nextval('cccid_seq') AS n").fetchone()
    assert row is not None
    return cccid_from_sequence(int(row["n"]))


def _consent(ok: bool, wording: str | None, default: str, actor: Actor, now: dt.datetime) -> Any:
    """Who recorded the student's text permission, when, and the words shown (seed 002)."""
    if not ok:
        return None
    return Jsonb(
        {
            "recorded_by": actor.username,
            "recorded_at": now.isoformat(),
            "wording": wording or default,
        }
    )


def email_holder(conn: Connection, email: str | None) -> str | None:
    """The CCCID of the account whose email is ``email`` (case aside), or None."""
    if not email:
        return None
    row = conn.execute(
        "SELECT cccid FROM accounts WHERE lower(email) = lower(%s)", (email,)
    ).fetchone()
    return None if row is None else str(row["cccid"])


def taken_identifiers(conn: Connection, student: StudentLike) -> list[TakenIdentifier]:
    """What a create of ``student`` would be refused for because another account holds it, so
    the duplicate check can say so before the desk makes the account and prints its slip."""
    email = student.email
    holder = email_holder(conn, email)
    if holder is None or email is None:
        return []
    return [TakenIdentifier(field="email", value=email, cccid=holder)]


def _ensure_email_free(conn: Connection, email: str | None) -> None:
    holder = email_holder(conn, email)
    if holder is not None:
        assert email is not None
        raise conflict(
            "email_taken",
            taken_message("email", email, holder),
            field="student.email",
            cccid=holder,
        )


def create_account(
    conn: Connection,
    actor: Actor,
    request: AccountCreate,
    key: uuid.UUID,
    settings: Settings,
    ssn_key: SsnKey,
) -> CreateOutcome:
    """Create an account, or report candidates that need a person's decision, or link.

    A create with a certain or probable candidate is not created unless the request says how staff
    decided about every such candidate. The exception is a create that carries a leased CCCID: that
    CCCID is already printed on a slip, so the account is created and flagged for review.
    """
    actor.require(Permission.CREATE_ACCOUNTS)
    assert actor.college_id is not None and actor.workstation_id is not None
    problem = temp_password_hash_problem(request.temp_password_hash)
    if problem:
        raise invalid("temp_password_hash", problem)
    now = server_now(conn)
    student = request.student
    person = person_from_student(student, ssn_key)
    candidates = find_candidates(
        conn,
        person,
        max_scored=settings.max_candidates_scored,
        max_returned=settings.max_candidates_returned,
    )
    shown = [candidate_out(c) for c in candidates]
    strong = [c for c in candidates if c.strong]
    decision = request.decision

    if decision is not None and decision.action == "link":
        return _link(conn, actor, decision.link_cccid or "", key, now, shown)

    considered = set(decision.considered_cccids) if decision else set()
    undecided = [c for c in strong if c.cccid not in considered]
    if undecided and request.cccid is None:
        return CreateOutcome(
            200, AccountCreateResult(outcome="needs_review", account=None, candidates=shown)
        )

    _ensure_email_free(conn, student.email)
    review_reasons: list[str] = []
    lease_expired = False
    if request.cccid is not None:
        cccid, lease_expired = _take_leased_cccid(conn, actor, request.cccid, now)
    else:
        cccid = _next_cccid(conn)
    if undecided:
        review_reasons.append(
            # Every desk create carries a reserved CCCID, online or not: its slip is printed.
            "Possible duplicate found by the central check after this account's slip was printed."
        )
    if lease_expired:
        review_reasons.append("Created with a leased CCCID whose lease had expired before upload.")
    resolution = (
        {
            "decision": "create_anyway",
            "reason": decision.reason,
            "decided_by": actor.username,
            "considered": sorted(considered),
        }
        if decision is not None
        else None
    )
    digits = ssn_digits(student)
    values: dict[str, Any] = {name: _plain(getattr(student, name)) for name in STUDENT_COLUMNS}
    values.update(
        cccid=cccid,
        college_id=actor.college_id,
        created_by=actor.staff_id,
        workstation_id=actor.workstation_id,
        create_key=key,
        main_phone_text_consent=_consent(
            student.main_phone_text_ok,
            request.main_phone_text_wording,
            MAIN_TEXT_CONSENT_WORDING,
            actor,
            now,
        ),
        second_phone_text_consent=_consent(
            student.second_phone_text_ok,
            request.second_phone_text_wording,
            SECOND_TEXT_CONSENT_WORDING,
            actor,
            now,
        ),
        ssn_digest=ssn_digest(ssn_key, digits) if digits else None,
        ssn_last4=digits[-4:] if digits else None,
        temp_password_hash=request.temp_password_hash,
        temp_password_issued_at=now,
        temp_password_expires_at=now + settings.temp_password_ttl,
        created_with_lease=request.cccid is not None,
        review_state="needs_review" if review_reasons else "none",
        review_reasons=Jsonb(review_reasons),
        review_candidates=Jsonb(
            [c.model_dump(mode="json") for c in shown if c.band != "possible"] if undecided else []
        ),
        review_resolution=Jsonb(resolution) if resolution else None,
    )
    columns = ", ".join(values)
    placeholders = ", ".join(f"%({name})s" for name in values)
    inserted = conn.execute(
        f"INSERT INTO accounts ({columns}) VALUES ({placeholders}) RETURNING id",  # noqa: S608
        values,
    ).fetchone()
    assert inserted is not None
    store_block_keys(conn, inserted["id"], person)
    audit.record(
        conn,
        actor,
        "account.create",
        cccid,
        idempotency_key=key,
        details={
            "outcome": "created_needs_review" if review_reasons else "created",
            "leased": request.cccid is not None,
            "decision": decision.action if decision else None,
            "candidates": [c.cccid for c in strong],
        },
    )
    account = account_out(load_account(conn, cccid), now)
    outcome = "created_needs_review" if review_reasons else "created"
    return CreateOutcome(
        201, AccountCreateResult(outcome=outcome, account=account, candidates=shown)
    )


def _link(
    conn: Connection,
    actor: Actor,
    link_cccid: str,
    key: uuid.UUID,
    now: dt.datetime,
    shown: list[Candidate],
) -> CreateOutcome:
    """ "This is the student" sent as a create's decision: no new account; record the link."""
    row = _record_link(conn, actor, link_cccid, key, details={"source": "create"})
    return CreateOutcome(
        200,
        AccountCreateResult(outcome="linked", account=account_out(row, now), candidates=shown),
    )


def link_account(
    conn: Connection, actor: Actor, cccid: str, request: AccountLink, key: uuid.UUID
) -> AccountLinkOut:
    """Record that staff identified the student as this account's holder (any college's)."""
    actor.require(Permission.CREATE_ACCOUNTS)
    row = _record_link(
        conn,
        actor,
        cccid,
        key,
        details={
            "source": request.source,
            "considered": request.considered_cccids,
            "note": request.note,
        },
    )
    return AccountLinkOut(
        cccid=row["cccid"],
        college_code=row["college_code"],
        linked_at=server_now(conn),
        linked_by=actor.username,
    )


def _record_link(
    conn: Connection,
    actor: Actor,
    cccid: str,
    key: uuid.UUID,
    details: dict[str, Any],
) -> dict[str, Any]:
    assert actor.college_id is not None and actor.workstation_id is not None
    row = load_account(conn, cccid)
    conn.execute(
        "INSERT INTO account_links (account_id, college_id, staff_id, workstation_id,"
        " idempotency_key) VALUES (%s, %s, %s, %s, %s)",
        (row["id"], actor.college_id, actor.staff_id, actor.workstation_id, key),
    )
    audit.record(conn, actor, "account.link", cccid, idempotency_key=key, details=details)
    return row


def get_account(conn: Connection, actor: Actor, cccid: str) -> AccountOut:
    """One account of the actor's college (system administrators: any)."""
    actor.require(Permission.VIEW_ACCOUNTS)
    row = load_account(conn, cccid)
    actor.require_college(row["college_id"])
    return account_out(row, server_now(conn))


def change_status(
    conn: Connection, actor: Actor, cccid: str, change: StatusChange, key: uuid.UUID
) -> AccountOut:
    """Deactivate/reactivate or lock/unlock (seed 001: account status, separate from records)."""
    actor.require(Permission.MANAGE_ACCOUNT_STATUS)
    row = load_account(conn, cccid, for_update=True)
    actor.require_college(row["college_id"])
    status = change.status or row["status"]
    locked = row["locked"] if change.locked is None else change.locked
    conn.execute(
        "UPDATE accounts SET status = %s, locked = %s WHERE id = %s", (status, locked, row["id"])
    )
    audit.record(
        conn,
        actor,
        "account.status",
        cccid,
        idempotency_key=key,
        college_id=row["college_id"],
        details={
            "from": {"status": row["status"], "locked": row["locked"]},
            "to": {"status": status, "locked": locked},
            "reason": change.reason,
        },
    )
    return account_out(load_account(conn, cccid), server_now(conn))


def resolve_review(
    conn: Connection, actor: Actor, cccid: str, resolution: ReviewResolution, key: uuid.UUID
) -> AccountOut:
    """Close a review flag with a person's decision."""
    actor.require(Permission.RESOLVE_REVIEWS)
    row = load_account(conn, cccid, for_update=True)
    actor.require_college(row["college_id"])
    if row["review_state"] != "needs_review":
        raise conflict("no_review", f"CCCID {cccid} has no open review.")
    if resolution.duplicate_of is not None:
        if resolution.duplicate_of == cccid:
            raise invalid("duplicate_of", "An account cannot be a duplicate of itself.")
        load_account(conn, resolution.duplicate_of)
    record = {
        "resolution": resolution.resolution,
        "duplicate_of": resolution.duplicate_of,
        "note": resolution.note,
        "resolved_by": actor.username,
    }
    # A duplicate is deactivated rather than deleted: its CCCID may already be printed, and CCCIDs
    # are never reused.
    status = "deactivated" if resolution.resolution == "duplicate_of" else row["status"]
    conn.execute(
        "UPDATE accounts SET review_state = 'resolved', review_resolution = %s, status = %s"
        " WHERE id = %s",
        (Jsonb(record), status, row["id"]),
    )
    audit.record(conn, actor, "account.review", cccid, idempotency_key=key, details=record)
    return account_out(load_account(conn, cccid), server_now(conn))


def reissue_credentials(
    conn: Connection,
    actor: Actor,
    cccid: str,
    request: CredentialReissue,
    key: uuid.UUID,
    settings: Settings,
) -> AccountOut:
    """Replace the temporary password (a reprinted slip): the old one stops working at once."""
    actor.require(Permission.CREATE_ACCOUNTS)
    problem = temp_password_hash_problem(request.temp_password_hash)
    if problem:
        raise invalid("temp_password_hash", problem)
    row = load_account(conn, cccid, for_update=True)
    if actor.role is not Role.SYSTEM_ADMIN and row["college_id"] != actor.college_id:
        # Staff of another college may link to this account ("this is the student") but only its
        # own college reissues its credentials.
        raise ServiceError(
            403,
            "forbidden",
            "Only the college that created this account can "
            "issue new temporary credentials for it.",
        )
    if row["credential_state"] == "reclaimed":
        raise conflict(
            "already_reclaimed",
            f"The student has already reclaimed CCCID {cccid}; they sign in with their own "
            "password now. Use account recovery instead of a new slip.",
        )
    now = server_now(conn)
    conn.execute(
        "UPDATE accounts SET temp_password_hash = %s, temp_password_issued_at = %s,"
        " temp_password_expires_at = %s, temp_password_used_at = NULL WHERE id = %s",
        (request.temp_password_hash, now, now + settings.temp_password_ttl, row["id"]),
    )
    audit.record(conn, actor, "account.reprint", cccid, idempotency_key=key)
    return account_out(load_account(conn, cccid), now)
