"""US states and territories by code and by name: one table for the form's state list and for
spreadsheet imports that write "California" where the form wants "CA"."""

from __future__ import annotations

from typing import Final

# Display names. Which codes are valid is US_STATE_CODES (the account model's);
# test_new_student_form checks that every one of them has a name here.
STATE_NAMES: Final[dict[str, str]] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa",
    "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland",
    "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi",
    "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire",
    "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York", "NC": "North Carolina",
    "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee",
    "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington",
    "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming", "DC": "District of Columbia",
    "PR": "Puerto Rico", "GU": "Guam", "VI": "U.S. Virgin Islands", "AS": "American Samoa",
    "MP": "Northern Mariana Islands", "FM": "Micronesia", "MH": "Marshall Islands",
    "PW": "Palau", "AA": "Armed Forces Americas", "AE": "Armed Forces Europe",
    "AP": "Armed Forces Pacific",
}  # fmt: skip

# What people also write for a state, besides its name.
_ALIASES: Final = {
    "washington dc": "DC", "washington d c": "DC", "virgin islands": "VI",
    "us virgin islands": "VI", "calif": "CA", "cal": "CA",
}  # fmt: skip


def _key(text: str) -> str:
    return " ".join(text.casefold().replace(".", " ").split())


_BY_NAME: Final = {_key(name): code for code, name in STATE_NAMES.items()} | _ALIASES


def state_code_for_name(text: str) -> str | None:
    """The code for a state's name as people write it ("california", "Calif.", "Washington
    D.C."), or None."""
    return _BY_NAME.get(_key(text))
