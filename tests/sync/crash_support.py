"""Helpers for the crash tests: a desk driven through ``python -m app`` child processes."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.services.accounts_local import create_account_locally
from app.services.staff_session import unlock_offline
from app.services.store import outbox
from tests.central.support import STAFF_PASSWORD, Central
from tests.support.desk import Desk, file_desk
from tests.support.students import student, student_fields


@pytest.fixture
def shared_desk(tmp_path: Path, central: Central) -> Iterator[Desk]:
    """A desk whose keyring and data child processes share; signed in and synced by the CLI."""
    desk = file_desk(tmp_path, central.base_url)
    desk.close()  # the children own the database while they run
    first = desk.run_app("sync", "--once", "--server", central.base_url, "--username", "creator_a")
    assert first.returncode == 0, first.stderr
    assert "reserved_cccids=50" in first.stdout
    yield desk


def count_accounts(central: Central, cccid: str) -> int:
    return len(central.sql("SELECT 1 FROM accounts WHERE cccid = %s", cccid))


def entries(desk: Desk) -> list[outbox.OutboxEntry]:
    desk.open()
    try:
        with desk.store.read() as conn:
            return outbox.in_states(
                conn, ("queued", "sent", "confirmed", "needs_attention", "needs_review")
            )
    finally:
        desk.close()


def create_with_cli(desk: Desk, tmp_path: Path, **fields: object) -> str:
    request = tmp_path / f"student-{len(list(tmp_path.glob('student-*')))}.json"
    request.write_text(json.dumps(student(**fields)))
    slip = request.with_suffix(".pdf")
    made = desk.run_app(
        "create", "--json", str(request), "--username", "creator_a", "--slip", str(slip)
    )
    assert made.returncode == 0, made.stderr
    match = re.search(r"^CCCID: ([A-Z]{3}[0-9]{4})$", made.stdout, re.MULTILINE)
    assert match, made.stdout
    assert slip.is_file() and "Temporary password" not in made.stdout + made.stderr
    return match.group(1)


def create_in_process(desk: Desk) -> str:
    """Create one account in this process (unlocked offline, as the desk would be)."""
    desk.open()
    try:
        staff = unlock_offline(desk.store, "creator_a", STAFF_PASSWORD)
        return create_account_locally(desk.store, student_fields(), None, staff).cccid
    finally:
        desk.close()
