"""Staff: sign-in and tokens, colleges and staff users, access requests and their approval."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import secrets
import uuid
from typing import Any

from app.models.api import (
    AccessDecision,
    AccessRequestOut,
    AuditEntry,
    CollegeCreate,
    CollegeOut,
    StaffCreate,
    StaffOut,
    TokenPair,
)
from app.models.staff import Permission, Role
from central.config import Settings
from central.db.pool import Connection
from central.errors import ServiceError, conflict, forbidden, invalid, not_found
from central.services import audit
from central.services.actor import Actor
from central.services.passwords import hash_staff_password, verify_staff_password

_BAD_LOGIN = ServiceError(
    401, "bad_credentials", "The username or password is not right. Check both and try again."
)


def _token_hash(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


def _has_approved_access(conn: Connection, staff_id: int) -> bool:
    row = conn.execute(
        "SELECT 1 FROM access_requests WHERE staff_id = %s AND status = 'approved'", (staff_id,)
    ).fetchone()
    return row is not None


def _staff_out(conn: Connection, row: dict[str, Any]) -> StaffOut:
    return StaffOut(
        id=row["id"],
        username=row["username"],
        display_name=row["display_name"],
        role=Role(row["role"]),
        college_code=row["college_code"],
        college_name=row["college_name"],
        intake_mailbox=row["intake_mailbox"],
        active=row["active"],
        has_approved_access=_has_approved_access(conn, row["id"]),
    )


_STAFF_SELECT = (
    "SELECT s.*, c.code AS college_code, c.name AS college_name, c.intake_mailbox"
    " FROM staff s LEFT JOIN colleges c ON c.id = s.college_id"
)


def _issue_tokens(
    conn: Connection,
    staff: dict[str, Any],
    workstation_id: str | None,
    settings: Settings,
    family: uuid.UUID,
    *,
    refresh: str | None = None,
) -> TokenPair:
    """A new access token, and a new refresh token (random unless ``refresh`` is given)."""
    access = secrets.token_urlsafe(32)
    refresh = refresh or secrets.token_urlsafe(32)
    now_row = conn.execute("SELECT now() AS now").fetchone()
    assert now_row is not None
    now: dt.datetime = now_row["now"]
    access_exp, refresh_exp = now + settings.access_token_ttl, now + settings.refresh_token_ttl
    _store_token(conn, access, "access", staff["id"], family, workstation_id, access_exp)
    _store_token(conn, refresh, "refresh", staff["id"], family, workstation_id, refresh_exp)
    return TokenPair(
        access_token=access,
        refresh_token=refresh,
        access_expires_at=access_exp,
        refresh_expires_at=refresh_exp,
        staff=_staff_out(conn, staff),
    )


def _store_token(
    conn: Connection,
    token: str,
    kind: str,
    staff_id: int,
    family: uuid.UUID,
    workstation_id: str | None,
    expires_at: dt.datetime,
) -> None:
    """Keep a token's hash (never the token) for its staff member and sign-in family."""
    conn.execute(
        "INSERT INTO staff_tokens (token_hash, staff_id, kind, family, workstation_id,"
        " expires_at) VALUES (%s, %s, %s, %s, %s, %s)",
        (_token_hash(token), staff_id, kind, family, workstation_id, expires_at),
    )


def _successor(refresh_token: str, retry_key: str) -> str:
    """The refresh token that follows ``refresh_token`` when rotated with ``retry_key``. Derived,
    not random, so a retry of a refresh whose answer was lost can be given the same one again
    without the server storing it: only its hash is kept, like every other token."""
    mac = hmac.new(refresh_token.encode(), b"refresh-successor:" + retry_key.encode(), "sha256")
    return base64.urlsafe_b64encode(mac.digest()).rstrip(b"=").decode()


