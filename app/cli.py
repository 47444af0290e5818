"""The desktop app's command line: the GUI by default, and headless commands.

* ``python -m app`` / ``python -m app gui``: the desktop app.
* ``python -m app sync --server URL [--once] [--username NAME]``: sign in (password from
  ``ACCOUNT_DESK_PASSWORD`` or a prompt) and sync, once or until interrupted.
* ``python -m app create --json FILE --username NAME``: unlock offline with the password, create
  the account locally under a reserved CCCID, print the CCCID and the slip.
* ``python -m app status``: what is waiting, refused or flagged.
* ``python -m app import FILE --dry-run --report OUT.xlsx`` / ``--decisions D.csv --username U``:
  a spreadsheet import without the window (see :mod:`app.commands.import_file`).
* ``python -m app match --existing E.csv --incoming I.csv --out M.csv``: the matcher alone.

The local store is the usual one (``ACCOUNT_DESK_DATA_DIR`` moves it), with the OS keyring.
Exit status: 0 done; 1 something is still waiting or was refused; 2 the store or keyring cannot be
used; 3 no reserved CCCID; 4 sign-in refused or needed; 5 invalid input; 6 the sync cycle did not
run to the end (service unreachable, busy or refusing); 141 the output was closed early (a pipe
into ``head``, say): the rest is dropped quietly.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import json
import logging
import os
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from app.models.account import StudentFields, field_errors
from app.services.candidates import CandidateView, merge
from app.services.central_client import CentralClient, CentralError
from app.services.decide_first import UndecidedDuplicatesError, refuse_undecided
from app.services.desk import local_candidates
from app.services.secrets import NoSecureKeyringError
from app.services.server_choice import current_choice, save_choice
from app.services.staff_session import StaffIdentity, UnlockError
from app.services.store import NoLeasedCccidError, StoreError, sync_state
from app.services.sync import SyncConfig, SyncEngine, SyncStatus
from app.services.workstation import Workstation

PASSWORD_ENV = "ACCOUNT_DESK_PASSWORD"  # noqa: S105 - the variable's name, not a password

EXIT_OK, EXIT_PENDING, EXIT_STORE, EXIT_NO_CCCID, EXIT_SIGN_IN, EXIT_INPUT = range(6)
EXIT_CYCLE_FAILED = 6  # sync --once: the cycle did not run to the end
EXIT_DUPLICATES = 7  # create: a certain or probable duplicate nobody decided about
EXIT_PIPE = 141  # what a shell reports for a program ended by SIGPIPE (128 + 13)

SYNC_EXIT_STATUSES = """exit status of --once:
  0  the cycle ran to the end and nothing is waiting
  1  the cycle ran to the end, but something still waits to upload or was refused
     (see python -m app status)
  2  the local store or the keyring cannot be used
  4  sign-in refused, or needed (give --username)
  5  no --server given, and none remembered
  6  the cycle did not run to the end: the service is unreachable, busy or refused a
     request (the message says which); nothing is lost, run it again later
  141  the output was closed early (a pipe into head, say)
