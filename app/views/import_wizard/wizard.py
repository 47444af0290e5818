"""The import wizard: the pages in order, started fresh or resumed at the step a saved import
reached (closing the wizard, the app or a crash loses nothing)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget, QWizard

from app.views.import_wizard.commit_page import CommitPage
from app.views.import_wizard.context import ImportContext
from app.views.import_wizard.file_page import FilePage
from app.views.import_wizard.fix_page import FixPage
from app.views.import_wizard.mapping_page import MappingPage
from app.views.import_wizard.review_page import ReviewPage

FILE, MAPPING, FIX, REVIEW, COMMIT = range(5)
RESUME_AT = {"fix": FIX, "review": REVIEW, "commit": COMMIT, "done": COMMIT}


class ImportWizard(QWizard):
    """File → mapping → fix → duplicates → create, results and slips."""

    def __init__(
        self,
        context: ImportContext,
        *,
        resume_step: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("Import a spreadsheet")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.file_page = FilePage(context)
        self.mapping_page = MappingPage(context)
        self.fix_page = FixPage(context)
        self.review_page = ReviewPage(context)
        self.commit_page = CommitPage(context)
        for page_id, page in enumerate(
            (self.file_page, self.mapping_page, self.fix_page, self.review_page, self.commit_page)
        ):
            self.setPage(page_id, page)
        if resume_step is not None:
            self.setStartId(RESUME_AT.get(resume_step, FIX))
        # Back to the fix step shows the rows as they are now: the duplicate review may have
        # held rows back with a problem (an email another account holds) since it was shown.
        self._shown = self.startId()
        self.currentIdChanged.connect(self._returned_to)
        self.setButtonText(QWizard.WizardButton.FinishButton, "Close")
        self.resize(1100, 720)

    def _returned_to(self, page_id: int) -> None:
        came_back = page_id < self._shown  # going forward, initializePage loads the page
        self._shown = page_id
        if came_back and page_id == FIX:
            self.fix_page.reload()

    def done(self, result: int) -> None:
        """Close (Close, Cancel, Esc or the window's close button), but not while slips made here
        are unprinted unless staff say so: their passwords would be gone."""
        if self.commit_page.may_close():
            super().done(result)
