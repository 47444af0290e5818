"""The duplicate review list: one line per row with its best candidate and its decision."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.models.band import Band
from app.services.store.imports import ImportRow

Index = QModelIndex | QPersistentModelIndex
BAND_COLOURS = {"certain": "#fde2e1", "probable": "#fff4d6", "possible": "#eef4ff"}
COLUMNS = ["Row", "Student", "Birthdate", "Possible match", "Match", "Score", "Decision"]


@dataclass(frozen=True)
class ReviewRow:
    """A row as the review shows it."""

    row_no: int
    fields: dict[str, str | None]
    candidates: list[dict[str, Any]]
    best_band: str | None
    decision: str | None
    decided_by: str | None
    link_cccid: str | None
    reason: str | None

    @classmethod
    def of(cls, row: ImportRow) -> ReviewRow:
        return cls(
            row.row_no,
            row.fields,
            row.candidates,
            row.best_band,
            row.decision,
            row.decided_by,
            row.link_cccid,
            row.reason,
        )

    @property
    def needs_decision(self) -> bool:
        strong = self.best_band is not None and Band(self.best_band).strong
        return strong and self.decided_by in (None, "default")

    @property
    def name(self) -> str:
        f = self.fields
        return " ".join(p for p in (f.get("first_name"), f.get("last_name")) if p)

    def decision_text(self) -> str:
        if self.needs_decision:
            return "Needs your decision"
        if self.decision == "create":
            return "Create new" + (" (no match)" if self.decided_by == "default" else "")
        if self.decision == "link":
            return f"Link to {self.link_cccid}"
        if self.decision == "skip":
            return "Skip"
        return "Undecided"


def candidate_ref(candidate: dict[str, Any]) -> str:
    """An existing account's CCCID, or "row N" for another row of the file."""
    return str(candidate.get("cccid") or f"row {candidate.get('row_no')}")


class ReviewModel(QAbstractTableModel):
    """Rows under review."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[ReviewRow] = []

    def set_rows(self, rows: list[ReviewRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        best = row.candidates[0] if row.candidates else None
        if role == Qt.ItemDataRole.DisplayRole:
            return [
                row.row_no,
                row.name,
                row.fields.get("birthdate") or "",
                (candidate_ref(best) + ("" if best.get("cccid") else " of this file"))
                if best
                else "none",
                best["band"] if best else "",
                f"{best['score']:.1f}" if best else "",
                row.decision_text(),
            ][index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and row.best_band in BAND_COLOURS:
            return QBrush(QColor(BAND_COLOURS[row.best_band]))
        if role == Qt.ItemDataRole.ToolTipRole and best:
            return "; ".join(best["reasons"])
        return None
