"""The server dialog shows a failed Test connection whole: every line of the answer inside the
dialog, in words, however long it is."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from pytestqt.qtbot import QtBot

from app.services.server_choice import ServerChoice, ServerProbe
from app.views.server_dialog import ServerDialog
from app.views.tasks import TaskRunner
from tests.support.peers import closed_port_url


def _shown_whole(dialog: ServerDialog) -> bool:
    label = dialog.answer
    needed = label.heightForWidth(label.width())
    bottom = label.mapTo(dialog, QPoint(0, label.height())).y()
    return label.height() >= needed and bottom <= dialog.height()


def test_a_refused_address_is_explained_whole_and_in_words(qtbot: QtBot) -> None:
    saved: list[ServerProbe | None] = []
    dialog = ServerDialog(ServerChoice(None, "default"), saved.append, TaskRunner())
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.real.click()
    url = closed_port_url()
    dialog.address.setText(url)
    dialog.test_button.click()
    qtbot.waitUntil(lambda: dialog.test_button.isEnabled(), timeout=10000)  # answered
    label = dialog.answer
    assert label.heightForWidth(label.width()) > 1.5 * label.fontMetrics().height(), "two lines"
    assert _shown_whole(dialog), "the message runs past the dialog's edge"
    words = label.text()
    assert words.startswith(f"Could not reach {url}: 127.0.0.1 refused the connection")
    assert "Error" not in words
    assert saved == [] and dialog.isVisible()
