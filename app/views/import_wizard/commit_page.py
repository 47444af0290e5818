"""Step 5 and 6: create the accounts (through the outbox, in batches, with progress and Cancel;
offline with the CCCIDs reserved here), then save the results file for the SIS and print every
new account's slip as one batch."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)

from app.services.imports import commit as committing
from app.services.imports import results
from app.services.store import imports as import_store
from app.views.import_wizard.context import ImportContext
from app.views.import_wizard.progress import TaskProgress, reporter
from app.views.tasks import TaskControl


class CommitPage(QWizardPage):
    """Create, then results and slips."""

    def __init__(self, context: ImportContext) -> None:
        super().__init__()
        self.context = context
        self.setTitle("Create the accounts")
        self.setSubTitle(
            "Accounts are saved on this computer first and uploaded by the sync engine. Closing "
            "the window or losing the network loses nothing: continue the import later."
        )
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Commit summary")
        layout.addWidget(self.summary)
        self.commit_button = QPushButton("&Create the accounts")
        self.commit_button.clicked.connect(self.start_commit)
        row = QHBoxLayout()
        row.addWidget(self.commit_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.progress = TaskProgress(context.runner)
        layout.addWidget(self.progress)
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.outcome.setAccessibleName("Commit outcome")
        layout.addWidget(self.outcome)
        after = QHBoxLayout()
        self.results_button = QPushButton("Save the &results file…")
        self.results_button.clicked.connect(self._save_results)
        self.slips_button = QPushButton("&Print the slips…")
        self.slips_button.clicked.connect(self._print_slips)
        after.addWidget(self.results_button)
        after.addWidget(self.slips_button)
        after.addStretch(1)
        layout.addLayout(after)
        layout.addStretch(1)
        self.counts: dict[str, int] = {}
        self.finished = False

    @property
    def session_id(self) -> str:
        assert self.context.session_id is not None
        return self.context.session_id

    def initializePage(self) -> None:
        self.commit_button.setEnabled(False)  # until the counts say there is something to do
        self.refresh()

    def refresh(self) -> None:
        store, session_id = self.context.desk.store, self.session_id

        def work(_: TaskControl) -> dict[str, int]:
            with store.read() as conn:
                return import_store.counts(conn, session_id)

        self.context.runner.start(
            work, self._show, lambda e: self.outcome.setText(str(e)), owner=self
        )

    def _show(self, counts: object) -> None:
        assert isinstance(counts, dict)
        self.counts = counts
        ready = counts["to_create"] + counts["to_link"] + counts["to_skip"]
        waiting = counts["undecided"]
        self.summary.setText(
            f"Ready: {counts['to_create']:,} new account(s), {counts['to_link']:,} link(s) to "
            f"existing accounts, {counts['to_skip']:,} row(s) skipped."
            + (f" {waiting:,} row(s) still need a decision and" if waiting else "")
            + (f" {counts['problems']:,} row(s) have problems:" if counts["problems"] else "")
            + (
                " they are not created and appear in the results file."
                if waiting or counts["problems"]
                else ""
            )
            + (
                f" Already done: {counts['created']:,} created, {counts['linked']:,} linked."
                if counts["created"] or counts["linked"]
                else ""
            )
        )
        self.commit_button.setEnabled(ready > 0 and not self.progress.busy)
        self.slips_button.setEnabled(bool(self.context.slips))
        self.completeChanged.emit()

    def start_commit(self) -> None:
        desk, session_id = self.context.desk, self.session_id
        online = desk.engine.status.online

        def work(control: TaskControl) -> committing.CommitReport:
            # Read here, off the UI thread: the store may be busy with another long step.
            details = committing.SlipDetails(
                desk.college().name, desk.identity.display_name, desk.reclaim_url()
            )
            return committing.commit(
                desk.store,
                session_id,
                desk.identity,
                details,
                reserve=desk.engine.reserve if online else None,
                progress=reporter(control),
            )

        self.commit_button.setEnabled(False)
        self.progress.run("Creating the accounts…", work, self._committed, self._failed)

    def _committed(self, report: object) -> None:
        assert isinstance(report, committing.CommitReport)
        self.context.slips.extend(report.slips)
        self.context.desk.engine.sync_now()
        self.finished = True
        self.outcome.setText(
            f"Created {report.created:,}, linked {report.linked:,}, skipped {report.skipped:,}."
            + (f" {report.stopped}" if report.stopped else "")
            + " Save the results file for your SIS, and print the slips."
        )
        self.refresh()

    def _failed(self, error: BaseException) -> None:
        self.outcome.setText(f"Stopped: {error}. What was already created is kept; try again.")
        self.refresh()

    def _save_results(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Save the results", "import results.xlsx", "Excel (*.xlsx);;CSV (*.csv)"
        )
        if name:
            self.save_results(Path(name))

    def save_results(self, path: Path) -> None:
        desk, session_id = self.context.desk, self.session_id
        self.context.runner.start(
            lambda _: results.write_results(desk.store, session_id, path, desk.identity.username),
            lambda n: self.outcome.setText(f"Results for {n:,} rows saved to {path.name}."),
            lambda e: self.outcome.setText(f"The results were not saved: {e}"),
            owner=self,
        )

    def _print_slips(self) -> None:
        slips = [made.slip for made in sorted(self.context.slips, key=lambda m: m.row_no)]
        if slips:
            self.context.show_slips(self, slips)

    def isComplete(self) -> bool:
        return not self.progress.busy
