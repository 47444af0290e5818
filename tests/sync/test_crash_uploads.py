"""Crashes during upload (guarantees 1 and 2): ``python -m app sync`` is killed between the local
commit and the upload, after the request was sent but before the desk recorded the answer, and
inside the confirming transaction; started again, each account exists exactly once on the
server, with the CCCID its slip carries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.services.failpoints import EXIT_STATUS
from tests.central.support import Central
from tests.support.desk import Desk
from tests.support.students import random_ssn
from tests.sync.crash_support import (
    count_accounts,
    create_in_process,
    create_with_cli,
    entries,
    shared_desk,
)

__all__ = ["shared_desk"]


@pytest.mark.parametrize(
    "point",
    [
        "before_send",  # between the local commit and the upload
        "after_send",  # the server applied it; the desk died before recording that
        "before_confirm",  # inside the confirming transaction, before its commit
    ],
)
def test_killed_during_upload_each_account_exists_exactly_once(
    shared_desk: Desk, central: Central, tmp_path: Path, point: str
) -> None:
    ssn = random_ssn()
    first = create_with_cli(shared_desk, tmp_path, ssn=ssn, ssn_status="provided")
    second = create_in_process(shared_desk)
    # Die on the second upload: the first is already confirmed, the second is mid-flight.
    killed = shared_desk.run_app(
        "sync", "--once", "--username", "creator_a", failpoint=f"{point}:2"
    )
    assert killed.returncode == EXIT_STATUS, killed.stdout + killed.stderr
    states = {e.cccid: e.state for e in entries(shared_desk)}
    assert states == {first: "confirmed", second: "sent"}
    assert count_accounts(central, first) == 1
    assert count_accounts(central, second) == (0 if point == "before_send" else 1)

    again = shared_desk.run_app("sync", "--once", "--username", "creator_a")
    assert again.returncode == 0, again.stdout + again.stderr
    assert count_accounts(central, first) == 1 and count_accounts(central, second) == 1
    by_cccid = {e.cccid: e for e in entries(shared_desk)}
    assert {c: e.state for c, e in by_cccid.items()} == {first: "confirmed", second: "confirmed"}
    assert ssn.replace("-", "") not in json.dumps(by_cccid[first].payload)
    rows = central.sql("SELECT cccid, create_key::text AS key FROM accounts ORDER BY cccid")
    assert {r["cccid"]: r["key"] for r in rows} == {c: e.id for c, e in by_cccid.items()}
