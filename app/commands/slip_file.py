"""Slips written to a PDF file from the command line (no window): one slip per US Letter page,
drawn by the same renderer as the print preview, with Qt's offscreen platform."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from app.services.slips import SlipContent


def write_slip_pdf(contents: Sequence[SlipContent], path: Path) -> None:
    """Write the slips to ``path`` whole or not at all: a half-written file of passwords would
    look printable and be missing students."""
    from PySide6.QtGui import QGuiApplication

    from app.views.slip_renderer import save_pdf

    if QGuiApplication.instance() is None:
        # Fonts need a GUI application; "offscreen" needs no display (servers, scheduled tasks).
        app = QGuiApplication(["account-desk", "-platform", "offscreen"])
        app.setObjectName("account-desk-slips")
    path = path.resolve()
    handle, temporary = tempfile.mkstemp(prefix=".slips-", suffix=".pdf", dir=path.parent)
    os.close(handle)
    try:
        save_pdf(contents, temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