def login(
    conn: Connection, username: str, password: str, workstation_id: str, settings: Settings
) -> TokenPair:
    """Check a staff member's password and issue tokens; lock after repeated failures."""
    row = conn.execute(
        _STAFF_SELECT + " WHERE s.username = lower(%s) FOR UPDATE OF s", (username,)
    ).fetchone()
    ok = verify_staff_password(row["password_hash"] if row else None, password)
    if row is None:
        raise _BAD_LOGIN
    locked_until = row["locked_until"]
    now_row = conn.execute("SELECT now() AS now").fetchone()
    assert now_row is not None
    if locked_until is not None and locked_until > now_row["now"]:
        raise ServiceError(
            429,
            "login_locked",
            "Too many wrong passwords. Sign-in for this user is paused for a few minutes; "
            "try again later or ask an administrator.",
        )
    if not ok:
        failures = row["failed_logins"] + 1
        lock = failures >= settings.failed_logins_before_lock
        conn.execute(
            "UPDATE staff SET failed_logins = %s,"
            " locked_until = CASE WHEN %s THEN now() + %s ELSE locked_until END WHERE id = %s",
            (0 if lock else failures, lock, settings.login_lock, row["id"]),
        )
        audit.record(
            conn,
            None,
            "staff.login_failed",
            row["username"],
            college_id=row["college_id"],
            workstation_id=workstation_id,
        )
        # The failure count must be committed even though the request fails.
        raise _DeferredError(_BAD_LOGIN)
    if not row["active"]:
        raise forbidden("This staff account is deactivated. Ask a college administrator.")
    conn.execute(
        "UPDATE staff SET failed_logins = 0, locked_until = NULL WHERE id = %s", (row["id"],)
    )
    audit.record(
        conn,
        None,
        "staff.login",
        row["username"],
        college_id=row["college_id"],
        workstation_id=workstation_id,
    )
    return _issue_tokens(conn, row, workstation_id, settings, uuid.uuid4())


class _DeferredError(Exception):
    """An error to raise only after the transaction has committed (see api/routes/auth.py)."""

    def __init__(self, error: ServiceError) -> None:
        super().__init__(error.message)
        self.error = error


DeferredError = _DeferredError


def refresh(
    conn: Connection, refresh_token: str, settings: Settings, retry_key: str | None = None
) -> TokenPair:
    """Rotate a refresh token. Reusing an already-rotated one revokes the whole family: it means
    the token was copied, and whoever holds the copy must be signed out.

    One reuse is not theft: the same token sent again with the same ``retry_key`` while its
    successor is still unused. That is a client whose answer was lost on the way back (or which
    stopped before keeping it); it gets the same successor and a fresh access token. A thief
    holding a copy of the old token does not know the key, so its reuse revokes the family as
    before. Once the successor has been used, the same key is refused without revoking anything:
    that is the client's own request arriving late."""
    row = conn.execute(
        "SELECT * FROM staff_tokens WHERE token_hash = %s AND kind = 'refresh' FOR UPDATE",
        (_token_hash(refresh_token),),
    ).fetchone()
    if row is None:
        raise ServiceError(401, "bad_token", "Please sign in again.")
    if row["revoked_at"] is not None:
        retried = _retried_refresh(conn, row, refresh_token, retry_key, settings)
        if retried is not None:
            return retried
        conn.execute(
            "UPDATE staff_tokens SET revoked_at = now() WHERE family = %s AND revoked_at IS NULL",
            (row["family"],),
        )
        raise _DeferredError(ServiceError(401, "bad_token", "Please sign in again."))
    expired = conn.execute("SELECT %s <= now() AS e", (row["expires_at"],)).fetchone()
    assert expired is not None
    if expired["e"]:
        raise ServiceError(401, "bad_token", "Your session has ended. Please sign in again.")
    staff = _active_staff(conn, row["staff_id"])
    conn.execute(
        "UPDATE staff_tokens SET revoked_at = now() WHERE family = %s AND revoked_at IS NULL",
        (row["family"],),
    )
    if retry_key is None:
        return _issue_tokens(conn, staff, row["workstation_id"], settings, row["family"])
    conn.execute(
        "UPDATE staff_tokens SET rotated_with = %s WHERE token_hash = %s",
        (_token_hash(retry_key), row["token_hash"]),
    )
    return _issue_tokens(
        conn,
        staff,
        row["workstation_id"],
        settings,
        row["family"],
        refresh=_successor(refresh_token, retry_key),
    )


