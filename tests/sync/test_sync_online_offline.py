"""End to end against the real central service: create on the desk, sync, find the account on the
server under the slip's CCCID; and the same with the server down while the accounts are made."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest

from app.services.central_client import CentralClient
from app.services.store import NoLeasedCccidError, accounts, outbox
from app.services.sync import SyncEngine
from central.config import Settings
from tests.central.support import Central, LiveServer, create_body
from tests.support.desk import Desk, memory_desk, scalar
from tests.support.postgres import PgCluster
from tests.support.students import random_ssn, student, student_fields


def _server_accounts(central: Central, cccids: list[str]) -> list[dict[str, object]]:
    return central.sql(
        "SELECT cccid, last_name, ssn_last4, created_with_lease, create_key::text AS key"
        " FROM accounts WHERE cccid = ANY(%s) ORDER BY cccid",
        cccids,
    )


def test_create_locally_then_sync_puts_the_slips_cccid_on_the_server(
    desk: Desk, central: Central
) -> None:
    ssn = random_ssn()
    fields = student_fields(ssn=ssn, ssn_status="provided")
    slip = desk.create(fields)
    # Guarantee 1: before any upload the account, its outbox entry, the used CCCID and the audit
    # row are committed together.
    with desk.store.read() as conn:
        entry = outbox.get(conn, slip.outbox_id)
        assert entry is not None and entry.state == "queued" and entry.cccid == slip.cccid
        assert entry.payload["student"]["ssn"] == ssn.replace("-", "")
        assert entry.payload["cccid"] == slip.cccid
        assert slip.temp_password not in json.dumps(entry.payload)
        cached = accounts.get(conn, slip.cccid)
        assert cached is not None and cached.upload_state == "pending"
        used = scalar(conn, "SELECT used_by FROM leased_cccids WHERE cccid = ?", slip.cccid)
        assert used == slip.outbox_id
        assert (
            scalar(
                conn,
                "SELECT count(*) FROM audit_log WHERE action = 'account.create' AND target = ?",
                slip.cccid,
            )
            == 1
        )
    assert "not before" in slip.expiry_wording and slip.temp_password not in repr(slip)
    assert ssn.replace("-", "") not in repr(entry)

    status = desk.sync()
    assert status.online and status.queued == 0 and status.needs_attention == 0, status
    rows = _server_accounts(central, [slip.cccid])
    assert rows == [
        {
            "cccid": slip.cccid,
            "last_name": fields.last_name,
            "ssn_last4": ssn[-4:],
            "created_with_lease": True,
            "key": slip.outbox_id,  # the outbox id was the Idempotency-Key
        }
    ]
    with desk.store.read() as conn:
        entry = outbox.get(conn, slip.outbox_id)
        cached = accounts.get(conn, slip.cccid)
    assert entry is not None and entry.state == "confirmed" and entry.confirmed_epoch
    # The SSN left the desktop once the server had it.
    assert entry.ssn_scrubbed and ssn.replace("-", "") not in json.dumps(entry.payload)
    assert cached is not None and cached.upload_state == "uploaded"
    assert cached.credential_state == "pending"
    # The temporary password itself was never written anywhere in the local store.
    with desk.store.read() as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            for row in conn.execute(f"SELECT * FROM {table}"):
                assert slip.temp_password not in str(tuple(row)), table


def test_accounts_made_while_the_server_is_down_arrive_once_it_is_back(
    desk: Desk, central: Central
) -> None:
    port = central.server.port
    central.server.stop()
    slips = [desk.create() for _ in range(3)]
    offline = desk.sync()
    assert not offline.online and offline.queued == 3
    assert "Offline" in offline.message
    central.server = LiveServer(Settings(database_url=central.database_url), port=port).start()
    back = desk.sync()
    assert back.online and back.queued == 0, back
    cccids = sorted(s.cccid for s in slips)
    assert [r["cccid"] for r in _server_accounts(central, cccids)] == cccids
    assert len(set(cccids)) == 3
    # The leased CCCIDs printed on the slips are the accounts' CCCIDs.
    leased = central.sql(
        "SELECT cccid FROM leased_cccids WHERE used_at IS NOT NULL AND cccid = ANY(%s)", cccids
    )
    assert sorted(str(r["cccid"]) for r in leased) == cccids


def test_no_reserved_cccid_is_a_clear_error(tmp_path: Path, central: Central) -> None:
    fresh = memory_desk(tmp_path, central.base_url)
    try:
        fresh.sign_in()  # signed in, but never synced: nothing reserved yet
        with pytest.raises(NoLeasedCccidError, match="connect to the network once"):
            fresh.create()
        assert fresh.sync().reserved_cccids >= 25
        assert fresh.create().cccid
    finally:
        fresh.close()


def test_the_change_feed_fills_the_cache_and_local_duplicate_checks_use_it(
    desk: Desk, central: Central
) -> None:
    other = central.client("creator_a")
    made = [other.create(create_body(student())).json()["account"]["cccid"] for _ in range(3)]
    desk.sync()
    with desk.store.read() as conn:
        for cccid in made:
            cached = accounts.get(conn, cccid)
            assert cached is not None and cached.upload_state == "uploaded"
        first = accounts.get(conn, made[0])
        assert first is not None
    known = first.student
    twin = student_fields(
        first_name=known["first_name"],
        last_name=known["last_name"],
        birthdate=known["birthdate"],
        street1=known["street1"],
        postal_code=known["postal_code"],
    )
    with desk.store.read() as conn:
        found = accounts.find_candidates(conn, accounts.person_from_student(twin))
    assert found and found[0].cccid == made[0] and found[0].band in ("certain", "probable")
    assert any("birthdate" in r for r in found[0].reasons)


def test_the_central_duplicate_check_sees_other_colleges(desk: Desk, central: Central) -> None:
    original = student(first_name="Tavita", last_name="Faleolo", birthdate="1999-02-03")
    other = central.client("creator_b").create(create_body(original)).json()["account"]
    assert desk.client.me().username == "creator_a"
    answer = desk.client.check_duplicates(student_fields(**{**original, "email": None}))
    assert [c.cccid for c in answer.candidates][:1] == [other["cccid"]]
    assert answer.candidates[0].college_code == "862"


def test_a_desk_never_sends_its_work_to_another_service(
    desk: Desk, central: Central, pg: PgCluster, world_template: str
) -> None:
    slip = desk.create()
    other_url = pg.create_database(template=world_template)
    other = LiveServer(Settings(database_url=other_url)).start()
    try:
        desk.client.close()
        desk.client = CentralClient(other.base_url, desk.secrets, desk.client.workstation_id)
        desk.engine = SyncEngine(desk.store, desk.client, config=desk.config)
        status = desk.sync()
        assert status.queued == 1
        assert "belongs to the central service at" in status.message
        with psycopg.connect(other_url) as conn:
            assert conn.execute("SELECT count(*) FROM accounts").fetchone() == (0,)
    finally:
        other.stop()
        pg.drop_database(other_url)
    assert central.sql("SELECT 1 FROM accounts WHERE cccid = %s", slip.cccid) == []
