"""Language knowledge as data: one TOML file per kind, loaded once per process.

Each file starts with a header saying where its entries come from and how to add one.
Regular expressions in these files are written against *folded* text (lower case, no
diacritics, đ→d: see ``extractor.text.fold``) unless the file says otherwise, so that
"Uỷ"/"Ủy" and NFC/NFD spellings match alike.
"""
from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

DATA_FILES = ("markers", "provinces", "agencies", "deadlines", "directives", "metadata", "quantities",
              "citations", "tables", "tracking",
              "topics", "catalogue", "legacy_fonts", "ocr")


@cache
def load(name: str) -> dict:
    """Parse ``extractor/data/<name>.toml`` once and return it (shared, do not mutate)."""
    if name not in DATA_FILES:
        raise KeyError(f"unknown data file {name!r}; known: {', '.join(DATA_FILES)}")
    text = resources.files(__package__).joinpath(f"{name}.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)
