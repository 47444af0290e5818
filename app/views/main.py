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
from app.services.staff_session import StaffIdentity, sign_in_online, unlock_offline
from app.services.store import LocalStore, StoreError, settings, sync_state
from app.services.sync.engine import SyncEngine
from app.views.main_window import MainWindow
from app.views.sign_in_dialog import SignInDialog
from app.views.sync_bridge import SyncBridge
from app.views.tasks import TaskRunner

SERVER_ENV = "ACCOUNT_DESK_SERVER"
READY_ENV = "ACCOUNT_DESK_EXIT_WHEN_READY"
"""Benchmark hook (bench/desk_startup.py): print ``ready <time.monotonic()>`` once the sign-in
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

    def __init__(self, dialog: QDialog) -> None:
        super().__init__(dialog)
        self._dialog = dialog
        dialog.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self._dialog.removeEventFilter(self)
            QTimer.singleShot(0, self._ready)
        return False

    def _ready(self) -> None:
        print(f"ready {time.monotonic():.6f}", flush=True)
        self._dialog.reject()


def _fatal(message: str) -> int:
    QMessageBox.critical(None, "Account Desk cannot start", message)
    return 2


def run() -> int:
    """Run the desktop app until its window closes."""
    logging.basicConfig(level=logging.INFO)
    sys.excepthook = _excepthook
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Account Desk")
    app.setOrganizationName("Account Desk")
    qsettings = QSettings()
    try:
        secrets = SecretStore()
        store = LocalStore.open(local_database_path(), secrets)
    except (NoSecureKeyringError, StoreError) as error:
        return _fatal(str(error))

    with store.read() as conn:
        server = os.environ.get(SERVER_ENV) or sync_state.load(conn).server_url
        workstation = settings.workstation_id(conn)
    sandbox: SandboxServer | None = None
    if not server:
        sandbox = SandboxServer()
        waiting = QProgressDialog(
            "Starting the built-in sandbox (the first start takes a few seconds)…", "", 0, 0
        )
        waiting.setCancelButton(None)
        waiting.show()
        app.processEvents()
        runner = TaskRunner()
        result: dict[str, object] = {}
        task = runner.start(
            lambda _: sandbox.start() if sandbox else "",
            lambda url: result.setdefault("url", url),
            lambda error: result.setdefault("error", error),
        )
        while not task.done:
            app.processEvents()
            runner.wait_for_done(50)
        app.processEvents()
        waiting.close()
        if "error" in result:
            return _fatal(str(result["error"]))
        server = str(result["url"])

    runner = TaskRunner()
    client = CentralClient(server, secrets, workstation)

    def sign_in(username: str, password: str) -> tuple[StaffIdentity, str]:
        try:
            identity = sign_in_online(store, client, username, password)
            remember_college(store, client)  # here, off the UI thread: it is a network call
            return identity, "online"
        except OfflineError:
            return unlock_offline(store, username, password), "offline"

    demo: list[tuple[str, str, str]] = []
    if sandbox is not None:
        from central.sandbox import DEMO_USERS

        demo = [(u.role.value.replace("_", " "), u.username, u.password) for u in DEMO_USERS]
    dialog = SignInDialog(
        sign_in,
        runner,
        server_label=server if sandbox is None else "built-in sandbox on this computer",
        demo_accounts=demo,
    )
    if os.environ.get(READY_ENV) == "1":
        _ReadyAfterPaint(dialog)
    if dialog.exec() != SignInDialog.DialogCode.Accepted or dialog.identity is None:
        client.close()
        if sandbox:
            sandbox.stop()
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
        runner.wait_for_done()
        client.close()
        store.close()
        if sandbox:
            sandbox.stop()
