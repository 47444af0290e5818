"""CCCIDs the central service reserved for this workstation, so that a slip printed offline
carries the account's final CCCID.

A leased CCCID is used once: the outbox entry that uses it is recorded with it, in the same
transaction as the entry. Expiry is judged by the server's clock (``expires_at`` as the server
sent it, compared with the store's estimate of the server's now), never by the laptop's.
Unused IDs whose lease has expired are dropped: the server never hands them to anyone else, and
an account made with one would only be flagged for review.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from app.services.clock import to_db
from app.services.store.types import Conn

NO_CCCID_MESSAGE = (
    "No CCCIDs are reserved on this workstation; connect to the network once to reserve some."
)


class NoLeasedCccidError(RuntimeError):
    """No unused, unexpired CCCID is reserved here; ``str()`` is the message for the UI."""

    def __init__(self) -> None:
        super().__init__(NO_CCCID_MESSAGE)


def add(
    conn: Conn, lease_id: int, expires_at: dt.datetime, cccids: Iterable[str], epoch: str
) -> int:
    """Record a lease the server granted; returns how many CCCIDs were new here."""
    before = usable_total(conn)
    conn.executemany(
        "INSERT INTO leased_cccids (cccid, lease_id, expires_at, epoch) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (cccid) DO NOTHING",
        [(c, lease_id, to_db(expires_at), epoch) for c in cccids],
    )
    return usable_total(conn) - before


def usable_total(conn: Conn) -> int:
    """Unused CCCIDs, expired or not."""
    row = conn.execute("SELECT count(*) FROM leased_cccids WHERE used_by IS NULL").fetchone()
    assert row is not None
    return int(row[0])


def usable_count(conn: Conn, server_now: dt.datetime) -> int:
    """Unused CCCIDs whose lease is still valid by the server's clock."""
    row = conn.execute(
        "SELECT count(*) FROM leased_cccids WHERE used_by IS NULL AND expires_at > ?",
        (to_db(server_now),),
    ).fetchone()
    assert row is not None
    return int(row[0])


def take(conn: Conn, server_now: dt.datetime, outbox_id: str) -> str:
    """Mark the lowest usable CCCID as used by ``outbox_id`` and return it.

    Call inside the write transaction that inserts the outbox entry (``BEGIN IMMEDIATE`` also
    keeps another process from taking the same ID).
    """
    row = conn.execute(
        "SELECT cccid FROM leased_cccids WHERE used_by IS NULL AND expires_at > ?"
        " ORDER BY cccid LIMIT 1",
        (to_db(server_now),),
    ).fetchone()
    if row is None:
        raise NoLeasedCccidError()
    cccid = str(row[0])
    conn.execute(
        "UPDATE leased_cccids SET used_by = ?, used_at = ? WHERE cccid = ?",
        (outbox_id, to_db(server_now), cccid),
    )
    return cccid


def drop_expired(conn: Conn, server_now: dt.datetime) -> int:
    """Forget unused CCCIDs whose lease has ended (server clock); returns how many."""
    return conn.execute(
        "DELETE FROM leased_cccids WHERE used_by IS NULL AND expires_at <= ?",
        (to_db(server_now),),
    ).rowcount


def drop_unused_except(conn: Conn, still_reserved: set[str]) -> int:
    """Forget unused CCCIDs the server no longer reserves for us (after a restore it may have
    lost leases granted after its backup; handing those IDs out could clash)."""
    rows = conn.execute("SELECT cccid FROM leased_cccids WHERE used_by IS NULL").fetchall()
    gone = [(str(r[0]),) for r in rows if str(r[0]) not in still_reserved]
    conn.executemany("DELETE FROM leased_cccids WHERE cccid = ?", gone)
    return len(gone)
