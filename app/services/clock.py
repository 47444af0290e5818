"""Time on the desktop: the laptop's clock, the server's clock as estimated from it, and the one
text form times are stored in locally.

DESIGN.md guarantee 6: order and expiry come from the server's clock, never the laptop's. The
laptop's clock is only used to *estimate* the server's (``laptop now + offset``, the offset
measured at the last contact with the central service), and to time retries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

WallClock = Callable[[], dt.datetime]
"""A source of "now" (aware, UTC). Tests pass a laptop clock that is deliberately wrong."""


def utc_now() -> dt.datetime:
    """This computer's clock, in UTC."""
    return dt.datetime.now(dt.UTC)


def to_db(value: dt.datetime) -> str:
    """A time as stored locally: UTC, fixed width, so text order is time order."""
    if value.tzinfo is None:
        raise ValueError("naive datetimes are ambiguous; pass an aware datetime")
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def from_db(text: str) -> dt.datetime:
    """The inverse of :func:`to_db` (also accepts any ISO 8601 text with an offset)."""
    value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


def measure_offset(
    sent_at: dt.datetime, received_at: dt.datetime, server_time: dt.datetime
) -> dt.timedelta:
    """Server clock minus laptop clock, taking the server's reading as made mid-request."""
    midpoint = sent_at + (received_at - sent_at) / 2
    return server_time - midpoint
