"""Crashes outside the upload: killed between the local commit and the slip (guarantee 1), and
between pages of the change feed (guarantee 4); plus the command line's refusals."""

from __future__ import annotations

import json
from pathlib import Path

from app.services.failpoints import EXIT_STATUS
from app.services.store import accounts, sync_state
from tests.central.support import Central, create_body
from tests.support.desk import Desk, file_desk
from tests.support.students import random_ssn, student, student_fields
from tests.sync.crash_support import count_accounts, entries, shared_desk

__all__ = ["shared_desk"]


def test_killed_between_commit_and_slip_the_entry_survives(
    shared_desk: Desk, central: Central, tmp_path: Path
) -> None:
    request = tmp_path / "student.json"
    request.write_text(json.dumps(student()))
    killed = shared_desk.run_app(
        "create",
        "--json",
        str(request),
        "--username",
        "creator_a",
        "--slip",
        str(tmp_path / "slip.pdf"),
        failpoint="after_commit",
    )
    assert killed.returncode == EXIT_STATUS and "CCCID" not in killed.stdout
    (entry,) = entries(shared_desk)
    assert entry.state == "queued"
    synced = shared_desk.run_app("sync", "--once", "--username", "creator_a")
    assert synced.returncode == 0, synced.stdout + synced.stderr
    assert count_accounts(central, entry.cccid) == 1


def test_killed_between_feed_pages_the_cursor_matches_the_rows(
    shared_desk: Desk, central: Central
) -> None:
    other = central.client("creator_a")
    made = [other.create(create_body(student())).json()["account"]["cccid"] for _ in range(5)]
    killed = shared_desk.run_app(
        "sync", "--once", "--page-size", "2", failpoint="after_pull_page:2"
    )
    assert killed.returncode == EXIT_STATUS
    shared_desk.open()
    try:
        with shared_desk.store.read() as conn:
            cached = conn.execute("SELECT cccid FROM accounts ORDER BY cccid").fetchall()
            cursor = sync_state.load(conn).feed_cursor
        # Two pages of two committed with their cursor; the rest not yet.
        assert [r[0] for r in cached] == sorted(made)[:4] and cursor.endswith(tuple("0123456789"))
    finally:
        shared_desk.close()
    again = shared_desk.run_app("sync", "--once", "--page-size", "2")
    assert again.returncode == 0, again.stdout + again.stderr
    shared_desk.open()
    try:
        with shared_desk.store.read() as conn:
            assert accounts.count(conn) == 5
            assert all(accounts.get(conn, c) is not None for c in made)
    finally:
        shared_desk.close()


def test_cli_reports_a_missing_lease_and_bad_input(tmp_path: Path, central: Central) -> None:
    desk = file_desk(tmp_path, central.base_url)
    desk.sign_in()  # a verifier for offline unlock, but nothing reserved
    desk.close()
    request, slip = tmp_path / "student.json", tmp_path / "slip.pdf"
    request.write_text(json.dumps(student()))
    refused = desk.run_app(
        "create", "--json", str(request), "--username", "creator_a", "--slip", str(slip)
    )
    assert refused.returncode == 3 and "No CCCIDs are reserved" in refused.stderr
    request.write_text(json.dumps(student(email="not an email", ssn=random_ssn())))
    invalid = desk.run_app(
        "create", "--json", str(request), "--username", "creator_a", "--slip", str(slip)
    )
    assert invalid.returncode == 5 and "Email Address is not valid" in invalid.stderr
    assert student_fields()  # the helpers still build valid students
