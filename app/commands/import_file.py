"""``python -m app import``: a spreadsheet import without the window, for IT staff and scripts.

    python -m app import FILE [--sheet S] [--mapping M.json] [--date-order mdy|dmy]
                              --dry-run --report OUT.xlsx
    python -m app import FILE ... --decisions D.csv --username U [--report OUT.xlsx]

A dry run reads and maps the file, validates every row, and reviews duplicates (within the file,
in this workstation's cache, and centrally when a server is configured and answers), then writes
the report and creates nothing. With ``--decisions`` (a CSV with columns row, decision
(create/link/skip), cccid (for link) and reason: :mod:`app.commands.decisions_file`, checked
whole before anything is decided) it records those decisions and commits; rows without a
certain or probable candidate are created unless the CSV says otherwise. Re-running the
same command after a crash or a stop continues the saved import (rows already done stay done).

``--slips SLIPS.pdf`` writes the slip of every new account of the import that has none yet, one
per page, to print as a batch. A temporary password is never stored, so rows created by an
earlier run that never got their slip (a crash, or a run without ``--slips``) get new passwords
first. Without ``--slips`` the command says how many accounts still need a slip; staff can also
print them from the app (continue the import there).
Exit status: 0 done; 1 rows still waiting (needs review, problems, or no CCCID reserved); 5 bad
input.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from app.commands import decisions_file
from app.commands.slip_file import SlipPathError, check_slip_path, slip_details
from app.services.central_client import CentralError, SignInRequiredError
from app.services.imports import commit as committing
from app.services.imports import decisions, duplicates, new_slips, results, session
from app.services.spreadsheet import IMPORT_FIELDS, SpreadsheetError, list_sheets
from app.services.staff_session import StaffIdentity
from app.services.store import LocalStore
from app.services.store import imports as import_store

EXIT_OK, EXIT_PENDING, EXIT_INPUT = 0, 1, 5


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help=".xlsx, .xls, .ods or .csv")
    parser.add_argument("--sheet", help="sheet name (default: the one holding the roster)")
    parser.add_argument(
        "--mapping",
        type=Path,
        help='JSON: {"File header": "field", ...} (fields: first_name, last_name, birthdate, ...)',
    )
    parser.add_argument("--date-order", choices=("mdy", "dmy"), help="how to read 3/4/2001")
    parser.add_argument("--dry-run", action="store_true", help="create nothing; write the report")
    parser.add_argument("--report", type=Path, help="results file (.xlsx or .csv)")
    parser.add_argument(
        "--decisions",
        type=Path,
        help="CSV with a header line: row, decision (create, link or skip), cccid (for link: "
        "one of the row's candidates), reason (for create when a duplicate is likely)",
    )
    parser.add_argument("--username", help="staff member (needed to commit)")
    parser.add_argument(
        "--slips", type=Path, help="PDF: the slips of the new accounts that have none yet"
    )


class InputProblem(ValueError):
    """Bad command-line input; ``str()`` says what to fix."""


def read_mapping(path: Path, headers: list[str]) -> list[str | None]:
    """A mapping file: {"header": "field"} (unknown headers not imported) or a list per column."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise InputProblem(f"--mapping {path}: cannot read it as JSON ({error}).") from None
    if isinstance(data, list):
        mapping = [str(f) if f else None for f in data]
        if len(mapping) != len(headers):
            raise InputProblem(
                f"--mapping {path}: {len(mapping)} entries for {len(headers)} columns."
            )
    elif isinstance(data, dict):
        mapping = [data.get(h) or None for h in headers]
        unknown = sorted(set(data) - set(headers))
        if unknown:
            raise InputProblem(f"--mapping {path}: the file has no column “{unknown[0]}”.")
    else:
        raise InputProblem(f"--mapping {path}: give an object or a list.")
    wrong = [f for f in mapping if f and f not in IMPORT_FIELDS]
    if wrong:
        raise InputProblem(f"--mapping {path}: “{wrong[0]}” is not an importable field.")
    return mapping


