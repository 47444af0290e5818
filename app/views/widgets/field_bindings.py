"""Bind a form's fields to their widgets: how each field is read, filled, and pointed at, and what
its widget tells the form (edited, left, typed in, Enter pressed).

A form builds its rows with :class:`FieldBindings` (``line``, ``date``, ``add``, or the lower
``text``, ``phone``, ``enum``, ``check`` and ``bind`` for widgets it lays out itself) and then
works with field names only: :meth:`FieldBindings.read` for the values, ``write`` to fill one,
``row(field)`` to show a message. Fields keep the order they were bound in (the Tab order, and
the order a form fills them in). Holds no business rule.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Final, TypeVar

from PySide6.QtCore import QEvent, QObject, Qt, Signal, SignalInstance
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QCheckBox, QLineEdit, QWidget

from app.models.phone import format_phone_for_display
from app.views.widgets.date_input import DateInput, UnreadableDateError
from app.views.widgets.enum_combo import EnumCombo
from app.views.widgets.form_row import FormRow

E = TypeVar("E", bound=StrEnum)

# Focus leaving for these reasons is not the user moving on: a drop-down or the calendar opened,
# or another window was activated mid-typing.
_NOT_LEAVING: Final = (Qt.FocusReason.PopupFocusReason, Qt.FocusReason.ActiveWindowFocusReason)


def is_enter(event: QKeyEvent) -> bool:
    """Return or keypad Enter, with or without Ctrl."""
    return event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)


@dataclass(frozen=True)
class Binding:
    """How a form reads, fills and points at one field."""

    row: FormRow
    focus: QWidget
    read: Callable[[], object]
    write: Callable[[object], None]


class FieldBindings(QObject):
    """A form's fields, in order, each bound to the widget that edits it.

    ``labels`` names each field (row labels, and the message for a date that cannot be read).

    Signals: ``edited`` on any change (a form debounces it); ``left(field)`` when a field is done
    with (focus left a text box; a check box or drop-down changed); ``typed(field)`` as a text
    box changes; ``enter_pressed(event)`` for Enter in an input when no completion list is open
    (the event is taken: the form decides what Enter does).
    """

    edited = Signal()
    left = Signal(str)
    typed = Signal(str)
    enter_pressed = Signal(object)

    def __init__(
        self,
        labels: Mapping[str, str],
        unreadable_message: Callable[[str], str],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._labels = labels
        self._unreadable_message = unreadable_message
        self._bindings: dict[str, Binding] = {}

    # ---- looking up ---------------------------------------------------------------------------

    def __contains__(self, field: object) -> bool:
        return field in self._bindings

    def __iter__(self) -> Iterator[str]:
        return iter(self._bindings)

    def __getitem__(self, field: str) -> Binding:
        return self._bindings[field]

    def get(self, field: str) -> Binding | None:
        return self._bindings.get(field)

    def items(self) -> Iterable[tuple[str, Binding]]:
        return self._bindings.items()

    def rows(self) -> list[FormRow]:
        """Each row once, in order."""
        return list({id(b.row): b.row for b in self._bindings.values()}.values())

    def with_messages(self) -> set[str]:
        """Fields whose message is on show."""
        return {field for field, b in self._bindings.items() if b.row.error_text(field)}

    def read(self) -> tuple[dict[str, object], dict[str, str]]:
        """(values by field, {field: message} for dates whose text cannot be read)."""
        values: dict[str, object] = {}
        unreadable: dict[str, str] = {}
        for field, binding in self._bindings.items():
            try:
                values[field] = binding.read()
            except UnreadableDateError:
                values[field] = None
                unreadable[field] = self._unreadable_message(self._labels[field])
        return values, unreadable

    def write(self, field: str, value: object) -> None:
        self._bindings[field].write(value)

    # ---- binding ------------------------------------------------------------------------------

    def line(
        self,
        row: FormRow,
        field: str,
        mnemonic: str | None,
        *,
        placeholder: str = "",
        stretch: int = 1,
    ) -> QLineEdit:
        """A labelled text box for ``field`` in ``row``."""
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        row.add_field(field, edit, label=self._labels[field], mnemonic=mnemonic, stretch=stretch)
        self.text(field, row, edit)
        return edit

    def date(
        self,
        row: FormRow,
        field: str,
        mnemonic: str,
        dates: DateInput,
        *,
        help_text: str = "Type the date as MM/DD/YYYY, or press Alt+Down for a calendar.",
    ) -> DateInput:
        """A labelled date box for ``field`` in ``row``; filled from a date or ISO text (text
        that is no date is shown as it is)."""
        label = self._labels[field]
        row.add_field(
            field,
            dates,
            label=label,
            mnemonic=mnemonic,
            focus_widget=dates.line_edit,
            help_text=help_text,
        )
        dates.calendar_button.setAccessibleName(f"Open calendar for {label}")

        def write(value: object) -> None:
            if isinstance(value, date):
                dates.set_date(value)
                return
            text = str(value or "")
            try:
                dates.set_date(date.fromisoformat(text) if text else None)
            except ValueError:
                dates.set_text(text)

        self.bind(
            field,
            row,
            dates.line_edit,
            read=dates.read_date,
            write=write,
            changes=[dates.line_edit.textChanged],
        )
        return dates

    def add(
        self,
        row: FormRow,
        field: str,
        editor: QWidget,
        *,
        mnemonic: str | None,
        help_text: str,
        read: Callable[[], object],
        write: Callable[[object], None],
        changes: Iterable[SignalInstance],
        commit_on_change: bool = False,
        stretch: int = 1,
    ) -> None:
        """A labelled ``editor`` for ``field`` in ``row``, read and filled as given."""
        row.add_field(
            field,
            editor,
            label=self._labels[field],
            mnemonic=mnemonic,
            help_text=help_text,
            stretch=stretch,
        )
        self.bind(
            field,
            row,
            editor,
            read=read,
            write=write,
            changes=changes,
            commit_on_change=commit_on_change,
        )

    def text(self, field: str, row: FormRow, edit: QLineEdit) -> None:
        """A text box already in ``row``: its text, as typed."""
        self.bind(
            field,
            row,
            edit,
            read=edit.text,
            write=lambda value: edit.setText(str(value or "")),
            changes=[edit.textChanged],
        )

    def phone(self, field: str, row: FormRow, edit: QLineEdit) -> None:
        """A phone number box: filled from E.164 in the way staff type numbers."""

        def write(value: object) -> None:
            text = str(value or "")
            if text.startswith("+"):
                with contextlib.suppress(ValueError):
                    text = format_phone_for_display(text)
            edit.setText(text)

        self.bind(field, row, edit, read=edit.text, write=write, changes=[edit.textChanged])

    def enum(self, field: str, row: FormRow, combo: EnumCombo[E]) -> None:
        """A drop-down of choices: done with as soon as it changes."""

        def write(value: object) -> None:
            combo.set_value(None if value is None else str(value))

        self.bind(
            field,
            row,
            combo,
            read=combo.value,
            write=write,
            changes=[combo.currentIndexChanged],
            commit_on_change=True,
        )

    def check(self, field: str, row: FormRow, check: QCheckBox) -> None:
        """A check box: done with as soon as it changes."""
        self.bind(
            field,
            row,
            check,
            read=check.isChecked,
            write=lambda value: check.setChecked(bool(value)),
            changes=[check.toggled],
            commit_on_change=True,
        )

    def bind(
        self,
        field: str,
        row: FormRow,
        focus: QWidget,
        *,
        read: Callable[[], object],
        write: Callable[[object], None],
        changes: Iterable[SignalInstance],
        commit_on_change: bool = False,
    ) -> None:
        """Bind ``field``: ``focus`` takes the cursor (and is named after the field), ``read``
        and ``write`` get and fill its value, each of ``changes`` means it was edited."""
        focus.setObjectName(field)
        self._bindings[field] = Binding(row, focus, read, write)
        focus.installEventFilter(self)
        for signal in changes:
            signal.connect(lambda *_args: self.edited.emit())
            # Check boxes and drop-downs are "left" the moment they change; text when focus goes.
            then = self.left if commit_on_change else self.typed
            signal.connect(lambda *_args, name=field, then=then: then.emit(name))

    # ---- events -------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A field is left when focus goes elsewhere; Enter in an input goes to the form."""
        field = watched.objectName()
        if field in self._bindings:
            if isinstance(event, QFocusEvent) and event.type() == QEvent.Type.FocusOut:
                if event.reason() not in _NOT_LEAVING:
                    self.left.emit(field)
            elif event.type() == QEvent.Type.KeyPress:
                assert isinstance(event, QKeyEvent)
                # A completion list that is open takes Enter for itself (choosing a state).
                if is_enter(event) and QApplication.activePopupWidget() is None:
                    self.enter_pressed.emit(event)
                    return True
        return super().eventFilter(watched, event)
