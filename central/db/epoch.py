"""The server epoch: an id that changes when the database is restored or replaced.

Clients keep a copy. When it changes they re-send every outbox entry the server has not confirmed
and pull the change feed from the start (DESIGN.md, offline guarantee 5). The epoch is renewed
automatically when the database's fingerprint (cluster identifier, timeline, database oid) differs
from the one recorded, which is what a restore from backup or a dump into a new database looks
like, and by hand with ``python -m central admin new-epoch``.
"""

from __future__ import annotations

import uuid

import psycopg

# After a restore the CCCID sequence is back where the backup left it, but CCCIDs issued after the
# backup (to online creates, or leased to workstations that printed them on slips) are still out
# there. A new epoch therefore moves the sequence this far ahead, so none of them is handed out
# twice. 100,000 is about ten letter prefixes: far more than any college issues between a backup
# and a restore, and a negligible share of the 138 million CCCIDs the format allows.
RESTORE_CCCID_GAP = 100_000


def _skip_cccids_issued_after_the_backup(conn: psycopg.Connection[tuple[object, ...]]) -> None:
    conn.execute(
        "SELECT setval('cccid_seq', (SELECT last_value FROM cccid_seq) + %s, true)",
        (RESTORE_CCCID_GAP,),
    )


def _fingerprint(conn: psycopg.Connection[tuple[object, ...]]) -> str:
    row = conn.execute(
        "SELECT (SELECT system_identifier FROM pg_control_system()),"
        " (SELECT timeline_id FROM pg_control_checkpoint()),"
        " (SELECT oid FROM pg_database WHERE datname = current_database())"
    ).fetchone()
    assert row is not None
    return f"{row[0]}:{row[1]}:{row[2]}"


def ensure_epoch(conninfo: str) -> uuid.UUID:
    """Return the current epoch, starting a new one if the database is not the one recorded."""
    with psycopg.connect(conninfo) as conn, conn.transaction():
        fingerprint = _fingerprint(conn)
        row = conn.execute("SELECT epoch, fingerprint FROM server_epoch FOR UPDATE").fetchone()
        if row is not None and row[1] == fingerprint:
            return uuid.UUID(str(row[0]))
        if row is not None:  # the database was restored or copied: not its first start
            _skip_cccids_issued_after_the_backup(conn)
        epoch = uuid.uuid4()
        conn.execute(
            "INSERT INTO server_epoch (singleton, epoch, fingerprint) VALUES (true, %s, %s) "
            "ON CONFLICT (singleton) DO UPDATE SET epoch = EXCLUDED.epoch, "
            "fingerprint = EXCLUDED.fingerprint, started_at = now()",
            (epoch, fingerprint),
        )
        return epoch


def new_epoch(conninfo: str) -> uuid.UUID:
    """Start a new epoch unconditionally (after an operator restores from backup)."""
    with psycopg.connect(conninfo) as conn, conn.transaction():
        _skip_cccids_issued_after_the_backup(conn)
        epoch = uuid.uuid4()
        conn.execute(
            "INSERT INTO server_epoch (singleton, epoch, fingerprint) VALUES (true, %s, %s) "
            "ON CONFLICT (singleton) DO UPDATE SET epoch = EXCLUDED.epoch, started_at = now()",
            (epoch, _fingerprint(conn)),
        )
        return epoch