def _retried_refresh(
    conn: Connection,
    row: dict[str, Any],
    refresh_token: str,
    retry_key: str | None,
    settings: Settings,
) -> TokenPair | None:
    """The answer to a repeated refresh, when it is the same client asking again (see
    :func:`refresh`); None when it is not, and the family must be revoked."""
    if retry_key is None or row["rotated_with"] is None:
        return None
    if not hmac.compare_digest(bytes(row["rotated_with"]), _token_hash(retry_key)):
        return None
    successor = _successor(refresh_token, retry_key)
    live = conn.execute(
        "SELECT expires_at FROM staff_tokens WHERE token_hash = %s AND kind = 'refresh'"
        " AND family = %s AND revoked_at IS NULL AND expires_at > now() FOR UPDATE",
        (_token_hash(successor), row["family"]),
    ).fetchone()
    if live is None:
        # The same client's request, but its successor is already used or ended: a duplicate
        # the network delivered late (the client gave up waiting, retried, got its answer and
        # moved on). Refused, but not theft: only the client ever held this key.
        raise ServiceError(401, "bad_token", "Please sign in again.")
    staff = _active_staff(conn, row["staff_id"])
    # The access token that went out with the first answer is left to expire, not revoked:
    # the first answer may not have been lost but late (the client gave up, retried, and this
    # is the held original arriving), and the client may be using it right now.
    access = secrets.token_urlsafe(32)
    exp_row = conn.execute("SELECT now() + %s AS exp", (settings.access_token_ttl,)).fetchone()
    assert exp_row is not None
    _store_token(
        conn, access, "access", row["staff_id"], row["family"], row["workstation_id"],
        exp_row["exp"],
    )  # fmt: skip
    audit.record(
        conn,
        None,
        "staff.refresh_retried",
        staff["username"],
        college_id=staff["college_id"],
        workstation_id=row["workstation_id"],
    )
    return TokenPair(
        access_token=access,
        refresh_token=successor,
        access_expires_at=exp_row["exp"],
        refresh_expires_at=live["expires_at"],
        staff=_staff_out(conn, staff),
    )


def _active_staff(conn: Connection, staff_id: int) -> dict[str, Any]:
    staff = conn.execute(_STAFF_SELECT + " WHERE s.id = %s", (staff_id,)).fetchone()
    assert staff is not None
    if not staff["active"]:
        raise ServiceError(401, "bad_token", "This staff account is deactivated.")
    return staff


def logout(conn: Connection, actor: Actor, access_token: str) -> None:
    """Revoke every token of the caller's sign-in."""
    conn.execute(
        "UPDATE staff_tokens SET revoked_at = now() WHERE revoked_at IS NULL AND family ="
        " (SELECT family FROM staff_tokens WHERE token_hash = %s)",
        (_token_hash(access_token),),
    )
    audit.record(conn, actor, "staff.logout", actor.username)


def actor_from_token(conn: Connection, token: str, workstation_id: str | None) -> Actor:
    """The staff member an access token belongs to, or 401."""
    row = conn.execute(
        "SELECT s.id, s.username, s.role, s.college_id, s.active, t.workstation_id,"
        " t.expires_at > now() AS live, t.revoked_at"
        " FROM staff_tokens t JOIN staff s ON s.id = t.staff_id"
        " WHERE t.token_hash = %s AND t.kind = 'access'",
        (_token_hash(token),),
    ).fetchone()
    if row is None or row["revoked_at"] is not None or not row["active"]:
        raise ServiceError(401, "bad_token", "Please sign in again.")
    if not row["live"]:
        raise ServiceError(401, "token_expired", "Your sign-in has expired; refresh it.")
    return Actor(
        staff_id=row["id"],
        username=row["username"],
        role=Role(row["role"]),
        college_id=row["college_id"],
        # The workstation the request says it comes from, else the one it signed in on.
        workstation_id=workstation_id or row["workstation_id"],
        has_approved_access=_has_approved_access(conn, row["id"]),
    )


def me(conn: Connection, actor: Actor) -> StaffOut:
    """The signed-in staff member."""
    row = conn.execute(_STAFF_SELECT + " WHERE s.id = %s", (actor.staff_id,)).fetchone()
    assert row is not None
    return _staff_out(conn, row)


# ---- colleges and staff ----------------------------------------------------------------------


def create_college(
    conn: Connection, actor: Actor | None, body: CollegeCreate, key: uuid.UUID | None = None
) -> CollegeOut:
    """A new college (``actor`` None: the operator's command line)."""
    if actor is not None:
        actor.require(Permission.MANAGE_COLLEGES)
    row = conn.execute(
        "INSERT INTO colleges (code, name, intake_mailbox) VALUES (%s, %s, %s)"
        " ON CONFLICT (code) DO NOTHING RETURNING id, code, name, intake_mailbox",
        (body.code, body.name, body.intake_mailbox),
    ).fetchone()
    if row is None:
        raise conflict("college_exists", f"A college with code {body.code} already exists.")
    audit.record(
        conn, actor, "college.create", body.code, idempotency_key=key, college_id=row["id"]
    )
    return CollegeOut(**row)


