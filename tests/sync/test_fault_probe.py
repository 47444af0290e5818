"""The continuous sync on a bad network (issue 10, item 5): through a proxy that loses answers
after the server applied them, cuts answers short, answers 503 and 429, drops requests and holds
some past the client's timeout, one background engine uploads everything, nothing is lost and
nothing is applied twice (guarantees 2 and 3).

Token refresh meets the same faults (issue 10, item 4): in the last case every access token is
expired again and again while the engine runs, so refreshes are lost, cut short and delayed too,
and the desk must stay signed in throughout.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.services.accounts_local import LocalCreateResult, reissue_credentials_locally
from app.services.central_client import CentralClient
from app.services.credentials import verify_temp_password
from app.services.store import outbox
from app.services.sync import SyncConfig, SyncStatus
from tests.central.support import Central
from tests.support.desk import Desk, memory_desk
from tests.sync.fault_proxy import FaultProxy, RandomFaults, Rule

CLIENT_TIMEOUT = 2.0
"""Seconds; the proxy holds its delayed requests longer (``RandomFaults.delay``, 3 s)."""


@pytest.fixture
def proxy(central: Central) -> Iterator[FaultProxy]:
    made = FaultProxy(central.base_url).start()
    yield made
    made.stop()


@pytest.fixture
def lossy_desk(tmp_path: Path, proxy: FaultProxy) -> Iterator[Desk]:
    """A signed-in desk behind the proxy whose client gives up after CLIENT_TIMEOUT; synced once
    while the network was still good (CCCIDs reserved)."""
    desk = memory_desk(tmp_path, proxy.base_url, config=SyncConfig(poll_interval=0.5))
    desk.client.close()
    desk.client = CentralClient(
        proxy.base_url, desk.secrets, desk.client.workstation_id, timeout=CLIENT_TIMEOUT
    )
    desk.sign_in()  # the engine it makes uses the short-timeout client
    assert desk.sync().reserved_cccids >= 25
    yield desk
    desk.close()


def _open_entries(desk: Desk) -> list[tuple[str, str, int, str | None, object]]:
    """What is left, for a failure message."""
    with desk.store.read() as conn:
        left = outbox.in_states(conn, ["queued", "sent", "needs_attention", "needs_review"])
    return [(e.kind, e.state, e.attempts, e.last_error_code, e.next_attempt_at) for e in left]


def _unconfirmed(desk: Desk) -> int:
    with desk.store.read() as conn:
        counts = outbox.counts(conn)
    return sum(n for state, n in counts.items() if state != "confirmed")


def _wait_until(done: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if done():
            return True
        time.sleep(0.2)
    return done()


def _check_server_holds(
    central: Central, desk: Desk, printed: dict[str, LocalCreateResult]
) -> None:
    """Every slip's account is on the server exactly once, under the slip's CCCID and its own
    Idempotency-Key, with the hash of the newest printed password."""
    rows = central.sql(
        "SELECT cccid, create_key::text AS key, temp_password_hash FROM accounts ORDER BY cccid"
    )
    assert len(rows) == len(printed), "the server has accounts no slip shows, or lacks some"
    assert len({r["cccid"] for r in rows}) == len(rows)
    server = {r["cccid"]: r for r in rows}
    assert set(server) == set(printed)
    with desk.store.read() as conn:
        creates = {e.cccid: e.id for e in outbox.in_states(conn, ["confirmed"])
                   if e.kind == "account.create"}  # fmt: skip
    for cccid, slip in printed.items():
        assert server[cccid]["key"] == creates[cccid]
        assert verify_temp_password(server[cccid]["temp_password_hash"], slip.temp_password)


def test_a_continuous_engine_uploads_everything_through_a_lossy_network(
    lossy_desk: Desk, proxy: FaultProxy, central: Central
) -> None:
    slips = [lossy_desk.create() for _ in range(20)]
    proxy.set_weather(
        RandomFaults(
            seed=5,
            lost_answer=0.30,
            truncated=0.05,
            unavailable=0.05,
            rate_limited=0.05,
            seconds=90,
        )
    )
    lossy_desk.engine.start()
    drained = _wait_until(lambda: _unconfirmed(lossy_desk) == 0, 60)
    lossy_desk.engine.stop()
    assert drained, (lossy_desk.engine.status, proxy.faults, _open_entries(lossy_desk))
    assert sum(proxy.faults.values()) >= 10  # the network really was bad
    assert proxy.faults["lost_answer"] >= 5
    _check_server_holds(central, lossy_desk, {s.cccid: s for s in slips})


def test_the_probe_scenario_loses_nothing_and_duplicates_nothing(
    lossy_desk: Desk, proxy: FaultProxy, central: Central
) -> None:
    """Accounts made offline and then online, with reprints, while the engine runs; then the
    network turns bad (every kind of fault) and the engine must drain it all."""
    assert lossy_desk.staff is not None
    engine = lossy_desk.engine
    seen: list[SyncStatus] = []
    seen_lock = threading.Lock()

    def listen(status: SyncStatus) -> None:
        with seen_lock:
            seen.append(status)

    engine.add_listener(listen)
    printed: dict[str, LocalCreateResult] = {}

    # No network at all: the desk keeps working and the engine does not spin.
    proxy.go_offline()
    engine.start()
    for _ in range(20):
        slip = lossy_desk.create()
        printed[slip.cccid] = slip
        engine.sync_now()  # as the New student page does after each create
    assert _wait_until(lambda: not engine.status.online and not engine.status.syncing, 10)
    with seen_lock:
        before = len(seen)
    time.sleep(6)
    with seen_lock:
        quiet = seen[before:]
    # Left alone, an offline engine backs off (1-2 s, 2-4 s, 4-8 s...): a few cycles in 6 s
    # (one more if a sync_now was pending), each ending after a few refused connections.
    assert sum(s.syncing for s in quiet) <= 4, quiet
    assert all("Offline" in s.message for s in quiet if not s.syncing), quiet
    assert central.sql("SELECT count(*) AS n FROM accounts") == [{"n": 0}]

    # The network is back, and bad.
    proxy.set_weather(
        RandomFaults(
            seed=10,
            lost_answer=0.30,
            truncated=0.05,
            unavailable=0.03,
            rate_limited=0.03,
            dropped=0.03,
            delayed=0.02,
            delay=CLIENT_TIMEOUT + 1,
            seconds=120,
        )
    )
    proxy.go_online()
    engine.sync_now()
    for index in range(20):
        slip = lossy_desk.create()
        printed[slip.cccid] = slip
        if index % 4 == 0:  # a reprint of one made offline: the newest password must win
            earlier = list(printed.values())[index]
            printed[earlier.cccid] = reissue_credentials_locally(
                lossy_desk.store, earlier.cccid, lossy_desk.staff
            )
        engine.sync_now()
    drained = _wait_until(lambda: _unconfirmed(lossy_desk) == 0, 60)
    engine.stop()
    assert drained, (engine.status, proxy.faults, _open_entries(lossy_desk))
    assert set(proxy.faults) >= {"lost_answer", "truncated", "delayed"}, proxy.faults
    _check_server_holds(central, lossy_desk, printed)
    # Every request for one entry carried that entry's key, whatever the faults did.
    with lossy_desk.store.read() as conn:
        entries = outbox.in_states(conn, ["confirmed"])
    sent = set(proxy.keys_sent("POST", "/v1/accounts"))
    assert {e.id for e in entries if e.kind == "account.create"} <= sent
    with lossy_desk.store.read() as conn:
        states = conn.execute("SELECT upload_state, count(*) FROM accounts GROUP BY 1").fetchall()
    assert [tuple(r) for r in states] == [("uploaded", len(printed))]


def test_refreshes_through_the_lossy_network_never_sign_the_desk_out(
    lossy_desk: Desk, proxy: FaultProxy, central: Central
) -> None:
    """Access tokens expire every few seconds while the engine uploads through a network that loses,
    cuts short, refuses and delays refreshes like everything else: no refresh may end in "Please
    sign in again", and reuse detection must not fire on the desk's own retries."""
    slips = [lossy_desk.create() for _ in range(10)]
    seen: list[SyncStatus] = []
    lossy_desk.engine.add_listener(seen.append)
    proxy.set_weather(
        RandomFaults(
            seed=23,
            lost_answer=0.30,
            truncated=0.05,
            unavailable=0.05,
            rate_limited=0.03,
            dropped=0.03,
            delayed=0.02,
            delay=CLIENT_TIMEOUT + 1,
            seconds=60,  # then a good network: the drain must finish soon after
            spare=(),
        )
    )
    # Besides the random faults, the first two refresh answers are lost for certain.
    for _ in range(2):
        proxy.add(Rule("POST", "/v1/auth/refresh", "drop_after_forward"))
    stop = threading.Event()

    def expire_access_tokens() -> None:
        while not stop.wait(0.5):
            # Only tokens a few seconds old: one must still work for the request it was
            # refreshed for (real access tokens live for minutes).
            central.sql("UPDATE staff_tokens SET expires_at = now() - interval '1 second'"
                        " WHERE kind = 'access' AND revoked_at IS NULL"
                        " AND issued_at < now() - interval '1.5 seconds'")  # fmt: skip

    expirer = threading.Thread(target=expire_access_tokens, daemon=True)
    expirer.start()
    lossy_desk.engine.start()
    try:
        for _ in range(10):
            slips.append(lossy_desk.create())
            lossy_desk.engine.sync_now()
            time.sleep(0.5)
        drained = _wait_until(lambda: _unconfirmed(lossy_desk) == 0, 120)
    finally:
        stop.set()
        expirer.join()
        lossy_desk.engine.stop()
    assert drained, (lossy_desk.engine.status, proxy.faults, _open_entries(lossy_desk))
    refreshes = proxy.keys_sent("POST", "/v1/auth/refresh")
    assert len(refreshes) >= 8, "the access token did not really keep expiring"
    assert not any(s.sign_in_required for s in seen), [s.message for s in seen][-5:]
    assert not lossy_desk.engine.status.sign_in_required
    retried = central.sql(
        "SELECT count(*) AS n FROM audit_log WHERE action = 'staff.refresh_retried'"
    )
    assert retried[0]["n"] >= 2, proxy.faults  # refresh answers really were lost
    live = central.sql("SELECT count(*) AS n FROM staff_tokens"
                       " WHERE kind = 'refresh' AND revoked_at IS NULL")  # fmt: skip
    assert live == [{"n": 1}]  # one session, never revoked and signed in again
    _check_server_holds(central, lossy_desk, {s.cccid: s for s in slips})
