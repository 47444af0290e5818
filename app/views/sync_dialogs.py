"""The Sync page's two decisions: correct a refused new account and send it again, and resolve a
possible duplicate the central service flagged.

The correction reuses the New student form itself (:class:`NewStudentForm`), filled with what was
sent, so every field is checked by the same rules and shows the same messages; the dialogs only
ask, and the page runs the work off the UI thread and tells the dialog how it went.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.models.account import StudentFields, StudentForm
from app.models.api import ReviewResolution
from app.services.attention import ReviewItem
from app.views.new_student_form import NewStudentForm

SEND_AGAIN_TEXT = "Send &again"


def _message_label(style: str = "") -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if style:
        label.setStyleSheet(style)
    return label


class EditRefusedDialog(QDialog):
    """The refused account's details in the New student form, to correct and send again."""

    def __init__(
        self,
        cccid: str,
        refusal: str,
        student: StudentFields,
        send: Callable[[StudentForm], None],
        *,
        intake_mailbox: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Correct CCCID {cccid} and send it again")
        self.resize(1040, 760)
        layout = QVBoxLayout(self)
        intro = _message_label()
        intro.setText(
            f"The statewide service refused CCCID {cccid}: {refusal}\n"
            "Correct it below and press Send again. The CCCID and the temporary password on the "
            "slip already printed stay the same."
        )
        intro.setAccessibleName("Why it was refused")
        layout.addWidget(intro)
        self.form = NewStudentForm(intake_mailbox=intake_mailbox)
        self.form.set_values(
            {
                name: value
                for name in StudentFields.model_fields
                if (value := getattr(student, name)) is not None
            }
        )
        self.form.create_button.setText(SEND_AGAIN_TEXT)
        self.form.create_button.setAccessibleName(SEND_AGAIN_TEXT.replace("&", ""))
        heading = self.form.findChild(QLabel, "heading")
        if heading is not None:
            heading.setText(f"Account CCCID {cccid}")
        layout.addWidget(self.form, 1)
        self.result_text = _message_label("color: #a4161a; font-weight: 600")
        self.result_text.setAccessibleName("Send again result")
        self.result_text.hide()
        layout.addWidget(self.result_text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.form.submitted.connect(self._submitted)
        self._send = send

    def _submitted(self, form: StudentForm) -> None:
        self.form.set_busy(True)
        self.result_text.hide()
        self._send(form)

    def not_sent(self, message: str, *, field: str | None = None) -> None:
        """The correction was refused (here or by the service): say why, with the cursor in
        ``field`` when the refusal names one; nothing typed is lost."""
        self.form.set_busy(False)
        self.result_text.setText(message)
        self.result_text.show()
        if field is not None:
            self.form.focus_field(field)


class ResolveReviewDialog(QDialog):
    """A different student, or a duplicate of one of the candidates the service named."""

    def __init__(self, item: ReviewItem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.setWindowTitle(f"Resolve the review of CCCID {item.cccid}")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        why = _message_label()
        names = item.candidate_names or item.candidates
        why.setText(
            f"CCCID {item.cccid} ({item.name}): {'; '.join(item.reasons)}"
            + (f"\nPossible matches: {'; '.join(names)}." if names else "")
        )
        layout.addWidget(why)
        self.different = QRadioButton("A &different student: keep both accounts")
        self.duplicate = QRadioButton("The &same student as:")
        self.duplicate_of = QComboBox()
        for at, cccid in enumerate(item.candidates):  # shown with name and college
            names = item.candidate_names
            self.duplicate_of.addItem(names[at] if at < len(names) else cccid, cccid)
        self.duplicate_of.setAccessibleName("Duplicate of")
        group = QButtonGroup(self)
        group.addButton(self.different)
        group.addButton(self.duplicate)
        self.different.setChecked(True)
        layout.addWidget(self.different)
        same = QHBoxLayout()
        same.addWidget(self.duplicate)
        same.addWidget(self.duplicate_of, 1)
        layout.addLayout(same)
        if "duplicate_of" not in item.choices:
            self.duplicate.setEnabled(False)
            self.duplicate_of.setEnabled(False)
        self.duplicate_of.setEnabled(False)
        self.duplicate.toggled.connect(self.duplicate_of.setEnabled)
        self.consequence = _message_label()
        layout.addWidget(self.consequence)
        self.different.toggled.connect(lambda _: self._explain())
        self.note = QLineEdit()
        self.note.setPlaceholderText("How you know (recorded with your name; required)")
        self.note.setAccessibleName("Note")
        note_label = QLabel("&Note:")
        note_label.setBuddy(self.note)
        layout.addWidget(note_label)
        layout.addWidget(self.note)
        self.error = _message_label("color: #a4161a")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("&Resolve")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._explain()

    def _explain(self) -> None:
        if self.different.isChecked():
            text = f"CCCID {self.item.cccid} stays active; the review is closed."
        elif self.item.source == "server_flag":
            text = (
                f"CCCID {self.item.cccid} is deactivated (never deleted: its slip is printed); "
                "the student uses the account chosen above. Print that account a new slip if "
                "the student needs one."
            )
        else:
            text = f"This upload is discarded: CCCID {self.item.cccid} is never created."
        self.consequence.setText(text)

    def resolution(self) -> ReviewResolution | None:
        """The decision as the service takes it, or None (with the reason shown) when
        incomplete."""
        note = self.note.text().strip()
        if len(note) < 3:
            self.error.setText("Note: say in a few words how you know (3 letters or more).")
            self.note.setFocus()
            return None
        if self.duplicate.isChecked():
            return ReviewResolution(
                resolution="duplicate_of", duplicate_of=self.duplicate_of.currentData(), note=note
            )
        return ReviewResolution(resolution="different_student", note=note)

    def _accept(self) -> None:
        if self.resolution() is not None:
            self.accept()
