"""The keyboard, app-wide: Enter presses the focused button, and focus is clearly visible.

Called once on the application (``install``) by the window's start-up and by the tests' Qt
application, so every window, page and dialog behaves the same without per-button settings.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QPushButton, QToolButton

from app.views.focus_ring import FocusRing

_ENTER_KEYS: Final = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_INSTALLED: Final = "account_desk_keyboard"


class EnterPressesButtons(QObject):
    """Return or Enter on a focused push or tool button presses it.

    Qt presses a focused button on Enter only inside a dialog (a button's ``autoDefault``); on
    the window's pages Enter did nothing, or went to the form around the button and meant
    Create. Check boxes and radio buttons keep Space: in a form, Enter on them means the form's
    own action.
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress:
            return False
        if not isinstance(watched, QPushButton | QToolButton) or not watched.hasFocus():
            return False
        assert isinstance(event, QKeyEvent)
        plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier == Qt.KeyboardModifier(0)
        if event.key() not in _ENTER_KEYS or not plain:
            return False
        if not event.isAutoRepeat() and watched.isEnabled():  # held down: pressed once
            watched.click()
        return True


def install(app: QApplication) -> None:
    """Make Enter press focused buttons and show a focus ring, once per application."""
    if app.property(_INSTALLED):
        return
    app.setProperty(_INSTALLED, True)
    enter = EnterPressesButtons(app)
    app.installEventFilter(enter)
    FocusRing(app).setObjectName("focus_ring_keeper")
