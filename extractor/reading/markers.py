"""Outline markers and line shapes shared by the readers.

The markers themselves are data (``extractor/data/markers.toml``), the same list the
structure stage builds the outline with, so a paragraph the reader cuts before a marker is
a point the outline parser recognises, and a marker style is added in one place.
"""
from __future__ import annotations

import re
import unicodedata
from functools import cache

from ..data import load
from ..text import fold

# Bullets need text after them to start a point; a numbered label may stand alone on its
# line ("1." with the text on the next visual line of a PDF).
_BULLET_STYLES = frozenset({"dash", "plus", "star"})


@cache
def marker_patterns() -> tuple[tuple[str, re.Pattern], ...]:
    """(style, compiled pattern) for every marker of markers.toml, in its order."""
    return tuple((m["style"], re.compile(m["pattern"])) for m in load("markers")["marker"])


@cache
def _line_pattern(key: str, flags: int = 0) -> re.Pattern:
    return re.compile(load("markers")[key], flags)


def starts_outline(line: str) -> bool:
    """True when ``line`` begins with an outline marker ("2.1.", "a)", "-", "(1)", ...)."""
    padded = line + " "
    for style, pattern in marker_patterns():
        found = pattern.match(padded)
        if found and (style not in _BULLET_STYLES or padded[found.end():].strip()):
            return True
    return False


def is_upper_line(line: str) -> bool:
    """True for header and signature lines written in capitals ("TL. CHỦ TỊCH")."""
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def is_footer_path(line: str) -> bool:
    """True for a file path printed by a page footer, which is never notice text."""
    return bool(_line_pattern("footer_path").match(line.strip()))


def page_number_pattern() -> re.Pattern:
    """A line that is only a page number ("3", "- 3 -", "Trang 3"); group 1 is the number."""
    return _line_pattern("page_number", re.IGNORECASE)


def syllable_pattern() -> re.Pattern:
    """One Vietnamese syllable on folded text ("nghieng", "tu", "quy")."""
    return _line_pattern("syllable")


_VIETNAMESE_MARKS = set("\u0300\u0301\u0303\u0309\u0323\u0306\u0302\u031b")
_TOKEN_EDGES = ".,;:()[]{}\"'“”‘’!?-–—/…*"


def syllable_counts(text: str) -> tuple[int, int]:
    """(tokens that are Vietnamese syllables, tokens that are not) among words with letters.

    Upper-case ASCII tokens (UBND, VLNCN) are abbreviations and count for neither side.
    """
    good = bad = 0
    for token in text.split():
        token = token.strip(_TOKEN_EDGES)
        if not any(c.isalpha() for c in token) or (token.isascii() and token.isupper()):
            continue
        if all(map(_vietnamese_letter, token)) and syllable_pattern().match(fold(token)):
            good += 1
        else:
            bad += 1
    return good, bad


def _vietnamese_letter(char: str) -> bool:
    if char in "đĐ":
        return True
    decomposed = unicodedata.normalize("NFD", char)
    base = decomposed[0]
    return base.isascii() and base.isalpha() and set(decomposed[1:]) <= _VIETNAMESE_MARKS
