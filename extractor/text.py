"""Vietnamese text helpers shared by every stage.

NFC at the door (``normalize``); folding (no tone marks, no hats, đ→d, lower case) only for
matching and search (``fold``), never for what is stored or shown.
"""
from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[ \t\u00a0\u2002-\u200b\u202f\u3000]+")
# Zero-width and byte-order marks that readers (unoconvert, Word) leave behind.
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200c\u200d\u2060"), None)
# Markdown emphasis as converters write it: **bold**, *italic*, heading hashes.
_MARKDOWN_EMPHASIS = re.compile(r"(\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*]))")
_MARKDOWN_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")


def normalize(text: str) -> str:
    """NFC, invisible marks removed, runs of spaces collapsed to one (line breaks kept)."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def collapse(text: str) -> str:
    """All whitespace, line breaks included, collapsed to single spaces."""
    return " ".join(text.split())


def strip_markdown(text: str) -> str:
    """Remove light markdown marks (``**bold**``, ``*italic*``, ``## heading``)."""
    text = _MARKDOWN_HEADING.sub("", text)
    return _MARKDOWN_EMPHASIS.sub("", text)


_FOLD_TABLE = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    """Lower case, diacritics removed, đ→d: "Sở Nông nghiệp" → "so nong nghiep".

    For matching and search only. Length can change (NFD decomposition), so never use
    offsets in a folded string to cut the original.
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD_TABLE).lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold_keep_length(text: str) -> str:
    """Like ``fold`` but one output character per input character of NFC text, so that
    a match found in the folded string maps back to the same span of the original."""
    out = []
    for ch in text:
        folded = fold(ch)
        out.append(folded[:1] if folded else ch)
    return "".join(out)
