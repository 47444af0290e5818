"""From a file to a saved import session: read the sheet, find the header, map the columns
(remembering a confirmed mapping for files with the same headers), and store every row with its
values and problems. Edits, remapping and re-imported fixes go through here too."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from app.services.gc_pause import gc_paused
from app.services.imports.validation import label, stored_student, validate_fields
from app.services.spreadsheet import (
    IMPORT_FIELDS,
    Cell,
    DateOrder,
    SheetData,
    SpreadsheetError,
    TableLayout,
    auto_map,
    cell_text,
    find_header,
    header_signature,
    implied_values,
    infer_date_order,
    read_sheet,
)
from app.services.spreadsheet.roster_rows import roster_sheet, skip_reason, tidy_fields
from app.services.staff_session import StaffIdentity
from app.services.store import LocalStore, audit, settings
from app.services.store import imports as import_store
from app.services.store.imports import ImportSessionInfo

Progress = Callable[[int, int], bool]
"""progress(done, total) -> keep going? (False cancels)."""


class ImportCancelled(Exception):
    """Staff cancelled a long step; what was saved stays saved."""


@dataclass(frozen=True)
class ImportSource:
    """A sheet read from a file, with its header found and a proposed mapping."""

    path: Path
    sheet: SheetData
    layout: TableLayout
    mapping: list[str | None]
    remembered: bool
    """The mapping was confirmed before for a file with the same headers."""
    date_order: DateOrder | None

    @property
    def headers(self) -> list[str]:
        return self.layout.headers

    def data_rows(self) -> Iterator[tuple[int, list[Cell]]]:
        """(spreadsheet row number, cells) for every row under the header that may be a
        student: blank rows, totals, footers, section headings and repeated headers are left
        out (:meth:`skipped_rows` says which and why)."""
        for index in range(self.layout.first_data_row, len(self.sheet.rows)):
            cells = self.sheet.rows[index]
            if skip_reason(cells, self.layout.headers) is None:
                yield index + 1, cells

    def skipped_rows(self) -> list[tuple[int, str]]:
        """(spreadsheet row number, why) for each filled row under the header left out."""
        skipped: list[tuple[int, str]] = []
        for index in range(self.layout.first_data_row, len(self.sheet.rows)):
            cells = self.sheet.rows[index]
            if any(c not in (None, "") for c in cells):
                reason = skip_reason(cells, self.layout.headers)
                if reason is not None:
                    skipped.append((index + 1, reason))
        return skipped

    def preview(self, column: int, count: int = 5) -> list[str]:
        """The first values under a column, as the mapping step shows them."""
        shown: list[str] = []
        for _, cells in self.data_rows():
            value = cells[column] if column < len(cells) else None
            shown.append("" if value is None else str(value))
            if len(shown) == count:
                break
        return shown


def open_source(
    store: LocalStore,
    path: Path,
    sheet: str | None = None,
    progress: Callable[[int], bool] | None = None,
) -> ImportSource:
    """Read ``sheet`` of ``path`` and propose a mapping (a remembered one when the headers are
    known). ``sheet`` None: the sheet that holds the roster (:func:`roster_sheet`). Raises
    SpreadsheetError with a message for staff."""
    if sheet is None:
        sheet = roster_sheet(path)
    data = read_sheet(path, sheet, progress=progress)
    layout = find_header(data.rows)
    remembered = remembered_mapping(store, layout.headers)
    mapping = remembered if remembered is not None else auto_map(layout.headers)
    source = ImportSource(path, data, layout, mapping, remembered is not None, None)
    return ImportSource(
        path, data, layout, mapping, source.remembered, guess_date_order(source, mapping)
    )


def guess_date_order(source: ImportSource, mapping: list[str | None]) -> DateOrder | None:
    """The birthdate column's order, when its unambiguous values settle it."""
    if "birthdate" not in mapping:
        return None
    column = mapping.index("birthdate")
    return infer_date_order(cells[column] for _, cells in source.data_rows() if column < len(cells))


def remembered_mapping(store: LocalStore, headers: list[str]) -> list[str | None] | None:
    with store.read() as conn:
        mapping = settings.IMPORT_MAPPING.get(conn, header_signature(headers))
    return mapping if isinstance(mapping, list) and len(mapping) == len(headers) else None


def remember_mapping(store: LocalStore, headers: list[str], mapping: list[str | None]) -> None:
    with store.transaction() as conn:
        settings.IMPORT_MAPPING.put(conn, header_signature(headers), mapping)


