"""The Single Account Creation form, driven through its real widgets as a counselor would.

Each validation test types into a field, leaves it with Tab (or presses Enter to create), and
checks the exact words in the inline label beside the field. The seed's phone wording is written
out here word for word; other messages are asked of the account model, so the test proves the
form shows the model's message unchanged without copying its wording.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from pydantic import SecretStr, ValidationError
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from app.models.account import (
    BIRTHDATE_MISMATCH_MESSAGE,
    FIELD_LABELS,
    US_STATE_CODES,
    ContactMethod,
    SsnStatus,
    StudentForm,
    field_errors,
)
from app.models.phone import PhoneType
from app.views.new_student_form import NewStudentForm
from app.views.widgets.date_input import DateInput, parse_typed_date
from app.views.widgets.email_input import master_plus_address
from app.views.widgets.inline_error import InlineError
from app.views.widgets.state_combo import STATE_NAMES, StateCombo
from tests.views.render_form_screenshot import render_screenshot

SEED_INVALID_MAIN = (
    "The Main Telephone Number you entered is not valid. Please correct it as appropriate."
)
SEED_INVALID_SECOND = (
    "The Second Telephone Number you entered is not valid. Please correct it as appropriate."
)
SEED_SECOND_WITHOUT_MAIN = (
    "Please enter your Main Telephone Number before entering a Second Telephone Number."
)
SEED_MAIN_PHONE_HELP = "Enter a phone number at which you can be reached."
SEED_MAIN_CONSENT = (
    "I authorize text messages to my main telephone number, and accept responsibility for any "
    "charges that result."
)

# The order Tab visits the form with "Other names" closed and both phones' type not stated
# (their text-permission boxes are disabled, so Tab skips them).
TAB_ORDER = [
    "first_name",
    "middle_name",
    "last_name",
    "suffix",
    "birthdate",
    "birthdate_confirmation",
    "other_names",
    "ssn",
    "ssn_show",
    "ssn_status",
    "ssn_exception",
    "email",
    "master_plus",
    "main_phone",
    "main_phone_ext",
    "main_phone_type",
    "second_phone",
    "second_phone_ext",
    "second_phone_type",
    "preferred_contact_method",
    "no_permanent_address",
    "street1",
    "street2",
    "city",
    "state",
    "postal_code",
    "country",
    "create_button",
]
OTHER_NAMES_ORDER = [
    "preferred_first_name",
    "preferred_middle_name",
    "preferred_last_name",
    "previous_first_name",
    "previous_middle_name",
    "previous_last_name",
]


@pytest.fixture
def form(qtbot: Any) -> NewStudentForm:
    numbers = iter(range(17, 1000))
    widget = NewStudentForm(
        intake_mailbox="intake@college.edu", next_plus_number=lambda: next(numbers)
    )
    qtbot.addWidget(widget)
    widget.resize(1280, 900)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)
    return widget


# --- helpers: what a person does, and what they see -------------------------------------------


def type_in(qtbot: Any, form: NewStudentForm, field: str, text: str) -> QWidget:
    """Click into ``field`` and type ``text``."""
    widget = form.input_for(field)
    widget.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(widget.hasFocus)
    qtbot.keyClicks(widget, text)
    return widget


def tab_out(qtbot: Any, form: NewStudentForm, field: str) -> None:
    """Press Tab in ``field`` so focus moves on (and the field is validated)."""
    widget = form.input_for(field)
    if not widget.hasFocus():
        widget.setFocus(Qt.FocusReason.MouseFocusReason)
        qtbot.waitUntil(widget.hasFocus)
    qtbot.keyClick(widget, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: not widget.hasFocus())


def fill_and_leave(qtbot: Any, form: NewStudentForm, field: str, text: str) -> None:
    type_in(qtbot, form, field, text)
    tab_out(qtbot, form, field)


def shown(form: NewStudentForm, field: str) -> str:
    """The message in the inline label beside ``field`` ("" when the label is hidden)."""
    label = form.findChild(InlineError, f"{field}_error")
    assert label is not None, f"no inline error label for {field}"
    return label.text() if label.isVisible() else ""


def choose(combo: QComboBox, text: str) -> None:
    """Pick the item with ``text``, as a click in the drop-down list would."""
    index = combo.findText(text)
    assert index >= 0, text
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def model_message(field: str, **data: object) -> str:
    """The account model's message for ``field`` given ``data`` (plus valid required fields)."""
    base: dict[str, object] = {
        "last_name": "Lopez",
        "birthdate": date(2001, 4, 30),
        "birthdate_confirmation": date(2001, 4, 30),
        "no_permanent_address": True,
    }
    try:
        StudentForm.model_validate({**base, **data})
    except ValidationError as exc:
        return field_errors(exc)[field]
    raise AssertionError(f"the model accepts {data}")


