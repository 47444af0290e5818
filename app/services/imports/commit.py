"""Commit an import: decided rows become outbox entries, a batch at a time, with progress and
cancel. Each batch is one local transaction holding its accounts (leased CCCIDs taken), outbox
entries, audit entries and the rows' outcomes, so a crash or a closed app resumes at the first
row not yet done and never creates a row twice. Works offline with the CCCIDs reserved here.

Temporary passwords are made and hashed (argon2id, tens of ms each) on worker threads before a
batch's transaction; the plaintext stays in memory for the batch of slips and is never stored.

A row whose email another account holds is never created: each create checks the accounts kept
here in its batch's transaction (so two rows of one file with one address cannot both pass) and
the row's candidates. Online, the new accounts are uploaded (``upload``) before the slips are
handed back, as the single form does: a confirmed account's slip prints the service's expiry; a
refused one gets no slip (correct it on the Sync page, then make its new password); any other
prints "not yet confirmed".
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace

from app.models.api import CreateDecision
from app.models.band import Band
from app.services import decide_first, slips
from app.services.accounts_local import confirmed_expiry, queue_create, queue_link
from app.services.credentials import hash_temp_password, new_temp_password
from app.services.failpoints import failpoint
from app.services.imports import duplicates, unique
from app.services.imports.validation import validate_fields
from app.services.spreadsheet import DateOrder
from app.services.staff_session import StaffIdentity
from app.services.store import Conn, LocalStore, audit, leases, outbox
from app.services.store import imports as import_store
from app.services.store.imports import ImportRow

Progress = Callable[[int, int], bool]
BATCH = 25


@dataclass(frozen=True)
class MadeSlip:
    """A created row's slip content (with its plaintext password: print it, drop it)."""

    row_no: int
    slip: slips.SlipContent = field(repr=False)
    outbox_id: str | None = None
    """The upload that confirms the slip's account (or new password)."""


@dataclass
class CommitReport:
    """What one commit pass did."""

    created: int = 0
    linked: int = 0
    skipped: int = 0
    left: int = 0
    """Decided rows still waiting (cancelled, or no CCCID reserved)."""
    stopped: str | None = None
    """Why the pass stopped early, for staff."""
    slips: list[MadeSlip] = field(default_factory=list)
    refused: dict[int, str] = field(default_factory=dict)
    """Rows not created, or created and refused by the service (no slip), with why."""
    confirmed: int = 0
    """Slips whose accounts the service confirmed before they were handed back."""


@dataclass(frozen=True)
class SlipDetails:
    """What every slip of the batch shares."""

    college_name: str
    created_by: str
    reclaim_url: str


def ready_rows(store: LocalStore, session_id: str) -> list[ImportRow]:
    """Pending rows that may be committed: valid, decided, and never a strong candidate decided
    by default (the rule a person's decision guards)."""
    with store.read() as conn:
        return ready_rows_in(conn, session_id)


