"""The change feed: a college's accounts in server order, for the desktop cache.

Each account row carries the id of the transaction that last wrote it (``change_txid``) and a
sequence number. A page returns only rows written by transactions older than every transaction
still running (``pg_snapshot_xmin``), ordered by (txid, seq). A writer still in flight therefore
always sorts after any cursor handed out so far, so a cursor can never skip it: no gaps, and since
rows are ordered by a strict key, no repeats (DESIGN.md guarantee 4 relies on this).

The cursor is opaque to clients: ``epoch.txid.seq``. A cursor from another epoch is refused with
410, and the client starts again from an empty cursor and re-sends what is unconfirmed.
"""

from __future__ import annotations

import uuid

from app.models.api import ChangePage
from app.models.staff import Permission, Role
from central.db.pool import Connection
from central.errors import ServiceError, invalid
from central.services.accounts import ACCOUNT_SELECT, account_out, server_now
from central.services.actor import Actor

MAX_PAGE = 5000


def _parse_cursor(cursor: str, epoch: uuid.UUID) -> tuple[int, int]:
    if not cursor:
        return (0, 0)
    try:
        epoch_text, txid, seq = cursor.split(".")
        cursor_epoch = uuid.UUID(epoch_text)
        position = (int(txid), int(seq))
    except ValueError:
        raise invalid(
            "cursor", "cursor is not one this server handed out; start from ''."
        ) from None
    if cursor_epoch != epoch:
        raise ServiceError(
            410,
            "epoch_changed",
            "The central service was restored since this cursor was made. Pull from the start "
            "and re-send every change it has not confirmed.",
            extra={"epoch": str(epoch)},
        )
    return position


def changes_since(
    conn: Connection,
    actor: Actor,
    epoch: uuid.UUID,
    cursor: str,
    limit: int,
    college_id: int | None = None,
) -> ChangePage:
    """One page of changes for the actor's college after ``cursor``."""
    actor.require(Permission.VIEW_ACCOUNTS)
    if not 1 <= limit <= MAX_PAGE:
        raise invalid("limit", f"limit must be between 1 and {MAX_PAGE}.")
    if actor.role is not Role.SYSTEM_ADMIN:
        college_id = actor.college_id
    if college_id is None:
        raise invalid("college", "Name the college whose changes you want.")
    txid, seq = _parse_cursor(cursor, epoch)
    rows = conn.execute(
        ACCOUNT_SELECT + " WHERE a.college_id = %s"
        "   AND (a.change_txid, a.change_seq) > (%s::text::xid8, %s)"
        "   AND a.change_txid < pg_snapshot_xmin(pg_current_snapshot())"
        " ORDER BY a.change_txid, a.change_seq LIMIT %s",
        (college_id, str(txid), seq, limit + 1),
    ).fetchall()
    has_more = len(rows) > limit
    rows = rows[:limit]
    if rows:
        last = rows[-1]
        next_cursor = f"{epoch}.{last['change_txid']}.{last['change_seq']}"
    else:
        next_cursor = cursor or f"{epoch}.0.0"
    now = server_now(conn)
    return ChangePage(
        epoch=epoch,
        changes=[account_out(r, now) for r in rows],
        next_cursor=next_cursor,
        has_more=has_more,
    )
