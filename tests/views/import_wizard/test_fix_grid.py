"""The fix grid as a counselor uses it: every problem of a row shown (each with its field, value
and fix), a Problems column with a header, the row number and the problems in sight however far
the grid scrolls sideways, and the grid worked by keyboard alone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QDialog, QTableView
from pytestqt.qtbot import QtBot

from app.services.desk import Desk as DeskServices
from app.views.import_wizard import ImportLauncherPage, ImportWizard
from app.views.import_wizard.fix_page import FixPage
from app.views.import_wizard.wizard import FIX, MAPPING
from app.views.tasks import TaskRunner
from tests.support.desk import Desk
from tests.support.import_files import many, person, write_export

TIMEOUT = 60_000
DISPLAY, TOOLTIP = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole


def _fix_page(desk: Desk, qtbot: QtBot, tmp_path: Path) -> tuple[ImportWizard, FixPage, int]:
    """The wizard on its fix step for a file whose row 5 (Marco) has a bad email and no city;
    returns the wizard, its fix page and Marco's line in the grid."""
    rows = many(6)
    rows.insert(1, person("700001", "Marco", "Villanueva", dt.date(1998, 2, 3),
                          email="marco@", city=None))  # fmt: skip
    assert desk.staff is not None
    services = DeskServices(desk.store, desk.client, desk.engine, desk.staff)
    launcher = ImportLauncherPage(services, TaskRunner())
    qtbot.addWidget(launcher)
    launcher.show_slips = lambda *_: QDialog.DialogCode.Accepted.value
    wizard = launcher.open_wizard()
    wizard.file_page.load(write_export(tmp_path / "students.xlsx", rows))
    qtbot.waitUntil(lambda: wizard.context.source is not None, timeout=TIMEOUT)
    for page_id in (MAPPING, FIX):
        qtbot.waitUntil(lambda: wizard.currentPage().isComplete(), timeout=TIMEOUT)
        wizard.next()
        qtbot.waitUntil(lambda page_id=page_id: wizard.currentId() == page_id, timeout=TIMEOUT)
    fix = wizard.fix_page
    qtbot.waitUntil(lambda: fix.model.rowCount() == 7 and not fix.progress.busy, timeout=TIMEOUT)
    at = fix.model.position(5)
    assert at is not None
    return wizard, fix, at


def _column(fix: FixPage, header: str) -> int:
    model = fix.model
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert header in titles, titles
    return titles.index(header)


def _on_screen(view: QTableView, index: QModelIndex) -> bool:
    """The cell is drawn inside the view's visible area."""
    if not view.isVisible() or view.isColumnHidden(index.column()):
        return False
    rect = view.visualRect(index)
    return rect.isValid() and view.viewport().rect().contains(rect.center())


def _shown_anywhere(fix: FixPage, row: int, column: int) -> bool:
    """Some table of the grid (the grid itself, or a part of it) shows that cell."""
    views = [fix.table, *fix.table.findChildren(QTableView)]
    return any(_on_screen(v, fix.model.index(row, column)) for v in views)


def test_a_row_with_two_problems_shows_both_with_field_value_and_fix(
    desk: Desk, qtbot: QtBot, tmp_path: Path
) -> None:
    wizard, fix, at = _fix_page(desk, qtbot, tmp_path)
    assert set(fix.model.rows[at].problems) == {"email", "city"}  # not only the first
    problems = _column(fix, "Problems")  # the column has a header
    summary = fix.model.data(fix.model.index(at, problems), DISPLAY)
    assert summary == "Email Address, City"
    tooltip = str(fix.model.data(fix.model.index(at, problems), TOOLTIP))
    assert "@-sign" in tooltip and "City is required" in tooltip
    # The bad cells are marked, the blank City too.
    for field in ("email", "city"):
        cell = fix.model.index(at, fix.model.column_of(field))
        assert fix.model.data(cell, Qt.ItemDataRole.BackgroundRole) is not None

    # The current row's problems in full under the grid: field, value and fix, no box to tick.
    wizard.show()
    fix.table.setCurrentIndex(fix.model.index(at, fix.model.column_of("birthdate")))
    text = fix.details.text()
    assert text.startswith("Row 5 has 2 problems:")
    assert "Email Address is not valid" in text and "(The cell has “marco@”.)" in text
    assert "City is required. Fill it in" in text
    assert "tick" not in text and "add a “No Permanent Address” column with Yes" in text
    fix.table.setCurrentIndex(fix.model.index(0, fix.model.column_of("email")))
    assert fix.details.text() == "Row 4 has no problems."


