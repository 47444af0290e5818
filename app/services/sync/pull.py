"""Pull the college's change feed into the cache, page by page.

Each page's rows and the cursor after them commit in ONE transaction (guarantee 4): a crash
between pages loses nothing and repeats nothing. A 410 (or a page from another epoch) means the
server was restored: the engine adopts the new epoch, which restarts the feed from the beginning.
"""

from __future__ import annotations

from app.services.central_client import EpochChangedError
from app.services.failpoints import failpoint
from app.services.store import accounts, sync_state
from app.services.sync.session import SyncSession, adopt_epoch, check_server


def pull_changes(session: SyncSession) -> tuple[int, bool]:
    """Pull until the feed is exhausted; returns (rows stored, whether the epoch changed)."""
    store = session.store
    stored = 0
    changed = False
    for _ in range(session.config.max_pages_per_cycle):
        with store.read() as conn:
            cursor = sync_state.load(conn).feed_cursor
        try:
            page = session.client.changes_since(cursor, session.config.pull_page_size)
        except EpochChangedError as error:
            if error.epoch:
                changed |= adopt_epoch(session, error.epoch)
            else:
                before = session.epoch
                changed |= check_server(session) != before
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
