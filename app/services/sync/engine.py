"""The sync engine: the only part of the desktop app that talks to the central service.

It runs on its own Python thread (no Qt: the UI adapts it with a thin QObject) and repeats one
cycle: learn the server's epoch and clock, push the outbox, pull the change feed, keep CCCIDs
reserved. Within a cycle each request that fails on the way (a lost answer, a 503...) is retried
in place a few times and the cycle carries on (``config.Pacer``); the cycle ends early only when
the network looks down, the server asks for a long pause, or a sign-in is needed.

Between cycles it sleeps ``poll_interval`` while all is well, or until the first upload waiting
for a retry is due (at least 1 s); it backs off exponentially (with jitter, capped at 30 s,
honouring Retry-After as a floor) only while cycles achieve nothing, since a cycle that confirmed
anything proves the network works; and it waits for a sign-in when one is needed.
``sync_now()`` wakes it at once.

Every state change is reported as a :class:`SyncStatus` to the listeners, on the engine's
thread: a listener must return quickly and must not call back into the engine synchronously.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from app.services.central_client import (
    CentralClient,
    CentralError,
    OfflineError,
    RetryableError,
    SignInRequiredError,
)
from app.services.store import LocalStore, StoreError, block_keys, outbox, sync_state
from app.services.store import leases as leases_store
from app.services.sync.config import Pacer, PassEnded, SyncConfig
from app.services.sync.leases import top_up
from app.services.sync.pull import pull_changes
from app.services.sync.push import PushReport, push_outbox
from app.services.sync.session import SyncSession, check_server
from app.services.sync.status import SyncStatus, read_status

log = logging.getLogger("app.sync")

Listener = Callable[[SyncStatus], None]


class SyncEngine:
    """Background sync for one local store and one central service."""

    def __init__(
        self,
        store: LocalStore,
        client: CentralClient,
        *,
        config: SyncConfig | None = None,
        college_code: str | None = None,
    ) -> None:
        self.store = store
        self.client = client
        self.config = config or SyncConfig()
        self._session = SyncSession(store, client, self.config, college_code=college_code)
        self._listeners: list[Listener] = []
        self._listeners_lock = threading.Lock()
        self._cycle_lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._rebuild: threading.Thread | None = None
        self._failures = 0
        self._online = False
        self._sign_in_required = False
        self._status = read_status(
            store, online=False, syncing=False, sign_in_required=False, message="Not synced yet."
        )

    # ---- listeners ---------------------------------------------------------------------------

    def add_listener(self, listener: Listener) -> None:
        """Call ``listener(status)`` on every change (on the engine's thread)."""
        with self._listeners_lock:
            self._listeners.append(listener)

    def remove_listener(self, listener: Listener) -> None:
        """Stop calling ``listener``."""
        with self._listeners_lock:
            if listener in self._listeners:
                self._listeners.remove(listener)

    @property
    def status(self) -> SyncStatus:
        """The latest status."""
        return self._status

    def _emit(self, *, syncing: bool, message: str) -> SyncStatus:
        try:
            status = read_status(
                self.store,
                online=self._online,
                syncing=syncing,
                sign_in_required=self._sign_in_required,
                message=message,
            )
        except Exception:  # the store failing must not take the engine down with it
            log.exception("could not read the sync status")
            return self._status
        self._status = status
        with self._listeners_lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(status)
            except Exception:
                log.exception("a sync status listener failed")
        return status

    # ---- thread ------------------------------------------------------------------------------

    def start(self) -> None:
        """Run in the background until :meth:`stop`."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name="account-desk-sync", daemon=True)
        self._thread.start()
        # Keys of an older matcher version are rebuilt beside the sync, never blocking uploads.
        self._rebuild = threading.Thread(
            target=self._rebuild_keys, name="account-desk-block-keys", daemon=True
        )
        self._rebuild.start()

    def _rebuild_keys(self) -> None:
        try:
            done = block_keys.rebuild(self.store, self._stopping)
            if done:
                log.info("rebuilt the blocking keys of %s cached accounts", done)
        except Exception:  # the old keys still find candidates; the next start tries again
            log.exception("rebuilding the blocking keys failed")

    def stop(self, timeout: float = 30.0) -> None:
        """Finish the current step and stop (the outbox stays as it is)."""
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        if self._rebuild is not None:
            self._rebuild.join(timeout)
            self._rebuild = None

    def sync_now(self) -> None:
        """Start a cycle now (after a sign-in, a new account, or the user asking)."""
        self._sign_in_required = False
        self._wake.set()

    def _run(self) -> None:
        while not self._stopping.is_set():
            delay = self._cycle(force=False)
            self._wake.wait(delay)
            self._wake.clear()

    def run_once(self, *, force: bool = True) -> SyncStatus:
        """One cycle on the calling thread (the command line and tests); ``force`` sends every
        waiting entry now, whatever its retry time."""
        self._cycle(force=force)
        return self._status

    def reserve(self, count: int) -> int:
        """Reserve CCCIDs until ``count`` are usable here, or the service cannot be reached or
        refuses; returns how many are usable (on the calling thread, between cycles)."""
        with self._cycle_lock:
            session = self._session
            pacer = self._pacer()
            try:
                pacer.call(lambda: check_server(session), progress=False)
                while True:
                    before = self._usable()
                    if before >= count or top_up(session, want=count, pacer=pacer) is not None:
                        break
                    if self._usable() <= before:
                        break
            except (CentralError, PassEnded):
                pass
            return self._usable()

    def _usable(self) -> int:
        with self.store.read() as conn:
            return leases_store.usable_count(conn, self.store.server_now())

    # ---- one cycle ---------------------------------------------------------------------------

    def _pacer(self) -> Pacer:
        # In-place waits end as soon as the engine is asked to stop.
        return Pacer(self.config.retry, sleep=self._stopping.wait)

    def _cycle(self, *, force: bool) -> float:
        """Run one cycle; return how long to sleep before the next."""
        with self._cycle_lock:
            self._emit(syncing=True, message="Syncing…")
            pacer = self._pacer()
            try:
                return self._sync(force, pacer)
            except PassEnded as ended:
                return self._failed(pacer, ended.cause)
            except CentralError as error:
                return self._failed(pacer, error)
            except StoreError as error:
                self._failures += 1
                self._emit(syncing=False, message=str(error))
                return self.config.backoff.delay(self._failures)
            except Exception as error:
                log.exception("sync cycle failed")
                self._failures += 1
                self._emit(
                    syncing=False,
                    message=f"Sync failed unexpectedly ({type(error).__name__}); retrying.",
                )
                return self.config.backoff.delay(self._failures)

    def _failed(self, pacer: Pacer, error: CentralError) -> float:
        """A cycle that ended early: how long to wait, and what to say."""
        if pacer.progress:
            # Something was confirmed or stored: the network works, so this is not one more
            # failed cycle in a row, and the next comes back within seconds.
            self._failures = 0
        if isinstance(error, SignInRequiredError):
            self._online = True
            self._sign_in_required = True
            self._emit(syncing=False, message=f"{error.message} Uploads wait until then.")
            return self.config.sign_in_wait
        self._failures += 1
        if isinstance(error, OfflineError):
            self._online = False
            message = "Offline: accounts are saved here and uploaded later."
        elif isinstance(error, RetryableError):
            self._online = True
            message = f"{error.message} Trying again soon."
        else:
            self._online = True
            message = error.message
        self._emit(syncing=False, message=message)
        retry_after = error.retry_after if isinstance(error, RetryableError) else None
        return self.config.backoff.delay(self._failures, retry_after)

    def _sync(self, force: bool, pacer: Pacer) -> float:
        session = self._session
        pacer.call(lambda: check_server(session), progress=False)
        self._online = True
        self._sign_in_required = False
        report = push_outbox(session, force=force, pacer=pacer)
        _, epoch_changed = pull_changes(session, pacer)
        if epoch_changed:
            report = push_outbox(session, force=True, pacer=pacer)
        lease_problem = top_up(session, pacer=pacer)
        server_now = self.store.server_now()
        with self.store.transaction() as conn:
            sync_state.mark_synced(conn, server_now)
            retry_at = outbox.earliest_retry(conn)
        self._failures = 0
        status = self._emit(syncing=False, message=lease_problem or _summary(report))
        if retry_at is not None and status.queued:
            until = (retry_at - self.store.clock()).total_seconds()
            return max(1.0, min(self.config.poll_interval, until))
        return self.config.poll_interval


def _summary(report: PushReport) -> str:
    parts = []
    if report.confirmed:
        parts.append(f"{report.confirmed} uploaded")
    if report.needs_review:
        parts.append(f"{report.needs_review} need review")
    if report.needs_attention:
        parts.append(f"{report.needs_attention} need attention")
    if report.retry_later:
        parts.append(f"{report.retry_later} will be retried")
    return ("Synced: " + ", ".join(parts) + ".") if parts else "Up to date."
