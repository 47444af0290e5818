"""The main window on a real desk: status bar words, sections, honest placeholders, idle lock."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.services.desk import Desk as DeskServices
from app.views.main_window import MainWindow
from app.views.sign_in_dialog import SignInDialog
from app.views.sync_bridge import SyncBridge
from app.views.tasks import TaskRunner
from tests.central.support import STAFF_PASSWORD
from tests.support.desk import Desk


def _window(desk: Desk, qtbot: QtBot, tmp_path: Path) -> MainWindow:
    assert desk.staff is not None
    services = DeskServices(desk.store, desk.client, desk.engine, desk.staff)
    services.refresh_college()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(services, SyncBridge(desk.engine), TaskRunner(), settings)
    qtbot.addWidget(window)
    return window


def test_title_sections_and_status_bar(desk: Desk, qtbot: QtBot, tmp_path: Path) -> None:
    window = _window(desk, qtbot, tmp_path)
    assert window.windowTitle() == "Account Desk — Sierra Vista College — Creator A"
    sections = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert sections == ["New student", "Import spreadsheet", "Slips", "Find account", "Sync"]
    assert window.connection.text() == "Online"
    assert window.queue.text() == "0 waiting to upload"
    assert window.last_sync.text().startswith("Last sync: ")
    window.nav.setCurrentRow(1)
    assert window.pages.currentWidget() is window.import_page
    assert window.import_page.start_button.text() == "&Import a spreadsheet…"
    window.nav.setCurrentRow(2)  # Slips is not built yet, and says so
    page = window.pages.currentWidget()
    texts = " ".join(label.text() for label in page.findChildren(type(window.connection)))
    assert "not available in this version" in texts


def test_idle_lock_hides_the_desk_and_keeps_what_was_typed(
    desk: Desk, qtbot: QtBot, tmp_path: Path
) -> None:
    window = _window(desk, qtbot, tmp_path)
    window.show()
    window.new_student.form.set_values({"first_name": "Half", "last_name": "Typed"})
    seen: dict[str, object] = {}

    def unlock() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SignInDialog)
        seen["hidden"] = not window.body.isVisible()
        seen["user"] = dialog.username.text()
        dialog.reject()  # Esc does not get past the lock
        seen["still_open"] = dialog.isVisible()
        dialog.password.setText("wrong password")
        dialog._submit()
        qtbot.waitUntil(lambda: "not right" in dialog.error.text(), timeout=10000)
        dialog.password.setText(STAFF_PASSWORD)
        dialog._submit()

    QTimer.singleShot(0, unlock)
    window.lock()
    assert seen == {"hidden": True, "user": "creator_a", "still_open": True}
    assert window.body.isVisible()
    assert window.new_student.form.snapshot()["last_name"] == "Typed"
