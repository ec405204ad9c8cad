"""OCR clean-up before structure: characters and list markers that Tesseract misreads in
Vietnamese notices, fixed by the rules of extractor/data/ocr.toml (each a confusion no
Vietnamese text has, so a fix is never wrong); and two syllables OCR ran together
("Khoahọc", "thựchiện"), parted where exactly one split makes a word of the Vietnamese
dictionary that underthesea ships (Viet74K)."""
from __future__ import annotations

import re
from functools import cache

from .. import lexicon
from ..data import load
from ..text import fold
from .markers import syllable_pattern


@cache
def _rules() -> tuple[dict[int, str], tuple[tuple[re.Pattern, str], ...]]:
    data = load("ocr")
    characters = {ord(k): v for k, v in data["characters"].items()}
    markers = tuple((re.compile(p), r) for p, r in data["markers"].items())
    return characters, markers


def clean_ocr_line(text: str) -> str:
    """One OCR'd line with its misread characters and garbled markers fixed, and syllables
    run together parted."""
    characters, markers = _rules()
    text = text.translate(characters)
    for pattern, replacement in markers:
        text = pattern.sub(replacement, text)
    return _LETTERS.sub(lambda m: part_joined_syllables(m.group()), text)


_LETTERS = re.compile(r"[^\W\d_]{5,}")


def part_joined_syllables(token: str) -> str:
    """"Khoahọc" → "Khoa học" when exactly one split of the token is a two-syllable word
    of the dictionary and the token itself is no word; anything else stays as it is."""
    words = _two_syllable_words()
    lower = lexicon.key(token)
    if lower in _one_syllable_words() or syllable_pattern().match(fold(token)):
        return token            # one syllable already (a name such as "Thuân" too)
    splits = [i for i in range(1, len(lower)) if f"{lower[:i]} {lower[i:]}" in words]
    if len(splits) != 1:
        return token
    return f"{token[:splits[0]]} {token[splits[0]:]}"


def _one_syllable_words() -> frozenset[str]:
    return lexicon.by_length()[1]


def _two_syllable_words() -> frozenset[str]:
    return lexicon.by_length()[2]
