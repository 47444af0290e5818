"""Ways a value is mistyped or misread: typing slips, OCR confusions, QWERTY neighbours."""

from __future__ import annotations

import random

_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_POS = {ch: (r, c) for r, row in enumerate(_ROWS) for c, ch in enumerate(row)}


def _neighbours() -> dict[str, str]:
    out: dict[str, str] = {}
    for ch, (r, c) in _POS.items():
        near = []
        for dr, dc in ((0, -1), (0, 1), (-1, 0), (-1, 1), (1, -1), (1, 0)):
            rr, cc = r + dr, c + dc
            if 0 <= rr < 3 and 0 <= cc < len(_ROWS[rr]):
                near.append(_ROWS[rr][cc])
        out[ch] = "".join(near)
    return out


KEY_NEIGHBOURS = _neighbours()

# What a scanner or a tired eye reads instead (both ways where it makes sense).
OCR_SWAPS: tuple[tuple[str, str], ...] = (
    ("rn", "m"),
    ("m", "rn"),
    ("cl", "d"),
    ("d", "cl"),
    ("vv", "w"),
    ("w", "vv"),
    ("li", "h"),
    ("ri", "n"),
    ("l", "1"),
    ("I", "l"),
    ("i", "l"),
    ("O", "0"),
    ("o", "0"),
    ("S", "5"),
    ("B", "8"),
    ("e", "c"),
    ("c", "e"),
    ("n", "h"),
    ("u", "v"),
    ("a", "o"),
    ("g", "q"),
    ("Z", "2"),
)
DIGIT_MISREADS = {
    "0": "86",
    "1": "74",
    "2": "7",
    "3": "8",
    "4": "9",
    "5": "6",
    "6": "5",
    "7": "1",
    "8": "3",
    "9": "4",
}


def _letters(s: str) -> list[int]:
    return [i for i, ch in enumerate(s) if ch.isalpha()]


def transpose(s: str, rng: random.Random) -> str:
    spots = [i for i in range(len(s) - 1) if s[i] != s[i + 1] and s[i].isalpha()]
    if not spots:
        return s
    i = rng.choice(spots)
    return s[:i] + s[i + 1] + s[i] + s[i + 2 :]


def delete(s: str, rng: random.Random) -> str:
    spots = _letters(s)
    if len(spots) < 4:
        return s
    i = rng.choice(spots[1:])  # a first letter is seldom lost
    return s[:i] + s[i + 1 :]


def substitute(s: str, rng: random.Random) -> str:
    spots = _letters(s)[1:]
    if not spots:
        return s
    i = rng.choice(spots)
    vowels = "aeiou"
    low = s[i].lower()
    pool = vowels if low in vowels else "bcdfghjklmnprstvwz"
    new = rng.choice(pool.replace(low, ""))
    return s[:i] + (new.upper() if s[i].isupper() else new) + s[i + 1 :]


def double(s: str, rng: random.Random) -> str:
    spots = _letters(s)[1:]
    if not spots:
        return s
    i = rng.choice(spots)
    return s[: i + 1] + s[i] + s[i + 1 :]


def undouble(s: str, rng: random.Random) -> str:
    spots = [i for i in range(len(s) - 1) if s[i] == s[i + 1] and s[i].isalpha()]
    if not spots:
        return double(s, rng)
    i = rng.choice(spots)
    return s[:i] + s[i + 1 :]


def keyboard(s: str, rng: random.Random) -> str:
    spots = [i for i in _letters(s)[1:] if s[i].lower() in KEY_NEIGHBOURS]
    if not spots:
        return s
    i = rng.choice(spots)
    new = rng.choice(KEY_NEIGHBOURS[s[i].lower()])
    if rng.random() < 0.3:  # the neighbour typed as well as the right key
        return s[: i + 1] + new + s[i + 1 :]
    return s[:i] + (new.upper() if s[i].isupper() else new) + s[i + 1 :]


def ocr(s: str, rng: random.Random) -> str:
    found = [(a, b) for a, b in OCR_SWAPS if a in s]
    if not found:
        return substitute(s, rng)
    a, b = rng.choice(found)
    starts = [i for i in range(len(s)) if s.startswith(a, i)]
    i = rng.choice(starts)
    return s[:i] + b + s[i + len(a) :]


TYPOS = (
    ("transposition", transpose, 3.0),
    ("deletion", delete, 2.5),
    ("substitution", substitute, 2.0),
    ("doubled letter", double, 1.0),
    ("undoubled letter", undouble, 1.0),
)


def typo(s: str, rng: random.Random) -> tuple[str, str]:
    """One typing slip, and its kind."""
    total = sum(w for _, _, w in TYPOS)
    x = rng.random() * total
    for name, fn, w in TYPOS:
        x -= w
        if x <= 0:
            return fn(s, rng), name
    return transpose(s, rng), "transposition"


def digit_slip(digits: str, rng: random.Random) -> str:
    """One digit misread or mistyped, or two neighbours transposed."""
    if len(digits) < 2:
        return digits
    if rng.random() < 0.5:
        i = rng.randrange(len(digits) - 1)
        if digits[i] != digits[i + 1]:
            return digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]
    i = rng.randrange(len(digits))
    new = rng.choice(DIGIT_MISREADS[digits[i]])
    return digits[:i] + new + digits[i + 1 :]
