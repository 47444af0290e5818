"""Step 2: which column is which. Each column of the file with its header, the account field it
fills (proposed from its name, or remembered from a file with the same headers) and its first
values; the date order for ambiguous dates. Next saves the session and validates every row."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from app.services.imports.session import mapping_problem, start_session
from app.services.imports.validation import label
from app.services.spreadsheet import IMPORT_FIELDS, DateOrder
from app.views.import_wizard.context import ImportContext
from app.views.import_wizard.progress import TaskProgress, reporter
from app.views.tasks import TaskControl

NOT_IMPORTED = "— not imported —"
ORDERS: list[tuple[str, DateOrder | None]] = [
    ("Ask me about ambiguous dates", None),
    ("Month/day/year (3/4/2001 is March 4)", "mdy"),
    ("Day/month/year (3/4/2001 is 3 April)", "dmy"),
]


class MappingPage(QWizardPage):
    """Column → field, with a preview of each column."""

    def __init__(self, context: ImportContext) -> None:
        super().__init__()
        self.context = context
        self.setTitle("Match the columns")
        self.setSubTitle(
            "Check the account field each column fills. Columns you do not need stay "
            "“not imported”; they still appear in the results file."
        )
        self._started = False
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(
            ["Column in the file", "Account field", "First values"]
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.setAccessibleName("Column mapping")
        layout.addWidget(self.table, 1)
        order_row = QHBoxLayout()
        order_label = QLabel("&Dates like 3/4/2001:")
        self.date_order = QComboBox()
        self.date_order.setAccessibleName("Date order")
        for text, _ in ORDERS:
            self.date_order.addItem(text)
        order_label.setBuddy(self.date_order)
        order_row.addWidget(order_label)
        order_row.addWidget(self.date_order, 1)
        layout.addLayout(order_row)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #a4161a")
        self.problem.setAccessibleName("Mapping problem")
        layout.addWidget(self.problem)
        self.progress = TaskProgress(context.runner)
        layout.addWidget(self.progress)
        self.combos: list[QComboBox] = []

    def initializePage(self) -> None:
        source = self.context.source
        assert source is not None
        self._started = False
        self.table.setRowCount(len(source.headers))
        self.combos = []
        for column, header in enumerate(source.headers):
            name = QTableWidgetItem(header or f"(column {column + 1}, no header)")
            name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(column, 0, name)
            combo = QComboBox()
            combo.setAccessibleName(f"Field for column {header or column + 1}")
            combo.addItem(NOT_IMPORTED, None)
            for field in IMPORT_FIELDS:
                combo.addItem(label(field), field)
            chosen = source.mapping[column] if column < len(source.mapping) else None
            combo.setCurrentIndex(max(0, combo.findData(chosen)) if chosen else 0)
            combo.currentIndexChanged.connect(self._changed)
            self.table.setCellWidget(column, 1, combo)
            self.combos.append(combo)
            preview = QTableWidgetItem(", ".join(v for v in source.preview(column, 3) if v))
            preview.setFlags(preview.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(column, 2, preview)
        self.table.resizeColumnsToContents()
        order = next((i for i, (_, o) in enumerate(ORDERS) if o == source.date_order), 0)
        self.date_order.setCurrentIndex(order)
        self._changed()

    def mapping(self) -> list[str | None]:
        return [combo.currentData() for combo in self.combos]

    def chosen_order(self) -> DateOrder | None:
        return ORDERS[self.date_order.currentIndex()][1]

    def set_field(self, column: int, field: str | None) -> None:
        """Choose ``field`` for ``column`` (tests and keyboard users alike)."""
        combo = self.combos[column]
        combo.setCurrentIndex(combo.findData(field) if field else 0)

    def _changed(self) -> None:
        self.problem.setText(mapping_problem(self.mapping()) or "")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return (
            bool(self.combos) and mapping_problem(self.mapping()) is None and not self.progress.busy
        )

    def validatePage(self) -> bool:
        """Next: save the session and validate every row (off the UI thread), then move on."""
        if self.context.session_id is not None and self._started:
            return True
        source = self.context.source
        assert source is not None
        mapping, order = self.mapping(), self.chosen_order()
        desk = self.context.desk

        def work(control: TaskControl) -> str:
            return start_session(
                desk.store, desk.identity, source, mapping, order, reporter(control)
            )

        def done(session_id: object) -> None:
            self.context.session_id = str(session_id)
            self._started = True
            self.wizard().next()

        def failed(error: BaseException) -> None:
            self.problem.setText(str(error) or "Stopped: nothing was saved for this file.")
            self.completeChanged.emit()

        self.progress.run("Checking every row…", work, done, failed)
        self.completeChanged.emit()
        return False
