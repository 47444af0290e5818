"""Upload the outbox, oldest first, each entry under its own Idempotency-Key.

For each entry: mark it ``sent`` (committed), send it, then record the answer in one transaction.
A crash anywhere in between leaves the entry ``queued`` or ``sent``, and both are simply sent
again with the same key; the server answers a repeat from its stored response (guarantee 2).

How answers are handled (guarantee 3):

* created, or created and flagged as a possible duplicate (guarantee 7) → ``confirmed``; the cache
  gets the server's copy (a flagged account is listed for review from there, and leaves the list
  when a person resolves it on the server) and the SSN leaves the outbox payload.
* held for review (no account made) → ``needs_review``, request kept for a decision.
* network error, lost or truncated answer, timeout, 5xx, 429 → sent again in place after a short
  wait, a few times (:class:`~app.services.sync.config.Pacer`; each try is marked ``sent``
  first and carries the same key); when its tries run out it is queued again with backoff and
  the pass carries on with the next entry, keeping what the others achieved. The pass ends
  early only when the network looks down (connect failures or timeouts in a row, or many
  failures in a row) or the server asks for a long pause (Retry-After): the engine then waits.
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

from app.models.api import AccountLinkOut
from app.services.central_client import (
    CentralClient,
    CreateAnswer,
    RequestRefusedError,
    RetryableError,
    SignInRequiredError,
    WriteAnswer,
)
from app.services.failpoints import failpoint
from app.services.store import accounts, outbox
from app.services.store.outbox import OutboxEntry
from app.services.sync.config import Pacer, PassEnded
from app.services.sync.session import SyncSession

log = logging.getLogger("app.sync")


@dataclass
class PushReport:
    """What one pass over the outbox did."""

    confirmed: int = 0
    needs_review: int = 0
    needs_attention: int = 0
    retry_later: int = 0


Answer = CreateAnswer | AccountLinkOut | WriteAnswer


def push_outbox(
    session: SyncSession, *, force: bool = False, pacer: Pacer | None = None
) -> PushReport:
    """Send every due entry, oldest first. ``force`` ignores retry times (``--once``).

    Raises :class:`PassEnded` or :class:`SignInRequiredError` when the pass stops early; every
    entry answered before that is recorded already (one transaction each).
    """
    pacer = pacer or Pacer(session.config.retry)
    report = PushReport()
    after = 0
    store = session.store
    horizon = dt.timedelta(seconds=session.config.retry_horizon)
    while True:
        with store.read() as conn:
            entry = outbox.next_due(
                conn, after_seq=after, laptop_now=store.clock(), retry_cap=horizon, force=force
            )
        if entry is None:
            return report
        after = entry.seq
        _push_one(session, entry, report, pacer)


def _send(session: SyncSession, entry: OutboxEntry) -> Answer:
    """One try: committed as ``sent`` first, so a crash during the request re-sends it."""
    with session.store.transaction() as conn:
        outbox.mark_sent(conn, entry.id)
    failpoint("before_send")
    answer: Answer
    if entry.kind == "account.create":
        answer = session.client.create_account(entry.payload, entry.id)
    elif entry.kind == "account.link":
        answer = session.client.link_account(entry.cccid, entry.payload, entry.id)
    else:
        answer = session.client.reissue_credentials(entry.cccid, entry.payload, entry.id)
    failpoint("after_send")
    return answer


def _push_one(session: SyncSession, entry: OutboxEntry, report: PushReport, pacer: Pacer) -> None:
    store = session.store
    try:
        answer = pacer.call(lambda: _send(session, entry))
    except RequestRefusedError as error:
        try:
            kept = _kept_by_server(session.client, entry, error, pacer)
        except PassEnded as ended:
            _retry_later(session, entry, ended.cause, report)
            raise
        except RetryableError as lost:  # could not look: ask again in a later pass
            _retry_later(session, entry, lost, report)
            return
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
        return
    except PassEnded as ended:
        _retry_later(session, entry, ended.cause, report)
        raise
    except RetryableError as error:
        # Its tries ran out: a later cycle sends it again; the next entries may fare better.
        _retry_later(session, entry, error, report)
        return
    except SignInRequiredError as error:
        with store.transaction() as conn:
            outbox.schedule_retry(
                conn, entry.id, message=error.message, code=error.code, at=store.clock()
            )
        raise
    if isinstance(answer, CreateAnswer):
        _record_create(session, entry, answer, report)
    elif isinstance(answer, WriteAnswer):
        _record_write(session, entry, answer, report)
    else:
        # The linked account may be another college's: nothing goes into this cache.
        _confirm(session, entry, account=None, response=answer.model_dump(mode="json"))
        report.confirmed += 1


def _retry_later(
    session: SyncSession, entry: OutboxEntry, error: RetryableError, report: PushReport
) -> None:
    store = session.store
    config = session.config
    with store.transaction() as conn:
        current = outbox.get(conn, entry.id)
        attempts = current.attempts if current is not None else entry.attempts + 1
        # Backoff by passes, not sends: the first pass that used up its tries comes back
        # within seconds (the server was reachable: the next pass may well get through), and
        # only an entry that keeps failing pass after pass waits longer, up to the cap.
        passes = max(1, attempts // config.retry.tries)
        wait = config.backoff.delay(passes, error.retry_after)
        outbox.schedule_retry(
            conn,
            entry.id,
            message=error.message,
            code=error.code,
            at=store.clock() + dt.timedelta(seconds=wait),
        )
    report.retry_later += 1


def _kept_by_server(
    client: CentralClient, entry: OutboxEntry, error: RequestRefusedError, pacer: Pacer
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
        return pacer.call(lambda: client.get_account(entry.cccid)).model_dump(mode="json")
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
