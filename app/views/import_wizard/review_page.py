"""Step 4: duplicates. Every valid row is checked within the file and against this college's
cache (and every college, when online); each candidate shows its band, score and reasons, and a
side-by-side comparison. Decide per row (create new, link to the existing CCCID, skip) or in bulk.
A row with a certain or probable candidate is never created without a person's decision."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from app.models.band import Band
from app.services.central_client import CentralError
from app.services.imports import decisions, duplicates, unique
from app.services.imports.wizard_service import RowsAndCounts
from app.views.import_wizard.context import SIZE_FROM_ROWS, ImportContext
from app.views.import_wizard.progress import TaskProgress, reporter
from app.views.import_wizard.review_model import ReviewModel, ReviewRow, candidate_ref
from app.views.tasks import TaskControl

FILTERS: list[tuple[str, Callable[[ReviewRow], bool]]] = [
    ("Rows that need your decision", lambda r: r.needs_decision),
    ("Rows with any possible match", lambda r: bool(r.candidates)),
    ("All rows", lambda r: True),
]
REASON_HINT = "Why is this a different student? (needed to create anyway)"
COMPARED = [
    ("first_name", "First name"),
    ("middle_name", "Middle name"),
    ("last_name", "Last name"),
    ("birthdate", "Birthdate"),
    ("email", "Email"),
    ("main_phone", "Phone"),
    ("city", "City"),
    ("postal_code", "ZIP"),
]


class ReviewPage(QWizardPage):
    """Candidates and decisions."""

    def __init__(self, context: ImportContext) -> None:
        super().__init__()
        self.context = context
        self.setTitle("Decide about possible duplicates")
        self.setSubTitle(
            "Rows that look like a student who already has an account need your decision. "
            "Rows with no match will be created."
        )
        self.all_rows: list[ReviewRow] = []
        self.counts: dict[str, int] = {}
        self.central_state = ""
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Review summary")
        self.filter = QComboBox()
        self.filter.setAccessibleName("Show")
        for text, _ in FILTERS:
            self.filter.addItem(text)
        self.filter.currentIndexChanged.connect(lambda _: self._refilter())
        top.addWidget(self.summary, 1)
        top.addWidget(self.filter)
        layout.addLayout(top)

        self.model = ReviewModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Rows to review")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        # Column widths from the first rows only: measuring 100,000 rows would freeze the window.
        self.table.horizontalHeader().setResizeContentsPrecision(SIZE_FROM_ROWS)
        self.table.verticalHeader().setResizeContentsPrecision(SIZE_FROM_ROWS)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_selected())

        right = QWidget()
        side = QVBoxLayout(right)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(QLabel("Possible matches for the selected row:"))
        self.candidates = QTableWidget(0, 5)
        self.candidates.setHorizontalHeaderLabels(["Match", "Score", "Account", "College", "Why"])
        self.candidates.horizontalHeader().setStretchLastSection(True)
        self.candidates.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.candidates.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.candidates.setAccessibleName("Possible matches")
        self.candidates.itemSelectionChanged.connect(self._compare)
        self.candidates.verticalHeader().hide()
        side.addWidget(self.candidates, 1)
        self.why = QLabel()
        self.why.setWordWrap(True)
        self.why.setAccessibleName("Why it may be the same student")
        side.addWidget(self.why)
        self.compare = QTableWidget(len(COMPARED), 2)
        self.compare.setHorizontalHeaderLabels(["In the file", "Possible match"])
        self.compare.setVerticalHeaderLabels([name for _, name in COMPARED])
        # Both sides equally wide: the comparison is the point.
        self.compare.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.compare.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.compare.setAccessibleName("Side by side")
        side.addWidget(self.compare, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)

        decide_row = QHBoxLayout()
        self.create_button = QPushButton("Create new &account")
        self.create_button.clicked.connect(lambda: self._decide("create"))
        self.link_button = QPushButton("&Link to the selected match")
        self.link_button.clicked.connect(lambda: self._decide("link"))
        self.skip_button = QPushButton("S&kip this row")
        self.skip_button.clicked.connect(lambda: self._decide("skip"))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(REASON_HINT)
        self.reason.setAccessibleName("Reason")
        for widget in (self.create_button, self.link_button, self.skip_button):
            decide_row.addWidget(widget)
        decide_row.addWidget(self.reason, 1)
        layout.addLayout(decide_row)
        bulk = QHBoxLayout()
        self.link_certain_button = QPushButton("Link all &certain matches")
        self.link_certain_button.clicked.connect(self._link_all_certain)
        self.create_clean_button = QPushButton("Create all rows &without matches")
        self.create_clean_button.clicked.connect(self._create_all_clean)
        bulk.addWidget(self.link_certain_button)
        bulk.addWidget(self.create_clean_button)
        bulk.addStretch(1)
        layout.addLayout(bulk)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Review message")
        layout.addWidget(self.message)
        # Shown only when the duplicate check itself stopped on an error.
        self.check_again_button = QPushButton("C&heck again")
        self.check_again_button.clicked.connect(self.initializePage)
        self.check_again_button.hide()
        layout.addWidget(self.check_again_button, alignment=Qt.AlignmentFlag.AlignLeft)
        self.progress = TaskProgress(context.runner)
        layout.addWidget(self.progress)
        self.central_progress = TaskProgress(context.runner)
        layout.addWidget(self.central_progress)

    @property
    def session_id(self) -> str:
        assert self.context.session_id is not None
        return self.context.session_id

    # ---- checking ----------------------------------------------------------------------------

    def initializePage(self) -> None:
        store, session_id = self.context.desk.store, self.session_id

        def work(control: TaskControl) -> duplicates.ReviewReport:
            return duplicates.review(store, session_id, reporter(control))

        self.check_again_button.hide()
        self.progress.run(
            "Looking for students who already have an account…",
            work,
            self._reviewed,
            self._check_failed,
        )

    def _check_failed(self, error: BaseException) -> None:
        # Rows not checked have no decision, so nothing unchecked can be created meanwhile.
        self.message.setText(
            f"The duplicate check stopped: {error}. Your edits and decisions are kept; rows "
            "not checked are not created. Press Check again."
        )
        self.check_again_button.show()

    def _reviewed(self, report: duplicates.ReviewReport) -> None:
        if report.held_back:  # they left this list for the fix step: say so, with the first
            first = min(report.held_back)
            self.message.setText(
                f"{len(report.held_back):,} row(s) held back because their email is already "
                f"taken, e.g. {report.held_back[first]} Go Back to the fix step to change it."
            )
        self.reload()
        self._check_central()

    def _check_central(self) -> None:
        desk = self.context.desk
        if not desk.engine.status.online:
            self.central_state = "Other colleges not checked: offline (the central service "
            self.central_state += "checks each account again when it is uploaded)."
            self._show_summary()
            return
        store, session_id = desk.store, self.session_id

        def work(control: TaskControl) -> int:
            return duplicates.merge_central(
                store, session_id, desk.client.check_duplicates_batch_answers, reporter(control)
            )

        def done(_: int) -> None:
            self.central_state = "Checked against every college."
            self.reload()

        def failed(error: BaseException) -> None:
            self.central_state = (
                f"Other colleges not fully checked ({error}); "
                "the central service checks each account again when it is uploaded."
                if isinstance(error, CentralError)
                else str(error)
            )
            self.reload()

        self.central_progress.run("Checking every college…", work, done, failed)

    def reload(self) -> None:
        """Read the rows again (off the UI thread); only the newest answer is shown, so a slow
        read started before a decision cannot overwrite the list after it."""
        imports, session_id = self.context.imports, self.session_id

        def work(_: TaskControl) -> RowsAndCounts[ReviewRow]:
            return imports.pending_rows(session_id, ReviewRow.of, with_problems=False)

        self.context.runner.start(work, self._loaded, self._failed, owner=self, key="rows")

    def _loaded(self, result: RowsAndCounts[ReviewRow]) -> None:
        selected = self._selected_row()
        self.all_rows = result.rows
        self.counts = result.counts
        self._refilter(keep=selected.row_no if selected else None)
        self._show_summary()
        self.completeChanged.emit()

    def _show_summary(self) -> None:
        counts = self.counts
        if not counts:
            return
        self.summary.setText(
            f"{counts['undecided']:,} row(s) need your decision; "
            f"{counts['to_create']:,} to create, {counts['to_link']:,} to link, "
            f"{counts['to_skip']:,} to skip. {self.central_state}"
            + (
                f" {counts['problems']:,} row(s) with problems are not created: go Back to fix "
                "them."
                if counts.get("problems")
                else ""
            )
        )

    def _refilter(self, keep: int | None = None) -> None:
        keep_it = FILTERS[self.filter.currentIndex()][1]
        shown = [r for r in self.all_rows if keep_it(r)]
        self.model.set_rows(shown)
        if self.model.rowCount() <= SIZE_FROM_ROWS:  # measuring more would stall the UI
            self.table.resizeColumnsToContents()
        at = next((i for i, r in enumerate(shown) if r.row_no == keep), 0 if shown else None)
        if at is not None:
            self.table.selectRow(at)
        else:
            self._show_selected()

    def _failed(self, error: BaseException) -> None:
        self.message.setText(str(error))

    # ---- the selected row --------------------------------------------------------------------

    def _selected_row(self) -> ReviewRow | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.rows[rows[0].row()] if rows else None

    def _show_selected(self) -> None:
        row = self._selected_row()
        self.candidates.setRowCount(0)
        for candidate in row.candidates if row else []:
            at = self.candidates.rowCount()
            self.candidates.insertRow(at)
            values = [
                candidate["band"],
                f"{candidate['score']:.1f}",
                candidate_ref(candidate),
                candidate.get("college_code") or "this file",
                "; ".join(candidate["reasons"]),
            ]
            for column, value in enumerate(values):
                self.candidates.setItem(at, column, QTableWidgetItem(value))
        if row and row.candidates:
            self.candidates.selectRow(0)
        else:
            self._compare()
        for button in (self.create_button, self.skip_button):
            button.setEnabled(row is not None)
        # A candidate already holds the row's email: say so before "create" is tried.
        skipped = self._skipped()
        refused = (
            unique.create_refused_for(row.row_no, row.candidates, row.fields.get("email"), skipped)
            if row
            else None
        )
        if refused:
            self.message.setText(refused)
        self.link_button.setEnabled(row is not None and any(c.get("cccid") for c in row.candidates))
        self.reason.setPlaceholderText(self._reason_hint(row))

    def _skipped(self) -> set[int]:
        """The rows staff chose to skip (a pair with one of them needs no reason, and a skipped
        row holds no email)."""
        return {r.row_no for r in self.all_rows if r.decision == "skip"}

    def _reason_hint(self, row: ReviewRow | None) -> str:
        """Once the other row of a pair in the file is skipped, keeping this one needs no reason
        (the service's rule; the hint only says so before staff type one)."""
        skipped = self._skipped()
        if row is None or not duplicates.settled_by_skips(row.candidates, skipped):
            return REASON_HINT
        others = sorted(
            {int(c["row_no"]) for c in row.candidates if Band(c["band"]).strong and c["row_no"]}
        )
        rows = " and ".join(str(n) for n in others)
        return (
            f"No reason needed: row {rows}, the same student in this file, is skipped."
            if len(others) == 1
            else f"No reason needed: rows {rows}, the same student in this file, are skipped."
        )

    def selected_candidate(self) -> dict[str, Any] | None:
        row = self._selected_row()
        chosen = self.candidates.selectionModel().selectedRows()
        if row is None or not chosen:
            return None
        return row.candidates[chosen[0].row()]

    def _compare(self) -> None:
        row = self._selected_row()
        candidate = self.selected_candidate()
        self.why.setText(
            f"{candidate['band'].title()} match ({candidate['score']:.1f}): "
            + "; ".join(candidate["reasons"])
            + "."
            if candidate
            else ""
        )
        for at, (field, _) in enumerate(COMPARED):
            mine = (row.fields.get(field) if row else None) or ""
            theirs = str((candidate or {}).get("summary", {}).get(field) or "")
            self.compare.setItem(at, 0, QTableWidgetItem(mine))
            self.compare.setItem(at, 1, QTableWidgetItem(theirs))

    # ---- deciding ----------------------------------------------------------------------------

    def select_row(self, row_no: int) -> bool:
        """Select a spreadsheet row in the list (tests and "go to row")."""
        at = next((i for i, r in enumerate(self.model.rows) if r.row_no == row_no), None)
        if at is None:
            return False
        self.table.selectRow(at)
        return True

    def _decide(self, decision: str) -> None:
        row = self._selected_row()
        if row is None:
            return
        link = None
        if decision == "link":
            candidate = self.selected_candidate()
            if not candidate or not candidate.get("cccid"):
                self.message.setText("Select an existing account in the list of matches first.")
                return
            link = str(candidate["cccid"])
        desk, session_id, reason = self.context.desk, self.session_id, self.reason.text()

        def work(_: TaskControl) -> int:
            return decisions.decide(
                desk.store, session_id, [row.row_no], decision, desk.identity,  # type: ignore[arg-type]
                link_cccid=link, reason=reason,
            )  # fmt: skip

        def done(_: int) -> None:
            self.message.setText(f"Row {row.row_no}: decided.")
            self.reason.clear()
            self.reload()

        self.context.runner.start(work, done, self._failed, owner=self)

    def _bulk(self, work: Callable[[], int], said: str) -> None:
        def done(count: int) -> None:
            self.message.setText(said.format(n=count))
            self.reload()

        self.context.runner.start(lambda _: work(), done, self._failed, owner=self)

    def _link_all_certain(self) -> None:
        desk, session_id = self.context.desk, self.session_id
        self._bulk(
            lambda: decisions.link_all_certain(desk.store, session_id, desk.identity),
            "{n} row(s) linked to their certain match.",
        )

    def _create_all_clean(self) -> None:
        desk, session_id = self.context.desk, self.session_id
        self._bulk(
            lambda: decisions.create_all_without_candidates(desk.store, session_id, desk.identity),
            "{n} row(s) without any match will be created.",
        )

    def isComplete(self) -> bool:
        return bool(self.counts) and not self.progress.busy
