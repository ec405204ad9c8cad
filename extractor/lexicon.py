"""The Vietnamese word list that underthesea ships (Viet74K: 74,000 words, one per line,
syllables parted by spaces), shared by the stages that need to know what a word is: OCR
clean-up (two syllables run together) and the learned recogniser's word segmentation."""
from __future__ import annotations

import unicodedata
from functools import cache
from importlib import resources

from .data import load

MAX_SYLLABLES = 4       # longer entries are idioms and names, not words a notice splits on


@cache
def words() -> frozenset[str]:
    """Every entry, lower case, its tone marks placed in the old style of official names
    ("ủy ban", "hóa chất": ``key``); empty without underthesea."""
    try:
        text = (resources.files("underthesea") / "corpus" / "data" / "Viet74K.txt").read_text(
            encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        return frozenset()
    return frozenset(key(line) for line in text.splitlines() if line.strip())


def key(text: str) -> str:
    """How a word is looked up: lower case, single spaces, "uỷ"/"hoá" as "ủy"/"hóa" (the
    list and the notices place tone marks in both styles)."""
    return aligned_key(" ".join(unicodedata.normalize("NFC", text).lower().split()))


def aligned_key(text: str) -> str:
    """``key`` of a whole text, character for character (spaces kept as they are), so that
    ``aligned_key(text)[a:b]`` is the key of ``text[a:b]`` when that is one-spaced; the text
    itself when lower-casing would change its length."""
    lower = text.lower()
    if len(lower) != len(text):
        return text
    for variant, unified in _spelling():
        lower = lower.replace(variant, unified)
    return lower


@cache
def _spelling() -> tuple[tuple[str, str], ...]:
    return tuple((k, v) for k, v in load("agencies")["spelling"].items() if k.islower())


@cache
def by_length() -> dict[int, frozenset[str]]:
    """The entries by their number of syllables (1 … MAX_SYLLABLES)."""
    groups: dict[int, set[str]] = {n: set() for n in range(1, MAX_SYLLABLES + 1)}
    for entry in words():
        n = entry.count(" ") + 1
        if n <= MAX_SYLLABLES:
            groups[n].add(entry)
    return {n: frozenset(g) for n, g in groups.items()}
