"""A drop-down over an enum's values, with an optional "not stated" first choice."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Generic, TypeVar

from PySide6.QtWidgets import QComboBox, QWidget

E = TypeVar("E", bound=StrEnum)


class EnumCombo(QComboBox, Generic[E]):
    """Choose one member of an enum (or none, when ``blank_text`` is given) by its display text.

    The members are kept in Python rather than as Qt item data, because Qt would hand a
    ``StrEnum`` back as a plain ``str``.
    """

    def __init__(
        self,
        choices: Sequence[tuple[str, E]],
        *,
        blank_text: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._values: list[E | None] = []
        if blank_text is not None:
            self.addItem(blank_text)
            self._values.append(None)
        for text, value in choices:
            self.addItem(text)
            self._values.append(value)

    def value(self) -> E | None:
        """The chosen member, or None for the "not stated" choice."""
        index = self.currentIndex()
        return self._values[index] if index >= 0 else None

    def set_value(self, value: E | str | None) -> None:
        """Select ``value`` (a member or its string value); unknown values select the first item."""
        for index, member in enumerate(self._values):
            if member == value or (member is None and value in (None, "")):
                self.setCurrentIndex(index)
                return
        self.setCurrentIndex(0)
