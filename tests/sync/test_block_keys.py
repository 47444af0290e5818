"""The cache's blocking keys follow the matcher's KEY_VERSION: a store written by an older
version gets its keys rebuilt beside the sync, in batches, continuing where it stopped."""

from __future__ import annotations

import json

from app.services.matching import KEY_VERSION, index_keys
from app.services.store import block_keys, settings
from app.services.store.accounts import _person_from_json
from tests.central.conftest import Central
from tests.sync.support import Desk


def _expected(desk: Desk) -> set[tuple[str, str]]:
    rows = desk.sql("SELECT cccid, student FROM accounts")
    return {
        (key, cccid)
        for cccid, student in rows
        for key in index_keys(_person_from_json(json.loads(student)))
    }


def test_older_keys_are_rebuilt_and_the_rebuild_resumes(desk: Desk, central: Central) -> None:
    for _ in range(5):
        desk.create()
    desk.sync()
    with desk.store.read() as conn:
        assert not block_keys.stale(conn) or block_keys.rebuild(desk.store) >= 0
    expected = _expected(desk)
    assert {tuple(r) for r in desk.sql("SELECT key, cccid FROM account_block_keys")} == expected
    # As an older release left it: no keys of this version, an older version recorded, and a
    # rebuild that already did the first two accounts before the app was closed.
    cccids = sorted(r[0] for r in desk.sql("SELECT cccid FROM accounts"))
    with desk.store.transaction() as conn:
        conn.execute("DELETE FROM account_block_keys")
        settings.put(conn, block_keys.VERSION_KEY, str(KEY_VERSION - 1))
        settings.put(conn, block_keys.PROGRESS_KEY, f"{KEY_VERSION}:{cccids[1]}")
    assert block_keys.rebuild(desk.store, batch=2) == 3  # only the accounts after the second
    rebuilt = {tuple(r) for r in desk.sql("SELECT key, cccid FROM account_block_keys")}
    assert {c for _, c in rebuilt} == set(cccids[2:])
    assert rebuilt == {(k, c) for k, c in expected if c in cccids[2:]}
    with desk.store.read() as conn:
        assert not block_keys.stale(conn)
    assert block_keys.rebuild(desk.store) == 0


def test_the_engine_rebuilds_on_start(desk: Desk, central: Central) -> None:
    desk.create()
    desk.sync()
    expected = _expected(desk)
    with desk.store.transaction() as conn:
        conn.execute("DELETE FROM account_block_keys")
        settings.delete(conn, block_keys.VERSION_KEY)
    desk.engine.start()
    try:
        import time

        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with desk.store.read() as conn:
                if not block_keys.stale(conn):
                    break
            time.sleep(0.05)
    finally:
        desk.engine.stop()
    assert {tuple(r) for r in desk.sql("SELECT key, cccid FROM account_block_keys")} == expected
