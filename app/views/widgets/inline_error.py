"""The message beside one field: the words the account model wrote, and nothing else."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

# Dark red with a contrast ratio above 7:1 on the default light window colour (WCAG AAA for
# small text). The left bar repeats the signal for anyone who cannot tell red from black.
_STYLE = "color: #a4161a; border-left: 3px solid #a4161a; padding-left: 6px;"


class InlineError(QLabel):
    """Shows one field's validation message under it; hidden (and taking no space) when clear."""

    def __init__(self, field_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Messages are data from the model: never let Qt read them as rich text.
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setStyleSheet(_STYLE)
        self.setAccessibleName(f"Problem with {field_label}")
        self.hide()

    def show_message(self, message: str | None) -> None:
        """Show ``message`` exactly as given, or hide the label when there is none.

        A message that goes away leaves its space behind (until :meth:`release_space`): it
        usually goes while the user is typing the fix, and the rows below jumping up under the
        mouse at that moment is worse than a gap.
        """
        if message:
            self.setText(message)
            self.show()
        elif not self.isHidden():
            policy = self.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            self.setSizePolicy(policy)
            self.hide()

    def release_space(self) -> None:
        """Let a hidden label take no space again (when the whole form is refreshed at once)."""
        if self.isHidden():
            policy = self.sizePolicy()
            policy.setRetainSizeWhenHidden(False)
            self.setSizePolicy(policy)
            self.clear()

    def message(self) -> str:
        """The message on show, or "" when the field has none."""
        return "" if self.isHidden() else self.text()
