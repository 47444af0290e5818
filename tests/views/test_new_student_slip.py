"""After Create on the New student page: the slip's print preview, what happens when it is closed
unprinted, and the notice above the form, against the real desk and central service.

The first test uses the real print preview and presses Esc on it; where a slip must actually be
printed, the preview is replaced by saving the same slips to a PDF and reporting them printed,
as the preview does once it has printed (no printer here)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.services.desk import Desk as DeskServices
from app.services.slips import SlipContent
from app.views.new_student_page import NewStudentPage
from app.views.slip_renderer import SlipPreviewDialog, save_pdf
from app.views.tasks import TaskRunner
from tests.support.desk import Desk

TYPED = {
    "first_name": "Yesenia",
    "last_name": "Tlapalcoyoa",
    "birthdate": "1999-11-02",
    "birthdate_confirmation": "1999-11-02",
    "email": "yesenia.t@studentmail.net",
    "street1": "455 W Olive Ave",
    "city": "Merced",
    "state": "CA",
    "postal_code": "95348",
}


def _page(desk: Desk, qtbot: QtBot) -> NewStudentPage:
    assert desk.staff is not None
    services = DeskServices(desk.store, desk.client, desk.engine, desk.staff)
    page = NewStudentPage(services, TaskRunner())
    qtbot.addWidget(page)
    page.resize(1280, 860)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    return page


def _save_to(tmp_path: Path, printed: list[Path]) -> Callable[[QWidget, list[SlipContent]], int]:
    def save(_: QWidget, contents: list[SlipContent]) -> int:
        path = tmp_path / f"slip{len(printed)}.pdf"
        save_pdf(contents, path)
        printed.append(path)
        return QDialog.DialogCode.Accepted.value

    return save


def _key(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """One key press where a person's would go: the focused widget."""
    target = QApplication.focusWidget()
    assert target is not None
    QTest.keyClick(target, key, modifier)


class Dialogs:
    """Answers modal dialogs as they open, in order: each step waits for a dialog of its kind
    (never one answered already) and acts on it with keys, from inside the dialog's own loop."""

    def __init__(self, steps: list[tuple[type[QWidget], Callable[[QWidget], None]]]) -> None:
        self.steps = list(steps)
        self.seen: list[QWidget] = []
        self.texts: list[str] = []
        self._timer = QTimer()
        self._timer.setInterval(30)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def _tick(self) -> None:
        modal = QApplication.activeModalWidget()
        if not self.steps or modal is None or not modal.isVisible():
            return
        focused = QApplication.focusWidget()
        if focused is None or not (focused is modal or modal.isAncestorOf(focused)):
            return  # keys would still go to the window behind it
        if any(modal is seen for seen in self.seen):
            return
        kind, act = self.steps[0]
        if isinstance(modal, kind):
            self.steps.pop(0)
            self.seen.append(modal)
            if isinstance(modal, QMessageBox):
                self.texts.append(modal.text())
            act(modal)

    def done(self) -> bool:
        return not self.steps

    def check_done(self) -> None:
        """For waitUntil: which dialog never came, after which ones."""
        answered = [type(d).__name__ for d in self.seen]
        assert not self.steps, f"no {self.steps[0][0].__name__} opened after {answered}"

    def stop(self) -> None:
        self._timer.stop()


def _escape(_: QWidget) -> None:
    _key(Qt.Key.Key_Escape)


def _close_without_printing(box: QWidget) -> None:
    """Tab from the default button ("Print the slip") to "Close without printing"; Enter."""
    assert isinstance(box, QMessageBox)
    for _ in range(4):
        focused = QApplication.focusWidget()
        if focused is not None and focused.property("text") == "&Close without printing":
            break
        _key(Qt.Key.Key_Tab)
    _key(Qt.Key.Key_Return)


def test_escape_on_the_preview_asks_and_the_slip_can_be_printed_later(
    desk: Desk, qtbot: QtBot, tmp_path: Path
) -> None:
    page = _page(desk, qtbot)
    # Esc on the preview; Esc on the question goes back to the slip; Esc again; then close.
    dialogs = Dialogs(
        [
            (SlipPreviewDialog, _escape),
            (QMessageBox, _escape),
            (SlipPreviewDialog, _escape),
            (QMessageBox, _close_without_printing),
        ]
    )
    page.form.set_values(TYPED)
    page.form.submit()
    try:
        qtbot.waitUntil(dialogs.check_done, timeout=20000)
    finally:
        dialogs.stop()
    qtbot.waitUntil(lambda: "no slip was printed" in page.notice.text(), timeout=10000)
    question = dialogs.texts[0]
    assert "has not been printed" in question and "cannot sign in" in question
    assert "Close without printing?" in question
    assert dialogs.texts[1] == question
    cccid = desk.sql("SELECT cccid FROM accounts WHERE last_name = ?", "Tlapalcoyoa")[0][0]
    assert cccid in page.notice.text()
    assert '"This is the student"' in page.notice.text()
    assert page.form.snapshot().get("last_name") in (None, "")

    # What the question promised: type the student again, "This is the student", and print
    # new temporary credentials.
    printed: list[Path] = []
    page.show_slips = _save_to(tmp_path, printed)
    page.form.set_values(TYPED)
    page.form.changed.emit(page.form.snapshot())
    qtbot.waitUntil(
        lambda: any(c.cccid == cccid for c in page.panel.strong_candidates()), timeout=15000
    )
    row = next(i for i, c in enumerate(page.panel.model.candidates()) if c.cccid == cccid)
    page.panel.table.selectRow(row)
    page.panel.link_button.click()
    qtbot.waitUntil(lambda: page.link_box is not None and page.link_box.isVisible(), timeout=15000)
    box = page.link_box
    assert box is not None
    reprint = next(b for b in box.buttons() if b.text() == "Print new temporary credentials")
    reprint.click()
    qtbot.waitUntil(lambda: bool(printed), timeout=15000)
    text = "".join(PdfReader(printed[0]).pages[0].extract_text().split())
    assert cccid in text
    assert "The new slip was printed" in page.notice.text()
    kinds = [row[0] for row in desk.sql("SELECT kind FROM outbox WHERE cccid = ?", cccid)]
    assert "account.credentials" in kinds


def test_the_notice_is_as_tall_as_its_words_and_goes_when_the_next_student_is_typed(
    desk: Desk, qtbot: QtBot, tmp_path: Path
) -> None:
    page = _page(desk, qtbot)
    printed: list[Path] = []
    page.show_slips = _save_to(tmp_path, printed)
    page.form.set_values(TYPED)
    page.form.submit()
    qtbot.waitUntil(lambda: bool(printed), timeout=15000)
    qtbot.waitUntil(lambda: "created for Yesenia" in page.notice.text(), timeout=5000)
    qtbot.wait(50)  # the layout settles
    notice = page.notice
    assert notice.isVisible()
    lines = notice.fontMetrics().lineSpacing()
    assert notice.height() <= 3 * lines + 12, f"the notice is {notice.height()} px tall"
    # The form starts right under it, not below a blank band.
    form_top = page.form.mapTo(page, page.form.rect().topLeft()).y()
    assert form_top - notice.geometry().bottom() < 40

    assert "the slip was printed" in notice.text()

    first = page.form.input_for("first_name")
    qtbot.waitUntil(first.hasFocus)
    qtbot.keyClicks(first, "B")
    assert not notice.isVisible(), "the last student's notice stays while the next is typed"
    assert notice.text() == ""
