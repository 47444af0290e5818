"""Normalisation shared by the blocking keys and the scorer.

Everything that decides whether two spellings are "the same" lives here, so that the keys a record
is stored under and the comparisons it is scored with can never drift apart.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Final

import jellyfish
from nicknames import NickNamer

from app.services.matching.frequencies import FIRST_NAME_FREQ, first_name_freq

_NON_ALNUM: Final = re.compile(r"[^a-z0-9]+")
_APOSTROPHES: Final = str.maketrans("", "", "'’‘`´")
# ASCII text folded in one pass: letters to lower case, digits kept, the ASCII apostrophes
# dropped, anything else a space (then runs of spaces collapsed): what the general path does.
_ASCII_FOLD: Final = {
    c: None if chr(c) in "'`" else chr(c).lower() if chr(c).isalnum() else " " for c in range(128)
}

NAME_SUFFIXES: Final = frozenset(
    {"jr", "sr", "ii", "iii", "iv", "2nd", "3rd", "4th", "junior", "senior"}
)
"""Generational suffixes: they are dropped from name fields (they belong in ``suffix``)."""

_SUFFIX_CANON: Final = {"junior": "jr", "senior": "sr", "2nd": "ii", "3rd": "iii", "4th": "iv"}

# Surname particles are glued to the word after them, so "De La Cruz", "de la Cruz" and "Delacruz"
# are one token and "Van der Berg" is not mistaken for a two-part surname. "y" and "e" join the
# two halves of a Spanish/Portuguese double surname ("Garcia y Lopez") and carry no identity.
# fmt: off
_SURNAME_PARTICLES: Final = frozenset(
    {"de", "del", "della", "la", "las", "los", "da", "das", "do", "dos", "di", "du", "van", "von",
     "der", "den", "ter", "ten", "le", "st", "saint", "mc", "mac", "al", "el", "bin", "ibn", "ben"}
)
# fmt: on
_SURNAME_CONJUNCTIONS: Final = frozenset({"y", "e", "i"})


def fold(text: str | None) -> str:
    """Casefold, strip accents and apostrophes, turn other punctuation into single spaces.

    "José  O'Brien-Núñez" -> "jose obrien nunez". Apostrophes vanish rather than split because
    O'Brien is typed both as "OBrien" and "O Brien" far less often than as "Obrien".
    """
    if not text:
        return ""
    return _fold(text)


@lru_cache(maxsize=131_072)  # names repeat a lot; this is most of the cost of prepare()
def _fold(text: str) -> str:
    if text.isascii():  # the usual case, twice as fast: one table lookup per character
        return " ".join(text.translate(_ASCII_FOLD).split())
    text = text.translate(_APOSTROPHES)
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_ALNUM.sub(" ", text.casefold()).strip()


def name_tokens(text: str | None) -> tuple[str, ...]:
    """Folded tokens of a given or middle name, generational suffixes removed."""
    return tuple(t for t in fold(text).split() if t not in NAME_SUFFIXES)


def surname_tokens(text: str | None) -> tuple[str, ...]:
    """Folded surname parts: particles glued on, conjunctions and suffixes dropped.

    "Garcia-Lopez" / "Garcia Lopez" / "García y López" -> ("garcia", "lopez");
    "De La Cruz" -> ("delacruz",); "Smith Jr." -> ("smith",).
    """
    raw = fold(text).split()
    if len(raw) > 1:
        raw = [t for t in raw if t not in NAME_SUFFIXES and t not in _SURNAME_CONJUNCTIONS] or raw
    out: list[str] = []
    pending = ""
    for tok in raw:
        if tok in _SURNAME_PARTICLES:
            pending += tok
            continue
        out.append(pending + tok)
        pending = ""
    if pending:  # a surname that is only particles ("Del"), keep it whole
        out.append(pending)
    return tuple(out)


def fold_suffix(text: str | None) -> str:
    """ "Jr." -> "jr", "III" -> "iii", "Junior" -> "jr"; anything else folded as is."""
    folded = fold(text).replace(" ", "")
    return _SUFFIX_CANON.get(folded, folded)


@lru_cache(maxsize=65_536)
def phonetic(token: str) -> str:
    """Phonetic code used both in blocking keys and in the "sounds alike" comparison level.

    Metaphone, chosen over the alternatives jellyfish offers after checking them on the names this
    product sees: Soundex keeps the first letter (Catherine/Katherine, Gimenez/Jimenez split) and
    is too coarse elsewhere; NYSIIS splits Garcia/Garsia and Catherine/Katherine; Metaphone
    unifies all of those plus Gonzalez/Gonzales, Stephen/Steven, Mohammed/Muhammad, while still
    separating Hernandez/Fernandez. Its codes are short (<= ~6 chars), which keeps keys short.
    """
    if not token:
        return ""
    code = jellyfish.metaphone(token).upper()
    return code or token.upper()


# --- given-name variants -------------------------------------------------------------------------

# Hispanic diminutives that the (English) nickname table lacks but that are everyday forms on a
# California campus. nickname -> the formal names it stands for.
# fmt: off
_HISPANIC_NICKNAMES: Final[dict[str, tuple[str, ...]]] = {
    "pepe": ("jose",), "chepe": ("jose",), "paco": ("francisco",), "pancho": ("francisco",),
    "kiko": ("francisco", "enrique"), "frank": ("francisco",), "paquita": ("francisca",),
    "pancha": ("francisca",), "lupe": ("guadalupe",), "lupita": ("guadalupe",), "chuy": ("jesus",),
    "chucho": ("jesus",), "beto": ("alberto", "roberto", "humberto"), "lalo": ("eduardo",),
    "memo": ("guillermo",), "nacho": ("ignacio",), "tono": ("antonio",), "tonio": ("antonio",),
    "quique": ("enrique",), "kike": ("enrique",), "lola": ("dolores",), "chela": ("graciela",),
    "chayo": ("rosario",), "concha": ("concepcion",), "conchita": ("concepcion",),
    "paty": ("patricia",), "lety": ("leticia",), "juanita": ("juana",), "rafa": ("rafael",),
    "poncho": ("alfonso",), "chava": ("salvador",), "goyo": ("gregorio",), "manny": ("manuel",),
    "manolo": ("manuel",), "alex": ("alejandro", "alejandra"), "ale": ("alejandro", "alejandra"),
    "fer": ("fernando", "fernanda"), "gaby": ("gabriela",), "dani": ("daniel", "daniela"),
    "juanito": ("juan",), "nando": ("fernando",), "mari": ("maria",),
}
# fmt: on

# Spanish <-> English forms of one name. The scorer treats them like a nickname link (a student
# may be "Jose" on one form and "Joseph" on another) but blocking keys do not merge them: that
# would make the "jose" keys span two very common names.
# fmt: off
_TRANSLATIONS: Final[dict[str, tuple[str, ...]]] = {
    "jose": ("joseph",), "juan": ("john",), "guillermo": ("william",), "roberto": ("robert",),
    "alejandro": ("alexander",), "enrique": ("henry",), "miguel": ("michael",), "pedro": ("peter",),
    "pablo": ("paul",), "carlos": ("charles",), "luis": ("louis",), "ricardo": ("richard",),
    "antonio": ("anthony",), "francisco": ("francis",), "eduardo": ("edward",),
    "jorge": ("george",), "tomas": ("thomas",), "esteban": ("stephen", "steven"),
    "maria": ("mary",), "isabel": ("elizabeth",), "elena": ("helen",), "catalina": ("catherine",),
    "teresa": ("theresa",), "susana": ("susan",), "margarita": ("margaret",),
    "ana": ("anna", "ann"), "juana": ("jane",), "andres": ("andrew",), "mateo": ("matthew",),
    "felipe": ("philip",), "vicente": ("vincent",), "raymundo": ("raymond",),
}
# fmt: on

_NICKNAMER: Final = NickNamer()


@lru_cache(maxsize=20_000)
def _nickname_canonicals(name: str) -> frozenset[str]:
    found = set(_NICKNAMER.canonicals_of(name))
    found.update(_HISPANIC_NICKNAMES.get(name, ()))
    found.discard(name)
    return frozenset(found)


@lru_cache(maxsize=20_000)
def canonicals(name: str) -> frozenset[str]:
    """Formal names that the folded given name ``name`` is a nickname or other form of."""
    return _nickname_canonicals(name) | frozenset(_TRANSLATIONS.get(name, ()))


@lru_cache(maxsize=20_000)
def name_group(name: str) -> str:
    """One representative of ``name``'s nickname family, for blocking keys.

    Bob, Bobby, Rob and Robert all map to "robert"; a nickname with several formal names (Bill ->
    William or Robert) maps to the most frequent one and the query side adds the others. Formal
    names, unknown names and names common in their own right (Jack, Lisa, Alex) map to themselves:
    mapping "jack" to "john" would put every Jack into the John blocks for no benefit.
    """
    if name in _GROUP_OVERRIDES:
        return _GROUP_OVERRIDES[name]
    options = _nickname_canonicals(name)
    if not options or is_common_given_name(name):
        return name
    return max(sorted(options), key=first_name_freq)


# Where "most frequent formal name" picks the less usual reading of a nickname.
_GROUP_OVERRIDES: Final = {"bill": "william", "billy": "william", "willy": "william"}


@lru_cache(maxsize=20_000)
def name_group_alternatives(name: str, limit: int = 3) -> tuple[str, ...]:
    """The other formal names of an ambiguous nickname (Bill -> robert), most frequent first.

    Empty for names that are very common formal names in their own right: the nickname table
    also lists reverse pairs ("robert" -> "bob"), and querying every Robert under "bill" would
    only add lookups.
    """
    if first_name_freq(name) >= 2e-3:
        return ()
    group = name_group(name)
    group_code = phonetic(group)
    # Only formal names (their own group) with a different key code add a useful lookup: Bob's
    # "bobby" and "bert" are nicknames themselves and already land in the "robert" block.
    others = sorted(
        c
        for c in _nickname_canonicals(name)
        if c != group and name_group(c) == c and phonetic(c) != group_code
    )
    others.sort(key=first_name_freq, reverse=True)
    return tuple(others[:limit])


@lru_cache(maxsize=20_000)
def is_known_given_name(name: str) -> bool:
    """True if ``name`` is in the frequency table or the nickname tables (a real name, so a
    one-letter difference from another real name may be a different name, not a typo)."""
    return (
        name in FIRST_NAME_FREQ
        or bool(canonicals(name))
        or bool(_NICKNAMER.nicknames_of(name))
        or name in _HISPANIC_NICKNAMES
    )


def is_common_given_name(name: str) -> bool:
    """True for names common enough as names in their own right (Jack, Lisa, Erin, Alex)."""
    return FIRST_NAME_FREQ.get(name, 0.0) >= 1e-3


# --- identifiers ---------------------------------------------------------------------------------

# fmt: off
_PLACEHOLDER_EMAIL_LOCALS: Final = frozenset(
    {"none", "noemail", "nomail", "no", "na", "n", "null", "unknown", "test", "noreply", "no-reply",
     "donotreply", "declined", "refused", "x", "xx", "xxx"}
)
# fmt: on


def normalize_email(email: str | None) -> str:
    """Casefolded, trimmed email; placeholder addresses ("none@none.com") become blank.

    Placeholders are typed by staff when a student has no email, so two of them say nothing about
    identity; treating them as equal would pair up every student who lacked an email.
    """
    if not email:
        return ""
    value = email.strip().casefold()
    local, sep, domain = value.partition("@")
    if not sep or not local or not domain:
        return ""
    if local in _PLACEHOLDER_EMAIL_LOCALS or domain.split(".")[0] in {"none", "noemail", "example"}:
        return ""
    return value


def normalize_phones(phones: Iterable[str]) -> frozenset[str]:
    """Distinct E.164 numbers, placeholders (all one digit, 555-01xx fictional) removed."""
    out: set[str] = set()
    for raw in phones:
        value = raw.strip()
        digits = value.lstrip("+")
        if len(digits) < 8 or not digits.isdigit():
            continue
        national = digits[1:] if digits.startswith("1") and len(digits) == 11 else digits
        if len(set(national)) == 1 or national in {"1234567890", "0123456789"}:
            continue
        if len(national) == 10 and national[3:7] == "5550" and national[7] == "1":
            continue  # 555-0100..0199: reserved fictional numbers
        out.add(value)
    return frozenset(out)


_PLACEHOLDER_SSNS: Final = frozenset(
    {"000000000", "111111111", "123456789", "999999999", "987654321"}
)


def normalize_ssn(token: str | None) -> str:
    """The SSN token trimmed; raw-digit placeholders (000-00-0000, 123-45-6789) become blank."""
    if not token:
        return ""
    value = token.strip()
    digits = value.replace("-", "").replace(" ", "")
    if digits.isdigit() and len(digits) == 9:
        if digits in _PLACEHOLDER_SSNS or digits[:3] in {"000", "666"} or digits[3:5] == "00":
            return ""
        return digits
    return value


# --- addresses -----------------------------------------------------------------------------------

# fmt: off
_STREET_WORDS: Final = {
    "street": "st", "str": "st", "avenue": "ave", "av": "ave", "avn": "ave", "road": "rd",
    "drive": "dr", "drv": "dr", "boulevard": "blvd", "blv": "blvd", "lane": "ln", "court": "ct",
    "crt": "ct", "place": "pl", "circle": "cir", "terrace": "ter", "parkway": "pkwy",
    "highway": "hwy", "expressway": "expy", "square": "sq", "trail": "trl", "way": "way",
    "north": "n", "south": "s", "east": "e", "west": "w", "northeast": "ne", "northwest": "nw",
    "southeast": "se", "southwest": "sw", "mount": "mt", "saint": "st", "first": "1st",
    "second": "2nd", "third": "3rd", "fourth": "4th", "fifth": "5th",
}
# fmt: on
# fmt: off
_UNIT_WORDS: Final = frozenset(
    {"apt", "apartment", "unit", "ste", "suite", "spc", "space", "lot", "rm", "room", "bldg",
     "building", "fl", "floor", "no", "num", "number"}
)
# fmt: on
# Digits in folded text (which holds only a-z, 0-9 and spaces).
_HAS_DIGIT: Final = re.compile(r"[0-9]").search
_HASH_UNIT: Final = re.compile(r"#\s*([A-Za-z0-9-]+)")
# "P.O. Box", "PO Box", "Post Office Box" -> "pobox" before tokenising, so that the Sacramento
# lettered streets ("1500 O St", "P St") keep their letters.
_PO_BOX: Final = re.compile(r"\b(?:p\.?\s*o\.?|post\s+office)\s*box\b", re.IGNORECASE)


@lru_cache(maxsize=32_768)  # line 2 (a complex or building name) repeats across a household
def _street_line(line: str, second: bool) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(street words, unit words) of one address line."""
    if "#" in line:  # the regular expressions are most of this function's cost: skip them
        line = _HASH_UNIT.sub(lambda m: f" unit {m.group(1)} ", line)
    if "box" in line.casefold():
        line = _PO_BOX.sub(" pobox ", line)
    tokens = fold(line).split()  # folded: only a-z, 0-9 and single spaces
    if second and len(tokens) == 1 and (len(tokens[0]) <= 2 or _HAS_DIGIT(tokens[0])):
        return (), tuple(tokens)  # street2 holding just "4B" or "12"
    if _UNIT_WORDS.isdisjoint(tokens):  # the usual line: every word is a street word
        return tuple([_STREET_WORDS.get(tok, tok) for tok in tokens]), ()
    parts: list[str] = []
    units: list[str] = []
    i = 0
    n = len(tokens)
    while i < n:
        tok = tokens[i]
        if tok in _UNIT_WORDS and i + 1 < n:
            units.append(tokens[i + 1])
            i += 2
            continue
        parts.append(_STREET_WORDS.get(tok, tok))
        i += 1
    return tuple(parts), tuple(units)


