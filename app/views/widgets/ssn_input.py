"""The Social Security Number: masked while typed, with its status and exception flag."""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLineEdit, QToolButton, QVBoxLayout, QWidget

from app.models.account import FIELD_LABELS, SsnStatus
from app.views.widgets.enum_combo import EnumCombo
from app.views.widgets.form_row import FormRow

SSN_STATUS_CHOICES: Final = (
    ("Provided", SsnStatus.PROVIDED),
    ("No SSN", SsnStatus.NO_SSN),
    ("Declined", SsnStatus.DECLINED),
    ("Not asked", SsnStatus.NOT_ASKED),
)
SHOW_TEXT: Final = "Sho&w"
HIDE_TEXT: Final = "Hide"


class SsnInput(QWidget):
    """A masked line edit for the SSN and a toggle that shows the digits while pressed on.

    Masked by default (DESIGN.md: the SSN is shown masked), which also stops copying it out:
    Qt refuses to copy from a password-mode field.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.line_edit = QLineEdit(self)
        self.line_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.line_edit.setPlaceholderText("123-45-6789")
        # Digits, dashes and spaces only; whether the number is one the SSA issues is the model's
        # call, so a wrong-but-well-shaped number still gets typed and gets the model's message.
        self.line_edit.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"^[0-9\- ]{0,11}$"), self.line_edit)
        )
        self.show_button = QToolButton(self)
        self.show_button.setText(SHOW_TEXT)
        self.show_button.setCheckable(True)
        self.show_button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.show_button.setAccessibleName("Show Social Security Number")
        self.show_button.setToolTip("Show the digits while the student checks them")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.line_edit, 1)
        layout.addWidget(self.show_button)
        self.setFocusProxy(self.line_edit)
        self.show_button.toggled.connect(self._reveal)

    def is_masked(self) -> bool:
        """Whether the digits are hidden."""
        return self.line_edit.echoMode() == QLineEdit.EchoMode.Password

    def hide_digits(self) -> None:
        """Hide the digits again (for the next student)."""
        self.show_button.setChecked(False)

    def _reveal(self, shown: bool) -> None:
        self.line_edit.setEchoMode(
            QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        )
        self.show_button.setText(HIDE_TEXT if shown else SHOW_TEXT)


class SsnSection(QWidget):
    """SSN, SSN status and the exception flag.

    Typing a number while the status is still "Not asked" switches it to "Provided", the only
    status the model accepts with a number, so staff need not stop to change it; emptying the
    field again puts back "Not asked" if that switch was the widget's own doing.
    """

    def __init__(self, *, ssn_mnemonic: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ssn_input = SsnInput(self)
        self.status_combo: EnumCombo[SsnStatus] = EnumCombo(SSN_STATUS_CHOICES, parent=self)
        self.status_combo.set_value(SsnStatus.NOT_ASKED)
        self.exception_check = QCheckBox(FIELD_LABELS["ssn_exception"], self)
        self.ssn_row = FormRow(self)
        self.ssn_row.add_field(
            "ssn",
            self.ssn_input,
            label=FIELD_LABELS["ssn"],
            mnemonic=ssn_mnemonic,
            focus_widget=self.ssn_input.line_edit,
            help_text="Optional. Nine digits; shown masked. Leave blank if the student has none.",
            stretch=3,
        )
        self.ssn_row.add_field(
            "ssn_status",
            self.status_combo,
            label=FIELD_LABELS["ssn_status"],
            help_text="Whether the student gave an SSN, has none, declined, or was not asked.",
            stretch=2,
        )
        self.exception_row = FormRow(self)
        self.exception_row.add_field(
            "ssn_exception",
            self.exception_check,
            label=None,
            accessible_name=FIELD_LABELS["ssn_exception"],
            help_text="Tick when the college records an exception for this student's SSN.",
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.ssn_row)
        layout.addWidget(self.exception_row)
        self._status_set_by_typing = False
        self.ssn_input.line_edit.textEdited.connect(self._follow_typing)
        self.status_combo.activated.connect(self._status_chosen)

    def rows(self) -> tuple[FormRow, FormRow]:
        """The rows holding the SSN fields (for showing messages)."""
        return (self.ssn_row, self.exception_row)

    def reset(self) -> None:
        """Empty, masked, "Not asked", no exception: ready for the next student."""
        self.ssn_input.line_edit.clear()
        self.ssn_input.hide_digits()
        self.status_combo.set_value(SsnStatus.NOT_ASKED)
        self.exception_check.setChecked(False)
        self._status_set_by_typing = False

    def _follow_typing(self, text: str) -> None:
        status = self.status_combo.value()
        if text.strip() and status is SsnStatus.NOT_ASKED:
            self.status_combo.set_value(SsnStatus.PROVIDED)
            self._status_set_by_typing = True
        elif not text.strip() and self._status_set_by_typing:
            self.status_combo.set_value(SsnStatus.NOT_ASKED)
            self._status_set_by_typing = False

    def _status_chosen(self, _index: int) -> None:
        self._status_set_by_typing = False
