"""The desktop app's command line: the GUI by default, and headless commands.

* ``python -m app`` / ``python -m app gui``: the desktop app.
* ``python -m app sync [--once] [--username NAME] [--server URL [--keep]]``: sign in (password
  from ``ACCOUNT_DESK_PASSWORD`` or a prompt) and sync, once or until interrupted.
* ``python -m app create --json FILE --username NAME --slip SLIP.pdf``: unlock offline with the
  password, create the account locally under a reserved CCCID, print the CCCID and write the slip
  (see :mod:`app.commands.create`).
* ``python -m app status``: what is waiting, refused or flagged, and whether the service answers.
* ``python -m app import FILE --dry-run --report OUT.xlsx`` / ``--decisions D.csv --username U``:
  a spreadsheet import without the window (see :mod:`app.commands.import_file`).
* ``python -m app match --existing E.csv --incoming I.csv --out M.csv``: the matcher alone.

Every command uses the window's service and local data (``ACCOUNT_DESK_SERVER``, else
``server.json``, else the built-in sandbox with its own data file; ``ACCOUNT_DESK_DATA_DIR``
moves the data folder) and says which on stderr first (:mod:`app.commands.service`). A command
never changes the window's service silently: ``sync --server URL`` uses URL for that run only,
``--keep`` switches the workstation through the window's safe switch and says so.
Exit status: 0 done; 1 something is still waiting or was refused; 2 the store or keyring cannot be
used; 3 no reserved CCCID; 4 sign-in refused or needed; 5 invalid input; 6 the sync cycle did not
run to the end (service unreachable, busy or refusing); 7 (create) an undecided duplicate; 141
the output was closed early (a pipe into ``head``, say): the rest is dropped quietly.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import logging
import os
import signal
import sys
import threading
from collections.abc import Sequence
from typing import Any

from app.commands.exits import (
    EXIT_CYCLE_FAILED,
    EXIT_DUPLICATES,
    EXIT_INPUT,
    EXIT_NO_CCCID,
    EXIT_OK,
    EXIT_PENDING,
    EXIT_PIPE,
    EXIT_SIGN_IN,
    EXIT_STORE,
)
from app.commands.service import ServiceRefused, open_workstation, reachable
from app.models.api import DuplicateCheckResponse
from app.services.central_client import CentralClient, CentralError
from app.services.secrets import NoSecureKeyringError
from app.services.staff_session import StaffIdentity, UnlockError
from app.services.store import StoreError
from app.services.sync import SyncConfig, SyncEngine, SyncStatus

__all__ = [
    "EXIT_CYCLE_FAILED", "EXIT_DUPLICATES", "EXIT_INPUT", "EXIT_NO_CCCID", "EXIT_OK",
    "EXIT_PENDING", "EXIT_PIPE", "EXIT_SIGN_IN", "EXIT_STORE", "build_parser", "main",
]  # fmt: skip

PASSWORD_ENV = "ACCOUNT_DESK_PASSWORD"  # noqa: S105 - the variable's name, not a password

SYNC_EXIT_STATUSES = """exit status of --once:
  0  the cycle ran to the end and nothing is waiting
  1  the cycle ran to the end, but something still waits to upload or was refused
     (see python -m app status)
  2  the local store or the keyring cannot be used
  4  sign-in refused, or needed (give --username)
  5  --server or --keep cannot be used as given (the message says why)
  6  the cycle did not run to the end: the service is unreachable, busy or refused a
     request, or the built-in sandbox is not running (the message says which); nothing
     is lost, run it again later
  141  the output was closed early (a pipe into head, say)
