"""The local audit trail: who did what, when, on which workstation (DESIGN.md, Security).

Append-only (triggers refuse UPDATE and DELETE). Details are small facts about the action; a
detail whose name suggests a secret is refused outright, so that a careless caller fails in tests
instead of writing a password, token or SSN to disk.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.services.clock import from_db, to_db
from app.services.store import settings
from app.services.store.types import Conn

_FORBIDDEN_WORDS = ("password", "token", "ssn", "secret", "hash", "student")


@dataclass(frozen=True)
class AuditEntry:
    """One audit row."""

    id: int
    at: dt.datetime
    laptop_at: dt.datetime
    staff_username: str | None
    workstation_id: str
    action: str
    target: str | None
    outbox_id: str | None
    details: dict[str, Any]


def _check_details(details: Mapping[str, Any]) -> None:
    for name, value in details.items():
        lowered = name.lower()
        if any(word in lowered for word in _FORBIDDEN_WORDS):
            raise ValueError(f"audit detail {name!r} looks like personal data or a secret")
        if isinstance(value, Mapping):
            _check_details(value)


def record(
    conn: Conn,
    *,
    action: str,
    staff_username: str | None,
    server_time: dt.datetime,
    laptop_time: dt.datetime,
    target: str | None = None,
    outbox_id: str | None = None,
    details: Mapping[str, Any] | None = None,
    workstation_id: str | None = None,
) -> None:
    """Append one entry, in the caller's transaction (so it commits with what it describes).

    The workstation defaults to this install's own id: every caller on the desk would otherwise
    look it up itself."""
    if workstation_id is None:
        workstation_id = settings.workstation_id(conn)
    facts = dict(details or {})
    _check_details(facts)
    conn.execute(
        "INSERT INTO audit_log (at, laptop_at, staff_username, workstation_id, action, target,"
        " outbox_id, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            to_db(server_time),
            to_db(laptop_time),
            staff_username,
            workstation_id,
            action,
            target,
            outbox_id,
            json.dumps(facts, sort_keys=True),
        ),
    )


def entries(conn: Conn, *, after_id: int = 0, limit: int = 500) -> list[AuditEntry]:
    """Entries after ``after_id``, oldest first."""
    rows = conn.execute(
        "SELECT * FROM audit_log WHERE id > ? ORDER BY id LIMIT ?", (after_id, limit)
    ).fetchall()
    return [
        AuditEntry(
            id=int(r["id"]),
            at=from_db(r["at"]),
            laptop_at=from_db(r["laptop_at"]),
            staff_username=r["staff_username"],
            workstation_id=r["workstation_id"],
            action=r["action"],
            target=r["target"],
            outbox_id=r["outbox_id"],
            details=json.loads(r["details"]),
        )
        for r in rows
    ]
