"""Render the Single Account Creation form, filled in with a few messages on show, to a PNG.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.views.render_form_screenshot [PATH]

For looking at the layout as a counselor would: crowding, cut-off labels, messages that shove
the form about. The default path is new_student_form.png in the temporary directory (/tmp).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from app.views.new_student_form import NewStudentForm

DEFAULT_PATH = Path(tempfile.gettempdir()) / "new_student_form.png"
WINDOW_SIZE = (1280, 860)

SAMPLE = {
    "first_name": "María José",
    "last_name": "García-López",
    "suffix": "Jr.",
    "birthdate": "2004-09-27",
    "birthdate_confirmation": "2004-09-28",
    "email": "maria.garcia@",
    "main_phone": "123-456-7890",
    "main_phone_ext": "12345",
    "main_phone_type": "mobile",
    "main_phone_text_ok": True,
    "second_phone": "(916) 445-1254",
    "second_phone_type": "landline",
    "street1": "1020 N Street",
    "city": "Sacramento",
    "state": "CA",
    "country": "US",
    "ssn": "123-45-6789",
    "ssn_status": "provided",
    "preferred_contact_method": "text",
}


def render_screenshot(path: Path = DEFAULT_PATH, *, size: tuple[int, int] = WINDOW_SIZE) -> Path:
    """Fill the form with SAMPLE (which has mistakes), press Create, and save a PNG of it."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    form = NewStudentForm(intake_mailbox="intake@college.edu")
    form.resize(*size)
    form.set_values(SAMPLE)
    form.show()
    app.processEvents()
    form.validate()
    app.processEvents()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not form.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    form.close()
    return path


if __name__ == "__main__":
    print(render_screenshot(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_PATH))
