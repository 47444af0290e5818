"""Stored blocking keys follow the matcher's KEY_VERSION: an older database's keys are rebuilt,
in batches that survive a restart, and duplicate checks find accounts again afterwards."""

from __future__ import annotations

import threading

from app.services.matching.keys import KEY_VERSION, index_keys
from central.services import block_keys
from central.services.duplicates import person_from_row
from tests.central.support import Central, create_body
from tests.support.students import student


def _keys(central: Central) -> set[tuple[str, int]]:
    return {(r["key"], r["account_id"]) for r in central.sql("SELECT * FROM account_block_keys")}


def test_old_keys_are_rebuilt_in_batches_and_checks_find_accounts_again(
    central: Central,
) -> None:
    creator = central.client("creator_a")
    people = [student() for _ in range(5)]
    for person in people:
        assert creator.create(create_body(person)).status_code == 201
    expected = _keys(central)
    assert block_keys.state(central.database_url).current
    # An older version's database: different keys (here: none) and an older version number.
    central.sql("DELETE FROM account_block_keys")
    central.sql("UPDATE block_key_state SET key_version = %s", KEY_VERSION - 1)
    viewer = central.client("viewer_a")
    check = {"student": {k: people[0][k] for k in ("first_name", "last_name", "birthdate")}}
    assert (
        viewer.http.post("/v1/duplicates/check", json=check, headers=viewer.headers()).json()[
            "candidates"
        ]
        == []
    )

    stop = threading.Event()
    stop.set()  # a service stopping at once: the rebuild starts, keeps its place, ends
    assert block_keys.rebuild(central.database_url, stop, batch=2) == 0
    assert not block_keys.state(central.database_url).current
    assert block_keys.state(central.database_url).rebuilding_to == KEY_VERSION
    assert block_keys.rebuild(central.database_url, batch=2) == 5
    assert block_keys.state(central.database_url).current
    assert _keys(central) == expected
    rows = central.sql("SELECT * FROM accounts")
    assert _keys(central) == {
        (key, row["id"]) for row in rows for key in index_keys(person_from_row(row))
    }
    found = viewer.http.post("/v1/duplicates/check", json=check, headers=viewer.headers())
    assert [c["band"] for c in found.json()["candidates"]][:1] in (["certain"], ["probable"])
    assert block_keys.rebuild(central.database_url) == 0  # nothing left to do