def college_id_for(conn: Connection, code: str) -> int:
    """The id of the college with ``code`` or 404."""
    row = conn.execute("SELECT id FROM colleges WHERE code = %s", (code,)).fetchone()
    if row is None:
        raise not_found(f"College {code}")
    return int(row["id"])


def create_staff(
    conn: Connection, actor: Actor | None, body: StaffCreate, key: uuid.UUID | None = None
) -> StaffOut:
    """A new staff user. A college administrator may only add viewers and creators to their own
    college: administrators are made only by a system administrator (or the operator's command
    line), so that no administrator can make a second one to approve their own request.
    Account-creation access still needs an approved request; who made whom is recorded."""
    college_id: int | None = None
    if body.role is not Role.SYSTEM_ADMIN:
        if not body.college_code:
            raise invalid(
                "college_code",
                "Every staff member but a system administrator needs a college_code.",
            )
        college_id = college_id_for(conn, body.college_code)
    elif body.college_code:
        raise invalid("college_code", "A system administrator belongs to no college.")
    if actor is not None:
        actor.require(Permission.MANAGE_STAFF)
        if actor.role is not Role.SYSTEM_ADMIN:
            if body.role is Role.SYSTEM_ADMIN:
                raise forbidden("Only a system administrator can create system administrators.")
            if body.role is Role.COLLEGE_ADMIN:
                raise forbidden(
                    "Only a system administrator can create college administrators; ask yours."
                )
            if college_id != actor.college_id:
                raise forbidden("You can only add staff to your own college.")
    row = conn.execute(
        "INSERT INTO staff (college_id, username, display_name, password_hash, role, created_by)"
        " VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (username) DO NOTHING RETURNING id",
        (
            college_id,
            body.username,
            body.display_name,
            hash_staff_password(body.password),
            body.role.value,
            actor.staff_id if actor is not None else None,
        ),
    ).fetchone()
    if row is None:
        raise conflict("username_taken", f"The username {body.username} is already taken.")
    audit.record(
        conn,
        actor,
        "staff.create",
        body.username,
        idempotency_key=key,
        college_id=college_id,
        details={"role": body.role.value},
    )
    created = conn.execute(_STAFF_SELECT + " WHERE s.id = %s", (row["id"],)).fetchone()
    assert created is not None
    return _staff_out(conn, created)


# ---- access requests -------------------------------------------------------------------------

_REQUEST_SELECT = (
    "SELECT r.*, s.username AS staff_username, c.code AS college_code,"
    " d.username AS decided_by_username FROM access_requests r"
    " JOIN staff s ON s.id = r.staff_id JOIN colleges c ON c.id = r.college_id"
    " LEFT JOIN staff d ON d.id = r.decided_by"
)


def _request_out(row: dict[str, Any]) -> AccessRequestOut:
    return AccessRequestOut(
        id=row["id"],
        staff_username=row["staff_username"],
        college_code=row["college_code"],
        status=row["status"],
        reason=row["reason"],
        requested_at=row["requested_at"],
        decided_by=row["decided_by_username"],
        decided_at=row["decided_at"],
        decision_note=row["decision_note"],
    )


def request_access(conn: Connection, actor: Actor, reason: str, key: uuid.UUID) -> AccessRequestOut:
    """Ask a college administrator for access to account creation."""
    actor.require(Permission.REQUEST_CREATE_ACCESS)
    assert actor.college_id is not None
    row = conn.execute(
        "INSERT INTO access_requests (staff_id, college_id, status, reason)"
        " VALUES (%s, %s, 'pending', %s) ON CONFLICT DO NOTHING RETURNING id",
        (actor.staff_id, actor.college_id, reason),
    ).fetchone()
    if row is None:
        raise conflict("request_open", "You already have a pending or approved access request.")
    audit.record(conn, actor, "access.request", actor.username, idempotency_key=key)
    created = conn.execute(_REQUEST_SELECT + " WHERE r.id = %s", (row["id"],)).fetchone()
    assert created is not None
    return _request_out(created)


