"""What a printed PDF says, page by page, as the tests read it."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from pypdf import PdfReader


def page_texts(path: Path) -> list[str]:
    """Each page's text, ligatures undone (DejaVu prints "ﬀ") and whitespace runs as one space."""
    return [
        " ".join(unicodedata.normalize("NFKC", page.extract_text()).split())
        for page in PdfReader(path).pages
    ]
