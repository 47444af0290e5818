"""Choose the central service: the built-in sandbox, or the address IT gave.

Nothing is saved until the address has answered as a central service (the check runs off the UI
thread) and this workstation's unsent work allows the switch; every refusal says what to fix.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.services.server_choice import (
    ServerAddressError,
    ServerChoice,
    ServerProbe,
    normalize_address,
    probe,
)
from app.views.tasks import TaskControl, TaskRunner

SaveServer = Callable[[ServerProbe | None], None]
"""Save the choice (None: the sandbox); raises ServerAddressError to refuse it. Runs off the UI
thread (it may open the local store)."""


class ServerDialog(QDialog):
    """Sandbox or a real central service."""

    def __init__(
        self,
        current: ServerChoice,
        save: SaveServer,
        runner: TaskRunner,
        *,
        check: Callable[[str], ServerProbe] = probe,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Account Desk — central service")
        self._save, self._runner, self._check = save, runner, check
        self.saved = False
        self._layout = layout = QVBoxLayout(self)
        intro = QLabel("Which central service should this computer use?")
        intro.setStyleSheet("font-weight: 600")
        layout.addWidget(intro)

        self.sandbox = QRadioButton(
            "&Built-in sandbox: practice with made-up students; nothing reaches the statewide "
            "system"
        )
        self.real = QRadioButton("&Central service at this address:")
        group = QButtonGroup(self)
        group.addButton(self.sandbox)
        group.addButton(self.real)
        layout.addWidget(self.sandbox)
        layout.addWidget(self.real)
        row = QHBoxLayout()
        self.address = QLineEdit(current.url or "")
        self.address.setPlaceholderText("https://accounts.example.edu")
        self.address.setAccessibleName("Server address")
        self.test_button = QPushButton("&Test connection")
        self.test_button.clicked.connect(self._test)
        row.addWidget(self.address, 1)
        row.addWidget(self.test_button)
        layout.addLayout(row)
        self.answer = QLabel()
        self.answer.setWordWrap(True)
        # IT may ask for the exact words over the phone: they can be selected and copied.
        self.answer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.answer.setAccessibleName("Connection result")
        layout.addWidget(self.answer)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("&Use this service")
        self.buttons.accepted.connect(self._use)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        (self.sandbox if current.is_sandbox else self.real).setChecked(True)
        self.sandbox.toggled.connect(self._mode_changed)
        self.address.textEdited.connect(lambda _: self.answer.clear())
        self._fixed = current.source == "environment"
        if self._fixed:
            self._say(
                "Set by ACCOUNT_DESK_SERVER on this computer; IT changes it there.", error=False
            )
            for widget in (self.sandbox, self.real, self.address, self.test_button):
                widget.setEnabled(False)
            self.ok_button.setEnabled(False)
        self._mode_changed()
        self.resize(620, self.sizeHint().height())

    def _mode_changed(self) -> None:
        if self._fixed:
            return
        use_address = self.real.isChecked()
        self.address.setEnabled(use_address)
        self.test_button.setEnabled(use_address)
        if use_address:
            self.address.setFocus()

    def _test(self) -> None:
        self._check_then(lambda found: self._say(self._connected(found), error=False))

    def _use(self) -> None:
        if self.sandbox.isChecked():
            self._run_save(None)
        else:
            self._check_then(self._run_save)

    def _check_then(self, then: Callable[[ServerProbe], None]) -> None:
        try:
            url = normalize_address(self.address.text())
        except ServerAddressError as error:
            self._say(str(error), error=True)
            self.address.setFocus()
            return
        self.address.setText(url)
        self._busy(True)
        self._say(f"Checking {url}…", error=False)

        def done(found: ServerProbe) -> None:
            self._busy(False)
            then(found)

        self._runner.start(lambda _: self._check(url), done, self._failed, owner=self)

    def _run_save(self, found: ServerProbe | None) -> None:
        self._busy(True)

        def work(_: TaskControl) -> None:
            self._save(found)

        def saved(_: None) -> None:
            self._busy(False)
            self.saved = True
            self.accept()

        self._runner.start(work, saved, self._failed, owner=self)

    def _failed(self, error: BaseException) -> None:
        self._busy(False)
        self._say(str(error), error=True)
        if self.real.isChecked():
            self.address.setFocus()
            self.address.selectAll()

    @staticmethod
    def _connected(found: ServerProbe) -> str:
        return f"Connected: {found.url} is an Account Desk central service."

    def _say(self, text: str, *, error: bool) -> None:
        self.answer.setStyleSheet(f"color: {'#a4161a' if error else '#1b5e20'}")
        self.answer.setText(text)
        self._fit_answer()

    def _fit_answer(self) -> None:
        """Grow the dialog to show the whole answer: a window does not follow the height a
        word-wrapped label needs on its own, so a two-line message would be cut in half."""
        layout = self._layout
        layout.activate()
        needed = max(layout.totalHeightForWidth(self.width()), layout.totalMinimumSize().height())
        if needed > self.height():
            self.resize(self.width(), needed)

    def _busy(self, busy: bool) -> None:
        self.buttons.setEnabled(not busy)
        self.test_button.setEnabled(not busy and self.real.isChecked() and not self._fixed)
