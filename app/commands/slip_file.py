"""Slips written to a PDF file from the command line (no window): one slip per US Letter page,
drawn by the same renderer as the print preview, with Qt's offscreen platform; and what every
slip a command writes shares (the college's name, who issued it, where to reclaim)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from app.services.desk import load_college
from app.services.imports.commit import SlipDetails
from app.services.slips import SlipContent
from app.services.staff_session import StaffIdentity
from app.services.store import LocalStore, settings, sync_state

PDF_SUFFIX = ".pdf"


class SlipPathError(ValueError):
    """A slips file that cannot be written; ``str()`` names the option, the path and the fix."""


def check_slip_path(path: Path, option: str) -> None:
    """Refuse a slips file that cannot be written before anything is created: a password made
    for a slip that cannot be saved would reach nobody."""
    if path.suffix.lower() != PDF_SUFFIX:
        raise SlipPathError(f"{option} {path}: give a file name ending in {PDF_SUFFIX}.")
    if not path.parent.is_dir():
        raise SlipPathError(
            f"{option} {path}: the folder {path.parent} does not exist. Create it or give "
            "another path."
        )


def slip_details(
    store: LocalStore,
    staff: StaffIdentity,
    *,
    college_name: str | None = None,
    reclaim_url: str | None = None,
) -> SlipDetails:
    """What every slip a command writes shares, worked out as the window does: the college's
    name as the last online sign-in gave it, the reclaim page the settings name (else the
    service's own)."""
    college = college_name or load_college(store, staff.college_code).name
    with store.read() as conn:
        server = sync_state.load(conn).server_url or "https://"
        reclaim = reclaim_url or settings.RECLAIM_URL.get(conn) or f"{server.rstrip('/')}/reclaim"
    return SlipDetails(college, staff.display_name, reclaim)


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
