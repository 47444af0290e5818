"""The sandbox: a fresh one is usable by its demo staff and full of realistic existing accounts.

prepare_sandbox starts its own embedded PostgreSQL (a second one next to the test session's), as
the desktop app does, and the real service is served from it over loopback.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from nicknames import NickNamer
from psycopg.rows import dict_row

from app.models.cccid import is_cccid
from app.services.credentials import verify_temp_password
from app.services.sandbox_server import SandboxServer
from central.config import Settings
from central.db.embedded import EmbeddedPostgres
from central.sandbox import (
    DEMO_ADMIN,
    DEMO_COLLEGE,
    DEMO_COUNSELOR,
    OTHER_COLLEGE,
    SEED_ACCOUNTS,
    SEED_WORKSTATION,
    prepare_sandbox,
    sandbox_key_file,
)
from tests.central.support import TEMP_HASH, Client, LiveServer


@dataclass(frozen=True)
class Sandbox:
    data_dir: Path
    url: str
    seconds: float

    def sql(self, query: str, *args: object) -> list[dict[str, Any]]:
        with psycopg.connect(self.url, row_factory=dict_row, autocommit=True) as conn:
            return conn.execute(query, args or None).fetchall()


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    # Outside pytest's basetemp, for the reason tests/conftest.py's private_dir gives.
    data_dir = Path(tempfile.mkdtemp(prefix="account-desk-sandbox-"))
    started = time.perf_counter()
    url = prepare_sandbox(data_dir)
    yield Sandbox(data_dir, url, time.perf_counter() - started)
    EmbeddedPostgres(data_dir).stop()
    shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="module")
def server(sandbox: Sandbox) -> Iterator[LiveServer]:
    live = LiveServer(
        Settings(database_url=sandbox.url, ssn_key_file=sandbox_key_file(sandbox.data_dir))
    ).start()
    yield live
    live.stop()


def _client(server: LiveServer, username: str, password: str) -> Client:
    return Client(server.base_url, username).login(password)


def test_seeded_accounts_look_like_a_college_system(sandbox: Sandbox) -> None:
    print(f"prepare_sandbox on an empty directory took {sandbox.seconds:.1f} s")
    by_college = {
        row["code"]: row
        for row in sandbox.sql(
            "SELECT c.code, count(*) AS n,"
            " count(*) FILTER (WHERE a.credential_state = 'pending') AS pending,"
            " count(DISTINCT a.created_by) AS creators"
            " FROM accounts a JOIN colleges c ON c.id = a.college_id GROUP BY c.code"
        )
    }
    assert set(by_college) == {DEMO_COLLEGE.code, OTHER_COLLEGE.code}
    assert sum(row["n"] for row in by_college.values()) == SEED_ACCOUNTS
    for row in by_college.values():
        assert row["n"] > SEED_ACCOUNTS // 4  # both colleges hold a real share
        assert 0 < row["pending"] < row["n"] // 10  # most reclaimed long ago, a few pending
        assert row["creators"] == 1

    [facts] = sandbox.sql(
        "SELECT count(*) AS n, count(DISTINCT cccid) AS cccids, min(cccid) AS first,"
        " count(*) FILTER (WHERE last_name LIKE '%% %%') AS two_part,"
        " count(*) FILTER (WHERE ssn_digest IS NOT NULL) AS with_ssn,"
        " count(*) FILTER (WHERE no_permanent_address) AS no_address,"
        " count(DISTINCT create_key) AS keys, count(DISTINCT temp_password_hash) AS hashes,"
        " bool_and(workstation_id = %s) AS seed_workstation"
        " FROM accounts",
        SEED_WORKSTATION,
    )
    assert facts["cccids"] == facts["keys"] == SEED_ACCOUNTS
    assert facts["first"] == "AAA0001"
    assert facts["two_part"] > 100  # "Garcia Lopez": Hispanic two-part surnames
    assert facts["with_ssn"] > 500
    assert facts["no_address"] > 0
    assert facts["hashes"] == 1 and facts["seed_workstation"]
    # Households: relatives at one address, as real data has (and a matcher must not merge).
    [shared] = sandbox.sql(
        "SELECT count(*) AS n FROM (SELECT street1, postal_code FROM accounts"
        " WHERE street1 IS NOT NULL GROUP BY 1, 2 HAVING count(*) > 1) households"
    )
    assert shared["n"] > 50
    assert all(is_cccid(row["cccid"]) for row in sandbox.sql("SELECT cccid FROM accounts"))
    [keys] = sandbox.sql("SELECT count(DISTINCT account_id) AS accounts FROM account_block_keys")
    assert keys["accounts"] == SEED_ACCOUNTS
    [row] = sandbox.sql("SELECT temp_password_hash FROM accounts LIMIT 1")
    assert row["temp_password_hash"].startswith("$argon2id$")
    assert not verify_temp_password(row["temp_password_hash"], "")


def test_preparing_again_does_not_seed_again(sandbox: Sandbox) -> None:
    before = sandbox.sql("SELECT count(*) AS n, max(cccid) AS last FROM accounts")
    started = time.perf_counter()
    assert prepare_sandbox(sandbox.data_dir) == sandbox.url
    assert time.perf_counter() - started < 5
    assert sandbox.sql("SELECT count(*) AS n, max(cccid) AS last FROM accounts") == before
    assert sandbox.sql("SELECT count(*) AS n FROM colleges") == [{"n": 2}]
    assert sandbox.sql("SELECT count(*) AS n FROM audit_log WHERE action = 'sandbox.seed'") == [
        {"n": 1}
    ]


def test_demo_staff_sign_in_with_create_access(server: LiveServer) -> None:
    for user in (DEMO_COUNSELOR, DEMO_ADMIN):
        client = _client(server, user.username, user.password)
        try:
            me = client.get("/v1/auth/me")
            assert me.status_code == 200, me.text
            assert me.json()["college_code"] == DEMO_COLLEGE.code
            assert me.json()["has_approved_access"] is True
        finally:
            client.close()


def _nicknamed_student(sandbox: Sandbox) -> tuple[dict[str, Any], dict[str, Any]]:
    """A seeded student of the other college, and the same student re-entered as "Bob"."""
    namer = NickNamer()
    rows = sandbox.sql(
        "SELECT a.* FROM accounts a JOIN colleges c ON c.id = a.college_id"
        " WHERE c.code = %s AND NOT a.no_permanent_address AND a.first_name IS NOT NULL"
        " ORDER BY a.cccid",
        OTHER_COLLEGE.code,
    )
    for row in rows:
        nicknames = sorted(namer.nicknames_of(row["first_name"].lower()))
        if nicknames:
            break
    else:  # pragma: no cover - thousands of people always include a Robert or a Jennifer
        pytest.fail("no seeded first name has a nickname")
    student = {
        "first_name": nicknames[0].title(),
        "last_name": row["last_name"],
        "birthdate": row["birthdate"].isoformat(),
        "street1": row["street1"],
        "city": row["city"],
        "state": row["state"],
        "postal_code": row["postal_code"],
    }
    return row, student


def test_a_seeded_student_from_another_college_is_found(
    sandbox: Sandbox, server: LiveServer
) -> None:
    row, student = _nicknamed_student(sandbox)
    client = _client(server, DEMO_COUNSELOR.username, DEMO_COUNSELOR.password)
    try:
        checked = client.http.post(
            "/v1/duplicates/check", json={"student": student}, headers=client.headers()
        )
        assert checked.status_code == 200, checked.text
        candidates = {c["cccid"]: c for c in checked.json()["candidates"]}
        assert row["cccid"] in candidates, (student, row["first_name"])
        found = candidates[row["cccid"]]
        assert found["college_code"] == OTHER_COLLEGE.code
        assert found["band"] in {"certain", "probable"}

        # Creating the student again stops for a person's decision, with the seeded candidate.
        created = client.create({"student": student, "temp_password_hash": TEMP_HASH})
        assert created.status_code == 200, created.text
        assert created.json()["outcome"] == "needs_review"
        assert row["cccid"] in {c["cccid"] for c in created.json()["candidates"]}
    finally:
        client.close()


def test_seeded_accounts_read_back_through_the_api(sandbox: Sandbox, server: LiveServer) -> None:
    rows = sandbox.sql(
        "SELECT a.cccid, a.credential_state FROM accounts a JOIN colleges c"
        " ON c.id = a.college_id WHERE c.code = %s ORDER BY a.cccid LIMIT 25",
        DEMO_COLLEGE.code,
    )
    client = _client(server, DEMO_COUNSELOR.username, DEMO_COUNSELOR.password)
    try:
        for row in rows:
            account = client.get(f"/v1/accounts/{row['cccid']}")
            assert account.status_code == 200, account.text
            assert account.json()["created_by"] == DEMO_COUNSELOR.username
            assert account.json()["credential_state"] in {"reclaimed", "pending", "expired"}
    finally:
        client.close()


def test_only_the_sandbox_process_serves_demo_sign_ins(
    sandbox: Sandbox, server: LiveServer
) -> None:
    """The desk's sign-in screen lists the demo sign-ins the sandbox serves (the desk does not
    import the service to learn them); a service not started as the sandbox serves none."""
    assert httpx.get(f"{server.base_url}/v1/server").json()["demo_sign_ins"] == []
    child = SandboxServer(data_dir=sandbox.data_dir)
    try:
        child.start(timeout=120)
        shown = {(u.username, u.password, u.role) for u in child.demo_sign_ins}
        assert shown == {(u.username, u.password, u.role) for u in (DEMO_ADMIN, DEMO_COUNSELOR)}
        signed_in = Client(child.base_url, DEMO_COUNSELOR.username).login(DEMO_COUNSELOR.password)
        signed_in.close()
    finally:
        child.stop()
    assert child.process is None
