"""Rebuild the cache's blocking keys when the matcher's key derivation changes (``KEY_VERSION``).

The keys are derived in Python, so no SQL migration can rebuild them: the sync engine runs this on
its own thread instead, a batch of accounts per short transaction, remembering the last CCCID
done, so the desk stays usable (an account has its old or its new keys, never none) and a closed
app continues where it stopped. Accounts written meanwhile get the current keys anyway.
"""

from __future__ import annotations

import json
import threading

from app.services.matching import KEY_VERSION, index_keys
from app.services.store import settings
from app.services.store.accounts import _person_from_json
from app.services.store.database import LocalStore
from app.services.store.types import Conn

VERSION_KEY = "block_key_version"
PROGRESS_KEY = "block_key_rebuilt_through"
BATCH = 2000


def stale(conn: Conn) -> bool:
    """True when some cached accounts may still have keys of an older version."""
    return settings.get(conn, VERSION_KEY) != str(KEY_VERSION)


def mark_current(conn: Conn) -> None:
    """Record that every stored key is of this version (a new store, or a bulk load)."""
    settings.put(conn, VERSION_KEY, str(KEY_VERSION))
    settings.delete(conn, PROGRESS_KEY)


def rebuild(store: LocalStore, stop: threading.Event | None = None, batch: int = BATCH) -> int:
    """Rebuild the keys of every cached account; returns how many were done by this call."""
    with store.read() as conn:
        if not stale(conn):
            return 0
        progress = settings.get(conn, PROGRESS_KEY) or ""
    done = 0
    while stop is None or not stop.is_set():
        with store.transaction() as conn:
            rows = conn.execute(
                "SELECT cccid, student FROM accounts WHERE cccid > ? ORDER BY cccid LIMIT ?",
                (
                    progress.split(":", 1)[1] if progress.startswith(f"{KEY_VERSION}:") else "",
                    batch,
                ),
            ).fetchall()
            if not rows:
                mark_current(conn)
                return done
            cccids = [r["cccid"] for r in rows]
            marks = ",".join("?" * len(cccids))
            conn.execute(
                f"DELETE FROM account_block_keys WHERE cccid IN ({marks})",  # noqa: S608
                cccids,
            )
            conn.executemany(
                "INSERT INTO account_block_keys (key, cccid) VALUES (?, ?) ON CONFLICT DO NOTHING",
                [
                    (key, r["cccid"])
                    for r in rows
                    for key in sorted(index_keys(_person_from_json(json.loads(r["student"]))))
                ],
            )
            progress = f"{KEY_VERSION}:{cccids[-1]}"
            settings.put(conn, PROGRESS_KEY, progress)
        done += len(rows)
    return done
