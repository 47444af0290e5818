"""Import rows whose email another account, or an earlier row of the file, already holds.

The central service refuses a create whose email belongs to another account
(:mod:`app.models.unique`), so such a row must never be created and its slip printed. Where the
holder is one of the row's certain or probable candidates (most often the same student, already
on file), the row stays in the duplicate review with that candidate marked ``holds``: it can be
linked or skipped, and "create" is refused with the reason. Otherwise (a family's shared address,
another row of the file that is someone else) the row is held back with the message as its
problem on the email, shown in the fix grid and the results file until the address is changed.

A held-back row keeps its validated account (``student``), which no other problem does, so each
review checks it again: the holder may since have been discarded, or the address changed.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from app.models.band import Band
from app.models.unique import repeated_in_file_message, taken_message
from app.services.store import Conn, LocalStore, accounts
from app.services.store import imports as import_store
from app.services.store.imports import ImportRow

HOLDS: Final = "holds"
"""A candidate's key listing the fields of the row it already holds (``["email"]``)."""
LINK_IN_THE_REVIEW: Final = "link the row to that account"
SKIP_IN_THE_REVIEW: Final = "skip this row if it is the same student"
EDIT_IN_THE_FIX_STEP: Final = " in the fix step (Back)"


@dataclass(frozen=True, slots=True)
class Holder:
    """Who holds a row's email: an account (``cccid``) or an earlier row of the file."""

    cccid: str | None = None
    row_no: int | None = None

    def is_candidate(self, candidate: Mapping[str, Any]) -> bool:
        if self.cccid is not None:
            return candidate.get("cccid") == self.cccid
        return candidate.get("cccid") is None and candidate.get("row_no") == self.row_no


def holders(
    conn: Conn, emails: Mapping[int, str | None], *, in_file: bool = True
) -> dict[int, Holder]:
    """Each row's holder: an account kept here (any upload state but discarded, so accounts made
    by this import count), else (``in_file``) the first row of the file with the same address."""
    by_row = {row_no: email.lower() for row_no, email in emails.items() if email}
    kept = accounts.email_holders(conn, by_row.values())
    first: dict[str, int] = {}
    found: dict[int, Holder] = {}
    for row_no in sorted(by_row):
        email = by_row[row_no]
        if email in kept:
            found[row_no] = Holder(cccid=kept[email])
        elif in_file and email in first:
            found[row_no] = Holder(row_no=first[email])
        first.setdefault(email, row_no)
    return found


def mark(candidates: list[dict[str, Any]], email: str, holder: Holder, row_no: int) -> str | None:
    """Mark the holder among the row's strong candidates and return None (the row stays in the
    review), or return the problem that holds the row back."""
    for candidate in candidates:
        if holder.is_candidate(candidate) and Band(candidate["band"]).strong:
            candidate[HOLDS] = sorted({*candidate.get(HOLDS, ()), "email"})
            return None
    return problem(email, holder, row_no)


def problem(email: str, holder: Holder, row_no: int, *, with_row: bool = False) -> str:
    """The row's message about its email (``with_row``: for reading away from the grid)."""
    row = row_no if with_row else None
    if holder.cccid is not None:
        return taken_message("email", email, holder.cccid, row=row, link="")
    assert holder.row_no is not None
    return repeated_in_file_message("email", email, holder.row_no, row=row)


def create_refused(row: ImportRow, skipped: Collection[int] = ()) -> str | None:
    """Why "create" is refused for ``row`` (a candidate holds its email), naming the row.

    ``skipped``: rows of the file staff skip. An earlier row that is skipped is never created,
    so it holds nothing: the later row of the pair may be kept instead."""
    email = (row.student or {}).get("email") or row.fields.get("email")
    return create_refused_for(row.row_no, row.candidates, email, skipped)


def create_refused_for(
    row_no: int,
    candidates: Iterable[Mapping[str, Any]],
    email: str | None,
    skipped: Collection[int] = (),
) -> str | None:
    """:func:`create_refused` for a row's number, candidates and email (a view's copy)."""
    candidate = next(
        (
            c
            for c in candidates
            if c.get(HOLDS) and (c.get("cccid") or c.get("row_no") not in skipped)
        ),
        None,
    )
    if candidate is None:
        return None
    if candidate.get("cccid"):
        return taken_message(
            "email", email or "", str(candidate["cccid"]), row=row_no, link=LINK_IN_THE_REVIEW,
            edit_in=EDIT_IN_THE_FIX_STEP,
        )  # fmt: skip
    return repeated_in_file_message(
        "email", email or "", int(candidate["row_no"]), row=row_no, link=SKIP_IN_THE_REVIEW,
        edit_in=EDIT_IN_THE_FIX_STEP,
    )  # fmt: skip


def hold_back(
    conn: Conn, session_id: str, rows: Iterable[tuple[ImportRow, str]], *, central: bool = False
) -> None:
    """Give each row its email problem (the row leaves the review until the address changes).

    ``central``: the holder is another college's account, which only the service knows; such a
    row stays held back through later reviews (offline ones too) until its email is edited."""
    for row, message in rows:
        import_store.set_fields(
            conn, session_id, row.row_no, row.fields, {"email": message},
            json.dumps(row.student) if row.student is not None else None,
        )  # fmt: skip
        if central:
            import_store.set_candidates(conn, session_id, [(row.row_no, [], None, True)])


def held_back(row: ImportRow) -> bool:
    """A row held back for its email: valid, yet with a problem (no validation does that)."""
    return row.student is not None and bool(row.problems)


def reopen(store: LocalStore, session_id: str) -> None:
    """Clear the problems of rows held back for a holder kept here or in the file, so this
    review checks them again (the holder may have been discarded since). A row held back for
    what only the service knows stays held back: this review may run offline."""
    with store.transaction() as conn:
        for row in import_store.iter_rows(conn, session_id, status="pending", with_problems=True):
            if held_back(row) and not row.central_checked:
                import_store.set_fields(
                    conn, session_id, row.row_no, row.fields, {}, json.dumps(row.student)
                )
