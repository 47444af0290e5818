"""The main window: the menus (sign out, quit, about), navigation on the left, one page at a
time, sync status at the bottom; covered whole by the idle lock."""

from __future__ import annotations

import importlib.metadata
import logging
from collections.abc import Callable
from typing import Literal

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QWidget,
)

from app.models.staff import Permission, Role, role_allows
from app.services.desk import Desk
from app.services.staff_session import StaffIdentity, unlock_offline
from app.services.sync.status import SyncStatus
from app.views.idle_lock import Curtains, IdleWatcher
from app.views.import_wizard import ImportLauncherPage
from app.views.new_student_page import NewStudentPage
from app.views.not_built_page import NotBuiltPage
from app.views.sign_in_dialog import SignInDialog
from app.views.sync_bridge import SyncBridge, describe
from app.views.sync_page import SyncPage
from app.views.tasks import TaskControl, TaskRunner

GEOMETRY_KEY = "main_window/geometry"
log = logging.getLogger("account_desk")

Outcome = Literal["quit", "sign_out"]
"""How the window ended: start-up (app/views/main.py) shows the sign-in again after "sign_out"."""

# What each administrative permission lets a person do, for the Administration page.
_ADMIN_WORDS: dict[Permission, str] = {
    Permission.DECIDE_ACCESS: "approve or refuse staff members' requests to create accounts",
    Permission.MANAGE_STAFF: "add staff members",
    Permission.MANAGE_ACCOUNT_STATUS: (
        "unlock, deactivate or reactivate a student's account, or make the student choose a "
        "new password"
    ),
    Permission.MANAGE_COLLEGES: "add colleges",
    Permission.READ_AUDIT: "read the audit log: who created, linked or reprinted which account, "
    "and when",
}


def administration_page(role: Role) -> NotBuiltPage | None:
    """The Administration page for a role that administers anything, or None."""
    can = [words for permission, words in _ADMIN_WORDS.items() if role_allows(role, permission)]
    if not can:
        return None
    listed = "\n".join(f"  •  {words[0].upper()}{words[1:]}." for words in can)
    return NotBuiltPage(
        "Administration",
        f"Here, as an administrator, you will be able to:\n{listed}",
        "Until it is, ask IT, who run the central service, to do these for you. The other "
        "pages work as usual.",
    )


