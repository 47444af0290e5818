"""The fix grid's model: one line per spreadsheet row; its number, which fields have problems,
then a column per mapped field, bad cells marked with their message. Rows are loaded off the UI
thread; an edit is handed to the page, which validates it off the UI thread and puts the answer
back with :meth:`replace`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from app.services.imports.validation import label

BAD_CELL = QBrush(QColor("#fde2e1"))
Index = QModelIndex | QPersistentModelIndex
ROW_COLUMN, PROBLEMS_COLUMN, FIRST_FIELD_COLUMN = 0, 1, 2
"""The row number and the problems come first: the grid keeps them in sight (frozen)."""
SECRET_FIELDS = frozenset({"ssn"})
"""Values never repeated in a problem's text (the cell itself is where staff see it)."""


@dataclass(frozen=True)
class GridRow:
    """What the grid shows of a row (a light copy: 100,000 of them must fit)."""

    row_no: int
    fields: dict[str, str | None]
    problems: dict[str, str]


def problem_lines(row: GridRow, fields: list[str]) -> list[str]:
    """Each of the row's problems in full, in the grid's column order, then those of fields the
    file has no column for; each says what the cell holds when the message does not."""
    order = {field: at for at, field in enumerate(fields)}
    lines = []
    for field in sorted(row.problems, key=lambda f: order.get(f, len(order))):
        message = row.problems[field]
        value = (row.fields.get(field) or "").strip()
        if value and field not in SECRET_FIELDS and value not in message:
            message += f" (The cell has “{value}”.)"
        lines.append(message)
    return lines


def problem_summary(row: GridRow, fields: list[str]) -> str:
    """The Problems column: which fields have one, in column order (the details say the rest)."""
    order = {field: at for at, field in enumerate(fields)}
    return ", ".join(label(f) for f in sorted(row.problems, key=lambda f: order.get(f, len(order))))


class ImportRowsModel(QAbstractTableModel):
    """Row | Problems | mapped fields…"""

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
        return 0 if parent.isValid() else len(self.fields) + FIRST_FIELD_COLUMN

    def _field(self, column: int) -> str | None:
        at = column - FIRST_FIELD_COLUMN
        return self.fields[at] if 0 <= at < len(self.fields) else None

    def column_of(self, field: str) -> int:
        """The grid column showing ``field`` (it must be mapped)."""
        return FIRST_FIELD_COLUMN + self.fields.index(field)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == ROW_COLUMN:
            return "Row"
        if section == PROBLEMS_COLUMN:
            return "Problems"
        field = self._field(section)
        return label(field) if field else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        field = self._field(column)
        if column == ROW_COLUMN:
            return row.row_no if role == Qt.ItemDataRole.DisplayRole else None
        if field is None:  # the Problems column: every problem, those no cell shows included
            if role == Qt.ItemDataRole.DisplayRole:
                return problem_summary(row, self.fields)
            if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
                return "\n".join(problem_lines(row, self.fields))
            if role == Qt.ItemDataRole.BackgroundRole and row.problems:
                return BAD_CELL
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