def list_access_requests(
    conn: Connection, actor: Actor, status: str | None
) -> list[AccessRequestOut]:
    """Requests of the administrator's college (a staff member sees only their own)."""
    if actor.may(Permission.DECIDE_ACCESS):
        college, own = actor.college_id, None
    else:
        actor.require(Permission.REQUEST_CREATE_ACCESS)
        college, own = None, actor.staff_id
    rows = conn.execute(
        _REQUEST_SELECT + " WHERE (%(college)s::bigint IS NULL OR r.college_id = %(college)s)"
        " AND (%(own)s::bigint IS NULL OR r.staff_id = %(own)s)"
        " AND (%(status)s::text IS NULL OR r.status = %(status)s) ORDER BY r.id",
        {"college": college, "own": own, "status": status},
    ).fetchall()
    return [_request_out(r) for r in rows]


def decide_access(
    conn: Connection, actor: Actor, request_id: int, decision: AccessDecision, key: uuid.UUID
) -> AccessRequestOut:
    """Approve or deny: only a college administrator of the same college, never one's own."""
    actor.require(Permission.DECIDE_ACCESS)
    row = conn.execute(
        "SELECT * FROM access_requests WHERE id = %s FOR UPDATE", (request_id,)
    ).fetchone()
    if row is None:
        raise not_found(f"Access request {request_id}")
    if row["staff_id"] == actor.staff_id:
        raise forbidden(
            "Nobody can approve or deny their own access request; ask another "
            "college administrator."
        )
    if row["college_id"] != actor.college_id:
        raise forbidden("Only an administrator of the requester's own college can decide this.")
    if linked_by_creation(conn, actor.staff_id, row["staff_id"]):
        raise forbidden(
            "You made this staff account, or it made yours (directly or through another "
            "account), so approving it would be approving your own request; ask another "
            "college administrator."
        )
    if row["status"] != "pending":
        raise conflict("already_decided", f"This request was already {row['status']}.")
    status = "approved" if decision.approve else "denied"
    conn.execute(
        "UPDATE access_requests SET status = %s, decided_by = %s, decided_at = now(),"
        " decision_note = %s WHERE id = %s",
        (status, actor.staff_id, decision.note, request_id),
    )
    audit.record(
        conn,
        actor,
        f"access.{status}",
        str(request_id),
        idempotency_key=key,
        details={"staff_id": row["staff_id"]},
    )
    updated = conn.execute(_REQUEST_SELECT + " WHERE r.id = %s", (request_id,)).fetchone()
    assert updated is not None
    return _request_out(updated)


_MAKERS = (
    "WITH RECURSIVE makers(id) AS ("
    "  SELECT created_by FROM staff WHERE id = %(staff)s AND created_by IS NOT NULL"
    "  UNION SELECT s.created_by FROM staff s JOIN makers m ON s.id = m.id"
    "   WHERE s.created_by IS NOT NULL"
    ") SELECT 1 FROM makers WHERE id = %(maker)s LIMIT 1"
)


def _made_by(conn: Connection, staff_id: int, maker_id: int) -> bool:
    """True when ``maker_id`` made ``staff_id``, or made an account that (in turn) made it."""
    return conn.execute(_MAKERS, {"staff": staff_id, "maker": maker_id}).fetchone() is not None


def linked_by_creation(conn: Connection, a: int, b: int) -> bool:
    """True when one of staff ``a`` and ``b`` made the other, directly or through a chain of
    accounts made by accounts (``staff.created_by``)."""
    return _made_by(conn, a, b) or _made_by(conn, b, a)


def read_audit(conn: Connection, actor: Actor, after_id: int, limit: int) -> list[AuditEntry]:
    """Audit entries of the administrator's college (system administrators: all)."""
    actor.require(Permission.READ_AUDIT)
    college = None if actor.role is Role.SYSTEM_ADMIN else actor.college_id
    rows = conn.execute(
        "SELECT a.*, s.username AS staff_username, c.code AS college_code FROM audit_log a"
        " LEFT JOIN staff s ON s.id = a.staff_id LEFT JOIN colleges c ON c.id = a.college_id"
        " WHERE a.id > %(after)s AND (%(college)s::bigint IS NULL OR a.college_id = %(college)s)"
        " ORDER BY a.id LIMIT %(limit)s",
        {"after": after_id, "college": college, "limit": min(max(limit, 1), 1000)},
    ).fetchall()
    return [
        AuditEntry(
            id=r["id"],
            at=r["at"],
            staff_username=r["staff_username"],
            college_code=r["college_code"],
            workstation_id=r["workstation_id"],
            action=r["action"],
            target=r["target"],
            idempotency_key=r["idempotency_key"],
            details=r["details"],
        )
        for r in rows
    ]
