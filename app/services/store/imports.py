"""Spreadsheet import sessions and their rows (see schema migration 3).

A session is saved as it goes: the file's rows once read, each edit, each duplicate check and
decision, and each row's outcome in the same transaction as its outbox entry. Closing the app or a
crash therefore resumes exactly where it stopped.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from app.models.band import Band
from app.services.clock import from_db, to_db
from app.services.store.types import Conn, Row

Step = Literal["fix", "review", "commit", "done", "cancelled"]
Decision = Literal["create", "link", "skip"]
RowStatus = Literal["pending", "created", "linked", "skipped", "error"]
UNFINISHED: tuple[Step, ...] = ("fix", "review", "commit")


@dataclass(frozen=True)
class ImportSessionInfo:
    """One import: which file, how its columns map, how far it got."""

    id: str
    created_at: dt.datetime
    created_by: str
    updated_at: dt.datetime
    file_name: str
    sheet: str
    headers: list[str]
    header_signature: str
    mapping: list[str | None]
    date_order: str | None
    step: Step
    row_count: int


@dataclass(frozen=True)
class ImportRow:
    """One spreadsheet row and everything decided about it. ``fields`` may hold an SSN."""

    session_id: str
    row_no: int
    cells: list[str | None]
    fields: dict[str, str | None]
    problems: dict[str, str]
    student: dict[str, Any] | None
    """The validated account without its SSN (None while the row has problems)."""
    candidates: list[dict[str, Any]]
    best_band: str | None
    central_checked: bool
    decision: Decision | None
    decided_by: str | None
    link_cccid: str | None
    reason: str | None
    status: RowStatus
    cccid: str | None
    outbox_id: str | None
    message: str | None
    slip_at: dt.datetime | None = None
    """When a created row's slip was given to staff; None: nobody has seen its password."""

    @property
    def strong(self) -> bool:
        """A certain or probable candidate: never created without a person's decision."""
        return self.best_band is not None and Band(self.best_band).strong


def _session(row: Row) -> ImportSessionInfo:
    return ImportSessionInfo(
        id=row["id"],
        created_at=from_db(row["created_at"]),
        created_by=row["created_by"],
        updated_at=from_db(row["updated_at"]),
        file_name=row["file_name"],
        sheet=row["sheet"],
        headers=json.loads(row["headers"]),
        header_signature=row["header_signature"],
        mapping=json.loads(row["mapping"]),
        date_order=row["date_order"],
        step=row["step"],
        row_count=row["row_count"],
    )


def _row(row: Row) -> ImportRow:
    return ImportRow(
        session_id=row["session_id"],
        row_no=row["row_no"],
        cells=json.loads(row["cells"]),
        fields=json.loads(row["fields"]),
        problems=json.loads(row["problems"]),
        student=json.loads(row["student"]) if row["student"] else None,
        candidates=json.loads(row["candidates"]),
        best_band=row["best_band"],
        central_checked=bool(row["central_checked"]),
        decision=row["decision"],
        decided_by=row["decided_by"],
        link_cccid=row["link_cccid"],
        reason=row["reason"],
        status=row["status"],
        cccid=row["cccid"],
        outbox_id=row["outbox_id"],
        message=row["message"],
        slip_at=from_db(row["slip_at"]) if row["slip_at"] else None,
    )


def create_session(conn: Conn, info: ImportSessionInfo) -> None:
    conn.execute(
        "INSERT INTO import_sessions (id, created_at, created_by, updated_at, file_name, sheet,"
        " headers, header_signature, mapping, date_order, step, row_count)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            info.id,
            to_db(info.created_at),
            info.created_by,
            to_db(info.updated_at),
            info.file_name,
            info.sheet,
            json.dumps(info.headers),
            info.header_signature,
            json.dumps(info.mapping),
            info.date_order,
            info.step,
            info.row_count,
        ),
    )


def get_session(conn: Conn, session_id: str) -> ImportSessionInfo | None:
    row = conn.execute("SELECT * FROM import_sessions WHERE id = ?", (session_id,)).fetchone()
    return _session(row) if row else None


def unfinished_sessions(conn: Conn) -> list[ImportSessionInfo]:
    """Imports not done or cancelled, and done imports with created rows whose slips nobody has
    printed, newest first (offered for resuming)."""
    marks = ",".join("?" * len(UNFINISHED))
    rows = conn.execute(
        f"SELECT * FROM import_sessions s WHERE step IN ({marks})"  # noqa: S608 - placeholders
        " OR (step = 'done' AND EXISTS (SELECT 1 FROM import_rows r WHERE r.session_id = s.id"
        "     AND r.status = 'created' AND r.slip_at IS NULL))"
        " ORDER BY updated_at DESC",
        UNFINISHED,
    ).fetchall()
    return [_session(r) for r in rows]


