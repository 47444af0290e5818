"""Bring a local database up to this release's schema, vorta-style: back up, then migrate.

All pending migrations and the version bump (``PRAGMA user_version``) run in ONE transaction, so
a failure or a crash half-way leaves the database exactly as it was (SQLite DDL is transactional).
Before that transaction a copy of the database file is taken next to it, so that even a migration
that "succeeds" wrongly can be undone by hand. A database whose version is newer than this code is
refused: old code must not write data it does not understand (DESIGN.md guarantee 8).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlcipher3

from app.services.store.errors import DatabaseTooNewError, MigrationError
from app.services.store.schema import Migration


@dataclass(frozen=True)
class MigrationReport:
    """What opening the store did to its schema."""

    from_version: int
    to_version: int
    backup: Path | None


def split_statements(sql: str) -> list[str]:
    """The SQL statements in ``sql``, trigger bodies kept whole.

    ``executescript`` would be simpler but commits first, which would break the one-transaction
    rule; so statements are run one at a time inside our own transaction.
    """
    statements: list[str] = []
    pending = ""
    for line in sql.splitlines(keepends=True):
        pending += line
        if sqlcipher3.complete_statement(pending):
            text = pending.strip()
            if text and text != ";":
                statements.append(text)
            pending = ""
    if pending.strip() and not all(
        part.strip().startswith("--") for part in pending.strip().splitlines()
    ):
        raise ValueError(f"incomplete SQL statement at the end of a migration: {pending[:80]!r}")
    return statements


def check_migrations(migrations: Sequence[Migration]) -> int:
    """The latest version in ``migrations``; they must be numbered 1..N without gaps."""
    versions = [m.version for m in migrations]
    if versions != list(range(1, len(migrations) + 1)):
        raise ValueError(f"migration versions must be 1..N without gaps, found {versions}")
    return len(migrations)


def too_new_message(found: int, known: int) -> str:
    """What the UI says when the file is newer than the code."""
    return (
        f"This workstation's Account Desk data was saved by a newer version of Account Desk "
        f"(data version {found}; this version understands up to {known}). Install the newer "
        "version again; opening the data with this one could lose accounts that are waiting to "
        "be uploaded."
    )


def backup_path(db_path: Path, version: int, now: dt.datetime) -> Path:
    """Where the copy taken before migrating goes (next to the database, never overwritten)."""
    stamp = now.strftime("%Y%m%dT%H%M%S%fZ")
    return db_path.with_name(f"{db_path.name}.v{version}-{stamp}.bak")


def _outbox_count(conn: Any) -> int:
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'outbox'"
    ).fetchone()
    if exists is None:
        return 0
    return int(conn.execute("SELECT count(*) FROM outbox").fetchone()[0])


def tables_to_check(conn: Any, sql: str) -> set[str]:
    """The tables whose foreign keys a migration's ``sql`` may have broken: those it names
    (outside a REFERENCES clause) and the tables that point at them.

    A whole-database ``foreign_key_check`` reads every row of every table with a foreign key:
    minutes for a cache of a million accounts (ten million blocking keys), at every migration,
    on the way to the sign-in screen. Foreign keys are off only while the migration runs, so only
    rows it wrote, or rows pointing at tables it changed, can be broken.
    """
    words = set(re.findall(r"\w+", re.sub(r"(?i)\bREFERENCES\s+\w+", " ", sql).lower()))
    tables = [
        str(r[0])
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    named = {t for t in tables if t.lower() in words}
    pointing = {
        t
        for t in tables
        for fk in conn.execute(f'PRAGMA foreign_key_list("{t}")').fetchall()
        if str(fk[2]).lower() in {n.lower() for n in named}
    }
    return named | pointing


def migrate(
    conn: Any,
    db_path: Path,
    migrations: Sequence[Migration],
    make_backup: Callable[[Path], None],
    now: dt.datetime,
) -> MigrationReport:
    """Apply every pending migration to ``conn`` (autocommit mode) in one transaction.

    ``make_backup(target)`` writes a consistent copy of the database to ``target``; it is called
    only when a database that already has data is about to change.
    """
    latest = check_migrations(migrations)
    current = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if current > latest:
        raise DatabaseTooNewError(too_new_message(current, latest))
    if current == latest:
        return MigrationReport(current, current, None)
    backup: Path | None = None
    if current > 0:
        backup = backup_path(db_path, current, now)
        make_backup(backup)
    # SQLite's documented way to rebuild a table that others reference: foreign keys off for the
    # migration (the pragma is a no-op inside a transaction, so it is set before BEGIN), then
    # foreign_key_check before COMMIT. With them on, dropping the old outbox would count every
    # lease that points at it as a violation even though the rebuilt table holds the same ids.
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Re-read under the write lock: another process may have migrated meanwhile.
        current = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if current > latest:
            raise DatabaseTooNewError(too_new_message(current, latest))
        kept = _outbox_count(conn)
        applied = [m for m in migrations if m.version > current]
        for migration in applied:
            for statement in split_statements(migration.sql):
                conn.execute(statement)
        if _outbox_count(conn) < kept:
            raise MigrationError(
                "Updating this workstation's Account Desk data would have lost accounts waiting "
                "to be uploaded, so nothing was changed. Contact support with this message."
            )
        broken = [
            row
            for table in sorted(tables_to_check(conn, "\n".join(m.sql for m in applied)))
            for row in conn.execute(f'PRAGMA foreign_key_check("{table}")').fetchall()
        ]
        if broken:
            raise MigrationError(
                "Updating this workstation's Account Desk data would have left records pointing "
                f"at nothing ({len(broken)} in table {broken[0][0]}), so nothing was changed. "
                "Contact support with this message."
            )
        # PRAGMA takes no parameters; latest is an int we computed.
        conn.execute(f"PRAGMA user_version = {int(latest)}")
        conn.execute("COMMIT")
    except DatabaseTooNewError:
        conn.execute("ROLLBACK")
        raise
    except MigrationError:
        conn.execute("ROLLBACK")
        raise
    except Exception as error:
        conn.execute("ROLLBACK")
        where = f" A copy taken before the update is at {backup}." if backup else ""
        raise MigrationError(
            f"Account Desk could not update this workstation's data ({type(error).__name__}: "
            f"{error}). Nothing was changed.{where} Contact support with this message."
        ) from error
    finally:
        conn.execute("PRAGMA foreign_keys = ON")
    return MigrationReport(current, latest, backup)
