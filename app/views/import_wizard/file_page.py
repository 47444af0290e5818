"""Step 1: the file. Choose a spreadsheet (xlsx, xls, ods, csv), pick the sheet when there are
several, or download the template. Reading runs off the UI thread with progress and Cancel."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)

from app.services.imports.session import ImportSource, open_source
from app.services.spreadsheet import list_sheets, write_template
from app.views.import_wizard.context import ImportContext
from app.views.import_wizard.progress import TaskProgress
from app.views.tasks import TaskControl

FILE_FILTER = "Spreadsheets (*.xlsx *.xls *.ods *.csv *.tsv *.txt);;All files (*)"


class FilePage(QWizardPage):
    """Choose and read the spreadsheet."""

    def __init__(self, context: ImportContext) -> None:
        super().__init__()
        self.context = context
        self.setTitle("Choose the spreadsheet")
        self.setSubTitle(
            "An export from your SIS, or the Account Desk template filled in. Excel (.xlsx, "
            ".xls), OpenDocument (.ods) and CSV files work."
        )
        self.path: Path | None = None
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.choose_button = QPushButton("&Choose file…")
        self.choose_button.clicked.connect(self._choose)
        self.template_button = QPushButton("Download the &template…")
        self.template_button.clicked.connect(self._save_template)
        row.addWidget(self.choose_button)
        row.addWidget(self.template_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.file_label = QLabel("No file chosen yet.")
        self.file_label.setAccessibleName("Chosen file")
        self.file_label.setWordWrap(True)
        layout.addWidget(self.file_label)
        sheet_row = QHBoxLayout()
        self.sheet_label = QLabel("&Sheet:")
        self.sheet = QComboBox()
        self.sheet.setAccessibleName("Sheet")
        self.sheet_label.setBuddy(self.sheet)
        self.sheet.currentIndexChanged.connect(self._sheet_changed)
        sheet_row.addWidget(self.sheet_label)
        sheet_row.addWidget(self.sheet, 1)
        layout.addLayout(sheet_row)
        self.sheet_label.hide()
        self.sheet.hide()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("File message")
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.progress = TaskProgress(context.runner)
        layout.addWidget(self.progress)

    # ---- choosing ----------------------------------------------------------------------------

    def _choose(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Choose the spreadsheet", "", FILE_FILTER)
        if name:
            self.load(Path(name))

    def _save_template(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Save the template", "Account Desk import template.xlsx", "Excel (*.xlsx)"
        )
        if not name:
            return
        path = Path(name)
        self.context.runner.start(
            lambda _: write_template(path),
            lambda _: self._say(f"Template saved: {path}"),
            lambda e: self._say(f"The template was not saved: {e}", error=True),
            owner=self,
        )

    def load(self, path: Path, sheet: str | None = None) -> None:
        """Read ``path`` (its first or chosen sheet) off the UI thread."""
        self.path = path
        self.context.source = None
        self.completeChanged.emit()
        self.file_label.setText(str(path))
        self._say("")

        def work(control: TaskControl) -> tuple[list[str], ImportSource]:
            sheets = list_sheets(path)

            def read_so_far(rows: int) -> bool:
                control.progress(rows, 0, f"Reading {path.name}: {rows:,} rows…")
                return not control.cancelled

            source = open_source(self.context.desk.store, path, sheet, progress=read_so_far)
            return sheets, source

        # Choosing another sheet while one is read: only the newest read counts.
        self.progress.run(f"Reading {path.name}…", work, self._loaded, self._failed, key="read")

    def _loaded(self, result: tuple[list[str], ImportSource]) -> None:
        sheets, source = result
        self.context.source = source
        several = len(sheets) > 1
        self.sheet_label.setVisible(several)
        self.sheet.setVisible(several)
        self.sheet.blockSignals(True)
        self.sheet.clear()
        self.sheet.addItems(sheets)
        self.sheet.setCurrentText(source.sheet.name)
        self.sheet.blockSignals(False)
        rows = sum(1 for _ in source.data_rows())
        header_at = source.layout.header_row + 1
        self._say(
            f"{rows:,} rows under the headers on row {header_at} of sheet “{source.sheet.name}”."
            + (
                " This sheet's columns were mapped before; the mapping is reused."
                if source.remembered
                else ""
            )
        )
        self.completeChanged.emit()

    def _failed(self, error: BaseException) -> None:
        self._say(str(error) or type(error).__name__, error=True)
        self.completeChanged.emit()

    def _sheet_changed(self) -> None:
        if self.path is not None and self.sheet.currentText():
            self.load(self.path, self.sheet.currentText())

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet("color: #a4161a" if error else "")
        self.message.setText(text)

    # ---- wizard ------------------------------------------------------------------------------

    def isComplete(self) -> bool:
        return self.context.source is not None and not self.progress.busy
