"""Is this Vietnamese at all? A file of English or Chinese text, or of noise that decodes
to letters, is not a Vietnamese notice: it is refused with a message instead of being stored
as a notice with no task.

Measured on words with letters (upper-case abbreviations such as UBND left out): in the
bundled notices, whatever their format, 84-93% of the words carry a Vietnamese diacritic or
đ; in English 0-2%. A text is refused when it has at least ``MIN_WORDS`` such words and
fewer than ``MIN_MARKED_SHARE`` of them are marked.
"""
from __future__ import annotations

import unicodedata

from ..errors import NotVietnamese
from ..model import Block

MIN_WORDS = 40
MIN_MARKED_SHARE = 0.12
_TOKEN_EDGES = "()[]{}.,;:!?\"'“”‘’«»-–—…/*"


def marked_share(blocks: list[Block]) -> tuple[int, float]:
    """(words with letters, share of them with a Vietnamese diacritic or đ)."""
    words = marked = 0
    for block in blocks:
        for token in block.text.split():
            token = token.strip(_TOKEN_EDGES)
            if not any(c.isalpha() for c in token) or (token.isascii() and token.isupper()):
                continue
            if not any("a" <= c.lower() <= "z" or _vietnamese_mark(c) for c in token):
                words += sum(c.isalpha() for c in token)   # a script without spaces: each sign
                continue
            words += 1
            marked += any(_vietnamese_mark(c) for c in token)
    return words, (marked / words if words else 1.0)


def _vietnamese_mark(char: str) -> bool:
    if char in "đĐ":
        return True
    decomposed = unicodedata.normalize("NFD", char)
    return len(decomposed) > 1 and decomposed[0].isascii() and decomposed[0].isalpha()


def check_vietnamese(name: str, blocks: list[Block]) -> None:
    """Raise NotVietnamese when the text is long enough to judge and is not Vietnamese."""
    words, share = marked_share(blocks)
    if words >= MIN_WORDS and share < MIN_MARKED_SHARE:
        raise NotVietnamese(name, f"does not look like Vietnamese text (only {share:.0%} of its "
                                  f"{words} words have Vietnamese letters); a notice is read in "
                                  "Vietnamese: check that this is the right file")