def update_session(
    conn: Conn,
    session_id: str,
    now: dt.datetime,
    *,
    step: Step | None = None,
    mapping: list[str | None] | None = None,
    date_order: str | None = None,
    set_date_order: bool = False,
) -> None:
    """Change the step and/or mapping; always touches ``updated_at``."""
    sets = ["updated_at = ?"]
    args: list[Any] = [to_db(now)]
    if step is not None:
        sets.append("step = ?")
        args.append(step)
    if mapping is not None:
        sets.append("mapping = ?")
        args.append(json.dumps(mapping))
    if set_date_order:
        sets.append("date_order = ?")
        args.append(date_order)
    conn.execute(
        f"UPDATE import_sessions SET {', '.join(sets)} WHERE id = ?",  # noqa: S608 - fixed names
        (*args, session_id),
    )


NewRow = tuple[int, list[str | None], dict[str, str | None], dict[str, str], str | None]
"""(row number, cells, fields, problems, validated account JSON without the SSN or None)."""


def insert_rows(conn: Conn, session_id: str, rows: Iterable[NewRow]) -> int:
    """Add rows; returns how many."""
    count = 0

    def values() -> Iterator[tuple[Any, ...]]:
        nonlocal count
        for row_no, cells, fields, problems, student in rows:
            count += 1
            yield (
                session_id,
                row_no,
                json.dumps(cells),
                json.dumps(fields),
                json.dumps(problems),
                student,
            )

    conn.executemany(
        "INSERT INTO import_rows (session_id, row_no, cells, fields, problems, student)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        values(),
    )
    conn.execute(
        "UPDATE import_sessions SET row_count = (SELECT count(*) FROM import_rows"
        " WHERE session_id = ?) WHERE id = ?",
        (session_id, session_id),
    )
    return count


def rows(
    conn: Conn,
    session_id: str,
    *,
    row_nos: Sequence[int] | None = None,
    status: RowStatus | None = None,
    with_problems: bool | None = None,
    after_row: int = 0,
    limit: int | None = None,
) -> list[ImportRow]:
    """Rows in spreadsheet order, filtered."""
    where = ["session_id = ?", "row_no > ?"]
    args: list[Any] = [session_id, after_row]
    if row_nos is not None:
        if not row_nos:
            return []
        where.append(f"row_no IN ({','.join('?' * len(row_nos))})")
        args.extend(row_nos)
    if status is not None:
        where.append("status = ?")
        args.append(status)
    if with_problems is True:
        where.append("problems <> '{}'")
    elif with_problems is False:
        where.append("problems = '{}'")
    query = f"SELECT * FROM import_rows WHERE {' AND '.join(where)} ORDER BY row_no"  # noqa: S608
    if limit is not None:
        query += " LIMIT ?"
        args.append(limit)
    return [_row(r) for r in conn.execute(query, args).fetchall()]


def iter_rows(conn: Conn, session_id: str, page: int = 2000, **filters: Any) -> Iterator[ImportRow]:
    """All rows, a page at a time (100,000 rows never sit in memory at once)."""
    after = 0
    while True:
        chunk = rows(conn, session_id, after_row=after, limit=page, **filters)
        if not chunk:
            return
        yield from chunk
        after = chunk[-1].row_no


def set_fields(
    conn: Conn,
    session_id: str,
    row_no: int,
    fields: dict[str, str | None],
    problems: dict[str, str],
    student: str | None,
) -> None:
    """New values for a row (an edit, a remap, a re-import); its duplicate check is void."""
    conn.execute(
        "UPDATE import_rows SET fields = ?, problems = ?, student = ?, candidates = '[]',"
        " best_band = NULL,"
        " central_checked = 0,"
        " decision = CASE WHEN decided_by = 'default' THEN NULL ELSE decision END,"
        " decided_by = CASE WHEN decided_by = 'default' THEN NULL ELSE decided_by END"
        " WHERE session_id = ? AND row_no = ? AND status = 'pending'",
        (json.dumps(fields), json.dumps(problems), student, session_id, row_no),
    )


def set_candidates(
    conn: Conn,
    session_id: str,
    updates: Iterable[tuple[int, list[dict[str, Any]], str | None, bool]],
) -> None:
    """(row number, candidates, best band, checked centrally) for many rows."""
    conn.executemany(
        "UPDATE import_rows SET candidates = ?, best_band = ?, central_checked = ?"
        " WHERE session_id = ? AND row_no = ?",
        (
            (json.dumps(cands), band, int(central), session_id, row_no)
            for row_no, cands, band, central in updates
        ),
    )


def set_decisions(
    conn: Conn,
    session_id: str,
    decisions: Iterable[tuple[int, Decision | None, str | None, str | None, str | None]],
) -> None:
    """(row number, decision, decided by, link CCCID, reason) for pending rows."""
    conn.executemany(
        "UPDATE import_rows SET decision = ?, decided_by = ?, link_cccid = ?, reason = ?"
        " WHERE session_id = ? AND row_no = ? AND status = 'pending'",
        (
            (decision, who, link, reason, session_id, row_no)
            for row_no, decision, who, link, reason in decisions
        ),
    )