def _check_output(path: Path, option: str, suffixes: tuple[str, ...]) -> None:
    """Refuse an output file that cannot be written before any work is done, so nothing is
    imported only to fail at the end."""
    if path.suffix.lower() not in suffixes:
        raise InputProblem(f"{option} {path}: give a file name ending in {' or '.join(suffixes)}.")
    if not path.parent.is_dir():
        raise InputProblem(
            f"{option} {path}: the folder {path.parent} does not exist. Create it or give "
            "another path."
        )


def _write_report(
    store: LocalStore, session_id: str, path: Path, username: str, *, dry_run: bool = False
) -> None:
    try:
        results.write_results(store, session_id, path, username, dry_run=dry_run)
    except OSError as error:
        raise InputProblem(
            f"--report {path}: cannot write it ({error.strerror or error}). Nothing is lost: "
            "the import's rows and any accounts it made are kept on this workstation."
        ) from None


def run(
    args: argparse.Namespace,
    store: LocalStore,
    staff: StaffIdentity,
    online: Any,
    *,
    offline: str = "offline",
) -> int:
    """Run the import with an open store, the staff member, and (optionally) a connected
    ``online`` object with ``check(students)``, ``reserve(n)`` and ``upload()``: None offline,
    ``offline`` saying why (the report line names it)."""
    if not args.dry_run and args.decisions is None:
        raise InputProblem("Give --dry-run (report only) or --decisions D.csv (commit).")
    if args.dry_run and args.report is None:
        raise InputProblem("--dry-run needs --report OUT.xlsx (or .csv).")
    if args.slips is not None and args.dry_run:
        raise InputProblem("--slips goes with --decisions: a dry run creates no accounts.")
    if args.report is not None:
        _check_output(args.report, "--report", (".xlsx", ".csv"))
    if args.slips is not None:
        try:
            check_slip_path(args.slips, "--slips")
        except SlipPathError as error:
            raise InputProblem(str(error)) from None
    source = session.open_source(store, args.file, args.sheet)
    if args.sheet is None and len(list_sheets(args.file)) > 1:
        print(
            f'{args.file.name}: reading sheet "{source.sheet.name}", the one holding the roster '
            "(choose another with --sheet).",
            file=sys.stderr,
        )
    mapping = read_mapping(args.mapping, source.headers) if args.mapping else source.mapping
    problem = session.mapping_problem(mapping)
    if problem:
        raise InputProblem(f"{args.file.name}: {problem} Use --mapping.")
    # The decisions file on its own, before any of the import is saved: one that cannot be read
    # as meant stops the run here.
    planned = decisions_file.read(args.decisions) if args.decisions is not None else []
    order = args.date_order or source.date_order
    earlier = (
        None
        if args.dry_run
        else session.resumable(store, args.file.name, source.sheet.name, source.headers)
    )
    if earlier is not None:
        # Re-run after a crash or a cancelled commit: continue; rows already done stay done.
        print(f"Continuing the unfinished import of {args.file.name}.")
        session_id = earlier
    else:
        session_id = session.start_session(store, staff, source, mapping, order)
    review = duplicates.review(store, session_id)
    checked_central = False
    if online is not None:
        try:
            duplicates.merge_central(store, session_id, online.check)
            checked_central = True
        except SignInRequiredError:
            offline = "not signed in on this workstation (give --username)"
        except CentralError as error:
            offline = error.message
    with store.read() as conn:
        counts = import_store.counts(conn, session_id)
    print(
        f"{counts['total']} rows: {counts['problems']} with problems, "
        f"{counts['certain']} certain, {counts['probable']} probable, "
        f"{counts['possible']} possible match(es), {review.in_file_pairs} pair(s) within the file"
        + (
            " (checked at every college)"
            if checked_central
            else f" (central check not done: {offline})"
        )
    )
    if counts["done_before"]:
        print(
            f"{counts['done_before']} row(s) already created or linked by an earlier import: "
            "left as they are (their CCCIDs are in the report)."
        )
    for line in _problem_lines(store, session_id):
        print(line, file=sys.stderr)
    if args.dry_run:
        _write_report(store, session_id, args.report, staff.username, dry_run=True)
        with store.transaction() as conn:
            import_store.update_session(conn, session_id, store.server_now(), step="cancelled")
        print(f"Dry run: nothing created. Report: {args.report}")
        return EXIT_OK
    todo, notes = decisions_file.check(store, session_id, planned, args.decisions.name)
    for note in notes:
        print(note, file=sys.stderr)
    for plan in todo:
        decisions.decide(
            store,
            session_id,
            [plan.row_no],
            plan.decision,
            staff,
            link_cccid=plan.cccid,
            reason=plan.reason,
        )
    details = slip_details(store, staff)
    report = committing.commit(
        store,
        session_id,
        staff,
        details,
        reserve=online.reserve if online is not None else None,
        # Online, the accounts reach the service before their slips are written, as in the
        # window: a slip is never made for an account the service refused.
        upload=online.upload if online is not None else None,
    )
    if args.report:
        _write_report(store, session_id, args.report, staff.username)
    print(
        f"created {report.created}, linked {report.linked}, skipped {report.skipped}; "
        f"{report.left} decided row(s) waiting"
    )
    if report.stopped:
        print(report.stopped, file=sys.stderr)
    _slips(args, store, session_id, staff, details, report.slips)
    with store.read() as conn:
        counts = import_store.counts(conn, session_id)
    return EXIT_OK if counts["pending"] == 0 else EXIT_PENDING


