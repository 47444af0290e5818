"""What can go wrong opening the local store, each with a message a person can act on.

The UI shows ``str(error)`` as it is; every message says what happened and what to do.
"""

from __future__ import annotations


class StoreError(RuntimeError):
    """The local store cannot be used; ``str()`` is a message for a person."""


class WrongKeyError(StoreError):
    """The database file does not open with the key in the keyring (or is not a database)."""


class MissingKeyError(StoreError):
    """The database file exists but its key is not in the keyring."""


class DatabaseTooNewError(StoreError):
    """The database was written by a newer release of Account Desk."""


class MigrationError(StoreError):
    """Bringing the database up to date failed; it was left exactly as it was."""


class ServerMismatchError(StoreError):
    """The store belongs to another central service than the one it is being synced with."""