def finish_row(
    conn: Conn,
    session_id: str,
    row_no: int,
    status: RowStatus,
    *,
    cccid: str | None = None,
    outbox_id: str | None = None,
    message: str | None = None,
) -> None:
    """Record a row's outcome. Call in the transaction that queued its outbox entry. The SSN
    leaves the row's values once the row is created (the outbox holds it until sent)."""
    conn.execute(
        "UPDATE import_rows SET status = ?, cccid = ?, outbox_id = ?, message = ?,"
        " fields = json_remove(fields, '$.ssn') WHERE session_id = ? AND row_no = ?",
        (status, cccid, outbox_id, message, session_id, row_no),
    )


@dataclass(frozen=True)
class EarlierOutcome:
    """What an earlier import did with a student a new import's row holds again."""

    row_no: int
    """The new import's row."""
    status: RowStatus
    """``created`` or ``linked``."""
    cccid: str
    file_name: str
    created_at: dt.datetime
    earlier_row: int


def earlier_outcomes(conn: Conn, session_id: str) -> list[EarlierOutcome]:
    """The rows of ``session_id`` whose validated student (the normalised fields, without the
    SSN) an earlier import already created or linked, and whose account is still here; the
    latest import first for each row."""
    found = conn.execute(
        "SELECT n.row_no, e.status, e.cccid, s.file_name, s.created_at, e.row_no AS earlier_row"
        " FROM import_rows n"
        " JOIN import_rows e ON e.student = n.student AND e.session_id <> n.session_id"
        " JOIN import_sessions s ON s.id = e.session_id"
        " WHERE n.session_id = ? AND n.student IS NOT NULL AND n.status = 'pending'"
        "   AND e.status IN ('created', 'linked') AND e.cccid IS NOT NULL"
        "   AND EXISTS (SELECT 1 FROM accounts a WHERE a.cccid = e.cccid)"
        " ORDER BY n.row_no, s.created_at DESC",
        (session_id,),
    ).fetchall()
    latest: dict[int, EarlierOutcome] = {}
    for row in found:
        latest.setdefault(
            row["row_no"],
            EarlierOutcome(
                row_no=row["row_no"],
                status=row["status"],
                cccid=row["cccid"],
                file_name=row["file_name"],
                created_at=from_db(row["created_at"]),
                earlier_row=row["earlier_row"],
            ),
        )
    return list(latest.values())


def rows_without_slip(conn: Conn, session_id: str) -> list[int]:
    """The created rows whose slip nobody has printed (their passwords are gone), in order."""
    return [
        int(r[0])
        for r in conn.execute(
            "SELECT row_no FROM import_rows WHERE session_id = ? AND status = 'created'"
            " AND slip_at IS NULL ORDER BY row_no",
            (session_id,),
        )
    ]


def mark_slips_given(
    conn: Conn,
    session_id: str,
    row_nos: Iterable[int],
    when: dt.datetime,
    *,
    message: str | None = None,
) -> None:
    """Record that these created rows' slips reached staff (printed, or written to a file), or
    with ``message``, that they cannot have one and why (shown in the results file)."""
    conn.executemany(
        "UPDATE import_rows SET slip_at = ?, message = coalesce(?, message)"
        " WHERE session_id = ? AND row_no = ? AND status = 'created'",
        ((to_db(when), message, session_id, row_no) for row_no in row_nos),
    )


def counts(conn: Conn, session_id: str) -> dict[str, int]:
    """Totals for the wizard's summary lines."""
    row = conn.execute(
        "SELECT count(*) AS total,"
        " sum(problems <> '{}') AS problems,"
        " sum(best_band = 'certain') AS certain,"
        " sum(best_band = 'probable') AS probable,"
        " sum(best_band = 'possible') AS possible,"
        " sum(problems = '{}' AND best_band IS NULL) AS clean,"
        " sum(problems = '{}' AND status = 'pending' AND decision IS NULL"
        "     AND best_band IN ('certain', 'probable')) AS undecided,"
        " sum(status = 'pending' AND decision = 'create') AS to_create,"
        " sum(status = 'pending' AND decision = 'link') AS to_link,"
        " sum(status = 'pending' AND decision = 'skip') AS to_skip,"
        " sum(status = 'created') AS created, sum(status = 'linked') AS linked,"
        " sum(status = 'skipped') AS skipped, sum(status = 'error') AS errors,"
        " sum(status = 'created' AND slip_at IS NULL) AS without_slip,"
        " sum(status = 'skipped' AND cccid IS NOT NULL) AS done_before,"
        " sum(status = 'pending') AS pending"
        " FROM import_rows WHERE session_id = ?",
        (session_id,),
    ).fetchone()
    assert row is not None  # an aggregate always returns one row
    return {key: int(value or 0) for key, value in zip(row.keys(), row, strict=True)}
