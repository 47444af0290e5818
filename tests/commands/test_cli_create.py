"""`python -m app create` decides before it creates, like the form (issue 11): a certain or
probable duplicate, in this college's accounts kept here or (online) at any college, refuses the
create with the candidates listed and how to decide; with a decision it creates."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

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

    request, slip = tmp_path / "again.json", tmp_path / "slip.pdf"
    for typed, found in ((here, cached), (elsewhere, other_cccid)):
        request.write_text(
            json.dumps({"student": dict(typed, email="new.address@studentmail.net")})
        )
        refused = desk.run_app(
            "create", "--json", str(request), "--username", "creator_a", "--slip", str(slip)
        )
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
    created = desk.run_app(
        "create", "--json", str(request), "--username", "creator_a", "--slip", str(slip)
    )
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
        [
            sys.executable,
            "-m",
            "app",
            "create",
            "--json",
            str(request),
            "--username",
            "creator_a",
            "--slip",
            str(tmp_path / "slip.pdf"),
        ],
        cwd=REPO,
        env=desk.env(ACCOUNT_DESK_SERVER=f"http://127.0.0.1:{free_port()}"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert refused.returncode == EXIT_DUPLICATES, refused.stdout + refused.stderr
    assert "Other colleges not checked" in refused.stderr and cached in refused.stderr


def _slip_text(path: Path) -> str:
    # The PDF's text comes out with tabs between words.
    (page,) = PdfReader(path).pages
    return " ".join(page.extract_text().split())


def test_the_slip_is_written_to_a_pdf_and_the_password_never_to_the_terminal(
    tmp_path: Path, central: Central
) -> None:
    desk = file_desk(tmp_path, central.base_url)
    desk.sign_in()
    assert desk.sync().reserved_cccids >= 25
    desk.close()
    request, slip = tmp_path / "student.json", tmp_path / "slip.pdf"
    request.write_text(json.dumps(student(first_name="Marisol", last_name="Ibarra-Tuck")))

    missing = desk.run_app("create", "--json", str(request), "--username", "creator_a")
    assert missing.returncode == 5, missing.stdout + missing.stderr
    assert "give --slip SLIP.pdf" in missing.stderr
    assert entries(desk) == []  # nothing made for a slip that has nowhere to go

    made = desk.run_app(
        "create", "--json", str(request), "--username", "creator_a", "--slip", str(slip)
    )
    assert made.returncode == 0, made.stdout + made.stderr
    (entry,) = entries(desk)
    assert f"CCCID: {entry.cccid}" in made.stdout
    assert f"Slip for {entry.cccid} written to {slip}" in made.stdout
    text = _slip_text(slip)
    assert "Marisol Ibarra-Tuck" in text and entry.cccid in text
    assert "Sierra Vista College" in text and "College 861" not in text
    found = re.search(r"TEMPORARY PASSWORD (.+?) Type it", text)
    assert found, text
    password = found.group(1).replace(" ", "")
    assert len(password) >= 15
    terminal = made.stdout + made.stderr
    assert password not in terminal.replace(" ", "") and "password:" not in terminal.lower()


def test_every_problem_the_form_would_show_at_once_each_naming_the_key(
    tmp_path: Path, central: Central
) -> None:
    desk = file_desk(tmp_path, central.base_url)
    desk.sign_in()
    desk.close()
    request = tmp_path / "bad.json"
    bad = dict(student(), email="not an email", main_phone="12", state="ZZ", postal_code="9")
    del bad["street1"], bad["city"]
    request.write_text(json.dumps(bad))
    refused = desk.run_app(
        "create", "--json", str(request), "--username", "creator_a", "--slip",
        str(tmp_path / "slip.pdf"),
    )  # fmt: skip
    assert refused.returncode == 5, refused.stdout + refused.stderr
    where = f"--json {request}"
    wanted = {
        "email": "Email Address is not valid",
        "main_phone": "The Main Telephone Number you entered is not valid",
        "street1": "Street Address Line 1 is required",
        "city": "City is required",
        "state": "State must be a US state or territory code",
        "postal_code": "ZIP / Postal Code must be a US ZIP code",
    }
    lines = refused.stderr.splitlines()
    for key, words in wanted.items():
        assert any(line.startswith(f'{where} "{key}": {words}') for line in lines), (
            key,
            refused.stderr,
        )
    assert f"Nothing was created: fix the {len(wanted)} problem(s) above." in refused.stderr
    assert entries(desk) == []


def test_the_command_line_refuses_an_email_another_account_holds_before_any_slip(
    tmp_path: Path, central: Central
) -> None:
    """Issue 12, item 1: the service would refuse it, so nothing is made and no slip written,
    whether the holder is another college's (online) or kept here (offline too)."""
    desk = file_desk(tmp_path, central.base_url)
    desk.sign_in()
    assert desk.sync().reserved_cccids >= 25
    kept = desk.create(
        StudentFields.model_validate(student(email="kept.here@studentmail.net"))
    ).cccid
    other = central.client("creator_b")
    made = other.create(create_body(student(email="at.harbor@studentmail.net")))
    assert made.status_code == 201, made.text
    elsewhere = made.json()["account"]["cccid"]
    desk.close()
    before = len(entries(desk))

    request, slip = tmp_path / "new.json", tmp_path / "slip.pdf"
    newcomer = student(first_name="Teodora", last_name="Okonkwo-Baez")
    for email, holder in (("at.harbor@studentmail.net", elsewhere),
                          ("Kept.Here@studentmail.net", kept)):  # fmt: skip
        request.write_text(json.dumps(dict(newcomer, email=email)))
        refused = desk.run_app(
            "create", "--json", str(request), "--username", "creator_a", "--slip", str(slip)
        )
        assert refused.returncode == 5, refused.stdout + refused.stderr
        assert f"{email} already belongs to CCCID {holder}".lower() in refused.stderr.lower()
        assert '"action": "link"' in refused.stderr
        assert "Nothing was created." in refused.stderr
        assert not slip.exists()
    assert len(entries(desk)) == before