def fill_valid_student(qtbot: Any, form: NewStudentForm) -> None:
    """Type a complete, valid student the way a counselor would."""
    type_in(qtbot, form, "first_name", "Maria")
    type_in(qtbot, form, "last_name", "Lopez")
    type_in(qtbot, form, "birthdate", "04/30/2001")
    type_in(qtbot, form, "birthdate_confirmation", "4/30/2001")
    type_in(qtbot, form, "email", "Maria.Lopez@example.com")
    type_in(qtbot, form, "main_phone", "(916) 445-1254")
    choose(form.main_phone.type_combo, "Mobile")
    form.main_phone.text_ok_check.setChecked(True)
    type_in(qtbot, form, "street1", "1020 N Street")
    type_in(qtbot, form, "city", "Sacramento")
    type_in(qtbot, form, "state", "CA")
    type_in(qtbot, form, "postal_code", "95814")


# --- one test per rule --------------------------------------------------------------------------


def test_last_name_is_required(qtbot: Any, form: NewStudentForm) -> None:
    tab_out(qtbot, form, "last_name")
    assert shown(form, "last_name") == model_message("last_name", last_name="")
    assert shown(form, "last_name").startswith("Legal Last Name is required.")


def test_name_with_digits_is_refused(qtbot: Any, form: NewStudentForm) -> None:
    fill_and_leave(qtbot, form, "first_name", "Maria2")
    assert shown(form, "first_name") == model_message("first_name", first_name="Maria2")
    assert "Remove any digits" in shown(form, "first_name")


def test_name_longer_than_50_characters_is_refused(qtbot: Any, form: NewStudentForm) -> None:
    fill_and_leave(qtbot, form, "last_name", "A" * 51)
    assert shown(form, "last_name") == model_message("last_name", last_name="A" * 51)
    assert "50 characters or fewer; it has 51" in shown(form, "last_name")


def test_birthdate_and_confirmation_must_match(qtbot: Any, form: NewStudentForm) -> None:
    fill_and_leave(qtbot, form, "birthdate", "09/27/2004")
    fill_and_leave(qtbot, form, "birthdate_confirmation", "09/28/2004")
    assert shown(form, "birthdate_confirmation") == BIRTHDATE_MISMATCH_MESSAGE
    assert shown(form, "birthdate") == ""


def test_future_birthdate_is_refused(qtbot: Any, form: NewStudentForm) -> None:
    tomorrow = date.today() + timedelta(days=1)
    fill_and_leave(qtbot, form, "birthdate", f"{tomorrow:%m/%d/%Y}")
    assert shown(form, "birthdate") == model_message("birthdate", birthdate=tomorrow)
    assert shown(form, "birthdate") == "Birthdate cannot be in the future. Check the year."


def test_unreadable_date_says_how_to_write_it(qtbot: Any, form: NewStudentForm) -> None:
    fill_and_leave(qtbot, form, "birthdate", "02/30/2004")
    assert shown(form, "birthdate") == (
        "Birthdate must be a real date written MM/DD/YYYY, for example 09/27/2004."
    )


def test_invalid_main_phone_shows_seed_wording(qtbot: Any, form: NewStudentForm) -> None:
    fill_and_leave(qtbot, form, "main_phone", "(916) 045-1254")  # exchange cannot start with 0
    assert shown(form, "main_phone") == SEED_INVALID_MAIN


@pytest.mark.parametrize("placeholder", ["123-456-7890", "444-444-4444"])
def test_placeholder_numbers_are_refused(
    qtbot: Any, form: NewStudentForm, placeholder: str
) -> None:
    fill_and_leave(qtbot, form, "main_phone", placeholder)
    fill_and_leave(qtbot, form, "second_phone", placeholder)
    assert shown(form, "main_phone") == SEED_INVALID_MAIN
    assert shown(form, "second_phone") == SEED_INVALID_SECOND