"""


def _password(username: str) -> str:
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env:
        return from_env
    return getpass.getpass(f"Password for {username}: ")


def _print_status(status: SyncStatus) -> None:
    print(
        f"online={'yes' if status.online else 'no'} queued={status.queued}"
        f" needs_attention={status.needs_attention} needs_review={status.needs_review}"
        f" reserved_cccids={status.reserved_cccids}"
        f" last_sync_at={status.last_sync_at.isoformat() if status.last_sync_at else '-'}"
    )
    print(status.message)


def _sync(args: argparse.Namespace) -> int:
    try:
        opened = open_workstation(
            args.server, keep=args.keep, config=SyncConfig(pull_page_size=args.page_size)
        )
    except ServiceRefused as error:
        print(str(error), file=sys.stderr)
        return EXIT_INPUT
    workstation, service = opened
    with workstation:
        if service.url is None:
            print(
                "Nothing to sync with: the built-in sandbox runs while the window is open. "
                "Open the window (python -m app), or give --server URL.",
                file=sys.stderr,
            )
            return EXIT_CYCLE_FAILED
        before = workstation.sync_state()
        workstation.connect(service.url)
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


def _create(args: argparse.Namespace) -> int:
    from app.commands import create

    return create.run(args, _password)


def _status(_: argparse.Namespace) -> int:
    from app.services.attention import needing_attention, needing_review
    from app.services.sync.status import read_status

    workstation, service = open_workstation()
    with workstation:
        store = workstation.store
        # Asked once, with a short limit: the counts below are this workstation's own either way.
        online, message = reachable(service.url)
        _print_status(
            read_status(
                store, online=online, syncing=False, sign_in_required=False, message=message
            )
        )
        for entry in needing_attention(store):
            print(f"needs attention: {entry.cccid} ({entry.id}): {entry.last_error}")
        for item in needing_review(store):
            print(f"needs review: {item.cccid} {item.name}: {'; '.join(item.reasons)}")
    return EXIT_OK


class _Online:
    """What an import needs from the network: the central check (candidates and the identifiers
    other accounts hold), CCCID reservations, and the upload that confirms accounts before their
    slips are written."""

    def __init__(self, client: CentralClient, engine: SyncEngine) -> None:
        self.client, self.engine = client, engine

    def check(self, students: list[dict[str, Any]]) -> list[DuplicateCheckResponse]:
        return self.client.check_duplicates_batch_answers(students)

    def upload(self) -> None:
        self.engine.run_once()

    def reserve(self, count: int) -> int:
        return self.engine.reserve(count)


def _import(args: argparse.Namespace) -> int:
    from app.commands import import_file

    workstation, service = open_workstation()
    with workstation:
        store = workstation.store
        online: _Online | None = None
        # Why the central check cannot be done, when it cannot (the report line says so).
        offline = "the built-in sandbox is not running (it runs while the window is open)"
        if service.url is not None:
            workstation.connect(service.url)
            offline = f"cannot reach {service.url}"
        identity: StaffIdentity | None = None
        if args.username:
            password = _password(args.username)
            if service.url is not None:
                try:
                    identity = workstation.sign_in(args.username, password)
                    online = _Online(workstation.client, workstation.engine)
                except CentralError as error:
                    offline = f"sign-in at {service.url} failed ({error.message})"
            if identity is None:
                try:
                    identity = workstation.unlock(args.username, password)
                except UnlockError as error:
                    print(str(error), file=sys.stderr)
                    return EXIT_SIGN_IN
        elif args.dry_run:
            from app.models.staff import Role

            identity = StaffIdentity("dry-run", "Dry run", Role.VIEWER, None, False)
            if service.url is not None:
                # The sign-in kept from an earlier run, if any: the check says when there is none.
                online = _Online(workstation.client, workstation.engine)
        else:
            print("Give --username to commit an import.", file=sys.stderr)
            return EXIT_INPUT
        try:
            status = import_file.run(args, store, identity, online, offline=offline)
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
    sync.add_argument(
        "--server",
        help="central service base URL, for this run only (the window keeps its own); "
        "default: the window's (ACCOUNT_DESK_SERVER, server.json, or the built-in sandbox)",
    )
    sync.add_argument(
        "--keep",
        action="store_true",
        help="with --server: use it from now on, the window too (refused while changes for "
        "the service used so far wait to upload)",
    )
    sync.add_argument("--username", help="sign in as this staff member first")
    sync.add_argument("--once", action="store_true", help="one cycle, then exit")
    sync.add_argument("--page-size", type=int, default=500, help="change feed page size")
    sync.set_defaults(func=_sync)

    from app.commands import create as creating

    create = commands.add_parser(
        "create",
        help="create an account locally and write its slip to a PDF",
        description="Create an account locally and write its slip to a PDF (the temporary "
        "password is never shown on the terminal). Every problem the form would show is "
        "reported at once. Like the form, it first checks this college's accounts kept here "
        "and, when the central service answers, every college; a certain or probable "
        f'duplicate must be decided in the JSON\'s "decision" (exit {EXIT_DUPLICATES} lists '
        "them).",
    )
    creating.add_arguments(create)
    create.set_defaults(func=_create)

    commands.add_parser(
        "status",
        help="what is waiting, refused or flagged; whether the service answers (asked once, "
        "with a 3-second limit)",
    ).set_defaults(func=_status)

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
