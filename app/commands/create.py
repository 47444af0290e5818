"""``python -m app create``: one account without the window, its slip written to a PDF.

    python -m app create --json student.json --username U --slip SLIP.pdf

The JSON holds the student's fields (the form's field names), or ``{"student": {...},
"decision": {...}}``. Every problem the form would show is reported at once, each naming the
JSON key and the fix, before anything is made. Like the form, the command then checks this
college's accounts kept here and, when the central service answers, every college; a certain or
probable duplicate must be decided in the JSON's ``decision``. Staff unlock with the password
of their last online sign-in, so it works offline with the CCCIDs reserved here.

The temporary password goes only onto the slip in the PDF, never onto the terminal: terminals
keep their output (scrollback, logs, a script's captured output).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Final

from pydantic import ValidationError

from app.commands.exits import (
    EXIT_DUPLICATES,
    EXIT_INPUT,
    EXIT_NO_CCCID,
    EXIT_OK,
    EXIT_SIGN_IN,
)
from app.commands.service import open_workstation
from app.commands.slip_file import SlipPathError, check_slip_path, slip_details, write_slip_pdf
from app.models.account import FIELD_LABELS, StudentFields, field_errors, validate_student
from app.models.api import CreateDecision, DuplicateCheckResponse
from app.services import slips
from app.services.accounts_local import create_account_locally
from app.services.candidates import CandidateView, merge
from app.services.central_client import CentralError
from app.services.decide_first import UndecidedDuplicatesError, refuse_undecided
from app.services.desk import local_candidates
from app.services.staff_session import UnlockError
from app.services.store import NoLeasedCccidError
from app.services.taken import IdentifierTakenError, merged, refuse_taken, taken_here
from app.services.workstation import Workstation

CENTRAL_TIMEOUT = 10.0
NOTHING_FOUND: Final = DuplicateCheckResponse(candidates=[], taken=[])
LINK_IN_THE_JSON: Final = (
    'if it is the student\'s own account, link to it instead: "decision": {"action": "link", '
    '"link_cccid": "<that CCCID>"}'
)


class RequestProblem(ValueError):
    """The JSON cannot be used; ``lines`` are the problems, each naming the key and the fix."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", type=Path, required=True, help="student fields (JSON object)")
    parser.add_argument("--username", required=True, help="staff member (unlocks offline)")
    parser.add_argument(
        "--slip",
        type=Path,
        help="PDF file the slip is written to (needed): the temporary password is printed "
        "only there, never on the terminal",
    )
    parser.add_argument("--college-name", help="college name printed on the slip")
    parser.add_argument("--reclaim-url", help="where the student reclaims the account")


def read_request(path: Path) -> tuple[StudentFields, CreateDecision | None]:
    """The student and the decision in ``path``, or :class:`RequestProblem` with every problem
    the form would report (the form's own validation), each naming the key and the fix."""
    where = f"--json {path}"
    try:
        data = json.loads(path.read_text("utf-8"))
    except OSError as error:
        raise RequestProblem([f"{where}: cannot read it ({error.strerror or error})."]) from None
    except ValueError as error:
        raise RequestProblem([f"{where}: not JSON ({error}). Fix the file."]) from None
    if not isinstance(data, dict):
        raise RequestProblem([f"{where}: give a JSON object of the student's fields."])
    student_data = data.get("student") if "student" in data else data
    if not isinstance(student_data, dict):
        raise RequestProblem([f'{where}: "student" must be an object of the student\'s fields.'])
    problems = [f'{where} "{key}": {message}' for key, message in _student_problems(student_data)]
    decision: CreateDecision | None = None
    if data.get("decision") is not None:
        try:
            decision = CreateDecision.model_validate(data["decision"])
        except ValidationError as error:
            problems += [
                f'{where} "decision": {field}: {message}'
                for field, message in field_errors(error).items()
            ]
    if problems:
        raise RequestProblem(problems)
    return StudentFields.model_validate(student_data), decision


