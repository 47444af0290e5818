"""A walk through the desk by keyboard alone, in the real main window against the real central
service: choose New student, type a student, create the account and print its slip, then import
a 50-row spreadsheet (choose the file, map, fix a cell, decide its duplicates) and create its
accounts and print their slips.

Every step is a key press sent where Qt sends a person's keys (the open popup, else the focused
widget): Tab, arrows, Enter, Alt+letter, text. What stands in for the rest of the computer:
the slips are saved to PDF files instead of a printer (the pages' ``show_slips``, reported
printed as the preview reports it), and when a dialog closes the window behind it is activated
again, as a window manager does (the offscreen platform does not)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from app.models.account import FIELD_LABELS
from app.services.desk import Desk as DeskServices
from app.services.slips import SlipContent
from app.views.import_wizard.wizard import COMMIT, FIX, MAPPING, REVIEW
from app.views.main_window import MainWindow
from app.views.slip_renderer import save_pdf
from app.views.sync_bridge import SyncBridge
from app.views.tasks import TaskRunner
from tests.central.support import Central
from tests.support.desk import Desk
from tests.support.import_files import many, person, write_export

WAIT = 60_000  # generous: the machine is shared
NONE = Qt.KeyboardModifier.NoModifier
ALT = Qt.KeyboardModifier.AltModifier


# ---- keys, where a person's keys go ------------------------------------------------------------


_BEHIND: list[QWidget] = []
"""The main window: active again once nothing else is (see :func:`settle`)."""


def settle() -> None:
    """What a window manager does and the offscreen platform does not always do: a dialog that
    opens is the active window, and when a popup or a dialog closes, the window behind it (the
    open modal dialog, else the main window) is active again. Alt+letters and keys follow the
    active window."""
    if QApplication.activePopupWidget() is not None:
        return
    active, modal = QApplication.activeWindow(), QApplication.activeModalWidget()
    if modal is not None and modal.isVisible():
        behind: QWidget | None = modal
    elif active is None or not active.isVisible():
        behind = _BEHIND[-1] if _BEHIND else None
    else:
        return
    if behind is None or active is behind:
        return
    behind.activateWindow()
    for _ in range(100):
        if QApplication.activeWindow() is behind:
            return
        QTest.qWait(10)
    raise AssertionError(f"{type(behind).__name__} did not become active")


def _receiver() -> QWidget:
    settle()
    target = QApplication.activePopupWidget() or QApplication.focusWidget()
    assert target is not None, "no widget has the keyboard"
    return target


def key(key: Qt.Key, modifier: Qt.KeyboardModifier = NONE) -> None:
    QTest.keyClick(_receiver(), key, modifier)


def alt(letter: str) -> None:
    """Alt+letter: the control whose label underlines ``letter``."""
    key(Qt.Key(ord(letter.upper())), ALT)


def type_text(text: str) -> None:
    for char in text:
        QTest.keyClicks(_receiver(), char)


def tab_until(found: Callable[[QWidget], bool], what: str, limit: int = 80) -> QWidget:
    for _ in range(limit):
        settle()
        focused = QApplication.focusWidget()
        if focused is not None and found(focused):
            return focused
        key(Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {what}")


def tab_to(name: str) -> QWidget:
    return tab_until(lambda w: w.objectName() == name, name)


def tab_to_widget(widget: QWidget, what: str) -> QWidget:
    return tab_until(lambda w: w is widget, what)


class WhenDialogOpens:
    """Acts on the next modal dialog of a kind, with keys, from inside its own event loop."""

    def __init__(self, kind: type[QWidget], act: Callable[[QWidget], None]) -> None:
        self.kind, self.act, self.done = kind, act, False
        self._timer = QTimer()
        self._timer.setInterval(30)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def _tick(self) -> None:
        modal = QApplication.activeModalWidget()
        if self.done or not isinstance(modal, self.kind) or not modal.isVisible():
            return
        if QApplication.activeWindow() is not modal:
            modal.activateWindow()  # as a window manager activates a dialog that opens
            return
        focused = QApplication.focusWidget()
        if focused is not None and (focused is modal or modal.isAncestorOf(focused)):
            self.done = True
            self._timer.stop()
            self.act(modal)

    def opened(self) -> None:
        """For waitUntil: what is open instead, if the dialog has not been answered."""
        modal, focused = QApplication.activeModalWidget(), QApplication.focusWidget()
        assert self.done, f"waiting for a {self.kind.__name__}; open: {modal}, focus: {focused}"


def _printer(tmp_path: Path, saved: list[Path]) -> Callable[[QWidget, list[SlipContent]], int]:
    def save(_: QWidget, contents: list[SlipContent]) -> int:
        path = tmp_path / f"slips{len(saved)}.pdf"
        save_pdf(contents, path)
        saved.append(path)
        return QDialog.DialogCode.Accepted.value

    return save


def _pdf_text(path: Path) -> str:
    return "".join("".join(page.extract_text().split()) for page in PdfReader(path).pages)


# ---- the walk ----------------------------------------------------------------------------------


def test_a_counselor_by_keyboard_alone(
    desk: Desk, central: Central, qtbot: QtBot, tmp_path: Path
) -> None:
    assert desk.staff is not None
    services = DeskServices(desk.store, desk.client, desk.engine, desk.staff)
    services.refresh_college()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(services, SyncBridge(desk.engine), TaskRunner(), settings)
    qtbot.addWidget(window)
    saved: list[Path] = []
    window.new_student.show_slips = _printer(tmp_path, saved)
    window.import_page.show_slips = _printer(tmp_path, saved)
    _BEHIND[:] = [window]
    window.show()
    qtbot.waitExposed(window)
    # A window manager makes a newly shown window active; the offscreen platform may not at
    # once (a window of an earlier test in this process may still hold the keyboard).
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=10000)
    settle()

    # New student: the first section of the navigation, then Tab into the form.
    tab_to_widget(window.nav, "the navigation")
    key(Qt.Key.Key_End)
    key(Qt.Key.Key_Home)
    assert window.pages.currentWidget() is window.new_student
    key(Qt.Key.Key_Tab)
    form = window.new_student.form
    assert QApplication.focusWidget() is form.input_for("first_name")
    type_text("Lucia")
    for field, text in (
        ("last_name", "Marroquin-Teyes"),
        ("birthdate", "03/14/2000"),
        ("birthdate_confirmation", "3/14/2000"),
        ("email", "lucia.mt@studentmail.net"),
        ("street1", "2210 Tulare St"),
        ("city", "Fresno"),
        ("state", "Califo"),  # Tab takes "CA – California", the choice the list shows
        ("postal_code", "93721"),
    ):
        tab_to(field)
        type_text(text)
    key(Qt.Key.Key_Return)  # Enter in a field creates the account
    qtbot.waitUntil(lambda: len(saved) == 1, timeout=WAIT)
    cccid = desk.sql("SELECT cccid FROM accounts WHERE last_name = ?", "Marroquin-Teyes")[0][0]
    student = json.loads(desk.sql("SELECT student FROM accounts WHERE cccid = ?", cccid)[0][0])
    assert student["state"] == "CA"
    assert cccid in _pdf_text(saved[0])
    assert "the slip was printed" in window.new_student.notice.text()
    settle()
    assert QApplication.focusWidget() is form.input_for("first_name"), "ready for the next"

    # The import: the Import spreadsheet section (Ctrl+2), then Alt+I opens the wizard.
    rows = many(47)
    rows.insert(5, person("900010", "Lucia", "Marroquin-Teyes", dt.date(2000, 3, 14),
                          street="2210 Tulare St", city="Fresno", postal="93721"))  # fmt: skip
    rows.insert(9, person("900020", "Marco", "Villanueva", dt.date(1998, 2, 3), email="marco@"))
    rows.append([*rows[0][:-1], None])  # the first student twice in one file
    assert len(rows) == 50
    path = write_export(tmp_path / "legacy students.xlsx", rows)
    key(Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.import_page
    alt("i")
    qtbot.waitUntil(lambda: window.import_page.wizard is not None, timeout=WAIT)
    wizard = window.import_page.wizard
    assert wizard is not None
    qtbot.waitExposed(wizard)
    settle()

    # Step 1: Alt+C opens the file dialog; the path is typed into it.
    def choose(dialog: QWidget) -> None:
        assert isinstance(dialog, QFileDialog)
        type_text(str(path))
        key(Qt.Key.Key_Return)

    chooser = WhenDialogOpens(QFileDialog, choose)
    alt("c")
    qtbot.waitUntil(chooser.opened, timeout=WAIT)
    qtbot.waitUntil(lambda: wizard.file_page.isComplete(), timeout=WAIT)
    assert "50 rows" in wizard.file_page.message.text()

    # Step 2: the mapping proposed from the headers is right; Alt+N goes on.
    alt("n")
    qtbot.waitUntil(lambda: wizard.currentId() == MAPPING, timeout=WAIT)
    qtbot.waitUntil(lambda: wizard.mapping_page.isComplete(), timeout=WAIT)
    alt("n")

    # Step 3: one row has a broken email; show only the rows with problems and fix the cell.
    qtbot.waitUntil(lambda: wizard.currentId() == FIX, timeout=WAIT)
    fix = wizard.fix_page
    qtbot.waitUntil(lambda: "1 with problems" in fix.summary.text(), timeout=WAIT)
    alt("p")
    qtbot.waitUntil(lambda: fix.model.rowCount() == 1, timeout=WAIT)
    tab_to_widget(fix.table, "the fix grid")
    email_column = next(  # the column headed as the form's Email Address is
        c
        for c in range(fix.model.columnCount())
        if fix.model.headerData(c, Qt.Orientation.Horizontal) == FIELD_LABELS["email"]
    )
    for _ in range(fix.model.columnCount()):
        if fix.table.currentIndex().isValid() and fix.table.currentIndex().column() == email_column:
            break
        key(Qt.Key.Key_Right)
    assert fix.table.currentIndex().column() == email_column
    key(Qt.Key.Key_F2)
    key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text("marco.v@studentmail.net")
    key(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "no problems found" in fix.summary.text(), timeout=WAIT)
    alt("n")

    # Step 4: decide the duplicates. The desk's student is linked to the account made above;
    # of the student who is in the file twice, one row is skipped and the other created.
    qtbot.waitUntil(lambda: wizard.currentId() == REVIEW, timeout=WAIT)
    review = wizard.review_page
    qtbot.waitUntil(lambda: bool(review.counts) and not review.progress.busy, timeout=WAIT)
    qtbot.waitUntil(lambda: not review.central_progress.busy, timeout=WAIT)
    waiting = sorted(r.row_no for r in review.model.rows)
    assert len(waiting) == 3, [(r.row_no, r.fields.get("last_name")) for r in review.model.rows]
    tab_to_widget(review.table, "the rows to review")

    def select(last_name: str) -> int:
        """Arrow keys through the list until a row of ``last_name`` is selected."""
        key(Qt.Key.Key_Home)
        for _ in range(len(review.model.rows) + 1):
            row = review._selected_row()
            if row is not None and row.fields.get("last_name") == last_name:
                return row.row_no
            key(Qt.Key.Key_Down)
        raise AssertionError(f"no row of {last_name} to select")

    lucia = select("Marroquin-Teyes")
    assert review.selected_candidate() is not None
    assert review.selected_candidate()["cccid"] == cccid  # type: ignore[index]
    alt("l")
    qtbot.waitUntil(lambda: lucia not in {r.row_no for r in review.model.rows}, timeout=WAIT)
    tab_to_widget(review.table, "the rows to review")
    twice = str(rows[0][2])
    # Keep the first of the two rows (with the reason), skip the later one.
    kept = select(twice)
    tab_to_widget(review.reason, "the reason")
    type_text("The same student twice in the file; the later row is skipped")
    alt("a")
    qtbot.waitUntil(lambda: kept not in {r.row_no for r in review.model.rows}, timeout=WAIT)
    tab_to_widget(review.table, "the rows to review")
    skipped = select(twice)
    alt("k")
    qtbot.waitUntil(lambda: not review.model.rows, timeout=WAIT)
    assert "0 row(s) need your decision" in review.summary.text()
    alt("n")

    # Step 5: create the accounts, print their slips, close.
    qtbot.waitUntil(lambda: wizard.currentId() == COMMIT, timeout=WAIT)
    commit = wizard.commit_page
    qtbot.waitUntil(commit.commit_button.isEnabled, timeout=WAIT)
    alt("c")
    qtbot.waitUntil(lambda: commit.finished and not commit.progress.busy, timeout=WAIT)
    assert "Created 48, linked 1, skipped 1" in commit.outcome.text(), commit.outcome.text()
    qtbot.waitUntil(commit.slips_button.isEnabled, timeout=WAIT)
    alt("p")
    qtbot.waitUntil(lambda: len(saved) == 2, timeout=WAIT)
    batch = _pdf_text(saved[1])
    assert "Villanueva" in batch and str(rows[0][1]) in batch
    assert len(PdfReader(saved[1]).pages) == 48
    close = tab_until(lambda w: w.property("text") == "Close", "Close")
    key(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=WAIT)
    assert close is not None and commit.unprinted() == 0

    outcome = dict(desk.sql("SELECT row_no, status FROM import_rows"))
    assert (outcome[lucia], outcome[skipped], outcome[kept]) == ("linked", "skipped", "created")
    status = desk.sync()
    assert status.queued == 0 and status.needs_attention == 0, status
    assert len(central.sql("SELECT 1 FROM accounts")) == 49  # the desk's student and 48 new
