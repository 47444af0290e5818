"""The ``--decisions`` CSV of ``python -m app import``: read whole and checked before any decision
is recorded, so a file that cannot mean what it says creates nothing.

The file has a header line naming its columns, ``row`` and ``decision`` needed, ``cccid`` and
``reason`` optional (any order, any case), then one line per spreadsheet row:

    row,decision,cccid,reason
    7,link,AAA0162,
    9,create,,Different person: checked photo ID
    12,skip,,

Two passes. :func:`read` checks the file alone (readable text, the columns, a row number and a
decision word on each line, a CCCID only with a link, each row once) before any of the import
is saved. :func:`check` checks it against the import's rows once their duplicates are known:
every row is a row of the file, a link goes to one of the row's candidates, and "create" for a
row with a certain or probable candidate says why. Every problem is reported at once, each naming
the line, the column, the value and the fix. Rows an earlier run already finished are left as
they are (re-running the same command continues an import).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from app.models.cccid import CCCIDError, normalize_cccid
from app.services.store import LocalStore
from app.services.store import imports as import_store
from app.services.store.imports import Decision

COLUMNS = ("row", "decision", "cccid", "reason")
REQUIRED = ("row", "decision")
DECISIONS: dict[str, Decision] = {"create": "create", "link": "link", "skip": "skip"}
MAX_SHOWN = 20
"""Problems listed before "and N more" (a file of garbage must not flood the terminal)."""
MIN_REASON = 3
_EXAMPLE = "row,decision,cccid,reason"


@dataclass(frozen=True)
class Planned:
    """One line of the file: what staff decided about one spreadsheet row."""

    line: int
    row_no: int
    decision: Decision
    cccid: str | None
    reason: str | None


class DecisionsFileError(ValueError):
    """The file cannot be used; ``str()`` lists every problem found and what to fix."""

    def __init__(self, problems: Sequence[str]) -> None:
        shown = list(problems[:MAX_SHOWN])
        if len(problems) > MAX_SHOWN:
            shown.append(f"... and {len(problems) - MAX_SHOWN} more problem(s).")
        shown.append("Nothing was decided or created: fix the decisions file and run it again.")
        super().__init__("\n".join(shown))
        self.problems = list(problems)


def read(path: Path) -> list[Planned]:
    """Every line of the file, each checked on its own; :class:`DecisionsFileError` otherwise."""
    where = f"--decisions {path}"
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            lines = list(csv.reader(handle))
    except OSError as error:
        raise DecisionsFileError(
            [f"{where}: cannot read it ({error.strerror or error})."]
        ) from None
    except UnicodeDecodeError:
        raise DecisionsFileError(
            [f"{where}: this is not a text file. Save the decisions as CSV UTF-8 ({_EXAMPLE})."]
        ) from None
    except csv.Error as error:
        raise DecisionsFileError([f"{where}: not a readable CSV file ({error})."]) from None
    if not lines or not any(cell.strip() for cell in lines[0]):
        raise DecisionsFileError(
            [f"{where}: the file is empty. Its first line names the columns: {_EXAMPLE}."]
        )
    columns = _columns(where, lines[0])
    problems: list[str] = []
    planned: list[Planned] = []
    seen: dict[int, int] = {}
    for number, cells in enumerate(lines[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue  # a blank line, as spreadsheets leave at the end
        value = {name: cells[i].strip() if i < len(cells) else "" for name, i in columns.items()}
        found, line_problems = _line(path.name, number, value)
        problems += line_problems
        if found is None:
            continue
        if found.row_no in seen:
            problems.append(
                f"{path.name} line {number}, column row: row {found.row_no} is already decided "
                f"on line {seen[found.row_no]}. Keep one line per row."
            )
            continue
        seen[found.row_no] = number
        planned.append(found)
    if problems:
        raise DecisionsFileError(problems)
    return planned


def _columns(where: str, header: list[str]) -> dict[str, int]:
    names = [cell.strip().lower() for cell in header]
    unknown = [name for name in names if name and name not in COLUMNS]
    missing = [name for name in REQUIRED if name not in names]
    if unknown or missing:
        found = ", ".join(f"“{cell.strip()}”" for cell in header if cell.strip())
        what = (
            f"no “{missing[0]}” column"
            if missing
            else f"the column “{unknown[0]}” is not one it reads"
        )
        raise DecisionsFileError(
            [
                f"{where}: {what} (its first line has {found}). The first line names the "
                f"columns: {_EXAMPLE} (cccid and reason may be left out)."
            ]
        )
    return {name: names.index(name) for name in COLUMNS if name in names}


def _line(name: str, number: int, value: dict[str, str]) -> tuple[Planned | None, list[str]]:
    at = f"{name} line {number}"
    problems: list[str] = []
    row_no: int | None = None
    try:
        row_no = int(value["row"])
        if row_no < 1:
            raise ValueError
    except ValueError:
        problems.append(
            f"{at}, column row: “{value['row']}” is not a row number. Give the student's row "
            "number in the spreadsheet (the report shows it)."
        )
    decision = DECISIONS.get(value["decision"].lower())
    if decision is None:
        problems.append(
            f"{at}, column decision: “{value['decision']}” is not a decision. Write create, "
            "link or skip."
        )
    cccid: str | None = value.get("cccid") or None
    if cccid is not None:
        try:
            cccid = normalize_cccid(cccid)
        except CCCIDError as error:
            problems.append(f"{at}, column cccid: {error}")
        if decision in ("create", "skip"):
            problems.append(
                f"{at}, column cccid: “{cccid}” goes only with link. Clear it, or write link."
            )
    elif decision == "link":
        problems.append(
            f"{at}, column cccid: a link needs the CCCID of the existing account (one of the "
            "row's candidates in the report)."
        )
    if problems or row_no is None or decision is None:
        return None, problems
    return Planned(number, row_no, decision, cccid, value.get("reason") or None), []


def check(
    store: LocalStore, session_id: str, planned: Sequence[Planned], name: str
) -> tuple[list[Planned], list[str]]:
    """The decisions to record (rows still waiting) and notes about rows an earlier run already
    finished, or :class:`DecisionsFileError` naming every line that does not fit the rows."""
    with store.read() as conn:
        info = import_store.get_session(conn, session_id)
        rows = {
            row.row_no: row
            for row in import_store.rows(conn, session_id, row_nos=[p.row_no for p in planned])
        }
    assert info is not None
    problems: list[str] = []
    notes: list[str] = []
    todo: list[Planned] = []
    for plan in planned:
        at = f"{name} line {plan.line}"
        row = rows.get(plan.row_no)
        if row is None:
            problems.append(
                f"{at}, column row: row {plan.row_no} is not a student row of {info.file_name}. "
                "Give the row number the spreadsheet (and the report) shows for the student."
            )
            continue
        if row.status != "pending":
            done = f" ({row.cccid})" if row.cccid else ""
            notes.append(f"{at}: row {plan.row_no} is already {row.status}{done}; left as it is.")
            continue
        cccids = [str(c["cccid"]) for c in row.candidates if c.get("cccid")]
        if plan.decision == "link" and plan.cccid not in cccids:
            listed = ", ".join(cccids) if cccids else "it has none"
            problems.append(
                f"{at}, column cccid: {plan.cccid} is not one of row {plan.row_no}'s candidates "
                f"({listed}). Give one of them, or write create or skip."
            )
            continue
        if plan.decision == "create" and row.strong and len(plan.reason or "") < MIN_REASON:
            best = row.candidates[0]
            who = best.get("cccid") or f"row {best.get('row_no')}"
            problems.append(
                f"{at}, column reason: row {plan.row_no} may be {who} ({best['band']} match). "
                f"To create it anyway, say why it is a different student ({MIN_REASON} letters "
                "or more); or link or skip it."
            )
            continue
        todo.append(plan)
    if problems:
        raise DecisionsFileError(problems)
    return todo, notes
