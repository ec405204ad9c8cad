"""The whole flow, top to bottom: file → text blocks → metadata and outline → tasks → SQLite.

Each stage is a plain function from one dataclass of ``extractor.model`` to the next.
"""
from __future__ import annotations

from pathlib import Path

from .model import Notice
from .reading import read
from .structure import structure
from .recognition import DEFAULT_MODE, recognise


def extract(path: str | Path, recogniser: str = DEFAULT_MODE) -> Notice:
    """Read one notice file and return its metadata, outline and tasks (no database).
    ``recogniser``: "rules", "model" or "combined" (see extractor.recognition.learned).

    Raises:
        extractor.errors.NoticeError: the file cannot be read; the message names it and why.
    """
    document = read(path)            # reading:     file → ReadDocument (NFC blocks in order)
    structured = structure(document)  # structure:   → StructuredNotice (metadata + outline)
    return recognise(structured, recogniser)  # recognition: → Notice (tasks, bodies, deadlines, ...)
