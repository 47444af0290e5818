"""The results file for the SIS: the input columns plus what happened to each row.

Status is one of created / linked / skipped / error / needs review. A row with problems that was
never fixed, or a decided row not created yet (no CCCID reserved), is "error" with the reason; a
row with a certain or probable candidate nobody decided about is "needs review".
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from app.services.imports.validation import label
from app.services.spreadsheet import RESULT_COLUMNS, write_results_csv, write_results_xlsx
from app.services.store import LocalStore, audit
from app.services.store import imports as import_store
from app.services.store.imports import ImportRow

RESULT_HEADERS = {
    "status": "Status",
    "cccid": "CCCID",
    "matched_cccid": "Matched CCCID",
    "band": "Match",
    "reasons": "Why",
    "message": "Message",
}


def row_result(row: ImportRow, *, dry_run: bool = False) -> dict[str, Any]:
    """One row's outcome in the results file's terms (a dry run says what would happen)."""
    best = row.candidates[0] if row.candidates else None
    matched = row.link_cccid or (
        (best.get("cccid") or f"row {best['row_no']}") if best is not None else None
    )
    status: str
    if row.status != "pending":
        status, message = row.status, row.message
    elif row.problems:
        status = "error"
        message = " ".join(row.problems.values())
    elif row.strong and row.decided_by in (None, "default"):
        status, message = "needs review", "A possible duplicate needs a person's decision."
    elif row.decision is None:
        status, message = "needs review", "No decision yet."
    elif dry_run:
        status, message = f"would {row.decision}", "Dry run: nothing was created."
    else:
        status = "error"
        message = "Not created yet: continue the import (it may need CCCIDs from the network)."
    return {
        "status": status,
        "cccid": row.cccid if row.status in ("created", "linked") else None,
        "matched_cccid": matched,
        "band": best["band"] if best else None,
        "reasons": "; ".join(best["reasons"]) if best else None,
        "message": message,
    }


def _rows(store: LocalStore, session_id: str, dry_run: bool) -> Iterator[list[Any]]:
    with store.read() as conn:
        chunks = list(import_store.iter_rows(conn, session_id))
    for row in chunks:
        result = row_result(row, dry_run=dry_run)
        yield [*row.cells, *(result[c] for c in RESULT_COLUMNS)]


def write_results(
    store: LocalStore,
    session_id: str,
    path: Path,
    staff_username: str | None = None,
    *,
    dry_run: bool = False,
) -> int:
    """Write the results as .xlsx or .csv (by the file name); returns rows written."""
    with store.read() as conn:
        info = import_store.get_session(conn, session_id)
    assert info is not None
    headers = [*info.headers, *(RESULT_HEADERS[c] for c in RESULT_COLUMNS)]
    count = 0

    def counted() -> Iterator[list[Any]]:
        nonlocal count
        for row in _rows(store, session_id, dry_run):
            count += 1
            yield row

    if path.suffix.lower() == ".csv":
        write_results_csv(path, headers, counted())
    else:
        write_results_xlsx(path, headers, counted())
    with store.transaction() as conn:
        audit.record(
            conn,
            action="import.export",
            staff_username=staff_username,
            server_time=store.server_now(),
            laptop_time=store.clock(),
            target=session_id,
            details={"file": path.name, "rows": count},
        )
    return count


def problem_rows(
    store: LocalStore, session_id: str
) -> tuple[list[str], list[list[Any]], dict[tuple[int, int], str]]:
    """The rows with problems, for "export, fix elsewhere, re-import": a Row column first, then
    the mapped fields, with each bad cell's message as a note."""
    with store.read() as conn:
        info = import_store.get_session(conn, session_id)
        assert info is not None
        bad = list(import_store.iter_rows(conn, session_id, status="pending", with_problems=True))
    fields = [f for f in info.mapping if f]
    headers = ["Row", *(label(f) for f in fields)]
    out: list[list[Any]] = []
    notes: dict[tuple[int, int], str] = {}
    for index, row in enumerate(bad):
        out.append([row.row_no, *(row.fields.get(f) for f in fields)])
        for column, f in enumerate(fields, start=1):
            if f in row.problems:
                notes[(index, column)] = row.problems[f]
        extra = [m for f, m in row.problems.items() if f not in fields]
        if extra:
            notes[(index, 0)] = " ".join(extra)
    return headers, out, notes
