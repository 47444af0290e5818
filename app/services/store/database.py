"""The encrypted local store: one SQLCipher file, its key only in the OS keyring.

Opening does, in order: get (or on first use, make and save) a random 256-bit key from the
keyring; ``PRAGMA key`` with the raw hex form (no passphrase stretching: the key is already
random); check the key really opens the file, so a wrong key is a clear error and never garbage;
set WAL, ``synchronous=FULL``, foreign keys and ``secure_delete`` (freed pages are zeroed, so a
scrubbed SSN does not linger in the file); then migrate (see :mod:`.migrate`).

One connection is shared by the threads of one process (the UI and the sync engine) behind a
re-entrant lock; transactions are short and never span a network call. Several processes (the app
and ``python -m app``) may use the file at once: SQLite's locks and ``busy_timeout`` arbitrate.
"""

from __future__ import annotations

import datetime as dt
import secrets
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlcipher3

from app.services.clock import WallClock, utc_now
from app.services.secrets import SecretStore
from app.services.store import settings
from app.services.store.errors import MissingKeyError, StoreError, WrongKeyError
from app.services.store.migrate import MigrationReport, migrate
from app.services.store.schema import MIGRATIONS, Migration
from app.services.store.types import Conn

DB_KEY_NAME = "local-db-key"
"""The keyring entry holding the database key (64 hex digits)."""

BUSY_TIMEOUT_MS = 15_000


def _hex_key(value: str) -> str:
    text = value.strip().lower()
    if len(text) != 64 or any(c not in "0123456789abcdef" for c in text):
        raise StoreError(
            "The database key stored in the keyring is damaged, so this workstation's Account "
            "Desk data cannot be opened. Contact support; do not delete the data file."
        )
    return text


def _connect(path: Path, hex_key: str) -> Any:
    conn = sqlcipher3.connect(
        str(path), isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
    )
    # SQLCipher logs every failed page decryption to stderr; a wrong key is reported as an
    # exception with a message for a person instead.
    conn.execute("PRAGMA cipher_log_level = NONE")
    # The key is 64 hex digits we made; the PRAGMA cannot take parameters.
    conn.execute(f"PRAGMA key = \"x'{hex_key}'\"")
    return conn


def _check_key(conn: Any, path: Path) -> None:
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError:
        conn.close()
        raise WrongKeyError(
            f"The Account Desk data file {path} cannot be opened with this workstation's key: "
            "it was made on another computer or by another user, or it is damaged. Nothing was "
            "changed. Contact support; do not delete the file, it may hold accounts that have "
            "not been uploaded."
        ) from None
    version = conn.execute("PRAGMA cipher_version").fetchone()
    if not version or not version[0]:
        conn.close()
        raise StoreError("This build of Account Desk has no database encryption; it cannot run.")


def _configure(conn: Any) -> None:
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        raise StoreError(f"The local database could not switch to WAL mode (got {mode}).")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.row_factory = sqlcipher3.Row


@dataclass(frozen=True)
class ReaderSpec:
    """What another process of this app needs to read the store: the file and its key. Handed
    only to our own worker processes (through a pipe), never written anywhere."""

    path: Path
    hex_key: str = field(repr=False)


def open_reader(spec: ReaderSpec) -> Any:
    """A read-only connection to the store of ``spec`` (in a worker process). Reads see the
    last committed state; the file's journal mode and schema are the opener's business."""
    conn = _connect(spec.path, spec.hex_key)
    _check_key(conn, spec.path)
    conn.execute("PRAGMA query_only = ON")
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.row_factory = sqlcipher3.Row
    return conn


