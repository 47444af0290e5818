"""Two rows of one file that are the same student: once staff skip one of them, keeping the other
needs no reason (the pair is settled); a match with an existing account still does."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.services.imports import commit as committing
from app.services.imports import decisions, duplicates, session
from app.services.store import imports as import_store
from tests.central.support import Central, create_body
from tests.support.desk import Desk
from tests.support.import_files import many, person, write_export
from tests.support.students import student

DETAILS = committing.SlipDetails("Sierra Vista College", "Creator A", "https://example.edu/r")
# No email: an email another account holds is refused outright, whatever the decision.
ROSA = person("000105", "Rosalinda", "Etxeberria", dt.date(1994, 7, 21))


def _reviewed(desk: Desk, tmp_path: Path) -> str:
    """A reviewed import of rows 4-7: a pair in the file (rows 4 and 7, the same student) and a
    student twice (rows 5 and 6) who also has an account at this college already."""
    pair = many(1, start=40)[0]
    rows = [pair, ROSA, [*ROSA[:-1], None], [*pair[:-1], None]]
    source = session.open_source(desk.store, write_export(tmp_path / "pairs.xlsx", rows))
    assert desk.staff is not None
    session_id = session.start_session(desk.store, desk.staff, source, source.mapping, None)
    duplicates.review(desk.store, session_id)
    with desk.store.read() as conn:
        found = {r.row_no: r for r in import_store.rows(conn, session_id)}
    assert [c["row_no"] for c in found[4].candidates] == [7] and found[4].strong
    assert [c["row_no"] for c in found[7].candidates] == [4] and found[7].strong
    return session_id


def test_keeping_one_row_of_a_pair_after_skipping_the_other_needs_no_reason(
    desk: Desk, central: Central, tmp_path: Path
) -> None:
    staff = desk.staff
    assert staff is not None
    session_id = _reviewed(desk, tmp_path)
    # While both rows are in, creating one still needs a reason.
    with pytest.raises(decisions.DecisionError, match="Row 4 has a possible duplicate"):
        decisions.decide(desk.store, session_id, [4], "create", staff)
    decisions.decide(desk.store, session_id, [7], "skip", staff, reason="row 4 again")
    assert decisions.decide(desk.store, session_id, [4], "create", staff) == 1
    with desk.store.read() as conn:
        (kept,) = import_store.rows(conn, session_id, row_nos=[4])
    assert (kept.decision, kept.decided_by, kept.reason) == ("create", staff.username, None)
    made = committing.commit(desk.store, session_id, staff, DETAILS, reserve=desk.engine.reserve)
    assert (made.created, made.skipped) == (1, 1)
    assert [m.row_no for m in made.slips] == [4]


def test_a_skipped_twin_does_not_excuse_a_match_with_an_existing_account(
    desk: Desk, central: Central, tmp_path: Path
) -> None:
    central.client("creator_a").create(
        create_body(student(first_name="Rosalinda", last_name="Etxeberria",
                            birthdate="1994-07-21", email="rosalinda.e@studentmail.net"))
    )  # fmt: skip
    desk.sync()
    staff = desk.staff
    assert staff is not None
    session_id = _reviewed(desk, tmp_path)
    with desk.store.read() as conn:
        (rosa,) = import_store.rows(conn, session_id, row_nos=[5])
    assert {c["source"] for c in rosa.candidates} == {"file", "local"} and rosa.strong
    assert all(c["band"] in ("certain", "probable") for c in rosa.candidates)
    decisions.decide(desk.store, session_id, [6], "skip", staff)
    with pytest.raises(decisions.DecisionError, match="Row 5 has a possible duplicate"):
        decisions.decide(desk.store, session_id, [5], "create", staff)


def test_keeping_the_later_row_of_a_pair_after_skipping_the_first_creates_it(
    desk: Desk, central: Central, tmp_path: Path
) -> None:
    """The pair shares its email: a skipped first row is never created, so it holds nothing, and
    the later row may be kept instead (it was refused: 'also on row 4 of this file')."""
    staff = desk.staff
    assert staff is not None
    session_id = _reviewed(desk, tmp_path)
    with desk.store.read() as conn:
        (first, later) = import_store.rows(conn, session_id, row_nos=[4, 7])
    assert first.fields["email"] and first.fields["email"] == later.fields["email"]
    with pytest.raises(decisions.DecisionError, match="also on row 4 of this file"):
        decisions.decide(desk.store, session_id, [7], "create", staff, reason="not the same")
    decisions.decide(desk.store, session_id, [4], "skip", staff, reason="row 7 again")
    assert decisions.decide(desk.store, session_id, [7], "create", staff) == 1
    made = committing.commit(desk.store, session_id, staff, DETAILS, reserve=desk.engine.reserve)
    assert (made.created, made.skipped) == (1, 1)
    assert [m.row_no for m in made.slips] == [7]
