"""Sync: the connection and queue in words, what the server refused ("needs attention", with its
message and what staff can do: retry, correct and send again, discard), and what needs a person's
review (resolved here: a different student, or a duplicate of a named account). Long refusals
wrap within the list rather than running off its edge."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.models.account import StudentFields, StudentForm
from app.models.api import ReviewResolution
from app.services import attention
from app.services.desk import Desk
from app.services.store.outbox import OutboxEntry
from app.services.sync.status import SyncStatus
from app.services.taken import IdentifierTakenError
from app.views.sync_bridge import SyncBridge, describe
from app.views.sync_dialogs import EditRefusedDialog, ResolveReviewDialog
from app.views.tasks import TaskControl, TaskRunner

ENTRY_ROLE = Qt.ItemDataRole.UserRole

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
        self.attention = _wrapping_list("Needs attention")
        layout.addWidget(self.attention, 1)
        buttons = QHBoxLayout()
        self.retry_button = QPushButton("&Retry")
        self.retry_button.clicked.connect(self._retry)
        self.edit_button = QPushButton("&Edit and send again…")
        self.edit_button.setToolTip("Correct the new account's details; its CCCID and slip stay.")
        self.edit_button.clicked.connect(self._edit)
        self.discard_button = QPushButton("&Discard…")
        self.discard_button.clicked.connect(self._discard)
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.discard_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.attention.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName("Sync notice")
        layout.addWidget(self.notice)

        layout.addWidget(QLabel("Needs review — possible duplicates a person must decide:"))
        self.review = _wrapping_list("Needs review")
        layout.addWidget(self.review, 1)
        review_buttons = QHBoxLayout()
        self.resolve_button = QPushButton("Re&solve…")
        self.resolve_button.setToolTip("A different student, or the same as a named account.")
        self.resolve_button.clicked.connect(self._resolve)
        review_buttons.addWidget(self.resolve_button)
        review_buttons.addStretch(1)
        layout.addLayout(review_buttons)
        self.edit_dialog: EditRefusedDialog | None = None
        self.resolve_dialog: ResolveReviewDialog | None = None
        """The open dialogs (for tests and screen readers)."""
        self._entries: dict[str, OutboxEntry] = {}
        self._reviews: list[attention.ReviewItem] = []
        self.review.currentItemChanged.connect(lambda *_: self._update_buttons())
        self._update_buttons()
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
        chosen_entry = self._selected_entry()
        chosen_review = self._selected_review()
        self._entries = {entry.id: entry for entry in refused}
        self._reviews = list(reviews)
        self.attention.clear()
        for entry in refused:
            what = WHAT_WAS_SENT.get(entry.kind, entry.kind)
            item = QListWidgetItem(f"{what} {entry.cccid}: {entry.last_error or 'refused'}")
            item.setData(ENTRY_ROLE, entry.id)
            self.attention.addItem(item)
            if entry.id == chosen_entry:
                self.attention.setCurrentItem(item)
        if not refused:
            self.attention.addItem("Nothing needs attention.")
        self.review.clear()
        for at, review in enumerate(reviews):
            names = review.candidate_names or review.candidates
            candidates = f" Possible matches: {'; '.join(names)}." if names else ""
            item = QListWidgetItem(
                f"{review.cccid} {review.name}: {'; '.join(review.reasons)}{candidates}"
            )
            item.setData(ENTRY_ROLE, at)
            self.review.addItem(item)
            if chosen_review is not None and review.cccid == chosen_review.cccid:
                self.review.setCurrentItem(item)
        if not reviews:
            self.review.addItem("Nothing needs review.")
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self._selected_entry()
        self.retry_button.setEnabled(chosen is not None)
        self.discard_button.setEnabled(chosen is not None)
        entry = self._entries.get(chosen or "")
        self.edit_button.setEnabled(entry is not None and entry.kind == "account.create")
        self.resolve_button.setEnabled(self._selected_review() is not None)

    def _selected_entry(self) -> str | None:
        item = self.attention.currentItem()
        value = item.data(ENTRY_ROLE) if item is not None else None
        return str(value) if value else None

    def _selected_review(self) -> attention.ReviewItem | None:
        item = self.review.currentItem()
        at = item.data(ENTRY_ROLE) if item is not None else None
        return self._reviews[at] if isinstance(at, int) and at < len(self._reviews) else None

    # ---- correct and send again ----------------------------------------------------------

    def _edit(self) -> None:
        entry = self._entries.get(self._selected_entry() or "")
        if entry is None or entry.kind != "account.create":
            self.notice.setText("Select a refused new account in the list first.")
            return
        desk = self.desk
        self.runner.start(
            lambda _: desk.refused_student(entry.id),
            lambda student: self._open_editor(entry, student),
            lambda e: self.notice.setText(f"Could not open it: {e}"),
            owner=self,
        )

    def _open_editor(self, entry: OutboxEntry, student: StudentFields) -> None:
        dialog = EditRefusedDialog(
            entry.cccid,
            entry.last_error or "refused",
            student,
            lambda form: self._send_again(entry, form),
            intake_mailbox=self.desk.college().intake_mailbox,
            parent=self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _: setattr(self, "edit_dialog", None))
        self.edit_dialog = dialog
        dialog.open()  # no nested event loop while the work runs

    def _send_again(self, entry: OutboxEntry, form: StudentForm) -> None:
        desk, student = self.desk, form.to_fields()
        dialog = self.edit_dialog

        def sent(now: OutboxEntry) -> None:
            if now.state == "needs_attention":
                if dialog is not None:
                    dialog.not_sent(
                        f"Refused again: {now.last_error or 'refused'} Correct it and send again."
                    )
                self.show_status(desk.engine.status)
                return
            self.notice.setText(
                f"CCCID {entry.cccid} was corrected and "
                + (
                    "is now confirmed by the statewide service."
                    if now.state == "confirmed"
                    else "goes to the statewide service at the next sync."
                )
            )
            if dialog is not None:
                dialog.accept()
            self.show_status(desk.engine.status)

        def failed(error: BaseException) -> None:
            if dialog is not None:
                taken = error.taken[0].field if isinstance(error, IdentifierTakenError) else None
                dialog.not_sent(f"Not sent: {error}", field=taken)

        self.runner.start(
            lambda _: desk.correct_refused(entry.id, student), sent, failed, owner=self
        )

    # ---- needs review --------------------------------------------------------------------

    def _resolve(self) -> None:
        item = self._selected_review()
        if item is None:
            self.notice.setText("Select an account under Needs review first.")
            return
        dialog = ResolveReviewDialog(item, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def chosen(result: int) -> None:
            self.resolve_dialog = None
            resolution = dialog.resolution()
            if result == QDialog.DialogCode.Accepted.value and resolution is not None:
                self._send_resolution(item, resolution)

        dialog.finished.connect(chosen)
        self.resolve_dialog = dialog
        dialog.open()

    def _send_resolution(self, item: attention.ReviewItem, resolution: ReviewResolution) -> None:
        desk = self.desk

        def done(_: None) -> None:
            outcome = (
                f"recorded as a duplicate of {resolution.duplicate_of}"
                if resolution.resolution == "duplicate_of"
                else "recorded as a different student"
            )
            self.notice.setText(f"CCCID {item.cccid}: {outcome}.")
            self.show_status(desk.engine.status)

        self.runner.start(
            lambda _: desk.resolve_review(item, resolution),
            done,
            lambda e: self.notice.setText(f"CCCID {item.cccid} was not resolved: {e}"),
            owner=self,
        )

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


def _wrapping_list(name: str) -> QListWidget:
    """A list whose long lines (a refusal names the field, the value and the fix) wrap at the
    list's width instead of running off its edge."""
    widget = QListWidget()
    widget.setAccessibleName(name)
    widget.setWordWrap(True)
    widget.setTextElideMode(Qt.TextElideMode.ElideNone)
    # Adjust: items are laid out again when the width changes, so wrapped lines stay whole.
    widget.setResizeMode(QListView.ResizeMode.Adjust)
    widget.setUniformItemSizes(False)
    widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    widget.setSpacing(2)
    return widget
