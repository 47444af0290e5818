"""Retrying (guarantees 2 and 3): network errors, timeouts, 5xx and 429 are retried on their own
with the same Idempotency-Key; a lost answer never makes a second account; an expired sign-in is
refreshed on its own. The faults come from a loopback proxy standing in for the network."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from app.services.central_client import (
    ACCESS_TOKEN_NAME,
    REFRESH_RETRY_KEY_NAME,
    REFRESH_TOKEN_NAME,
    CentralClient,
    RetryableError,
    SignInRequiredError,
    retry_after_seconds,
)
from app.services.store import outbox
from app.services.sync import Backoff, SyncStatus
from tests.central.support import Central
from tests.support.desk import Desk, memory_desk
from tests.sync.fault_proxy import FaultProxy, Rule


@pytest.fixture
def proxy(central: Central) -> Iterator[FaultProxy]:
    made = FaultProxy(central.base_url).start()
    yield made
    made.stop()


@pytest.fixture
def proxied_desk(tmp_path: Path, proxy: FaultProxy) -> Iterator[Desk]:
    desk = memory_desk(tmp_path, proxy.base_url)
    desk.sign_in()
    assert desk.sync().reserved_cccids >= 25
    yield desk
    desk.close()


def _accounts(central: Central, cccid: str) -> int:
    return len(central.sql("SELECT 1 FROM accounts WHERE cccid = %s", cccid))


def _entry(desk: Desk, entry_id: str) -> outbox.OutboxEntry:
    with desk.store.read() as conn:
        entry = outbox.get(conn, entry_id)
    assert entry is not None
    return entry


def test_a_lost_answer_is_resent_at_once_with_the_same_key_and_applied_once(
    proxied_desk: Desk, proxy: FaultProxy, central: Central
) -> None:
    slip = proxied_desk.create()
    proxy.add(Rule("POST", "/v1/accounts", "drop_after_forward"))
    status = proxied_desk.sync()
    # The server applied the first send; the desk did not hear it, sent it again in the same
    # pass under the same key, and got the stored answer.
    assert status.queued == 0 and status.online, status
    assert _accounts(central, slip.cccid) == 1
    assert proxy.keys_sent("POST", "/v1/accounts") == [slip.outbox_id, slip.outbox_id]
    entry = _entry(proxied_desk, slip.outbox_id)
    assert entry.state == "confirmed" and entry.attempts == 2


def test_an_entry_whose_tries_all_fail_waits_for_the_next_pass_and_is_applied_once(
    proxied_desk: Desk, proxy: FaultProxy, central: Central
) -> None:
    tries = proxied_desk.config.retry.tries
    slip = proxied_desk.create()
    for _ in range(tries):
        proxy.add(Rule("POST", "/v1/accounts", "drop_after_forward"))
    first = proxied_desk.sync()
    assert first.queued == 1 and first.online  # the server has it; the desk does not know
    assert _accounts(central, slip.cccid) == 1
    entry = _entry(proxied_desk, slip.outbox_id)
    assert entry.state == "queued" and entry.attempts == tries
    assert entry.last_error_code == "network"
    # The pass's first use-up of tries comes back within seconds, not minutes.
    assert entry.next_attempt_at is not None
    assert entry.next_attempt_at - proxied_desk.clock() <= dt.timedelta(seconds=2)
    second = proxied_desk.sync()
    assert second.queued == 0 and second.online
    assert _accounts(central, slip.cccid) == 1
    assert proxy.keys_sent("POST", "/v1/accounts") == [slip.outbox_id] * (tries + 1)


def test_5xx_is_retried_later_and_does_not_hold_up_other_uploads(
    proxied_desk: Desk, proxy: FaultProxy, central: Central
) -> None:
    tries = proxied_desk.config.retry.tries
    stuck, other = proxied_desk.create(), proxied_desk.create()
    for _ in range(tries):  # every in-place try of the first entry
        proxy.add(Rule("POST", "/v1/accounts", "status", status=503))
    status = proxied_desk.sync()
    assert status.online and status.queued == 1
    assert _accounts(central, stuck.cccid) == 0 and _accounts(central, other.cccid) == 1
    entry = _entry(proxied_desk, stuck.outbox_id)
    assert entry.state == "queued" and entry.last_error_code == "injected"
    assert entry.next_attempt_at is not None and entry.next_attempt_at > proxied_desk.clock()
    assert proxied_desk.sync().queued == 0  # --once style cycles send it regardless of backoff
    assert proxy.keys_sent("POST", "/v1/accounts").count(stuck.outbox_id) == tries + 1


def test_a_pass_gives_up_after_failures_in_a_row_keeping_what_succeeded(
    proxied_desk: Desk, proxy: FaultProxy, central: Central
) -> None:
    retry = proxied_desk.config.retry
    done, *slips = [proxied_desk.create() for _ in range(5)]
    proxy.add(Rule("POST", "/v1/accounts", "forward"))  # the first entry gets through...
    for _ in range(retry.failure_limit + 10):  # ...then every request is lost
        proxy.add(Rule("POST", "/v1/accounts", "drop_before_forward"))
    status = proxied_desk.sync()
    assert not status.online and status.queued == 4, status
    assert _entry(proxied_desk, done.outbox_id).state == "confirmed"
    sent = proxy.keys_sent("POST", "/v1/accounts")
    # The pass stopped after failure_limit failures in a row; it did not walk the outbox.
    assert len(sent) == 1 + retry.failure_limit
    reached = retry.failure_limit // retry.tries
    assert sent[1:] == [s.outbox_id for s in slips[:reached] for _ in range(retry.tries)]
    assert all(_entry(proxied_desk, s.outbox_id).attempts == 0 for s in slips[reached:])
    proxy.rules.clear()
    assert proxied_desk.sync().queued == 0
    assert all(_accounts(central, s.cccid) == 1 for s in [done, *slips])


def test_an_offline_desk_gives_up_after_a_few_refused_connections(
    proxied_desk: Desk, proxy: FaultProxy
) -> None:
    slips = [proxied_desk.create() for _ in range(5)]
    proxy.go_offline()
    started = time.monotonic()
    status = proxied_desk.sync()
    assert not status.online and status.queued == 5 and "Offline" in status.message
    # A few refused connections, waits of about 0.5 s and 1 s between: seconds, not a pass
    # of retries per entry.
    assert time.monotonic() - started < 5
    assert all(_entry(proxied_desk, s.outbox_id).attempts == 0 for s in slips)
    proxy.go_online()
    assert proxied_desk.sync().queued == 0


def test_429_honours_retry_after(proxied_desk: Desk, proxy: FaultProxy) -> None:
    slip, later = proxied_desk.create(), proxied_desk.create()
    proxy.add(Rule("POST", "/v1/accounts", "status", status=429, retry_after="120"))
    before = proxied_desk.clock()
    status = proxied_desk.sync()
    assert status.queued == 2 and "busy" in status.message
    # A pause longer than is worth waiting in place ends the pass: it asks every request to
    # wait, so the next entry was not sent either.
    assert proxy.keys_sent("POST", "/v1/accounts") == [slip.outbox_id]
    entry = _entry(proxied_desk, slip.outbox_id)
    assert entry.next_attempt_at is not None
    assert entry.next_attempt_at - before >= dt.timedelta(seconds=120)
    # The background loop respects it: not due yet.
    with proxied_desk.store.read() as conn:
        due = outbox.next_due(
            conn,
            after_seq=0,
            laptop_now=proxied_desk.clock(),
            retry_cap=dt.timedelta(minutes=10),
            force=False,
        )
    assert due is not None and due.id == later.outbox_id
    # And the engine's wait before its next cycle is at least the Retry-After.
    proxy.add(Rule("GET", "/v1/server", "status", status=429, retry_after="120"))
    assert proxied_desk.engine._cycle(force=False) >= 120


def test_a_short_retry_after_is_waited_out_in_place(
    proxied_desk: Desk, proxy: FaultProxy, central: Central
) -> None:
    slip = proxied_desk.create()
    proxy.add(Rule("POST", "/v1/accounts", "status", status=429, retry_after="2"))
    started = time.monotonic()
    status = proxied_desk.sync()
    assert status.queued == 0 and _accounts(central, slip.cccid) == 1
    assert time.monotonic() - started >= 2
    assert proxy.keys_sent("POST", "/v1/accounts") == [slip.outbox_id, slip.outbox_id]


def test_backoff_is_exponential_capped_and_jittered() -> None:
    low, high = Backoff(rng=lambda: 0.0), Backoff(rng=lambda: 1.0)
    assert [low.delay(n) for n in (1, 2, 3)] == [1.0, 2.0, 4.0]
    assert [high.delay(n) for n in (1, 2, 3)] == [2.0, 4.0, 8.0]
    assert high.delay(30) == 30.0 and low.delay(30) == 15.0  # capped low: see config.py
    assert low.delay(1, retry_after=42) == 42.0
    assert low.delay(1, retry_after=10**6) == 3600.0
    assert retry_after_seconds("17") == 17.0
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    assert retry_after_seconds("Thu, 01 Jan 2026 00:00:30 GMT", now) == 30.0
    assert retry_after_seconds("soon") is None


def _expire_access_tokens(central: Central) -> None:
    central.sql("UPDATE staff_tokens SET expires_at = now() - interval '1 second'"
                " WHERE kind = 'access'")  # fmt: skip


def test_an_expired_access_token_is_refreshed_on_its_own(desk: Desk, central: Central) -> None:
    old_access = desk.secrets.get(ACCESS_TOKEN_NAME)
    old_refresh = desk.secrets.get(REFRESH_TOKEN_NAME)
    _expire_access_tokens(central)
    slip = desk.create()
    status = desk.sync()
    assert status.queued == 0 and not status.sign_in_required, status
    assert _accounts(central, slip.cccid) == 1
    assert desk.secrets.get(ACCESS_TOKEN_NAME) not in (None, old_access)
    assert desk.secrets.get(REFRESH_TOKEN_NAME) not in (None, old_refresh)


def test_a_lost_refresh_answer_does_not_sign_the_desk_out(
    proxied_desk: Desk, proxy: FaultProxy, central: Central
) -> None:
    """The server rotated the refresh token but its answer never arrived (issue 10, item 4):
    the retry sends the same token and retry key and gets the same new pair."""
    _expire_access_tokens(central)
    proxy.add(Rule("POST", "/v1/auth/refresh", "drop_after_forward"))
    slip = proxied_desk.create()
    status = proxied_desk.sync()
    assert not status.sign_in_required, status
    assert status.queued == 0, status
    assert _accounts(central, slip.cccid) == 1
    assert len(proxy.keys_sent("POST", "/v1/auth/refresh")) == 2
    assert proxied_desk.secrets.get(REFRESH_RETRY_KEY_NAME) is None
    assert proxied_desk.client.me().username == "creator_a"
    revoked = central.sql("SELECT count(*) AS n FROM staff_tokens"
                          " WHERE kind = 'refresh' AND revoked_at IS NULL")  # fmt: skip
    assert revoked == [{"n": 1}]


def test_a_desk_stopped_before_a_refresh_answer_stays_signed_in_after_restart(
    proxied_desk: Desk, proxy: FaultProxy, central: Central
) -> None:
    _expire_access_tokens(central)
    proxy.add(Rule("POST", "/v1/auth/refresh", "drop_after_forward"))
    with pytest.raises(RetryableError):
        proxied_desk.client.me()
    kept = proxied_desk.secrets.get(REFRESH_RETRY_KEY_NAME)
    assert kept is not None
    # The desk is closed and opened again: a new client, the same keyring.
    restarted = CentralClient(
        proxy.base_url, proxied_desk.secrets, proxied_desk.client.workstation_id
    )
    try:
        assert restarted.me().username == "creator_a"
    finally:
        restarted.close()
    assert proxied_desk.secrets.get(REFRESH_RETRY_KEY_NAME) is None
    assert central.sql("SELECT count(*) AS n FROM audit_log"
                       " WHERE action = 'staff.refresh_retried'") == [{"n": 1}]  # fmt: skip


def test_a_stolen_refresh_token_still_signs_everyone_out(desk: Desk, central: Central) -> None:
    """Reuse detection holds: a copy of the refresh token used after the desk refreshed,
    without the desk's retry key, revokes the family and the desk must sign in again."""
    stolen = desk.secrets.get(REFRESH_TOKEN_NAME)
    _expire_access_tokens(central)
    desk.client.me()  # the desk refreshes
    thief = httpx.post(f"{central.base_url}/v1/auth/refresh", json={"refresh_token": stolen})
    assert thief.status_code == 401
    with pytest.raises(SignInRequiredError):
        desk.client.me()