def test_row_number_and_problems_stay_in_sight_and_the_keyboard_reaches_every_cell(
    desk: Desk, qtbot: QtBot, tmp_path: Path
) -> None:
    wizard, fix, at = _fix_page(desk, qtbot, tmp_path)
    wizard.show()
    qtbot.waitExposed(wizard)
    table = fix.table
    row_column, problems = _column(fix, "Row"), _column(fix, "Problems")
    bar = table.horizontalScrollBar()
    assert bar.maximum() > 0, "the fields do not fit: the grid scrolls sideways"
    bar.setValue(bar.maximum())
    assert _shown_anywhere(fix, at, row_column), "the Row column scrolled away"
    assert _shown_anywhere(fix, at, problems), "the Problems column scrolled away"

    # Keyboard only: from Marco's row, Home, End and the arrows reach every field cell, and
    # the current cell is always in sight (never under the fixed part).
    table.setFocus()
    table.setCurrentIndex(fix.model.index(at, fix.model.column_of("birthdate")))
    qtbot.keyClick(table, Qt.Key.Key_Home)
    first = table.currentIndex().column()
    assert first == fix.model.column_of(fix.model.fields[0])  # College Student ID
    qtbot.keyClick(table, Qt.Key.Key_End)
    last = table.currentIndex().column()
    assert last == fix.model.columnCount() - 1
    qtbot.keyClick(table, Qt.Key.Key_Tab)  # on to the next row's first field, not its number
    assert (table.currentIndex().row(), table.currentIndex().column()) == (at + 1, first)
    qtbot.keyClick(table, Qt.Key.Key_Backtab)
    assert (table.currentIndex().row(), table.currentIndex().column()) == (at, last)
    seen = [last]
    for _ in range(last - first):
        qtbot.keyClick(table, Qt.Key.Key_Left)
        current = table.currentIndex()
        assert _on_screen(table, current), f"column {current.column()} is out of sight"
        seen.append(current.column())
    assert sorted(seen) == list(range(first, last + 1))
    assert table.currentIndex().row() == at
    frozen = table.findChildren(QTableView)[0]
    assert [i.row() for i in frozen.selectionModel().selectedRows()] == [at]  # which row it is
    # A click on another row's number makes that row current, in the same column.
    column = table.currentIndex().column()
    spot = frozen.visualRect(fix.model.index(0, row_column)).center()
    qtbot.mouseClick(frozen.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    assert (table.currentIndex().row(), table.currentIndex().column()) == (0, column)
    assert table.hasFocus() and fix.details.text() == "Row 4 has no problems."

    # F2 edits the current cell; Enter saves it, validated again; the details follow.
    table.setCurrentIndex(fix.model.index(at, fix.model.column_of("email")))
    assert table.editTriggers() & QAbstractItemView.EditTrigger.EditKeyPressed
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = table.focusWidget()
    assert editor is not None and editor is not table
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, "marco.v@studentmail.net")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "1 problem(s) left" in fix.message.text(), timeout=TIMEOUT)
    assert fix.details.text().startswith("Row 5 has 1 problem:")
    assert "City is required" in fix.details.text()
    assert fix.model.data(fix.model.index(at, problems), DISPLAY) == "City"
