"""Keep enough CCCIDs reserved on this workstation for the next offline stretch.

While online: drop reserved IDs whose lease expired (by the server's clock), and when fewer than
``lease_low_water`` remain, ask for ``lease_batch`` more. The lease request's Idempotency-Key is
saved before it is sent, so a lost answer is fetched again rather than burning another block: in
place, a few times (the cycle's :class:`Pacer`), and by a later cycle if those tries fail too.
After a restore the reserved IDs are first checked against the server's own list.
"""

from __future__ import annotations

import functools
import uuid

from app.services.central_client import RequestRefusedError
from app.services.store import audit, leases, settings
from app.services.sync.config import Pacer
from app.services.sync.session import SyncSession

LEASE_REQUEST_MAX = 1000
"""The central service's largest lease."""


def reconcile(session: SyncSession, pacer: Pacer | None = None) -> None:
    """Match the reserved IDs with the server's list: forget those it no longer reserves for
    this workstation, and add any it reserves that this store missed."""
    store = session.store
    open_leases = (pacer or Pacer(session.config.retry)).call(session.client.open_leases)
    reserved = {c for lease in open_leases for c in lease.cccids}
    with store.transaction() as conn:
        leases.drop_unused_except(conn, reserved)
        for lease in open_leases:
            leases.add(conn, lease.lease_id, lease.expires_at, lease.cccids, session.epoch)
        settings.LEASE_RECONCILE_EPOCH.clear(conn)


def top_up(session: SyncSession, want: int | None = None, pacer: Pacer | None = None) -> str | None:
    """Reserve more CCCIDs if needed; returns a message for the status line when it could not.

    ``want``: reserve up to this many usable IDs (a spreadsheet import about to create that many
    accounts) instead of the usual low-water mark; one request asks for at most LEASE_REQUEST_MAX.
    """
    store = session.store
    config = session.config
    pacer = pacer or Pacer(config.retry)
    now = store.server_now()
    with store.transaction() as conn:
        leases.drop_expired(conn, now)
        must_reconcile = settings.LEASE_RECONCILE_EPOCH.get(conn) == session.epoch
        usable = leases.usable_count(conn, now)
    try:
        if must_reconcile:
            reconcile(session, pacer)
            with store.read() as conn:
                usable = leases.usable_count(conn, now)
        goal = config.lease_low_water if want is None else want
        if usable >= goal:
            return None
        size = config.lease_batch if want is None else min(LEASE_REQUEST_MAX, want - usable)
        with store.transaction() as conn:
            key = settings.LEASE_REQUEST_KEY.get(conn)
            if key is None:
                key = str(uuid.uuid4())
                settings.LEASE_REQUEST_KEY.put(conn, key)
        lease = pacer.call(
            functools.partial(session.client.lease_cccids, max(size, config.lease_batch), key)
        )
    except RequestRefusedError as error:
        with store.transaction() as conn:
            settings.LEASE_REQUEST_KEY.clear(conn)
        return f"No more CCCIDs could be reserved: {error.message}"
    with store.transaction() as conn:
        added = leases.add(conn, lease.lease_id, lease.expires_at, lease.cccids, session.epoch)
        settings.LEASE_REQUEST_KEY.clear(conn)
        audit.record(
            conn,
            action="cccid.lease",
            staff_username=None,
            server_time=store.server_now(),
            laptop_time=store.clock(),
            target=f"lease {lease.lease_id}",
            details={"size": len(lease.cccids), "new": added},
        )
    return None