"""


def _password(username: str) -> str:
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env:
        return from_env
    return getpass.getpass(f"Password for {username}: ")


def _open_workstation(config: SyncConfig | None = None) -> Workstation:
    """The workstation at the usual place, with the OS keyring (no server yet)."""
    return Workstation.open(config=config)


def _print_status(status: SyncStatus) -> None:
    print(
        f"online={'yes' if status.online else 'no'} queued={status.queued}"
        f" needs_attention={status.needs_attention} needs_review={status.needs_review}"
        f" reserved_cccids={status.reserved_cccids}"
        f" last_sync_at={status.last_sync_at.isoformat() if status.last_sync_at else '-'}"
    )
    print(status.message)


def _sync(args: argparse.Namespace) -> int:
    with _open_workstation(SyncConfig(pull_page_size=args.page_size)) as workstation:
        before = workstation.sync_state()
        server = args.server or current_choice().url or before.server_url
        if not server:
            print("Give --server URL the first time.", file=sys.stderr)
            return EXIT_INPUT
        if args.server:
            save_choice(args.server.rstrip("/"))  # the desktop app then uses it too
        workstation.connect(server)
        if args.username:
            try:
                workstation.sign_in(args.username, _password(args.username))
            except CentralError as error:
                print(f"Sign-in failed: {error.message}", file=sys.stderr)
                return EXIT_SIGN_IN
        engine = workstation.engine
        if args.once:
            status = engine.run_once()
            _print_status(status)
            if status.sign_in_required:
                return EXIT_SIGN_IN
            # run_once tells how the cycle ended only through the status: one that ran to the
            # end stamps last_sync_at (the server's clock, read anew each cycle); one that ended
            # early (unreachable, 5xx, a refusal) leaves it as it was. The "online" flag cannot
            # tell: a busy service was reached.
            if status.last_sync_at is None or status.last_sync_at == before.last_sync_at:
                return EXIT_CYCLE_FAILED
            waiting = status.queued or status.needs_attention
            return EXIT_PENDING if waiting else EXIT_OK
        return _run_until_stopped(engine)


def _run_until_stopped(engine: SyncEngine) -> int:
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    engine.add_listener(lambda status: _print_status(status) if not status.syncing else None)
    engine.start()
    with contextlib.suppress(KeyboardInterrupt):
        stop.wait()
    engine.stop()
    return EXIT_OK


def _read_request(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text("utf-8"))
    if not isinstance(data, dict):
        raise ValueError("the JSON file must hold an object")
    return data if "student" in data else {"student": data}


def _create(args: argparse.Namespace) -> int:
    from app.models.api import CreateDecision
    from app.services import slips
    from app.services.accounts_local import create_account_locally

    try:
        request = _read_request(args.json)
        student = StudentFields.model_validate(request["student"])
        decision = (
            CreateDecision.model_validate(request["decision"]) if request.get("decision") else None
        )
    except ValidationError as error:
        for field, message in field_errors(error).items():
            print(f"{field}: {message}", file=sys.stderr)
        return EXIT_INPUT
    except (OSError, ValueError) as error:
        print(f"Cannot read {args.json}: {error}", file=sys.stderr)
        return EXIT_INPUT
    with _open_workstation() as workstation:
        store = workstation.store
        try:
            staff: StaffIdentity = workstation.unlock(args.username, _password(args.username))
        except UnlockError as error:
            print(str(error), file=sys.stderr)
            return EXIT_SIGN_IN
        # Decide before create, as on the form: this college's cached accounts, and every
        # college when the central service answers.
        found = [*_central_candidates(workstation, student), *local_candidates(store, student)]
        try:
            refuse_undecided(found, decision)
            result = create_account_locally(store, student, decision, staff)
        except UndecidedDuplicatesError as error:
            _print_undecided(error, found)
            return EXIT_DUPLICATES
        except NoLeasedCccidError as error:
            print(str(error), file=sys.stderr)
            return EXIT_NO_CCCID
        with store.read() as conn:
            server = sync_state.load(conn).server_url or ""
    print(f"CCCID: {result.cccid}")
    slip = slips.slip_from_account(
        cccid=result.cccid,
        student=student,
        temp_password=result.temp_password,
        college_name=args.college_name or staff.college_code or "",
        created_by=staff.display_name,
        issued_at=result.issued_at,
        reclaim_url=args.reclaim_url or f"{server.rstrip('/')}/reclaim",
        server_expires_at=None,
    )
    print(slips.slip_text(slip))
    return EXIT_OK


def _central_candidates(workstation: Workstation, student: StudentFields) -> list[CandidateView]:
    """The central service's candidates (every college), or none with a note when it cannot be
    asked: offline, the desk still checks this college's accounts kept here."""
    server = current_choice().url or workstation.sync_state().server_url
    if not server:
        return []
    try:
        answer = workstation.connect(server, timeout=10).check_duplicates(student)
    except CentralError as error:
        print(
            f"Other colleges not checked for duplicates ({error}); "
            "checked this college's accounts on this workstation.",
            file=sys.stderr,
        )
        return []
    return [CandidateView.from_central(c.model_dump()) for c in answer.candidates]


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


def _status(_: argparse.Namespace) -> int:
    from app.services.attention import needing_attention, needing_review
    from app.services.sync.status import read_status

    with _open_workstation() as workstation:
        store = workstation.store
        _print_status(
            read_status(store, online=False, syncing=False, sign_in_required=False, message="")
        )
        for entry in needing_attention(store):
            print(f"needs attention: {entry.cccid} ({entry.id}): {entry.last_error}")
        for item in needing_review(store):
            print(f"needs review: {item.cccid} {item.name}: {'; '.join(item.reasons)}")
    return EXIT_OK


