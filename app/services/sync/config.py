"""How the sync engine paces itself."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

MAX_HONOURED_RETRY_AFTER = 3600.0
"""A Retry-After longer than this (seconds) is taken as this: a typo must not stall a desk."""


@dataclass(frozen=True)
class Backoff:
    """Exponential backoff with jitter, capped; a server's Retry-After is a floor."""

    base: float = 2.0
    cap: float = 300.0
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
