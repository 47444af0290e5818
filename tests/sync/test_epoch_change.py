"""The central service restored from a backup (guarantee 5): the desk notices the new epoch,
pulls from the start, and sends again whatever the restore lost; nothing is applied twice."""

from __future__ import annotations

import subprocess
from pathlib import Path

from app.services.store import accounts, outbox, sync_state
from central.config import Settings
from central.db.embedded import pg_binary
from tests.central.support import Central, LiveServer
from tests.support.desk import Desk, scalar
from tests.support.postgres import PgCluster
from tests.support.students import random_ssn, student_fields


def test_restore_from_dump_resends_what_was_lost_exactly_once(
    desk: Desk, central: Central, pg: PgCluster, tmp_path: Path
) -> None:
    # Uploaded before the backup; confirmed, so its SSN already left the desk.
    kept = desk.create(student_fields(ssn=random_ssn(), ssn_status="provided"))
    assert desk.sync().queued == 0
    with desk.store.read() as conn:
        old_epoch = sync_state.load(conn).epoch
    dump = tmp_path / "central.dump"
    subprocess.run(
        [str(pg_binary("pg_dump")), "-Fc", "-f", str(dump), central.database_url], check=True
    )
    # Uploaded after the backup: the restore loses these.
    lost_ssn = random_ssn()
    lost_with_ssn = desk.create(student_fields(ssn=lost_ssn, ssn_status="provided"))
    lost_plain = desk.create()
    assert desk.sync().queued == 0
    assert len(central.sql("SELECT 1 FROM accounts")) == 3

    restored_url = pg.create_database()
    subprocess.run([str(pg_binary("pg_restore")), "-d", restored_url, str(dump)], check=True)
    port = central.server.port
    central.server.stop()
    central.server = LiveServer(Settings(database_url=restored_url), port=port).start()
    central.database_url, original_url = restored_url, central.database_url
    try:
        assert [r["cccid"] for r in central.sql("SELECT cccid FROM accounts")] == [kept.cccid]
        status = desk.sync()
        assert status.online and status.queued == 0 and status.needs_attention == 0, status

        rows = central.sql("SELECT cccid, ssn_last4, ssn_status FROM accounts ORDER BY cccid")
        expected = sorted([kept.cccid, lost_with_ssn.cccid, lost_plain.cccid])
        assert [r["cccid"] for r in rows] == expected  # each exactly once
        by_cccid = {r["cccid"]: r for r in rows}
        # What the restore lost comes back; an SSN that already left the desk cannot.
        assert by_cccid[lost_with_ssn.cccid]["ssn_last4"] is None
        assert by_cccid[lost_with_ssn.cccid]["ssn_status"] == "not_asked"
        assert by_cccid[kept.cccid]["ssn_last4"] is not None  # the restore kept this one whole

        with desk.store.read() as conn:
            state = sync_state.load(conn)
            entries = outbox.in_states(conn, ("confirmed",))
            restore_audit = scalar(
                conn, "SELECT count(*) FROM audit_log WHERE action = 'sync.epoch_changed'"
            )
            cached = [accounts.get(conn, c) for c in expected]
        assert state.epoch != old_epoch
        assert {e.cccid for e in entries} == set(expected)
        assert {e.confirmed_epoch for e in entries} == {state.epoch}
        assert all(e.resend_reason and "restored" in e.resend_reason for e in entries)
        outcomes = {e.cccid: (e.response or {}).get("outcome") for e in entries}
        # The restore kept the first create: the server's stored key said so (its body differs
        # now that the SSN is gone), and the account was checked rather than made again.
        assert outcomes == {
            kept.cccid: "kept_by_server",
            lost_with_ssn.cccid: "created",
            lost_plain.cccid: "created",
        }
        assert restore_audit == 1
        assert all(c is not None and c.upload_state == "uploaded" for c in cached)
        # A new slip after the restore still works, with CCCIDs the restored server reserves.
        again = desk.create()
        assert desk.sync().queued == 0
        assert central.sql("SELECT 1 FROM accounts WHERE cccid = %s", again.cccid) != []
    finally:
        central.server.stop()
        pg.drop_database(restored_url)
        central.database_url = original_url
        central.server = LiveServer(Settings(database_url=original_url)).start()
