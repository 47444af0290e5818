"""The Sync page through its widgets: a refusal shown in the staff's words with the server's
message, discarded with a reason that reaches the audit log, retried after a fix."""

from __future__ import annotations

import json

from pytestqt.qtbot import QtBot

from app.services.desk import Desk as DeskServices
from app.views.sync_bridge import SyncBridge
from app.views.sync_page import SyncPage
from app.views.tasks import TaskRunner
from tests.central.support import Central, create_body
from tests.support.desk import Desk
from tests.support.students import student, student_fields


def _page(desk: Desk, qtbot: QtBot) -> SyncPage:
    assert desk.staff is not None
    services = DeskServices(desk.store, desk.client, desk.engine, desk.staff)
    bridge = SyncBridge(desk.engine)
    page = SyncPage(services, bridge, TaskRunner())
    qtbot.addWidget(page)
    return page


def _refused_create(desk: Desk, central: Central) -> str:
    """A desk create the server refuses: its email already belongs to another account."""
    taken = "taken.address@studentmail.net"
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
