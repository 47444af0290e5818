"""The sandbox: a central service on this machine with a demo college and demo staff, so that a
newcomer can try everything without a server. Demo credentials are public on purpose: they exist
only in the sandbox's own private database.

The sandbox also holds a few thousand realistic existing accounts (synthetic people, see
:mod:`central.sandbox_people`), split between the demo college and a second one, so that a
duplicate check has something to find, including a student another college created first.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import secrets
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, Final

import platformdirs
import psycopg
from psycopg.rows import dict_row
from pydantic import ValidationError

from app.models.account import SsnStatus, StudentFields, normalize_ssn
from app.models.api import CollegeCreate, DemoSignIn, StaffCreate
from app.models.cccid import cccid_from_sequence
from app.models.phone import PhoneType
from app.models.staff import Role
from app.services.credentials import hash_temp_password, new_temp_password
from app.services.matching.keys import index_keys
from app.services.matching.record import PersonRecord
from central.db.embedded import EmbeddedPostgres
from central.db.epoch import ensure_epoch
from central.db.migrate import migrate
from central.db.pool import Connection
from central.sandbox_people import population
from central.services import audit, ssn_keys, staff
from central.services.accounts import STUDENT_COLUMNS
from central.services.duplicates import person_from_student, ssn_digest
from central.ssn_key import SsnKey, pending_path, read_key_file, write_key_file

DEMO_COLLEGE = CollegeCreate(
    code="999", name="Sandbox Community College", intake_mailbox="intake@sandbox.example.edu"
)
# A second college, so that a student another college created first shows up as a systemwide
# candidate (DESIGN.md guarantee 7). Nobody signs in as its staff member: its password is random
# and thrown away.
OTHER_COLLEGE = CollegeCreate(
    code="998", name="Valley Sandbox College", intake_mailbox="intake@valley.sandbox.example.edu"
)
OTHER_COLLEGE_STAFF = ("valley.records", "Val Records (seed data)")

SEED_ACCOUNTS: Final = 3000
SEED_WORKSTATION: Final = "sandbox-seed"
SEED_RANDOM: Final = 20_260_101  # the same people in every sandbox, so demos and bug reports match
SEED_DEMO_COLLEGE_SHARE: Final = 0.55
SEED_PENDING_SHARE: Final = 0.03  # most seeded students reclaimed their account long ago
SEED_HOUSEHOLD_RATE: Final = 0.08
SEED_YEARS: Final = 6
TEMP_PASSWORD_TTL: Final = dt.timedelta(days=7)  # the service default (central.config.Settings)

# Serialises two processes preparing one sandbox at once (the desktop app and the command line).
_LOCK_KEY: Final = 0x53414E44  # "SAND"


# Shown on the desk's sign-in screen, which reads them from the sandbox's GET /v1/server.
DEMO_ADMIN = DemoSignIn(
    username="demo.admin",
    password="sandbox-admin-2026",  # noqa: S106 - a published demo password
    role=Role.COLLEGE_ADMIN,
    display_name="Dana Admin",
)
DEMO_COUNSELOR = DemoSignIn(
    username="demo.counselor",
    password="sandbox-counselor-2026",  # noqa: S106
    role=Role.CREATOR,
    display_name="Casey Counselor",
)
DEMO_USERS = (DEMO_ADMIN, DEMO_COUNSELOR)


def default_sandbox_dir() -> Path:
    """Where the sandbox keeps its PostgreSQL data (ACCOUNT_DESK_SANDBOX_DIR overrides)."""
    override = os.environ.get("ACCOUNT_DESK_SANDBOX_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir("account-desk")) / "sandbox-central"


def sandbox_key_file(data_dir: Path) -> Path:
    """The sandbox's SSN key file, beside (never inside) its database."""
    return data_dir / "ssn.key"


def _sandbox_key(conn: Connection, data_dir: Path) -> SsnKey:
    """The sandbox's SSN key, made on first use. A sandbox made by an older release kept its key
    in its database: that key is moved out here, as an operator would with rotate-ssn-key."""
    path = sandbox_key_file(data_dir)
    pending = pending_path(path)
    with conn.transaction():
        legacy = conn.execute(
            "SELECT 1 FROM server_secrets WHERE name = 'ssn_pepper'"
        ).fetchone()
        if legacy is not None:
            key, _ = ssn_keys.rotate(conn, None)
            pending.unlink(missing_ok=True)
            write_key_file(pending, key)
        elif not path.exists():
            write_key_file(path, SsnKey.generate())
    if legacy is not None:  # the database has taken the new key: now the file may say so
        pending.replace(path)
    return read_key_file(path)


