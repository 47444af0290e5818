"""Rebuild the stored blocking keys when the matcher's key derivation changes (``KEY_VERSION``).

Keys are derived in Python, so a SQL migration cannot rebuild them. The service rebuilds them
itself in the background, in batches of accounts in id order, each batch its own short
transaction, remembering the last account id done: a restart continues where it stopped, and
duplicate checks keep working meanwhile (an account has its old or its new keys, never none).
New and changed accounts always get the current keys when written.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

import psycopg
from psycopg.rows import dict_row

from app.services.matching.keys import KEY_VERSION, index_keys
from central.services.duplicates import person_from_row

log = logging.getLogger("central.block_keys")
BATCH = 5000


@dataclass(frozen=True)
class KeyState:
    key_version: int
    rebuilding_to: int | None
    rebuilt_through: int

    @property
    def current(self) -> bool:
        return self.key_version == KEY_VERSION


def state(conninfo: str) -> KeyState:
    with psycopg.connect(conninfo, row_factory=dict_row) as conn:
        row = conn.execute("SELECT * FROM block_key_state").fetchone()
    assert row is not None
    return KeyState(row["key_version"], row["rebuilding_to"], row["rebuilt_through"])


def rebuild(conninfo: str, stop: threading.Event | None = None, batch: int = BATCH) -> int:
    """Rebuild every account's keys for this code's KEY_VERSION; returns accounts rebuilt now.

    Returns early (keeping its place) when ``stop`` is set.
    """
    done = 0
    with psycopg.connect(conninfo, row_factory=dict_row, autocommit=False) as conn:
        with conn.transaction():
            row = conn.execute("SELECT * FROM block_key_state FOR UPDATE").fetchone()
            assert row is not None
            if row["key_version"] == KEY_VERSION:
                return 0
            if row["rebuilding_to"] != KEY_VERSION:  # a new rebuild (or to another version)
                conn.execute(
                    "UPDATE block_key_state SET rebuilding_to = %s, rebuilt_through = 0",
                    (KEY_VERSION,),
                )
                after = 0
            else:
                after = row["rebuilt_through"]
        while stop is None or not stop.is_set():
            with conn.transaction():
                rows = conn.execute(
                    "SELECT * FROM accounts WHERE id > %s ORDER BY id LIMIT %s", (after, batch)
                ).fetchall()
                if not rows:
                    conn.execute(
                        "UPDATE block_key_state SET key_version = %s, rebuilding_to = NULL,"
                        " rebuilt_through = 0",
                        (KEY_VERSION,),
                    )
                    log.info("blocking keys rebuilt for version %s", KEY_VERSION)
                    return done
                ids = [r["id"] for r in rows]
                conn.execute("DELETE FROM account_block_keys WHERE account_id = ANY(%s)", (ids,))
                with (
                    conn.cursor() as cur,
                    cur.copy("COPY account_block_keys (key, account_id) FROM STDIN") as copy,
                ):
                    for r in rows:
                        for key in sorted(index_keys(person_from_row(r))):
                            copy.write_row((key, r["id"]))
                after = ids[-1]
                conn.execute("UPDATE block_key_state SET rebuilt_through = %s", (after,))
            done += len(rows)
    return done


def rebuild_in_background(conninfo: str) -> tuple[threading.Thread, threading.Event] | None:
    """Start the rebuild on a thread when the stored keys are older than this code's."""
    if state(conninfo).current:
        return None
    stop = threading.Event()

    def run() -> None:
        try:
            rebuild(conninfo, stop)
        except Exception:  # the service keeps serving; the next start tries again
            log.exception("rebuilding the blocking keys failed")

    thread = threading.Thread(target=run, name="block-key-rebuild", daemon=True)
    thread.start()
    log.info("blocking keys are older than version %s: rebuilding in the background", KEY_VERSION)
    return thread, stop