class MainWindow(QMainWindow):
    """Account Desk for one signed-in staff member."""

    def __init__(
        self, desk: Desk, bridge: SyncBridge, runner: TaskRunner, settings: QSettings
    ) -> None:
        super().__init__()
        self.desk, self.bridge, self.settings = desk, bridge, settings
        college = desk.college()
        self.setWindowTitle(f"Account Desk — {college.name} — {desk.identity.display_name}")

        self.nav = QListWidget()
        self.nav.setAccessibleName("Sections")
        self.nav.setFixedWidth(190)
        self.pages = QStackedWidget()
        self.new_student = NewStudentPage(desk, runner)
        self.sync_page = SyncPage(desk, bridge, runner)
        self.import_page = ImportLauncherPage(desk, runner)
        sections: list[tuple[str, QWidget]] = [
            ("New student", self.new_student),
            ("Import spreadsheet", self.import_page),
            (
                "Slips",
                NotBuiltPage(
                    "Slips",
                    "Find and reprint temporary-credential slips. For now a new slip can be "
                    'printed from New student: choose "This is the student" and print new '
                    "credentials.",
                ),
            ),
            (
                "Find account",
                NotBuiltPage(
                    "Find account",
                    "Search this college's accounts by name, birthdate or CCCID and see their "
                    "status. For now, New student shows existing accounts as you type.",
                ),
            ),
            ("Sync", self.sync_page),
        ]
        self.administration = administration_page(desk.identity.role)
        if self.administration is not None:
            sections.append(("Administration", self.administration))
        # Every window-wide key, so that the lock can turn them all off (and back on).
        self._shortcuts: list[QShortcut] = []
        for number, (title, page) in enumerate(sections, start=1):
            self.nav.addItem(title)
            self.pages.addWidget(page)
            shortcut = QShortcut(QKeySequence(f"Ctrl+{number}"), self)
            shortcut.activated.connect(lambda n=number - 1: self.nav.setCurrentRow(n))
            self._shortcuts.append(shortcut)
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.nav.setCurrentRow(0)

        self.body = body = QWidget()
        row = QHBoxLayout(body)
        row.addWidget(self.nav)
        row.addWidget(self.pages, 1)
        self.setCentralWidget(body)

        self.connection = QLabel()
        self.connection.setAccessibleName("Connection")
        self.queue = QLabel()
        self.queue.setAccessibleName("Upload queue")
        self.last_sync = QLabel()
        self.last_sync.setAccessibleName("Last sync")
        self.sync_button = sync_now = QPushButton("Sync now")
        sync_now.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        sync_now.clicked.connect(desk.engine.sync_now)
        bar = self.statusBar()
        bar.addWidget(self.connection)
        bar.addWidget(QLabel("·"))
        bar.addWidget(self.queue)
        bar.addWidget(QLabel("·"))
        bar.addWidget(self.last_sync)
        bar.addPermanentWidget(sync_now)
        sync_key = QShortcut(QKeySequence("F5"), self)
        sync_key.activated.connect(desk.engine.sync_now)
        self._shortcuts.append(sync_key)
        bridge.status_changed.connect(self.show_status)
        self.show_status(bridge.current())

        self.runner = runner
        self.outcome: Outcome = "quit"
        self._leaving = False  # set once staff agreed to leave (or nothing was typed)
        self.locked = False
        self._build_menus()
        self.idle = IdleWatcher(parent=self)
        self.idle.idle.connect(self.lock)

        self._blank_form = self.new_student.form.snapshot()  # as a new student finds it
        saved = settings.value(GEOMETRY_KEY)
        if isinstance(saved, QByteArray):
            self.restoreGeometry(saved)
        else:
            self.resize(1440, 900)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.sign_out_action = file_menu.addAction("Sign &out")
        self.sign_out_action.triggered.connect(self.sign_out)
        file_menu.addSeparator()
        self.quit_action = file_menu.addAction("&Quit")
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))  # StandardKey.Quit is empty on Windows
        self.quit_action.triggered.connect(self.close)
        help_menu = bar.addMenu("&Help")
        self.about_action = help_menu.addAction("&About Account Desk and where its data is")
        self.about_action.triggered.connect(self.show_about)

    def about_text(self) -> str:
        """Who is signed in, to which service, and where this workstation keeps its data."""
        identity = self.desk.identity
        try:
            version = importlib.metadata.version("account-desk")
        except importlib.metadata.PackageNotFoundError:
            version = "from a source folder"
        return (
            f"Account Desk {version}\n\n"
            f"Signed in: {identity.display_name} ({identity.username}), "
            f"{identity.role.value.replace('_', ' ')}, {self.desk.college().name}\n"
            f"Central service: {self.desk.client.base_url}\n"
            f"This workstation's data (encrypted):\n{self.desk.store.path}\n"
            "Its key and your sign-in are kept in this computer's keyring, never in a file."
        )

    def show_about(self) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Information, "About Account Desk", self.about_text(), parent=self
        )
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.about_box = box
        box.open()

    # ---- leaving: sign out, quit -----------------------------------------------------------

    def typed_student(self) -> str | None:
        """What is typed on New student and not yet created ("" when only unnamed fields are),
        or None when the form is as a new student finds it. Read through the form's
        snapshot(): the page and form are another part's."""
        values = self.new_student.form.snapshot()
        if values == self._blank_form:
            return None
        names = (values.get("first_name"), values.get("last_name"))
        return " ".join(str(name) for name in names if name)

    def _then_if_nothing_is_lost(self, action: str, then: Callable[[], None]) -> None:
        """Run ``then`` now when nothing is typed; else ask first (without blocking: the box is
        window-modal and answers through a signal)."""
        typed = self.typed_student()
        if typed is None:
            then()
            return
        who = f" ({typed})" if typed else ""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            f"{action} — Account Desk",
            f"What is typed on New student{who} has not been created as an account. {action} "
            "and throw it away?",
            parent=self,
        )
        leave = box.addButton(f"{action} and throw it away", QMessageBox.ButtonRole.DestructiveRole)
        stay = box.addButton("Keep typing", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(stay)
        box.setEscapeButton(stay)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(_: int) -> None:
            if box.clickedButton() is leave:
                then()
            else:
                self.pages.setCurrentWidget(self.new_student)

        box.finished.connect(answered)
        self.leave_box = box
        box.open()

    def sign_out(self) -> None:
        """End this sign-in at the central service and go back to the sign-in screen."""
        self._then_if_nothing_is_lost("Sign out", self._sign_out_now)

    def _sign_out_now(self) -> None:
        self.setEnabled(False)
        self.statusBar().showMessage("Signing out…")
        engine, client = self.desk.engine, self.desk.client

        def work(_: TaskControl) -> None:
            engine.stop()  # no upload may use the tokens being revoked
            client.logout()  # best effort at the service; the tokens here are forgotten

        def done(_: None) -> None:
            self.outcome = "sign_out"
            self._leave()

        def failed(error: BaseException) -> None:
            # The keyring refused to forget the tokens: the next sign-in replaces them.
            log.warning("sign-out did not finish: %s", error.__class__.__name__)
            done(None)

        self.runner.start(work, done, failed, owner=self)

    def _leave(self) -> None:
        self._leaving = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Quit (Ctrl+Q, File > Quit, the window's close button): asks first when New student
        has typing that would be lost."""
        if self.locked:  # a locked desk is left only through the password
            event.ignore()
            return
        if not self._leaving and self.typed_student() is not None:
            event.ignore()  # closed again by the answer, if staff agree
            self._then_if_nothing_is_lost("Quit", self._leave)
            return
        self.idle.stop()  # a closed window (signed out) must not lock the next sign-in
        self.settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        super().closeEvent(event)

    # ---- status and lock -------------------------------------------------------------------

    def show_status(self, status: object) -> None:
        """Connection, queue and last sync in the status bar."""
        assert isinstance(status, SyncStatus)
        connection, queue, last = describe(status)
        self.connection.setText(connection)
        self.queue.setText(queue)
        self.last_sync.setText(last)

    def lock(self) -> None:
        """Cover everything and ask for the password (checked locally, off the UI thread).

        Nothing of the desk can be read or used until then: the pages, the menus and the status
        bar are hidden, every key of the window is off, and any other window of the app (a print
        preview, the import) is covered.
        """
        if self.locked:  # idle again at the lock itself: it is already asking
            return
        self._set_locked(True)
        store, username = self.desk.store, self.desk.identity.username

        def unlock(_: str, password: str) -> tuple[StaffIdentity, str]:
            return unlock_offline(store, username, password), "unlocked"

        dialog = SignInDialog(
            unlock, self.runner, server_label="", locked_username=username, parent=self
        )
        curtains = Curtains(keep=[dialog])  # this window too: it says it is locked
        # Work still running (an import's step, a duplicate check) answers after the unlock:
        # its message boxes and results would otherwise open over the lock.
        self.runner.hold()
        try:
            dialog.exec()
        finally:
            curtains.lift()
            self._set_locked(False)
            self.runner.release()

    def _set_locked(self, locked: bool) -> None:
        self.locked = locked
        for part in (self.body, self.menuBar(), self.statusBar()):
            part.setVisible(not locked)
        self.menuBar().setEnabled(not locked)  # its keys (Ctrl+Q) too
        for shortcut in self._shortcuts:
            shortcut.setEnabled(not locked)
