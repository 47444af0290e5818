"""A spreadsheet import through the services, on a real xlsx, the real encrypted store and the
real central service: read and map, validate, review duplicates (in the file, in the cache and
centrally), decide, commit through the outbox, sync, and write the results file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.services.desk import Desk as DeskServices
from app.services.imports import commit as committing
from app.services.imports import decisions, duplicates, results, session
from app.services.store import imports as import_store
from tests.central.support import Central, create_body
from tests.support.desk import Desk
from tests.support.import_files import person, write_export
from tests.support.students import student

ROSA = {"first_name": "Rosalinda", "last_name": "Etxeberria", "birthdate": "1994-07-21"}
DETAILS = committing.SlipDetails("Sierra Vista College", "Creator A", "https://example.edu/r")


def _export(tmp_path: Path) -> Path:
    return write_export(
        tmp_path / "export.xlsx",
        [
            # row 4: a new student, with a ZIP that keeps its leading zero as text
            person(
                "000101",
                "Itzel",
                "Ochoa-Barragan",
                dt.date(2001, 5, 19),
                email="itzel.ob@studentmail.net",
                phone="(559) 241-6620",
                state="MA",
                postal="02139",
                notes="@SUM(1+1)*cmd|' /C calc'!A0",
            ),
            # row 5: a bad email
            person("000102", "Marco", "Villanueva", dt.date(1998, 2, 3), email="marco@"),
            # row 6: a birthdate typed as ambiguous text
            person("000103", "Lucia", "Ferreira", "3/4/2001"),
            # row 7: row 4 again, with a nickname: a duplicate within the file
            person(
                "000104",
                "Itzel",
                "Ochoa-Barragan",
                dt.date(2001, 5, 19),
                email="itzel.ob@studentmail.net",
                phone="(559) 241-6620",
                state="MA",
                postal="02139",
            ),
            # row 8: a student who already has an account at this college
            person(
                "000105",
                ROSA["first_name"],
                ROSA["last_name"],
                dt.date(1994, 7, 21),
                email="rosalinda.e@studentmail.net",
            ),
            # row 9: another new student
            person(
                "000106",
                "Tomasz",
                "Wisniewski",
                dt.date(1980, 1, 9),
                email="t.wisniewski@studentmail.net",
                street="77 Pine Rd",
                postal="95816",
            ),
        ],
    )


def _services(desk: Desk) -> DeskServices:
    assert desk.staff is not None
    return DeskServices(desk.store, desk.client, desk.engine, desk.staff)


def test_file_to_session_finds_the_header_maps_and_validates(desk: Desk, tmp_path: Path) -> None:
    source = session.open_source(desk.store, _export(tmp_path))
    assert source.layout.header_row == 2  # under the merged title and the blank row
    assert source.mapping[:6] == [
        "sis_id", "first_name", "last_name", "birthdate", "email", "main_phone"
    ]  # fmt: skip
    assert source.mapping[-1] is None  # "Notes" is not an account field
    assert desk.staff is not None
    session_id = session.start_session(desk.store, desk.staff, source, source.mapping, None)
    with desk.store.read() as conn:
        rows = {r.row_no: r for r in import_store.rows(conn, session_id)}
    assert sorted(rows) == [4, 5, 6, 7, 8, 9]
    assert rows[4].fields["postal_code"] == "02139" and rows[4].problems == {}
    # The "Cell" column holds mobile numbers: the row's phone type says so.
    assert rows[4].fields["main_phone_type"] == "mobile"
    assert rows[4].student is not None and rows[4].student["main_phone_type"] == "mobile"
    assert "ssn" not in rows[4].student
    assert set(rows[5].problems) == {"email"}
    assert "3/4/2001" in rows[6].problems["birthdate"]
    assert "April" in rows[6].problems["birthdate"]  # both readings named, none guessed
    # The mapping is remembered for the next file with the same headers.
    again = session.open_source(desk.store, _export(tmp_path))
    assert again.remembered and again.mapping == source.mapping
    # Choosing the date order for the file settles the ambiguous date.
    session.set_date_order(desk.store, session_id, "mdy")
    with desk.store.read() as conn:
        (lucia,) = import_store.rows(conn, session_id, row_nos=[6])
    assert lucia.problems == {}


def test_editing_a_cell_validates_it_again(desk: Desk, tmp_path: Path) -> None:
    source = session.open_source(desk.store, _export(tmp_path))
    assert desk.staff is not None
    session_id = session.start_session(desk.store, desk.staff, source, source.mapping, "mdy")
    problems = session.edit_field(desk.store, session_id, 5, "email", "still@bad@")
    assert "email" in problems
    assert session.edit_field(desk.store, session_id, 5, "email", "marco.v@studentmail.net") == {}


def test_review_decide_commit_sync_and_results(
    desk: Desk, central: Central, tmp_path: Path
) -> None:
    existing = central.client("creator_a").create(
        create_body(student(**ROSA, email="rosalinda.e@studentmail.net"))
    )
    rosa_cccid = existing.json()["account"]["cccid"]
    desk.sync()  # the account is now in this desk's cache
    staff = desk.staff
    assert staff is not None
    source = session.open_source(desk.store, _export(tmp_path))
    session_id = session.start_session(desk.store, staff, source, source.mapping, "mdy")

    report = duplicates.review(desk.store, session_id)
    assert report.in_file_pairs == 1
    with desk.store.read() as conn:
        rows = {r.row_no: r for r in import_store.rows(conn, session_id)}
    assert rows[4].candidates[0]["source"] == "file" and rows[4].candidates[0]["row_no"] == 7
    assert rows[4].strong and rows[4].decision is None  # a person must decide
    assert rows[8].candidates[0]["cccid"] == rosa_cccid
    assert rows[8].candidates[0]["band"] == "certain"
    assert rows[9].decision == "create" and rows[9].decided_by == "default"

    # The central check adds nothing new here but marks the rows as checked everywhere.
    checked = duplicates.merge_central(desk.store, session_id, desk.client.check_duplicates_batch)
    assert checked == 5  # every valid row (rows 4, 6, 7, 8, 9)

    # Nothing strong is created without a decision.
    assert {r.row_no for r in committing.ready_rows(desk.store, session_id)} == {6, 9}
    with pytest.raises(decisions.DecisionError, match="Row 4 has a possible duplicate"):
        decisions.decide(desk.store, session_id, [4], "create", staff)
    assert decisions.link_all_certain(desk.store, session_id, staff) == 1
    decisions.decide(desk.store, session_id, [4], "create", staff, reason="first of the pair")
    decisions.decide(desk.store, session_id, [7], "skip", staff, reason="same as row 4")

    made = committing.commit(desk.store, session_id, staff, DETAILS, reserve=desk.engine.reserve)
    assert (made.created, made.linked, made.skipped, made.left) == (3, 1, 1, 0)
    assert sorted(m.row_no for m in made.slips) == [4, 6, 9]
    assert all(len(m.slip.temp_password) >= 15 for m in made.slips)
    status = desk.sync()
    assert status.queued == 0 and status.needs_attention == 0, status
    with desk.store.read() as conn:
        rows = {r.row_no: r for r in import_store.rows(conn, session_id)}
    created = {rows[n].cccid for n in (4, 6, 9)}
    on_server = {
        r["cccid"] for r in central.sql("SELECT cccid FROM accounts WHERE cccid <> %s", rosa_cccid)
    }
    assert on_server == created
    assert central.sql(
        "SELECT a.cccid FROM account_links l JOIN accounts a ON a.id = l.account_id"
    ) == [{"cccid": rosa_cccid}]
    assert "ssn" not in rows[4].fields

    out = tmp_path / "results.xlsx"
    assert results.write_results(desk.store, session_id, out, staff.username) == 6
    sheet = load_workbook(out).active
    assert sheet is not None
    table = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = table[0]
    by_id = {r[0]: dict(zip(header, r, strict=True)) for r in table[1:]}
    assert by_id["000101"]["Status"] == "created" and by_id["000101"]["CCCID"] == rows[4].cccid
    assert by_id["000102"]["Status"] == "error" and "mail" in by_id["000102"]["Message"].lower()
    assert by_id["000104"]["Status"] == "skipped"
    assert by_id["000105"]["Status"] == "linked" and by_id["000105"]["CCCID"] == rosa_cccid
    assert by_id["000101"]["Zip Code"] == "02139"
    assert by_id["000101"]["Notes"].startswith("'@"), "a formula is never live in the results"

    # Saving reports progress; Cancel leaves the earlier file as it was, and no partial file.
    before = out.read_bytes()
    with pytest.raises(results.ResultsCancelled):
        results.write_results(desk.store, session_id, out, progress=lambda done, total: False)
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    seen: list[tuple[int, int]] = []
    results.write_results(
        desk.store, session_id, tmp_path / "results.csv",
        progress=lambda done, total: seen.append((done, total)) is None,
    )  # fmt: skip
    assert seen == [(6, 6)]


def test_offline_commit_uses_reserved_cccids_and_says_when_they_run_out(
    desk: Desk, central: Central, tmp_path: Path
) -> None:
    from tests.support.import_files import many

    staff = desk.staff
    assert staff is not None
    with desk.store.read() as conn:
        reserved = conn.execute(
            "SELECT count(*) FROM leased_cccids WHERE used_by IS NULL"
        ).fetchone()[0]
    path = write_export(tmp_path / "many.xlsx", many(reserved + 5))
    central.server.stop()
    desk.sync()
    source = session.open_source(desk.store, path)
    session_id = session.start_session(desk.store, staff, source, source.mapping, None)
    duplicates.review(desk.store, session_id)
    made = committing.commit(desk.store, session_id, staff, DETAILS)
    assert made.created == reserved and made.left == 5
    assert made.stopped is not None and "No more CCCIDs" in made.stopped
    with desk.store.read() as conn:
        counts = import_store.counts(conn, session_id)
        info = import_store.get_session(conn, session_id)
    assert counts["created"] == reserved and counts["pending"] == 5
    assert info is not None and info.step == "commit"  # offered for resuming


def test_problem_rows_exported_fixed_elsewhere_and_reimported(desk: Desk, tmp_path: Path) -> None:
    from app.services.spreadsheet import write_rows_xlsx

    staff = desk.staff
    assert staff is not None
    source = session.open_source(desk.store, _export(tmp_path))
    session_id = session.start_session(desk.store, staff, source, source.mapping, None)
    headers, rows, notes = results.problem_rows(desk.store, session_id)
    assert headers[0] == "Row" and [r[0] for r in rows] == [5, 6]
    exported = tmp_path / "rows to fix.xlsx"
    write_rows_xlsx(exported, headers, rows, notes=notes)
    book = load_workbook(exported)
    sheet = book.active
    assert sheet is not None
    email = headers.index("Email Address") + 1
    born = headers.index("Birthdate") + 1
    assert sheet.cell(2, email).comment is not None  # the bad cell carries its message
    assert "mail" in sheet.cell(2, email).comment.text.lower()
    # Fixed "elsewhere": a real spreadsheet edit of the two bad cells, saved.
    sheet.cell(2, email).value = "marco.v@studentmail.net"
    sheet.cell(3, born).value = "2001-03-04"
    book.save(exported)
    assert session.reimport_fixes(desk.store, session_id, exported) == (2, 0)
    with desk.store.read() as conn:
        fixed = {r.row_no: r for r in import_store.rows(conn, session_id, row_nos=[5, 6])}
    assert fixed[5].problems == {} and fixed[5].fields["email"] == "marco.v@studentmail.net"
    assert fixed[6].problems == {} and fixed[6].student is not None
    assert fixed[6].student["birthdate"] == "2001-03-04"


def test_cancel_stops_after_a_batch_and_the_next_commit_finishes(
    desk: Desk, tmp_path: Path
) -> None:
    from tests.support.import_files import many

    staff = desk.staff
    assert staff is not None
    source = session.open_source(desk.store, write_export(tmp_path / "many.xlsx", many(40)))
    session_id = session.start_session(desk.store, staff, source, source.mapping, None)
    duplicates.review(desk.store, session_id)
    seen: list[int] = []

    def cancel_after_first_batch(done: int, total: int) -> bool:
        seen.append(done)
        return False  # staff press Cancel while the first batch is being written

    first = committing.commit(
        desk.store, session_id, staff, DETAILS, progress=cancel_after_first_batch, batch=10
    )
    assert first.created == 10 and first.left == 30
    assert first.stopped is not None and first.stopped.startswith("Cancelled")
    rest = committing.commit(desk.store, session_id, staff, DETAILS, reserve=desk.engine.reserve)
    assert rest.created == 30 and rest.left == 0
    assert len({m.slip.cccid for m in first.slips + rest.slips}) == 40
    with desk.store.read() as conn:
        info = import_store.get_session(conn, session_id)
        assert import_store.counts(conn, session_id)["created"] == 40
    assert info is not None and info.step == "done"
