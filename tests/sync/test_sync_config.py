"""How the sync engine paces itself (app/services/sync/config.py): short in-place retries within
a cycle, a cycle that ends early only when the network looks down or the server asks for a long
pause, and a low cap on the wait between failed cycles."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.services.central_client import (
    CentralError,
    OfflineError,
    RequestRefusedError,
    RetryableError,
)
from app.services.sync import Backoff, SyncConfig
from app.services.sync.config import Pacer, PassEnded, RetryPolicy
from tests.central.support import free_port
from tests.support.desk import memory_desk

LOST = OfflineError("lost", code="network")  # the connection closed without an answer
REFUSED = OfflineError("refused", code="offline")  # nothing listens: no network
TIMEOUT = RetryableError("slow", code="timeout")
BUSY = RetryableError("busy", code="http_503", status=503)


def _rate_limited(seconds: float) -> RetryableError:
    return RetryableError("busy", code="http_429", status=429, retry_after=seconds)


class Script:
    """A request that fails with each of ``errors`` in turn, then answers "ok"."""

    def __init__(self, *errors: CentralError) -> None:
        self.errors = list(errors)
        self.sends = 0

    def __call__(self) -> str:
        self.sends += 1
        if self.errors:
            raise self.errors.pop(0)
        return "ok"


def _pacer(stop: bool = False) -> tuple[Pacer, list[float]]:
    """A pacer with the default policy's steps, without jitter, that records its waits."""
    waits: list[float] = []

    def sleep(seconds: float) -> bool:
        waits.append(seconds)
        return stop

    steady = RetryPolicy(
        backoff=Backoff(base=0.5, cap=4.0, rng=lambda: 1.0),
        quick=Backoff(base=0.2, cap=4.0, rng=lambda: 1.0),
    )
    return Pacer(steady, sleep), waits


def test_the_defaults_retry_in_place_briefly_and_cap_the_wait_between_cycles_low() -> None:
    config = SyncConfig()
    assert config.backoff.cap <= 60  # a network that lasts two minutes gets used
    assert Backoff().cap == config.backoff.cap
    policy = config.retry
    assert policy.tries >= 3
    for backoff, steps in ((policy.backoff, [0.5, 1.0, 2.0]), (policy.quick, [0.2, 0.4, 0.8])):
        high = Backoff(base=backoff.base, cap=backoff.cap, rng=lambda: 1.0)
        assert [high.delay(n) for n in range(1, policy.tries)] == steps[: policy.tries - 1]
    assert policy.unreachable_limit <= policy.failure_limit
    assert config.retry_horizon >= config.backoff.cap


def test_a_lost_answer_is_sent_again_in_place_after_short_waits() -> None:
    pacer, waits = _pacer()
    send = Script(LOST, BUSY)
    assert pacer.call(send) == "ok"
    # No answer: a quick retry; a 503 (the server struggles): a slower one.
    assert send.sends == 3 and waits == [0.2, 1.0]
    assert pacer.progress == 1 and pacer.failures_in_row == 0


def test_when_its_tries_run_out_the_last_error_is_raised_and_the_pass_may_go_on() -> None:
    pacer, waits = _pacer()
    send = Script(LOST, LOST, BUSY, LOST)
    with pytest.raises(RetryableError) as raised:
        pacer.call(send)
    assert raised.value is LOST and send.sends == 4 and waits == [0.2, 0.4, 2.0]
    assert pacer.call(Script()) == "ok"  # the next request of the pass is tried
    assert pacer.failures_in_row == 0 and pacer.progress == 1


def test_failures_in_a_row_across_requests_end_the_pass() -> None:
    pacer, _ = _pacer()
    with pytest.raises(RetryableError):
        pacer.call(Script(LOST, LOST, LOST, LOST))
    send = Script(LOST, LOST, LOST, LOST)
    with pytest.raises(PassEnded) as ended:
        pacer.call(send)
    assert ended.value.cause is LOST and send.sends == 4  # 8 failures in a row
    assert pacer.progress == 0


def test_a_success_between_failures_resets_the_count() -> None:
    pacer, _ = _pacer()
    for _ in range(5):  # 3 failures each, 15 in all, never 8 in a row
        assert pacer.call(Script(LOST, BUSY, LOST)) == "ok"
    assert pacer.progress == 5


def test_a_few_refused_connections_or_timeouts_in_a_row_mean_no_network() -> None:
    pacer, waits = _pacer()
    send = Script(REFUSED, TIMEOUT, REFUSED, REFUSED)
    with pytest.raises(PassEnded) as ended:
        pacer.call(send)
    assert send.sends == 3 and ended.value.cause is REFUSED and waits == [0.2, 0.4]
    # A lost answer proves a path to the server: it does not count toward "no network".
    pacer, _ = _pacer()
    assert pacer.call(Script(REFUSED, LOST, REFUSED)) == "ok"


def test_a_short_retry_after_is_the_floor_of_the_wait_in_place() -> None:
    pacer, waits = _pacer()
    assert pacer.call(Script(_rate_limited(3), _rate_limited(0.1))) == "ok"
    assert waits == [3.0, 1.0]
    assert pacer.retry_after is None


def test_a_long_retry_after_ends_the_pass_and_is_kept_for_the_engine() -> None:
    pacer, waits = _pacer()
    long = _rate_limited(120)
    with pytest.raises(PassEnded) as ended:
        pacer.call(Script(long))
    assert ended.value.cause is long and waits == [] and pacer.retry_after == 120
    pacer, _ = _pacer()
    with pytest.raises(PassEnded):
        pacer.call(Script(_rate_limited(10**7)))
    assert pacer.retry_after == 3600  # MAX_HONOURED_RETRY_AFTER


def test_a_refusal_is_not_retried_and_counts_as_an_answer() -> None:
    pacer, _ = _pacer()
    with pytest.raises(RetryableError):
        pacer.call(Script(LOST, LOST, LOST, LOST))
    refusal = RequestRefusedError("no", code="invalid", status=422, field=None, body=None)
    send = Script(refusal)
    with pytest.raises(RequestRefusedError):
        pacer.call(send)
    assert send.sends == 1 and pacer.failures_in_row == 0 and pacer.progress == 0


def test_stopping_the_engine_ends_the_wait_and_the_pass() -> None:
    pacer, waits = _pacer(stop=True)
    send = Script(LOST)
    with pytest.raises(PassEnded):
        pacer.call(send)
    assert send.sends == 1 and waits == [0.2]


def test_a_server_check_is_not_progress() -> None:
    pacer, _ = _pacer()
    assert pacer.call(Script(), progress=False) == "ok"
    assert pacer.progress == 0


def test_cycles_that_cannot_reach_the_server_back_off_up_to_the_cap(tmp_path: Path) -> None:
    fast = Backoff(base=0.01, cap=0.01)
    quick = RetryPolicy(backoff=fast, quick=fast)
    config = SyncConfig(backoff=Backoff(rng=lambda: 1.0), retry=quick)
    desk = memory_desk(tmp_path, f"http://127.0.0.1:{free_port()}", config=config)
    try:
        waits = [desk.engine._cycle(force=False) for _ in range(7)]
    finally:
        desk.close()
    assert waits == [2.0, 4.0, 8.0, 16.0, 30.0, 30.0, 30.0]
