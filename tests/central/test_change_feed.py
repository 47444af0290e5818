"""The change feed: cursor paging in server order, no gaps or repeats under concurrent writes,
and an epoch change after a restore."""

from __future__ import annotations

import subprocess
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import psycopg

from central.config import Settings
from central.db.embedded import pg_binary
from central.db.epoch import new_epoch
from tests.central.support import Central, Client, LiveServer, create_body
from tests.support.postgres import PgCluster


def _pull_all(client: Client, cursor: str = "", limit: int = 7) -> tuple[list[dict[str, Any]], str]:
    seen: list[dict[str, Any]] = []
    while True:
        page = client.get("/v1/changes", cursor=cursor, limit=limit)
        assert page.status_code == 200, page.text
        body = page.json()
        seen.extend(body["changes"])
        cursor = body["next_cursor"]
        if not body["has_more"]:
            return seen, cursor


def test_paging_returns_every_account_once_in_server_order(central: Central) -> None:
    creator = central.client("creator_a")
    created = [creator.create(create_body()).json()["account"]["cccid"] for _ in range(30)]
    central.client("creator_b").create(create_body())  # another college: not in this feed
    seen, cursor = _pull_all(central.client("viewer_a"))
    assert [a["cccid"] for a in seen] == created
    again, _ = _pull_all(central.client("viewer_a"), cursor)
    assert again == []


def test_no_gaps_or_repeats_while_writes_happen(central: Central) -> None:
    writers = [central.client("creator_a") for _ in range(4)]
    admin = central.client("admin_a")
    reader = central.client("viewer_a")
    stop = threading.Event()
    created: list[str] = []
    lock = threading.Lock()

    def write(client: Client) -> None:
        while not stop.is_set():
            cccid = client.create(create_body()).json()["account"]["cccid"]
            with lock:
                created.append(cccid)
            if len(created) % 3 == 0:
                admin.write(f"/v1/accounts/{cccid}/status", {"locked": True, "reason": "feed"})

    threads = [threading.Thread(target=write, args=(w,)) for w in writers]
    for t in threads:
        t.start()
    seen: list[dict[str, Any]] = []
    cursor = ""
    deadline = time.monotonic() + 6
    while time.monotonic() < deadline:
        page, cursor = _pull_all(reader, cursor, limit=5)
        seen.extend(page)
    stop.set()
    for t in threads:
        t.join()
    page, cursor = _pull_all(reader, cursor, limit=5)
    seen.extend(page)

    versions = [(a["cccid"], a["updated_at"], a["locked"]) for a in seen]
    assert len(versions) == len(set(versions)), "a change was delivered twice"
    latest: dict[str, dict[str, Any]] = {}
    for account in seen:
        latest[account["cccid"]] = account
    assert set(latest) == set(created), "an account was never delivered"
    final = {r["cccid"]: r["locked"] for r in central.sql("SELECT cccid, locked FROM accounts")}
    assert {c: a["locked"] for c, a in latest.items()} == final, "a last change was missed"
    assert len(created) > 20


def test_slow_writer_is_not_skipped(central: Central) -> None:
    creator = central.client("creator_a")
    reader = central.client("viewer_a")
    slow_target = creator.create(create_body()).json()["account"]["cccid"]
    _, cursor = _pull_all(reader)
    with psycopg.connect(central.database_url) as slow:
        slow.execute("UPDATE accounts SET locked = true WHERE cccid = %s", (slow_target,))
        # A faster transaction commits after the slow one began.
        fast = creator.create(create_body()).json()["account"]["cccid"]
        page, cursor_during = _pull_all(reader, cursor)
        assert page == [], "nothing may be handed out past an open writer"
        slow.commit()
    page, _ = _pull_all(reader, cursor_during)
    assert [a["cccid"] for a in page] == [slow_target, fast]
    assert page[0]["locked"] is True


def test_epoch_change_refuses_old_cursors(central: Central) -> None:
    creator = central.client("creator_a")
    creator.create(create_body())
    reader = central.client("viewer_a")
    _, cursor = _pull_all(reader)
    old_epoch = reader.get("/v1/server").json()["epoch"]
    port = central.server.port
    central.server.stop()
    new_epoch(central.database_url)
    central.server = LiveServer(Settings(database_url=central.database_url), port=port).start()
    stale = reader.get("/v1/changes", cursor=cursor)
    assert stale.status_code == 410
    assert stale.json()["code"] == "epoch_changed"
    assert stale.json()["epoch"] != old_epoch
    seen, _ = _pull_all(reader)
    assert len(seen) == 1


def test_restore_from_dump_starts_a_new_epoch(
    central: Central, pg: PgCluster, tmp_path: Path
) -> None:
    # pg_dump and pg_restore ship in the same wheel as the server.
    pg_dump, pg_restore = pg_binary("pg_dump"), pg_binary("pg_restore")
    creator = central.client("creator_a")
    kept = creator.create(create_body()).json()["account"]["cccid"]
    epoch_before = creator.get("/v1/server").json()["epoch"]
    dump = tmp_path / "central.dump"
    subprocess.run([str(pg_dump), "-Fc", "-f", str(dump), central.database_url], check=True)
    # Work done after the backup is lost by the restore; the clients must re-send it.
    creator.create(create_body())
    restored_url = pg.create_database()
    subprocess.run([str(pg_restore), "-d", restored_url, str(dump)], check=True)
    central.server.stop()
    central.server = LiveServer(Settings(database_url=restored_url), port=central.server.port)
    central.server.start()
    try:
        info = creator.get("/v1/server").json()
        assert info["epoch"] != epoch_before
        seen, _ = _pull_all(creator)
        assert [a["cccid"] for a in seen] == [kept]
    finally:
        central.server.stop()
        pg.drop_database(restored_url)
        central.server = LiveServer(Settings(database_url=central.database_url)).start()
    assert uuid.UUID(info["epoch"])