def normalize_street(street1: str | None, street2: str | None) -> tuple[str, str]:
    """(street, unit): "123 North Main Street Apt 4" -> ("123 n main st", "4").

    The unit is split off because "same building, different apartment" is a neighbour, not a
    household, and students write the unit on either line. Whatever else line 2 holds (a
    building, complex or property name: "Casa Verde Apts", "Bega Flats") is not part of the
    street: it is typed inconsistently and often left out, and letting it into the compared
    string turned the same street address into a "different address" (it is compared on its
    own instead, :func:`street_place`). Line 2 is the street only when line 1 has no number and
    line 2 has one ("c/o M. Lopez" / "123 Main St").
    """
    street, unit, _ = street_unit_place(street1, street2)
    return street, unit


def street_place(street1: str | None, street2: str | None) -> str:
    """What line 2 names besides a unit and the street, spaces removed ("Bega Flats" ->
    "begaflats"); "" when that is nothing, too short to tell places apart, or a filler word.

    Two records naming the same complex or property are likely one household's, and a form's
    lines are sometimes typed the other way round (the street on line 2)."""
    return street_unit_place(street1, street2)[2]


def street_unit_place(street1: str | None, street2: str | None) -> tuple[str, str, str]:
    """:func:`normalize_street` and :func:`street_place` at once (each line read once)."""
    first_parts, units = _street_line(street1, False) if street1 else ((), ())
    second_parts, second_units = _street_line(street2, True) if street2 else ((), ())
    units += second_units
    street = " ".join(first_parts)
    place = "".join(second_parts)
    if not _HAS_DIGIT(street) and second_parts:
        second_street = " ".join(second_parts)
        if _HAS_DIGIT(second_street):
            street, place = second_street, ""  # line 2 is the street itself
    if street and not _HAS_DIGIT(street):
        street = ""  # "Homeless", "General Delivery", "Same": not an address we can compare
    if place and (sum(map(str.isalpha, place)) < _PLACE_MIN_LETTERS or place in _NOT_A_PLACE):
        place = ""
    return street, " ".join(units), place


