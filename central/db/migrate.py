"""Schema migrations for the central database.

Each ``NNNN_name.sql`` file in ``migrations/`` is one schema version. All pending migrations and the
version bump run in one transaction under an advisory lock, so two app servers starting together
cannot both migrate, and a failure leaves the schema exactly as it was. A database whose version is
newer than this code knows is refused: running old code on it could corrupt data it does not
understand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

import psycopg

_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
# Any fixed number will do; it only has to be the same for every server of this service.
_MIGRATION_LOCK_ID = 7_161_001


class SchemaTooNewError(RuntimeError):
    """The database was migrated by a newer release of the central service."""


@dataclass(frozen=True)
class Migration:
    """One schema version and the SQL that produces it."""

    version: int
    name: str
    sql: str


def available_migrations() -> list[Migration]:
    """The migrations shipped with this code, in version order."""
    found: list[Migration] = []
    for entry in resources.files("central.db.migrations").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text("utf-8")))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise RuntimeError(f"migration versions must be 1..N without gaps, found {versions}")
    return found


def code_schema_version() -> int:
    """The schema version this code expects."""
    return len(available_migrations())


def migrate(conninfo: str) -> int:
    """Bring the database up to this code's schema version; return the version now in force."""
    migrations = available_migrations()
    latest = migrations[-1].version if migrations else 0
    with psycopg.connect(conninfo, autocommit=False) as conn:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK_ID,))
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_version ("
                " singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),"
                " version integer NOT NULL, migrated_at timestamptz NOT NULL DEFAULT now())"
            )
            row = conn.execute("SELECT version FROM schema_version").fetchone()
            current = row[0] if row else 0
            if current > latest:
                raise SchemaTooNewError(
                    f"The central database is at schema version {current}, but this release of "
                    f"the central service only knows versions up to {latest}. Upgrade the central "
                    "service; do not run an older release against this database."
                )
            for migration in migrations:
                if migration.version > current:
                    conn.execute(migration.sql.encode())
            conn.execute(
                "INSERT INTO schema_version (singleton, version) VALUES (true, %s) "
                "ON CONFLICT (singleton) DO UPDATE SET version = EXCLUDED.version, "
                "migrated_at = now()",
                (latest,),
            )
        return latest
