"""Reserved CCCIDs: topped up while online, and expired by the server's clock, never the laptop's
(guarantee 6)."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.services.store import LocalStore, NoLeasedCccidError, leases, sync_state
from app.services.sync import SyncConfig
from central.config import Settings
from tests.central.support import Central, LiveServer
from tests.support.desk import memory_desk, scalar, shifted_clock


@pytest.fixture
def short_lease_server(database_url: str) -> Iterator[LiveServer]:
    """A central service whose leases last two seconds."""
    server = LiveServer(
        Settings(database_url=database_url, lease_ttl=dt.timedelta(seconds=2))
    ).start()
    yield server
    server.stop()


def _usable(store: LocalStore, now: dt.datetime) -> int:
    with store.read() as conn:
        return leases.usable_count(conn, now)


def test_leases_are_topped_up_below_the_low_water_mark(tmp_path: Path, central: Central) -> None:
    desk = memory_desk(
        tmp_path, central.base_url, config=SyncConfig(lease_low_water=3, lease_batch=5)
    )
    try:
        desk.sign_in()
        assert desk.sync().reserved_cccids == 5
        made = [desk.create().cccid for _ in range(3)]
        assert desk.engine.status.reserved_cccids == 5  # not refreshed until the next sync
        status = desk.sync()
        assert status.reserved_cccids == 2 + 5
        lease_rows = central.sql(
            "SELECT count(*) AS n FROM cccid_leases WHERE workstation_id = %s",
            desk.client.workstation_id,
        )
        assert lease_rows == [{"n": 2}]
        assert len(set(made)) == 3
        assert desk.sync().reserved_cccids == 7  # above the mark: no new lease
    finally:
        desk.close()


def test_laptop_clock_far_ahead_does_not_expire_valid_leases(
    tmp_path: Path, central: Central
) -> None:
    # The laptop thinks it is 40 days later: by its clock every 30-day lease is already expired.
    desk = memory_desk(tmp_path, central.base_url, clock=shifted_clock(dt.timedelta(days=40)))
    try:
        desk.sign_in()
        status = desk.sync()
        assert status.reserved_cccids == 50
        with desk.store.read() as conn:
            offset = sync_state.load(conn).server_offset
        assert abs(offset + dt.timedelta(days=40)) < dt.timedelta(seconds=5)
        assert desk.create().cccid
    finally:
        desk.close()


def test_leases_expire_by_the_server_clock_even_when_the_laptop_clock_is_behind(
    tmp_path: Path, short_lease_server: LiveServer
) -> None:
    # The laptop is 5 hours behind: by its clock the 2-second leases would last 5 hours.
    desk = memory_desk(
        tmp_path, short_lease_server.base_url, clock=shifted_clock(-dt.timedelta(hours=5))
    )
    try:
        desk.sign_in()
        first = desk.sync()
        assert first.reserved_cccids == 50
        assert desk.create().cccid
        time.sleep(2.5)
        with pytest.raises(NoLeasedCccidError):
            desk.create()
        assert _usable(desk.store, desk.store.server_now()) == 0
        # Online again: expired ones are dropped and a fresh block is reserved.
        again = desk.sync()
        assert again.queued == 0 and again.reserved_cccids == 50, again
        with desk.store.read() as conn:
            total = scalar(conn, "SELECT count(*) FROM leased_cccids")
        assert total == 50 + 1  # the new block, plus the one the slip used
    finally:
        desk.close()