_PLACE_MIN_LETTERS: Final = 4
# Filler typed into line 2 that names no place: agreeing on it says nothing.
_NOT_A_PLACE: Final = frozenset(
    {"none", "same", "null", "unknown", "homeless", "generaldelivery", "sameasabove",
     "notapplicable"}
)  # fmt: skip


def split_street(street: str) -> tuple[str, str]:
    """("123 n main st") -> ("123", "nmainst"): house number and the rest without spaces.

    Compared separately so that a typo in the street name ("Mian St") or a lost space
    ("mainst") still reads as the same address when the house number agrees.
    """
    number, _, rest = street.partition(" ")
    if not _HAS_DIGIT(number):
        return "", street.replace(" ", "")
    return number, rest.replace(" ", "")


@lru_cache(maxsize=16_384)  # ZIP codes repeat: a college's students come from a few dozen
def normalize_postal(postal: str | None) -> str:
    """The five-digit ZIP (ZIP+4 and stray characters dropped); "" when it is not one.

    Four digits are a ZIP whose leading zero a spreadsheet dropped (02134 stored as the number
    2134), the usual fate of New England ZIPs in Excel: padded back rather than thrown away.
    """
    if not postal:
        return ""
    digits = "".join(ch for ch in postal if ch.isdigit())
    if len(digits) == 4 and digits == postal.strip():
        digits = "0" + digits
    if len(digits) < 5 or digits[:5] == "00000":
        return ""
    return digits[:5]