def _student_problems(data: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(key, message) for every problem the form would show, in the form's order."""
    _, found = validate_student(data)
    order = {field: index for index, field in enumerate(FIELD_LABELS)}
    return sorted(found.items(), key=lambda item: order.get(item[0], -1))


def run(args: argparse.Namespace, password_for: Callable[[str], str]) -> int:
    """Create the account and write its slip; the exit status."""
    if args.slip is None:
        print(
            "create: give --slip SLIP.pdf: the slip, with the temporary password, is written "
            "there to print; the password is never shown on the terminal.",
            file=sys.stderr,
        )
        return EXIT_INPUT
    try:
        check_slip_path(args.slip, "--slip")
        student, decision = read_request(args.json)
    except SlipPathError as error:
        print(str(error), file=sys.stderr)
        return EXIT_INPUT
    except RequestProblem as problem:
        for line in problem.lines:
            print(line, file=sys.stderr)
        print(
            f"Nothing was created: fix the {len(problem.lines)} problem(s) above.", file=sys.stderr
        )
        return EXIT_INPUT
    workstation, service = open_workstation()
    with workstation:
        store = workstation.store
        try:
            staff = workstation.unlock(args.username, password_for(args.username))
        except UnlockError as error:
            print(str(error), file=sys.stderr)
            return EXIT_SIGN_IN
        # Decide before create, as on the form: this college's cached accounts, and every
        # college when the central service answers.
        answer = _central_answer(workstation, service.url, student)
        found = [
            *(CandidateView.from_central(c.model_dump()) for c in answer.candidates),
            *local_candidates(store, student),
        ]
        # What the service would refuse for certain (an email another account holds) is refused
        # before a CCCID is used and a slip is written, as on the form.
        with store.read() as conn:
            taken = merged(taken_here(conn, student.email), answer.taken)
        try:
            refuse_undecided(found, decision)
            refuse_taken(taken, link=LINK_IN_THE_JSON)
            result = create_account_locally(store, student, decision, staff)
        except UndecidedDuplicatesError as error:
            _print_undecided(error, found)
            return EXIT_DUPLICATES
        except IdentifierTakenError as error:
            print(f"{error} Nothing was created.", file=sys.stderr)
            return EXIT_INPUT
        except NoLeasedCccidError as error:
            print(str(error), file=sys.stderr)
            return EXIT_NO_CCCID
        details = slip_details(
            store, staff, college_name=args.college_name, reclaim_url=args.reclaim_url
        )
    print(f"CCCID: {result.cccid}")
    slip = slips.slip_from_account(
        cccid=result.cccid,
        student=student,
        temp_password=result.temp_password,
        college_name=details.college_name,
        created_by=details.created_by,
        issued_at=result.issued_at,
        reclaim_url=details.reclaim_url,
        server_expires_at=None,
    )
    try:
        write_slip_pdf([slip], args.slip)
    except OSError as error:
        print(
            f"--slip {args.slip}: cannot write it ({error.strerror or error}). The account "
            f"{result.cccid} is created; reprint its slip from the window (a reprint makes a new "
            "password).",
            file=sys.stderr,
        )
        return EXIT_INPUT
    print(
        f"Slip for {result.cccid} written to {args.slip}. Print it, then delete the file: it "
        "holds the temporary password."
    )
    return EXIT_OK


def _central_answer(
    workstation: Workstation, url: str | None, student: StudentFields
) -> DuplicateCheckResponse:
    """The central service's answer (every college's candidates and taken identifiers), or an
    empty one with a note when it cannot be asked: offline, the desk still checks this college's
    accounts kept here."""
    if url is None:
        print(
            "Other colleges not checked for duplicates (the built-in sandbox is not running); "
            "checked this college's accounts on this workstation.",
            file=sys.stderr,
        )
        return NOTHING_FOUND
    try:
        return workstation.connect(url, timeout=CENTRAL_TIMEOUT).check_duplicates(student)
    except CentralError as error:
        print(
            f"Other colleges not checked for duplicates ({error}); "
            "checked this college's accounts on this workstation.",
            file=sys.stderr,
        )
        return NOTHING_FOUND


def _print_undecided(error: UndecidedDuplicatesError, found: list[CandidateView]) -> None:
    print(str(error), file=sys.stderr)
    for candidate in merge(found):
        if candidate.cccid in error.undecided:
            print(
                f"  {candidate.cccid}  {candidate.band}  college {candidate.college_code}: "
                f"{'; '.join(candidate.reasons)}",
                file=sys.stderr,
            )
    considered = ", ".join(f'"{c}"' for c in error.undecided)
    print(
        'To create anyway, add to the JSON: "decision": {"action": "create_anyway", '
        f'"reason": "why this is a different student", "considered_cccids": [{considered}]}}',
        file=sys.stderr,
    )
