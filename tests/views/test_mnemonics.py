"""Every Alt+letter belongs to one control of what is on screen together: each page of the main
window, each step of the import wizard with the wizard's own buttons, and each dialog.

Two controls with the same underlined letter make Alt+letter cycle between them instead of
going where the label says. A control counts when it is on show; in a wizard step, every
control of the step counts (some show only in some states, and may then show together)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QLabel,
    QMenuBar,
    QMessageBox,
    QTabWidget,
    QWidget,
    QWizard,
)
from pytestqt.qtbot import QtBot

from app.services.desk import Desk as DeskServices
from app.services.server_choice import ServerChoice
from app.services.staff_session import StaffIdentity
from app.views.duplicate_panel import CreateAnywayDialog
from app.views.main_window import MainWindow
from app.views.server_dialog import ServerDialog
from app.views.sign_in_dialog import SignInDialog
from app.views.sync_bridge import SyncBridge
from app.views.tasks import TaskRunner
from tests.support.desk import Desk

_MARK = re.compile(r"&([^&\s])")


def mnemonic(text: str) -> str | None:
    """The letter after a single ``&`` (``&&`` is a literal ampersand), lower case."""
    found = _MARK.search(text.replace("&&", ""))
    return found.group(1).casefold() if found else None


def _texts(widget: QWidget) -> list[str]:
    if isinstance(widget, QLabel | QAbstractButton):
        return [widget.text()]
    if isinstance(widget, QGroupBox):
        return [widget.title()]
    if isinstance(widget, QTabWidget):
        return [widget.tabText(i) for i in range(widget.count())]
    if isinstance(widget, QMenuBar):
        return [action.text() for action in widget.actions() if action.isVisible()]
    return []


def owners(widgets: Iterable[QWidget]) -> dict[str, list[str]]:
    """Letter -> the controls it underlines, as "Type 'text'"."""
    found: dict[str, list[str]] = {}
    for widget in widgets:
        for text in _texts(widget):
            letter = mnemonic(text)
            if letter is not None:
                found.setdefault(letter, []).append(f"{type(widget).__name__} {text!r}")
    return found


def on_show(root: QWidget) -> list[QWidget]:
    """``root`` and what in it is on show (hidden pages of a stack are not)."""
    return [root, *(w for w in root.findChildren(QWidget) if w.isVisibleTo(root))]


def shared(found: dict[str, list[str]]) -> dict[str, list[str]]:
    return {letter: where for letter, where in found.items() if len(where) > 1}


def _services(desk: Desk) -> DeskServices:
    assert desk.staff is not None
    services = DeskServices(desk.store, desk.client, desk.engine, desk.staff)
    services.refresh_college()
    return services


def _no_sign_in(username: str, password: str) -> tuple[StaffIdentity, str]:
    raise AssertionError("nobody signs in during this test")


def _no_save(*_: object) -> None:
    raise AssertionError("nothing is saved during this test")


def _wizard_buttons(wizard: QWizard, last: bool) -> list[QWidget]:
    """The wizard's own buttons on a step (Qt's rule: Back, Next and Cancel; on the last step
    Finish and Cancel, as this wizard hides Back there)."""
    kinds = (
        (QWizard.WizardButton.FinishButton, QWizard.WizardButton.CancelButton)
        if last
        else (
            QWizard.WizardButton.BackButton,
            QWizard.WizardButton.NextButton,
            QWizard.WizardButton.CancelButton,
        )
    )
    return [wizard.button(kind) for kind in kinds]


def test_no_two_controls_on_screen_share_an_alt_letter(
    desk: Desk, qtbot: QtBot, tmp_path: Path
) -> None:
    services = _services(desk)
    runner = TaskRunner()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(services, SyncBridge(desk.engine), runner, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    screens: dict[str, dict[str, list[str]]] = {}

    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        screens[f"main window, {window.nav.item(row).text()}"] = owners(on_show(window))

    wizard = window.import_page.open_wizard()
    qtbot.addWidget(wizard)
    page_ids = wizard.pageIds()
    for position, page_id in enumerate(page_ids):
        page = wizard.page(page_id)
        controls = [page, *page.findChildren(QWidget)]
        controls += _wizard_buttons(wizard, last=position == len(page_ids) - 1)
        screens[f"import wizard, {page.title()}"] = owners(controls)
    wizard.reject()

    dialogs: list[tuple[str, QWidget]] = [
        ("sign-in", SignInDialog(_no_sign_in, runner, server_label="x")),
        (
            "sign-in with a server to change",
            SignInDialog(_no_sign_in, runner, server_label="x", change_server=lambda: False),
        ),
        ("locked", SignInDialog(_no_sign_in, runner, server_label="", locked_username="a")),
        ("central service", ServerDialog(ServerChoice(None, "default"), _no_save, runner)),
        ("create anyway", CreateAnywayDialog([], window)),
    ]
    for name, dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        screens[name] = owners(on_show(dialog))
        dialog.close()

    counted = sum(len(where) for found in screens.values() for where in found.values())
    assert counted > 60, "the walk found too few controls to mean anything"
    clashes = [
        f"{name}: Alt+{letter.upper()} is {' and '.join(where)}"
        for name, found in screens.items()
        for letter, where in shared(found).items()
    ]
    assert not clashes, "\n".join(clashes)


def test_the_question_before_an_unprinted_slip_closes_has_its_own_letters(
    desk: Desk, qtbot: QtBot, tmp_path: Path
) -> None:
    services = _services(desk)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(services, SyncBridge(desk.engine), TaskRunner(), settings)
    qtbot.addWidget(window)
    window.show()
    asked: dict[str, list[str]] = {}

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        asked.update(owners(on_show(box)))
        box.reject()  # Esc: back to the slip

    QTimer.singleShot(0, answer)
    assert window.new_student._close_unprinted() is False
    assert sorted(asked) == ["c", "p"], asked  # Close without printing, Print the slip
