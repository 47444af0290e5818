"""The fix grid's model: one line per spreadsheet row, a column per mapped field, bad cells
marked with their message. Rows are loaded off the UI thread; an edit is handed to the page,
which validates it off the UI thread and puts the answer back with :meth:`replace`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from app.services.imports.validation import label

BAD_CELL = QBrush(QColor("#fde2e1"))
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class GridRow:
    """What the grid shows of a row (a light copy: 100,000 of them must fit)."""

    row_no: int
    fields: dict[str, str | None]
    problems: dict[str, str]


class ImportRowsModel(QAbstractTableModel):
    """Row | mapped fields… | Problems."""

    edit_requested = Signal(int, str, str)  # row number, field, new text

    def __init__(self, fields: list[str]) -> None:
        super().__init__()
        self.fields = fields
        self.rows: list[GridRow] = []
        self._where: dict[int, int] = {}

    def set_rows(self, rows: list[GridRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self._where = {r.row_no: i for i, r in enumerate(rows)}
        self.endResetModel()

    def replace(self, row: GridRow) -> None:
        """A row validated again after an edit."""
        at = self._where.get(row.row_no)
        if at is None:
            return
        self.rows[at] = row
        self.dataChanged.emit(self.index(at, 0), self.index(at, self.columnCount() - 1))

    def row_at(self, index: int) -> GridRow:
        return self.rows[index]

    def position(self, row_no: int) -> int | None:
        return self._where.get(row_no)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.fields) + 2

    def _field(self, column: int) -> str | None:
        return self.fields[column - 1] if 1 <= column <= len(self.fields) else None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == 0:
            return "Row"
        field = self._field(section)
        return label(field) if field else "Problems"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        field = self._field(column)
        if column == 0:
            return row.row_no if role == Qt.ItemDataRole.DisplayRole else None
        if field is None:  # the Problems column: what is wrong that no cell shows
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return " ".join(row.problems.values())
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return row.fields.get(field) or ""
        if role == Qt.ItemDataRole.BackgroundRole and field in row.problems:
            return BAD_CELL
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.problems.get(field)
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return row.problems.get(field) or ""
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsEditable if self._field(index.column()) else base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        field = self._field(index.column())
        if role != Qt.ItemDataRole.EditRole or field is None:
            return False
        row = self.rows[index.row()]
        text = str(value)
        if text == (row.fields.get(field) or ""):
            return False
        # Show the new value at once; the page validates it and replaces the row.
        self.rows[index.row()] = GridRow(row.row_no, {**row.fields, field: text}, row.problems)
        self.dataChanged.emit(index, index)
        self.edit_requested.emit(row.row_no, field, text)
        return True
