"""One sync cycle's shared state, and how the engine learns the server's epoch and clock.

Every cycle starts with ``GET /v1/server``: its ``server_time`` gives the offset between the
laptop's clock and the server's (guarantee 6: expiry and order are judged by the server's clock),
and its ``epoch`` tells whether the server was restored since the last contact (guarantee 5).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from app.services.central_client import CentralClient
from app.services.clock import measure_offset
from app.services.store import (
    LocalStore,
    ServerMismatchError,
    audit,
    outbox,
    settings,
    sync_state,
)
from app.services.sync.config import SyncConfig

log = logging.getLogger("app.sync")

RESTORE_REASON = (
    "The central service was restored from a backup; this upload is sent again in case the "
    "restore lost it. The server applies it only once."
)


@dataclass
class SyncSession:
    """What the steps of one cycle share."""

    store: LocalStore
    client: CentralClient
    config: SyncConfig
    epoch: str = ""
    college_code: str | None = None


def check_server(session: SyncSession) -> str:
    """Measure the server's clock, notice a new epoch, and return the epoch in force."""
    store = session.store
    sent_at = store.clock()
    info = session.client.server_info()
    received_at = store.clock()
    offset = measure_offset(sent_at, received_at, info.server_time)
    with store.transaction() as conn:
        _refuse_another_service(sync_state.load(conn), session.client.base_url, str(info.epoch))
        sync_state.record_clock(conn, offset, received_at)
        if sync_state.attach(conn, session.client.base_url, session.college_code):
            log.info("following a new server or college: the change feed starts again")
    adopt_epoch(session, str(info.epoch))
    return session.epoch


def _refuse_another_service(state: sync_state.SyncState, url: str, epoch: str) -> None:
    """A new address with a new epoch is another service (say, a sandbox and production), not
    a restore: re-sending this desk's work there would create accounts in the wrong system.
    The same epoch under a new address is the same service moved, and is fine."""
    if state.server_url is None or state.server_url == url or state.epoch in (None, epoch):
        return
    raise ServerMismatchError(
        f"This workstation's Account Desk data belongs to the central service at "
        f"{state.server_url}, not {url}. Nothing was sent. Use a separate data folder "
        "(ACCOUNT_DESK_DATA_DIR) for another service, or ask support if the service moved."
    )


def adopt_epoch(session: SyncSession, epoch: str) -> bool:
    """Switch to ``epoch`` if it is new; True when it was.

    On a change from a known epoch (a restore): the feed starts again from the beginning, every
    entry confirmed in an earlier epoch is queued again (the server's idempotency keys tell
    whether the restore kept its effect), and the reserved CCCIDs are checked against the
    server's list before any more are handed out. Nothing is thrown away.
    """
    store = session.store
    with store.transaction() as conn:
        previous = sync_state.load(conn).epoch
        session.epoch = epoch
        if previous == epoch:
            return False
        sync_state.set_epoch(conn, epoch)
        if previous is None:
            return True
        requeued = outbox.requeue_for_new_epoch(conn, epoch, RESTORE_REASON)
        settings.LEASE_RECONCILE_EPOCH.put(conn, epoch)
        audit.record(
            conn,
            action="sync.epoch_changed",
            staff_username=None,
            server_time=store.server_now(),
            laptop_time=store.clock(),
            details={"from": previous, "to": epoch, "requeued": requeued},
        )
    log.warning("central service epoch changed; %d uploads queued again", requeued)
    return True