def commit(
    store: LocalStore,
    session_id: str,
    staff: StaffIdentity,
    details: SlipDetails,
    *,
    reserve: Callable[[int], int] | None = None,
    upload: Callable[[], object] | None = None,
    progress: Progress | None = None,
    batch: int = BATCH,
    make_password: Callable[[], str] = new_temp_password,
) -> CommitReport:
    """Commit every ready row; ``reserve(n)`` asks the sync engine for CCCIDs and ``upload()``
    sends the outbox before the slips are handed back, when online."""
    report = CommitReport()
    rows = ready_rows(store, session_id)
    with store.transaction() as conn:
        info = import_store.get_session(conn, session_id)
        assert info is not None
        import_store.update_session(conn, session_id, store.server_now(), step="commit")
    order: DateOrder | None = (
        "mdy" if info.date_order == "mdy" else "dmy" if info.date_order == "dmy" else None
    )
    creates = sum(1 for r in rows if r.decision == "create")
    if reserve is not None and creates:
        reserve(creates)
    total = len(rows)
    done = 0
    workers = max(1, min(4, os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="argon2") as pool:
        for start in range(0, total, batch):
            chunk = rows[start : start + batch]
            with store.read() as conn:
                usable = leases.usable_count(conn, store.server_now())
            wanted = [r for r in chunk if r.decision == "create"]
            if len(wanted) > usable:
                # Take only the rows this workstation has CCCIDs for, in order; the rest wait.
                keep, allowed = [], usable
                for row in chunk:
                    if row.decision == "create":
                        if allowed == 0:
                            break
                        allowed -= 1
                    keep.append(row)
                chunk = keep
                report.stopped = (
                    "No more CCCIDs are reserved on this computer. The remaining rows wait: "
                    "connect to the network and continue the import."
                )
            # Only new accounts get a password; hashing is the slow part, so all cores share it.
            passwords = {r.row_no: make_password() for r in chunk if r.decision == "create"}
            hashes = pool.map(hash_temp_password, passwords.values())
            secrets = dict(
                zip(passwords, zip(passwords.values(), hashes, strict=True), strict=True)
            )
            _commit_batch(store, session_id, staff, details, order, chunk, secrets, report)
            done += len(chunk)
            failpoint("import_after_batch")
            if report.stopped:
                break
            if progress is not None and not progress(done, total):
                report.stopped = "Cancelled. The rows already committed stay; continue any time."
                break
    report.left = total - done
    if upload is not None and report.slips:
        upload()
        after = confirm_slips(store, report.slips)
        report.slips, report.confirmed = after.slips, after.confirmed
        report.refused.update(after.refused)
    with store.transaction() as conn:
        left_decided = bool(ready_rows_in(conn, session_id))
        import_store.update_session(
            conn, session_id, store.server_now(), step="commit" if left_decided else "done"
        )
    if progress is not None:
        progress(done, total)
    return report


@dataclass(frozen=True)
class Confirmed:
    """A batch's slips after its upload (:func:`confirm_slips`)."""

    slips: list[MadeSlip]
    """The slips to print: confirmed ones with the service's expiry, the rest as made."""
    refused: dict[int, str]
    """Rows whose upload the service refused (their slips are held back), with why."""
    confirmed: int


def confirm_slips(store: LocalStore, made: list[MadeSlip]) -> Confirmed:
    """After an upload: the confirmed slips get the service's expiry; a refused upload's slip is
    taken out (its account will not exist as it is), with the service's words."""
    kept: list[MadeSlip] = []
    refused: dict[int, str] = {}
    confirmed = 0
    with store.read() as conn:
        entries = {m.row_no: outbox.get(conn, m.outbox_id) for m in made if m.outbox_id}
    for slip in made:
        entry = entries.get(slip.row_no)
        if entry is not None and entry.state == "needs_attention":
            refused[slip.row_no] = (
                f"Row {slip.row_no} (CCCID {entry.cccid}): refused by the statewide service: "
                f"{entry.last_error or 'refused'} Its slip is held back: correct it on the Sync "
                "page (Edit and send again), then make its new password here."
            )
            continue
        expires = confirmed_expiry(entry) if entry is not None else None
        if expires is not None:
            slip = replace(slip, slip=slips.confirmed(slip.slip, expires))
            confirmed += 1
        kept.append(slip)
    return Confirmed(kept, refused, confirmed)


def ready_rows_in(conn: Conn, session_id: str) -> list[ImportRow]:
    """:func:`ready_rows` in the caller's transaction."""
    return [
        r
        for r in import_store.iter_rows(conn, session_id, status="pending", with_problems=False)
        if r.decision is not None and not undecided_in(r)
    ]


def undecided_in(row: ImportRow) -> list[str]:
    """The row's strong candidates no person decided about (a default decision is nobody's)."""
    keys = [(str(c["cccid"] or f"row {c['row_no']}"), Band(c["band"])) for c in row.candidates]
    decided = row.decided_by not in (None, "default")
    return decide_first.undecided(keys, {k for k, _ in keys} if decided else set())


def _decision_for(row: ImportRow) -> CreateDecision | None:
    """What the server is told about the candidates staff saw for a row they chose to create."""
    considered = [str(c["cccid"]) for c in row.candidates if c.get("cccid")][:50]
    if not row.strong or not considered:
        return None
    return CreateDecision(
        action="create_anyway",
        reason=row.reason or "Different student, decided in a spreadsheet import.",
        considered_cccids=considered,
    )


def _commit_batch(
    store: LocalStore,
    session_id: str,
    staff: StaffIdentity,
    details: SlipDetails,
    order: DateOrder | None,
    chunk: list[ImportRow],
    secrets: dict[int, tuple[str, str]],
    report: CommitReport,
) -> None:
    made: list[MadeSlip] = []
    counts = {"created": 0, "linked": 0, "skipped": 0}
    issued_at = store.server_now()
    with store.transaction() as conn:
        for row in chunk:
            current = import_store.rows(conn, session_id, row_nos=[row.row_no])[0]
            if current.status != "pending":
                continue  # done by a pass that raced this one: never twice
            if row.decision == "skip":
                import_store.finish_row(conn, session_id, row.row_no, "skipped", message=row.reason)
                counts["skipped"] += 1
            elif row.decision == "link":
                assert row.link_cccid is not None
                considered = [str(c["cccid"]) for c in row.candidates if c.get("cccid")]
                entry_id = queue_link(
                    conn, store, row.link_cccid, staff, considered=considered, source="import",
                    note=f"spreadsheet row {row.row_no}",
                )  # fmt: skip
                import_store.finish_row(
                    conn, session_id, row.row_no, "linked", cccid=row.link_cccid, outbox_id=entry_id
                )
                counts["linked"] += 1
            else:
                student, problems = validate_fields(row.fields, order)
                if student is None or problems:
                    continue  # edited since it was read: it stays pending with its problems
                refused = _taken(conn, session_id, current, student.email)
                if refused is not None:
                    report.refused[row.row_no] = refused
                    continue
                password, password_hash = secrets[row.row_no]
                entry_id = str(uuid.uuid4())
                cccid = queue_create(
                    conn, store, student, _decision_for(row), staff,
                    password_hash=password_hash, entry_id=entry_id, issued_at=issued_at,
                    source="import",
                )  # fmt: skip
                import_store.finish_row(
                    conn, session_id, row.row_no, "created", cccid=cccid, outbox_id=entry_id
                )
                counts["created"] += 1
                made.append(
                    MadeSlip(
                        row.row_no,
                        outbox_id=entry_id,
                        slip=slips.slip_from_account(
                            cccid=cccid,
                            student=student,
                            temp_password=password,
                            college_name=details.college_name,
                            created_by=details.created_by,
                            issued_at=issued_at,
                            reclaim_url=details.reclaim_url,
                            server_expires_at=None,
                        ),
                    )
                )
        failpoint("import_in_batch")
        audit.record(
            conn,
            action="import.commit",
            staff_username=staff.username,
            server_time=issued_at,
            laptop_time=store.clock(),
            target=session_id,
            details=dict(counts),
        )
    report.created += counts["created"]
    report.linked += counts["linked"]
    report.skipped += counts["skipped"]
    report.slips.extend(made)


def _taken(conn: Conn, session_id: str, row: ImportRow, email: str | None) -> str | None:
    """Why ``row`` cannot be created for its email, naming the row (None: it can).

    A candidate holding it sends the row back to a person (link or skip); an account kept here
    holding it (made by this very import too) holds the row back with the problem."""
    why = unique.create_refused(row, duplicates.skipped_rows(conn, session_id, [row]))
    if why is not None:
        import_store.set_decisions(conn, session_id, [(row.row_no, None, None, None, None)])
        return why
    if not email:
        return None
    holder = unique.holders(conn, {row.row_no: email}, in_file=False).get(row.row_no)
    if holder is None:
        return None
    unique.hold_back(conn, session_id, [(row, unique.problem(email, holder, row.row_no))])
    return unique.problem(email, holder, row.row_no, with_row=True)
