"""Start-up, in one readable place: exception hook, settings, secrets, local store, the
application, sign-in, main window (STYLE.md, after vorta's __main__)."""

from __future__ import annotations

import logging
import os
import sys
import time
import traceback
from types import TracebackType

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QProgressDialog

from app.services.central_client import CentralClient, OfflineError
from app.services.desk import Desk, remember_college
from app.services.paths import local_database_path
from app.services.sandbox_server import SandboxServer
from app.services.secrets import NoSecureKeyringError, SecretStore
from app.services.server_choice import (
    ServerChoice,
    ServerProbe,
    current_choice,
    save_choice,
    switch_to,
)
from app.services.staff_session import StaffIdentity, sign_in_online, unlock_offline
from app.services.store import LocalStore, StoreError, settings
from app.services.sync.engine import SyncEngine
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
    sys.excepthook = _excepthook
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Account Desk")
    app.setOrganizationName("Account Desk")
    while True:
        outcome = _run_with(app, current_choice())
        if outcome != RESTART:
            return outcome


def _start_sandbox(app: QApplication, sandbox: SandboxServer) -> str:
    """Start the sandbox with a progress note, keeping the window responsive; its URL."""
    waiting = QProgressDialog(
        "Starting the built-in sandbox (the first start takes a few seconds)…", "", 0, 0
    )
    waiting.setCancelButton(None)
    waiting.show()
    app.processEvents()
    runner = TaskRunner()
    result: dict[str, object] = {}
    task = runner.start(
        lambda _: sandbox.start(),
        lambda url: result.setdefault("url", url),
        lambda error: result.setdefault("error", error),
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
        secrets = SecretStore()
        store = LocalStore.open(local_database_path(sandbox=choice.is_sandbox), secrets)
    except (NoSecureKeyringError, StoreError) as error:
        return _fatal(str(error))

    with store.read() as conn:
        workstation = settings.workstation_id(conn)
    sandbox: SandboxServer | None = None
    if choice.url is not None:
        server = choice.url
    else:
        sandbox = SandboxServer()
        try:
            server = _start_sandbox(app, sandbox)
        except RuntimeError as error:
            store.close()
            return _fatal(str(error))

    runner = TaskRunner()
    client = CentralClient(server, secrets, workstation)

    def cleanup() -> None:
        runner.wait_for_done()
        client.close()
        store.close()
        if sandbox:
            sandbox.stop()

    def sign_in(username: str, password: str) -> tuple[StaffIdentity, str]:
        try:
            identity = sign_in_online(store, client, username, password)
            remember_college(store, client)  # here, off the UI thread: it is a network call
            return identity, "online"
        except OfflineError:
            return unlock_offline(store, username, password), "offline"

    def save_server(found: ServerProbe | None) -> None:
        if found is None:
            save_choice(None)
        elif choice.is_sandbox:  # the real service's data lives in the other database
            with LocalStore.open(local_database_path(), secrets) as real_store:
                switch_to(real_store, found)
        else:
            switch_to(store, found)

    demo: list[tuple[str, str, str]] = []
    if sandbox is not None:
        demo = [
            (u.role.value.replace("_", " "), u.username, u.password) for u in sandbox.demo_sign_ins
        ]
    server_label = server if sandbox is None else "built-in sandbox on this computer"
    dialog = SignInDialog(
        sign_in,
        runner,
        server_label=server_label,
        demo_accounts=demo,
        change_server=lambda: (
            ServerDialog(choice, save_server, runner, parent=dialog).exec()
            == ServerDialog.DialogCode.Accepted
        ),
    )
    if os.environ.get(READY_ENV) == "1":
        _ReadyAfterPaint(dialog, server_label)
    result = dialog.exec()
    if result == CHANGE_SERVER:
        cleanup()
        return RESTART
    if result != SignInDialog.DialogCode.Accepted or dialog.identity is None:
        cleanup()
        return 0
    identity = dialog.identity
    engine = SyncEngine(store, client, college_code=identity.college_code)
    desk = Desk(store, client, engine, identity)
    bridge = SyncBridge(engine)
    engine.start()
    window = MainWindow(desk, bridge, runner, qsettings)
    window.show()
    try:
        return int(app.exec())
    finally:
        bridge.detach()
        engine.stop()
        cleanup()
