"""A table whose first columns stay put while the others scroll sideways (the fix grid keeps each
row's number and problems in sight while staff work on the ZIP column far to the right).

As in Qt's "frozen column" example, a second ``QTableView`` shares the model and shows only the
frozen columns. Unlike the example it floats over no cell of the main view: the main view hides
the frozen columns, and the frozen part lies where the main view's vertical header is (sized to
fit), so keyboard moves (arrows, Tab, Home) never land on a cell hidden under it, and the scroll
bar spans only the columns that scroll. The frozen part takes no focus; clicking it moves the
main view's current cell to that row, and the main view's current row is shown selected in it.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget


class FrozenColumnsTable(QTableView):
    """A ``QTableView`` with its first ``frozen`` columns always visible."""

    def __init__(self, frozen: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.frozen_count = frozen
        self.frozen = QTableView(self)
        self.frozen.setObjectName("frozen_columns")
        self.frozen.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.frozen.verticalHeader().hide()
        self.frozen.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.frozen.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frozen.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frozen.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.frozen.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.frozen.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # No frame of its own: it reads as the left part of this table.
        self.frozen.setFrameShape(QTableView.Shape.NoFrame)
        self.frozen.clicked.connect(self._frozen_clicked)
        self.frozen.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        self.verticalScrollBar().valueChanged.connect(self.frozen.verticalScrollBar().setValue)
        self.verticalHeader().sectionResized.connect(
            lambda row, _old, size: self.frozen.setRowHeight(row, size)
        )

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        self.frozen.setModel(model)
        if model is not None:
            model.modelReset.connect(self._apply_columns)
            model.layoutChanged.connect(self._apply_columns)
        self.selectionModel().currentRowChanged.connect(self._show_current_row)
        self._apply_columns()

    def frozen_width(self) -> int:
        return sum(self.frozen.columnWidth(c) for c in range(self.frozen_count))

    def _apply_columns(self) -> None:
        """Which view shows which column (a model reset forgets hidden sections)."""
        model = self.model()
        if model is None:
            return
        for column in range(model.columnCount()):
            frozen = column < self.frozen_count
            self.setColumnHidden(column, frozen)
            self.frozen.setColumnHidden(column, not frozen)
        self._place_frozen()

    def setColumnWidth(self, column: int, width: int) -> None:
        if column < self.frozen_count:
            self.frozen.setColumnWidth(column, width)
            self._place_frozen()
        else:
            super().setColumnWidth(column, width)

    def resizeColumnsToContents(self) -> None:
        super().resizeColumnsToContents()
        precision = self.horizontalHeader().resizeContentsPrecision()
        self.frozen.horizontalHeader().setResizeContentsPrecision(precision)
        self.frozen.resizeColumnsToContents()
        self._place_frozen()

    def updateGeometries(self) -> None:
        super().updateGeometries()
        self._lay_over_header()

    def _place_frozen(self) -> None:
        """Size the room the frozen columns need: the vertical header's place, which the table
        already keeps left of its viewport (scroll ranges and header follow by themselves)."""
        self.verticalHeader().setFixedWidth(self.frozen_width())
        self._lay_over_header()

    def _lay_over_header(self) -> None:
        """Lay the frozen view over the vertical header and the corner above it."""
        header_height = self.horizontalHeader().height()
        area = self.viewport().geometry()
        width = self.frozen_width()
        self.frozen.setGeometry(
            area.left() - width, area.top() - header_height, width, area.height() + header_height
        )
        self.frozen.horizontalHeader().setFixedHeight(header_height)
        self.frozen.raise_()

    def _show_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        selection = self.frozen.selectionModel()
        if not current.isValid():
            selection.clearSelection()
            return
        selection.select(
            current,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )

    def _frozen_clicked(self, index: QModelIndex) -> None:
        """A click on a row's number or problems makes that row current (same column as before,
        or the first one that scrolls)."""
        model = self.model()
        if model is None or not index.isValid():
            return
        column = max(self.currentIndex().column(), self.frozen_count)
        self.setCurrentIndex(model.index(index.row(), column))
        self.setFocus(Qt.FocusReason.MouseFocusReason)
