"""The Sync page through its widgets: a refusal shown in the staff's words with the server's
message (wrapped, never running off the line), discarded with a reason that reaches the audit
log, corrected in the New student form's own fields and sent again (issue 12, item 1), and a
possible duplicate the service flagged resolved on the service."""

from __future__ import annotations

import json

from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from app.services.desk import Desk as DeskServices
from app.views.sync_bridge import SyncBridge
from app.views.sync_page import SyncPage
from app.views.tasks import TaskRunner
from tests.central.support import Central, create_body
from tests.support.desk import Desk
from tests.support.students import student, student_fields

TAKEN = "taken.address@studentmail.net"


def _page(desk: Desk, qtbot: QtBot) -> SyncPage:
    assert desk.staff is not None
    services = DeskServices(desk.store, desk.client, desk.engine, desk.staff)
    bridge = SyncBridge(desk.engine)
    page = SyncPage(services, bridge, TaskRunner())
    qtbot.addWidget(page)
    return page


def _refused_create(desk: Desk, central: Central) -> str:
    """A desk create the server refuses: its email already belongs to another account."""
    taken = TAKEN
    assert central.client("creator_a").create(create_body(student(email=taken))).status_code == 201
    made = desk.create(student_fields(email=taken))
    status = desk.sync()
    assert status.needs_attention == 1, status
    return made.cccid


def _items(page: SyncPage) -> list[str]:
    return [page.attention.item(i).text() for i in range(page.attention.count())]


def test_a_refusal_is_shown_with_what_was_sent_and_the_servers_message(
    desk: Desk, central: Central, qtbot: QtBot
) -> None:
    cccid = _refused_create(desk, central)
    page = _page(desk, qtbot)
    qtbot.waitUntil(lambda: _items(page) != [], timeout=5000)
    (line,) = _items(page)
    assert line.startswith(f"New account {cccid}: ")
    assert "email" in line.lower()
    assert "1 need attention" in page.summary.text()
    assert [page.review.item(i).text() for i in range(page.review.count())] == [
        "Nothing needs review."
    ]


def test_discard_asks_why_and_records_it(desk: Desk, central: Central, qtbot: QtBot) -> None:
    cccid = _refused_create(desk, central)
    page = _page(desk, qtbot)
    qtbot.waitUntil(lambda: page.attention.count() == 1 and "New account" in _items(page)[0])
    page.attention.setCurrentRow(0)
    page.ask_reason = lambda _: ("no", True)
    page.discard_button.click()
    assert "say why" in page.notice.text()
    page.ask_reason = lambda _: ("Student already had an account at intake", True)
    page.discard_button.click()
    qtbot.waitUntil(lambda: _items(page) == ["Nothing needs attention."], timeout=5000)
    assert page.notice.text().startswith("Discarded")
    assert [tuple(r) for r in desk.sql("SELECT state FROM outbox WHERE cccid = ?", cccid)] == [
        ("discarded",)
    ]
    (details,) = desk.sql("SELECT details FROM audit_log WHERE action = 'outbox.discard'")
    assert json.loads(details[0])["reason"] == "Student already had an account at intake"


def test_retry_and_discard_act_only_on_a_selected_refusal(
    desk: Desk, central: Central, qtbot: QtBot
) -> None:
    _refused_create(desk, central)
    page = _page(desk, qtbot)
    qtbot.waitUntil(lambda: "New account" in "".join(_items(page)))
    assert not page.retry_button.isEnabled() and not page.discard_button.isEnabled()
    page.attention.setCurrentRow(0)
    assert page.retry_button.isEnabled() and page.discard_button.isEnabled()


def _open_editor(page: SyncPage, qtbot: QtBot) -> object:
    qtbot.waitUntil(lambda: "New account" in "".join(_items(page)), timeout=5000)
    page.attention.setCurrentRow(0)
    assert page.edit_button.isEnabled()
    page.edit_button.click()
    qtbot.waitUntil(lambda: page.edit_dialog is not None, timeout=5000)
    return page.edit_dialog


def _type_email(qtbot: QtBot, dialog: object, text: str) -> None:
    email = dialog.form.input_for("email")  # type: ignore[attr-defined]
    assert isinstance(email, QLineEdit)
    email.clear()
    qtbot.keyClicks(email, text)


