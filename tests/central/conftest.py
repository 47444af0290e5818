"""Fixtures for the central service: a seeded template database, a live server per test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import psycopg
import pytest
from psycopg.rows import dict_row

from app.models.api import CollegeCreate, StaffCreate
from app.models.staff import Role
from central.config import Settings
from central.db.migrate import migrate
from central.services import staff
from tests.central.support import STAFF_PASSWORD, Client, LiveServer
from tests.conftest import PgCluster

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


@dataclass
class Central:
    """A running central service and a way to make signed-in clients for it."""

    server: LiveServer
    database_url: str
    clients: list[Client]

    @property
    def base_url(self) -> str:
        return self.server.base_url

    def client(self, username: str, **kwargs: object) -> Client:
        """A client signed in as ``username``."""
        made = Client(self.base_url, username, **kwargs).login()  # type: ignore[arg-type]
        self.clients.append(made)
        return made

    def anonymous(self) -> Client:
        """A client with no token."""
        made = Client(self.base_url, "nobody")
        self.clients.append(made)
        return made

    def sql(self, query: str, *args: object) -> list[dict[str, object]]:
        """Run SQL against the service's database (to check what was really stored)."""
        with psycopg.connect(self.database_url, row_factory=dict_row, autocommit=True) as conn:
            cur = conn.execute(query, args or None)  # type: ignore[arg-type]
            return cur.fetchall() if cur.description else []


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