class _Online:
    """What an import needs from the network: the central check and CCCID reservations."""

    def __init__(self, client: CentralClient, engine: SyncEngine) -> None:
        self.client, self.engine = client, engine

    def check(self, students: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
        return self.client.check_duplicates_batch(students)

    def reserve(self, count: int) -> int:
        return self.engine.reserve(count)


def _import(args: argparse.Namespace) -> int:
    from app.commands import import_file

    with _open_workstation() as workstation:
        store = workstation.store
        known_server = workstation.sync_state().server_url
        online: _Online | None = None
        if args.username:
            password = _password(args.username)
            server = current_choice().url or known_server
            identity: StaffIdentity | None = None
            if server:
                workstation.connect(server)
                try:
                    identity = workstation.sign_in(args.username, password)
                    online = _Online(workstation.client, workstation.engine)
                except CentralError:
                    identity = None
            if identity is None:
                try:
                    identity = workstation.unlock(args.username, password)
                except UnlockError as error:
                    print(str(error), file=sys.stderr)
                    return EXIT_SIGN_IN
        elif args.dry_run:
            from app.models.staff import Role

            identity = StaffIdentity("dry-run", "Dry run", Role.VIEWER, None, False)
        else:
            print("Give --username to commit an import.", file=sys.stderr)
            return EXIT_INPUT
        try:
            status = import_file.run(args, store, identity, online)
        except (ValueError, import_file.InputProblem) as error:
            print(import_file.describe_error(error), file=sys.stderr)
            return EXIT_INPUT
        if online is not None and not args.dry_run:
            online.engine.run_once()  # upload what was committed, now
        return status


def _match(args: argparse.Namespace) -> int:
    from app.commands import match

    return int(match.run(args))


def _gui(_: argparse.Namespace) -> int:
    # Imported only here: the headless commands must work without Qt.
    try:
        from app.views.main import run  # type: ignore[import-not-found,unused-ignore]
    except ImportError as error:
        print(f"The desktop window cannot start: {error}", file=sys.stderr)
        return EXIT_STORE
    return int(run() or 0)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for tests and --help)."""
    parser = argparse.ArgumentParser(prog="account-desk", description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    commands = parser.add_subparsers(dest="command")

    commands.add_parser("gui", help="the desktop app (default)").set_defaults(func=_gui)

    sync = commands.add_parser(
        "sync",
        help="sign in and sync with the central service",
        epilog=SYNC_EXIT_STATUSES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sync.add_argument("--server", help="central service base URL (remembered)")
    sync.add_argument("--username", help="sign in as this staff member first")
    sync.add_argument("--once", action="store_true", help="one cycle, then exit")
    sync.add_argument("--page-size", type=int, default=500, help="change feed page size")
    sync.set_defaults(func=_sync)

    create = commands.add_parser(
        "create",
        help="create an account locally and print its slip",
        description="Create an account locally and print its slip. Like the form, it first "
        "checks this college's accounts kept here and, when the central service answers, every "
        'college; a certain or probable duplicate must be decided in the JSON\'s "decision" '
        f"(exit {EXIT_DUPLICATES} lists them).",
    )
    create.add_argument("--json", type=Path, required=True, help="student fields (JSON object)")
    create.add_argument("--username", required=True, help="staff member (unlocks offline)")
    create.add_argument("--college-name", help="college name printed on the slip")
    create.add_argument("--reclaim-url", help="where the student reclaims the account")
    create.set_defaults(func=_create)

    commands.add_parser("status", help="what is waiting, refused or flagged").set_defaults(
        func=_status
    )

    from app.commands import import_file

    importing = commands.add_parser(
        "import", help="import a spreadsheet: report (--dry-run) or commit (--decisions)"
    )
    import_file.add_arguments(importing)
    importing.set_defaults(func=_import)

    from app.commands import match

    matching = commands.add_parser("match", help="the duplicate matcher alone, file to file")
    match.add_arguments(matching)
    matching.set_defaults(func=_match)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    try:
        try:
            return _main(argv)
        finally:
            # Output still buffered meets a closed pipe here, where it can be caught, rather
            # than in the interpreter's last flush (a warning on stderr and exit status 120).
            sys.stdout.flush()
    except BrokenPipeError:
        # Whoever read the output stopped early (python -m app status | head -1): the rest
        # has nowhere to go. Point stdout at devnull so that nothing tries to write it again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return EXIT_PIPE


def _main(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    func = getattr(args, "func", _gui)
    try:
        return int(func(args))
    except (StoreError, NoSecureKeyringError) as error:
        print(str(error), file=sys.stderr)
        return EXIT_STORE
