"""Lock the window after a stretch without keyboard or mouse input (DESIGN: 10 idle minutes).

An application-wide event filter notes the last input; a timer checks it. Nothing typed is lost:
locking only covers the window (and :class:`Curtains` every other window of the app) and asks for
the staff member's password to continue.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

IDLE_LOCK_SECONDS = 10 * 60

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class IdleWatcher(QObject):
    """Emits ``idle`` once when no input arrived for ``seconds``; re-arms on the next input."""

    idle = Signal()

    def __init__(self, seconds: float = IDLE_LOCK_SECONDS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.seconds = seconds
        self._last_input = time.monotonic()
        self._fired = False
        self._timer = QTimer(self)
        self._timer.setInterval(max(250, int(min(seconds, 30) * 1000 / 4)))
        self._timer.timeout.connect(self._check)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._timer.start()

    def stop(self) -> None:
        """Never fire again (the window it locks has closed)."""
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS:
            self._last_input = time.monotonic()
            self._fired = False
        return False

    def _check(self) -> None:
        if not self._fired and time.monotonic() - self._last_input >= self.seconds:
            self._fired = True
            self.idle.emit()


class _Curtain(QWidget):
    """An opaque cover over one window, following its size."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("lock_curtain")
        self.setAutoFillBackground(True)
        layout = QVBoxLayout(self)
        words = QLabel("Account Desk is locked. Enter your password to continue.")
        words.setAlignment(Qt.AlignmentFlag.AlignCenter)
        words.setWordWrap(True)
        layout.addWidget(words)
        self.setGeometry(window.rect())
        window.installEventFilter(self)
        self.raise_()
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and isinstance(watched, QWidget):
            self.setGeometry(watched.rect())
            self.raise_()
        return False


class Curtains(QObject):
    """Covers every other window of the app while the desk is locked: a print preview with a
    temporary password or the import's rows must not be readable at an unattended desk. They
    are covered, not hidden: hiding a dialog would end it, and what it holds with it.

    A window that opens meanwhile is covered too, unless it is modal: a modal window opened
    after the lock blocks the password box until it is answered, so covering it would leave no
    way back in."""

    def __init__(self, keep: Sequence[QWidget]) -> None:
        super().__init__()
        self._keep = set(keep)
        self._curtains: dict[QWidget, _Curtain] = {}
        for window in QApplication.topLevelWidgets():
            if window.isVisible():
                self._cover(window)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def _cover(self, window: QWidget) -> None:
        if window not in self._keep and window not in self._curtains:
            self._curtains[window] = _Curtain(window)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Show
            and isinstance(watched, QWidget)
            and watched.isWindow()
            and not watched.isModal()
            and watched.windowModality() == Qt.WindowModality.NonModal
            and not isinstance(watched, _Curtain)
        ):
            self._cover(watched)
        return False

    def lift(self) -> None:
        """Uncover them all (after the password)."""
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        for window, curtain in self._curtains.items():
            # A window closed meanwhile took its curtain with it.
            with contextlib.suppress(RuntimeError):
                window.removeEventFilter(curtain)
                curtain.hide()
                curtain.deleteLater()
        self._curtains = {}
