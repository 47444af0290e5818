"""Decisions about import rows: one row at a time or in bulk. A row with a certain or probable
candidate is never created without a person's decision, and "create anyway" needs a reason; a
row whose email a candidate already holds cannot be created at all (link or skip it, or change
the address)."""

from __future__ import annotations

from collections.abc import Sequence

from app.models.cccid import normalize_cccid
from app.services.imports import duplicates, unique
from app.services.staff_session import StaffIdentity
from app.services.store import LocalStore, audit
from app.services.store import imports as import_store
from app.services.store.imports import Decision, ImportRow


class DecisionError(ValueError):
    """The decision cannot be recorded as given; ``str()`` says what to do."""


def decide(
    store: LocalStore,
    session_id: str,
    row_nos: Sequence[int],
    decision: Decision | None,
    staff: StaffIdentity,
    *,
    link_cccid: str | None = None,
    reason: str | None = None,
) -> int:
    """Record one decision for ``row_nos`` (pending rows only); returns how many rows."""
    reason = (reason or "").strip() or None
    if decision == "link":
        if not link_cccid:
            raise DecisionError("Choose the existing account (CCCID) to link the row to.")
        try:
            link_cccid = normalize_cccid(link_cccid)
        except ValueError as error:
            raise DecisionError(f"CCCID: {error}") from None
    with store.transaction() as conn:
        rows = import_store.rows(conn, session_id, row_nos=list(row_nos), status="pending")
        if decision == "create":
            # A pair in the file is settled once staff skip its other row: that row holds no
            # email and needs no reason.
            skipped = duplicates.skipped_rows(conn, session_id, rows)
            refused = [why for r in rows if (why := unique.create_refused(r, skipped)) is not None]
            if refused:
                raise DecisionError(refused[0])
            strong_rows = [r for r in rows if r.strong]
            strong = [
                r.row_no
                for r in strong_rows
                if not duplicates.settled_by_skips(r.candidates, skipped)
            ]
            if strong and not (reason and len(reason) >= 3):
                raise DecisionError(
                    f"Row {strong[0]} has a possible duplicate: say why it is a different student "
                    "(3 letters or more) to create it anyway."
                )
        import_store.set_decisions(
            conn,
            session_id,
            [
                (
                    r.row_no,
                    decision,
                    staff.username if decision else None,
                    link_cccid if decision == "link" else None,
                    reason,
                )
                for r in rows
            ],
        )
        audit.record(
            conn,
            action="import.decide",
            staff_username=staff.username,
            server_time=store.server_now(),
            laptop_time=store.clock(),
            target=session_id,
            details={"rows": len(rows), "decision": decision, "link": link_cccid},
        )
    return len(rows)


def _existing_certain(row: ImportRow) -> str | None:
    """The CCCID of a row's best candidate when it is certain and an existing account."""
    for candidate in row.candidates:
        if candidate["band"] == "certain" and candidate.get("cccid"):
            return str(candidate["cccid"])
        break
    return None


def link_all_certain(store: LocalStore, session_id: str, staff: StaffIdentity) -> int:
    """Link every undecided row whose best candidate is a certain existing account to it."""
    with store.read() as conn:
        rows = [
            r
            for r in import_store.iter_rows(conn, session_id, status="pending")
            if r.decided_by in (None, "default") and _existing_certain(r)
        ]
    for row in rows:  # each row its own CCCID; few rows, so one call each is fine
        decide(store, session_id, [row.row_no], "link", staff, link_cccid=_existing_certain(row))
    return len(rows)


def create_all_without_candidates(store: LocalStore, session_id: str, staff: StaffIdentity) -> int:
    """Decide "create" for every valid pending row that has no candidate at all."""
    with store.read() as conn:
        row_nos = [
            r.row_no
            for r in import_store.iter_rows(conn, session_id, status="pending", with_problems=False)
            if not r.candidates
        ]
    return decide(store, session_id, row_nos, "create", staff) if row_nos else 0


def undecided_strong(store: LocalStore, session_id: str) -> int:
    """Rows that cannot be created until a person decides."""
    with store.read() as conn:
        return import_store.counts(conn, session_id)["undecided"]
