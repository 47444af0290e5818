"""The encrypted local store: account cache, outbox, leased CCCIDs, audit trail, staff verifiers.

* :class:`LocalStore` opens the SQLCipher file (key in the OS keyring), migrates it, and hands out
  transactions; :func:`open_default_store` does so at the usual place with the OS keyring.
* The modules :mod:`.accounts`, :mod:`.outbox`, :mod:`.leases`, :mod:`.audit`, :mod:`.settings`,
  :mod:`.sync_state` and :mod:`.verifiers` each own one table (or two) and take a connection from
  ``store.transaction()`` / ``store.read()``, so that a caller can combine them in one
  transaction.
"""

from __future__ import annotations

from pathlib import Path

from app.services.paths import local_database_path
from app.services.secrets import SecretStore
from app.services.store.database import DB_KEY_NAME, LocalStore
from app.services.store.errors import (
    DatabaseTooNewError,
    MigrationError,
    MissingKeyError,
    ServerMismatchError,
    StoreError,
    WrongKeyError,
)
from app.services.store.leases import NoLeasedCccidError
from app.services.store.migrate import MigrationReport
from app.services.store.schema import MIGRATIONS, Migration
from app.services.store.types import Conn


def open_default_store(path: Path | None = None) -> LocalStore:
    """The store at the usual place, with the OS keyring (NoSecureKeyringError without one)."""
    return LocalStore.open(path or local_database_path(), SecretStore())


__all__ = [
    "DB_KEY_NAME",
    "MIGRATIONS",
    "Conn",
    "DatabaseTooNewError",
    "LocalStore",
    "Migration",
    "MigrationError",
    "MigrationReport",
    "MissingKeyError",
    "NoLeasedCccidError",
    "ServerMismatchError",
    "StoreError",
    "WrongKeyError",
    "open_default_store",
]
