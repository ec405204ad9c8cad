"""Vietnamese text helpers shared by every stage.

NFC at the door (``normalize``); folding (no tone marks, no hats, đ→d, lower case) only for
matching and search (``fold``), never for what is stored or shown.
"""
from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[ \t\u00a0\u2002-\u200b\u202f\u3000]+")
# Zero-width and byte-order marks that readers (unoconvert, Word) leave behind.
_INVISIBLE: dict[int, str | None] = dict.fromkeys(map(ord, "\ufeff\u200c\u200d\u2060"), None)
# U+FFFE is no character: PDF fonts whose map is broken give it for the hyphen of
# "47/2024/TT-BGTVT", "2257/QĐ-UBND" (seen in two letters of the corpus).
_INVISIBLE[0xFFFE] = "-"
# Control characters (but tab and line breaks) and the other noncharacters are dropped at
# the door: XML (a .xlsx export) cannot hold them, and no notice means them.
_INVISIBLE.update(dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F,
                                 0xFFFF], None))
# Markdown emphasis as converters write it: **bold**, *italic*, heading hashes.
_MARKDOWN_EMPHASIS = re.compile(r"(\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*]))")
_MARKDOWN_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")


def normalize(text: str) -> str:
    """NFC, invisible marks removed, runs of spaces collapsed to one (line breaks kept)."""
    return "\n".join(_SPACES.sub(" ", line).strip() for line in nfc(text).split("\n"))


def nfc(text: str) -> str:
    """NFC and invisible marks removed, spacing left as it is (a plain-text table's columns
    are told by their positions)."""
    return unicodedata.normalize("NFC", text).translate(_INVISIBLE)


def collapse(text: str) -> str:
    """All whitespace, line breaks included, collapsed to single spaces."""
    return " ".join(text.split())


def strip_markdown(text: str) -> str:
    """Remove light markdown marks (``**bold**``, ``*italic*``, ``## heading``)."""
    text = _MARKDOWN_HEADING.sub("", text)
    return _MARKDOWN_EMPHASIS.sub("", text)


def _strip_table() -> dict[int, str]:
    """Latin letters with marks → base letter (đ→d, Đ→D), built once at import."""
    table: dict[int, str] = {ord("đ"): "d", ord("Đ"): "D"}
    for code in list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
        base = unicodedata.normalize("NFD", chr(code))[0]
        if base != chr(code) and base.isascii():
            table[code] = base
    return table


_STRIP = _strip_table()
_COMBINING = dict.fromkeys(range(0x300, 0x370))


def strip_marks(text: str) -> str:
    """Diacritics removed and đ→d, case kept; one character out per character in for NFC
    text, so a match found in the result is the same span of the original."""
    return text.translate(_STRIP)


def fold(text: str) -> str:
    """Lower case, diacritics removed, đ→d: "Sở Nông nghiệp" → "so nong nghiep".

    For matching and search only, never for what is stored or shown. Accepts NFC or NFD.
    """
    return unicodedata.normalize("NFC", text).translate(_STRIP).translate(_COMBINING).lower()
