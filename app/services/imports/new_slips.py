"""New slips for an import's created rows whose slips nobody printed.

A temporary password exists in plaintext only in the memory of the run that made it (it is never
stored), so when the app closes or crashes between creating rows and printing their slips, or the
command line commits without ``--slips``, those students' passwords are gone. Each such row is
marked (``import_rows.slip_at`` is NULL) until its slip reaches staff; this module gives those
accounts new temporary passwords, exactly as a reprint at the desk does (an
``account.credentials`` outbox entry that follows the account's create, an audit entry), and
returns their slips to print as one batch.

Passwords are hashed on worker threads before each batch's transaction, as in a commit; a batch
is one transaction, so a crash here leaves each row either with its new password queued or
untouched (and offered again), never half done. An account the student has already reclaimed, or
one discarded before upload, gets no slip: the row is marked with the reason instead.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from app.models.account import StudentFields
from app.services import slips
from app.services.accounts_local import queue_credentials, reissue_problem
from app.services.credentials import hash_temp_password, new_temp_password
from app.services.imports.commit import BATCH, MadeSlip, SlipDetails, confirm_slips
from app.services.staff_session import StaffIdentity
from app.services.store import LocalStore, accounts
from app.services.store import imports as import_store

Progress = Callable[[int, int], bool]


@dataclass
class NewSlipsReport:
    """What one pass made."""

    slips: list[MadeSlip] = field(default_factory=list)
    no_slip: dict[int, str] = field(default_factory=dict)
    """Rows that cannot get a slip, and why (for staff)."""
    cancelled: bool = False
    waiting: dict[int, str] = field(default_factory=dict)
    """Rows whose account the service refused: no slip until it is corrected (still offered)."""
    confirmed: int = 0
    """Slips whose new passwords the service confirmed before they were handed back."""


def rows_needing_slips(store: LocalStore, session_id: str) -> list[int]:
    """The created rows of the import whose slips nobody has printed."""
    with store.read() as conn:
        return import_store.rows_without_slip(conn, session_id)


def make_new_slips(
    store: LocalStore,
    session_id: str,
    staff: StaffIdentity,
    details: SlipDetails,
    row_nos: Sequence[int],
    *,
    upload: Callable[[], object] | None = None,
    progress: Progress | None = None,
    batch: int = BATCH,
    make_password: Callable[[], str] = new_temp_password,
) -> NewSlipsReport:
    """New temporary passwords and slips for ``row_nos`` (created rows without a printed slip).
    The rows are marked given only when the caller has printed the slips
    (:func:`import_store.mark_slips_given`). Online, ``upload()`` sends the new passwords first,
    so a slip the service confirmed prints its expiry."""
    report = NewSlipsReport()
    total, done = len(row_nos), 0
    workers = max(1, min(4, os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="argon2") as pool:
        for start in range(0, total, batch):
            chunk = row_nos[start : start + batch]
            with store.read() as conn:
                rows = import_store.rows(conn, session_id, row_nos=chunk, status="created")
                cached = {r.row_no: accounts.get(conn, r.cccid or "") for r in rows}
            wanted = [r for r in rows if r.slip_at is None]
            # Refused by the service: a new password would wait behind it. Offered again once
            # it is corrected on the Sync page.
            waiting = {
                r.row_no: _refused(r.cccid or "?")
                for r in wanted
                if (account := cached[r.row_no]) is not None
                and account.upload_state == "needs_attention"
            }
            report.waiting.update(waiting)
            wanted = [r for r in wanted if r.row_no not in waiting]
            problems = {
                r.row_no: problem
                for r in wanted
                if (problem := reissue_problem(cached[r.row_no], r.cccid or "?")) is not None
            }
            fresh = [r for r in wanted if r.row_no not in problems]
            passwords = {r.row_no: make_password() for r in fresh}
            hashes = dict(
                zip(passwords, pool.map(hash_temp_password, passwords.values()), strict=True)
            )
            issued_at = store.server_now()
            made: list[MadeSlip] = []
            with store.transaction() as conn:
                # Read again inside the transaction: another pass (a second window) may have
                # printed these rows since; they are then left alone.
                still = {
                    r.row_no
                    for r in import_store.rows(conn, session_id, row_nos=chunk, status="created")
                    if r.slip_at is None
                }
                for row in fresh:
                    if row.row_no not in still:
                        continue
                    assert row.cccid is not None  # a created row has its CCCID
                    account = cached[row.row_no]
                    assert account is not None  # reissue_problem said so otherwise
                    entry_id = str(uuid.uuid4())
                    queue_credentials(
                        conn, store, row.cccid, staff, password_hash=hashes[row.row_no],
                        entry_id=entry_id, issued_at=issued_at,
                    )  # fmt: skip
                    made.append(
                        MadeSlip(
                            row.row_no,
                            outbox_id=entry_id,
                            slip=slips.slip_from_account(
                                cccid=row.cccid,
                                student=_names(account.student),
                                temp_password=passwords[row.row_no],
                                college_name=details.college_name,
                                created_by=details.created_by,
                                issued_at=issued_at,
                                reclaim_url=details.reclaim_url,
                                server_expires_at=None,
                                is_reprint=True,
                            ),
                        )
                    )
                for row_no, problem in problems.items():
                    if row_no in still:
                        import_store.mark_slips_given(
                            conn, session_id, [row_no], issued_at, message=f"No slip: {problem}"
                        )
            report.slips.extend(made)
            report.no_slip.update(problems)
            done += len(chunk)
            if progress is not None and not progress(done, total):
                report.cancelled = done < total
                break
    if upload is not None and report.slips:
        upload()
        after = confirm_slips(store, report.slips)
        report.slips, report.confirmed = after.slips, after.confirmed
        report.waiting.update(after.refused)
    return report


def _refused(cccid: str) -> str:
    return (
        f"The statewide service refused CCCID {cccid}: correct it on the Sync page (Edit and "
        "send again), then make its new password."
    )


def _names(student: Mapping[str, Any]) -> StudentFields:
    """The cached account's names for the slip. Built without validation: only the names are
    read (the slip never shows the birthdate or SSN), and an older cached record that today's
    rules would refuse must still get its slip."""
    return StudentFields.model_construct(
        **{k: v for k, v in student.items() if k in StudentFields.model_fields}
    )
