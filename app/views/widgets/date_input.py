"""A date typed as MM/DD/YYYY (how US staff write dates), with a calendar popup to click instead.

Reading the typed text is this widget's job, as a date edit's would be; whether the date is
acceptable (not in the future, the two birthdates match) is the account model's.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Final

from PySide6.QtCore import QDate, QEvent, QObject, QPoint, QRegularExpression, Qt, Signal
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

DISPLAY_FORMAT: Final = "MM/DD/YYYY"
_US_DATE: Final = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_DIGITS_ONLY: Final = re.compile(r"^(\d{2})(\d{2})(\d{4})$")
_ISO_DATE: Final = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")  # pasted from another system


class UnreadableDateError(ValueError):
    """The typed text is not a calendar date in a format this input understands."""


def parse_typed_date(text: str) -> date | None:
    """Read ``09/27/2004``, ``9/27/2004``, ``09272004`` or ``2004-09-27``; None when blank.

    Raises UnreadableDateError for anything else, including impossible dates (02/30/2004) and
    two-digit years, which are ambiguous for a birthdate.
    """
    cleaned = text.strip()
    if not cleaned:
        return None
    if match := _ISO_DATE.match(cleaned):
        year, month, day = (int(part) for part in match.groups())
    elif match := _US_DATE.match(cleaned) or _DIGITS_ONLY.match(cleaned):
        month, day, year = (int(part) for part in match.groups())
    else:
        raise UnreadableDateError(cleaned)
    try:
        return date(year, month, day)
    except ValueError:
        raise UnreadableDateError(cleaned) from None


def format_date(value: date) -> str:
    """``2004-09-27`` -> ``09/27/2004``."""
    return f"{value:%m/%d/%Y}"


def unreadable_date_message(label: str) -> str:
    """What to tell staff when the text in the ``label`` field cannot be read as a date."""
    return f"{label} must be a real date written {DISPLAY_FORMAT}, for example 09/27/2004."


class _CalendarPopup(QFrame):
    """A calendar in a popup window; Esc or a click outside closes it without choosing."""

    chosen = Signal(date)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.calendar = QCalendarWidget(self)
        self.calendar.setGridVisible(True)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.calendar)
        # activated = double-click or Enter; clicked = a single click on a day.
        self.calendar.activated.connect(self._choose)
        self.calendar.clicked.connect(self._choose)

    def _choose(self, picked: QDate) -> None:
        self.hide()
        self.chosen.emit(date(picked.year(), picked.month(), picked.day()))


class DateInput(QWidget):
    """A line edit for a typed date plus a button that opens a calendar (also Alt+Down or F4).

    ``earliest`` and ``latest`` only bound the calendar's pages; typed dates are not limited
    here, so an out-of-range date reaches the model and gets the model's message.
    """

    edited = Signal()
    """The text changed because the user typed or picked a date (not on :meth:`set_date`)."""

    def __init__(
        self,
        *,
        earliest: date | None = None,
        latest: date | None = None,
        calendar_start: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.line_edit = QLineEdit(self)
        self.line_edit.setPlaceholderText(DISPLAY_FORMAT)
        self.line_edit.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"^[0-9/.\-]{0,10}$"), self.line_edit)
        )
        self.line_edit.setMinimumWidth(
            self.line_edit.fontMetrics().horizontalAdvance("00/00/00000")
        )
        self.calendar_button = QToolButton(self)
        self.calendar_button.setText("Calendar…")
        self.calendar_button.setAccessibleName("Open calendar")
        self.calendar_button.setToolTip("Pick the date on a calendar (Alt+Down)")
        # Typing is the fast path, so the button stays out of the Tab order; keyboard users open
        # the calendar with Alt+Down or F4 from the text box, as in a drop-down.
        self.calendar_button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.line_edit, 1)
        layout.addWidget(self.calendar_button)
        self.setFocusProxy(self.line_edit)
        self._popup = _CalendarPopup(self)
        if earliest is not None:
            self._popup.calendar.setMinimumDate(QDate(earliest.year, earliest.month, earliest.day))
        if latest is not None:
            self._popup.calendar.setMaximumDate(QDate(latest.year, latest.month, latest.day))
        self._calendar_start = calendar_start
        self._popup.chosen.connect(self._picked)
        self.calendar_button.clicked.connect(self.open_calendar)
        self.line_edit.textEdited.connect(lambda _text: self.edited.emit())
        self.line_edit.installEventFilter(self)

    @property
    def calendar(self) -> QCalendarWidget:
        """The calendar in the popup (visible while the popup is open)."""
        return self._popup.calendar

    def text(self) -> str:
        """The text as typed."""
        return self.line_edit.text()

    def read_date(self) -> date | None:
        """The typed date, None when blank; raises UnreadableDateError when it cannot be read."""
        return parse_typed_date(self.line_edit.text())

    def set_date(self, value: date | None) -> None:
        """Show ``value`` as MM/DD/YYYY (blank for None)."""
        self.line_edit.setText(format_date(value) if value is not None else "")

    def set_text(self, text: str) -> None:
        """Show ``text`` as given (for values that could not be read as a date)."""
        self.line_edit.setText(text)

    def open_calendar(self) -> None:
        """Open the calendar below the text box, on the typed date's month when there is one."""
        try:
            shown = self.read_date()
        except UnreadableDateError:
            shown = None
        start = shown or self._calendar_start
        if start is not None:
            self._popup.calendar.setSelectedDate(QDate(start.year, start.month, start.day))
        self._popup.adjustSize()
        self._popup.move(self.mapToGlobal(QPoint(0, self.height())))
        self._popup.show()
        self._popup.calendar.setFocus(Qt.FocusReason.PopupFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Alt+Down and F4 in the text box open the calendar, as they open a drop-down."""
        if watched is self.line_edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            alt_down = event.key() == Qt.Key.Key_Down and (
                event.modifiers() & Qt.KeyboardModifier.AltModifier
            )
            if alt_down or event.key() == Qt.Key.Key_F4:
                self.open_calendar()
                return True
        return super().eventFilter(watched, event)

    def _picked(self, value: date) -> None:
        self.set_date(value)
        self.line_edit.setFocus(Qt.FocusReason.PopupFocusReason)
        self.edited.emit()
