"""A progress line for long work on a page: message, bar, Cancel. The work runs on the task
runner; the bar and the Cancel button are the only way the page waits. The line appears only when
the work outlasts the runner's progress delay, so quick steps do not flash it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from app.views.tasks import Task, TaskControl, TaskRunner

T = TypeVar("T")


class TaskProgress(QWidget):
    """Shows one running task at a time."""

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.task: Task | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.label.setAccessibleName("Progress")
        self.bar = QProgressBar()
        self.bar.setTextVisible(True)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        row.addWidget(self.label, 1)
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel_button)
        self.hide()

    @property
    def busy(self) -> bool:
        return self.task is not None and not self.task.done

    def run(
        self,
        message: str,
        work: Callable[[TaskControl], T],
        on_done: Callable[[T], object],
        on_error: Callable[[BaseException], object],
        *,
        cancellable: bool = True,
        key: str | None = None,
    ) -> Task:
        """Start ``work``; its ``control.progress(done, total)`` moves the bar. With ``key``, a
        still running task started here with the same key is superseded (its answer dropped)."""
        self.label.setText(message)
        self.bar.setRange(0, 0)  # busy until the first report
        self.cancel_button.setEnabled(cancellable)
        self.cancel_button.setVisible(cancellable)

        def settle() -> None:
            # A newer task started meanwhile keeps the line (and the busy state) until it ends.
            if self.task is task:
                self.hide()
                self.task = None

        def finished(result: T) -> None:
            settle()
            on_done(result)

        def failed(error: BaseException) -> None:
            settle()
            on_error(error)

        task = self.runner.start(work, finished, failed, owner=self, key=key, on_slow=self.show)
        self.task = task
        task.progressed.connect(self._progressed)
        return task

    def _progressed(self, done: int, total: int, message: str) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(done)
            self.bar.setFormat(f"{done:,} of {total:,}")
        if message:
            self.label.setText(message)

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.label.setText("Stopping after the current step…")
            self.cancel_button.setEnabled(False)


def reporter(control: TaskControl) -> Callable[[int, int], bool]:
    """A service's ``progress(done, total) -> keep going?`` callback for this task."""

    def report(done: int, total: int) -> bool:
        control.progress(done, total)
        return not control.cancelled

    return report
