"""The "Import spreadsheet" page of the main window: start an import, download the template, or
continue an import that is not finished."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.desk import Desk
from app.services.imports.wizard_service import ImportService, Unfinished
from app.views.import_wizard.context import ImportContext, ShowSlips
from app.views.import_wizard.wizard import ImportWizard
from app.views.slip_renderer import print_preview
from app.views.tasks import TaskControl, TaskRunner

STEP_WORDS = {
    "fix": "checking rows",
    "review": "deciding duplicates",
    "commit": "creating",
    "done": "all created",
}


class ImportLauncherPage(QWidget):
    """Start or continue a spreadsheet import."""

    def __init__(self, desk: Desk, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.runner = desk, runner
        self.imports = ImportService(desk.store)
        self.show_slips: ShowSlips = print_preview
        self.wizard: ImportWizard | None = None
        layout = QVBoxLayout(self)
        heading = QLabel("Import spreadsheet")
        heading.setStyleSheet("font-size: 16pt; font-weight: 600")
        layout.addWidget(heading)
        intro = QLabel(
            "Create accounts for many students at once from a spreadsheet your SIS exported. "
            "Every possible duplicate is shown for you to decide before anything is created."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.start_button = QPushButton("&Import a spreadsheet…")
        self.start_button.clicked.connect(lambda: self.open_wizard())
        row.addWidget(self.start_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(
            QLabel("Imports not finished, or with slips not printed (saved as they went):")
        )
        self.unfinished = QListWidget()
        self.unfinished.setAccessibleName("Imports not finished")
        self.unfinished.itemActivated.connect(self._continue)
        layout.addWidget(self.unfinished, 1)
        self.continue_button = QPushButton("&Continue the selected import")
        self.continue_button.clicked.connect(lambda: self._continue(self.unfinished.currentItem()))
        layout.addWidget(self.continue_button, alignment=Qt.AlignmentFlag.AlignLeft)
        self.refresh()

    def showEvent(self, event: object) -> None:
        self.refresh()
        super().showEvent(event)  # type: ignore[arg-type]

    def refresh(self) -> None:
        imports = self.imports

        def work(_: TaskControl) -> list[Unfinished]:
            return imports.unfinished()

        # Only the newest list is shown: a slow read started before an import ended (the
        # wizard closing refreshes too) must not bring the old list back.
        self.runner.start(work, self._fill, owner=self, key="unfinished")

    def _fill(self, sessions: list[Unfinished]) -> None:
        self.unfinished.clear()
        for info, counts in ((s.info, s.counts) for s in sessions):
            when = info.updated_at.astimezone().strftime("%b %-d, %-I:%M %p")
            state = STEP_WORDS.get(info.step, info.step)
            if counts["without_slip"]:
                state += f"; {counts['without_slip']:,} slip(s) not printed"
            item = QListWidgetItem(
                f"{info.file_name} ({info.sheet}): {counts['total']:,} rows, "
                f"{counts['created']:,} created — {state}, "
                f"last worked on {when} by {info.created_by}"
            )
            item.setData(Qt.ItemDataRole.UserRole, (info.id, info.step))
            self.unfinished.addItem(item)
        if not sessions:
            self.unfinished.addItem("None.")
        else:
            self.unfinished.setCurrentRow(0)  # the newest: Continue works without a click first
        self.continue_button.setEnabled(bool(sessions))

    def _continue(self, item: QListWidgetItem | None) -> None:
        value = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if value:
            session_id, step = value
            self.open_wizard(session_id, step)

    def open_wizard(self, session_id: str | None = None, step: str | None = None) -> ImportWizard:
        """Open the wizard, fresh or on a saved import."""
        context = ImportContext(self.desk, self.runner, self.show_slips, session_id=session_id)
        self.wizard = ImportWizard(context, resume_step=step, parent=self)
        self.wizard.finished.connect(lambda _: self.refresh())
        self.wizard.open()
        return self.wizard
