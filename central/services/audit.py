"""The append-only audit log: who did what, when, from which workstation.

Callers pass only identifiers and decisions in ``details``; the schema's trigger refuses updates
and deletes. Nothing here ever receives a password, a token or an SSN.
"""

from __future__ import annotations

import uuid
from typing import Any

from psycopg.types.json import Jsonb

from central.db.pool import Connection
from central.services.actor import Actor

# Keys that must never reach the audit log, whatever a caller passes by mistake.
_FORBIDDEN_KEYS = frozenset(
    {"password", "temp_password", "temp_password_hash", "ssn", "token", "refresh_token"}
)


def record(
    conn: Connection,
    actor: Actor | None,
    action: str,
    target: str | None = None,
    *,
    idempotency_key: uuid.UUID | None = None,
    college_id: int | None = None,
    workstation_id: str | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Append one audit entry in the caller's transaction."""
    clean = {k: v for k, v in (details or {}).items() if k not in _FORBIDDEN_KEYS}
    conn.execute(
        "INSERT INTO audit_log (staff_id, college_id, workstation_id, action, target,"
        " idempotency_key, details) VALUES (%s, %s, %s, %s, %s, %s, %s)",
        (
            actor.staff_id if actor else None,
            college_id if college_id is not None else (actor.college_id if actor else None),
            workstation_id or (actor.workstation_id if actor else None),
            action,
            target,
            idempotency_key,
            Jsonb(clean),
        ),
    )