def test_a_revoked_sign_in_stops_uploads_until_someone_signs_in(
    desk: Desk, central: Central
) -> None:
    central.sql("UPDATE staff_tokens SET revoked_at = now()")
    slip = desk.create()
    status = desk.sync()
    assert status.sign_in_required and status.queued == 1
    with pytest.raises(SignInRequiredError):
        desk.client.me()
    desk.sign_in()
    assert desk.sync().queued == 0
    assert _accounts(central, slip.cccid) == 1


def test_wrong_password_and_lockout_are_classified(desk: Desk) -> None:
    for _ in range(5):
        with pytest.raises(SignInRequiredError, match="not right"):
            desk.client.login("pending_a", "wrong password!")
    with pytest.raises(RetryableError, match="Too many wrong passwords") as locked:
        desk.client.login("pending_a", "wrong password!")
    assert locked.value.status == 429


def test_the_engine_thread_syncs_in_the_background_and_reports(desk: Desk) -> None:
    seen: list[SyncStatus] = []
    uploaded = threading.Event()

    def listen(status: SyncStatus) -> None:
        seen.append(status)
        if not status.syncing and status.queued == 0 and len(seen) > 1:
            uploaded.set()

    desk.engine.add_listener(listen)
    desk.create()
    desk.engine.start()
    desk.engine.sync_now()
    assert uploaded.wait(20), seen
    desk.engine.stop()
    assert any(s.syncing for s in seen) and seen[-1].online
    assert seen[-1].last_sync_at is not None


def test_a_cycle_that_confirmed_something_is_not_a_failed_cycle(
    proxied_desk: Desk, proxy: FaultProxy
) -> None:
    engine, retry = proxied_desk.engine, proxied_desk.config.retry
    proxy.go_offline()
    offline = [engine._cycle(force=False) for _ in range(4)]
    assert offline[-1] >= 8  # 2 s, 4 s, 8 s, 16 s steps (half to whole): backing off
    proxy.go_online()
    for _ in range(2):
        proxied_desk.create()
    proxy.add(Rule("POST", "/v1/accounts", "forward"))
    for _ in range(retry.failure_limit):
        proxy.add(Rule("POST", "/v1/accounts", "drop_before_forward"))
    # The pass ended early, but it uploaded one: the next cycle comes within seconds.
    assert engine._cycle(force=False) <= proxied_desk.config.backoff.base
    assert engine.status.queued == 1
