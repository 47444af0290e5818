"""``python -m app import`` as IT staff run it: a dry run writes the report and creates nothing;
bad input is refused with a message naming the file, line or column and the fix."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader

from tests.central.support import Central, create_body, free_port
from tests.support.desk import REPO, Desk, file_desk
from tests.support.import_files import many, person, write_export
from tests.support.students import student


def _desk(tmp_path: Path, central: Central) -> Desk:
    desk = file_desk(tmp_path, central.base_url)
    desk.sign_in()
    desk.sync()
    desk.close()
    return desk


def test_dry_run_reports_everything_and_creates_nothing(tmp_path: Path, central: Central) -> None:
    desk = _desk(tmp_path, central)
    rows = many(5)
    rows.append(list(rows[0]))  # the same student twice
    rows.append(person("777", "Ana", "Bad", dt.date(2000, 1, 2), email="nope@"))
    path = write_export(tmp_path / "export.xlsx", rows)
    report = tmp_path / "report.csv"
    done = desk.run_app("import", str(path), "--dry-run", "--report", str(report))
    assert done.returncode == 0, done.stderr
    assert "7 rows: 1 with problems" in done.stdout
    assert "1 pair(s) within the file" in done.stdout
    assert "row 10:" in done.stderr and "Email" in done.stderr  # row numbers as in the sheet
    text = report.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].endswith("Status,CCCID,Matched CCCID,Match,Why,Message")
    assert "needs review" in text and "error" in text and "would create" in text
    desk.open()
    assert desk.sql("SELECT count(*) FROM outbox")[0][0] == 0
    assert desk.sql("SELECT step FROM import_sessions")[0][0] == "cancelled"
    desk.close()


def test_a_mapping_file_and_bad_input(tmp_path: Path, central: Central) -> None:
    desk = _desk(tmp_path, central)
    headers = ["Given", "Family", "Born", "Student Email"]
    path = write_export(
        tmp_path / "odd.xlsx",
        [["Alma", "Quintero", dt.date(1999, 9, 9), "alma.q@studentmail.net"]],
        headers=headers,
    )
    mapping = tmp_path / "mapping.json"
    mapping.write_text(
        json.dumps({"Given": "first_name", "Family": "last_name", "Born": "birthdate"})
    )
    report = tmp_path / "report.xlsx"
    done = desk.run_app(
        "import", str(path), "--mapping", str(mapping), "--dry-run", "--report", str(report)
    )
    assert done.returncode == 0, done.stderr
    sheet = load_workbook(report).active
    assert sheet is not None
    header, first = list(sheet.iter_rows(values_only=True))[:2]
    # Mapped as told; the row has no address, so the report names that field.
    assert first[header.index("Given")] == "Alma"
    assert first[header.index("Status")] == "error"
    assert "Street Address" in first[header.index("Message")]

    mapping.write_text(json.dumps({"Given": "first_name", "Nope": "last_name"}))
    wrong = desk.run_app("import", str(path), "--mapping", str(mapping), "--dry-run",
                         "--report", str(report))  # fmt: skip
    assert wrong.returncode == 5 and "has no column “Nope”" in wrong.stderr

    no_report = desk.run_app("import", str(path), "--dry-run")
    assert no_report.returncode == 5 and "--report" in no_report.stderr

    decisions = tmp_path / "decisions.csv"
    decisions.write_text("row,decision,cccid,reason\n4,merge,,\n")
    bad = desk.run_app("import", str(path), "--mapping", str(mapping.with_name("none.json")),
                       "--decisions", str(decisions), "--username", "creator_a")  # fmt: skip
    assert bad.returncode == 5 and "none.json" in bad.stderr
    mapping.write_text(
        json.dumps({"Given": "first_name", "Family": "last_name", "Born": "birthdate"})
    )
    bad = desk.run_app("import", str(path), "--mapping", str(mapping),
                       "--decisions", str(decisions), "--username", "creator_a")  # fmt: skip
    assert bad.returncode == 5
    assert (
        "decisions.csv line 2, column decision: “merge” is not a decision. Write create, link "
        "or skip." in bad.stderr
    )


def test_a_report_path_that_cannot_be_written_is_refused_before_any_work(
    tmp_path: Path, central: Central
) -> None:
    desk = _desk(tmp_path, central)
    path = write_export(
        tmp_path / "few.xlsx",
        [["Alma", "Quintero", dt.date(1999, 9, 9), "alma.q@studentmail.net"]],
        headers=["First Name", "Last Name", "Birthdate", "Email"],
    )
    missing = tmp_path / "missing" / "dir" / "r.xlsx"
    done = desk.run_app("import", str(path), "--dry-run", "--report", str(missing))
    assert done.returncode == 5, done.stderr
    assert "Traceback" not in done.stderr
    assert f"--report {missing}: the folder {missing.parent} does not exist" in done.stderr
    odd = desk.run_app("import", str(path), "--dry-run", "--report", str(tmp_path / "r.pdf"))
    assert odd.returncode == 5 and "ending in .xlsx or .csv" in odd.stderr
    desk.open()
    try:
        assert desk.sql("SELECT count(*) FROM import_sessions")[0][0] == 0
    finally:
        desk.close()


def test_a_dry_run_checks_every_college_when_the_service_answers(
    tmp_path: Path, central: Central
) -> None:
    desk = _desk(tmp_path, central)  # signed in once: the workstation keeps that sign-in
    elsewhere = central.client("creator_b")  # Harbor City College, not in this desk's cache
    made = elsewhere.create(
        create_body(
            student(
                first_name="Anselmo", last_name="Iturbide-Kahale", birthdate="1994-06-17",
                email="anselmo.ik@studentmail.net",
            )
        )
    )  # fmt: skip
    assert made.status_code == 201, made.text
    other_cccid = made.json()["account"]["cccid"]
    rows = [
        person("1", "Anselmo", "Iturbide-Kahale", dt.date(1994, 6, 17),
               email="anselmo.ik@studentmail.net"),
        *many(1),
    ]  # fmt: skip
    path = write_export(tmp_path / "export.xlsx", rows)
    report = tmp_path / "report.csv"

    done = desk.run_app("import", str(path), "--dry-run", "--report", str(report))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "central check not done" not in done.stdout
    assert "(checked at every college)" in done.stdout
    assert other_cccid in report.read_text(encoding="utf-8-sig")  # found at the other college

    nowhere = f"http://127.0.0.1:{free_port()}"
    offline = subprocess.run(
        [sys.executable, "-m", "app", "import", str(path), "--dry-run", "--report", str(report)],
        cwd=REPO,
        env=desk.env(ACCOUNT_DESK_SERVER=nowhere),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert offline.returncode == 0, offline.stdout + offline.stderr
    assert re.search(r"\(central check not done: .*" + nowhere, offline.stdout), offline.stdout

    (tmp_path / "fresh").mkdir()
    never = file_desk(tmp_path / "fresh", central.base_url)  # nobody ever signed in here
    never.close()
    unsigned = never.run_app("import", str(path), "--dry-run", "--report", str(report))
    assert unsigned.returncode == 0, unsigned.stdout + unsigned.stderr
    assert (
        "(central check not done: not signed in on this workstation (give --username))"
        in unsigned.stdout
    )


def test_a_rerun_over_the_same_file_leaves_its_own_accounts_as_done(
    tmp_path: Path, central: Central
) -> None:
    desk = _desk(tmp_path, central)
    path = write_export(tmp_path / "backfill.xlsx", many(3))
    decisions = tmp_path / "decisions.csv"
    decisions.write_text("row,decision,cccid,reason\n")  # no matches: every row is created
    command = ("import", str(path), "--decisions", str(decisions), "--username", "creator_a")
    first = desk.run_app(*command, "--slips", str(tmp_path / "slips.pdf"))
    assert first.returncode == 0, first.stdout + first.stderr
    assert "created 3, linked 0, skipped 0" in first.stdout
    desk.open()
    made = dict(desk.sql("SELECT row_no, cccid FROM import_rows WHERE status = 'created'"))
    desk.close()

    report = tmp_path / "again.csv"
    again = desk.run_app(*command, "--report", str(report))
    assert again.returncode == 0, again.stdout + again.stderr
    assert "3 rows: 0 with problems, 0 certain, 0 probable, 0 possible" in again.stdout
    assert "3 row(s) already created or linked by an earlier import" in again.stdout
    assert "created 0, linked 0, skipped 0; 0 decided row(s) waiting" in again.stdout
    lines = report.read_text(encoding="utf-8-sig").splitlines()[1:]
    assert len(lines) == 3
    for row_no, line in zip(sorted(made), lines, strict=True):
        assert f",skipped,{made[row_no]},," in line, line
        assert f"Already created {made[row_no]} by the import of backfill.xlsx on " in line
        assert f"(row {row_no}); not done again." in line
    desk.open()
    try:  # nothing new queued
        assert desk.sql("SELECT count(*) FROM outbox WHERE kind = 'account.create'")[0][0] == 3
    finally:
        desk.close()


def test_online_the_command_uploads_before_its_slips_and_holds_back_a_taken_email(
    tmp_path: Path, central: Central
) -> None:
    """Issue 12, item 1, headless: a row whose email another college's account holds gets no
    account and no slip; the others reach the service before their slips are written, so no slip
    says "not yet confirmed"."""
    holder = central.client("creator_b")  # college 862: nothing of it is kept on this desk
    made = holder.create(create_body(student(email="taken.twice@studentmail.net")))
    assert made.status_code == 201, made.text
    holder_cccid = made.json()["account"]["cccid"]
    desk = _desk(tmp_path, central)
    rows = [
        *many(2),
        person("S-9", "Imelda", "Quintanar", dt.date(2003, 5, 6),
               email="taken.twice@studentmail.net"),
    ]  # fmt: skip
    path = write_export(tmp_path / "taken.xlsx", rows)
    decisions, slips = tmp_path / "decisions.csv", tmp_path / "slips.pdf"
    decisions.write_text("row,decision,cccid,reason\n")
    run = desk.run_app("import", str(path), "--decisions", str(decisions),
                       "--username", "creator_a", "--slips", str(slips))  # fmt: skip
    assert "created 2, linked 0, skipped 0" in run.stdout, run.stdout + run.stderr
    assert f"taken.twice@studentmail.net already belongs to CCCID {holder_cccid}" in run.stderr
    text = "".join(page.extract_text() for page in PdfReader(slips).pages)
    assert "Quintanar" not in text
    assert text.count("Backfill") >= 2
    assert "not yet confirmed" not in text
    desk.open()
    try:
        states = [s for (s,) in desk.sql("SELECT state FROM outbox WHERE kind = 'account.create'")]
    finally:
        desk.close()
    assert states == ["confirmed", "confirmed"]
