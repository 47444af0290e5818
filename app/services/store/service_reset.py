"""Forget everything that belongs to the central service this workstation followed.

Used when staff point the workstation at another service with nothing left to send to the old
one: the cached accounts, the unused leased CCCIDs and the offline sign-in verifiers are that
service's, and the feed cursor and epoch mean nothing elsewhere. The outbox history and the
audit trail stay: they record what was done here.
"""

from __future__ import annotations

from app.services.store import settings
from app.services.store.types import Conn


def forget_service(conn: Conn) -> int:
    """Clear the old service's data in the caller's transaction; returns cached accounts removed."""
    row = conn.execute("SELECT count(*) FROM accounts").fetchone()
    removed = int(row[0]) if row else 0
    conn.execute("DELETE FROM account_block_keys")
    conn.execute("DELETE FROM account_match_cards")
    conn.execute("DELETE FROM accounts")
    conn.execute("DELETE FROM leased_cccids WHERE used_by IS NULL")
    conn.execute("DELETE FROM staff_verifiers")
    for setting in settings.SERVICE_SETTINGS:
        setting.clear(conn)
    conn.execute(
        "UPDATE sync_state SET server_url = NULL, college_code = NULL, epoch = NULL,"
        " feed_cursor = '', last_sync_at = NULL"
    )
    return removed
