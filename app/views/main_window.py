"""The main window: navigation on the left, one page at a time, sync status at the bottom."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QWidget,
)

from app.services.desk import Desk
from app.services.staff_session import StaffIdentity, unlock_offline
from app.services.sync.status import SyncStatus
from app.views.idle_lock import IdleWatcher
from app.views.import_wizard import ImportLauncherPage
from app.views.new_student_page import NewStudentPage
from app.views.not_built_page import NotBuiltPage
from app.views.sign_in_dialog import SignInDialog
from app.views.sync_bridge import SyncBridge, describe
from app.views.sync_page import SyncPage
from app.views.tasks import TaskRunner

GEOMETRY_KEY = "main_window/geometry"


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
        for number, (title, page) in enumerate(sections, start=1):
            self.nav.addItem(title)
            self.pages.addWidget(page)
            shortcut = QShortcut(QKeySequence(f"Ctrl+{number}"), self)
            shortcut.activated.connect(lambda n=number - 1: self.nav.setCurrentRow(n))
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
        sync_now = QPushButton("Sync now")
        sync_now.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        sync_now.clicked.connect(desk.engine.sync_now)
        bar = self.statusBar()
        bar.addWidget(self.connection)
        bar.addWidget(QLabel("·"))
        bar.addWidget(self.queue)
        bar.addWidget(QLabel("·"))
        bar.addWidget(self.last_sync)
        bar.addPermanentWidget(sync_now)
        QShortcut(QKeySequence("F5"), self).activated.connect(desk.engine.sync_now)
        bridge.status_changed.connect(self.show_status)
        self.show_status(bridge.current())

        self.runner = runner
        self.idle = IdleWatcher(parent=self)
        self.idle.idle.connect(self.lock)

        saved = settings.value(GEOMETRY_KEY)
        if isinstance(saved, QByteArray):
            self.restoreGeometry(saved)
        else:
            self.resize(1440, 900)

    def show_status(self, status: object) -> None:
        """Connection, queue and last sync in the status bar."""
        assert isinstance(status, SyncStatus)
        connection, queue, last = describe(status)
        self.connection.setText(connection)
        self.queue.setText(queue)
        self.last_sync.setText(last)

    def lock(self) -> None:
        """Hide everything and ask for the password (checked locally, off the UI thread)."""
        body = self.body
        body.hide()
        store, username = self.desk.store, self.desk.identity.username

        def unlock(_: str, password: str) -> tuple[StaffIdentity, str]:
            return unlock_offline(store, username, password), "unlocked"

        dialog = SignInDialog(
            unlock, self.runner, server_label="", locked_username=username, parent=self
        )
        dialog.exec()
        body.show()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        super().closeEvent(event)
