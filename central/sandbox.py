"""The sandbox: a central service on this machine with a demo college and demo staff, so that a
newcomer can try everything without a server. Demo credentials are public on purpose: they exist
only in the sandbox's own private database."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import platformdirs
import psycopg
from psycopg.rows import dict_row

from app.models.staff import Role
from central.api.schemas import CollegeCreate, StaffCreate
from central.db.embedded import EmbeddedPostgres
from central.db.epoch import ensure_epoch
from central.db.migrate import migrate
from central.services import staff

DEMO_COLLEGE = CollegeCreate(
    code="999", name="Sandbox Community College", intake_mailbox="intake@sandbox.example.edu"
)


@dataclass(frozen=True)
class DemoUser:
    """A demo staff member shown on the sign-in screen in sandbox mode only."""

    username: str
    password: str
    role: Role
    display_name: str


DEMO_ADMIN = DemoUser("demo.admin", "sandbox-admin-2026", Role.COLLEGE_ADMIN, "Dana Admin")
DEMO_COUNSELOR = DemoUser(
    "demo.counselor", "sandbox-counselor-2026", Role.CREATOR, "Casey Counselor"
)
DEMO_USERS = (DEMO_ADMIN, DEMO_COUNSELOR)


def default_sandbox_dir() -> Path:
    """Where the sandbox keeps its PostgreSQL data (ACCOUNT_DESK_SANDBOX_DIR overrides)."""
    import os

    override = os.environ.get("ACCOUNT_DESK_SANDBOX_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir("account-desk")) / "sandbox-central"


def prepare_sandbox(data_dir: Path) -> str:
    """Start the sandbox database, migrate it, seed the demo college once; return its URL."""
    url = EmbeddedPostgres(data_dir).database_uri()
    migrate(url)
    ensure_epoch(url)
    with psycopg.connect(url, row_factory=dict_row) as conn, conn.transaction():
        if conn.execute("SELECT 1 FROM colleges WHERE code = %s", (DEMO_COLLEGE.code,)).fetchone():
            return url
        staff.create_college(conn, None, DEMO_COLLEGE)
        for user in DEMO_USERS:
            staff.create_staff(
                conn,
                None,
                StaffCreate(
                    username=user.username,
                    display_name=user.display_name,
                    password=user.password,
                    role=user.role,
                    college_code=DEMO_COLLEGE.code,
                ),
            )
        # Both demo users may create accounts at once; in the sandbox the approval is recorded as
        # made by the other demo user, so the "nobody approves their own request" rule holds.
        for user, approver in ((DEMO_ADMIN, DEMO_COUNSELOR), (DEMO_COUNSELOR, DEMO_ADMIN)):
            conn.execute(
                "INSERT INTO access_requests (staff_id, college_id, status, reason, decided_by,"
                " decided_at) SELECT s.id, s.college_id, 'approved', 'sandbox', d.id, now()"
                " FROM staff s, staff d WHERE s.username = %s AND d.username = %s",
                (user.username, approver.username),
            )
    return url
