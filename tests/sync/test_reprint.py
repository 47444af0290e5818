"""A reprinted slip: a new temporary password queued as its own upload, sent after the account it
belongs to (never before), and the newest slip's password is the one the server holds."""

from __future__ import annotations

import pytest

from app.services.accounts_local import LocalAccountError, reissue_credentials_locally
from app.services.credentials import verify_temp_password
from app.services.store import audit, outbox
from tests.central.support import Central
from tests.support.desk import Desk


def _server_hash(central: Central, cccid: str) -> str:
    (row,) = central.sql("SELECT temp_password_hash FROM accounts WHERE cccid = %s", cccid)
    return str(row["temp_password_hash"])


def test_a_reprint_made_before_upload_waits_for_its_account(desk: Desk, central: Central) -> None:
    assert desk.staff is not None
    slip = desk.create()
    reprint = reissue_credentials_locally(desk.store, slip.cccid, desk.staff)
    assert reprint.cccid == slip.cccid and reprint.is_reprint
    assert reprint.temp_password != slip.temp_password
    status = desk.sync()
    assert status.queued == 0 and status.needs_attention == 0, status
    server_hash = _server_hash(central, slip.cccid)
    assert verify_temp_password(server_hash, reprint.temp_password)
    assert not verify_temp_password(server_hash, slip.temp_password)
    with desk.store.read() as conn:
        create, reissue = (outbox.get(conn, i) for i in (slip.outbox_id, reprint.outbox_id))
        actions = [e.action for e in audit.entries(conn) if e.target == slip.cccid]
    assert create is not None and reissue is not None
    assert create.seq < reissue.seq and reissue.state == "confirmed"
    assert actions == ["account.create", "account.reprint"]


def test_a_second_reprint_after_upload_replaces_the_first(desk: Desk, central: Central) -> None:
    assert desk.staff is not None
    slip = desk.create()
    desk.sync()
    first = reissue_credentials_locally(desk.store, slip.cccid, desk.staff)
    second = reissue_credentials_locally(desk.store, slip.cccid, desk.staff)
    assert desk.sync().queued == 0
    server_hash = _server_hash(central, slip.cccid)
    assert verify_temp_password(server_hash, second.temp_password)
    assert not verify_temp_password(server_hash, first.temp_password)
    with pytest.raises(LocalAccountError, match="not among this college's accounts"):
        reissue_credentials_locally(desk.store, "ZZZ9999", desk.staff)