def test_second_phone_without_main_puts_message_and_focus_on_main(
    qtbot: Any, form: NewStudentForm
) -> None:
    # Leaving the second phone already shows the message on the main phone, which the
    # counselor skipped (focus-out of one field shows the cross-field rule it triggers).
    fill_and_leave(qtbot, form, "second_phone", "(916) 445-1254")
    assert shown(form, "main_phone") == SEED_SECOND_WITHOUT_MAIN
    assert shown(form, "second_phone") == ""

    # On Create, with everything else in order, focus lands on the main phone (seed 002).
    type_in(qtbot, form, "last_name", "Lopez")
    type_in(qtbot, form, "birthdate", "04/30/2001")
    type_in(qtbot, form, "birthdate_confirmation", "04/30/2001")
    form.input_for("no_permanent_address").setFocus()
    qtbot.keyClick(form.input_for("no_permanent_address"), Qt.Key.Key_Space)
    with qtbot.assertNotEmitted(form.submitted):
        qtbot.mouseClick(form.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(form.input_for("main_phone").hasFocus)
    assert shown(form, "main_phone") == SEED_SECOND_WITHOUT_MAIN


def test_extension_longer_than_four_digits_is_refused(qtbot: Any, form: NewStudentForm) -> None:
    fill_and_leave(qtbot, form, "main_phone", "(916) 445-1254")
    fill_and_leave(qtbot, form, "main_phone_ext", "12345")
    assert shown(form, "main_phone_ext") == (
        "Main Phone Extension must be up to four digits (0-9999)."
    )


def test_text_permission_only_for_mobile_and_off_by_default(
    qtbot: Any, form: NewStudentForm
) -> None:
    phone = form.main_phone
    check = phone.text_ok_check
    assert not check.isChecked()
    assert not check.isEnabled()  # type not stated yet
    assert phone.consent_label.text() == SEED_MAIN_CONSENT

    choose(phone.type_combo, "Landline")
    assert not check.isEnabled()
    assert not check.isChecked()

    choose(phone.type_combo, "Mobile")
    assert check.isEnabled()
    assert not check.isChecked()
    assert phone.consent_label.isVisible()  # the wording is on show when consent can be given
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton, pos=check.rect().center())
    assert check.isChecked()

    # Consent is not carried over to a landline, and does not come back by itself.
    choose(phone.type_combo, "Landline")
    assert not check.isEnabled()
    assert not check.isChecked()
    choose(phone.type_combo, "Mobile")
    assert not check.isChecked()


def test_invalid_email_is_refused(qtbot: Any, form: NewStudentForm) -> None:
    fill_and_leave(qtbot, form, "email", "maria@")
    assert shown(form, "email") == model_message("email", email="maria@")
    assert shown(form, "email").startswith("Email Address is not valid:")


def test_postal_code_required_unless_no_permanent_address(qtbot: Any, form: NewStudentForm) -> None:
    fill_and_leave(qtbot, form, "street1", "1020 N Street")
    tab_out(qtbot, form, "postal_code")
    expected = model_message("postal_code", no_permanent_address=False, street1="1020 N Street")
    assert shown(form, "postal_code") == expected
    assert shown(form, "postal_code").startswith("ZIP / Postal Code is required.")

    box = form.input_for("no_permanent_address")
    assert isinstance(box, QCheckBox)
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert box.isChecked()
    assert shown(form, "postal_code") == ""
    # The address stays as typed; only the requirement went.
    assert field_text(form, "street1") == "1020 N Street"
    assert form.input_for("street1").isEnabled()


