"""Email address input with the "master plus 1" shortcut for students without an address."""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QWidget

MASTER_PLUS_TEXT: Final = "&Use a master plus 1 address"
NO_MAILBOX_HINT: Final = "No college intake mailbox is set up for this desk."


def master_plus_address(mailbox: str, number: int) -> str:
    """``intake@college.edu``, 17 -> ``intake+17@college.edu`` (any ``+tag`` on it is dropped).

    DESIGN.md: a student without email can still get an account on one of the college's
    "master plus 1" addresses, which all deliver to the intake mailbox.
    """
    local, at, domain = mailbox.strip().rpartition("@")
    if not at or not local or not domain:
        raise ValueError(f"{mailbox!r} is not a mailbox address")
    return f"{local.split('+', 1)[0]}+{number}@{domain}"


class EmailInput(QWidget):
    """A line edit for the email address and a button that fills in the next plus address.

    ``next_number`` is asked only when the button is pressed, never while typing: it may look
    at the local store to find a number no account uses yet.
    """

    filled = Signal(str)
    """A plus address was filled in by the button."""

    def __init__(
        self,
        intake_mailbox: str | None,
        next_number: Callable[[], int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._mailbox = intake_mailbox
        self._next_number = next_number
        self.line_edit = QLineEdit(self)
        self.line_edit.setPlaceholderText("name@example.com")
        self.master_plus_button = QPushButton(MASTER_PLUS_TEXT, self)
        self.master_plus_button.setAutoDefault(False)
        if intake_mailbox:
            self.master_plus_button.setToolTip(
                f"Fill in the next free address on {intake_mailbox}, "
                "for a student who has no email address"
            )
        else:
            self.master_plus_button.setEnabled(False)
            self.master_plus_button.setToolTip(NO_MAILBOX_HINT)
        self.master_plus_button.setAccessibleName(MASTER_PLUS_TEXT.replace("&", ""))
        self.master_plus_button.setAccessibleDescription(self.master_plus_button.toolTip())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.line_edit, 1)
        layout.addWidget(self.master_plus_button)
        self.setFocusProxy(self.line_edit)
        self.master_plus_button.clicked.connect(self.fill_master_plus)

    def fill_master_plus(self) -> None:
        """Replace the address with the next plus address of the intake mailbox."""
        if not self._mailbox:
            return
        address = master_plus_address(self._mailbox, self._next_number())
        self.line_edit.setText(address)
        self.filled.emit(address)
