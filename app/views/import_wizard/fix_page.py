"""Step 3: validate and fix. Every row went through the single form's validation; bad cells are
marked with their message. Each row's number and its problems stay in sight however far the grid
scrolls sideways, and every problem of the current row is spelled out under the grid. Edit a cell
in place (validated again at once), show only the rows with problems, or export them to fix
elsewhere and re-import them into this import."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)

from app.services.imports import results, session
from app.services.imports.wizard_service import RowsAndCounts
from app.services.spreadsheet import write_rows_xlsx
from app.views.import_wizard.context import SIZE_FROM_ROWS, ImportContext
from app.views.import_wizard.frozen_table import FrozenColumnsTable
from app.views.import_wizard.progress import TaskProgress
from app.views.import_wizard.rows_model import (
    FIRST_FIELD_COLUMN,
    PROBLEMS_COLUMN,
    ROW_COLUMN,
    GridRow,
    ImportRowsModel,
    problem_lines,
)
from app.views.tasks import TaskControl

PROBLEMS_WIDTH = 260
"""The Problems column at most this wide (pixels): it stays in sight, so it must leave room for
the cells; its full text is under the grid and in its tooltip."""


class FixPage(QWizardPage):
    """The grid of rows and their problems."""

    def __init__(self, context: ImportContext) -> None:
        super().__init__()
        self.context = context
        self.setTitle("Check and fix the rows")
        self.setSubTitle(
            "Cells in red have a problem; the current row's problems are spelled out under the "
            "grid. Double-click a cell or press F2 to fix it; Tab moves from cell to cell and "
            "Ctrl+Tab leaves the grid. Rows with problems are not created until they are fixed."
        )
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setAccessibleName("Row summary")
        self.summary.setWordWrap(True)
        self.only_problems = QCheckBox("Show only rows with &problems")
        self.only_problems.toggled.connect(lambda _: self.reload())
        top.addWidget(self.summary, 1)
        top.addWidget(self.only_problems)
        layout.addLayout(top)
        self.model = ImportRowsModel([])
        self.model.edit_requested.connect(self._edit)
        # Row and Problems stay put while the fields scroll sideways.
        self.table = FrozenColumnsTable(frozen=FIRST_FIELD_COLUMN)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Rows")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        # Column widths from the first rows only: measuring 100,000 rows would freeze the window.
        self.table.horizontalHeader().setResizeContentsPrecision(SIZE_FROM_ROWS)
        self.table.verticalHeader().setResizeContentsPrecision(SIZE_FROM_ROWS)
        self.table.selectionModel().currentChanged.connect(lambda *_: self._show_details())
        self.model.dataChanged.connect(lambda *_: self._show_details())
        layout.addWidget(self.table, 1)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setAccessibleName("Problems of the current row")
        # Room for a few problems kept even when the row has none, so the grid does not jump.
        self.details.setMinimumHeight(self.details.fontMetrics().lineSpacing() * 4)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.details)
        buttons = QHBoxLayout()
        self.export_button = QPushButton("&Export rows with problems…")
        self.export_button.clicked.connect(self._export)
        self.reimport_button = QPushButton("&Re-import fixed rows…")
        self.reimport_button.clicked.connect(self._reimport)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.reimport_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Fix message")
        layout.addWidget(self.message)
        self.progress = TaskProgress(context.runner)
        layout.addWidget(self.progress)
        self.counts: dict[str, int] = {}
        self._current_row_no: int | None = None

    @property
    def session_id(self) -> str:
        assert self.context.session_id is not None
        return self.context.session_id

    def initializePage(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Load the rows (all, or those with problems) off the UI thread."""
        imports, session_id = self.context.imports, self.session_id
        only = self.only_problems.isChecked()

        def work(_: TaskControl) -> RowsAndCounts[GridRow]:
            return imports.pending_rows(
                session_id,
                lambda r: GridRow(r.row_no, r.fields, r.problems),
                with_problems=True if only else None,
            )

        # Only the newest reload is shown: toggling the filter twice starts two, and the older
        # (all 100,000 rows) may finish after the newer one.
        self.progress.run(
            "Loading the rows…", work, self._loaded, self._failed, cancellable=False, key="rows"
        )

    def _loaded(self, result: RowsAndCounts[GridRow]) -> None:
        keep = self._current_row_no
        self.model.fields = result.fields
        self.model.set_rows(result.rows)
        self._show_counts(result.counts)
        if self.model.rowCount() <= SIZE_FROM_ROWS:  # measuring more would stall the UI
            self.table.resizeColumnsToContents()
            problems_width = min(self.table.frozen.columnWidth(PROBLEMS_COLUMN), PROBLEMS_WIDTH)
        else:  # unmeasured: wide enough for a six-digit row number and a few field names
            digits = self.table.fontMetrics().horizontalAdvance("0000000")
            self.table.setColumnWidth(ROW_COLUMN, digits)
            problems_width = PROBLEMS_WIDTH
        self.table.setColumnWidth(PROBLEMS_COLUMN, problems_width)
        # The same row stays current across a reload (or the first one), so the keyboard and
        # the details under the grid carry on where they were.
        at = self.model.position(keep) if keep is not None else None
        if at is None and self.model.rowCount():
            at = 0
        if at is not None:
            self.table.setCurrentIndex(self.model.index(at, FIRST_FIELD_COLUMN))
        self._show_details()

    def current_row(self) -> GridRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _show_details(self) -> None:
        """Every problem of the current row in full, each naming its field, value and fix."""
        row = self.current_row()
        self._current_row_no = row.row_no if row else None
        if row is None:
            self.details.setText("")
            return
        lines = problem_lines(row, self.model.fields)
        if not lines:
            self.details.setText(f"Row {row.row_no} has no problems.")
            return
        head = f"Row {row.row_no} has {len(lines)} problem{'s' if len(lines) > 1 else ''}:"
        self.details.setText("\n".join([head, *(f"• {line}" for line in lines)]))

    def _show_counts(self, counts: dict[str, int]) -> None:
        self.counts = counts
        bad = counts["problems"]
        self.summary.setText(
            f"{counts['total']:,} rows; "
            + (f"{bad:,} with problems." if bad else "no problems found.")
        )
        self.export_button.setEnabled(bad > 0)
        self.completeChanged.emit()

    def _failed(self, error: BaseException) -> None:
        self.message.setText(str(error))

    def _edit(self, row_no: int, field: str, text: str) -> None:
        imports, session_id = self.context.imports, self.session_id

        def work(_: TaskControl) -> tuple[GridRow, dict[str, int]]:
            row, counts = imports.edit_cell(session_id, row_no, field, text)
            return GridRow(row.row_no, row.fields, row.problems), counts

        def done(result: tuple[GridRow, dict[str, int]]) -> None:
            row, counts = result
            self.model.replace(row)
            self._show_counts(counts)
            left = len(row.problems)
            self.message.setText(
                f"Row {row_no}: "
                + (f"{left} problem(s) left, listed under the grid." if left else "fixed.")
            )

        self.context.runner.start(work, done, self._failed, owner=self)

    def _export(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Export the rows with problems", "rows to fix.xlsx", "Excel (*.xlsx)"
        )
        if name:
            self.export_problems(Path(name))

    def export_problems(self, path: Path) -> None:
        store, session_id = self.context.desk.store, self.session_id

        def work(_: TaskControl) -> int:
            headers, rows, notes = results.problem_rows(store, session_id)
            write_rows_xlsx(path, headers, rows, notes=notes)
            return len(rows)

        self.progress.run(
            "Exporting…",
            work,
            lambda n: self.message.setText(
                f"{n} row(s) exported to {path.name}. Fix them there, keep the Row column, "
                "save, then choose Re-import fixed rows."
            ),
            self._failed,
            cancellable=False,
        )

    def _reimport(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Re-import the fixed rows", "", "Spreadsheets (*.xlsx *.xls *.ods *.csv)"
        )
        if name:
            self.reimport(Path(name))

    def reimport(self, path: Path) -> None:
        store, session_id = self.context.desk.store, self.session_id

        def done(result: tuple[int, int]) -> None:
            updated, still_bad = result
            self.message.setText(
                f"{updated} row(s) read back from {path.name}; "
                + (f"{still_bad} still have problems." if still_bad else "all fixed.")
            )
            self.reload()

        self.progress.run(
            f"Reading {path.name}…",
            lambda _: session.reimport_fixes(store, session_id, path),
            done,
            self._failed,
            cancellable=False,
        )

    def isComplete(self) -> bool:
        # Rows with problems do not block the rest: they are reported as errors in the results.
        return bool(self.counts) and self.counts["total"] > self.counts["problems"]
