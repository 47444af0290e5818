"""`python -m app create` decides before it creates, like the form (issue 11): a certain or
probable duplicate, in this college's accounts kept here or (online) at any college, refuses the
create with the candidates listed and how to decide; with a decision it creates."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from app.models.account import StudentFields
from tests.central.support import Central, create_body, free_port
from tests.support.desk import REPO, file_desk
from tests.support.students import student
from tests.sync.crash_support import entries

EXIT_DUPLICATES = 7


def test_the_command_line_refuses_an_undecided_duplicate_and_creates_once_decided(
    tmp_path: Path, central: Central
) -> None:
    desk = file_desk(tmp_path, central.base_url)
    desk.sign_in()  # tokens and an offline verifier the command can use
    assert desk.sync().reserved_cccids >= 25
    here = student(first_name="Rocio", last_name="Valdivia-Paz")
    cached = desk.create(StudentFields.model_validate(here)).cccid
    elsewhere = student(first_name="Anselmo", last_name="Iturbide-Kahale")
    other = central.client("creator_b")  # college 862: not in this desk's cache
    made = other.create(create_body(elsewhere))
    assert made.status_code == 201, made.text
    other_cccid = made.json()["account"]["cccid"]
    desk.close()
    before = len(entries(desk))

    request = tmp_path / "again.json"
    for typed, found in ((here, cached), (elsewhere, other_cccid)):
        request.write_text(
            json.dumps({"student": dict(typed, email="new.address@studentmail.net")})
        )
        refused = desk.run_app("create", "--json", str(request), "--username", "creator_a")
        assert refused.returncode == EXIT_DUPLICATES, refused.stdout + refused.stderr
        assert f"decide about {found} first" in refused.stderr
        assert re.search(rf"^  {found}  (certain|probable)  college 86[12]: ", refused.stderr, re.M)
        assert '"considered_cccids": ["' + found + '"]' in refused.stderr
        assert "CCCID:" not in refused.stdout
    assert len(entries(desk)) == before  # nothing queued, nothing printed

    request.write_text(
        json.dumps(
            {
                "student": dict(elsewhere, email="new.address@studentmail.net"),
                "decision": {
                    "action": "create_anyway",
                    "reason": "Different person: checked photo ID",
                    "considered_cccids": [other_cccid],
                },
            }
        )
    )
    created = desk.run_app("create", "--json", str(request), "--username", "creator_a")
    assert created.returncode == 0, created.stderr
    assert "CCCID:" in created.stdout
    assert len(entries(desk)) == before + 1


def test_offline_the_command_line_still_checks_the_accounts_kept_here(
    tmp_path: Path, central: Central
) -> None:
    desk = file_desk(tmp_path, central.base_url)
    desk.sign_in()
    assert desk.sync().reserved_cccids >= 25
    here = student(first_name="Itzel", last_name="Quispe-Moreno")
    cached = desk.create(StudentFields.model_validate(here)).cccid
    desk.close()
    request = tmp_path / "again.json"
    request.write_text(json.dumps({"student": here}))
    # No network: the configured service is a port nobody listens on.
    refused = subprocess.run(
        [sys.executable, "-m", "app", "create", "--json", str(request), "--username", "creator_a"],
        cwd=REPO,
        env=desk.env(ACCOUNT_DESK_SERVER=f"http://127.0.0.1:{free_port()}"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert refused.returncode == EXIT_DUPLICATES, refused.stdout + refused.stderr
    assert "Other colleges not checked" in refused.stderr and cached in refused.stderr