def _slips(
    args: argparse.Namespace,
    store: LocalStore,
    session_id: str,
    staff: StaffIdentity,
    details: committing.SlipDetails,
    made: list[committing.MadeSlip],
) -> None:
    """With --slips: the PDF of every created row without a slip (this run's, and new passwords
    for earlier runs' rows), then those rows marked as given. Without: say what is missing."""
    missing = new_slips.rows_needing_slips(store, session_id)
    if not missing:
        return
    if args.slips is None:
        print(
            f"{len(missing)} new account(s) have no slip yet: run the same command with "
            "--slips SLIPS.pdf, or continue this import in the app to print them.",
            file=sys.stderr,
        )
        return
    from app.commands.slip_file import write_slip_pdf

    wanted = set(missing)
    in_hand = {m.row_no: m for m in made if m.row_no in wanted}
    earlier = [row_no for row_no in missing if row_no not in in_hand]
    fresh = new_slips.make_new_slips(store, session_id, staff, details, earlier)
    batch = sorted([*in_hand.values(), *fresh.slips], key=lambda m: m.row_no)
    for row_no, why in sorted(fresh.no_slip.items()):
        print(f"row {row_no}: {why}", file=sys.stderr)
    if not batch:
        return
    write_slip_pdf([m.slip for m in batch], args.slips)
    with store.transaction() as conn:
        import_store.mark_slips_given(
            conn, session_id, [m.row_no for m in batch], store.server_now()
        )
    renewed = (
        f" ({len(fresh.slips)} with new passwords: created earlier, never printed)"
        if fresh.slips
        else ""
    )
    print(
        f"Slips for {len(batch)} new account(s) written to {args.slips}{renewed}. "
        "Print them, then delete the file: it holds temporary passwords."
    )


def _problem_lines(store: LocalStore, session_id: str, limit: int = 20) -> list[str]:
    with store.read() as conn:
        bad = import_store.rows(conn, session_id, with_problems=True, limit=limit)
    return [f"row {row.row_no}: " + " ".join(row.problems.values()) for row in bad]


def describe_error(error: Exception) -> str:
    if isinstance(
        error,
        SpreadsheetError
        | InputProblem
        | decisions.DecisionError
        | decisions_file.DecisionsFileError,
    ):
        return str(error)
    return f"{type(error).__name__}: {error}"