def prepare_sandbox(data_dir: Path) -> str:
    """Start the sandbox database, migrate it, seed it once; return its URL.

    Seeding has two steps, each in its own transaction and each done once: the demo college with
    its demo staff, then the existing accounts. A sandbox made before the accounts step existed
    gets its accounts on its next start. The SSN key lives in ``sandbox_key_file(data_dir)``.
    """
    url = EmbeddedPostgres(data_dir).database_uri()
    migrate(url)
    ensure_epoch(url)
    with psycopg.connect(url, row_factory=dict_row) as conn:
        key = _sandbox_key(conn, data_dir)
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
            if not _college_exists(conn, DEMO_COLLEGE.code):
                _seed_demo_college(conn)
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
            if not _college_exists(conn, OTHER_COLLEGE.code):
                seed_accounts(conn, key, SEED_ACCOUNTS)
    return url


def _college_exists(conn: Connection, code: str) -> bool:
    return conn.execute("SELECT 1 FROM colleges WHERE code = %s", (code,)).fetchone() is not None


def _seed_demo_college(conn: Connection) -> None:
    """The demo college and its demo staff, both approved to create accounts."""
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


# --- existing accounts ---------------------------------------------------------------------------


def _issued_ssn(token: str | None) -> str | None:
    """The synthetic SSN when it is one the SSA could have issued (the model refuses others)."""
    if token is None:
        return None
    try:
        return normalize_ssn(token)
    except ValueError:
        return None


def _student(person: PersonRecord, rng: random.Random, emails: set[str]) -> StudentFields | None:
    """``person`` as the account fields staff would have entered, or None if the model refuses."""
    email = person.email.lower() if person.email else None
    if email in emails:
        # Relatives sometimes share a parent's address in the synthetic data; the service keeps
        # one account per email, as OpenCCC does.
        email = None
    main = person.phones[0] if person.phones else None
    second = person.phones[1] if len(person.phones) > 1 else None
    ssn = _issued_ssn(person.ssn_token)
    has_address = person.street1 is not None
    fields: dict[str, Any] = {
        "first_name": person.first_name,
        "middle_name": person.middle_name,
        "last_name": person.last_name,
        "suffix": person.suffix,
        "birthdate": person.birthdate,
        "email": email,
        "main_phone": main,
        "main_phone_type": (
            (PhoneType.MOBILE if rng.random() < 0.8 else PhoneType.LANDLINE) if main else None
        ),
        "second_phone": second,
        "second_phone_type": PhoneType.MOBILE if second else None,
        "no_permanent_address": not has_address,
        "street1": person.street1,
        "street2": person.street2 if has_address else None,
        "city": person.city if has_address else None,
        "state": "CA" if has_address else None,
        "postal_code": person.postal_code if has_address else None,
        "country": "US",
        "ssn": ssn,
        "ssn_status": (
            SsnStatus.PROVIDED
            if ssn
            else rng.choices(
                (SsnStatus.NOT_ASKED, SsnStatus.NO_SSN, SsnStatus.DECLINED), (0.6, 0.25, 0.15)
            )[0]
        ),
        "preferred_contact_method": (
            "email" if email else "phone" if main else "mail" if has_address else None
        ),
    }
    try:
        student = StudentFields.model_validate(fields)
    except ValidationError:
        return None  # a rare synthetic oddity (e.g. an unassigned area code): leave the person out
    if student.email:
        emails.add(student.email)
    return student


