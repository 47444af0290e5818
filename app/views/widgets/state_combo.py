"""US state (or territory) chooser with type-ahead by code or by name."""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from app.models.account import FIELD_LABELS, US_STATE_CODES
from app.models.us_states import STATE_NAMES

_SEPARATOR: Final = " – "
# Keys that leave the state or confirm it: with the completion list open they take its choice.
_TAKES_SHOWN_CHOICE: Final = (
    Qt.Key.Key_Tab,
    Qt.Key.Key_Backtab,
    Qt.Key.Key_Return,
    Qt.Key.Key_Enter,
)


def state_item_text(code: str) -> str:
    """``CA`` -> ``CA – California``: the code first, so typing a code completes to it."""
    return f"{code}{_SEPARATOR}{STATE_NAMES.get(code, code)}"


class StateCombo(QComboBox):
    """An editable drop-down of US state codes with names; any other text may be typed too.

    Typing filters the list by code or name ("ca", "calif", "carolina"). The typed text is
    never rewritten while typed: :meth:`code` reads a code out of it, and anything it cannot
    read goes to the model as typed (a province code for a non-US address, or a mistake to be
    reported). Tab or Enter while the completion list is open takes the choice it shows (see
    :meth:`event`).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.addItem("")
        ordered = sorted(US_STATE_CODES, key=lambda code: STATE_NAMES.get(code, code))
        for code in ordered:
            self.addItem(state_item_text(code))
        completer = QCompleter(self.model(), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        line_edit = self.lineEdit()
        assert line_edit is not None
        line_edit.setPlaceholderText("Type a code or name")
        # The text box inside is part of the drop-down; it speaks with the drop-down's name.
        line_edit.setAccessibleName(FIELD_LABELS["state"])
        self._by_name = {name.casefold(): code for code, name in STATE_NAMES.items()}

    def event(self, event: QEvent) -> bool:
        """Tab, Shift+Tab or Enter with the completion list open take the choice it shows.

        "Califo" with "CA – California" listed means California; left as typed, the model
        refused it. The completion list hands its keys to this widget, so they arrive here
        either way. Text with no completion (a province, a mistake) stays as typed.
        """
        if (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in _TAKES_SHOWN_CHOICE
        ):
            self._take_shown_choice()
        return super().event(event)

    def _take_shown_choice(self) -> None:
        completer = self.completer()
        popup = completer.popup() if completer is not None else None
        if completer is None or popup is None or not popup.isVisible():
            return
        chosen = popup.currentIndex()  # a choice picked with the arrow keys
        typed = self.code().upper()
        if not chosen.isValid() and typed in US_STATE_CODES:
            # "va" is Virginia already, even though "NV – Nevada" is listed first.
            self.set_code(typed)
        else:
            if not chosen.isValid():
                chosen = completer.completionModel().index(0, 0)
            text = chosen.data()
            index = self.findText(text) if isinstance(text, str) else -1
            if index < 0:
                return
            self.setCurrentIndex(index)
        popup.hide()

    def code(self) -> str:
        """The state code in the text ("CA" from "CA – California", "ca" or "california")."""
        text = self.currentText().strip()
        head, separator, _name = text.partition(_SEPARATOR.strip())
        if separator and head.strip():
            return head.strip().upper()
        return self._by_name.get(text.casefold(), text)

    def set_code(self, code: str | None) -> None:
        """Show ``code`` as its list entry when it is a US code, otherwise as given."""
        if not code:
            self.setCurrentIndex(0)
            self.setEditText("")
            return
        index = self.findText(state_item_text(code.upper()))
        if index >= 0:
            self.setCurrentIndex(index)
        else:
            self.setEditText(code)
