"""Guess how a CSV or text export was written: its character encoding and its delimiter.

SIS exports and files saved by Excel arrive in a handful of shapes, and each has a fingerprint:

* UTF-8 with a byte-order mark ("CSV UTF-8" in Excel), or without one (most programs);
* UTF-16 with a byte-order mark, tab-separated ("Unicode Text" in Excel);
* Windows-1252, what Excel's plain "CSV" writes on a US Windows machine, where é and ñ are single
  bytes that are not valid UTF-8. Strict UTF-8 decoding fails on them, which is how we tell.

The delimiter is a comma, a semicolon (Excel in many European locales) or a tab. The right one is
the one that splits the first lines into the same number of columns, more than one; quoting is
respected by letting the csv module itself split the sample.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections import Counter
from dataclasses import dataclass

DELIMITERS = (",", ";", "\t")
_SAMPLE_LINES = 50
_SAMPLE_CHARS = 64 * 1024


@dataclass(frozen=True)
class DecodedText:
    """A text file's contents and the encoding they were read with."""

    text: str
    encoding: str


def decode(data: bytes) -> DecodedText:
    """Decode ``data`` by its byte-order mark, else as UTF-8, else as Windows-1252."""
    if data.startswith(codecs.BOM_UTF8):
        return DecodedText(data[len(codecs.BOM_UTF8) :].decode("utf-8", "replace"), "utf-8-sig")
    # UTF-32 LE's mark begins with UTF-16 LE's, so look for it first (rare, but then it is exact).
    if data.startswith(codecs.BOM_UTF32_LE):
        return DecodedText(data[4:].decode("utf-32-le", "replace"), "utf-32-le")
    if data.startswith(codecs.BOM_UTF16_LE):
        return DecodedText(data[2:].decode("utf-16-le", "replace"), "utf-16-le")
    if data.startswith(codecs.BOM_UTF16_BE):
        return DecodedText(data[2:].decode("utf-16-be", "replace"), "utf-16-be")
    unmarked_utf16 = _unmarked_utf16(data)
    if unmarked_utf16:
        return DecodedText(data.decode(unmarked_utf16, "replace"), unmarked_utf16)
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    # Five byte values are undefined in Windows-1252; a file with them is not text we can trust
    # either way, so show them as the replacement character rather than refuse the whole file.
    return DecodedText(data.decode("cp1252", "replace"), "cp1252")


def _unmarked_utf16(data: bytes) -> str | None:
    """UTF-16 without a mark: plain-Latin text then has a zero byte in every other position."""
    sample = data[:4096]
    if len(sample) < 4 or sample.count(0) < len(sample) // 3:
        return None
    even_zeros = sample[0::2].count(0)
    odd_zeros = sample[1::2].count(0)
    if odd_zeros > even_zeros * 4:
        return "utf-16-le"
    if even_zeros > odd_zeros * 4:
        return "utf-16-be"
    return None


def detect_delimiter(text: str, default: str = ",") -> str:
    """The delimiter that splits the start of ``text`` into the most consistent columns.

    For each candidate, split the first lines with the csv module (so a comma inside quotes is
    not counted) and take the most common number of columns among non-blank rows. A delimiter
    scores by how many rows have that common width; a width of one means it never occurs. Ties
    go to the wider split, then to ``default`` (a tab for .tsv files, else a comma).
    """
    sample = _sample(text)
    best = default
    best_score = (0, 0)
    for delimiter in sorted(DELIMITERS, key=lambda d: d != default):
        widths = Counter(
            len(row)
            for row in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
            if any(cell.strip() for cell in row)
        )
        if not widths:
            continue
        width, rows = widths.most_common(1)[0]
        if width < 2:
            continue
        score = (rows, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _sample(text: str) -> str:
    """The first lines of ``text``, ending on a line break so no row is cut in half."""
    head = text[:_SAMPLE_CHARS]
    lines = head.splitlines(keepends=True)
    if len(lines) > _SAMPLE_LINES:
        return "".join(lines[:_SAMPLE_LINES])
    if len(text) > _SAMPLE_CHARS and len(lines) > 1:
        return "".join(lines[:-1])
    return head
