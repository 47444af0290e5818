"""What a temporary-credential slip says: the content and its wording, without any Qt.

The slip is the only place a temporary password is ever shown (DESIGN.md "Temporary
credentials"). It is handed to a student who may not use a computer for days, so every sentence on
it must be true for that student: an account the statewide system has not confirmed yet (made
offline, or its upload has not gone through) says so, and that its password only starts counting
down once the account reaches that system; a confirmed account prints the system's own expiry
and nothing about being offline; a reprint says that the earlier slip is dead.

:class:`SlipContent` has no field for the birthdate or the SSN, so no renderer can print them
(DESIGN.md: "A slip never carries the birthdate or SSN"). :func:`slip_from_account` is the one
place a slip is built from a student's account, and it reads names only.

:func:`slip_blocks` turns a slip into the ordered text blocks the renderer draws, so that tests
check exactly the words that are printed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Final

from app.models.account import StudentFields
from app.models.cccid import normalize_cccid
from app.services.credentials import grouped

TEMP_PASSWORD_MAX_TTL: Final = dt.timedelta(days=7)
"""DESIGN.md: a temporary password expires after at most 7 days, counted by the server."""

HEADING: Final = "Your California Community Colleges account"
# Printed on every reprint, even one made offline, when the server still accepts the old password
# until the reissue reaches it: the old slip has been taken back or is lost, so for the student
# holding this slip the earlier password is dead either way.
REPRINT_NOTICE: Final = "This slip replaces any earlier slip; the earlier password no longer works."
PRIVACY_NOTE: Final = (
    "Keep this slip private. Anyone who has this password can take over your account until you "
    "make it yours, so do the steps soon. Never give it to anyone who calls, texts or emails you "
    "asking for it."
)
PASSWORD_HINT: Final = "Type it without the spaces. Capital and small letters are different."  # noqa: S105

# English names written out here rather than taken from strftime: Qt sets the C locale from the
# environment, and a slip whose words are English must not show its dates in another language.
_DAYS: Final = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS: Final = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


class BlockKind(StrEnum):
    """What a block of slip text is, which decides how it is drawn."""

    COLLEGE = "college"
    HEADING = "heading"
    STUDENT = "student"
    CCCID = "cccid"
    PASSWORD = "password"  # noqa: S105 - a block kind, not a password
    PASSWORD_HINT = "password_hint"  # noqa: S105 - a block kind, not a password
    EXPIRY = "expiry"
    EXPIRY_NOTE = "expiry_note"
    REPRINT = "reprint"
    STEPS_TITLE = "steps_title"
    STEP = "step"
    PRIVACY = "privacy"
    HELP = "help"
    FOOTER = "footer"


@dataclass(frozen=True, slots=True)
class SlipBlock:
    """One block of slip text, in reading order. ``label`` is a caption printed above it."""

    kind: BlockKind
    text: str
    label: str | None = None
    number: int | None = None
    """The step number, for :attr:`BlockKind.STEP` blocks."""
    detail: str | None = None
    """Part of ``text`` to set apart where it is easy to copy (the website in a step)."""


@dataclass(frozen=True, slots=True)
class SlipContent:
    """Everything one slip shows. Plain text, ready to print.

    The temporary password is plaintext and lives only in memory, for as long as it takes to
    print: it is left out of ``repr()`` so that it cannot reach a log line or a traceback.
    There is deliberately no birthdate or SSN field.
    """

    cccid: str
    student_name: str
    temp_password: str = field(repr=False)
    expiry: str
    """Complete sentence, e.g. "Expires Tuesday, March 10, 2026 at 2:15 PM PDT."."""
    college_name: str
    created_by: str
    """Display name of the staff member who issued this slip (for a reprint: who reprinted)."""
    created_at: str
    """When this slip's password was issued, as local display text."""
    reclaim_url: str
    reclaim_steps: tuple[str, ...]
    is_reprint: bool = False
    expiry_note: str | None = None
    """Why the expiry reads as it does, when that needs saying (not yet confirmed)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "cccid", normalize_cccid(self.cccid))
        if not self.temp_password:
            raise ValueError("A slip needs the temporary password it hands over.")
        if not self.reclaim_steps:
            raise ValueError("A slip needs the steps that tell the student what to do.")
        if not self.reclaim_url.strip():
            raise ValueError(
                "A slip needs the website where the student reclaims the account: set reclaim_url."
            )


# --- wording -------------------------------------------------------------------------------------


def display_name(student: StudentFields) -> str:
    """The name printed on the slip: the first name the student goes by, then the legal last name.

    The preferred first name, when given, wins over the legal one: the slip is handed over across
    a desk and may be seen by others, and printing a name the student does not use (a deadname,
    for a transgender student) is exactly what the preferred name field exists to prevent. The
    legal last name stays, with its suffix: it is what the account record, the college's SIS and
    account recovery (which matches on last name) use, so the counselor can check that this slip
    belongs to this account, and "Jr." tells a son's slip from his father's.
    """
    first = student.preferred_first_name or student.first_name
    parts = [first, student.last_name, student.suffix]
    return " ".join(part for part in parts if part)


def format_date(value: dt.date) -> str:
    """``Tuesday, March 10, 2026``."""
    return f"{_DAYS[value.weekday()]}, {_MONTHS[value.month - 1]} {value.day}, {value.year}"


def format_datetime(value: dt.datetime, tz: dt.tzinfo | None = None) -> str:
    """``Tuesday, March 10, 2026 at 2:15 PM PDT`` in ``tz`` (default: this computer's zone).

    Naive datetimes are taken to be in ``tz`` already.
    """
    local = value.astimezone(tz) if value.tzinfo is not None else value
    hour = local.hour % 12 or 12
    text = f"{format_date(local.date())} at {hour}:{local.minute:02d} "
    text += "AM" if local.hour < 12 else "PM"
    zone = local.tzname()
    return f"{text} {zone}" if zone else text


def _days(ttl: dt.timedelta) -> str:
    days = ttl / dt.timedelta(days=1)
    if days == int(days):
        return "1 day" if days == 1 else f"{int(days)} days"
    hours = int(ttl / dt.timedelta(hours=1))
    return f"{hours} hours"


def online_expiry(expires_at: dt.datetime, tz: dt.tzinfo | None = None) -> str:
    """Wording for an account the central service has: its expiry is known and is the server's."""
    return f"Expires {format_datetime(expires_at, tz)}."


def offline_expiry(
    issued_at: dt.datetime | None,
    ttl: dt.timedelta = TEMP_PASSWORD_MAX_TTL,
    tz: dt.tzinfo | None = None,
) -> str:
    """Wording for an account that exists only on this workstation so far.

    The central service starts the clock when the account reaches it (DESIGN.md guarantee 6:
    expiry comes from the server's clock), which may be days later. So no expiry date can be
    promised; what is true is that it cannot expire before ``issued_at + ttl``, since the account
    cannot reach the server before it was made. That floor is worth printing: it tells the
    student they have at least until then. (It rests on this computer's clock, which is why it
    is a date and not a time.)
    """
    text = f"Expires {_days(ttl)} after this account reaches the statewide system"
    if issued_at is not None:
        floor = issued_at.astimezone(tz) if issued_at.tzinfo is not None else issued_at
        text += f", and not before {format_date((floor + ttl).date())}"
    return text + "."


NOT_CONFIRMED_NOTE: Final = (
    "This account is not yet confirmed by the statewide system. The password works only after "
    "the college's computer has sent the account there and the system has accepted it."
)
"""On a new account's slip until the central service has confirmed the account: made offline,
or its upload did not get through before the slip printed. Never on a confirmed account's slip."""
REPRINT_NOT_CONFIRMED_NOTE: Final = (
    "This new password is not yet confirmed by the statewide system. It works only after the "
    "college's computer has sent it there."
)
"""The same for a reprint, whose account may well exist already: only the new password waits."""


def reclaim_steps(reclaim_url: str) -> tuple[str, ...]:
    """The steps to make the account the student's own (DESIGN.md "Reclaiming")."""
    return (
        f"On a phone or computer, go to {reclaim_url}",
        "Sign in with your CCCID and the temporary password on this slip.",
        "Enter your own email address or mobile phone number.",
        "We send a 6-digit code to it. Enter the code within 10 minutes.",
        "Choose your own new password. The temporary password then stops working, and the "
        "account is yours.",
    )


def lost_slip_note(college_name: str) -> str:
    """What to do when the slip is lost or the password has expired."""
    return f"Lost this slip, or did the password expire? Ask {college_name} for a new slip."


# --- building slips ------------------------------------------------------------------------------


def slip_from_account(
    *,
    cccid: str,
    student: StudentFields,
    temp_password: str,
    college_name: str,
    created_by: str,
    issued_at: dt.datetime,
    reclaim_url: str,
    server_expires_at: dt.datetime | None,
    is_reprint: bool = False,
    ttl: dt.timedelta = TEMP_PASSWORD_MAX_TTL,
    tz: dt.tzinfo | None = None,
) -> SlipContent:
    """The slip for one account and the temporary password just made for it.

    ``server_expires_at`` is the expiry the central service reported once it confirmed the
    account (or the reprint); None while it has not, which prints the "not yet confirmed"
    wording. ``issued_at`` is when
    this password was made on this workstation. Of ``student`` only the names are read: the
    birthdate and SSN it carries never reach the slip.
    """
    expiry = (
        online_expiry(server_expires_at, tz)
        if server_expires_at is not None
        else offline_expiry(issued_at, ttl, tz)
    )
    return SlipContent(
        cccid=cccid,
        student_name=display_name(student),
        temp_password=temp_password,
        expiry=expiry,
        college_name=college_name,
        created_by=created_by,
        created_at=format_datetime(issued_at, tz),
        reclaim_url=reclaim_url,
        reclaim_steps=reclaim_steps(reclaim_url),
        is_reprint=is_reprint,
        expiry_note=_not_confirmed_note(is_reprint) if server_expires_at is None else None,
    )


def confirmed(
    content: SlipContent, server_expires_at: dt.datetime, tz: dt.tzinfo | None = None
) -> SlipContent:
    """``content`` once the central service has confirmed its account (or new password): the
    service's expiry, and no "not yet confirmed" note. A batch's slips are made before their
    upload and confirmed after it, before they print."""
    return replace(content, expiry=online_expiry(server_expires_at, tz), expiry_note=None)


def _not_confirmed_note(is_reprint: bool) -> str:
    return REPRINT_NOT_CONFIRMED_NOTE if is_reprint else NOT_CONFIRMED_NOTE


def slip_blocks(content: SlipContent) -> list[SlipBlock]:
    """The slip's text in reading order: what the renderer draws and what tests read."""
    blocks = [
        SlipBlock(BlockKind.COLLEGE, content.college_name),
        SlipBlock(BlockKind.HEADING, HEADING),
        SlipBlock(BlockKind.STUDENT, content.student_name, label="For"),
        SlipBlock(BlockKind.CCCID, content.cccid, label="Your CCCID (student ID)"),
        SlipBlock(BlockKind.PASSWORD, grouped(content.temp_password), label="Temporary password"),
        SlipBlock(BlockKind.PASSWORD_HINT, PASSWORD_HINT),
        SlipBlock(BlockKind.EXPIRY, content.expiry),
    ]
    if content.expiry_note:
        blocks.append(SlipBlock(BlockKind.EXPIRY_NOTE, content.expiry_note))
    if content.is_reprint:
        blocks.append(SlipBlock(BlockKind.REPRINT, REPRINT_NOTICE))
    blocks.append(SlipBlock(BlockKind.STEPS_TITLE, "Make this account yours"))
    blocks += [
        SlipBlock(
            BlockKind.STEP,
            step,
            number=number,
            # The website is what the student types: the renderer sets it apart.
            detail=content.reclaim_url if step.endswith(content.reclaim_url) else None,
        )
        for number, step in enumerate(content.reclaim_steps, start=1)
    ]
    blocks += [
        SlipBlock(BlockKind.PRIVACY, PRIVACY_NOTE),
        SlipBlock(BlockKind.HELP, lost_slip_note(content.college_name)),
        SlipBlock(
            BlockKind.FOOTER,
            f"Issued by {content.created_by}, {content.college_name}, on {content.created_at}.",
        ),
    ]
    return blocks


def slip_text(content: SlipContent) -> str:
    """The slip as plain text, one block a line (for tests and for a screen reader)."""
    lines: list[str] = []
    for block in slip_blocks(content):
        prefix = f"{block.label}: " if block.label else ""
        if block.number is not None:
            prefix = f"{block.number}. "
        lines.append(prefix + block.text)
    return "\n".join(lines)
