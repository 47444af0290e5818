"""Sync: the connection and queue in words, what the server refused ("needs attention", with its
message and what staff can do), and what needs a person's review."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services import attention
from app.services.desk import Desk
from app.services.store.outbox import OutboxEntry
from app.services.sync.status import SyncStatus
from app.views.sync_bridge import SyncBridge, describe
from app.views.tasks import TaskControl, TaskRunner

WHAT_WAS_SENT = {
    "account.create": "New account",
    "account.credentials": "New slip",
    "account.link": "This is the student",
}
"""Each outbox kind in the words staff used when they made it."""


class SyncPage(QWidget):
    """Status, needs attention, needs review."""

    def __init__(
        self, desk: Desk, bridge: SyncBridge, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.desk, self.runner = desk, runner
        # How the discard reason is asked (a dialog; tests answer it directly).
        self.ask_reason: Callable[[QWidget], tuple[str, bool]] = lambda parent: (
            QInputDialog.getText(
                parent, "Discard", "Why discard this change? (recorded in the audit log)"
            )
        )
        layout = QVBoxLayout(self)
        heading = QLabel("Sync")
        heading.setStyleSheet("font-size: 16pt; font-weight: 600")
        layout.addWidget(heading)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Sync status")
        layout.addWidget(self.summary)
        row = QHBoxLayout()
        self.sync_button = QPushButton("Sync &now")
        self.sync_button.clicked.connect(lambda: desk.engine.sync_now())
        row.addWidget(self.sync_button)
        row.addStretch(1)
        layout.addLayout(row)

        layout.addWidget(QLabel("Needs attention — the central service refused these:"))
        self.attention = QListWidget()
        self.attention.setAccessibleName("Needs attention")
        layout.addWidget(self.attention, 1)
        buttons = QHBoxLayout()
        self.retry_button = QPushButton("&Retry")
        self.retry_button.clicked.connect(self._retry)
        self.discard_button = QPushButton("&Discard…")
        self.discard_button.clicked.connect(self._discard)
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.discard_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.attention.currentItemChanged.connect(lambda *_: self._update_buttons())
        self._update_buttons()
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName("Sync notice")
        layout.addWidget(self.notice)

        layout.addWidget(QLabel("Needs review — possible duplicates a person must decide:"))
        self.review = QListWidget()
        self.review.setAccessibleName("Needs review")
        layout.addWidget(self.review, 1)
        bridge.status_changed.connect(self.show_status)
        self.show_status(bridge.current())

    def show_status(self, status: SyncStatus) -> None:
        """Refresh the words and the lists (the lists are read off the UI thread; only the
        newest read is shown, so a slow read started before a change cannot undo it)."""
        connection, queue, last = describe(status)
        self.summary.setText(f"{connection}. {queue}. {last}. {status.message}")
        self.runner.start(self._read_lists, self._fill_lists, owner=self, key="lists")

    def _read_lists(self, _: TaskControl) -> tuple[list[OutboxEntry], list[attention.ReviewItem]]:
        return attention.needing_attention(self.desk.store), attention.needing_review(
            self.desk.store
        )

    def _fill_lists(self, lists: tuple[list[OutboxEntry], list[attention.ReviewItem]]) -> None:
        refused, reviews = lists
        self.attention.clear()
        for entry in refused:
            what = WHAT_WAS_SENT.get(entry.kind, entry.kind)
            item = QListWidgetItem(f"{what} {entry.cccid}: {entry.last_error or 'refused'}")
            item.setData(256, entry.id)
            self.attention.addItem(item)
        if not refused:
            self.attention.addItem("Nothing needs attention.")
        self.review.clear()
        for review in reviews:
            self.review.addItem(f"{review.cccid} {review.name}: {'; '.join(review.reasons)}")
        if not reviews:
            self.review.addItem("Nothing needs review.")

    def _update_buttons(self) -> None:
        chosen = self._selected_entry() is not None
        self.retry_button.setEnabled(chosen)
        self.discard_button.setEnabled(chosen)

    def _selected_entry(self) -> str | None:
        item = self.attention.currentItem()
        value = item.data(256) if item is not None else None
        return str(value) if value else None

    def _retry(self) -> None:
        entry = self._selected_entry()
        if not entry:
            self.notice.setText("Select a change in the list first.")
            return

        def retried(_: None) -> None:
            self.notice.setText("Sent again; the list updates when the service answers.")
            self.desk.engine.sync_now()

        self.runner.start(
            lambda _: attention.retry(self.desk.store, entry, self.desk.identity),
            retried,
            lambda e: self.notice.setText(f"Could not retry: {e}"),
            owner=self,
        )

    def _discard(self) -> None:
        entry = self._selected_entry()
        if not entry:
            self.notice.setText("Select a change in the list first.")
            return
        reason, ok = self.ask_reason(self)
        if not ok:
            return
        if len(reason.strip()) < 3:
            self.notice.setText("Nothing discarded: say why (3 letters or more).")
            return

        def discarded(_: None) -> None:
            self.notice.setText("Discarded; the reason is in the audit log.")
            self.show_status(self.desk.engine.status)

        self.runner.start(
            lambda _: attention.discard(self.desk.store, entry, self.desk.identity, reason.strip()),
            discarded,
            lambda e: self.notice.setText(f"Could not discard: {e}"),
            owner=self,
        )
