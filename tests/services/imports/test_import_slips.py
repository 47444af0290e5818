"""Slips for an import's accounts after the run that made their passwords is gone.

A commit's temporary passwords exist only in memory. When the app closes or crashes before the
slips are printed, the rows stay marked (no ``slip_at``); new passwords are then made for exactly
those accounts, the new password is the one the central service ends up holding, and an account
the student has already reclaimed gets no slip (and is not offered again)."""

from __future__ import annotations

from pathlib import Path

from app.services.credentials import verify_temp_password
from app.services.imports import commit as committing
from app.services.imports import duplicates, new_slips, session
from app.services.store import imports as import_store
from tests.central.support import Central
from tests.support.desk import Desk
from tests.support.import_files import many, write_export

DETAILS = committing.SlipDetails("Sierra Vista College", "Creator A", "https://example.edu/r")


def _committed_and_crashed(desk: Desk, tmp_path: Path, rows: int) -> str:
    """An import of ``rows`` new students, committed; the slips were never printed."""
    assert desk.staff is not None
    source = session.open_source(desk.store, write_export(tmp_path / "backfill.xlsx", many(rows)))
    session_id = session.start_session(desk.store, desk.staff, source, source.mapping, "mdy")
    duplicates.review(desk.store, session_id)
    made = committing.commit(desk.store, session_id, desk.staff, DETAILS)
    assert made.created == rows and len(made.slips) == rows
    return session_id  # `made` (and its passwords) is dropped here, as by a crash


def test_rows_without_a_printed_slip_get_new_passwords_once(
    desk: Desk, central: Central, tmp_path: Path
) -> None:
    assert desk.staff is not None
    session_id = _committed_and_crashed(desk, tmp_path, 30)
    with desk.store.read() as conn:
        created = {r.row_no: r.cccid for r in import_store.rows(conn, session_id)}
        # The import is done, but it is still offered: its slips were never printed.
        offered = [s.id for s in import_store.unfinished_sessions(conn)]
        assert import_store.counts(conn, session_id)["without_slip"] == 30
    assert offered == [session_id]
    missing = new_slips.rows_needing_slips(desk.store, session_id)
    assert missing == sorted(created)

    # One account has been reclaimed by its student in the meantime: no slip for it.
    reclaimed_row = missing[3]
    with desk.store.transaction() as conn:
        conn.execute(
            "UPDATE accounts SET credential_state = 'reclaimed' WHERE cccid = ?",
            (created[reclaimed_row],),
        )
    report = new_slips.make_new_slips(desk.store, session_id, desk.staff, DETAILS, missing)
    assert sorted(m.row_no for m in report.slips) == [r for r in missing if r != reclaimed_row]
    assert list(report.no_slip) == [reclaimed_row]
    assert "already reclaimed" in report.no_slip[reclaimed_row]
    slips = {m.slip.cccid: m.slip for m in report.slips}
    assert set(slips) == {c for r, c in created.items() if r != reclaimed_row}
    assert all(s.is_reprint and len(s.temp_password) >= 15 for s in slips.values())

    # The new passwords travel after the creates and are the ones the service holds.
    status = desk.sync()
    assert status.queued == 0 and status.needs_attention == 0, status
    for cccid, slip in list(slips.items())[:3]:  # argon2 verification is slow: a sample
        (row,) = central.sql("SELECT temp_password_hash FROM accounts WHERE cccid = %s", cccid)
        assert verify_temp_password(row["temp_password_hash"], slip.temp_password)
    assert len(central.sql("SELECT cccid FROM accounts")) == 30

    # Not yet printed: still offered. Printed: never again, and the import leaves the list.
    assert len(new_slips.rows_needing_slips(desk.store, session_id)) == 29
    with desk.store.transaction() as conn:
        import_store.mark_slips_given(conn, session_id, [m.row_no for m in report.slips],
                                      desk.store.server_now())  # fmt: skip
    assert new_slips.rows_needing_slips(desk.store, session_id) == []
    with desk.store.read() as conn:
        assert import_store.unfinished_sessions(conn) == []
        (reclaimed,) = import_store.rows(conn, session_id, row_nos=[reclaimed_row])
    assert reclaimed.message is not None and "already reclaimed" in reclaimed.message
    with desk.store.read() as conn:
        entries = conn.execute(
            "SELECT count(*) FROM outbox WHERE kind = 'account.credentials'"
        ).fetchone()[0]
    assert entries == 29


def test_a_second_pass_leaves_rows_printed_by_another_alone(desk: Desk, tmp_path: Path) -> None:
    assert desk.staff is not None
    session_id = _committed_and_crashed(desk, tmp_path, 4)
    missing = new_slips.rows_needing_slips(desk.store, session_id)
    with desk.store.transaction() as conn:  # another window printed two of them meanwhile
        import_store.mark_slips_given(conn, session_id, missing[:2], desk.store.server_now())
    report = new_slips.make_new_slips(desk.store, session_id, desk.staff, DETAILS, missing)
    assert sorted(m.row_no for m in report.slips) == missing[2:]
    with desk.store.read() as conn:
        (n,) = conn.execute("SELECT count(*) FROM outbox WHERE kind = 'account.credentials'")
    assert n[0] == 2
