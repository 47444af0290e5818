"""End to end through the real widgets: a counselor fills the form, sees the duplicate panel,
creates the account, the slip is rendered, and the account reaches the real central service with
the slip's CCCID. Nothing is mocked but the print dialog, replaced by saving the same slips to a
PDF that is read back."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from app.services.desk import Desk as DeskServices
from app.services.slips import SlipContent
from app.views.new_student_page import NewStudentPage
from app.views.slip_renderer import save_pdf
from app.views.tasks import TaskRunner
from tests.central.conftest import Central
from tests.sync.support import Desk

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

    def save(_: object, contents: list[SlipContent]) -> None:
        path = tmp_path / f"slip{len(printed)}.pdf"
        save_pdf(contents, path)
        printed.append(path)

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
    assert cccid in text and "Itzel" in text and "2001" not in text
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
    assert cccid in text
    central.server = LiveServer(Settings(database_url=central.database_url), port=port).start()
    status = desk.sync()
    assert status.online and status.queued == 0
    assert central.sql("SELECT cccid FROM accounts WHERE last_name = 'Ochoa-Barragan'") == [
        {"cccid": cccid}
    ]
