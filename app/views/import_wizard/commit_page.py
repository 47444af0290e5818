"""Step 5 and 6: create the accounts (through the outbox, in batches, with progress and Cancel;
offline with the CCCIDs reserved here), then save the results file for the SIS and print every
new account's slip as one batch.

A slip's password lives only in this window's memory. Rows created by an earlier run whose slips
were never printed (the app closed or crashed first, or the command line committed them) are
counted here, and staff can give those accounts new passwords and print their slips."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from app.services.desk import Desk
from app.services.imports import commit as committing
from app.services.imports import new_slips, results
from app.services.imports.wizard_service import CommitState
from app.views.import_wizard.context import ImportContext
from app.views.import_wizard.progress import TaskProgress, reporter
from app.views.slip_renderer import printed
from app.views.tasks import TaskControl

Confirm = Callable[[QWidget, str, str], bool]


def ask(parent: QWidget, title: str, text: str) -> bool:
    """Yes or No from a person (No is the default: the question voids printed slips)."""
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def _slip_details(desk: Desk) -> committing.SlipDetails:
    """What every slip of the batch shares. Call it off the UI thread: it reads the store (the
    reclaim address), which may be busy with another long step."""
    return committing.SlipDetails(
        desk.college().name, desk.identity.display_name, desk.reclaim_url()
    )


def _refused_words(refused: dict[int, str]) -> str:
    """The rows not created (or held back) for what the service refuses, the first in full."""
    if not refused:
        return ""
    first = min(refused)
    return (
        f" {len(refused):,} row(s) have no slip because the statewide service would refuse "
        f"or has refused them, e.g. {refused[first]}"
    )


class CommitPage(QWizardPage):
    """Create, then results and slips."""

    def __init__(self, context: ImportContext) -> None:
        super().__init__()
        self.context = context
        self.setTitle("Create the accounts")
        self.setSubTitle(
            "Accounts are saved on this computer first. Online they are uploaded before their "
            "slips print; offline the sync engine uploads them later. Closing the window or "
            "losing the network loses nothing: continue the import later."
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
        # Rows created by an earlier run whose slips nobody printed: hidden when there are none.
        self.earlier_note = QLabel()
        self.earlier_note.setWordWrap(True)
        self.earlier_note.setTextFormat(Qt.TextFormat.RichText)
        self.earlier_note.setAccessibleName("Accounts without a printed slip")
        layout.addWidget(self.earlier_note)
        self.earlier_button = QPushButton("Make &new passwords and print their slips…")
        self.earlier_button.clicked.connect(self.start_new_slips)
        layout.addWidget(self.earlier_button, alignment=Qt.AlignmentFlag.AlignLeft)
        self.earlier_note.hide()
        self.earlier_button.hide()
        layout.addStretch(1)
        self.counts: dict[str, int] = {}
        self.earlier: list[int] = []
        """Created rows without a printed slip whose passwords this window does not hold."""
        self.confirm: Confirm = ask
        self.finished = False

    @property
    def session_id(self) -> str:
        assert self.context.session_id is not None
        return self.context.session_id

    def initializePage(self) -> None:
        self.commit_button.setEnabled(False)  # until the counts say there is something to do
        self.refresh()

    def refresh(self) -> None:
        imports, session_id = self.context.imports, self.session_id

        def work(_: TaskControl) -> CommitState:
            return imports.commit_state(session_id)

        self.context.runner.start(
            work, self._show, lambda e: self.outcome.setText(str(e)), owner=self, key="counts"
        )

    def _show(self, answer: CommitState) -> None:
        counts, without_slip = answer.counts, answer.without_slip
        self.counts = counts
        in_hand = {made.row_no for made in self.context.slips}
        self.earlier = [row_no for row_no in without_slip if row_no not in in_hand]
        self._show_earlier()
        ready = counts["to_create"] + counts["to_link"] + counts["to_skip"]
        waiting = counts["undecided"]
        self.summary.setText(
            (
                f"Ready: {counts['to_create']:,} new account(s), {counts['to_link']:,} link(s) "
                f"to existing accounts, {counts['to_skip']:,} row(s) skipped."
                if ready
                else "Nothing is waiting to be created."
            )
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

    def _show_earlier(self) -> None:
        count = len(self.earlier)
        self.earlier_note.setVisible(count > 0)
        self.earlier_button.setVisible(count > 0)
        self.earlier_button.setEnabled(count > 0 and not self.progress.busy)
        if count:
            self.earlier_note.setText(
                f"<b>{count:,} account(s) created earlier in this import have no printed "
                "slip.</b> The app was closed before their slips were printed, or they were "
                "created from the command line. Temporary passwords are never stored, so those "
                "slips cannot be printed again: make new passwords for these students instead."
            )

    def start_commit(self) -> None:
        desk, session_id = self.context.desk, self.session_id
        online = desk.engine.status.online

        def work(control: TaskControl) -> committing.CommitReport:
            details = _slip_details(desk)
            return committing.commit(
                desk.store,
                session_id,
                desk.identity,
                details,
                reserve=desk.engine.reserve if online else None,
                # Online, the accounts go up before their slips are handed back (as at the
                # single form): confirmed slips print the service's expiry, refused ones none.
                upload=desk.engine.run_once if online else None,
                progress=reporter(control),
            )

        self.commit_button.setEnabled(False)
        self.progress.run("Creating the accounts…", work, self._committed, self._failed)

    def _committed(self, report: committing.CommitReport) -> None:
        self.context.slips.extend(report.slips)
        # The slips are in hand now: "Print the slips" works at once, not only after the counts
        # that refresh() reads from the store come back.
        self.slips_button.setEnabled(bool(self.context.slips))
        self.context.desk.engine.sync_now()
        self.finished = True
        self.outcome.setText(
            f"Created {report.created:,}, linked {report.linked:,}, skipped {report.skipped:,}."
            + (f" {report.stopped}" if report.stopped else "")
            + _refused_words(report.refused)
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

        def work(control: TaskControl) -> int:
            return results.write_results(
                desk.store, session_id, path, desk.identity.username, progress=reporter(control)
            )

        def failed(error: BaseException) -> None:
            if isinstance(error, results.ResultsCancelled):
                self.outcome.setText("The results were not saved (cancelled).")
            else:
                self.outcome.setText(f"The results were not saved: {error}")

        self.progress.run(
            "Saving the results…",
            work,
            lambda n: self.outcome.setText(f"Results for {n:,} rows saved to {path.name}."),
            failed,
        )

    def start_new_slips(self) -> None:
        """New passwords (and slips) for the rows created earlier without a printed slip."""
        rows = list(self.earlier)
        if not rows or self.progress.busy:
            return
        if not self.confirm(
            self,
            "Make new passwords",
            f"Make new temporary passwords for {len(rows):,} student(s) and print their slips?"
            "\n\nIf a slip was printed for any of them after all, that slip stops working once "
            "the new password reaches the statewide system.",
        ):
            return
        desk, session_id = self.context.desk, self.session_id
        online = desk.engine.status.online

        def work(control: TaskControl) -> new_slips.NewSlipsReport:
            details = _slip_details(desk)
            return new_slips.make_new_slips(
                desk.store,
                session_id,
                desk.identity,
                details,
                rows,
                upload=desk.engine.run_once if online else None,
                progress=reporter(control),
            )

        self.earlier_button.setEnabled(False)
        self.progress.run("Making new passwords…", work, self._new_slips_made, self._failed)

    def _new_slips_made(self, report: new_slips.NewSlipsReport) -> None:
        self.context.slips.extend(report.slips)
        self.context.desk.engine.sync_now()
        lines = [f"New passwords made for {len(report.slips):,} student(s)."]
        if report.no_slip:
            lines.append(
                f"{len(report.no_slip):,} need no slip (see the results file), e.g. row "
                f"{min(report.no_slip)}: {report.no_slip[min(report.no_slip)]}"
            )
        if report.waiting:
            lines.append(_refused_words(report.waiting).strip())
        if report.cancelled:
            lines.append("Stopped: the rest still have no slip.")
        self.outcome.setText(" ".join(lines))
        self._print(list(report.slips))
        self.refresh()

    def _print_slips(self) -> None:
        self._print(list(self.context.slips))

    def _print(self, made: list[committing.MadeSlip]) -> None:
        """Show the batch in the print preview; once printed, the rows stop being offered new
        passwords (the count is kept in the store, so it survives a crash)."""
        made = sorted(made, key=lambda m: m.row_no)
        if not made:
            return
        if not printed(self.context.show_slips(self, [m.slip for m in made])):
            return
        imports, session_id = self.context.imports, self.session_id
        row_nos = [m.row_no for m in made]
        self.context.printed.update(row_nos)

        def work(_: TaskControl) -> None:
            imports.slips_printed(session_id, row_nos)

        self.context.runner.start(
            work, lambda _: self.refresh(), lambda e: self.outcome.setText(str(e)), owner=self
        )

    def unprinted(self) -> int:
        """Slips made in this window and not printed yet: closing loses their passwords."""
        return sum(1 for made in self.context.slips if made.row_no not in self.context.printed)

    def may_close(self) -> bool:
        """Ask before closing with slips not printed (their passwords exist only here)."""
        count = self.unprinted()
        return count == 0 or self.confirm(
            self,
            "Slips not printed",
            f"{count:,} slip(s) have not been printed. Their temporary passwords exist only in "
            "this window.\n\nClose anyway? You can make new passwords for these students "
            "later by continuing this import.",
        )

    def isComplete(self) -> bool:
        return not self.progress.busy
