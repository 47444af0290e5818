"""Rebuild the cache's matching index when the matcher changes: the blocking keys when their
derivation changes (``KEY_VERSION``) and the match cards when the way records are prepared
changes (:func:`~app.services.matching.cards.card_version`), or when a store made before cards
existed has none.

Both are derived in Python, so no SQL migration can rebuild them: the sync engine runs this on its
own thread instead, a batch of accounts per short transaction, remembering the last CCCID done,
so the desk stays usable (an account has its old or its new keys, never none; an account without
a current card is prepared from its JSON when looked up) and a closed app continues where it
stopped. Accounts written meanwhile get the current keys and card anyway. Only what is stale is
rewritten: a new card version leaves the keys alone (rewriting ten keys per account would cost
far more than the cards).
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass

from app.services.matching import KEY_VERSION
from app.services.matching.cards import card_version
from app.services.matching.keys import index_keys_prepared
from app.services.matching.prepared import prepare
from app.services.store import settings
from app.services.store.accounts import _person_from_json, write_card
from app.services.store.database import LocalStore
from app.services.store.types import Conn

BATCH = 2000
_prepare = prepare.__wrapped__


@dataclass(frozen=True)
class _Target:
    """What a rebuild is bringing the index to, and which halves are stale."""

    keys: bool
    cards: bool

    @property
    def tag(self) -> str:
        """Names the rebuild in the progress setting: a changed target starts over."""
        return f"{KEY_VERSION}/{card_version()}/{int(self.keys)}{int(self.cards)}"


def _target(conn: Conn) -> _Target:
    return _Target(
        keys=settings.BLOCK_KEY_VERSION.get(conn) != KEY_VERSION,
        cards=settings.MATCH_CARD_VERSION.get(conn) != card_version(),
    )


def rebuild_tag(conn: Conn) -> str:
    """The tag of the rebuild the store needs now (its progress is saved under this tag)."""
    return _target(conn).tag


def stale(conn: Conn) -> bool:
    """True when some cached accounts may still have keys or cards of an older version."""
    target = _target(conn)
    return target.keys or target.cards


def mark_current(conn: Conn) -> None:
    """Record that every stored key and card is of this version (a new store, or a bulk load)."""
    settings.BLOCK_KEY_VERSION.put(conn, KEY_VERSION)
    settings.MATCH_CARD_VERSION.put(conn, card_version())
    settings.BLOCK_KEY_PROGRESS.clear(conn)


def rebuild(store: LocalStore, stop: threading.Event | None = None, batch: int = BATCH) -> int:
    """Rebuild what is stale for every cached account; returns how many were done by this call."""
    with store.read() as conn:
        target = _target(conn)
        if not (target.keys or target.cards):
            return 0
        progress = settings.BLOCK_KEY_PROGRESS.get(conn)
    tag = target.tag
    after = progress.split(":", 1)[1] if progress.startswith(f"{tag}:") else ""
    done = 0
    while stop is None or not stop.is_set():
        with store.transaction() as conn:
            rows = conn.execute(
                "SELECT cccid, student, upload_state FROM accounts WHERE cccid > ?"
                " ORDER BY cccid LIMIT ?",
                (after, batch),
            ).fetchall()
            if not rows:
                mark_current(conn)
                return done
            cccids = [r["cccid"] for r in rows]
            # Each account once: the lookup cache of prepare() would only be churned.
            prepared = {
                r["cccid"]: _prepare(_person_from_json(json.loads(r["student"]))) for r in rows
            }
            if target.keys:
                marks = ",".join("?" * len(cccids))
                conn.execute(
                    f"DELETE FROM account_block_keys WHERE cccid IN ({marks})",  # noqa: S608
                    cccids,
                )
                conn.executemany(
                    "INSERT INTO account_block_keys (key, cccid) VALUES (?, ?)"
                    " ON CONFLICT DO NOTHING",
                    [
                        (key, cccid)
                        for cccid, p in prepared.items()
                        for key in sorted(index_keys_prepared(p))
                    ],
                )
            if target.cards:
                for r in rows:
                    if r["upload_state"] != "discarded":  # never a candidate: no card
                        write_card(conn, r["cccid"], prepared[r["cccid"]])
            after = cccids[-1]
            settings.BLOCK_KEY_PROGRESS.put(conn, f"{tag}:{after}")
        done += len(rows)
    return done
