"""The duplicate panel beside the new-student form: candidates as staff type, a side-by-side view,
and the two decisions ("this is the student" / "create anyway, because...").

The panel only shows and asks; the checks run elsewhere, off the UI thread (see
new_student_page.py), and the decision goes back through signals.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.models.account import FIELD_LABELS
from app.models.api import TakenIdentifier
from app.services.candidates import CandidateView
from app.services.desk import LINK_AT_THE_DESK
from app.services.taken import describe
from app.views.candidate_table_model import (
    CANDIDATE_ROLE,
    COL_REASONS,
    CandidateTableModel,
)

COMPARED_FIELDS = (
    "first_name", "middle_name", "last_name", "suffix", "birthdate", "email", "main_phone",
    "city", "state", "postal_code",
)  # fmt: skip


class CreateAnywayDialog(QDialog):
    """Asks why the student at the desk is not any of the strong candidates."""

    def __init__(self, candidates: list[CandidateView], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Create a new account anyway")
        layout = QVBoxLayout(self)
        names = ", ".join(c.cccid for c in candidates)
        intro = QLabel(
            f"You are creating a new account although it may be the same student as {names}.\n"
            "Say how you know this is a different person (for example: checked photo ID, "
            "different parents' names). This is recorded with your name."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.reason = QPlainTextEdit()
        self.reason.setAccessibleName("Reason")
        self.reason.setPlaceholderText("Reason (required)")
        self.reason.setTabChangesFocus(True)
        layout.addWidget(self.reason)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b3261e")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Create anyway")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _accept(self) -> None:
        if len(self.reason.toPlainText().strip()) < 3:
            self.error.setText("Reason: say in a few words why this is a different student.")
            self.reason.setFocus()
            return
        self.accept()

    def reason_text(self) -> str:
        """The reason as typed."""
        return self.reason.toPlainText().strip()


class DuplicatePanel(QWidget):
    """Possible duplicates for the student being entered."""

    link_requested = Signal(object)  # CandidateView: "this is the student"
    create_anyway_requested = Signal(str, list)  # reason, considered CCCIDs

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk_values: dict[str, Any] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel("Possible duplicates")
        title.setStyleSheet("font-weight: 600; font-size: 12pt")
        layout.addWidget(title)
        self.state = QLabel("Start typing the student's name and birthdate to check.")
        self.state.setWordWrap(True)
        self.state.setAccessibleName("Duplicate check status")
        layout.addWidget(self.state)
        # What the typed values repeat of another account's: Create would be refused for it.
        self.taken = QLabel()
        self.taken.setWordWrap(True)
        self.taken.setAccessibleName("Already taken")
        self.taken.setStyleSheet("color: #a4161a; font-weight: 600")
        self.taken.hide()
        layout.addWidget(self.taken)

        self.model = CandidateTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Possible duplicate accounts")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_REASONS, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self._show_selected)
        layout.addWidget(self.table, 2)

        # The reasons in full: the table's "Why" column is too narrow to read them.
        self.reasons = QLabel()
        self.reasons.setWordWrap(True)
        self.reasons.setAccessibleName("Why this may be the same student")
        layout.addWidget(self.reasons)

        self.compare = QTableWidget(len(COMPARED_FIELDS), 2)
        self.compare.setAccessibleName("Side-by-side comparison")
        self.compare.setHorizontalHeaderLabels(["At the desk", "Existing account"])
        self.compare.setVerticalHeaderLabels([FIELD_LABELS[f] for f in COMPARED_FIELDS])
        self.compare.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.compare.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.compare.setWordWrap(True)
        layout.addWidget(self.compare, 3)

        buttons = QHBoxLayout()
        self.link_button = QPushButton("Th&is is the student")
        self.link_button.setToolTip("No new account: use the selected account's CCCID.")
        self.link_button.clicked.connect(self._link)
        self.anyway_button = QPushButton("Create an&yway…")
        self.anyway_button.setToolTip("Record why this is a different student, then create.")
        self.anyway_button.clicked.connect(self._create_anyway)
        buttons.addWidget(self.link_button)
        buttons.addWidget(self.anyway_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self._update_buttons()

    # ---- what the page tells the panel ---------------------------------------------------

    def set_checking(self, desk_values: dict[str, Any]) -> None:
        """A check has started for these values."""
        self._desk_values = dict(desk_values)
        self.state.setText("Checking…")

    def set_candidates(
        self,
        candidates: list[CandidateView],
        *,
        checked_central: bool,
        taken: Sequence[TakenIdentifier] = (),
    ) -> None:
        """Show the merged answer of the checks, and what the values repeat of another
        account's (``taken``: the account cannot be created with them)."""
        self.set_taken(taken)
        self.model.set_candidates(candidates)
        where = "any college" if checked_central else "this college's records (offline)"
        if not candidates:
            self.state.setText(f"No possible duplicates found in {where}.")
        else:
            strong = sum(1 for c in candidates if c.strong)
            self.state.setText(
                f"{len(candidates)} possible duplicate(s) in {where}"
                + (f"; {strong} must be decided before creating." if strong else ".")
            )
        if candidates:
            self.table.selectRow(0)
        else:
            self._fill_compare(None)
        self._update_buttons()

    def set_taken(self, taken: Sequence[TakenIdentifier]) -> None:
        """Say which typed value another account already holds (hidden when none)."""
        self.taken.setText(describe(taken, link=LINK_AT_THE_DESK))
        self.taken.setVisible(bool(taken))

    def set_failed(self, message: str) -> None:
        """The check could not run; say so rather than imply "no duplicates"."""
        self.state.setText(f"Could not check for duplicates: {message}")

    def clear(self) -> None:
        """Back to the empty state for the next student."""
        self._desk_values = {}
        self.set_taken(())
        self.model.set_candidates([])
        self._fill_compare(None)
        self.state.setText("Start typing the student's name and birthdate to check.")
        self._update_buttons()

    def strong_candidates(self) -> list[CandidateView]:
        """Candidates staff must decide about before creating."""
        return [c for c in self.model.candidates() if c.strong]

    # ---- internals ------------------------------------------------------------------------

    def selected(self) -> CandidateView | None:
        """The highlighted candidate."""
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        value = self.model.data(rows[0], CANDIDATE_ROLE)
        return value if isinstance(value, CandidateView) else None

    def _show_selected(self) -> None:
        self._fill_compare(self.selected())
        self._update_buttons()

    def _fill_compare(self, candidate: CandidateView | None) -> None:
        self.reasons.setText(
            f"Why {candidate.cccid} may be this student: " + "; ".join(candidate.reasons) + "."
            if candidate
            else ""
        )
        for row, name in enumerate(COMPARED_FIELDS):
            desk = self._desk_values.get(name)
            existing = candidate.summary.get(name) if candidate else None
            desk_item = QTableWidgetItem("" if desk in (None, "") else str(desk))
            existing_item = QTableWidgetItem("" if existing in (None, "") else str(existing))
            same = (
                candidate is not None
                and desk
                and existing
                and (str(desk).casefold() == str(existing).casefold())
            )
            if same:
                font = existing_item.font()
                font.setBold(True)
                existing_item.setFont(font)
            self.compare.setItem(row, 0, desk_item)
            self.compare.setItem(row, 1, existing_item)

    def _update_buttons(self) -> None:
        has = self.selected() is not None
        self.link_button.setEnabled(has)
        self.anyway_button.setEnabled(bool(self.strong_candidates()))

    def _link(self) -> None:
        candidate = self.selected()
        if candidate is not None:
            self.link_requested.emit(candidate)

    def _create_anyway(self) -> None:
        strong = self.strong_candidates()
        dialog = CreateAnywayDialog(strong, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.create_anyway_requested.emit(dialog.reason_text(), [c.cccid for c in strong])