class LocalStore:
    """An open local store. Use :meth:`open`; then :meth:`transaction` / :meth:`read`."""

    def __init__(
        self, conn: Any, path: Path, key: str, report: MigrationReport, clock: WallClock
    ) -> None:
        self._conn = conn
        self._key = key
        self._lock = threading.RLock()
        self._depth = 0
        self.path = path
        self.migration = report
        self.clock = clock

    # ---- opening ---------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: Path,
        secret_store: SecretStore,
        *,
        key_name: str = DB_KEY_NAME,
        migrations: Sequence[Migration] = MIGRATIONS,
        settings_upgrades: Sequence[settings.Upgrade] = settings.UPGRADES,
        clock: WallClock = utc_now,
    ) -> LocalStore:
        """Open (or create) the store at ``path``, migrating it to ``migrations``' latest, then
        bringing its settings up to date (:func:`~app.services.store.settings.upgrade`).

        Raises :class:`MissingKeyError`, :class:`WrongKeyError`, :class:`DatabaseTooNewError`,
        :class:`MigrationError` (all :class:`StoreError`, with a message for a person); a
        :class:`~app.services.secrets.NoSecureKeyringError` comes from ``SecretStore`` itself.
        """
        stored = secret_store.get(key_name)
        exists = path.exists() and path.stat().st_size > 0
        if stored is None:
            if exists:
                raise MissingKeyError(
                    f"The Account Desk data file {path} exists, but its key is not in this "
                    "computer's keyring (the keyring was reset, or this is another user's "
                    "file). Without the key the data cannot be read. Contact support; do not "
                    "delete the file."
                )
            # Save the key before the file exists: a file must never exist without its key.
            stored = secrets.token_bytes(32).hex()
            secret_store.set(key_name, stored)
        key = _hex_key(stored)
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = _connect(path, key)
        try:
            _check_key(conn, path)
            _configure(conn)

            def backup(target: Path) -> None:
                _backup(conn, target, key)

            report = migrate(conn, path, migrations, backup, clock())
        except BaseException:
            conn.close()
            raise
        store = cls(conn, path, key, report, clock)
        try:
            with store.read() as peek:
                behind = settings.behind(peek, settings_upgrades)
            if behind:  # checked first: most opens need no write lock
                with store.transaction() as tx:
                    settings.upgrade(tx, settings_upgrades)
        except BaseException:
            store.close()
            raise
        return store

    def reader_spec(self) -> ReaderSpec:
        """How a worker process of ours opens this store for reading (:func:`open_reader`)."""
        return ReaderSpec(self.path, self._key)

    def close(self) -> None:
        """Close the connection (pending transactions are rolled back)."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> LocalStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        """The schema version in force."""
        with self.read() as conn:
            row = conn.execute("PRAGMA user_version").fetchone()
            assert row is not None
            return int(row[0])

    # ---- transactions ----------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Conn]:
        """A write transaction (``BEGIN IMMEDIATE``): all or nothing, durable at exit.

        Nested use on the same thread joins the outer transaction.
        """
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self._conn
                finally:
                    self._depth -= 1
                return
            self._conn.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield self._conn
            except BaseException:
                self._depth = 0
                self._conn.execute("ROLLBACK")
                raise
            self._depth = 0
            self._conn.execute("COMMIT")

    @contextmanager
    def read(self) -> Iterator[Conn]:
        """A consistent read (one snapshot) of the store."""
        with self._lock:
            if self._depth:
                yield self._conn
                return
            self._conn.execute("BEGIN")
            self._depth = 1
            try:
                yield self._conn
            finally:
                self._depth = 0
                self._conn.execute("COMMIT")

    # ---- the server's clock ----------------------------------------------------------------

    def server_now(self) -> dt.datetime:
        """The server's clock as estimated here: this computer's clock plus the offset measured
        at the last contact (DESIGN.md guarantee 6). Zero offset before any contact."""
        with self.read() as conn:
            row = conn.execute("SELECT server_offset_ms FROM sync_state").fetchone()
        offset = dt.timedelta(milliseconds=int(row[0])) if row is not None else dt.timedelta()
        return self.clock() + offset


def _backup(conn: Any, target: Path, key: str) -> None:
    """A consistent, equally encrypted copy of the database (SQLite's online backup API)."""
    if target.exists():
        raise StoreError(f"A backup already exists at {target}; not overwriting it.")
    copy = _connect(target, key)
    try:
        conn.backup(copy)
    finally:
        copy.close()
