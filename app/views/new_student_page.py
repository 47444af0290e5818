"""New student: the form, the duplicate panel beside it, and the create → slip flow.

Checks run as staff type (debounced by the form, off the UI thread here). A certain or probable
candidate must be decided before Create does anything: "this is the student" (no new account) or
"create anyway" with a reason. Create commits the account and its outbox entry locally, then the
slip opens in a print preview; the form is cleared for the next student only after that.

The temporary password exists only on the slip: closing the preview without printing asks
first, and says how to print a new slip later (a reissue, with a new password, from "This is
the student"). The notice above the form says what happened to the last student, in as little
height as its words need, until the next student's typing starts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QMessageBox,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.models.account import StudentForm
from app.models.api import CreateDecision
from app.services import decide_first
from app.services.candidates import CandidateView
from app.services.desk import Desk, DuplicateAnswer
from app.services.slips import SlipContent
from app.views.duplicate_panel import DuplicatePanel
from app.views.new_student_form import NewStudentForm
from app.views.slip_renderer import print_preview, printed
from app.views.tasks import TaskControl, TaskRunner

REPRINT_HOW = (
    'To print one later, type the student again, choose "This is the student", then '
    '"Print new temporary credentials" (this makes a new temporary password).'
)
UNPRINTED_QUESTION = (
    "The slip has not been printed. Without it the student cannot sign in.\n\n"
    + REPRINT_HOW
    + "\n\nClose without printing?"
)


class NewStudentPage(QWidget):
    """Single Account Creation."""

    def __init__(self, desk: Desk, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.runner = desk, runner
        # How slips are shown; a print preview by default (tests save the PDF instead).
        self.show_slips: Callable[[QWidget, list[SlipContent]], object] = print_preview
        self._decision: CreateDecision | None = None
        self.link_box: QMessageBox | None = None
        self.unprinted_box: QMessageBox | None = None  # the open "not printed" question
        self._notice_until_typing = False
        college = desk.college()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.setAccessibleName("Notice")
        # As tall as its words and no taller: the splitter below takes every spare pixel.
        self.notice.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.notice.hide()
        layout.addWidget(self.notice)

        self.form = NewStudentForm(intake_mailbox=college.intake_mailbox)
        scroll = QScrollArea()
        scroll.setWidget(self.form)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        # Not a Tab stop: the first Tab into the page goes to Legal First Name.
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.panel = DuplicatePanel()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(scroll)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        # The side-by-side view needs room for two values per row; the form scrolls instead.
        splitter.setSizes([760, 520])
        self.panel.setMinimumWidth(440)
        layout.addWidget(splitter, 1)

        self.form.changed.connect(self._check)
        self.form.edited.connect(self._next_student_typing)
        self.form.submitted.connect(self._create)
        self.panel.link_requested.connect(self._link)
        self.panel.create_anyway_requested.connect(self._create_anyway)

    # ---- duplicate checks ------------------------------------------------------------------

    def _check(self, typed: dict[str, Any]) -> None:
        self._decision = None  # what staff decided was about other values
        self.panel.set_checking(self._display_values(typed))

        def work(_: TaskControl) -> DuplicateAnswer:
            return self.desk.check_duplicates(typed)

        def done(answer: DuplicateAnswer) -> None:
            if answer.nothing_to_check:
                self.panel.clear()
            else:
                self.panel.set_candidates(
                    answer.candidates, checked_central=answer.checked_central, taken=answer.taken
                )

        # Only the newest check counts: a newer one supersedes a check still running.
        self.runner.start(
            work, done, lambda e: self.panel.set_failed(str(e)), owner=self, key="check"
        )

    @staticmethod
    def _display_values(typed: dict[str, Any]) -> dict[str, Any]:
        shown = {k: v for k, v in typed.items() if k != "ssn"}
        birthdate = shown.get("birthdate")
        if birthdate is not None and hasattr(birthdate, "isoformat"):
            shown["birthdate"] = birthdate.isoformat()
        return shown

    # ---- decisions and create -------------------------------------------------------------

    def _undecided(self) -> list[str]:
        considered = set(self._decision.considered_cccids) if self._decision else set()
        strong = ((c.cccid, c.band) for c in self.panel.strong_candidates())
        return decide_first.undecided(strong, considered)

    def _create(self, student: StudentForm) -> None:
        undecided = self._undecided()
        if undecided:
            self._say(
                f"Decide about {', '.join(undecided)} first: choose "
                '"This is the student" or "Create anyway" in Possible duplicates.',
                error=True,
            )
            self.panel.table.setFocus()
            return
        self.form.set_busy(True)
        decision = self._decision
        fields = student.to_fields()
        shown = self.panel.model.candidates()

        def work(_: TaskControl) -> SlipContent:
            return self.desk.create(fields, decision, shown)

        self.runner.start(work, self._created, self._create_failed, owner=self)

    def _created(self, slip: SlipContent) -> None:
        self.form.set_busy(False)
        made = f"Account {slip.cccid} created for {slip.student_name}"
        self._say(f"{made}. Print the slip now.")
        handed_over = self._hand_over(slip)
        self.form.clear()
        self.panel.clear()
        self._decision = None
        if handed_over:
            self._say(f"{made}; the slip was printed.", until_typing=True)
        else:
            self._say(
                f"{made}, but no slip was printed. {REPRINT_HOW}", error=True, until_typing=True
            )
        self.form.focus_field("first_name")

    def _hand_over(self, slip: SlipContent) -> bool:
        """Show the slip until it is printed or staff say to close without it; True if printed.

        The password is on this slip only: once it is closed unprinted, it is gone."""
        while True:
            if printed(self.show_slips(self, [slip])):
                return True
            if self._close_unprinted():
                return False

    def _close_unprinted(self) -> bool:
        """Ask before a slip that was not printed is closed; "Print the slip" is the default
        (Enter or Esc goes back to the preview)."""
        box = QMessageBox(self)
        box.setWindowTitle("Slip not printed")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setText(UNPRINTED_QUESTION)
        back = box.addButton("&Print the slip", QMessageBox.ButtonRole.RejectRole)
        close = box.addButton("&Close without printing", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(back)
        box.setEscapeButton(back)
        self.unprinted_box = box
        try:
            box.exec()
            return box.clickedButton() is close
        finally:
            self.unprinted_box = None
            box.deleteLater()

    def _create_failed(self, error: BaseException) -> None:
        self.form.set_busy(False)
        self._say(f"The account was not created: {error}", error=True)
        if isinstance(error, decide_first.UndecidedDuplicatesError):
            # The cache found one the panel had not shown yet (the last keystroke's check was
            # still running): show it, so staff can decide.
            self._check(self.form.snapshot())

    def _create_anyway(self, reason: str, considered: list[str]) -> None:
        self._decision = CreateDecision(
            action="create_anyway", reason=reason, considered_cccids=considered
        )
        self._say("Decision recorded. Press Create account to create the new account.")
        self.form.submit()

    def _link(self, candidate: CandidateView) -> None:
        """ "This is the student": record the link (central learns of it), then say what next."""
        considered = [c.cccid for c in self.panel.model.candidates()]
        self.panel.link_button.setEnabled(False)

        def work(_: TaskControl) -> bool:
            return self.desk.link(candidate.cccid, considered)

        self.runner.start(
            work,
            lambda sent: self._linked(candidate, sent),
            lambda e: self._say(f"The link to {candidate.cccid} was not recorded: {e}", error=True),
            owner=self,
        )

    def _linked(self, candidate: CandidateView, sent: bool) -> None:
        same_college = candidate.college_code == self.desk.identity.college_code
        where = (
            "Recorded with the statewide system."
            if sent
            else "The link is saved here and goes to the statewide system at the next sync."
        )
        box = QMessageBox(self)
        box.setWindowTitle("This is the student")
        box.setIcon(QMessageBox.Icon.Information)
        box.setText(
            f"This student already has an account: CCCID {candidate.cccid}"
            f" (college {candidate.college_code}). No new account is created."
        )
        box.setInformativeText(where)
        reissue = None
        if same_college and candidate.summary.get("credential_state") != "reclaimed":
            reissue = box.addButton(
                "Print new temporary credentials", QMessageBox.ButtonRole.AcceptRole
            )
        done = box.addButton("Done", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(done)

        def chosen(button: object) -> None:
            if reissue is not None and button is reissue:
                self._reissue(candidate.cccid)
            else:
                self.form.clear()
                self.panel.clear()
                self._say(
                    f"No new account: the student's CCCID is {candidate.cccid}.",
                    until_typing=True,
                )

        box.buttonClicked.connect(chosen)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.link_box = box  # for tests and screen readers: the open answer
        # open(), not exec(): no nested event loop while the student waits.
        box.open()

    def _reissue(self, cccid: str) -> None:
        def work(_: TaskControl) -> SlipContent:
            return self.desk.reissue(cccid)

        def done(slip: SlipContent) -> None:
            made = f"New temporary credentials for {cccid}; the old slip stops working"
            self._say(f"{made}. Print the slip now.")
            handed_over = self._hand_over(slip)
            self.form.clear()
            self.panel.clear()
            if handed_over:
                self._say(f"{made}. The new slip was printed.", until_typing=True)
            else:
                self._say(
                    f"{made}, and no new slip was printed. {REPRINT_HOW}",
                    error=True,
                    until_typing=True,
                )

        self.runner.start(
            work, done, lambda e: self._say(f"Could not reissue: {e}", error=True), owner=self
        )

    def _say(self, text: str, *, error: bool = False, until_typing: bool = False) -> None:
        """Show ``text`` above the form. ``until_typing``: it is about the student just done,
        so it goes when the next student's typing starts."""
        colour = "#a4161a" if error else "#1b5e20"
        self.notice.setStyleSheet(f"color: {colour}; font-weight: 600; padding: 4px")
        self.notice.setText(text)
        self.notice.show()
        self._notice_until_typing = until_typing

    def _next_student_typing(self) -> None:
        if self._notice_until_typing:
            self.notice.hide()
            self.notice.clear()
            self._notice_until_typing = False
