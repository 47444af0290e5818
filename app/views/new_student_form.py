"""Single Account Creation: the form a counselor fills in for the student at the desk.

The form holds no account rule. Every message comes from :class:`~app.models.account.StudentForm`
(through :mod:`app.views.new_student_validation`) and is shown word for word beside its field.
Messages appear when a field is left (for that field and any field it affects) and all at once
on Create; validation never changes or clears what was typed.

Fields are bound to their widgets by :class:`~app.views.widgets.field_bindings.FieldBindings`.

Public API: :class:`NewStudentForm` with ``validate()``, the ``values`` property, ``set_values()``,
``clear()``, ``set_busy()`` and the ``changed`` / ``submitted`` / ``edited`` signals.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from typing import Final

from pydantic import SecretStr, ValidationError
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.models.account import (
    EARLIEST_BIRTHDATE,
    FIELD_LABELS,
    SUFFIXES,
    ContactMethod,
    StudentForm,
)
from app.views.new_student_validation import (
    FormValues,
    fields_affected_by,
    form_errors,
    required_fields,
)
from app.views.widgets.collapsible_section import CollapsibleSection
from app.views.widgets.date_input import DateInput, unreadable_date_message
from app.views.widgets.email_input import EmailInput
from app.views.widgets.enum_combo import EnumCombo
from app.views.widgets.field_bindings import FieldBindings, is_enter
from app.views.widgets.form_row import FormRow, with_mnemonic
from app.views.widgets.phone_group import PhoneGroup
from app.views.widgets.ssn_input import SsnSection
from app.views.widgets.state_combo import StateCombo

CHANGED_DEBOUNCE_MS: Final = 300
TWO_COLUMN_MIN_WIDTH: Final = 960
FONT_POINT_SIZE: Final = 10.5
CREATE_TEXT: Final = "Create &account"
CONTACT_METHOD_CHOICES: Final = (
    ("Email", ContactMethod.EMAIL),
    ("Phone call", ContactMethod.PHONE),
    ("Text message", ContactMethod.TEXT),
    ("Mail", ContactMethod.MAIL),
)
_OTHER_NAME_FIELDS: Final = tuple(
    f"{kind}_{part}_name"
    for kind in ("preferred", "previous")
    for part in ("first", "middle", "last")
)
# Fields whose value decides which other fields are required (the "*" markers).
_REQUIREMENT_SWITCHES: Final = ("no_permanent_address", "country")


class _Columns(QWidget):
    """Identity on the left, contact and address on the right; one column when narrow."""

    def __init__(self, left: QWidget, right: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(16)
        self._layout.addWidget(left, 1, Qt.AlignmentFlag.AlignTop)
        self._layout.addWidget(right, 1, Qt.AlignmentFlag.AlignTop)
        self._layout.addStretch(0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Stack the columns on a narrow window; the Tab order is the same either way."""
        wide = event.size().width() >= TWO_COLUMN_MIN_WIDTH
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self._layout.direction() != direction:
            self._layout.setDirection(direction)
            # Side by side the columns share the width; stacked, the spare height goes below
            # both rather than opening a gap between them.
            for index, stretch in enumerate((1, 1, 0) if wide else (0, 0, 1)):
                self._layout.setStretch(index, stretch)
        super().resizeEvent(event)