def test_ssn_is_masked_by_default_and_invalid_ssn_refused(qtbot: Any, form: NewStudentForm) -> None:
    ssn = form.input_for("ssn")
    assert isinstance(ssn, QLineEdit)
    assert ssn.echoMode() == QLineEdit.EchoMode.Password

    fill_and_leave(qtbot, form, "ssn", "000-12-3456")
    assert shown(form, "ssn") == model_message(
        "ssn", ssn=SecretStr("000-12-3456"), ssn_status="provided"
    )
    assert "not a number the Social Security Administration issues" in shown(form, "ssn")
    assert form.values is None

    show = form.ssn_section.ssn_input.show_button
    qtbot.mouseClick(show, Qt.MouseButton.LeftButton)
    assert ssn.echoMode() == QLineEdit.EchoMode.Normal
    qtbot.mouseClick(show, Qt.MouseButton.LeftButton)
    assert ssn.echoMode() == QLineEdit.EchoMode.Password


def test_typing_an_ssn_marks_it_provided(qtbot: Any, form: NewStudentForm) -> None:
    combo = form.ssn_section.status_combo
    assert combo.value() is SsnStatus.NOT_ASKED
    type_in(qtbot, form, "ssn", "1")
    assert combo.value() is SsnStatus.PROVIDED
    qtbot.keyClick(form.input_for("ssn"), Qt.Key.Key_Backspace)
    assert combo.value() is SsnStatus.NOT_ASKED


def test_master_plus_one_fills_the_email(qtbot: Any, form: NewStudentForm) -> None:
    button = form.email_input.master_plus_button
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert field_text(form, "email") == "intake+17@college.edu"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert field_text(form, "email") == "intake+18@college.edu"
    assert shown(form, "email") == ""


def test_master_plus_one_needs_an_intake_mailbox(qtbot: Any) -> None:
    form = NewStudentForm(intake_mailbox=None)
    qtbot.addWidget(form)
    assert not form.email_input.master_plus_button.isEnabled()
    assert master_plus_address("intake+desk@college.edu", 3) == "intake+3@college.edu"


def test_enter_submits_a_valid_form_with_the_typed_values(qtbot: Any, form: NewStudentForm) -> None:
    fill_valid_student(qtbot, form)
    with qtbot.waitSignal(form.submitted, timeout=1000) as blocker:
        qtbot.keyClick(form.input_for("postal_code"), Qt.Key.Key_Return)
    student = blocker.args[0]
    assert isinstance(student, StudentForm)
    assert student.first_name == "Maria"
    assert student.last_name == "Lopez"
    assert student.birthdate == date(2001, 4, 30) == student.birthdate_confirmation
    assert student.email == "maria.lopez@example.com"
    assert student.main_phone == "+19164451254"
    assert student.main_phone_type is PhoneType.MOBILE
    assert student.main_phone_text_ok is True
    assert (student.street1, student.city, student.state, student.postal_code) == (
        "1020 N Street",
        "Sacramento",
        "CA",
        "95814",
    )
    assert student.country == "US"
    assert student.ssn is None and student.ssn_status is SsnStatus.NOT_ASKED