def test_edit_and_send_again_corrects_the_refused_account_in_the_forms_own_fields(
    desk: Desk, central: Central, qtbot: QtBot
) -> None:
    cccid = _refused_create(desk, central)
    (refused_id,) = [r[0] for r in desk.sql("SELECT id FROM outbox WHERE cccid = ?", cccid)]
    page = _page(desk, qtbot)
    dialog = _open_editor(page, qtbot)
    form = dialog.form  # type: ignore[attr-defined]
    assert form.values is not None and form.values.email == TAKEN  # what was sent

    # The form's own rules: a malformed address is shown beside the field; nothing is sent.
    _type_email(qtbot, dialog, "not-an-address")
    form.create_button.click()
    assert "Email Address" in form.error_text("email")
    assert [tuple(r) for r in desk.sql("SELECT id FROM outbox WHERE cccid = ?", cccid)] == [
        (refused_id,)
    ]

    # Still the taken address: refused before anything changes, the dialog stays open.
    _type_email(qtbot, dialog, TAKEN)
    form.create_button.click()
    result = dialog.result_text  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: result.isVisible(), timeout=5000)
    assert f"Email {TAKEN} already belongs to CCCID" in result.text()
    assert page.edit_dialog is dialog
    assert [tuple(r) for r in desk.sql("SELECT id FROM outbox WHERE cccid = ?", cccid)] == [
        (refused_id,)
    ]

    _type_email(qtbot, dialog, "own.address@studentmail.net")
    form.create_button.click()
    qtbot.waitUntil(lambda: page.edit_dialog is None, timeout=10000)
    assert page.notice.text() == (
        f"CCCID {cccid} was corrected and is now confirmed by the statewide service."
    )
    qtbot.waitUntil(lambda: _items(page) == ["Nothing needs attention."], timeout=5000)
    (row,) = central.sql("SELECT email FROM accounts WHERE cccid = %s", cccid)
    assert row["email"] == "own.address@studentmail.net"  # the CCCID on the printed slip


def _flagged(desk: Desk, central: Central) -> tuple[str, str]:
    """An account this desk made that the service created and flagged: another college already
    has the same person (the cache here could not see it)."""
    original = student(first_name="Robert", last_name="Vandermeer", birthdate="1988-04-12")
    elsewhere = central.client("creator_b").create(create_body(original)).json()["account"]
    twin = student_fields(**{**original, "first_name": "Bob", "email": "bob.v@example.org"})
    made = desk.create(twin)
    assert desk.sync().needs_review == 1
    return made.cccid, str(elsewhere["cccid"])


def _resolve(page: SyncPage, qtbot: QtBot) -> object:
    qtbot.waitUntil(lambda: page.review.count() == 1 and "Nothing" not in _reviews(page)[0])
    page.review.setCurrentRow(0)
    assert page.resolve_button.isEnabled()
    page.resolve_button.click()
    assert page.resolve_dialog is not None
    return page.resolve_dialog


def _reviews(page: SyncPage) -> list[str]:
    return [page.review.item(i).text() for i in range(page.review.count())]


def test_a_flagged_account_is_resolved_as_a_duplicate_of_the_named_account(
    desk: Desk, central: Central, qtbot: QtBot
) -> None:
    cccid, elsewhere = _flagged(desk, central)
    page = _page(desk, qtbot)
    dialog = _resolve(page, qtbot)
    assert elsewhere in _reviews(page)[0]  # the candidate is named in the list
    dialog.duplicate.setChecked(True)  # type: ignore[attr-defined]
    # The candidate by CCCID, name and college: enough to tell who it is.
    assert dialog.duplicate_of.currentText() == (  # type: ignore[attr-defined]
        f"{elsewhere} (Robert Vandermeer, college 862)"
    )
    dialog.ok_button.click()  # type: ignore[attr-defined]
    assert "Note" in dialog.error.text()  # type: ignore[attr-defined]  # a note is required
    qtbot.keyClicks(dialog.note, "Same person: Bob is Robert, checked ID")  # type: ignore[attr-defined]
    dialog.ok_button.click()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: page.notice.text().startswith(f"CCCID {cccid}:"), timeout=10000)
    assert page.notice.text() == f"CCCID {cccid}: recorded as a duplicate of {elsewhere}."
    qtbot.waitUntil(lambda: _reviews(page) == ["Nothing needs review."], timeout=5000)
    (row,) = central.sql(
        "SELECT review_state, status, review_resolution FROM accounts WHERE cccid = %s", cccid
    )
    assert row["review_state"] == "resolved" and row["status"] == "deactivated"
    resolution = row["review_resolution"]
    assert isinstance(resolution, dict) and resolution["duplicate_of"] == elsewhere


def test_a_flagged_account_is_resolved_as_a_different_student(
    desk: Desk, central: Central, qtbot: QtBot
) -> None:
    cccid, _ = _flagged(desk, central)
    page = _page(desk, qtbot)
    dialog = _resolve(page, qtbot)
    assert dialog.different.isChecked()  # type: ignore[attr-defined]
    qtbot.keyClicks(dialog.note, "Different mother's maiden name")  # type: ignore[attr-defined]
    dialog.ok_button.click()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: _reviews(page) == ["Nothing needs review."], timeout=10000)
    (row,) = central.sql("SELECT review_state, status FROM accounts WHERE cccid = %s", cccid)
    assert row == {"review_state": "resolved", "status": "active"}


def test_a_long_refusal_wraps_within_the_list(desk: Desk, central: Central, qtbot: QtBot) -> None:
    _refused_create(desk, central)
    page = _page(desk, qtbot)
    page.resize(640, 700)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: "New account" in "".join(_items(page)), timeout=5000)
    item = page.attention.item(0)
    rect = page.attention.visualItemRect(item)
    line = page.attention.fontMetrics().height()
    assert rect.right() <= page.attention.viewport().width()  # nothing runs off the edge
    assert rect.height() >= 2 * line  # the refusal's words take more than one line