def seed_students(count: int, seed: int = SEED_RANDOM) -> list[StudentFields]:
    """``count`` realistic students, each one the API would accept (validated by the same model).

    Drawn from the matcher's synthetic population: California name frequencies, about half
    Hispanic with two-part surnames, Vietnamese, Chinese, Korean, Filipino and South Asian names,
    and households (relatives and twins at one address) which a duplicate check must not confuse.
    """
    rng = random.Random(seed)
    # A few people more than needed: the model turns away a handful of synthetic oddities.
    people = population(count + count // 20 + 10, seed=seed, household_rate=SEED_HOUSEHOLD_RATE)
    emails: set[str] = set()
    students: list[StudentFields] = []
    for person in people:
        student = _student(person, rng, emails)
        if student is not None:
            students.append(student)
            if len(students) == count:
                break
    return students


def _plain(value: Any) -> Any:
    """Enum members as the values the columns hold."""
    return value.value if isinstance(value, Enum) else value


def _nextvals(conn: Connection, sequence: str, count: int) -> list[int]:
    rows = conn.execute(
        "SELECT nextval(%s::regclass) AS n FROM generate_series(1, %s)", (sequence, count)
    ).fetchall()
    return sorted(int(row["n"]) for row in rows)


@dataclass(frozen=True)
class _SeedPlan:
    """One seeded account before it has a CCCID."""

    student: StudentFields
    college_code: str
    created_at: dt.datetime
    reclaimed_at: dt.datetime | None


def _plan(
    students: Sequence[StudentFields], rng: random.Random, now: dt.datetime
) -> list[_SeedPlan]:
    """Who belongs to which college, when each account was made, and who reclaimed theirs.

    Most accounts are years old and long reclaimed. A few are from the last ten days and still
    pending: some of those have passed their 7-day expiry, as happens at a real desk.
    """
    plans: list[_SeedPlan] = []
    for student in students:
        code = DEMO_COLLEGE.code if rng.random() < SEED_DEMO_COLLEGE_SHARE else OTHER_COLLEGE.code
        if rng.random() < SEED_PENDING_SHARE:
            created = now - dt.timedelta(seconds=rng.uniform(600, 10 * 86400))
            plans.append(_SeedPlan(student, code, created, None))
        else:
            created = now - dt.timedelta(seconds=rng.uniform(8 * 86400, SEED_YEARS * 365 * 86400))
            reclaimed = created + dt.timedelta(seconds=rng.uniform(600, 6 * 86400))
            plans.append(_SeedPlan(student, code, created, reclaimed))
    # CCCIDs are handed out in order, so the oldest accounts get the lowest ones, as in production.
    plans.sort(key=lambda plan: plan.created_at)
    return plans


_SEED_COLUMNS: Final = (
    "id", "cccid", "college_id", "created_by", "workstation_id", "created_at", "create_key",
    *STUDENT_COLUMNS,
    "ssn_digest", "ssn_last4", "credential_state", "temp_password_hash",
    "temp_password_issued_at", "temp_password_expires_at", "temp_password_used_at",
)  # fmt: skip


def _rows(
    plans: Sequence[_SeedPlan],
    ids: Sequence[int],
    cccids: Sequence[str],
    creators: dict[str, tuple[int, int]],
    ssn_key: SsnKey,
    temp_hash: str,
) -> Iterator[tuple[Any, ...]]:
    """The accounts rows, column for column with ``_SEED_COLUMNS`` (what create_account stores)."""
    for plan, account_id, cccid in zip(plans, ids, cccids, strict=True):
        student = plan.student
        college_id, staff_id = creators[plan.college_code]
        digits = student.ssn_digits()
        yield (
            account_id,
            cccid,
            college_id,
            staff_id,
            SEED_WORKSTATION,
            plan.created_at,
            uuid.uuid4(),
            *(_plain(getattr(student, name)) for name in STUDENT_COLUMNS),
            ssn_digest(ssn_key, digits) if digits else None,
            digits[-4:] if digits else None,
            "pending" if plan.reclaimed_at is None else "reclaimed",
            temp_hash,
            plan.created_at,
            plan.created_at + TEMP_PASSWORD_TTL,
            plan.reclaimed_at,
        )


def seed_accounts(
    conn: Connection, ssn_key: SsnKey, count: int = SEED_ACCOUNTS, seed: int = SEED_RANDOM
) -> int:
    """Add the second college and ``count`` existing accounts; return how many were added.

    Runs inside the caller's transaction, so it happens entirely or not at all. Rows go in with
    COPY (two round trips for thousands of rows) and are the rows ``create_account`` would store:
    CCCIDs from ``cccid_seq``, blocking keys from the same ``index_keys`` of the same person
    record, SSNs only as the keyed digest and last four. ``ssn_key`` is checked against the
    database (and recorded there on first use) before any digest is written.
    """
    ssn_keys.verify(conn, ssn_key)
    rng = random.Random(seed + 1)
    staff.create_college(conn, None, OTHER_COLLEGE)
    username, display_name = OTHER_COLLEGE_STAFF
    staff.create_staff(
        conn,
        None,
        StaffCreate(
            username=username,
            display_name=display_name,
            password=secrets.token_urlsafe(24),
            role=Role.CREATOR,
            college_code=OTHER_COLLEGE.code,
        ),
    )
    creators = {
        row["code"]: (int(row["college_id"]), int(row["staff_id"]))
        for row in conn.execute(
            "SELECT c.code, c.id AS college_id, s.id AS staff_id FROM staff s"
            " JOIN colleges c ON c.id = s.college_id WHERE s.username = ANY(%s)",
            ([DEMO_COUNSELOR.username, username],),
        ).fetchall()
    }
    row = conn.execute("SELECT now() AS now").fetchone()
    assert row is not None
    plans = _plan(seed_students(count, seed), rng, row["now"])
    # One real argon2id hash for every seeded account (hashing each would cost minutes). Its
    # password is thrown away at once: nobody can sign in as a seeded student.
    temp_hash = hash_temp_password(new_temp_password())
    ids = _nextvals(conn, "accounts_id_seq", len(plans))
    cccids = [cccid_from_sequence(n) for n in _nextvals(conn, "cccid_seq", len(plans))]
    with conn.cursor() as cur:
        with cur.copy(f"COPY accounts ({', '.join(_SEED_COLUMNS)}) FROM STDIN") as copy:
            for values in _rows(plans, ids, cccids, creators, ssn_key, temp_hash):
                copy.write_row(values)
        with cur.copy("COPY account_block_keys (key, account_id) FROM STDIN") as copy:
            for plan, account_id in zip(plans, ids, strict=True):
                for key in sorted(index_keys(person_from_student(plan.student, ssn_key))):
                    copy.write_row((key, account_id))
    audit.record(
        conn,
        None,
        "sandbox.seed",
        workstation_id=SEED_WORKSTATION,
        details={
            "accounts": len(plans),
            "by_college": {
                code: sum(1 for plan in plans if plan.college_code == code) for code in creators
            },
        },
    )
    return len(plans)
