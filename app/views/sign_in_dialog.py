"""Sign-in: online against the central service, or offline with the password last used online
(within 14 days). In sandbox mode the demo sign-ins are shown, since they are not secret there."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.staff_session import StaffIdentity
from app.views.tasks import TaskControl, TaskRunner

CHANGE_SERVER = 2
"""The dialog's result when staff chose another central service: the app starts over with it."""

SignIn = Callable[[str, str], tuple[StaffIdentity, str]]
"""(username, password) -> (identity, how: "online" or an explanation of offline unlock)."""


class SignInDialog(QDialog):
    """Username and password; the check runs off the UI thread."""

    def __init__(
        self,
        sign_in: SignIn,
        runner: TaskRunner,
        *,
        server_label: str,
        demo_accounts: Sequence[tuple[str, str, str]] = (),
        locked_username: str | None = None,
        change_server: Callable[[], bool] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Account Desk — sign in")
        self.setMinimumWidth(460)  # room for a server address on one line
        self._sign_in, self._runner = sign_in, runner
        self.identity: StaffIdentity | None = None
        self.how = ""
        layout = QVBoxLayout(self)
        self.locked = locked_username is not None
        heading = QLabel("Account Desk is locked" if self.locked else "Sign in to Account Desk")
        heading.setStyleSheet("font-size: 15pt; font-weight: 600")
        layout.addWidget(heading)
        where = QLabel(
            "Locked after 10 minutes without use. Enter your password to continue; nothing you "
            "typed is lost."
            if self.locked
            else f"Central service: {server_label}"
        )
        where.setWordWrap(True)
        where.setAccessibleName("Central service")
        self.where = where
        if change_server is None or self.locked:
            layout.addWidget(where)
        else:
            row = QHBoxLayout()
            row.addWidget(where, 1)
            self.server_button = QPushButton("Change &server…")
            self.server_button.setAutoDefault(False)  # Enter still signs in
            self.server_button.clicked.connect(lambda: self._change_server(change_server))
            row.addWidget(self.server_button)
            layout.addLayout(row)
        form = QFormLayout()
        self.username = QLineEdit()
        self.username.setAccessibleName("Username")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Password")
        if locked_username is not None:
            self.username.setText(locked_username)
            self.username.setReadOnly(True)
        form.addRow("&Username", self.username)
        form.addRow("&Password", self.password)
        layout.addLayout(form)
        if demo_accounts:
            lines = "\n".join(
                f"{role}: {user} / {password}" for role, user, password in demo_accounts
            )
            demo = QLabel(f"Sandbox mode — demo sign-ins (this machine only):\n{lines}")
            demo.setStyleSheet("background: #fff8e1; padding: 6px; border: 1px solid #e0c46c")
            demo.setAccessibleName("Sandbox demo sign-ins")
            layout.addWidget(demo)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #a4161a")
        self.error.setAccessibleName("Sign-in problem")
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            "Unlock" if self.locked else "Sign in"
        )
        if self.locked:  # a locked desk stays locked: no way around the password
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel).hide()
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        (self.password if self.locked else self.username).setFocus()

    def _change_server(self, change_server: Callable[[], bool]) -> None:
        if change_server():
            self.done(CHANGE_SERVER)

    def reject(self) -> None:
        """Esc or closing the window: ignored while locked."""
        if not self.locked:
            super().reject()

    def _submit(self) -> None:
        username, password = self.username.text().strip(), self.password.text()
        if not username or not password:
            self.error.setText("Enter your username and password.")
            (self.username if not username else self.password).setFocus()
            return
        self._busy(True)
        self.error.setText("Signing in…")

        def work(_: TaskControl) -> tuple[StaffIdentity, str]:
            return self._sign_in(username, password)

        self._runner.start(work, self._signed_in, self._failed)

    def _signed_in(self, result: tuple[StaffIdentity, str]) -> None:
        self.identity, self.how = result
        self.password.clear()
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._busy(False)
        self.error.setText(str(getattr(error, "message", None) or error))
        self.password.selectAll()
        self.password.setFocus()

    def _busy(self, busy: bool) -> None:
        self.buttons.setEnabled(not busy)
        self.username.setEnabled(not busy)
        self.password.setEnabled(not busy)
