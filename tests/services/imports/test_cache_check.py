"""An import's rows against the local cache: in this process for small files, in worker
processes (each with its own read-only connection to the encrypted store) for large ones, with
the same answers either way, progress per chunk and Cancel between chunks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from app.services.imports.cache_check import CacheCheck
from app.services.matching import PersonRecord
from app.services.secrets import SecretStore
from app.services.store import LocalStore, accounts, block_keys
from central.sandbox_people import linkage_set
from tests.support.memory_keyring import MemoryKeyring

COLLEGE = "861"


def _account(n: int, rec: PersonRecord) -> dict[str, Any]:
    phones: list[str | None] = [*rec.phones, None, None]
    return {
        "cccid": f"AAA{n:04d}",
        "college_code": COLLEGE,
        "status": "active",
        "locked": False,
        "credential_state": "reclaimed",
        "temp_password_expires_at": None,
        "review_state": "none",
        "review_reasons": [],
        "created_at": dt.datetime(2026, 1, 5, tzinfo=dt.UTC),
        "updated_at": dt.datetime(2026, 1, 5, tzinfo=dt.UTC),
        "student": {
            "first_name": rec.first_name,
            "middle_name": rec.middle_name,
            "last_name": rec.last_name,
            "suffix": rec.suffix,
            "birthdate": rec.birthdate.isoformat() if rec.birthdate else "2000-01-01",
            "email": rec.email,
            "main_phone": phones[0],
            "second_phone": phones[1],
            "street1": rec.street1,
            "street2": rec.street2,
            "city": rec.city,
            "state": rec.state,
            "postal_code": rec.postal_code,
        },
    }


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SecretStore, Any]:
    """1,500 cached accounts and 500 rows to check: 150 second entries of cached students,
    100 relatives of cached students at their address, 250 new people."""
    data = linkage_set(1500, 150, 100, 250, seed=5)
    secrets = SecretStore(MemoryKeyring())
    path = tmp_path_factory.mktemp("cache") / "local.db"
    with LocalStore.open(path, secrets) as store, store.transaction() as conn:
        for n, rec in enumerate(data.existing):
            accounts.upsert_from_server(conn, _account(n, rec), "epoch-1")
        block_keys.mark_current(conn)
    return path, secrets, data


def _check(cache: tuple[Path, SecretStore, Any], workers: int, **kw: Any) -> Any:
    path, secrets, data = cache
    people = dict(enumerate(data.incoming))
    with LocalStore.open(path, secrets) as store:
        check = CacheCheck(store, people, workers=workers, chunk=100)
        return check, check.run(**kw)


def test_workers_find_what_this_process_finds(cache: tuple[Path, SecretStore, Any]) -> None:
    _, here = _check(cache, workers=0)
    check, there = _check(cache, workers=2)
    assert check.done == 500
    assert there == here
    data = cache[2]
    # What a person at the desk must see: nearly every second entry of a cached student is
    # offered with that student's account, and no relative comes out certain.
    found = sum(1 for i, e in data.truth if any(c.cccid == f"AAA{e:04d}" for c in there.get(i, [])))
    assert found / len(data.truth) >= 0.95
    truly = {i for i, _ in data.truth}
    certain_wrong = [
        (i, c.cccid)
        for i, cands in there.items()
        for c in cands
        if c.band == "certain" and (i, int(c.cccid[3:])) not in data.truth
    ]
    assert certain_wrong == []
    assert any(i not in truly for i in there)  # relatives and namesakes are offered too


def test_cancel_stops_between_chunks(cache: tuple[Path, SecretStore, Any]) -> None:
    seen: list[int] = []

    def progress(done: int, total: int) -> bool:
        seen.append(done)
        return done < 200  # Cancel pressed once 200 rows were checked

    for workers in (0, 2):
        seen.clear()
        check, found = _check(cache, workers=workers, progress=progress)
        assert 200 <= check.done < 500
        assert seen[-1] == check.done and seen == sorted(seen)
        assert found and all(i < check.done for i in found)  # whole chunks, in order


def test_a_worker_that_cannot_open_the_store_is_reported(
    cache: tuple[Path, SecretStore, Any], tmp_path: Path
) -> None:
    path, secrets, data = cache
    with LocalStore.open(path, secrets) as store:
        store._key = "00" * 32  # the workers get a key that does not open the file
        check = CacheCheck(store, dict(enumerate(data.incoming)), workers=1, chunk=100)
        with pytest.raises(RuntimeError, match="worker failed"):
            check.run()


def test_a_worker_killed_mid_check_is_reported_not_waited_for(
    cache: tuple[Path, SecretStore, Any],
) -> None:
    """A worker the system kills (out of memory, an antivirus) ends the check with an error the
    wizard shows, instead of leaving the review waiting forever."""
    path, secrets, data = cache
    with LocalStore.open(path, secrets) as store:
        check = CacheCheck(store, dict(enumerate(data.incoming)), workers=1, chunk=100)
        process = check._workers[0].process
        process.kill()
        process.join()
        with pytest.raises(RuntimeError, match="ended without an answer"):
            check.run()
        assert check._workers == []  # closed: nothing left running
