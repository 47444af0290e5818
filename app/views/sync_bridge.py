"""The thin Qt adapter over the sync engine: its status, delivered on the UI thread."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app.services.sync.engine import SyncEngine
from app.services.sync.status import SyncStatus


class SyncBridge(QObject):
    """Re-emits the engine's status as a Qt signal.

    The engine calls its listeners on its own thread; emitting a signal of an object that lives on
    the UI thread queues the call there, so slots never run on the engine's thread.
    """

    status_changed = Signal(object)

    def __init__(self, engine: SyncEngine, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        engine.add_listener(self._from_engine)

    def _from_engine(self, status: SyncStatus) -> None:
        self.status_changed.emit(status)

    def current(self) -> SyncStatus:
        """The latest status (cheap: a snapshot the engine keeps)."""
        return self.engine.status

    def detach(self) -> None:
        """Stop listening (before the engine or this object goes away)."""
        self.engine.remove_listener(self._from_engine)


def describe(status: SyncStatus) -> tuple[str, str, str]:
    """Connection, queue and last-sync texts for the status bar, in plain words."""
    if status.sign_in_required:
        connection = "Sign-in needed to sync"
    elif status.online:
        connection = "Online" + (" — syncing…" if status.syncing else "")
    else:
        connection = "Offline — working locally"
    parts = [f"{status.queued} waiting to upload"]
    if status.needs_attention:
        parts.append(f"{status.needs_attention} need attention")
    if status.needs_review:
        parts.append(f"{status.needs_review} need review")
    queue = ", ".join(parts)
    last = (
        "Last sync: " + status.last_sync_at.astimezone().strftime("%b %-d, %-I:%M %p")
        if status.last_sync_at
        else "Not synced yet"
    )
    return connection, queue, last
