"""The table of possible duplicates: one row per candidate, best first."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.services.candidates import CandidateView

COL_BAND, COL_NAME, COL_BIRTHDATE, COL_CCCID, COL_COLLEGE, COL_REASONS = range(6)
HEADERS = ("Match", "Name", "Birthdate", "CCCID", "College", "Why")

CANDIDATE_ROLE = Qt.ItemDataRole.UserRole + 1
"""Returns the whole CandidateView of a row."""

BAND_LABELS = {"certain": "Certain", "probable": "Probable", "possible": "Possible"}
# Colours chosen to read on white and to stay distinguishable for red-green colour blindness;
# the band is also spelled out, so colour is never the only signal.
BAND_COLOURS = {"certain": "#b3261e", "probable": "#b35c00", "possible": "#4a5a70"}

_Index = QModelIndex | QPersistentModelIndex


def display_name(summary: dict[str, Any]) -> str:
    """Last, First Middle Suffix."""
    first = " ".join(p for p in (summary.get("first_name"), summary.get("middle_name")) if p)
    last = summary.get("last_name") or ""
    suffix = summary.get("suffix")
    name = f"{last}, {first}" if first else last
    return f"{name} {suffix}" if suffix else name


class CandidateTableModel(QAbstractTableModel):
    """Candidates for the student at the desk."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[CandidateView] = []

    def set_candidates(self, candidates: list[CandidateView]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(candidates)
        self.endResetModel()

    def candidates(self) -> list[CandidateView]:
        """The rows, in order."""
        return list(self._rows)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        candidate = self._rows[index.row()]
        column = index.column()
        if role == CANDIDATE_ROLE:
            return candidate
        if role == Qt.ItemDataRole.DisplayRole:
            summary = dict(candidate.summary)
            band = BAND_LABELS.get(candidate.band, candidate.band)
            return {
                COL_BAND: f"{band} ({candidate.score:.0f})",
                COL_NAME: display_name(summary),
                COL_BIRTHDATE: summary.get("birthdate") or "",
                COL_CCCID: candidate.cccid,
                COL_COLLEGE: candidate.college_code,
                COL_REASONS: "; ".join(candidate.reasons),
            }.get(column)
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_REASONS:
            return "\n".join(candidate.reasons)
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_BAND:
            return QBrush(QColor(BAND_COLOURS.get(candidate.band, "#333333")))
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.data(index, Qt.ItemDataRole.DisplayRole)
        return None
