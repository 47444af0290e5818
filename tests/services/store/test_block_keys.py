"""The cache's matching index follows the matcher: blocking keys its KEY_VERSION, match cards the
way records are prepared. A store written by an older version gets what is stale rebuilt beside
the sync, in batches, continuing where it stopped."""

from __future__ import annotations

import json

from app.services.matching import KEY_VERSION, index_keys, prepare
from app.services.matching.cards import decode_card, encode_card
from app.services.store import block_keys, settings
from app.services.store.accounts import _person_from_json
from tests.central.support import Central
from tests.support.desk import Desk


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
        settings.BLOCK_KEY_VERSION.put(conn, KEY_VERSION - 1)
        settings.BLOCK_KEY_PROGRESS.put(conn, f"{block_keys.rebuild_tag(conn)}:{cccids[1]}")
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
        settings.BLOCK_KEY_VERSION.clear(conn)
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


def _cards(desk: Desk) -> dict[str, str]:
    return {c: card for c, card in desk.sql("SELECT cccid, card FROM account_match_cards")}


def test_cards_are_written_with_each_account_and_rebuilt_alone(
    desk: Desk, central: Central
) -> None:
    for _ in range(4):
        desk.create()
    desk.sync()
    block_keys.rebuild(desk.store)
    students = dict(desk.sql("SELECT cccid, student FROM accounts"))
    cards = _cards(desk)
    assert cards.keys() == students.keys()
    for cccid, student in students.items():
        assert decode_card(cards[cccid]) == prepare(_person_from_json(json.loads(student)))
    keys_before = {tuple(r) for r in desk.sql("SELECT key, cccid FROM account_block_keys")}
    # A store from before cards (or from another card version): cards are rebuilt, keys kept.
    with desk.store.transaction() as conn:
        conn.execute("DELETE FROM account_match_cards")
        settings.MATCH_CARD_VERSION.put(conn, "c-older")
        assert block_keys.stale(conn)
    assert block_keys.rebuild(desk.store, batch=3) == 4
    assert _cards(desk) == cards
    assert {tuple(r) for r in desk.sql("SELECT key, cccid FROM account_block_keys")} == keys_before
    with desk.store.read() as conn:
        assert not block_keys.stale(conn)


def test_a_stale_or_missing_card_still_finds_the_account(desk: Desk, central: Central) -> None:
    from app.services.store import accounts

    desk.create()
    desk.sync()
    [(cccid, student)] = desk.sql("SELECT cccid, student FROM accounts")
    person = _person_from_json(json.loads(student))
    card = encode_card(prepare(person))
    assert card is not None
    older = "c-older" + card[card.index("\x1f") :]
    for stored in (older, None):
        with desk.store.transaction() as conn:
            conn.execute("DELETE FROM account_match_cards")
            if stored is not None:
                conn.execute("INSERT INTO account_match_cards VALUES (?, ?)", (cccid, stored))
        with desk.store.read() as conn:
            found = accounts.find_candidates(conn, person)
        assert [c.cccid for c in found] == [cccid]
        assert found[0].band == "certain"
