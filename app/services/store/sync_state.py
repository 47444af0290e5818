"""Where this workstation is with the central service: server, epoch, feed cursor, clock offset."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.services.clock import from_db, to_db
from app.services.store.types import Conn


@dataclass(frozen=True)
class SyncState:
    """The one sync_state row."""

    server_url: str | None
    college_code: str | None
    epoch: str | None
    feed_cursor: str
    last_sync_at: dt.datetime | None
    server_offset: dt.timedelta


def load(conn: Conn) -> SyncState:
    """The current sync state."""
    row = conn.execute(
        "SELECT server_url, college_code, epoch, feed_cursor, last_sync_at, server_offset_ms"
        " FROM sync_state"
    ).fetchone()
    assert row is not None, "sync_state always has its one row"
    return SyncState(
        server_url=row["server_url"],
        college_code=row["college_code"],
        epoch=row["epoch"],
        feed_cursor=row["feed_cursor"],
        last_sync_at=from_db(row["last_sync_at"]) if row["last_sync_at"] else None,
        server_offset=dt.timedelta(milliseconds=int(row["server_offset_ms"])),
    )


def record_clock(conn: Conn, offset: dt.timedelta, measured_at: dt.datetime) -> None:
    """Save a fresh measurement of server clock minus laptop clock."""
    conn.execute(
        "UPDATE sync_state SET server_offset_ms = ?, offset_measured_at = ?",
        (round(offset / dt.timedelta(milliseconds=1)), to_db(measured_at)),
    )


def attach(conn: Conn, server_url: str, college_code: str | None) -> bool:
    """Record which server and college the cache follows; True when either changed.

    A cursor only means something for the server and college it was made for; on a change the
    feed starts again from the beginning. ``college_code`` None means "as before".
    """
    state = load(conn)
    if college_code is None:
        college_code = state.college_code
    changed = state.server_url != server_url or state.college_code != college_code
    if changed:
        conn.execute(
            "UPDATE sync_state SET server_url = ?, college_code = ?, feed_cursor = ''",
            (server_url, college_code),
        )
    return changed


def set_epoch(conn: Conn, epoch: str) -> None:
    """Adopt ``epoch`` and start the feed from the beginning (its old cursor is void)."""
    conn.execute("UPDATE sync_state SET epoch = ?, feed_cursor = ''", (epoch,))


def set_cursor(conn: Conn, cursor: str) -> None:
    """Move the feed cursor; call it in the same transaction as the rows it covers."""
    conn.execute("UPDATE sync_state SET feed_cursor = ?", (cursor,))


def mark_synced(conn: Conn, server_time: dt.datetime) -> None:
    """Record the end of a complete sync, by the server's clock."""
    conn.execute("UPDATE sync_state SET last_sync_at = ?", (to_db(server_time),))
