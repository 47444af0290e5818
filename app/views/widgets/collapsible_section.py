"""A titled section whose contents show only when asked for (rarely used fields)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QToolButton, QVBoxLayout, QWidget


class CollapsibleSection(QWidget):
    """A header button that shows or hides ``content``; collapsed until opened.

    Used for the preferred and previous names, which most students do not have: hiding them
    keeps the common path short and out of the Tab order until someone opens the section.
    """

    expanded_changed = Signal(bool)

    def __init__(self, title: str, help_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.toggle = QToolButton(self)
        self.toggle.setText(title)
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.toggle.setAutoRaise(True)
        self.toggle.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.toggle.setAccessibleName(title.replace("&", ""))
        self.toggle.setAccessibleDescription(help_text)
        self.toggle.setToolTip(help_text)
        self.content = QWidget(self)
        self.content.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.toggle, alignment=Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.content)
        self.toggle.toggled.connect(self._apply)

    def is_expanded(self) -> bool:
        """Whether the contents are on show."""
        return self.toggle.isChecked()

    def set_expanded(self, expanded: bool) -> None:
        """Show or hide the contents, as if the header had been clicked."""
        self.toggle.setChecked(expanded)

    def _apply(self, expanded: bool) -> None:
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        self.content.setVisible(expanded)
        self.expanded_changed.emit(expanded)
