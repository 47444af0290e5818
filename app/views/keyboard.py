"""The keyboard, app-wide: Enter presses the focused button, Tab leaves a list of rows, and
focus is clearly visible.

Called once on the application (``install``) by the window's start-up and by the tests' Qt
application, so every window, page and dialog behaves the same without per-button settings.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QPushButton, QTableView, QToolButton

from app.views.focus_ring import FocusRing

_ENTER_KEYS: Final = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_TAB_KEYS: Final = (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
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


class TabLeavesLists(QObject):
    """Tab moves on from a table of rows or of read-only cells, as from any other control.

    A Qt table keeps Tab for moving from cell to cell, so Tab never left the list of
    possible duplicates or the rows to review: nothing after it (the decision buttons, the
    reason) could be reached by Tab. A grid whose cells are edited one by one (the import's fix
    grid) keeps Tab between cells, as a spreadsheet does; Ctrl+Tab leaves it (Qt's own rule).
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(watched, QTableView):
            return False
        assert isinstance(event, QKeyEvent)
        if event.key() in _TAB_KEYS and watched.tabKeyNavigation() and _lists_rows(watched):
            watched.setTabKeyNavigation(False)  # from now on Tab leaves it (this press too)
        return False


def _lists_rows(view: QAbstractItemView) -> bool:
    rows = view.selectionBehavior() == QAbstractItemView.SelectionBehavior.SelectRows
    no_edit = view.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    return rows or no_edit


def install(app: QApplication) -> None:
    """Make Enter press focused buttons, Tab leave lists of rows and a focus ring show, once per
    application."""
    if app.property(_INSTALLED):
        return
    app.setProperty(_INSTALLED, True)
    app.installEventFilter(EnterPressesButtons(app))
    app.installEventFilter(TabLeavesLists(app))
    FocusRing(app).setObjectName("focus_ring_keeper")
