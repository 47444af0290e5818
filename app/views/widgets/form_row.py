"""One line of the form: labelled inputs side by side, each field's message under the line."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from app.views.widgets.inline_error import InlineError

REQUIRED_MARK = " *"


def with_mnemonic(text: str, key: str | None) -> str:
    """Return ``text`` with ``&`` before the first ``key`` (Alt+key moves focus to the field).

    Any ``&`` already in the text is doubled so Qt shows it instead of treating it as a marker.
    """
    escaped = text.replace("&", "&&")
    if key is None:
        return escaped
    position = escaped.find(key)
    if position < 0:
        position = escaped.casefold().find(key.casefold())
    if position < 0:
        raise ValueError(f"mnemonic {key!r} does not occur in {text!r}")
    return f"{escaped[:position]}&{escaped[position:]}"


@dataclass
class _Field:
    label_text: str
    mnemonic: str | None
    label: QLabel | None
    focus_widget: QWidget
    help_text: str
    error: InlineError
    required: bool = False


class FormRow(QWidget):
    """Inputs side by side with their labels above them and their messages below the row.

    Messages sit under the whole row rather than under each input, so the message of a narrow
    input (an extension, a state) has the row's full width instead of wrapping into a column of
    single words. Every message names its field, so it is clear which input it is about.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(3)
        self._grid = QGridLayout()
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(12)
        self._grid.setVerticalSpacing(2)
        self._errors = QVBoxLayout()
        self._errors.setContentsMargins(0, 0, 0, 0)
        self._errors.setSpacing(2)
        outer.addLayout(self._grid)
        outer.addLayout(self._errors)
        self._fields: dict[str, _Field] = {}

    def add_field(
        self,
        name: str,
        editor: QWidget,
        *,
        label: str | None,
        accessible_name: str | None = None,
        mnemonic: str | None = None,
        focus_widget: QWidget | None = None,
        help_text: str = "",
        stretch: int = 1,
    ) -> None:
        """Add ``editor`` for field ``name`` in the next column.

        ``label`` is shown above it (``None`` for a checkbox, which carries its own text);
        ``focus_widget`` is the part that takes focus when the editor is compound (the line edit
        of a date input); screen readers get ``accessible_name`` (default: the label) and
        ``help_text``, which is also the tooltip.
        """
        column = self._grid.columnCount() if self._fields else 0
        target = focus_widget or editor
        label_widget: QLabel | None = None
        if label is not None:
            label_widget = QLabel(with_mnemonic(label, mnemonic), self)
            label_widget.setBuddy(target)
            self._grid.addWidget(label_widget, 0, column)
        self._grid.addWidget(editor, 1, column)
        self._grid.setColumnStretch(column, stretch)
        spoken = accessible_name or label or name
        error = InlineError(spoken, self)
        error.setObjectName(f"{name}_error")
        self._errors.addWidget(error)
        self._fields[name] = _Field(spoken, mnemonic, label_widget, target, help_text, error)
        target.setAccessibleName(spoken)
        if help_text:
            editor.setToolTip(help_text)
            target.setToolTip(help_text)
        self._describe(name)

    def add_spacer(self, stretch: int = 1) -> None:
        """Leave the next column empty, so a short input does not stretch across the row."""
        column = self._grid.columnCount()
        self._grid.addWidget(QWidget(self), 1, column)
        self._grid.setColumnStretch(column, stretch)

    def field_names(self) -> list[str]:
        """The fields in this row, left to right."""
        return list(self._fields)

    def set_error(self, name: str, message: str | None) -> None:
        """Show ``message`` for ``name`` (None clears it) and mark the input as needing a fix."""
        field = self._fields[name]
        field.error.show_message(message)
        widget = field.focus_widget
        if bool(widget.property("invalid")) != bool(message):
            widget.setProperty("invalid", bool(message))
            # A dynamic property only restyles after the style re-reads the widget.
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        self._describe(name)

    def release_space(self) -> None:
        """Close the gaps left by messages that have gone (see InlineError.show_message)."""
        for field in self._fields.values():
            field.error.release_space()

    def error_text(self, name: str) -> str:
        """The message on show for ``name``, or ""."""
        return self._fields[name].error.message()

    def set_required(self, name: str, required: bool) -> None:
        """Mark the label with ``*`` (and say "Required" to screen readers) when ``required``."""
        field = self._fields[name]
        field.required = required
        if field.label is not None:
            text = with_mnemonic(field.label_text, field.mnemonic)
            field.label.setText(text + REQUIRED_MARK if required else text)
        self._describe(name)

    def _describe(self, name: str) -> None:
        """Screen readers hear the help, whether the field is required, and its current problem."""
        field = self._fields[name]
        parts = [field.help_text] if field.help_text else []
        if field.required:
            parts.append("Required.")
        message = field.error.message()
        if message:
            parts.append(f"Problem: {message}")
        field.focus_widget.setAccessibleDescription(" ".join(parts))
