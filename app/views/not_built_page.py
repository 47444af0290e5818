"""A page for a capability that is not built yet: it says so plainly, so nobody mistakes an empty
screen for a finished one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class NotBuiltPage(QWidget):
    """Title, what the page will do, that it is not available in this version, and what to do
    meanwhile."""

    def __init__(
        self,
        title: str,
        purpose: str,
        meanwhile: str = "Until it is, use New student for one student at a time.",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setAlignment(Qt.AlignmentFlag.AlignTop)
        heading = QLabel(title)
        heading.setStyleSheet("font-size: 16pt; font-weight: 600")
        layout.addWidget(heading)
        body = QLabel(
            f"{purpose}\n\nThis is not available in this version of Account Desk yet. {meanwhile}"
        )
        body.setWordWrap(True)
        body.setAccessibleName(f"{title}: not available yet")
        layout.addWidget(body)