def mapping_problem(mapping: list[str | None]) -> str | None:
    """Why this mapping cannot be used, or None."""
    chosen = [f for f in mapping if f]
    duplicates = sorted({f for f in chosen if chosen.count(f) > 1})
    if duplicates:
        return f"Two columns are mapped to {duplicates[0]}: choose one of them."
    missing = [f for f in ("last_name", "birthdate") if f not in chosen]
    if missing:
        names = {"last_name": "Legal Last Name", "birthdate": "Birthdate"}
        return "Map a column to " + " and ".join(names[m] for m in missing) + " (required)."
    return None


def row_values(
    cells: list[Cell],
    mapping: list[str | None],
    implied: dict[int, dict[str, str]] | None = None,
) -> tuple[list[str | None], dict[str, str | None]]:
    """The row's input columns as text (for the results file) and its mapped field values.

    ``implied``: what a column's header says about its filled cells (a "Cell" column holds
    mobile numbers), applied only when the row gives no value of its own.
    """
    texts: list[str | None] = []
    fields: dict[str, str | None] = {}
    for column, field in enumerate(mapping):
        value = cells[column] if column < len(cells) else None
        if isinstance(value, dt.datetime | dt.date):
            as_text: str | None = (
                value.date() if isinstance(value, dt.datetime) else value
            ).isoformat()
        else:
            as_text = cell_text(value, field or "")
        texts.append(as_text)
        if field:
            fields[field] = as_text
    for column in range(len(mapping), len(cells)):
        texts.append(cell_text(cells[column], ""))
    for column, values in (implied or {}).items():
        if column < len(texts) and texts[column]:
            for field, value in values.items():
                if not fields.get(field):
                    fields[field] = value
    tidy_fields(fields, {field for field in mapping if field})
    return texts, fields


def start_session(
    store: LocalStore,
    staff: StaffIdentity,
    source: ImportSource,
    mapping: list[str | None],
    date_order: DateOrder | None,
    progress: Progress | None = None,
) -> str:
    """Save the session and every row, validated; returns its id. The mapping is remembered."""
    problem = mapping_problem(mapping)
    if problem:
        raise ValueError(problem)
    remember_mapping(store, source.headers, mapping)
    session_id = str(uuid.uuid4())
    now = store.server_now()
    total = sum(1 for _ in source.data_rows())
    with store.transaction() as conn:
        import_store.create_session(
            conn,
            ImportSessionInfo(
                id=session_id,
                created_at=now,
                created_by=staff.username,
                updated_at=now,
                file_name=source.path.name,
                sheet=source.sheet.name,
                headers=source.headers,
                header_signature=header_signature(source.headers),
                mapping=mapping,
                date_order=date_order,
                step="fix",
                row_count=0,
            ),
        )
        audit.record(
            conn,
            action="import.start",
            staff_username=staff.username,
            server_time=now,
            laptop_time=store.clock(),
            target=session_id,
            details={"file": source.path.name, "sheet": source.sheet.name, "rows": total},
        )

    implied = implied_values(source.headers, mapping)

    def validated() -> Iterator[import_store.NewRow]:
        for done, (row_no, cells) in enumerate(source.data_rows(), start=1):
            texts, fields = row_values(cells, mapping, implied)
            student, problems = validate_fields(fields, date_order)
            yield row_no, texts, fields, problems, stored_student(student)
            if progress is not None and done % 500 == 0 and not progress(done, total):
                raise ImportCancelled()

    try:
        with gc_paused(), store.transaction() as conn:
            import_store.insert_rows(conn, session_id, validated())
    except ImportCancelled:
        with store.transaction() as conn:
            import_store.update_session(conn, session_id, store.server_now(), step="cancelled")
        raise
    leave_done_before(store, session_id)
    if progress is not None:
        progress(total, total)
    return session_id


def leave_done_before(store: LocalStore, session_id: str) -> int:
    """Rows an earlier import already created or linked (the same student, as validated) are
    left alone: marked skipped with that import's CCCID and a message saying so, so that
    running an import again over the same file reports its own earlier accounts as done rather
    than as certain duplicates of themselves. Returns how many rows."""
    with store.transaction() as conn:
        earlier = import_store.earlier_outcomes(conn, session_id)
        for done in earlier:
            what = "created" if done.status == "created" else "linked to"
            import_store.finish_row(
                conn,
                session_id,
                done.row_no,
                "skipped",
                cccid=done.cccid,
                message=(
                    f"Already {what} {done.cccid} by the import of {done.file_name} on "
                    f"{done.created_at:%Y-%m-%d} (row {done.earlier_row}); not done again."
                ),
            )
    return len(earlier)


