"""``python -m app import --decisions``: a decisions file that cannot mean what it says is refused
before anything is created, naming the line, the column, the value and the fix (issue 12,
item 8: a garbage file used to commit the rows nobody had to decide about).

Every case runs on the same spreadsheet: rows 4 and 5 are new students (created unless the file
says otherwise), row 6 is a student this college already has (a certain match in the cache).
After each refusal nothing exists that was not there before: no account at the service, no
outbox entry and no created row in the store.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.commands import decisions_file
from app.models.account import StudentFields
from tests.central.support import Central
from tests.support.desk import Desk, file_desk
from tests.support.import_files import many, person, write_export
from tests.support.students import student


@pytest.fixture
def setup(tmp_path: Path, central: Central) -> tuple[Desk, Path, str]:
    desk = file_desk(tmp_path, central.base_url)
    desk.sign_in()
    desk.sync()
    known = student()
    cached = desk.create(StudentFields.model_validate(known)).cccid
    desk.sync()  # uploaded: the service and the cache both have it
    desk.close()
    again = person(
        "3", known["first_name"], known["last_name"], dt.date.fromisoformat(known["birthdate"]),
        email=known["email"], street=known["street1"], city=known["city"],
        postal=known["postal_code"],
    )  # fmt: skip
    path = write_export(tmp_path / "export.xlsx", [*many(2), again])
    return desk, path, cached


def _counts(desk: Desk, central: Central) -> tuple[int, int, int]:
    desk.open()
    try:
        outbox = desk.sql("SELECT count(*) FROM outbox")[0][0]
        created = desk.sql("SELECT count(*) FROM import_rows WHERE status <> 'pending'")[0][0]
    finally:
        desk.close()
    return central.sql("SELECT count(*) AS n FROM accounts")[0]["n"], outbox, created


GARBAGE: list[tuple[str, bytes, str]] = [
    (
        "an unknown row number",
        b"row,decision,cccid,reason\n99,skip,,\n",
        "decisions.csv line 2, column row: row 99 is not a student row of export.xlsx. Give "
        "the row number",
    ),
    (
        "a CCCID not among the row's candidates",
        b"row,decision,cccid,reason\n6,link,AAA9999,\n",
        "decisions.csv line 2, column cccid: AAA9999 is not one of row 6's candidates ({cached})."
        " Give one of them, or write create or skip.",
    ),
    (
        "wrong columns",
        b"id,action\n4,create\n",
        "no “row” column (its first line has “id”, “action”). The first line names the "
        "columns: row,decision,cccid,reason",
    ),
    (
        "a file that is not text",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe",
        "this is not a text file. Save the decisions as CSV UTF-8",
    ),
    (
        "create for a likely duplicate without a reason",
        b"row,decision\n6,create\n",
        "decisions.csv line 2, column reason: row 6 may be {cached} (certain match). To create "
        "it anyway, say why",
    ),
]
"""Run through the command, counting at the service and in the store."""

FILE_ONLY: list[tuple[str, bytes, str]] = [
    (
        "an unknown decision word",
        b"row,decision\n4,create\n5,merge\n",
        "decisions.csv line 3, column decision: “merge” is not a decision. Write create, link "
        "or skip.",
    ),
    ("an empty file", b"", "the file is empty. Its first line names the columns"),
    (
        "a row decided twice",
        b"row,decision\n4,create\n4,skip\n",
        "decisions.csv line 3, column row: row 4 is already decided on line 2. Keep one line "
        "per row.",
    ),
    (
        "a link without its CCCID",
        b"row,decision,cccid\n4,link,\n",
        "decisions.csv line 2, column cccid: a link needs the CCCID of the existing account",
    ),
    (
        "a CCCID with create",
        b"row,decision,cccid\n4,create,AAA0001\n",
        "decisions.csv line 2, column cccid: “AAA0001” goes only with link.",
    ),
    (
        "a row that is no number",
        b"row,decision\nfour,skip\n",
        "decisions.csv line 2, column row: “four” is not a row number.",
    ),
]
"""Checked on the file alone, before any of the import is saved (in this process: fast)."""


def test_a_decisions_file_that_cannot_mean_what_it_says_creates_nothing(
    setup: tuple[Desk, Path, str], central: Central, tmp_path: Path
) -> None:
    desk, path, cached = setup
    before = _counts(desk, central)
    decisions = tmp_path / "decisions.csv"
    for case, content, expected in GARBAGE:
        decisions.write_bytes(content)
        done = desk.run_app(
            "import", str(path), "--decisions", str(decisions), "--username", "creator_a"
        )
        assert done.returncode == 5, (case, done.stdout, done.stderr)
        message = " ".join(done.stderr.split())
        wanted = " ".join(expected.format(cached=cached).split())
        assert wanted in message, (case, done.stderr)
        assert "Traceback" not in done.stderr
        assert "Nothing was decided or created" in done.stderr, case
        assert _counts(desk, central) == before, case

    # The same file with its lines fixed goes through: the new rows created, the known one linked.
    decisions.write_text(f"row,decision,cccid,reason\n6,link,{cached},\n")
    done = desk.run_app(
        "import", str(path), "--decisions", str(decisions), "--username", "creator_a"
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "created 2, linked 1, skipped 0" in done.stdout


@pytest.mark.parametrize(("case", "content", "expected"), FILE_ONLY, ids=[c[0] for c in FILE_ONLY])
def test_a_decisions_file_is_checked_whole_before_the_import_is_saved(
    tmp_path: Path, case: str, content: bytes, expected: str
) -> None:
    decisions = tmp_path / "decisions.csv"
    decisions.write_bytes(content)
    with pytest.raises(decisions_file.DecisionsFileError) as refused:
        decisions_file.read(decisions)
    message = " ".join(str(refused.value).split())
    assert " ".join(expected.split()) in message, case
    assert message.endswith(
        "Nothing was decided or created: fix the decisions file and run it again."
    )
