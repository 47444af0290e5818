"""Lock the window after a stretch without keyboard or mouse input (DESIGN: 10 idle minutes).

An application-wide event filter notes the last input; a timer checks it. Nothing typed is lost:
locking only covers the window and asks for the staff member's password to continue.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

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

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS:
            self._last_input = time.monotonic()
            self._fired = False
        return False

    def _check(self) -> None:
        if not self._fired and time.monotonic() - self._last_input >= self.seconds:
            self._fired = True
            self.idle.emit()
