"""OCR clean-up before structure: characters and list markers that Tesseract misreads in
Vietnamese notices, fixed by the rules of extractor/data/ocr.toml (each a confusion no
Vietnamese text has, so a fix is never wrong)."""
from __future__ import annotations

import re
from functools import cache

from ..data import load


@cache
def _rules() -> tuple[dict[int, str], tuple[tuple[re.Pattern, str], ...]]:
    data = load("ocr")
    characters = {ord(k): v for k, v in data["characters"].items()}
    markers = tuple((re.compile(p), r) for p, r in data["markers"].items())
    return characters, markers


def clean_ocr_line(text: str) -> str:
    """One OCR'd line with its misread characters and garbled markers fixed."""
    characters, markers = _rules()
    text = text.translate(characters)
    for pattern, replacement in markers:
        text = pattern.sub(replacement, text)
    return text
