"""What the import wizard's pages and the Import page read and write in the store, so the views
call a service and never open a transaction or touch a table themselves.

Every method reads or writes the disk: call it off the UI thread (the views do, through the
TaskRunner). Lists of rows are read a page at a time and handed to ``make`` one row at a time,
so a view keeps only the light copy it shows (100,000 rows must fit).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from app.services.imports import session
from app.services.store import LocalStore
from app.services.store import imports as import_store
from app.services.store.imports import ImportRow, ImportSessionInfo

R = TypeVar("R")

Counts = dict[str, int]
"""How many rows are in each state (``store.imports.counts``)."""


@dataclass(frozen=True)
class RowsAndCounts(Generic[R]):
    """Some of an import's rows (as the caller's copies) and the import's counts."""

    rows: list[R]
    counts: Counts
    fields: list[str]
    """The mapped fields, in column order."""


@dataclass(frozen=True)
class Unfinished:
    """An import the Import page offers to continue."""

    info: ImportSessionInfo
    counts: Counts


@dataclass(frozen=True)
class CommitState:
    """What the commit step shows: the counts, and the created rows without a printed slip."""

    counts: Counts
    without_slip: list[int]


class ImportService:
    """The store side of the wizard, beside the :class:`~app.services.desk.Desk`."""

    def __init__(self, store: LocalStore) -> None:
        self.store = store

    def unfinished(self) -> list[Unfinished]:
        """Imports not finished, or with slips not printed, newest first."""
        with self.store.read() as conn:
            return [
                Unfinished(info, import_store.counts(conn, info.id))
                for info in import_store.unfinished_sessions(conn)
            ]

    def pending_rows(
        self,
        session_id: str,
        make: Callable[[ImportRow], R],
        *,
        with_problems: bool | None = None,
    ) -> RowsAndCounts[R]:
        """The rows still to commit (only those with or without problems, or all), each made
        into the caller's copy, with the counts and the mapped fields."""
        with self.store.read() as conn:
            info = import_store.get_session(conn, session_id)
            if info is None:
                raise LookupError(f"No import {session_id} on this computer.")
            rows = [
                make(r)
                for r in import_store.iter_rows(
                    conn, session_id, status="pending", with_problems=with_problems
                )
            ]
            counts = import_store.counts(conn, session_id)
        return RowsAndCounts(rows, counts, [f for f in info.mapping if f])

    def edit_cell(
        self, session_id: str, row_no: int, field: str, text: str
    ) -> tuple[ImportRow, Counts]:
        """Change one cell (validated again at once); the row as it is now, and the counts."""
        session.edit_field(self.store, session_id, row_no, field, text)
        with self.store.read() as conn:
            (row,) = import_store.rows(conn, session_id, row_nos=[row_no])
            return row, import_store.counts(conn, session_id)

    def commit_state(self, session_id: str) -> CommitState:
        """The counts, and the created rows whose slips nobody printed."""
        with self.store.read() as conn:
            return CommitState(
                import_store.counts(conn, session_id),
                import_store.rows_without_slip(conn, session_id),
            )

    def slips_printed(self, session_id: str, row_nos: Sequence[int]) -> None:
        """Record that these rows' slips were printed (they stop being offered new passwords)."""
        with self.store.transaction() as conn:
            import_store.mark_slips_given(conn, session_id, row_nos, self.store.server_now())
