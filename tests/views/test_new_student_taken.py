"""The New student page with an email another account holds (issue 12, item 1): the panel says
so while staff type, Create is refused with the holder's CCCID and the fixes, no slip is
printed, and what was typed stays in the form."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from app.services.desk import Desk as DeskServices
from app.services.slips import SlipContent
from app.views.new_student_page import NewStudentPage
from app.views.tasks import TaskRunner
from tests.central.support import Central, create_body
from tests.support.desk import Desk
from tests.support.students import student

TAKEN = "itzel.shared@studentmail.net"
TYPED = {
    "first_name": "Itzel",
    "last_name": "Ochoa-Barragan",
    "birthdate": "2001-05-19",
    "birthdate_confirmation": "2001-05-19",
    "email": TAKEN,
    "street1": "1180 E Shields Ave",
    "city": "Fresno",
    "state": "CA",
    "postal_code": "93704",
}


def test_a_taken_email_is_shown_while_typing_and_create_prints_nothing(
    desk: Desk, central: Central, qtbot: QtBot, tmp_path: Path
) -> None:
    made = central.client("creator_b").create(create_body(student(email=TAKEN)))
    holder = made.json()["account"]["cccid"]
    assert desk.staff is not None
    page = NewStudentPage(
        DeskServices(desk.store, desk.client, desk.engine, desk.staff), TaskRunner()
    )
    qtbot.addWidget(page)
    printed: list[list[SlipContent]] = []

    def show(_: object, contents: list[SlipContent]) -> int:
        printed.append(contents)
        return QDialog.DialogCode.Accepted.value

    page.show_slips = show
    page.form.set_values(TYPED)
    page.form.changed.emit(page.form.snapshot())  # as the form does 300 ms after typing
    qtbot.waitUntil(lambda: page.panel.taken.isVisibleTo(page), timeout=10000)
    assert f"Email {TAKEN} already belongs to CCCID {holder}." in page.panel.taken.text()
    assert '"This is the student"' in page.panel.taken.text()

    page.form.submit()
    qtbot.waitUntil(lambda: "not created" in page.notice.text(), timeout=10000)
    assert f"already belongs to CCCID {holder}" in page.notice.text()
    assert printed == []
    assert desk.sql("SELECT count(*) FROM outbox")[0][0] == 0
    values = page.form.values
    assert values is not None and values.email == TAKEN and values.last_name == "Ochoa-Barragan"
