"""What the wizard's pages share: the desk, the import service, the task runner, and the import
being worked on."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtWidgets import QWidget

from app.services.desk import Desk
from app.services.imports.commit import MadeSlip
from app.services.imports.session import ImportSource
from app.services.imports.wizard_service import ImportService
from app.services.slips import SlipContent
from app.views.tasks import TaskRunner

SIZE_FROM_ROWS = 200
"""Tables size their columns from this many rows (all rows would stall the UI thread)."""

ShowSlips = Callable[[QWidget, list[SlipContent]], object]


@dataclass
class ImportContext:
    """Shared state of one wizard run."""

    desk: Desk
    runner: TaskRunner
    show_slips: ShowSlips
    source: ImportSource | None = None
    session_id: str | None = None
    slips: list[MadeSlip] = field(default_factory=list)
    """Slips made by commits in this run (their passwords exist only here, in memory)."""
    printed: set[int] = field(default_factory=set)
    """Rows of :attr:`slips` whose slips were printed."""
    imports: ImportService = field(init=False)
    """What the pages read and write in the store (call it off the UI thread)."""

    def __post_init__(self) -> None:
        self.imports = ImportService(self.desk.store)