class NewStudentForm(QWidget):
    """Single Account Creation form for one student.

    ``intake_mailbox`` is the college's intake address for "master plus 1" email addresses
    (None disables the button); ``next_plus_number`` returns the next unused plus number (by
    default a counter from 1 for this form's lifetime).
    """

    changed = Signal(dict)
    """A snapshot of the current values, 300 ms after the last edit (for the duplicate panel)."""

    submitted = Signal(object)
    """The valid :class:`StudentForm`, when Create or Enter is pressed and validation passes."""

    edited = Signal()
    """Staff changed an input, at once (not when the program fills or clears the form): for
    the page, the next student's typing has started."""

    def __init__(
        self,
        intake_mailbox: str | None = None,
        next_plus_number: Callable[[], int] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        if next_plus_number is None:
            counter = itertools.count(1)
            next_plus_number = lambda: next(counter)  # noqa: E731
        # The size is set in the style sheet, not with setFont: a widget that any style-sheet
        # rule matches (the red frame, the messages) would otherwise fall back to the
        # application's font. A red frame marks a text box whose message is on show
        # (FormRow.set_error sets "invalid"); drop-downs keep their native look, which a
        # restyled frame makes cramped.
        self.setStyleSheet(
            f"QWidget {{ font-size: {FONT_POINT_SIZE}pt; }}"
            f"QLabel#heading {{ font-size: {FONT_POINT_SIZE * 1.3}pt; font-weight: bold; }}"
            'QLineEdit[invalid="true"] '
            "{ border: 2px solid #a4161a; border-radius: 3px; padding: 1px 3px; }"
        )
        self._busy = False
        self._is_filling = False
        self._touched: set[str] = set()
        self._changed_timer = QTimer(self)
        self._changed_timer.setSingleShot(True)
        self._changed_timer.setInterval(CHANGED_DEBOUNCE_MS)
        self._changed_timer.timeout.connect(self._emit_changed)
        self._bindings = FieldBindings(FIELD_LABELS, unreadable_date_message, self)
        self._bindings.edited.connect(self._changed_timer.start)
        self._bindings.edited.connect(self._edited_by_staff)
        self._bindings.left.connect(self._field_left)
        self._bindings.typed.connect(self._recheck_while_typing)
        self._bindings.enter_pressed.connect(self.keyPressEvent)

        self.other_names = CollapsibleSection(
            "Othe&r names", "Show or hide the student's preferred and previous names."
        )
        self.email_input = EmailInput(intake_mailbox, next_plus_number)
        self.main_phone = PhoneGroup("main", number_mnemonic="T")
        # No letter left for the second phone: Alt+H is the window's Help menu (and every letter
        # of its label is taken). Tab reaches it from the main phone.
        self.second_phone = PhoneGroup("second", number_mnemonic=None)
        self.ssn_section = SsnSection(ssn_mnemonic=None)
        # Object names for the controls that are not fields, so tests and tools can find them.
        self.other_names.toggle.setObjectName("other_names")
        self.email_input.master_plus_button.setObjectName("master_plus")
        self.ssn_section.ssn_input.show_button.setObjectName("ssn_show")
        self.create_button = QPushButton(CREATE_TEXT)
        self.create_button.setObjectName("create_button")
        self.create_button.setAutoDefault(False)
        self.create_button.setDefault(False)
        self.create_button.setAccessibleName(CREATE_TEXT.replace("&", ""))
        self.create_button.setAccessibleDescription("Check the form and create the account.")
        self._form_message = QLabel()
        self._form_message.setWordWrap(True)
        self._form_message.setTextFormat(Qt.TextFormat.PlainText)
        self._form_message.setStyleSheet("color: #a4161a;")
        self._status = QLabel()

        columns = _Columns(self._build_identity_column(), self._build_contact_column())
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        # Not a stop of its own: Tab goes from field to field (it scrolls to each by itself).
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(columns)
        self._scroll = scroll

        heading = QLabel("New student account")
        heading.setObjectName("heading")
        legend = QLabel("* required")
        legend.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(legend)
        bottom = QHBoxLayout()
        bottom.addWidget(self._form_message, 1)
        bottom.addWidget(self._status)
        bottom.addWidget(self.create_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        layout.addLayout(bottom)

        self.create_button.clicked.connect(self.submit)
        self.email_input.filled.connect(lambda _address: self._field_left("email"))
        self._set_tab_order()
        self._update_required(self._read()[0])

    # --- public API ---------------------------------------------------------------------------

    @property
    def values(self) -> StudentForm | None:
        """The form as a validated :class:`StudentForm`, or None if anything is wrong.

        Shows nothing and moves no focus; use :meth:`validate` for that.
        """
        values, unreadable = self._read()
        if unreadable:
            return None
        try:
            return StudentForm.model_validate(dict(values))
        except ValidationError:
            return None

    def validate(self) -> bool:
        """Show every message and put focus on the first field to fix; True when all is well.

        The second-phone-without-main message belongs to Main Telephone Number (the model files
        it there), so focus lands on the main phone, as seed 002 asks.
        """
        values, unreadable = self._read()
        errors = form_errors(values, unreadable)
        self._touched.update(self._bindings)
        self._show(errors, self._bindings)
        self._release_gaps()  # everything is redrawn at once anyway
        unknown = [message for field, message in errors.items() if field not in self._bindings]
        self._form_message.setText(" ".join(unknown))
        first = next((field for field in self._bindings if field in errors), None)
        if first is not None:
            self.focus_field(first)
        return not errors

    def submit(self) -> None:
        """Create: validate, and emit :attr:`submitted` with the values when they pass."""
        if self._busy:
            return
        if not self.validate():
            return
        form = self.values
        if form is not None:
            self.submitted.emit(form)

    def set_values(self, values: Mapping[str, object]) -> None:
        """Fill the form from ``values`` (StudentForm field names; e.g. an entry to edit).

        Fields not given are left blank. Without ``birthdate_confirmation`` the birthdate is
        copied into it: a stored account's birthdate was confirmed when it was first entered.
        """
        unknown = set(values) - set(self._bindings)
        if unknown:
            raise ValueError(f"not StudentForm fields: {', '.join(sorted(unknown))}")
        filled = dict(values)
        if "birthdate_confirmation" not in filled and "birthdate" in filled:
            filled["birthdate_confirmation"] = filled["birthdate"]
        with self._filling():
            self._reset_inputs()
            # In the form's order, not the caller's: a phone's type must be set before its text
            # permission, or leaving "Mobile" would untick it again.
            for field, binding in self._bindings.items():
                if field in filled:
                    binding.write(filled[field])
        self.other_names.set_expanded(any(filled.get(name) for name in _OTHER_NAME_FIELDS))
        self._update_required(self._read()[0])

    def clear(self) -> None:
        """Empty the form for the next student; the caller asks for confirmation if needed."""
        with self._filling():
            self._reset_inputs()
        self.other_names.set_expanded(False)
        self._update_required(self._read()[0])
        self.focus_field("first_name")

    def set_busy(self, busy: bool) -> None:
        """While the account is being created: Create is disabled and Enter does nothing."""
        self._busy = busy
        self.create_button.setEnabled(not busy)
        self._status.setText("Creating account…" if busy else "")

    def snapshot(self) -> dict[str, object]:
        """The current values as typed (dates that cannot be read are None; SSN a SecretStr)."""
        values, _unreadable = self._read()
        return dict(values)

    def focus_field(self, field: str) -> None:
        """Put the cursor in ``field``'s input, opening "Other names" and scrolling as needed."""
        if field in _OTHER_NAME_FIELDS:
            self.other_names.set_expanded(True)
        target = self._bindings[field].focus
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        # After the layout has caught up (a section may have just opened).
        QTimer.singleShot(0, self, lambda: self._scroll.ensureWidgetVisible(target))

    def input_for(self, field: str) -> QWidget:
        """The widget that takes focus for ``field`` (for tests and the duplicate panel)."""
        return self._bindings[field].focus

    def error_text(self, field: str) -> str:
        """The message shown beside ``field``, or "" when there is none."""
        return self._bindings[field].row.error_text(field)

    # --- Qt event handling --------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter in an input, or Ctrl+Enter anywhere, means Create; Esc is swallowed so it
        cannot close a dialog around the form and lose what was typed.

        Inputs send Enter here through the field bindings; the rest let it propagate, except a
        focused button, which plain Enter presses (app/views/keyboard.py). One handler, rather
        than a QShortcut as well, so one key press can never create two accounts.
        """
        if is_enter(event):
            if not event.isAutoRepeat():  # holding Enter down creates once
                self.submit()
            event.accept()
        elif event.key() == Qt.Key.Key_Escape:
            event.accept()
        else:
            super().keyPressEvent(event)

    # --- building -----------------------------------------------------------------------------

    def _build_identity_column(self) -> QWidget:
        column = QWidget()
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, 0)

        names = QGroupBox("Legal name and birthdate")
        names_layout = QVBoxLayout(names)
        row = FormRow()
        # Alt+F is the window's File menu; the cursor starts in this field anyway.
        self._bindings.line(row, "first_name", "g", stretch=1)
        self._bindings.line(row, "middle_name", "M", stretch=1)
        names_layout.addWidget(row)
        row = FormRow()
        self._bindings.line(row, "last_name", "L", stretch=3)
        suffix = QComboBox()
        suffix.addItems(["", *SUFFIXES])
        self._bindings.add(
            row,
            "suffix",
            suffix,
            mnemonic="x",
            help_text="Jr., Sr., II, III, IV or V; leave blank if none.",
            read=lambda: suffix.currentText() or None,
            write=lambda value: suffix.setCurrentText(str(value or "")),
            changes=[suffix.currentIndexChanged],
            commit_on_change=True,
            stretch=1,
        )
        names_layout.addWidget(row)
        row = FormRow()
        self._date_field(row, "birthdate", "B")
        self._date_field(row, "birthdate_confirmation", "o")
        names_layout.addWidget(row)
        names_layout.addWidget(self.other_names)
        other_layout = QVBoxLayout(self.other_names.content)
        other_layout.setContentsMargins(16, 0, 0, 0)
        for kind in ("preferred", "previous"):
            row = FormRow()
            for part in ("first", "middle", "last"):
                self._bindings.line(row, f"{kind}_{part}_name", None)
            other_layout.addWidget(row)
        layout.addWidget(names)

        ssn_box = QGroupBox("Social Security Number")
        ssn_layout = QVBoxLayout(ssn_box)
        ssn_layout.addWidget(self.ssn_section)
        section = self.ssn_section
        ssn_row, exception_row = section.rows()
        ssn_edit = section.ssn_input.line_edit
        self._bindings.bind(
            "ssn",
            ssn_row,
            ssn_edit,
            read=lambda: SecretStr(ssn_edit.text()) if ssn_edit.text().strip() else None,
            write=lambda value: ssn_edit.setText(
                value.get_secret_value() if isinstance(value, SecretStr) else str(value or "")
            ),
            changes=[ssn_edit.textChanged],
        )
        self._bindings.enum("ssn_status", ssn_row, section.status_combo)
        self._bindings.check("ssn_exception", exception_row, section.exception_check)
        layout.addWidget(ssn_box)
        layout.addStretch(1)
        return column

    def _build_contact_column(self) -> QWidget:
        column = QWidget()
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, 0)

        contact = QGroupBox("Email and phone")
        contact_layout = QVBoxLayout(contact)
        row = FormRow()
        email_edit = self.email_input.line_edit
        row.add_field(
            "email",
            self.email_input,
            label=FIELD_LABELS["email"],
            mnemonic="E",
            focus_widget=email_edit,
            help_text="The student's own address; it must not belong to another account.",
        )
        self._bindings.text("email", row, email_edit)
        contact_layout.addWidget(row)
        for group in (self.main_phone, self.second_phone):
            prefix = f"{group.which}_phone"
            number_row, text_row = group.rows()
            self._bindings.phone(prefix, number_row, group.number_edit)
            self._bindings.text(f"{prefix}_ext", number_row, group.extension_edit)
            self._bindings.enum(f"{prefix}_type", number_row, group.type_combo)
            self._bindings.check(f"{prefix}_text_ok", text_row, group.text_ok_check)
            contact_layout.addWidget(group)
        row = FormRow()
        method: EnumCombo[ContactMethod] = EnumCombo(
            CONTACT_METHOD_CHOICES, blank_text="Not stated"
        )
        row.add_field(
            "preferred_contact_method",
            method,
            label=FIELD_LABELS["preferred_contact_method"],
            mnemonic="P",
            help_text="How the student would like the college to reach them.",
        )
        row.add_spacer()  # keeps the drop-down half width, like the fields above it
        self._bindings.enum("preferred_contact_method", row, method)
        contact_layout.addWidget(row)
        layout.addWidget(contact)

        address = QGroupBox("Permanent address")
        address_layout = QVBoxLayout(address)
        row = FormRow()
        homeless = QCheckBox(with_mnemonic(FIELD_LABELS["no_permanent_address"], "d"))
        row.add_field(
            "no_permanent_address",
            homeless,
            label=None,
            accessible_name=FIELD_LABELS["no_permanent_address"],
            help_text=(
                "Tick for a student without a permanent address (for example, homeless). "
                "The address becomes optional; anything typed below is kept."
            ),
        )
        self._bindings.check("no_permanent_address", row, homeless)
        address_layout.addWidget(row)
        for field, key in (("street1", "1"), ("street2", "2")):
            row = FormRow()
            self._bindings.line(row, field, key)
            address_layout.addWidget(row)
        row = FormRow()
        self._bindings.line(row, "city", "C", stretch=5)
        state = StateCombo()
        self._bindings.add(
            row,
            "state",
            state,
            mnemonic="S",
            help_text="Two-letter code; type the code or the state's name to find it.",
            read=state.code,
            write=lambda value: state.set_code(str(value) if value else None),
            changes=[state.editTextChanged],
            stretch=4,
        )
        self._bindings.line(row, "postal_code", "Z", placeholder="95814", stretch=3)
        address_layout.addWidget(row)
        row = FormRow()
        self._bindings.line(row, "country", "n", placeholder="US", stretch=1)
        row.add_spacer(stretch=3)  # two letters need no full-width box
        self._bindings.write("country", "US")
        address_layout.addWidget(row)
        layout.addWidget(address)
        layout.addStretch(1)
        return column

    def _date_field(self, row: FormRow, field: str, mnemonic: str) -> None:
        today = date.today()
        # The calendar opens 18 years back when empty: most students at an intake desk are
        # adults, and paging there month by month from today would take hundreds of clicks.
        start = date(today.year - 18, today.month, min(today.day, 28))
        dates = DateInput(earliest=EARLIEST_BIRTHDATE, latest=today, calendar_start=start)
        self._bindings.date(row, field, mnemonic, dates)

    def _set_tab_order(self) -> None:
        """Top to bottom, left column then right: Tab follows the eye, wide or stacked."""
        chain: list[QWidget] = []
        for field, binding in self._bindings.items():
            if field == "preferred_first_name":
                chain.append(self.other_names.toggle)
            chain.append(binding.focus)
            if field == "ssn":
                chain.append(self.ssn_section.ssn_input.show_button)
            elif field == "email":
                chain.append(self.email_input.master_plus_button)
        chain.append(self.create_button)
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)

    # --- reading, validating, showing ---------------------------------------------------------

    def _read(self) -> tuple[dict[str, object], dict[str, str]]:
        """(values for the model, {field: message} for dates whose text cannot be read)."""
        return self._bindings.read()

    @contextlib.contextmanager
    def _filling(self) -> Iterator[None]:
        """Inputs changed by the program, not the user: no messages appear or update."""
        self._is_filling = True
        try:
            yield
        finally:
            self._is_filling = False

    def _field_left(self, field: str) -> None:
        """Show the messages for ``field``, for fields it affects, and refresh any on show.

        Fields the user has not reached yet get a message only when this field caused it (a
        second phone without a main phone), so a half-filled form is not a wall of red.
        """
        if self._is_filling:
            return
        self._touched.add(field)
        values, unreadable = self._read()
        errors = form_errors(values, unreadable)
        affected = fields_affected_by(field, values, errors, unreadable)
        self._show(errors, self._touched | affected | self._fields_with_messages())
        if field in _REQUIREMENT_SWITCHES:
            self._update_required(values)

    def _recheck_while_typing(self, field: str) -> None:
        """Once a field shows a message, update it as the user types, so it goes as soon as the
        fix is made; fields without a message are left alone until they are left."""
        binding = self._bindings[field]
        if self._is_filling or not binding.row.error_text(field):
            return
        values, unreadable = self._read()
        errors = form_errors(values, unreadable)
        binding.row.set_error(field, errors.get(field))

    def _show(self, errors: Mapping[str, str], fields: Iterable[str]) -> None:
        for field in fields:
            binding = self._bindings.get(field)
            if binding is not None:
                binding.row.set_error(field, errors.get(field))

    def _release_gaps(self) -> None:
        for row in self._bindings.rows():
            row.release_space()

    def _fields_with_messages(self) -> set[str]:
        return self._bindings.with_messages()

    def _update_required(self, values: FormValues) -> None:
        required = required_fields(values)
        for field, binding in self._bindings.items():
            binding.row.set_required(field, field in required)

    def _reset_inputs(self) -> None:
        """Every input back to its empty state, with no messages and nothing touched."""
        for field, binding in self._bindings.items():
            if field not in ("ssn", "ssn_status", "ssn_exception"):
                binding.write(None)
            binding.row.set_error(field, None)
        self._release_gaps()
        self.ssn_section.reset()
        self._bindings.write("country", "US")
        self._touched.clear()
        self._form_message.clear()

    def _edited_by_staff(self) -> None:
        if not self._is_filling:
            self.edited.emit()

    def _emit_changed(self) -> None:
        self.changed.emit(self.snapshot())
