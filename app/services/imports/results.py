"""The results file for the SIS: the input columns plus what happened to each row.

Status is one of created / linked / skipped / error / needs review. A row with problems that was
never fixed, or a decided row not created yet (no CCCID reserved), is "error" with the reason; a
row with a certain or probable candidate nobody decided about is "needs review".
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from app.services.imports.validation import label
from app.services.spreadsheet import RESULT_COLUMNS, write_results_csv, write_results_xlsx
from app.services.store import LocalStore, audit
from app.services.store import imports as import_store
from app.services.store.imports import ImportRow

Progress = Callable[[int, int], bool]

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
        # A skipped row carries a CCCID only when an earlier import already made its account.
        "cccid": row.cccid if row.status in ("created", "linked", "skipped") else None,
        "matched_cccid": matched,
        "band": best["band"] if best else None,
        "reasons": "; ".join(best["reasons"]) if best else None,
        "message": message,
    }


class ResultsCancelled(Exception):
    """Staff cancelled writing the results file; no file was left behind."""


PROGRESS_EVERY = 500  # rows between progress reports


def _rows(store: LocalStore, session_id: str) -> list[ImportRow]:
    # Read whole before writing: writing 100,000 rows takes seconds, and a read held open that
    # long would keep the sync engine and the screens waiting for the store.
    with store.read() as conn:
        return list(import_store.iter_rows(conn, session_id))


def write_results(
    store: LocalStore,
    session_id: str,
    path: Path,
    staff_username: str | None = None,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> int:
    """Write the results as .xlsx or .csv (by the file name); returns rows written.

    The file appears whole or not at all (written beside it, then renamed): a cancelled or
    failed write never leaves a half file that looks like the results. ``progress(done, total)``
    returning False cancels (:class:`ResultsCancelled`)."""
    with store.read() as conn:
        info = import_store.get_session(conn, session_id)
    assert info is not None
    headers = [*info.headers, *(RESULT_HEADERS[c] for c in RESULT_COLUMNS)]
    rows = _rows(store, session_id)
    total = len(rows)

    def values() -> Iterator[list[Any]]:
        for done, row in enumerate(rows, start=1):
            result = row_result(row, dry_run=dry_run)
            yield [*row.cells, *(result[c] for c in RESULT_COLUMNS)]
            report = progress is not None and (done % PROGRESS_EVERY == 0 or done == total)
            if report and progress is not None and not progress(done, total):
                raise ResultsCancelled()

    handle, name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix, dir=path.parent)
    os.close(handle)
    partial = Path(name)
    try:
        if path.suffix.lower() == ".csv":
            write_results_csv(partial, headers, values())
        else:
            write_results_xlsx(partial, headers, values())
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    with store.transaction() as conn:
        audit.record(
            conn,
            action="import.export",
            staff_username=staff_username,
            server_time=store.server_now(),
            laptop_time=store.clock(),
            target=session_id,
            details={"file": path.name, "rows": total},
        )
    return total


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
