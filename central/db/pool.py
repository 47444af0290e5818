"""The connection pool every request uses."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

Connection = psycopg.Connection[dict[str, Any]]


class Database:
    """A psycopg pool handing out dict-row connections, one transaction per ``transaction()``."""

    def __init__(self, conninfo: str, *, min_size: int = 2, max_size: int = 16) -> None:
        self.conninfo = conninfo
        self._pool: ConnectionPool[Connection] = ConnectionPool(
            conninfo,
            min_size=min_size,
            max_size=max_size,
            kwargs={"row_factory": dict_row, "autocommit": True},
            open=False,
        )

    def open(self) -> None:
        """Open the pool and wait until its first connections work."""
        self._pool.open(wait=True, timeout=30)

    def close(self) -> None:
        """Close every pooled connection."""
        self._pool.close()

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A connection inside one transaction, committed on success, rolled back on error."""
        with self._pool.connection() as conn, conn.transaction():
            yield conn

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        """A connection in autocommit mode, for single statements that need no transaction."""
        with self._pool.connection() as conn:
            yield conn
