"""Small named values kept in the local store, and the workstation's identity."""

from __future__ import annotations

import uuid

from app.services.store.types import Conn

WORKSTATION_ID = "workstation_id"


def get(conn: Conn, key: str) -> str | None:
    """The value of ``key``, or None."""
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def put(conn: Conn, key: str, value: str) -> None:
    """Set ``key`` to ``value``."""
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def delete(conn: Conn, key: str) -> None:
    """Forget ``key``."""
    conn.execute("DELETE FROM settings WHERE key = ?", (key,))


def workstation_id(conn: Conn) -> str:
    """This installation's id (sent as X-Workstation-Id), made once on first use.

    Leased CCCIDs belong to it, so it must outlive sign-ins and staff changes; it lives as long as
    the local store.
    """
    existing = get(conn, WORKSTATION_ID)
    if existing:
        return existing
    made = str(uuid.uuid4())
    put(conn, WORKSTATION_ID, made)
    return made
