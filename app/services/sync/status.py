"""What the sync engine tells the UI: a small immutable snapshot, read from the local store."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.services.store import LocalStore, leases, sync_state


@dataclass(frozen=True)
class SyncStatus:
    """Where this workstation stands with the central service.

    ``queued`` counts entries waiting to upload (including one in flight); ``needs_attention``
    entries the server refused; ``needs_review`` accounts a person must look at (flagged by the
    server, or held by it for a decision). ``last_sync_at`` is the server's clock.
    """

    online: bool
    syncing: bool
    sign_in_required: bool
    queued: int
    needs_attention: int
    needs_review: int
    reserved_cccids: int
    last_sync_at: dt.datetime | None
    message: str


def read_status(
    store: LocalStore, *, online: bool, syncing: bool, sign_in_required: bool, message: str
) -> SyncStatus:
    """A snapshot of the counts, with the engine's own view of the connection."""
    server_now = store.server_now()
    with store.read() as conn:
        rows = conn.execute(
            "SELECT"
            " (SELECT count(*) FROM outbox WHERE state IN ('queued', 'sent')),"
            " (SELECT count(*) FROM outbox WHERE state = 'needs_attention'),"
            " (SELECT count(*) FROM accounts WHERE review_state = 'needs_review')"
            " + (SELECT count(*) FROM outbox WHERE state = 'needs_review')"
        ).fetchone()
        assert rows is not None
        reserved = leases.usable_count(conn, server_now)
        state = sync_state.load(conn)
    return SyncStatus(
        online=online,
        syncing=syncing,
        sign_in_required=sign_in_required,
        queued=int(rows[0]),
        needs_attention=int(rows[1]),
        needs_review=int(rows[2]),
        reserved_cccids=reserved,
        last_sync_at=state.last_sync_at,
        message=message,
    )
