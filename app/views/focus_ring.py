"""A clearly visible focus indicator for every control of the app (WCAG 2.2, 2.4.7 and 2.4.13).

Qt's own styles mark focus with a thin, light line that is easy to miss on a light window. One
ring widget follows the focused control instead, drawn above it (so nothing covers it) as a
2 px solid outline in a colour chosen against the window's background. Done this way rather
than with a style sheet so controls keep their native look: a style sheet that gives a focused
drop-down or button a border redraws the whole control in the style-sheet look, and the control
would change shape as focus arrives.
"""

from __future__ import annotations

from typing import Final

import shiboken6
from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QCheckBox,
    QRadioButton,
    QWidget,
)

WIDTH: Final = 2
"""The ring's thickness in pixels (WCAG 2.4.13: at least a 2 px perimeter)."""
ON_LIGHT: Final = QColor("#0b4fc2")  # 6.6:1 on white, 5.6:1 on Fusion's light grey
ON_DARK: Final = QColor("#8ab4f8")  # 8:1 on a near-black window

# Events of the focused control or an ancestor that may move it on screen.
_MOVES: Final = frozenset(
    {
        QEvent.Type.Move,
        QEvent.Type.Resize,
        QEvent.Type.Show,
        QEvent.Type.Hide,
        QEvent.Type.ParentChange,
        QEvent.Type.LayoutRequest,
    }
)


def ring_colour(palette: QPalette) -> QColor:
    """Dark blue on a light window, light blue on a dark one: 3:1 or more either way."""
    light = palette.color(QPalette.ColorRole.Window).lightnessF() >= 0.5
    return ON_LIGHT if light else ON_DARK


class _Ring(QWidget):
    """The outline itself: a child of the host, above its siblings, blind to the mouse."""

    def __init__(self) -> None:
        super().__init__(None)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setObjectName("focus_ring")

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        pen = QPen(ring_colour(self.palette()), WIDTH)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        half = WIDTH / 2
        painter.drawRect(self.rect().toRectF().adjusted(half, half, -half, -half))


class FocusRing(QObject):
    """Keeps one ring around whichever control has the keyboard focus."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._ring: _Ring | None = None
        self._target: QWidget | None = None
        self._watched: list[QWidget] = []
        app.focusChanged.connect(self._focus_changed)

    @property
    def ring(self) -> QWidget | None:
        """The ring on show, or None (for tests: where it is drawn)."""
        ring = self._ring
        if ring is None or not shiboken6.isValid(ring) or ring.isHidden():
            return None
        return ring

    @property
    def target(self) -> QWidget | None:
        """The control the ring is around."""
        return self._target if self.ring is not None else None

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        self._unwatch()
        self._target = new if self._wants_ring(new) else None
        ring = self._live_ring()
        if self._target is None:
            ring.hide()
            return
        host = _host(self._target)
        if ring.parentWidget() is not host:
            ring.setParent(host)
        widget: QWidget | None = self._target
        while widget is not None and widget is not host:
            widget.installEventFilter(self)
            self._watched.append(widget)
            widget = widget.parentWidget()
        self._place()

    @staticmethod
    def _wants_ring(widget: QWidget | None) -> bool:
        if widget is None or widget.isWindow():
            return False
        # A drop-down or completion list is a window of its own; its highlight shows the choice.
        return widget.window().windowType() != Qt.WindowType.Popup

    def _live_ring(self) -> _Ring:
        # The ring dies with the window it was last drawn in (a closed dialog): make another.
        if self._ring is None or not shiboken6.isValid(self._ring):
            self._ring = _Ring()
        return self._ring

    def _unwatch(self) -> None:
        for widget in self._watched:
            if shiboken6.isValid(widget):
                widget.removeEventFilter(self)
        self._watched = []

    def _place(self) -> None:
        ring, target = self._live_ring(), self._target
        if target is None or not shiboken6.isValid(target):
            ring.hide()
            return
        host = ring.parentWidget()
        if host is None or not target.isVisible():
            ring.hide()
            return
        corner = target.mapTo(host, target.rect().topLeft())
        around = QRect(corner, _drawn_size(target)).adjusted(-WIDTH, -WIDTH, WIDTH, WIDTH)
        # Inside the host, so a control at the edge of a scroll area keeps all four sides.
        around = around.intersected(host.rect())
        if around.width() <= 2 * WIDTH or around.height() <= 2 * WIDTH:
            ring.hide()
            return
        ring.setGeometry(around)
        ring.raise_()
        ring.show()
        ring.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _MOVES:
            self._place()
        return False


def _drawn_size(widget: QWidget) -> QSize:
    """The part of ``widget`` a person sees as the control: a check box stretched across a row
    is its box and words, not the empty rest of the row."""
    size = widget.size()
    if isinstance(widget, QCheckBox | QRadioButton):
        size.setWidth(min(size.width(), widget.sizeHint().width()))
    return size


def _host(widget: QWidget) -> QWidget:
    """Where the ring is drawn: the scroll area's viewport the control sits in, else its window
    (the ring then scrolls and is clipped with the control)."""
    parent = widget.parentWidget()
    while parent is not None and not parent.isWindow():
        holder = parent.parentWidget()
        if isinstance(holder, QAbstractScrollArea) and holder.viewport() is parent:
            return parent
        parent = holder
    return widget.window()