@pytest.mark.parametrize("where", ["city", "main_phone_type", "other_names"])
def test_ctrl_enter_and_keypad_enter_submit_once_each(
    qtbot: Any, form: NewStudentForm, where: str
) -> None:
    fill_valid_student(qtbot, form)
    received: list[object] = []
    form.submitted.connect(received.append)
    target = form.findChild(QWidget, where)
    assert target is not None
    target.setFocus()
    qtbot.keyClick(target, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(target, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    if where == "other_names":
        # Ctrl+Enter creates from anywhere; plain Enter on a focused button presses the button.
        assert len(received) == 1 and form.other_names.is_expanded()
    else:
        assert len(received) == 2


def test_busy_form_does_not_submit(qtbot: Any, form: NewStudentForm) -> None:
    fill_valid_student(qtbot, form)
    form.set_busy(True)
    assert not form.create_button.isEnabled()
    with qtbot.assertNotEmitted(form.submitted):
        qtbot.keyClick(form.input_for("city"), Qt.Key.Key_Return)
    form.set_busy(False)
    assert form.create_button.isEnabled()


def test_nothing_typed_is_lost_after_a_failed_submit(qtbot: Any, form: NewStudentForm) -> None:
    typed = {
        "first_name": "Maria2",
        "last_name": "Lopez",
        "birthdate": "04/30/2001",
        "birthdate_confirmation": "04/31/2001",
        "email": "maria@",
        "main_phone": "123-456-7890",
        "main_phone_ext": "12345",
        "second_phone": "444-444-4444",
        "street1": "1020 N Street",
        "city": "Sacramento",
        "postal_code": "9581",
        "country": "XX",
        "ssn": "000-12-3456",
    }
    country = form.input_for("country")
    assert isinstance(country, QLineEdit)
    country.clear()
    for field, text in typed.items():
        type_in(qtbot, form, field, text)
    with qtbot.assertNotEmitted(form.submitted):
        qtbot.keyClick(form.input_for("ssn"), Qt.Key.Key_Return)
    assert form.values is None
    for field, text in typed.items():
        assert field_text(form, field) == text, field
    assert shown(form, "first_name") != ""
    assert form.input_for("first_name").hasFocus()  # the first field to fix


def test_escape_changes_nothing(qtbot: Any, form: NewStudentForm) -> None:
    type_in(qtbot, form, "last_name", "Lopez")
    qtbot.keyClick(form.input_for("last_name"), Qt.Key.Key_Escape)
    assert field_text(form, "last_name") == "Lopez"
    assert form.isVisible()


def test_tab_order_visits_fields_top_to_bottom(qtbot: Any, form: NewStudentForm) -> None:
    assert visit_by_tab(qtbot, form, len(TAB_ORDER)) == TAB_ORDER

    form.other_names.set_expanded(True)
    choose(form.main_phone.type_combo, "Mobile")
    expected = list(TAB_ORDER)
    expected[7:7] = OTHER_NAMES_ORDER
    expected.insert(expected.index("second_phone"), "main_phone_text_ok")
    assert visit_by_tab(qtbot, form, len(expected)) == expected


def test_every_input_has_an_accessible_name(form: NewStudentForm) -> None:
    inputs = [
        widget
        for widget in form.findChildren(QWidget)
        if isinstance(widget, QLineEdit | QComboBox | QAbstractButton)
        and not inside_calendar(widget)
    ]
    assert len(inputs) > 30
    unnamed = [f"{type(w).__name__} {w.objectName()!r}" for w in inputs if not w.accessibleName()]
    assert unnamed == []
    # Field inputs speak with their on-screen label and the seed's hover help where it has one.
    for field, label in FIELD_LABELS.items():
        assert form.input_for(field).accessibleName() == label
    assert form.input_for("main_phone").accessibleDescription().startswith(SEED_MAIN_PHONE_HELP)
    assert form.input_for("main_phone").toolTip() == SEED_MAIN_PHONE_HELP


def test_labels_have_unique_mnemonics_and_buddies(form: NewStudentForm) -> None:
    keys: list[str] = []
    for widget in form.findChildren(QWidget):
        text = widget.text() if isinstance(widget, QLabel | QAbstractButton) else ""
        match = re.search(r"&([^&])", text.replace("&&", ""))
        if match:
            keys.append(match.group(1).casefold())
            if isinstance(widget, QLabel):
                assert widget.buddy() is not None, text
    assert len(keys) > 15
    assert len(keys) == len(set(keys)), sorted(keys)


def test_messages_show_on_error_and_required_marks_follow_the_model(
    qtbot: Any, form: NewStudentForm
) -> None:
    form.input_for("last_name").setFocus()
    description = form.input_for("last_name").accessibleDescription()
    assert "Required." in description
    assert label_text_of(form, "postal_code").endswith("*")
    form.input_for("no_permanent_address").setFocus()
    qtbot.keyClick(form.input_for("no_permanent_address"), Qt.Key.Key_Space)
    assert not label_text_of(form, "postal_code").endswith("*")


def test_changed_is_debounced_and_carries_a_snapshot(qtbot: Any, form: NewStudentForm) -> None:
    snapshots: list[dict[str, object]] = []
    form.changed.connect(snapshots.append)
    with qtbot.waitSignal(form.changed, timeout=2000):
        type_in(qtbot, form, "last_name", "Lopez")
        type_in(qtbot, form, "birthdate", "04/30/2001")
        type_in(qtbot, form, "ssn", "123-45-6789")
    qtbot.wait(400)
    assert len(snapshots) == 1  # one burst of typing, one signal
    snapshot = snapshots[0]
    assert snapshot["last_name"] == "Lopez"
    assert snapshot["birthdate"] == date(2001, 4, 30)
    assert isinstance(snapshot["ssn"], SecretStr)  # never a plain SSN in a signal


def test_set_values_fills_and_clear_empties(qtbot: Any, form: NewStudentForm) -> None:
    form.set_values(
        {
            "last_name": "Lopez",
            "preferred_first_name": "Majo",
            "birthdate": date(2001, 4, 30),
            "main_phone": "+19164451254",
            "main_phone_type": PhoneType.MOBILE,
            "main_phone_text_ok": True,
            "preferred_contact_method": ContactMethod.TEXT,
            "no_permanent_address": True,
            "ssn": SecretStr("123456789"),
            "ssn_status": SsnStatus.PROVIDED,
        }
    )
    assert form.other_names.is_expanded()
    assert field_text(form, "main_phone") == "(916) 445-1254"
    assert field_text(form, "birthdate_confirmation") == "04/30/2001"
    assert shown(form, "preferred_contact_method") == ""  # filling shows no messages
    student = form.values
    assert student is not None
    assert student.main_phone_text_ok is True
    assert student.ssn_digits() == "123456789"

    with pytest.raises(ValueError, match="not StudentForm fields"):
        form.set_values({"nickname": "x"})

    form.clear()
    assert form.values is None
    assert field_text(form, "last_name") == ""
    assert field_text(form, "country") == "US"
    assert not form.other_names.is_expanded()
    assert form.ssn_section.ssn_input.is_masked()
    assert form.ssn_section.status_combo.value() is SsnStatus.NOT_ASKED
    qtbot.waitUntil(form.input_for("first_name").hasFocus)


def test_state_names_cover_every_code() -> None:
    assert set(STATE_NAMES) == set(US_STATE_CODES)


def test_state_accepts_code_or_name(qtbot: Any, form: NewStudentForm) -> None:
    combo = form.input_for("state")
    assert isinstance(combo, StateCombo)
    for typed in ("ca", "California"):
        combo.setFocus()
        combo.setEditText("")
        qtbot.keyClicks(combo, typed)  # QTest types ASCII only, hence no list entry here
        assert combo.code().upper() == "CA", typed
    choose(combo, "CA – California")
    assert combo.code() == "CA"


def test_calendar_popup_fills_the_date(qtbot: Any, form: NewStudentForm) -> None:
    edit = form.input_for("birthdate")
    dates = edit.parentWidget()
    assert isinstance(dates, DateInput)
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(dates.calendar.isVisible)
    dates.calendar.clicked.emit(QDate(2004, 9, 27))
    assert field_text(form, "birthdate") == "09/27/2004"
    assert not dates.calendar.isVisible()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("09/27/2004", date(2004, 9, 27)),
        ("9/7/2004", date(2004, 9, 7)),
        ("09272004", date(2004, 9, 27)),
        ("2004-09-27", date(2004, 9, 27)),
        ("", None),
    ],
)
def test_typed_dates(typed: str, expected: date | None) -> None:
    assert parse_typed_date(typed) == expected


def test_screenshot_renders(tmp_path: Any, qtbot: Any) -> None:
    path = render_screenshot(tmp_path / "form.png")
    assert path.stat().st_size > 10_000


# --- small helpers --------------------------------------------------------------------------------


def field_text(form: NewStudentForm, field: str) -> str:
    widget = form.input_for(field)
    if isinstance(widget, QComboBox):
        return widget.currentText()
    assert isinstance(widget, QLineEdit)
    return widget.text()


def label_text_of(form: NewStudentForm, field: str) -> str:
    target = form.input_for(field)
    for label in form.findChildren(QLabel):
        if label.buddy() is target:
            return label.text()
    raise AssertionError(f"no label for {field}")


def inside_calendar(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QCalendarWidget):
            return True
        parent = parent.parentWidget()
    return False


def visit_by_tab(qtbot: Any, form: NewStudentForm, count: int) -> list[str]:
    """Start in Legal First Name and press Tab; the object names of the widgets visited."""
    first = form.input_for("first_name")
    first.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(first.hasFocus)
    visited: list[str] = []
    for _ in range(count):
        current = QApplication.focusWidget()
        assert current is not None
        visited.append(current.objectName())
        qtbot.keyClick(current, Qt.Key.Key_Tab)
    return visited
