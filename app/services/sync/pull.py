"""Pull the college's change feed into the cache, page by page.

Each page's rows and the cursor after them commit in ONE transaction (guarantee 4): a crash
between pages loses nothing and repeats nothing. A 410 (or a page from another epoch) means the
server was restored: the engine adopts the new epoch, which restarts the feed from the beginning.
A page whose answer is lost is asked for again in place (the cycle's :class:`Pacer`), so one lost
answer does not end the cycle; the pages already stored stay stored either way.
"""

from __future__ import annotations

import functools

from app.services.central_client import EpochChangedError
from app.services.failpoints import failpoint
from app.services.store import accounts, sync_state
from app.services.sync.config import Pacer
from app.services.sync.session import SyncSession, adopt_epoch, check_server


def pull_changes(session: SyncSession, pacer: Pacer | None = None) -> tuple[int, bool]:
    """Pull until the feed is exhausted; returns (rows stored, whether the epoch changed)."""
    pacer = pacer or Pacer(session.config.retry)
    store = session.store
    size = session.config.pull_page_size
    stored = 0
    changed = False
    for _ in range(session.config.max_pages_per_cycle):
        with store.read() as conn:
            cursor = sync_state.load(conn).feed_cursor
        try:
            page = pacer.call(functools.partial(session.client.changes_since, cursor, size))
        except EpochChangedError as error:
            if error.epoch:
                changed |= adopt_epoch(session, error.epoch)
            else:
                before = session.epoch
                now = pacer.call(functools.partial(check_server, session), progress=False)
                changed |= now != before
            continue
        if str(page.epoch) != session.epoch:
            changed |= adopt_epoch(session, str(page.epoch))
            continue
        with store.transaction() as conn:
            for account in page.changes:
                accounts.upsert_from_server(conn, account.model_dump(mode="json"), session.epoch)
            sync_state.set_cursor(conn, page.next_cursor)
        failpoint("after_pull_page")
        stored += len(page.changes)
        if not page.has_more:
            break
    return stored, changed
