"""What the committed fixtures (tests/services/spreadsheet/fixtures/students.*) contain.

Shared by the script that makes them and the tests that read them back.
"""

from __future__ import annotations

import datetime

STUDENTS_SHEET = "Students"
NOTES_SHEET = "Notes"
TITLE = "Sierra Vista College: students to backfill (exported 2024-08-15)"
NOTES_TEXT = "Exported from the SIS by the Records office."
HEADERS = (
    "Student ID",
    "Legal First Name",
    "Last Name",
    "DOB",
    "E-mail",
    "Cell",
    "Address",
    "City",
    "State",
    "Zip",
)
HEADER_ROW = 2  # 0-based: spreadsheet row 3
FIRST_DATA_ROW = 3

# Leading zeros as text (ID, ZIP), a ZIP and a phone that Excel turned into numbers, accents,
# real date cells, one birthdate typed as ambiguous text, and a blank row in the middle.
STUDENT_ROWS: list[list[object]] = [
    [
        "000123", "José", "Núñez", datetime.date(2001, 3, 4), "jose.nunez@example.com",
        "(916) 445-1254", "1102 Q Street", "Sacramento", "CA", "95811",
    ],
    [
        "000124", "Renée", "O'Neil", datetime.date(1999, 12, 25), "renee.oneil@example.com",
        9164451255, "12 Elm Street", "Boston", "MA", "02134",
    ],
    [
        "000125", "Ana", "García López", datetime.date(2004, 9, 27), None, None,
        "4 Main Street", "Worcester", "MA", 1608,
    ],
    [],
    [
        "000126", "Bob", "Smith", "3/4/2001", "bob.smith@example.com", "916-445-1256",
        "77 Oak Avenue", "Fresno", "CA", "93704",
    ],
]  # fmt: skip
