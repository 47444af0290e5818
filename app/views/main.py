"""Start-up of the window, in one readable place: exception hook, the application, the
workstation (keyring, local store, sandbox or server: :mod:`app.services.workstation`), sign-in,
main window (STYLE.md, after vorta's __main__)."""

from __future__ import annotations

import logging
import os
import sys
import time
import traceback
from types import TracebackType

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QProgressDialog

from app import display_check
from app.services.secrets import NoSecureKeyringError
from app.services.server_choice import ServerChoice, current_choice
from app.services.store import StoreError
from app.services.workstation import Workstation
from app.views.keyboard import install as install_keyboard
from app.views.main_window import MainWindow
from app.views.server_dialog import ServerDialog
from app.views.sign_in_dialog import CHANGE_SERVER, SignInDialog
from app.views.sync_bridge import SyncBridge
from app.views.tasks import TaskRunner

RESTART = -1
"""_run_with's answer when staff chose another central service."""
READY_ENV = "ACCOUNT_DESK_EXIT_WHEN_READY"
"""Benchmark and test hook: print ``ready <time.monotonic()> server=<label>`` once the sign-in
dialog has painted and its event loop has turned once, then cancel it (the app exits as if staff
closed it)."""
log = logging.getLogger("account_desk")


def _excepthook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    # Log the trace for support; show a plain message. Never let an unexpected error vanish.
    log.error("unexpected error:\n%s", "".join(traceback.format_exception(kind, error, tb)))
    if QApplication.instance() is not None:
        QMessageBox.critical(
            None,
            "Account Desk",
            f"Something went wrong: {error}\n\n"
            "Nothing you saved is lost. If this happens again, tell IT.",
        )


class _ReadyAfterPaint(QObject):
    """READY_ENV: after the dialog's first paint, one more event-loop turn, then "ready"."""

    def __init__(self, dialog: QDialog, server_label: str) -> None:
        super().__init__(dialog)
        self._dialog, self._server_label = dialog, server_label
        dialog.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self._dialog.removeEventFilter(self)
            QTimer.singleShot(0, self._ready)
        return False

    def _ready(self) -> None:
        print(f"ready {time.monotonic():.6f} server={self._server_label}", flush=True)
        self._dialog.reject()


def _fatal(message: str) -> int:
    QMessageBox.critical(None, "Account Desk cannot start", message)
    return 2


def run() -> int:
    """Run the desktop app until its window closes (starting over when staff change server)."""
    logging.basicConfig(level=logging.INFO)
    # Before Qt is asked for a window: without its X11 libraries it aborts, naming the wrong one.
    cannot_open = display_check.problem()
    if cannot_open is not None and QApplication.instance() is None:
        print(cannot_open, file=sys.stderr)
        return display_check.EXIT_NO_DISPLAY
    sys.excepthook = _excepthook
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Account Desk")
    app.setOrganizationName("Account Desk")
    install_keyboard(app)  # Enter presses the focused button; a visible focus ring
    while True:
        outcome = _run_with(app, current_choice())
        if outcome != RESTART:
            return outcome


def _start_sandbox(app: QApplication, workstation: Workstation) -> str:
    """Start the sandbox with a progress note, keeping the window responsive; its URL."""
    waiting = QProgressDialog(
        "Starting the built-in sandbox (the first start takes a few seconds)…", "", 0, 0
    )
    waiting.setCancelButton(None)
    runner = TaskRunner()
    result: dict[str, object] = {}
    task = runner.start(
        lambda _: workstation.start_sandbox(),
        lambda url: result.setdefault("url", url),
        lambda error: result.setdefault("error", error),
        on_slow=waiting.show,  # only when it takes long enough to notice (the first start)
    )
    while not task.done:
        app.processEvents()
        runner.wait_for_done(50)
    app.processEvents()
    waiting.close()
    if "error" in result:
        raise RuntimeError(str(result["error"]))
    return str(result["url"])


def _run_with(app: QApplication, choice: ServerChoice) -> int:
    """One run against one central service; RESTART when staff chose another."""
    qsettings = QSettings()
    try:
        workstation = Workstation.open(sandbox_data=choice.is_sandbox)
    except (NoSecureKeyringError, StoreError) as error:
        return _fatal(str(error))

    if choice.url is not None:
        server = choice.url
        workstation.connect(server)
    else:
        try:
            server = _start_sandbox(app, workstation)
        except RuntimeError as error:
            workstation.close()
            return _fatal(str(error))
    sandbox = workstation.sandbox

    runner = TaskRunner()

    def cleanup() -> None:
        runner.wait_for_done()
        workstation.close()

    demo: list[tuple[str, str, str]] = []
    if sandbox is not None:
        demo = [
            (u.role.value.replace("_", " "), u.username, u.password) for u in sandbox.demo_sign_ins
        ]
    server_label = server if sandbox is None else "built-in sandbox on this computer"
    while True:  # once more after each sign-out, with the same store and service
        dialog = _sign_in_dialog(choice, workstation, runner, server_label, demo)
        result = dialog.exec()
        if result == CHANGE_SERVER:
            cleanup()
            return RESTART
        if result != SignInDialog.DialogCode.Accepted or dialog.identity is None:
            cleanup()
            return 0
        desk = workstation.open_desk(dialog.identity)
        bridge = SyncBridge(desk.engine)
        desk.engine.start()
        window = MainWindow(desk, bridge, runner, qsettings)
        window.show()
        try:
            code = int(app.exec())
        except BaseException:
            cleanup()
            raise
        finally:
            bridge.detach()
            workstation.stop_sync()
        if window.outcome != "sign_out":
            cleanup()
            return code
        window.deleteLater()


def _sign_in_dialog(
    choice: ServerChoice,
    workstation: Workstation,
    runner: TaskRunner,
    server_label: str,
    demo: list[tuple[str, str, str]],
) -> SignInDialog:
    dialog = SignInDialog(
        workstation.sign_in_or_unlock,  # off the UI thread: it is a network call
        runner,
        server_label=server_label,
        demo_accounts=demo,
        change_server=lambda: (
            ServerDialog(choice, workstation.save_server, runner, parent=dialog).exec()
            == ServerDialog.DialogCode.Accepted
        ),
    )
    if os.environ.get(READY_ENV) == "1":
        _ReadyAfterPaint(dialog, server_label)
    return dialog
