"""One telephone as seed 002 describes it: number, extension, type and text permission."""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.models.account import FIELD_LABELS
from app.models.phone import PhoneType, PhoneWhich, text_consent_wording
from app.views.widgets.enum_combo import EnumCombo
from app.views.widgets.form_row import FormRow

TEXT_OK_TEXT: Final = "Text messages allowed"
PHONE_PLACEHOLDER: Final = "(916) 445-1254"
EXTENSION_PLACEHOLDER: Final = "up to 4 digits"
NOT_MOBILE_HINT: Final = "Set the phone type to Mobile to record permission for text messages."
MOBILE_ONLY_TEXT: Final = "Only for a mobile number."

# Seed 002's hover help, word for word.
_NUMBER_HELP: Final[dict[PhoneWhich, str]] = {
    "main": "Enter a phone number at which you can be reached.",
    "second": "Enter a second phone number at which you can be reached.",
}
_EXTENSION_HELP: Final[dict[PhoneWhich, str]] = {
    "main": "If your main phone number includes an extension, enter up to four digits here.",
    "second": "If your second phone number includes an extension, enter up to four digits here.",
}
PHONE_TYPE_CHOICES: Final = (("Mobile", PhoneType.MOBILE), ("Landline", PhoneType.LANDLINE))


class PhoneGroup(QWidget):
    """Number, extension and type on one line; the text-permission checkbox and its wording below.

    The checkbox is enabled only for a mobile number and starts unticked (seed 002). Leaving
    Mobile unticks it: consent is recorded with the wording shown, so it must be given again
    explicitly rather than come back by itself when the type is switched back. The consent
    wording shows only while it can be agreed to (Mobile); otherwise a one-line note says why
    the box is greyed, which keeps two three-line paragraphs of fine print off the common path.
    """

    def __init__(
        self,
        which: PhoneWhich,
        *,
        number_mnemonic: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.which: PhoneWhich = which
        prefix = f"{which}_phone"
        self.number_edit = QLineEdit(self)
        self.number_edit.setPlaceholderText(PHONE_PLACEHOLDER)
        self.extension_edit = QLineEdit(self)
        self.extension_edit.setPlaceholderText(EXTENSION_PLACEHOLDER)
        self.type_combo: EnumCombo[PhoneType] = EnumCombo(
            PHONE_TYPE_CHOICES, blank_text="Not stated", parent=self
        )
        self.text_ok_check = QCheckBox(TEXT_OK_TEXT, self)
        self.consent_label = QLabel(text_consent_wording(which), self)
        self.consent_label.setWordWrap(True)
        self.consent_label.setTextFormat(Qt.TextFormat.PlainText)
        # The words the student agrees to (and that are recorded with the consent) in full
        # contrast and size: the counselor may read them out.
        self.mobile_only_label = QLabel(MOBILE_ONLY_TEXT, self)
        self.mobile_only_label.setEnabled(False)  # greyed like the checkbox it explains

        self.number_row = FormRow(self)
        self.number_row.add_field(
            prefix,
            self.number_edit,
            label=FIELD_LABELS[prefix],
            mnemonic=number_mnemonic,
            help_text=_NUMBER_HELP[which],
            stretch=5,
        )
        self.number_row.add_field(
            f"{prefix}_ext",
            self.extension_edit,
            label=FIELD_LABELS[f"{prefix}_ext"],
            help_text=_EXTENSION_HELP[which],
            stretch=3,
        )
        self.number_row.add_field(
            f"{prefix}_type",
            self.type_combo,
            label=FIELD_LABELS[f"{prefix}_type"],
            help_text="Mobile or landline, as the student says.",
            stretch=3,
        )
        self.text_row = FormRow(self)
        consent = QWidget(self)
        consent_layout = QHBoxLayout(consent)
        consent_layout.setContentsMargins(0, 0, 0, 0)
        consent_layout.setSpacing(10)
        consent_layout.addWidget(self.text_ok_check, 0, Qt.AlignmentFlag.AlignTop)
        consent_layout.addWidget(self.consent_label, 1)
        consent_layout.addWidget(self.mobile_only_label, 1, Qt.AlignmentFlag.AlignVCenter)
        self.text_row.add_field(
            f"{prefix}_text_ok",
            consent,
            label=None,
            accessible_name=FIELD_LABELS[f"{prefix}_text_ok"],
            focus_widget=self.text_ok_check,
            help_text=text_consent_wording(which),
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.number_row)
        layout.addWidget(self.text_row)
        self.type_combo.currentIndexChanged.connect(self._follow_type)
        self._follow_type()

    def rows(self) -> tuple[FormRow, FormRow]:
        """The rows holding this phone's fields (for showing messages)."""
        return (self.number_row, self.text_row)

    def _follow_type(self) -> None:
        mobile = self.type_combo.value() is PhoneType.MOBILE
        if not mobile:
            self.text_ok_check.setChecked(False)
        self.text_ok_check.setEnabled(mobile)
        self.consent_label.setVisible(mobile)
        self.mobile_only_label.setVisible(not mobile)
        self.text_ok_check.setToolTip(
            text_consent_wording(self.which) if mobile else NOT_MOBILE_HINT
        )
