"""The main window on a real desk: status bar words, sections, honest placeholders, the idle
lock covering everything, the menus (sign out at the service, quit asking first), administrators'
page."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.services.central_client import ACCESS_TOKEN_NAME, REFRESH_TOKEN_NAME
from app.services.desk import Desk as DeskServices
from app.views.main_window import MainWindow
from app.views.sign_in_dialog import SignInDialog
from app.views.sync_bridge import SyncBridge
from app.views.tasks import TaskRunner
from tests.central.support import STAFF_PASSWORD, Central
from tests.support.desk import Desk, memory_desk


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


# ---- the lock covers everything ---------------------------------------------------------------


def test_the_lock_leaves_nothing_usable_or_readable_but_the_password(
    desk: Desk, qtbot: QtBot, tmp_path: Path
) -> None:
    window = _window(desk, qtbot, tmp_path)
    window.show()
    preview = QDialog(window)  # stands for a print preview or the import, open at the lock
    preview.setWindowTitle("Slip preview")
    preview.resize(400, 300)
    preview.show()
    later: list[QMessageBox] = []
    seen: dict[str, object] = {}

    def covered(other: QWidget) -> bool:
        return any(
            curtain.isVisible() and curtain.geometry() == other.rect()
            for curtain in other.findChildren(QWidget, "lock_curtain")
        )

    def look(dialog: SignInDialog) -> None:
        seen["status bar"] = window.statusBar().isVisible()
        seen["sync now"] = window.sync_button.isVisible()
        seen["menus"] = window.menuBar().isVisible() or window.menuBar().isEnabled()
        seen["keys"] = [s.key().toString() for s in window.findChildren(QShortcut) if s.isEnabled()]
        seen["preview covered"] = covered(preview)
        seen["window says it is locked"] = covered(window)
        note = QDialog(window)  # a window a background task opens while locked
        note.show()
        later.append(note)
        seen["late window covered"] = covered(note)
        # A modal one stays usable: covered, it would block the password box with no way out.
        box = QMessageBox(QMessageBox.Icon.Information, "Import", "Done", parent=window)
        box.show()
        later.append(box)
        seen["late modal message usable"] = box.isVisible() and not covered(box)
        box.close()
        seen["lock dialog covered"] = covered(dialog)

    def at_the_lock() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SignInDialog)
        try:
            look(dialog)
        finally:  # unlock whatever was seen, so that a failure is reported, never a hang
            dialog.password.setText(STAFF_PASSWORD)
            dialog._submit()

    QTimer.singleShot(0, at_the_lock)
    window.lock()
    assert seen == {
        "status bar": False,
        "sync now": False,
        "menus": False,
        "keys": [],
        "preview covered": True,
        "window says it is locked": True,
        "late window covered": True,
        "late modal message usable": True,
        "lock dialog covered": False,
    }
    # Unlocked: all of it back, and nothing covered any more.
    assert window.statusBar().isVisible() and window.menuBar().isVisible()
    assert all(s.isEnabled() for s in window.findChildren(QShortcut))
    assert window.menuBar().isEnabled() and window.quit_action.isEnabled()
    assert not covered(preview) and not covered(later[0]) and not covered(window)


# ---- menus: sign out, quit, about -------------------------------------------------------------


def _menu(window: MainWindow, title: str) -> list[str]:
    for action in window.menuBar().actions():
        if action.text() == title:
            menu = action.menu()
            assert isinstance(menu, QMenu)
            return [
                f"{a.text()} {a.shortcut().toString()}".strip()
                for a in menu.actions()
                if not a.isSeparator()
            ]
    raise AssertionError(f"no {title} menu")


def test_the_menus_offer_sign_out_quit_and_where_the_data_is(
    desk: Desk, qtbot: QtBot, tmp_path: Path
) -> None:
    window = _window(desk, qtbot, tmp_path)
    assert _menu(window, "&File") == ["Sign &out", "&Quit Ctrl+Q"]
    assert _menu(window, "&Help") == ["&About Account Desk and where its data is"]
    about = window.about_text()
    assert "Creator A (creator_a), creator, Sierra Vista College" in about
    assert f"Central service: {desk.server_url}" in about
    assert str(desk.store.path) in about
    assert STAFF_PASSWORD not in about


def test_quit_asks_before_throwing_away_what_is_typed(
    desk: Desk, qtbot: QtBot, tmp_path: Path
) -> None:
    window = _window(desk, qtbot, tmp_path)
    window.show()
    window.new_student.form.set_values({"first_name": "Half", "last_name": "Typed"})
    window.nav.setCurrentRow(4)
    window.quit_action.trigger()
    box = window.leave_box
    qtbot.waitUntil(box.isVisible)
    assert "What is typed on New student (Half Typed) has not been created" in box.text()
    assert box.defaultButton().text() == "Keep typing"
    box.defaultButton().click()  # keep typing: still open, back on New student, nothing lost
    assert window.isVisible() and window.pages.currentWidget() is window.new_student
    assert window.new_student.form.snapshot()["last_name"] == "Typed"
    window.close()  # the window's own close button asks the same
    box = window.leave_box
    qtbot.waitUntil(box.isVisible)
    next(b for b in box.buttons() if b.text() == "Quit and throw it away").click()
    qtbot.waitUntil(lambda: not window.isVisible())
    assert window.outcome == "quit"


def test_quit_with_nothing_typed_closes_at_once(desk: Desk, qtbot: QtBot, tmp_path: Path) -> None:
    window = _window(desk, qtbot, tmp_path)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.isVisible())
    assert window.outcome == "quit"


def test_sign_out_ends_the_session_at_the_service(
    desk: Desk, central: Central, qtbot: QtBot, tmp_path: Path
) -> None:
    access = desk.workstation.secrets.get(ACCESS_TOKEN_NAME)
    assert access is not None
    me = central.anonymous()
    me.token = access
    assert me.get("/v1/auth/me").status_code == 200
    window = _window(desk, qtbot, tmp_path)
    window.show()
    window.sign_out_action.trigger()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=15000)
    assert window.outcome == "sign_out"
    assert me.get("/v1/auth/me").status_code == 401, "the service still accepts the sign-in"
    assert desk.workstation.secrets.get(ACCESS_TOKEN_NAME) is None
    assert desk.workstation.secrets.get(REFRESH_TOKEN_NAME) is None
    logged = central.sql("SELECT count(*) AS n FROM audit_log WHERE action = 'staff.logout'")
    assert logged == [{"n": 1}]


# ---- administrators ---------------------------------------------------------------------------


def test_a_college_administrator_sees_what_administration_will_hold(
    central: Central, qtbot: QtBot, tmp_path: Path
) -> None:
    admin = memory_desk(tmp_path, central.base_url)
    try:
        admin.sign_in("admin_a")
        window = _window(admin, qtbot, tmp_path)
        window.show()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        sections = [window.nav.item(i).text() for i in range(window.nav.count())]
        assert sections[-1] == "Administration"
        qtbot.keyClick(
            QApplication.focusWidget(), Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier
        )
        page = window.pages.currentWidget()
        assert page is window.administration
        words = " ".join(label.text() for label in page.findChildren(QLabel))
        assert "Approve or refuse staff members' requests to create accounts." in words
        assert "Read the audit log" in words and "Add colleges" not in words
        assert "not available in this version of Account Desk yet" in words
        assert "ask IT, who run the central service, to do these for you" in words
    finally:
        admin.close()


def test_sign_out_with_the_service_down_still_forgets_the_sign_in_here(
    desk: Desk, central: Central, qtbot: QtBot, tmp_path: Path
) -> None:
    window = _window(desk, qtbot, tmp_path)
    window.show()
    central.server.stop()
    started = time.monotonic()
    window.sign_out_action.trigger()
    assert window.statusBar().currentMessage() == "Signing out…"
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=30000)
    assert window.outcome == "sign_out"
    assert desk.workstation.secrets.get(ACCESS_TOKEN_NAME) is None
    assert desk.workstation.secrets.get(REFRESH_TOKEN_NAME) is None
    assert time.monotonic() - started < 10, "staff waited long for a sign-out"


def test_work_running_at_the_lock_answers_only_after_the_unlock(
    desk: Desk, qtbot: QtBot, tmp_path: Path
) -> None:
    """A task that ends under the lock (an import step, a check) would open its message box or
    show a student over the lock: its answer waits for the unlock, then arrives whole."""
    window = _window(desk, qtbot, tmp_path)
    window.show()
    go = threading.Event()
    answers: list[str] = []
    window.runner.start(lambda _: go.wait(10) and "Import finished: 40 accounts", answers.append)
    seen: dict[str, object] = {}

    def at_the_lock() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SignInDialog)
        try:
            go.set()
            # The task ends and its answer reaches the UI thread's queue: it must not show.
            qtbot.wait(300)
            seen["under the lock"] = list(answers)
        finally:
            dialog.password.setText(STAFF_PASSWORD)
            dialog._submit()

    QTimer.singleShot(0, at_the_lock)
    window.lock()
    assert seen == {"under the lock": []}
    assert answers == ["Import finished: 40 accounts"]
