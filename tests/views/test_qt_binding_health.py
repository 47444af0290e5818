"""Guard against a Qt binding that corrupts Python's reference counts.

PySide6 6.12.0 on CPython 3.11 dropped a reference to None on every call of a method returning
nothing (QLabel.setText, QFont.setBold...): after a few thousand calls the app aborted with
"Fatal Python error: none_dealloc". The project pins a release without the defect; this test
fails if an upgrade brings it back.
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot


def test_void_qt_calls_keep_none_and_bools_intact(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    font = QFont()
    before = (sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False))
    for _ in range(2000):
        label.setText("x")
        font.setBold(True)
        label.setEnabled(False)
    after = (sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False))
    assert all(abs(a - b) < 50 for a, b in zip(after, before, strict=True)), (before, after)
