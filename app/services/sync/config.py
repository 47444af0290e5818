"""How the sync engine paces itself.

Two clocks of retrying, because a bad network and no network call for different answers:

* **In place, within a cycle** (:class:`RetryPolicy`, :class:`Pacer`): a lost answer, a truncated
  body, a 503 or a short 429 is usually about that one request. The request is sent again after
  a short wait (about 0.2 s, 0.4 s, 0.8 s after no answer; 0.5 s, 1 s, 2 s after a 5xx or 429) a
  few times, and the cycle carries on with the next one.
  A write keeps its Idempotency-Key on every try, so the server applies it once. The cycle ends
  early only when the network looks truly down (several connect failures or timeouts in a row,
  or many failures of any kind in a row), when the server asks for a pause longer than is worth
  waiting in place (Retry-After), or when the engine is stopping.
* **Between cycles** (:class:`Backoff`): exponential with jitter, capped low (30 s) so that a
  facility that gets a network for two minutes uses them. Only cycles that achieved nothing count
  as failures; a cycle that confirmed anything resets it.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from app.services.central_client import CentralError, OfflineError, RetryableError

MAX_HONOURED_RETRY_AFTER = 3600.0
"""A Retry-After longer than this (seconds) is taken as this: a typo must not stall a desk."""

T = TypeVar("T")


@dataclass(frozen=True)
class Backoff:
    """Exponential backoff with jitter, capped; a server's Retry-After is a floor."""

    base: float = 2.0
    cap: float = 30.0
    """Low on purpose: while the network comes and goes, a desk must notice it is back within
    half a minute, not five (the central service limits its load with 429 and Retry-After)."""
    rng: Callable[[], float] = field(default=random.random, repr=False)

    def delay(self, failures: int, retry_after: float | None = None) -> float:
        """Seconds to wait after ``failures`` consecutive failures (1 = the first).

        "Equal jitter": half the exponential step plus a random half, so that many desks
        coming back online at once spread out, yet none retries at once.
        """
        step = min(self.cap, self.base * 2 ** max(0, failures - 1))
        wait = step / 2 + self.rng() * step / 2
        if retry_after is not None:
            wait = max(wait, min(retry_after, MAX_HONOURED_RETRY_AFTER))
        return float(wait)


@dataclass(frozen=True)
class RetryPolicy:
    """How one request is retried in place, and when a whole cycle gives up."""

    tries: int = 4
    """Sends of one request within a cycle before it waits for a later cycle."""
    backoff: Backoff = field(default_factory=lambda: Backoff(base=0.5, cap=4.0))
    """Waits between those sends after the server answered 5xx or 429 (it is struggling):
    about 0.5 s, 1 s, 2 s (a Retry-After is the floor)."""
    quick: Backoff = field(default_factory=lambda: Backoff(base=0.2, cap=4.0))
    """Waits after a send that got no answer (lost, cut off, dropped, timed out): about 0.2 s,
    0.4 s, 0.8 s. On a lossy network such faults strike requests independently and the server
    is not the trouble, so waiting longer only wastes the connection while it lasts (with the
    slower waits, 50 uploads at 30% lost answers took 33 s instead of 20; bench/sync_faults.py).
    Connect failures in a row still end the cycle (``unreachable_limit``)."""
    longest_wait: float = 10.0
    """A Retry-After up to this is waited out in place; a longer one ends the cycle (the server
    asks every request to wait, not just this one) and becomes the floor of the engine's wait."""
    unreachable_limit: int = 3
    """Connect failures or timeouts in a row that end the cycle: the network is down, and an
    offline desk must not spin through its whole outbox."""
    failure_limit: int = 8
    """Failed sends of any kind in a row that end the cycle (lost answers, 5xx...)."""


def _unreachable(error: RetryableError) -> bool:
    """A connect failure or a timeout: what a network that is down looks like, as opposed to a
    lost or truncated answer, which proves a path to the server exists."""
    return (isinstance(error, OfflineError) and error.code == "offline") or error.code == "timeout"


