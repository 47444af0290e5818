"""Temporary-credential slips: what they say, what they never say, and the PDFs they become.

PDFs are written by the real renderer and read back with pypdf, so the checks are on what a
printer would receive.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from app.models.account import StudentFields
from app.services.credentials import grouped, new_temp_password
from app.services.slips import (
    HEADING,
    NOT_CONFIRMED_NOTE,
    PRIVACY_NOTE,
    REPRINT_NOT_CONFIRMED_NOTE,
    REPRINT_NOTICE,
    BlockKind,
    SlipContent,
    confirmed,
    display_name,
    slip_blocks,
    slip_from_account,
    slip_text,
)
from app.views.slip_renderer import (
    SlipPreviewDialog,
    render_slips,
    save_pdf,
)
from tests.support.pdf import page_texts
from tests.support.students import known_student_fields

PDT = dt.timezone(dt.timedelta(hours=-7), "PDT")
PST = dt.timezone(dt.timedelta(hours=-8), "PST")
RECLAIM_URL = "https://reclaim.sandbox.example.edu/"
BIRTHDATE = dt.date(2004, 9, 27)
SSN = "123-45-6789"
ISSUED = dt.datetime(2026, 3, 3, 14, 15, tzinfo=PST)
SERVER_EXPIRY = dt.datetime(2026, 3, 10, 22, 15, tzinfo=dt.UTC)


def _student(**overrides: object) -> StudentFields:
    return known_student_fields(
        **{
            "first_name": "Guadalupe",
            "last_name": "Hernández Villaseñor",
            "birthdate": BIRTHDATE,
            "ssn": SSN,
            "ssn_status": "provided",
            "street1": "1200 Mission Ave",
            "city": "Fresno",
            "postal_code": "93702",
            **overrides,
        }
    )


def _slip(
    cccid: str = "AAA0162",
    *,
    password: str | None = None,
    online: bool = True,
    is_reprint: bool = False,
    student: StudentFields | None = None,
) -> SlipContent:
    return slip_from_account(
        cccid=cccid,
        student=student or _student(),
        temp_password=password or new_temp_password(),
        college_name="Sandbox Community College",
        created_by="Casey Counselor",
        issued_at=ISSUED,
        reclaim_url=RECLAIM_URL,
        server_expires_at=SERVER_EXPIRY if online else None,
        is_reprint=is_reprint,
        tz=PDT if online else PST,
    )


def _squash(text: str) -> str:
    return "".join(text.split())


def _shows_grouped(page: str, password: str) -> bool:
    """The password on the page in its groups of four.

    Within a group whitespace is allowed: pypdf reads a glyph that Qt numbered 0x20 in a font
    subset as if it were followed by a space (poppler's pdftotext reads the same file correctly).
    Between groups whitespace is required: that is the grouping.
    """
    groups = grouped(password).split(" ")
    pattern = r"\s+".join(r"\s*".join(re.escape(char) for char in group) for group in groups)
    return re.search(pattern, page) is not None


def _save(tmp_path: Path, contents: list[SlipContent], name: str = "slips.pdf") -> list[str]:
    path = tmp_path / name
    save_pdf(contents, path)
    return page_texts(path)


# --- content -------------------------------------------------------------------------------------


def test_slip_content_has_no_place_for_birthdate_or_ssn() -> None:
    names = {field.name for field in dataclasses.fields(SlipContent)}
    assert not {name for name in names if "birth" in name or "ssn" in name or "dob" in name}


def test_slip_from_account_ignores_birthdate_and_ssn() -> None:
    content = _slip()
    everything = slip_text(content) + repr(content)
    for forbidden in ("2004", "09/27", "9/27", "September 27", "123-45-6789", "123456789", "6789"):
        assert forbidden not in everything


def test_password_is_not_in_repr() -> None:
    content = _slip(password="ACDEFHJKLMNPQRTW")
    assert "ACDEFHJKLMNPQRTW" not in repr(content)
    assert "ACDE FHJK LMNP QRTW" in slip_text(content)


def test_name_is_preferred_first_then_legal_last_with_suffix() -> None:
    assert display_name(_student()) == "Guadalupe Hernández Villaseñor"
    assert display_name(_student(preferred_first_name="Lupe", suffix="jr")) == (
        "Lupe Hernández Villaseñor Jr."
    )
    # Only a last name is required (a student with a single name).
    assert display_name(_student(first_name=None)) == "Hernández Villaseñor"


def test_online_expiry_is_the_servers_in_local_time() -> None:
    content = _slip(online=True)
    assert content.expiry == "Expires Tuesday, March 10, 2026 at 3:15 PM PDT."
    assert content.expiry_note is None


def test_offline_expiry_says_the_clock_starts_at_the_central_service() -> None:
    content = _slip(online=False)
    assert content.expiry == (
        "Expires 7 days after this account reaches the statewide system, "
        "and not before Tuesday, March 10, 2026."
    )
    assert content.expiry_note == NOT_CONFIRMED_NOTE
    assert "Expires Tuesday" not in slip_text(content)


def test_an_unconfirmed_slip_says_so_plainly_and_never_claims_offline() -> None:
    """Not yet confirmed by the statewide system, whether made offline or online with an upload
    that has not gone through; a reprint says it of its new password."""
    new = slip_text(_slip(online=False))
    reprint = slip_text(_slip(online=False, is_reprint=True))
    assert "not yet confirmed by the statewide system" in new
    assert "This account is not yet confirmed" in new
    assert "This new password is not yet confirmed" in reprint
    assert "This account is not yet confirmed" not in reprint
    assert "offline" not in new + reprint


def test_a_confirmed_slip_prints_the_servers_expiry_and_no_note() -> None:
    made = _slip(online=False)
    content = confirmed(made, SERVER_EXPIRY, PDT)
    assert content.expiry == "Expires Tuesday, March 10, 2026 at 3:15 PM PDT."
    assert content.expiry_note is None
    assert content.temp_password == made.temp_password and content.cccid == made.cccid
    text = slip_text(content)
    assert "not yet confirmed" not in text and "offline" not in text


def test_blocks_are_in_reading_order_and_mark_the_website() -> None:
    blocks = slip_blocks(_slip(is_reprint=True))
    kinds = [block.kind for block in blocks]
    assert (
        kinds.index(BlockKind.CCCID)
        < kinds.index(BlockKind.PASSWORD)
        < kinds.index(BlockKind.EXPIRY)
    )
    assert kinds.index(BlockKind.REPRINT) < kinds.index(BlockKind.STEPS_TITLE)
    steps = [block for block in blocks if block.kind is BlockKind.STEP]
    assert [step.number for step in steps] == [1, 2, 3, 4, 5]
    assert steps[0].detail == RECLAIM_URL
    assert all(step.detail is None for step in steps[1:])


def test_a_malformed_cccid_is_refused() -> None:
    with pytest.raises(ValueError, match="not a CCCID"):
        _slip(cccid="AAO0001")


# --- PDFs ----------------------------------------------------------------------------------------


def test_pdf_has_cccid_password_expiry_and_steps(qtbot: QtBot, tmp_path: Path) -> None:
    content = _slip(cccid="aab0007", password="yj7MAQLahhAQxT97")
    [page] = _save(tmp_path, [content])
    assert HEADING in page
    assert "AAB0007" in page
    assert _shows_grouped(page, "yj7MAQLahhAQxT97")
    assert content.expiry in page
    assert " ".join(PRIVACY_NOTE.split()) in page
    for step in content.reclaim_steps:
        assert _squash(step) in _squash(page)
    assert RECLAIM_URL in _squash(page)


def test_pdf_never_shows_birthdate_or_ssn(qtbot: QtBot, tmp_path: Path) -> None:
    [page] = _save(tmp_path, [_slip()])
    squashed = _squash(page)
    for forbidden in ("2004", "09/27", "9/27", "September27", "123-45-6789", "123456789", "6789"):
        assert forbidden not in squashed


def test_batch_prints_one_slip_per_page(qtbot: QtBot, tmp_path: Path) -> None:
    contents = [_slip(cccid) for cccid in ("AAA0001", "AAA0002", "AAA0003")]
    pages = _save(tmp_path, contents)
    assert len(pages) == 3
    for page, content in zip(pages, contents, strict=True):
        assert content.cccid in page
        assert _shows_grouped(page, content.temp_password)
        others = {c.cccid for c in contents} - {content.cccid}
        assert not any(other in page for other in others)


def test_reprint_says_the_earlier_password_is_dead(qtbot: QtBot, tmp_path: Path) -> None:
    first, reprint = _save(tmp_path, [_slip(), _slip(is_reprint=True)])
    assert REPRINT_NOTICE not in first
    assert REPRINT_NOTICE in reprint


def test_offline_and_online_expiry_in_the_pdf(qtbot: QtBot, tmp_path: Path) -> None:
    online, offline = _save(tmp_path, [_slip(online=True), _slip(online=False)])
    assert "Expires Tuesday, March 10, 2026 at 3:15 PM PDT." in online
    assert "offline" not in online and "not yet confirmed" not in online
    assert "Expires 7 days after this account reaches the statewide system" in offline
    assert "not before Tuesday, March 10, 2026." in offline
    assert " ".join(NOT_CONFIRMED_NOTE.split()) in offline
    assert "offline" not in offline


def test_a_reprint_not_yet_confirmed_in_the_pdf(qtbot: QtBot, tmp_path: Path) -> None:
    [page] = _save(tmp_path, [_slip(online=False, is_reprint=True)])
    assert " ".join(REPRINT_NOT_CONFIRMED_NOTE.split()) in page
    assert REPRINT_NOTICE in page


def test_longest_names_and_a_long_website_still_fit_one_page(qtbot: QtBot, tmp_path: Path) -> None:
    student = _student(
        first_name="Maria de los Angeles Guadalupe Concepcion Alejand",  # 50 characters
        last_name="Fernandez de Cordoba y Villasenor-Hinojosa Quintan",
        suffix="III",
    )
    long_url = "https://accounts.example.edu/reclaim/temporary-credentials?college=999&lang=en"
    content = dataclasses.replace(
        _slip(student=student, is_reprint=True, online=False),
        reclaim_url=long_url,
        reclaim_steps=(f"On a phone or computer, go to {long_url}", "Sign in."),
    )
    [page] = _save(tmp_path, [content])
    assert long_url in _squash(page)
    assert "Lost this slip" in page  # the last block before the footer is on the same page


def test_drawing_many_slips_keeps_none_intact(qtbot: QtBot, tmp_path: Path) -> None:
    # PySide6 6.12 on CPython 3.11 dropped a reference to None on every void call (about 200 per
    # slip) and a batch print aborted around the seventieth slip; the pinned release does not.
    before = sys.getrefcount(None)
    save_pdf([_slip(f"ABC{n:04d}") for n in range(1, 11)], tmp_path / "ten.pdf")
    assert sys.getrefcount(None) > before - 100


def test_a_large_batch_prints_every_slip(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "batch.pdf"
    save_pdf([_slip(f"ABC{n:04d}") for n in range(1, 151)], path)
    reader = PdfReader(path)
    assert len(reader.pages) == 150
    assert "ABC0150" in "".join(reader.pages[-1].extract_text().split())  # may read "ABC015 0"


def test_empty_batch_is_refused(qtbot: QtBot, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no slips"):
        save_pdf([], tmp_path / "empty.pdf")


# --- printing ------------------------------------------------------------------------------------


def test_renders_on_a_qprinter_too(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    content = _slip()
    render_slips(printer, [content, _slip("AAA0999")])
    pages = page_texts(path)
    assert len(pages) == 2
    assert content.cccid in pages[0]
    assert _shows_grouped(pages[0], content.temp_password)


def test_preview_dialog_paints_the_slips(qtbot: QtBot) -> None:
    dialog = SlipPreviewDialog(None, [_slip(), _slip("AAA0002")])
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.paintRequested, timeout=5000):
        dialog.show()
    assert dialog.windowTitle() == "Print temporary account slips"
