"""Idempotent writes: every write carries a client-made key, and the server applies it once.

The key row is inserted in the same transaction as the write it guards. A second request with the
same key waits on the key's unique index until the first commits, then gets the stored response;
if the first rolled back, the second does the work itself. Keys are kept for good, so an outbox
entry that arrives weeks late still gets its original answer (DESIGN.md, offline guarantee 2).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import Any

from psycopg.types.json import Jsonb

from central.db.pool import Connection
from central.errors import ServiceError


@dataclass(frozen=True)
class StoredResponse:
    """The response the first request with this key received."""

    status_code: int
    body: dict[str, Any]


def request_hash(operation: str, body: Any) -> bytes:
    """A digest of what the request asks for, independent of JSON key order and spacing."""
    canonical = json.dumps([operation, body], sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).digest()


def claim(
    conn: Connection, key: uuid.UUID, staff_id: int, operation: str, digest: bytes
) -> StoredResponse | None:
    """Claim ``key`` for this request, or return the response already stored under it.

    Raises 422 when the key was used before for a different request: a client bug that retrying
    cannot fix, and that must not be answered with another request's result.
    """
    inserted = conn.execute(
        "INSERT INTO idempotency_keys (key, staff_id, operation, request_hash) "
        "VALUES (%s, %s, %s, %s) ON CONFLICT (key) DO NOTHING RETURNING key",
        (key, staff_id, operation, digest),
    ).fetchone()
    if inserted is not None:
        return None
    row = conn.execute(
        "SELECT staff_id, operation, request_hash, status_code, response "
        "FROM idempotency_keys WHERE key = %s",
        (key,),
    ).fetchone()
    assert row is not None
    if row["operation"] != operation or bytes(row["request_hash"]) != digest:
        raise ServiceError(
            422,
            "idempotency_key_reused",
            "This Idempotency-Key was already used for a different request. "
            "Send each new request with a new key; retry a request only with its own key.",
            field="Idempotency-Key",
        )
    if row["staff_id"] != staff_id:
        raise ServiceError(
            422,
            "idempotency_key_reused",
            "This Idempotency-Key belongs to a request made by another staff member.",
            field="Idempotency-Key",
        )
    return StoredResponse(int(row["status_code"]), dict(row["response"]))


def store(conn: Connection, key: uuid.UUID, status_code: int, body: dict[str, Any]) -> None:
    """Record the response for ``key`` in the same transaction as the write."""
    conn.execute(
        "UPDATE idempotency_keys SET status_code = %s, response = %s WHERE key = %s",
        (status_code, Jsonb(body), key),
    )
