"""The keyboard on the real widgets: Enter presses the focused button, focus is drawn as a clear
ring on a light window, the state input takes the completion it shows on Tab, the first Tab
into New student reaches its first field, and Tab leaves a list of rows.

Keys go where Qt sends a person's keys: to the open completion list when there is one (a popup
takes the keyboard), else to the focused widget."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QCheckBox, QLineEdit, QWidget

from app.services.desk import Desk as DeskServices
from app.views.duplicate_panel import DuplicatePanel
from app.views.main_window import MainWindow
from app.views.new_student_form import NewStudentForm
from app.views.sync_bridge import SyncBridge
from app.views.tasks import TaskRunner
from app.views.widgets.state_combo import StateCombo
from tests.support.desk import Desk

VALID = {
    "last_name": "Lopez",
    "birthdate": "2001-04-30",
    "email": "maria.lopez@example.com",
    "no_permanent_address": True,
}


@pytest.fixture
def form(qtbot: Any) -> NewStudentForm:
    widget = NewStudentForm(intake_mailbox="intake@college.edu", next_plus_number=lambda: 17)
    qtbot.addWidget(widget)
    widget.resize(1280, 900)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)
    return widget


def receiver() -> QWidget:
    """Where a key pressed now goes: the open popup (a completion list), else the focus."""
    target = QApplication.activePopupWidget() or QApplication.focusWidget()
    assert target is not None, "nothing has the keyboard"
    return target


NO_MODIFIER = Qt.KeyboardModifier.NoModifier


def press(qtbot: Any, key: Qt.Key, modifier: Qt.KeyboardModifier = NO_MODIFIER) -> None:
    qtbot.keyClick(receiver(), key, modifier)


def type_keys(qtbot: Any, text: str) -> None:
    for char in text:
        qtbot.keyClicks(receiver(), char)


def tab_to(qtbot: Any, form: NewStudentForm, name: str) -> QWidget:
    """Tab from Legal First Name until ``name`` has the focus."""
    first = form.input_for("first_name")
    first.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(first.hasFocus)
    for _ in range(60):
        current = QApplication.focusWidget()
        assert current is not None
        if current.objectName() == name:
            return current
        press(qtbot, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {name}")


# ---- Enter on a focused button -----------------------------------------------------------------


def test_enter_on_a_focused_button_presses_it_and_does_not_create(
    qtbot: Any, form: NewStudentForm
) -> None:
    form.set_values(VALID)  # Enter anywhere else in this form would create the account
    button = tab_to(qtbot, form, "master_plus")
    with qtbot.assertNotEmitted(form.submitted):
        press(qtbot, Qt.Key.Key_Return)
    email = form.input_for("email")
    assert isinstance(email, QLineEdit) and email.text() == "intake+17@college.edu"

    toggle = tab_to(qtbot, form, "other_names")
    with qtbot.assertNotEmitted(form.submitted):
        press(qtbot, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert form.other_names.is_expanded()
    assert button.isVisible() and toggle.hasFocus()


def test_enter_on_the_focused_create_button_creates_once(qtbot: Any, form: NewStudentForm) -> None:
    form.set_values(VALID)
    form.create_button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(form.create_button.hasFocus)
    made: list[object] = []
    form.submitted.connect(made.append)
    press(qtbot, Qt.Key.Key_Return)
    assert len(made) == 1


# ---- the focus ring ----------------------------------------------------------------------------


def luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(c) for c in (colour.redF(), colour.greenF(), colour.blueF()))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(one: QColor, other: QColor) -> float:
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def band_around(image: QImage, widget: QWidget, window: QWidget) -> list[QColor]:
    """The pixels of the 2 px band just outside ``widget``, all four sides, in ``image`` (a
    check box: around its box and words, not the empty rest of its row)."""
    ratio = image.devicePixelRatio()
    top_left = widget.mapTo(window, QPoint(0, 0))
    left, top = top_left.x(), top_left.y()
    width = widget.width()
    if isinstance(widget, QCheckBox):
        width = min(width, widget.sizeHint().width())
    right, bottom = left + width - 1, top + widget.height() - 1
    points: list[tuple[int, int]] = []
    for offset in (1, 2):
        for x in range(left, right + 1, 3):
            points += [(x, top - offset), (x, bottom + offset)]
        for y in range(top, bottom + 1, 3):
            points += [(left - offset, y), (right + offset, y)]
    return [image.pixelColor(int(x * ratio), int(y * ratio)) for x, y in points]


def test_focus_is_a_clear_ring_around_each_control(qtbot: Any, form: NewStudentForm) -> None:
    background = form.palette().color(form.backgroundRole())
    assert background.lightnessF() > 0.8, "this checks the ring on a light window"
    first = form.input_for("first_name")
    first.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(first.hasFocus)
    checked: list[str] = []
    # A text box, a drop-down, a button, a check box, the state's drop-down and Create.
    wanted = {"first_name", "suffix", "ssn_show", "ssn_exception", "state", "create_button"}
    for _ in range(40):
        focused = QApplication.focusWidget()
        assert focused is not None
        if focused.objectName() in wanted:
            qtbot.wait(20)  # the ring follows on the next paint
            image = form.grab().toImage()
            band = band_around(image, focused, form)
            weak = [c.name() for c in band if contrast(c, background) < 3.0]
            assert not weak, f"{focused.objectName()}: {len(weak)} of {len(band)} pixels faint"
            checked.append(focused.objectName())
        press(qtbot, Qt.Key.Key_Tab)
    assert set(checked) == wanted


# ---- the state input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "taken"),
    [("Califo", "CA – California"), ("va", "VA – Virginia"), ("dakota", "ND – North Dakota")],
)
def test_tab_takes_the_state_the_list_shows(
    qtbot: Any, form: NewStudentForm, typed: str, taken: str
) -> None:
    state = tab_to(qtbot, form, "state")
    assert isinstance(state, StateCombo)
    type_keys(qtbot, typed)
    popup = QApplication.activePopupWidget()
    assert popup is not None and popup.isVisible(), "the completion list is not shown"
    press(qtbot, Qt.Key.Key_Tab)
    # The first choice shown, unless the typed text is a code already ("va" is not Nevada).
    assert state.currentText() == taken
    assert form.error_text("state") == ""
    focused = QApplication.focusWidget()
    assert focused is not None and focused.objectName() == "postal_code"


def test_tab_after_a_state_that_does_not_exist_still_refuses_it(
    qtbot: Any, form: NewStudentForm
) -> None:
    state = tab_to(qtbot, form, "state")
    type_keys(qtbot, "Zz")
    press(qtbot, Qt.Key.Key_Tab)
    assert isinstance(state, StateCombo) and state.currentText() == "Zz"
    assert "State" in form.error_text("state"), form.error_text("state")


# ---- the first Tab into New student ------------------------------------------------------------


def test_the_first_tab_after_choosing_new_student_reaches_legal_first_name(
    desk: Desk, qtbot: Any, tmp_path: Path
) -> None:
    assert desk.staff is not None
    services = DeskServices(desk.store, desk.client, desk.engine, desk.staff)
    services.refresh_college()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(services, SyncBridge(desk.engine), TaskRunner(), settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.nav.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(window.nav.hasFocus)
    press(qtbot, Qt.Key.Key_Down)  # Import spreadsheet
    press(qtbot, Qt.Key.Key_Up)  # New student
    assert window.pages.currentWidget() is window.new_student
    press(qtbot, Qt.Key.Key_Tab)
    focused = QApplication.focusWidget()
    assert focused is window.new_student.form.input_for("first_name"), focused


# ---- Tab out of a list of rows -----------------------------------------------------------------


def test_tab_leaves_the_list_of_possible_duplicates_for_the_decisions(qtbot: Any) -> None:
    from tests.views.test_duplicate_panel import ROBERT, SOMEONE

    panel = DuplicatePanel()
    qtbot.addWidget(panel)
    panel.resize(600, 700)
    panel.show()
    qtbot.waitExposed(panel)
    panel.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is panel)
    panel.set_candidates([ROBERT, SOMEONE], checked_central=True)
    panel.table.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(panel.table.hasFocus)
    press(qtbot, Qt.Key.Key_Down)  # arrows move between the rows
    assert panel.selected() is SOMEONE
    visited = []
    for _ in range(4):
        press(qtbot, Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
    assert panel.link_button in visited, "Tab stays inside the tables"
    assert panel.selected() is SOMEONE, "Tab moved the selection instead of the focus"
