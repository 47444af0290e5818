"""End to end through the real widgets: a counselor fills the form, sees the duplicate panel,
creates the account, the slip is rendered, and the account reaches the real central service with
the slip's CCCID. Nothing is mocked but the print dialog, replaced by saving the same slips to a
PDF that is read back (and reported printed, as the preview reports it once it has printed)."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from app.services.desk import Desk as DeskServices
from app.services.slips import SlipContent
from app.views.new_student_page import NewStudentPage
from app.views.slip_renderer import save_pdf
from app.views.tasks import TaskRunner
from tests.central.support import Central
from tests.support.desk import Desk

TYPED = {
    "first_name": "Itzel",
    "last_name": "Ochoa-Barragan",
    "birthdate": "2001-05-19",
    "birthdate_confirmation": "2001-05-19",
    "email": "itzel.ob@studentmail.net",
    "main_phone": "(559) 241-6620",
    "main_phone_type": "mobile",
    "main_phone_text_ok": True,
    "street1": "1180 E Shields Ave",
    "city": "Fresno",
    "state": "CA",
    "postal_code": "93704",
}


def _page(desk: Desk, qtbot: QtBot, tmp_path: Path) -> tuple[NewStudentPage, list[Path]]:
    assert desk.staff is not None
    services = DeskServices(desk.store, desk.client, desk.engine, desk.staff)
    page = NewStudentPage(services, TaskRunner())
    qtbot.addWidget(page)
    printed: list[Path] = []

    def save(_: object, contents: list[SlipContent]) -> int:
        path = tmp_path / f"slip{len(printed)}.pdf"
        save_pdf(contents, path)
        printed.append(path)
        return QDialog.DialogCode.Accepted.value  # as the preview does once it has printed

    page.show_slips = save
    return page, printed


def test_create_through_the_form_reaches_the_server_with_the_slips_cccid(
    desk: Desk, central: Central, qtbot: QtBot, tmp_path: Path
) -> None:
    page, printed = _page(desk, qtbot, tmp_path)
    page.form.set_values(TYPED)
    page.form.submit()
    qtbot.waitUntil(lambda: bool(printed), timeout=15000)
    text = PdfReader(printed[0]).pages[0].extract_text()
    cccid = next(
        line
        for line in desk.sql("SELECT cccid FROM accounts WHERE last_name = ?", "Ochoa-Barragan")
    )[0]
    # Text extraction may split the large CCCID ("AAA004 0"): compare without whitespace.
    assert cccid in "".join(text.split()) and "Itzel" in text and "2001" not in text
    # Online, the account was uploaded before the slip printed: the server's expiry is on it.
    assert "Expires" in text and "reaches the statewide system" not in text
    assert page.form.snapshot().get("last_name") in (None, "")  # cleared for the next student
    status = desk.sync()
    assert status.queued == 0 and status.needs_attention == 0
    rows = central.sql(
        "SELECT cccid, first_name, main_phone_text_ok FROM accounts"
        " WHERE last_name = 'Ochoa-Barragan'"
    )
    assert rows == [{"cccid": cccid, "first_name": "Itzel", "main_phone_text_ok": True}]


def test_strong_candidate_blocks_create_until_decided(
    desk: Desk, central: Central, qtbot: QtBot, tmp_path: Path
) -> None:
    page, printed = _page(desk, qtbot, tmp_path)
    page.form.set_values(TYPED)
    page.form.submit()
    qtbot.waitUntil(lambda: bool(printed), timeout=15000)
    desk.sync()
    # The same student comes back with a nickname and a new email.
    again = dict(TYPED, first_name="Itzel", email="itzel.new@studentmail.net")
    page.form.set_values(again)
    page.form.changed.emit(page.form.snapshot())
    qtbot.waitUntil(lambda: bool(page.panel.strong_candidates()), timeout=15000)
    assert page.panel.state.text().startswith("1 possible duplicate(s) in any college")
    page.form.submit()
    assert "Decide about" in page.notice.text()
    assert len(printed) == 1
    page._create_anyway(
        "Different person: checked photo ID", [c.cccid for c in page.panel.strong_candidates()]
    )
    qtbot.waitUntil(lambda: len(printed) == 2, timeout=15000)
    desk.sync()
    assert len(central.sql("SELECT 1 FROM accounts WHERE last_name = 'Ochoa-Barragan'")) == 2


def test_offline_the_form_still_creates_and_the_slip_says_when_it_will_expire(
    desk: Desk, central: Central, qtbot: QtBot, tmp_path: Path
) -> None:
    from central.config import Settings
    from tests.central.support import LiveServer

    page, printed = _page(desk, qtbot, tmp_path)
    port = central.server.port
    central.server.stop()
    desk.sync()  # the engine notices it is offline
    page.form.set_values(dict(TYPED, email="itzel.offline@studentmail.net"))
    page.form.submit()
    qtbot.waitUntil(lambda: bool(printed), timeout=15000)
    text = " ".join(PdfReader(printed[0]).pages[0].extract_text().split())
    assert "reaches the statewide system" in text
    cccid = desk.sql("SELECT cccid FROM accounts WHERE last_name = ?", "Ochoa-Barragan")[0][0]
    assert cccid in text.replace(" ", "")
    central.server = LiveServer(Settings(database_url=central.database_url), port=port).start()
    status = desk.sync()
    assert status.online and status.queued == 0
    assert central.sql("SELECT cccid FROM accounts WHERE last_name = 'Ochoa-Barragan'") == [
        {"cccid": cccid}
    ]


def _existing_on_server(central: Central, username: str = "creator_a") -> str:
    from tests.central.support import create_body
    from tests.support.students import student

    fields = student(
        first_name="Itzel",
        last_name="Ochoa-Barragan",
        birthdate="2001-05-19",
        email="itzel.first@studentmail.net",
    )
    response = central.client(username).create(create_body(fields))
    assert response.status_code == 201, response.text
    return str(response.json()["account"]["cccid"])


def _choose_link(page: NewStudentPage, qtbot: QtBot, cccid: str) -> None:
    """Type the student again, wait for the candidate, press "This is the student", then Done."""
    page.form.set_values(TYPED)
    page.form.changed.emit(page.form.snapshot())
    qtbot.waitUntil(
        lambda: any(c.cccid == cccid for c in page.panel.strong_candidates()), timeout=15000
    )
    row = next(i for i, c in enumerate(page.panel.model.candidates()) if c.cccid == cccid)
    page.panel.table.selectRow(row)
    page.panel.link_button.click()
    qtbot.waitUntil(lambda: page.link_box is not None and page.link_box.isVisible(), timeout=15000)


def _press(box: object, label: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    assert isinstance(box, QMessageBox)
    next(b for b in box.buttons() if b.text() == label).click()


def test_this_is_the_student_sends_the_link_and_creates_nothing(
    desk: Desk, central: Central, qtbot: QtBot, tmp_path: Path
) -> None:
    cccid = _existing_on_server(central, "creator_b")  # another college's student
    page, printed = _page(desk, qtbot, tmp_path)
    _choose_link(page, qtbot, cccid)
    assert page.link_box is not None
    assert cccid in page.link_box.text()
    assert "Recorded with the statewide system" in page.link_box.informativeText()
    # Another college's account: no reprint offered, only Done.
    assert [b.text() for b in page.link_box.buttons()] == ["Done"]
    _press(page.link_box, "Done")
    assert f"the student's CCCID is {cccid}" in page.notice.text()
    assert page.form.snapshot().get("last_name") in (None, "")
    links = central.sql(
        "SELECT a.cccid, c.code, s.username FROM account_links l"
        " JOIN accounts a ON a.id = l.account_id JOIN colleges c ON c.id = l.college_id"
        " JOIN staff s ON s.id = l.staff_id"
    )
    assert links == [{"cccid": cccid, "code": "861", "username": "creator_a"}]
    assert len(central.sql("SELECT 1 FROM accounts")) == 1, "nothing created"
    assert printed == []


def test_offline_the_link_waits_in_the_outbox_and_reaches_the_server_later(
    desk: Desk, central: Central, qtbot: QtBot, tmp_path: Path
) -> None:
    from central.config import Settings
    from tests.central.support import LiveServer

    cccid = _existing_on_server(central)  # this college's: it is in the local cache after a sync
    desk.sync()
    page, printed = _page(desk, qtbot, tmp_path)
    port = central.server.port
    central.server.stop()
    desk.sync()
    _choose_link(page, qtbot, cccid)
    assert page.link_box is not None
    assert "goes to the statewide system at the next sync" in page.link_box.informativeText()
    assert "Print new temporary credentials" in [b.text() for b in page.link_box.buttons()]
    _press(page.link_box, "Done")
    waiting = desk.sql("SELECT kind, state FROM outbox WHERE cccid = ?", cccid)
    assert [tuple(row) for row in waiting] == [("account.link", "queued")]
    assert central.sql("SELECT 1 FROM account_links") == []
    central.server = LiveServer(Settings(database_url=central.database_url), port=port).start()
    status = desk.sync()
    assert status.online and status.queued == 0 and status.needs_attention == 0
    assert central.sql(
        "SELECT a.cccid FROM account_links l JOIN accounts a ON a.id = l.account_id"
    ) == [{"cccid": cccid}]
    assert len(central.sql("SELECT 1 FROM accounts")) == 1 and printed == []