def edit_field(
    store: LocalStore, session_id: str, row_no: int, field: str, text: str | None
) -> dict[str, str]:
    """Change one value of a pending row and validate it again at once; the row's problems."""
    with store.transaction() as conn:
        info = import_store.get_session(conn, session_id)
        (row,) = import_store.rows(conn, session_id, row_nos=[row_no])
        assert info is not None
        fields = dict(row.fields)
        fields[field] = text.strip() if text and text.strip() else None
        student, problems = validate_fields(fields, _order(info))
        import_store.set_fields(conn, session_id, row_no, fields, problems, stored_student(student))
        import_store.update_session(conn, session_id, store.server_now())
    return problems


def set_date_order(store: LocalStore, session_id: str, order: DateOrder | None) -> int:
    """Read the file's dates as month/day or day/month and validate again; rows re-checked."""
    with store.transaction() as conn:
        import_store.update_session(
            conn, session_id, store.server_now(), date_order=order, set_date_order=True
        )
    return revalidate(store, session_id)


def revalidate(store: LocalStore, session_id: str) -> int:
    """Validate every pending row again (after the date order changed)."""
    changed = 0
    with store.transaction() as conn:
        info = import_store.get_session(conn, session_id)
        assert info is not None
        order = _order(info)
        updates = []
        for row in import_store.iter_rows(conn, session_id, status="pending"):
            student, problems = validate_fields(row.fields, order)
            if problems != row.problems:
                updates.append((row.row_no, row.fields, problems, stored_student(student)))
        for row_no, fields, problems, stored in updates:
            import_store.set_fields(conn, session_id, row_no, fields, problems, stored)
            changed += 1
    return changed


def _order(info: ImportSessionInfo) -> DateOrder | None:
    return "mdy" if info.date_order == "mdy" else "dmy" if info.date_order == "dmy" else None


def reimport_fixes(store: LocalStore, session_id: str, path: Path) -> tuple[int, int]:
    """Read back a problem-rows file (see results.problem_rows) fixed elsewhere: each row, found by
    its Row column, takes the file's values and is validated again. Returns (rows updated, rows
    still with problems). Rows already committed are left alone."""
    data = read_sheet(path)
    layout = find_header(data.rows)
    by_label = {label(f): f for f in IMPORT_FIELDS}
    columns: dict[int, str] = {}
    row_column: int | None = None
    for index, header in enumerate(layout.headers):
        if header.strip().lower() == "row":
            row_column = index
        elif header in by_label:
            columns[index] = by_label[header]
    if row_column is None:
        raise SpreadsheetError(
            f"{path.name}: no “Row” column. Re-import the file exported from the problem rows, "
            "keeping its Row column as it is."
        )
    updated = still_bad = 0
    with store.transaction() as conn:
        info = import_store.get_session(conn, session_id)
        assert info is not None
        order = _order(info)
        for index in range(layout.first_data_row, len(data.rows)):
            cells = data.rows[index]
            raw = cells[row_column] if row_column < len(cells) else None
            try:
                row_no = int(float(str(raw)))
            except ValueError:
                continue
            found = import_store.rows(conn, session_id, row_nos=[row_no], status="pending")
            if not found:
                continue
            fields = dict(found[0].fields)
            for column, field in columns.items():
                value = cells[column] if column < len(cells) else None
                if isinstance(value, dt.datetime | dt.date):
                    day = value.date() if isinstance(value, dt.datetime) else value
                    fields[field] = day.isoformat()
                else:
                    fields[field] = cell_text(value, field)
            student, problems = validate_fields(fields, order)
            import_store.set_fields(
                conn, session_id, row_no, fields, problems, stored_student(student)
            )
            updated += 1
            still_bad += bool(problems)
        import_store.update_session(conn, session_id, store.server_now())
    return updated, still_bad


def resumable(store: LocalStore, file_name: str, sheet: str, headers: list[str]) -> str | None:
    """An unfinished import of the same file (name, sheet and headers), to continue rather than
    start again (the command line re-run after a crash or a cancelled commit)."""
    signature = header_signature(headers)
    with store.read() as conn:
        for info in import_store.unfinished_sessions(conn):
            if (info.file_name, info.sheet, info.header_signature) == (file_name, sheet, signature):
                return info.id
    return None
