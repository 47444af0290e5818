"""Field bindings: a form reads, fills and hears from its fields by name."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from app.views.widgets.date_input import DateInput
from app.views.widgets.field_bindings import FieldBindings
from app.views.widgets.form_row import FormRow

LABELS = {"city": "City", "homeless": "No permanent address", "birthdate": "Birthdate"}


def _form(qtbot: QtBot) -> tuple[QWidget, FieldBindings, dict[str, list[object]]]:
    form = QWidget()
    qtbot.addWidget(form)
    bindings = FieldBindings(LABELS, lambda label: f"{label}: not a date", form)
    heard: dict[str, list[object]] = {"edited": [], "left": [], "typed": [], "enter": []}
    bindings.edited.connect(lambda: heard["edited"].append(1))
    bindings.left.connect(heard["left"].append)
    bindings.typed.connect(heard["typed"].append)
    bindings.enter_pressed.connect(heard["enter"].append)
    layout = QVBoxLayout(form)
    row = FormRow()
    bindings.line(row, "city", "C")
    check = QCheckBox("No permanent address")
    row.add_field("homeless", check, label=None, accessible_name="No permanent address")
    bindings.check("homeless", row, check)
    layout.addWidget(row)
    dates = FormRow()
    bindings.date(dates, "birthdate", "B", DateInput(earliest=date(1900, 1, 1)))
    layout.addWidget(dates)
    return form, bindings, heard


def test_values_are_read_and_filled_by_field_name(qtbot: QtBot) -> None:
    form, bindings, _ = _form(qtbot)  # noqa: RUF059 (the form must stay alive)
    assert list(bindings) == ["city", "homeless", "birthdate"]
    bindings.write("city", "Fresno")
    bindings.write("homeless", True)
    bindings.write("birthdate", "2001-02-03")
    assert bindings.read() == (
        {"city": "Fresno", "homeless": True, "birthdate": date(2001, 2, 3)},
        {},
    )
    bindings.write("birthdate", "13/45/2001")  # no date: shown as typed, and reported
    values, unreadable = bindings.read()
    assert values["birthdate"] is None and unreadable == {"birthdate": "Birthdate: not a date"}
    assert bindings["city"].focus.objectName() == "city"


def test_the_form_hears_edits_leaving_and_enter(qtbot: QtBot) -> None:
    form, bindings, heard = _form(qtbot)
    form.show()
    city = bindings["city"].focus
    assert isinstance(city, QLineEdit)
    city.setFocus()
    qtbot.keyClicks(city, "Fr")
    assert heard["typed"] == ["city", "city"] and len(heard["edited"]) == 2
    assert heard["left"] == []  # text is left when focus goes, not as it is typed
    check = bindings["homeless"].focus
    assert isinstance(check, QCheckBox)
    check.setChecked(True)  # a check box is done with as soon as it changes
    assert heard["left"] == ["homeless"]
    qtbot.keyClick(city, Qt.Key.Key_Return)
    assert len(heard["enter"]) == 1