class PassEnded(Exception):
    """The cycle should end now; ``cause`` is the last error (what the status line reports)."""

    def __init__(self, cause: RetryableError) -> None:
        super().__init__(str(cause))
        self.cause = cause


def _sleep(seconds: float) -> bool:
    time.sleep(seconds)
    return False


class Pacer:
    """Runs one cycle's requests with in-place retries, and decides when the cycle gives up.

    One pacer lives for one cycle; its counts of failures in a row span every request of the
    cycle (server check, uploads, feed pages, leases), since they are all about one network.
    ``sleep(seconds)`` waits and returns True when the engine is stopping.
    """

    def __init__(
        self, policy: RetryPolicy | None = None, sleep: Callable[[float], bool] = _sleep
    ) -> None:
        self.policy = policy or RetryPolicy()
        self._sleep = sleep
        self.failures_in_row = 0
        self.unreachable_in_row = 0
        self.progress = 0
        """Requests answered this cycle that moved work forward (not the server check)."""
        self.retry_after: float | None = None
        """The Retry-After (seconds) that ended the cycle, if one did."""

    def call(self, send: Callable[[], T], *, progress: bool = True) -> T:
        """``send()`` until it is answered or its tries run out.

        Returns its result; re-raises a refusal, sign-in or other non-retryable answer at once;
        raises the last :class:`RetryableError` when the tries ran out (the caller waits for a
        later cycle and carries on), or :class:`PassEnded` when the whole cycle should stop.
        """
        tries = 0
        while True:
            tries += 1
            try:
                result = send()
            except RetryableError as error:
                wait = self.failed(error, tries)
                if wait is None:
                    raise
                if self._sleep(wait):
                    raise PassEnded(error) from None
                continue
            except CentralError:
                self.answered(progress=False)  # the server answered: the network works
                raise
            self.answered(progress=progress)
            return result

    def answered(self, *, progress: bool = True) -> None:
        """The server answered something."""
        self.failures_in_row = 0
        self.unreachable_in_row = 0
        if progress:
            self.progress += 1

    def failed(self, error: RetryableError, tries: int) -> float | None:
        """Record a failed send (the ``tries``-th of its request): seconds to wait before the
        next try, None when this request's tries are used up; raises :class:`PassEnded`."""
        policy = self.policy
        self.failures_in_row += 1
        if _unreachable(error):
            self.unreachable_in_row += 1
        if error.retry_after is not None and error.retry_after > policy.longest_wait:
            self.retry_after = min(error.retry_after, MAX_HONOURED_RETRY_AFTER)
            raise PassEnded(error)
        if (
            self.unreachable_in_row >= policy.unreachable_limit
            or self.failures_in_row >= policy.failure_limit
        ):
            raise PassEnded(error)
        if tries >= policy.tries:
            return None
        backoff = policy.backoff if error.status is not None else policy.quick
        return backoff.delay(tries, error.retry_after)


@dataclass(frozen=True)
class SyncConfig:
    """Tunables of :class:`~app.services.sync.engine.SyncEngine`."""

    poll_interval: float = 60.0
    """Seconds between syncs while everything is fine (``sync_now`` wakes it sooner)."""
    sign_in_wait: float = 300.0
    """Seconds between attempts while a sign-in is needed (a sign-in calls ``sync_now``)."""
    lease_low_water: int = 25
    """Reserve more CCCIDs when fewer than this many are usable."""
    lease_batch: int = 50
    """How many CCCIDs to reserve at a time."""
    pull_page_size: int = 500
    max_pages_per_cycle: int = 10_000
    backoff: Backoff = field(default_factory=Backoff)
    """Between cycles that achieved nothing, and for an upload whose tries ran out."""
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    """In place, within a cycle."""

    retry_horizon: float = 600.0
    """Seconds: a retry time further ahead than this can only come from the laptop's clock
    having gone backwards (backoff never schedules one, and a longer Retry-After is honoured by
    the engine's own wait), so such an upload is due at once rather than stuck."""
