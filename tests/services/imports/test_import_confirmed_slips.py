"""Issue 12, items 1 and 5: online, an import uploads its new accounts before their slips are
handed back, as the single form does, so a confirmed account's slip prints the service's own
expiry and never "made offline"; offline (or unconfirmed) slips say plainly that the account is
not yet confirmed; a refused upload's slip is held back.

The slips are rendered to PDF by the real renderer and read back with pypdf, as in
tests/views/test_slips.py: the checks are on what a printer would receive."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.services.desk import Desk as DeskServices
from app.services.imports import commit as committing
from app.services.imports import duplicates, new_slips, session
from app.services.slips import SlipContent, format_datetime
from app.services.store import imports as import_store
from app.services.store import outbox
from app.views.slip_renderer import save_pdf
from tests.central.support import Central
from tests.support.desk import Desk
from tests.support.import_files import many, write_export
from tests.support.pdf import page_texts
from tests.support.students import student_fields

DETAILS = committing.SlipDetails("Sierra Vista College", "Creator A", "https://example.edu/r")
NOT_CONFIRMED = "not yet confirmed by the statewide system"


def _pdf_pages(tmp_path: Path, slips: list[SlipContent]) -> list[str]:
    path = tmp_path / "slips.pdf"
    save_pdf(slips, path)
    return page_texts(path)


def _session(desk: Desk, tmp_path: Path, rows: int) -> str:
    assert desk.staff is not None
    source = session.open_source(desk.store, write_export(tmp_path / "new.xlsx", many(rows)))
    session_id = session.start_session(desk.store, desk.staff, source, source.mapping, "mdy")
    duplicates.review(desk.store, session_id)
    return session_id


def _server_expiry(central: Central, cccid: str) -> dt.datetime:
    (row,) = central.sql("SELECT temp_password_expires_at FROM accounts WHERE cccid = %s", cccid)
    expires = row["temp_password_expires_at"]
    assert isinstance(expires, dt.datetime)
    return expires


def test_online_the_accounts_are_uploaded_before_their_slips_and_the_slips_say_so(
    desk: Desk, central: Central, tmp_path: Path, qtbot: QtBot
) -> None:
    assert desk.staff is not None
    session_id = _session(desk, tmp_path, 3)
    made = committing.commit(
        desk.store, session_id, desk.staff, DETAILS, reserve=desk.engine.reserve,
        upload=desk.engine.run_once,
    )  # fmt: skip
    assert made.created == 3 and made.confirmed == 3 and made.refused == {}
    with desk.store.read() as conn:  # uploaded and confirmed before the slips came back
        states = {e.cccid: e.state for e in outbox.in_states(conn, ("confirmed",))}
    assert set(states) == {m.slip.cccid for m in made.slips}
    for made_slip in made.slips:
        expires = _server_expiry(central, made_slip.slip.cccid)
        assert made_slip.slip.expiry == f"Expires {format_datetime(expires)}."
        assert made_slip.slip.expiry_note is None
    for page in _pdf_pages(tmp_path, [m.slip for m in made.slips]):
        assert "offline" not in page and NOT_CONFIRMED not in page
        assert "Expires" in page and "after this account reaches" not in page


def test_offline_the_slips_say_the_account_is_not_yet_confirmed(
    desk: Desk, central: Central, tmp_path: Path, qtbot: QtBot
) -> None:
    assert desk.staff is not None
    central.server.stop()
    assert not desk.sync().online
    session_id = _session(desk, tmp_path, 2)
    made = committing.commit(desk.store, session_id, desk.staff, DETAILS)
    assert made.created == 2 and made.confirmed == 0
    for page in _pdf_pages(tmp_path, [m.slip for m in made.slips]):
        assert "This account is not yet confirmed by the statewide system." in page
        assert "offline" not in page


def test_online_new_passwords_for_unprinted_slips_are_confirmed_before_printing(
    desk: Desk, central: Central, tmp_path: Path, qtbot: QtBot
) -> None:
    assert desk.staff is not None
    session_id = _session(desk, tmp_path, 2)
    committing.commit(desk.store, session_id, desk.staff, DETAILS)  # slips never printed
    rows = new_slips.rows_needing_slips(desk.store, session_id)
    report = new_slips.make_new_slips(
        desk.store, session_id, desk.staff, DETAILS, rows, upload=desk.engine.run_once
    )
    assert report.confirmed == 2 and len(report.slips) == 2
    for made_slip in report.slips:
        expires = _server_expiry(central, made_slip.slip.cccid)
        assert made_slip.slip.expiry == f"Expires {format_datetime(expires)}."
    for page in _pdf_pages(tmp_path, [m.slip for m in report.slips]):
        assert "offline" not in page and "not yet confirmed" not in page
        assert "This slip replaces any earlier slip" in page


def test_a_refused_upload_gets_no_slip_and_says_where_to_correct_it(
    desk: Desk, central: Central, tmp_path: Path
) -> None:
    """What no check can foresee (the creator's access withdrawn since the review): the upload
    made before the slips is refused, so those slips are held back with the service's words."""
    assert desk.staff is not None
    session_id = _session(desk, tmp_path, 2)
    central.sql(
        "UPDATE access_requests SET status = 'revoked'"
        " WHERE staff_id = (SELECT id FROM staff WHERE username = 'creator_a')"
    )
    made = committing.commit(
        desk.store, session_id, desk.staff, DETAILS, upload=desk.engine.run_once
    )
    assert made.created == 2 and made.slips == []
    assert sorted(made.refused) == [4, 5]
    assert "refused by the statewide service" in made.refused[4]
    assert "Sync page" in made.refused[4] and "approved access" in made.refused[4]
    with desk.store.read() as conn:  # still offered a slip once corrected
        assert import_store.rows_without_slip(conn, session_id) == [4, 5]


def test_the_single_form_slip_is_confirmed_online_and_says_not_yet_confirmed_offline(
    desk: Desk, central: Central
) -> None:
    assert desk.staff is not None
    services = DeskServices(desk.store, desk.client, desk.engine, desk.staff)
    online = services.create(student_fields(), None)
    assert online.expiry == f"Expires {format_datetime(_server_expiry(central, online.cccid))}."
    assert online.expiry_note is None
    central.server.stop()
    desk.sync()
    offline = services.create(student_fields(), None)
    assert offline.expiry_note is not None and NOT_CONFIRMED in offline.expiry_note
    assert "offline" not in offline.expiry_note
