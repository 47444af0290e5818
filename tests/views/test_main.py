"""The window's start-up (app/views/main.py): signing out ends the session at the central service
and shows the sign-in screen again on the same workstation; quitting there ends the run."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from PySide6.QtCore import QSettings, QStandardPaths, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.services.server_choice import ServerChoice
from app.views import main
from app.views.main_window import MainWindow
from app.views.sign_in_dialog import SignInDialog
from tests.central.support import STAFF_PASSWORD, Central
from tests.support.memory_keyring import MemoryKeyring


@pytest.fixture
def this_computer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The data folder, the keyring and Qt's settings of a computer of this test's own."""
    monkeypatch.setenv("ACCOUNT_DESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("ACCOUNT_DESK_SERVER", raising=False)
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    native, user = QSettings.Format.NativeFormat, QSettings.Scope.UserScope
    QSettings.setPath(native, user, str(tmp_path / "settings"))
    try:
        yield tmp_path
    finally:
        keyring.set_keyring(previous)
        config = QStandardPaths.StandardLocation.GenericConfigLocation
        QSettings.setPath(native, user, QStandardPaths.writableLocation(config))


def test_sign_out_returns_to_the_sign_in_screen(
    this_computer: Path, central: Central, qtbot: QtBot
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    steps: list[str] = []
    remaining = [300]  # ticks of 100 ms before giving up (the test then fails, never hangs)

    def step() -> None:
        remaining[0] -= 1
        if remaining[0] <= 0:  # something is stuck: end it so that the assertions speak
            for widget in app.topLevelWidgets():
                widget.close()
            app.quit()
            return
        if "sign-in again" in steps:
            return
        QTimer.singleShot(100, step)  # first, so that a failing step cannot leave the run hanging
        dialog = QApplication.activeModalWidget()
        windows = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if isinstance(dialog, SignInDialog) and dialog.isVisible() and not dialog.locked:
            if "signed in" not in steps:
                dialog.username.setText("creator_a")
                dialog.password.setText(STAFF_PASSWORD)
                dialog._submit()
                steps.append("signed in")
            elif "signed out" in steps and "sign-in again" not in steps:
                steps.append("sign-in again")
                dialog.reject()  # closing the sign-in screen ends the run
        elif windows and "signed out" not in steps:
            steps.append(f"window of {windows[0].desk.identity.username}")
            windows[0].sign_out_action.trigger()
            steps.append("signed out")

    QTimer.singleShot(100, step)
    outcome = main._run_with(app, ServerChoice(central.base_url, "settings"))
    assert steps == ["signed in", "window of creator_a", "signed out", "sign-in again"]
    assert outcome == 0
    live = central.sql(
        "SELECT count(*) AS n FROM staff_tokens t JOIN staff s ON s.id = t.staff_id"
        " WHERE s.username = 'creator_a' AND t.revoked_at IS NULL"
    )
    assert live == [{"n": 0}], "the sign-in still works at the service"
