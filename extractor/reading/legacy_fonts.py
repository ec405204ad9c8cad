"""Text typed in the legacy Vietnamese font encodings, TCVN3 (.VnTime: "Th«ng b¸o") and VNI
(VNI-Times: "Thoâng baùo"), converted to Unicode.

A Word run names its font, and the font says the encoding (extractor/data/legacy_fonts.toml);
text without a font (a .txt, a PDF's text layer) is judged by its characters. The tables
and the content detector are viparse's (PyPI), kept because they pass our own tests
(tests/test_legacy_fonts.py: real phrases, capital fonts, mixed documents). Two traps:
TCVN3's "ư" is byte 0xAD, the soft hyphen, so nothing before this module strips U+00AD;
and TCVN3's capital fonts (.VnTimeH) are lower-case bytes drawn as capitals, so a run in
such a font is upper-cased after conversion.
"""
from __future__ import annotations

from functools import cache

from ..data import load


@cache
def _charmaps():
    from viparse.normalize.encodings import AUTO_DETECT_CHARMAPS, CHARMAPS
    return CHARMAPS, AUTO_DETECT_CHARMAPS


def font_encoding(font: str | None) -> str | None:
    """"tcvn3", "vni" or None (a Unicode font, or none named)."""
    if not font:
        return None
    name = font.strip().lower()
    for encoding, prefixes in load("legacy_fonts")["prefixes"].items():
        if name.startswith(tuple(prefixes)):
            return encoding
    return None


def convert(text: str, encoding: str) -> str:
    """``text`` read in ``encoding`` ("tcvn3" or "vni"), as Unicode NFC."""
    from viparse.normalize.tables import convert as table_convert
    return table_convert(text, _charmaps()[0][encoding])


def run_text(text: str, font: str | None) -> str:
    """A Word run's text in Unicode: converted when its font is a legacy one, upper-cased
    when it is a TCVN3 capital font."""
    encoding = font_encoding(font)
    if encoding is None or not text:
        return text.replace("\u00ad", "")        # a soft hyphen in a Unicode run: invisible
    if encoding == "vni":
        text = text.replace("\u00ad", "")
    converted = convert(text, encoding)
    capital = load("legacy_fonts")["capital_suffix"]
    if encoding == "tcvn3" and font.strip().lower().endswith(capital):
        converted = converted.upper()
    return converted


_SAMPLE = 4000
_MIN_SIGN_SHARE = 0.01


@cache
def _vietnamese_latin1() -> frozenset[str]:
    return frozenset(load("legacy_fonts")["vietnamese_latin1"])


def _signs(text: str) -> int:
    """How many characters of ``text`` are Latin-1 but no letter of Unicode Vietnamese."""
    vietnamese = _vietnamese_latin1()
    return sum(1 for c in text if "\u00a1" <= c <= "\u00ff" and c not in vietnamese)


def content_text(text: str) -> str:
    """Text without a font: converted when its characters say TCVN3 or VNI (with the
    detector's confidence at least ``min_confidence``), else as it is. Unicode Vietnamese
    text passes through unchanged."""
    if not _signs(text):
        return text
    encoding = detected_encoding(text)
    return convert(text, encoding) if encoding else text


def detected_encoding(text: str) -> str | None:
    """"tcvn3" or "vni" when the characters of ``text`` say so, else None."""
    from viparse.normalize.detector import detect_encoding_by_content
    found = detect_encoding_by_content(text, _charmaps()[1])
    if found.encoding in ("tcvn3", "vni") and found.confidence >= load("legacy_fonts")["min_confidence"]:
        return found.encoding
    return None


def legacy_document(texts: list[str]) -> str | None:
    """The legacy encoding a document's text (without fonts) was typed in, or None: enough
    signs in its first characters for the detector to be asked, and the detector agrees.
    One cheap count for the Unicode documents that are nearly all of them."""
    sample = " ".join(texts)[:_SAMPLE]
    letters = sum(1 for c in sample if c.isalpha()) or 1
    if _signs(sample) / letters < _MIN_SIGN_SHARE:
        return None
    return detected_encoding(sample)


def document_text(text: str, encoding: str) -> str:
    """A block of a legacy document: converted when it holds signs of the encoding (a
    Unicode block of the same document, such as a later addition, has none)."""
    return convert(text, encoding) if _signs(text) else text


@cache
def _homoglyphs() -> dict[int, str]:
    return {ord(k): v for k, v in load("legacy_fonts")["homoglyphs"].items()}


def latin_lookalikes(text: str) -> str:
    """Cyrillic and Greek letters that a broken text layer gave for Latin ones, as Latin
    ("ВСТ" → "BCT"); text without them is returned as it is."""
    if text.isascii() or not any("\u0370" <= c <= "\u04ff" for c in text):
        return text
    return text.translate(_homoglyphs())
