"""Background synchronisation with the central service (Qt-free).

:class:`SyncEngine` pushes the outbox, pulls the change feed and keeps CCCIDs reserved, on its own
thread; :class:`SyncStatus` is what it reports.
"""

from app.services.sync.config import Backoff, SyncConfig
from app.services.sync.engine import SyncEngine
from app.services.sync.status import SyncStatus

__all__ = ["Backoff", "SyncConfig", "SyncEngine", "SyncStatus"]
