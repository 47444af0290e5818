"""Upload the outbox, oldest first, each entry under its own Idempotency-Key.

For each entry: mark it ``sent`` (committed), send it, then record the answer in one transaction.
A crash anywhere in between leaves the entry ``queued`` or ``sent``, and both are simply sent
again with the same key; the server answers a repeat from its stored response (guarantee 2).

How answers are handled (guarantee 3):

* created, or created and flagged as a possible duplicate (guarantee 7) → ``confirmed``; the cache
  gets the server's copy (a flagged account is listed for review from there, and leaves the list
  when a person resolves it on the server) and the SSN leaves the outbox payload.
* held for review (no account made) → ``needs_review``, request kept for a decision.
* network error, timeout, 5xx, 429 → queued again with backoff; no network or 429 also ends this
  pass (the engine backs off as a whole, honouring Retry-After).
* 401 that a refresh cannot fix → queued again; the pass ends until someone signs in.
* any other 4xx → ``needs_attention`` with the server's message. One exception: a create whose SSN
  was already removed (confirmed before a restore) and whose key the server still holds comes back
  "key reused"; that means the server kept the original, which is checked and confirmed.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from app.services.central_client import (
    CentralClient,
    CreateAnswer,
    OfflineError,
    RequestRefusedError,
    RetryableError,
    SignInRequiredError,
    WriteAnswer,
)
from app.services.failpoints import failpoint
from app.services.store import accounts, outbox
from app.services.store.outbox import OutboxEntry
from app.services.sync.session import SyncSession

log = logging.getLogger("app.sync")


@dataclass
class PushReport:
    """What one pass over the outbox did."""

    confirmed: int = 0
    needs_review: int = 0
    needs_attention: int = 0
    retry_later: int = 0


class PassStopped(Exception):
    """The pass ended early; ``cause`` says why (offline, rate limited, sign-in needed)."""

    def __init__(self, cause: Exception) -> None:
        super().__init__(str(cause))
        self.cause = cause


def push_outbox(session: SyncSession, *, force: bool = False) -> PushReport:
    """Send every due entry once, oldest first. ``force`` ignores retry times (``--once``)."""
    report = PushReport()
    after = 0
    store = session.store
    cap = dt.timedelta(seconds=session.config.backoff.cap * 2)
    while True:
        with store.read() as conn:
            entry = outbox.next_due(
                conn, after_seq=after, laptop_now=store.clock(), retry_cap=cap, force=force
            )
        if entry is None:
            return report
        after = entry.seq
        _push_one(session, entry, report)


def _push_one(session: SyncSession, entry: OutboxEntry, report: PushReport) -> None:
    store = session.store
    with store.transaction() as conn:
        outbox.mark_sent(conn, entry.id)
    failpoint("before_send")
    try:
        if entry.kind == "account.create":
            created = session.client.create_account(entry.payload, entry.id)
            failpoint("after_send")
            _record_create(session, entry, created, report)
        elif entry.kind == "account.link":
            linked = session.client.link_account(entry.cccid, entry.payload, entry.id)
            failpoint("after_send")
            # The linked account may be another college's: nothing goes into this cache.
            _confirm(session, entry, account=None, response=linked.model_dump(mode="json"))
            report.confirmed += 1
        else:
            written = session.client.reissue_credentials(entry.cccid, entry.payload, entry.id)
            failpoint("after_send")
            _record_write(session, entry, written, report)
    except RequestRefusedError as error:
        kept = _kept_by_server(session.client, entry, error)
        if kept is not None:
            _record_verified(session, entry, kept, report)
            return
        with store.transaction() as conn:
            outbox.needs_attention(
                conn, entry.id, message=error.message, code=error.code, response=error.body
            )
            if entry.kind == "account.create":
                accounts.set_upload_state(conn, entry.cccid, "needs_attention")
        report.needs_attention += 1
        log.info("upload %s refused (%s): needs attention", entry.id, error.code)
    except RetryableError as error:
        wait = session.config.backoff.delay(entry.attempts + 1, error.retry_after)
        with store.transaction() as conn:
            outbox.schedule_retry(
                conn,
                entry.id,
                message=error.message,
                code=error.code,
                at=store.clock() + dt.timedelta(seconds=wait),
            )
        report.retry_later += 1
        # Unreachable, overloaded (429) or too slow to answer: the next entries would fare the
        # same, so the pass ends and the engine backs off. A 5xx may be about this entry alone.
        if isinstance(error, OfflineError) or error.status == 429 or error.code == "timeout":
            raise PassStopped(error) from None
    except SignInRequiredError as error:
        with store.transaction() as conn:
            outbox.schedule_retry(
                conn, entry.id, message=error.message, code=error.code, at=store.clock()
            )
        raise PassStopped(error) from None


def _kept_by_server(
    client: CentralClient, entry: OutboxEntry, error: RequestRefusedError
) -> dict[str, Any] | None:
    """The account, when a "key reused" refusal means the server already holds this very create.

    Only for a create whose SSN this desk removed after the server first confirmed it: its body
    now differs from the one stored under its key, so after a restore that kept the account the
    server answers "key reused" rather than replaying. The leased CCCID is this desk's alone, so
    an account under it is this create's.
    """
    if error.code != "idempotency_key_reused" or entry.kind != "account.create":
        return None
    if not entry.ssn_scrubbed:
        return None
    try:
        return client.get_account(entry.cccid).model_dump(mode="json")
    except RequestRefusedError:
        return None


def _confirm(
    session: SyncSession,
    entry: OutboxEntry,
    *,
    account: dict[str, Any] | None,
    response: dict[str, Any],
) -> None:
    store = session.store
    with store.transaction() as conn:
        if account is not None:
            accounts.upsert_from_server(conn, account, session.epoch, from_feed=False)
        outbox.confirm(
            conn,
            entry.id,
            response=response,
            confirmed_at=store.server_now(),
            epoch=session.epoch,
        )
        failpoint("before_confirm")


def _record_create(
    session: SyncSession, entry: OutboxEntry, answer: CreateAnswer, report: PushReport
) -> None:
    result = answer.result
    if result.outcome in ("created", "created_needs_review") and result.account is not None:
        _confirm(
            session, entry, account=result.account.model_dump(mode="json"), response=answer.raw
        )
        if result.outcome == "created_needs_review":
            report.needs_review += 1
        else:
            report.confirmed += 1
        return
    store = session.store
    with store.transaction() as conn:
        if result.outcome == "needs_review":
            outbox.hold_for_review(
                conn,
                entry.id,
                response=answer.raw,
                message="The central service found possible duplicates in other records; "
                "decide about them, then send this account again.",
            )
            report.needs_review += 1
        else:  # "linked": a create with a leased CCCID never asks for that; a person must look
            outbox.needs_attention(
                conn,
                entry.id,
                message="The central service linked this request to an existing account "
                "instead of creating one; the CCCID on the slip was not used.",
                code="linked",
                response=answer.raw,
            )
            report.needs_attention += 1
        accounts.set_upload_state(conn, entry.cccid, "needs_attention")


def _record_write(
    session: SyncSession, entry: OutboxEntry, answer: WriteAnswer, report: PushReport
) -> None:
    _confirm(session, entry, account=answer.account.model_dump(mode="json"), response=answer.raw)
    report.confirmed += 1


def _record_verified(
    session: SyncSession, entry: OutboxEntry, account: dict[str, Any], report: PushReport
) -> None:
    _confirm(
        session,
        entry,
        account=account,
        response={"outcome": "kept_by_server", "account": account, "candidates": []},
    )
    report.confirmed += 1
