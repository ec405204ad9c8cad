"""From paths the user names to stored notices: which files to read, and reading one."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

import sqlite_utils

from ..pipeline import extract
from .store import StoredDocument, store_notice

# What a directory is searched for; a file named explicitly is always tried (and an
# unsupported one gets its UnsupportedFormat error, rather than being skipped in silence).
NOTICE_SUFFIXES = (".docx", ".doc", ".pdf", ".txt", ".md")


def notice_files(paths: Iterable[str | Path]) -> list[Path]:
    """The files to ingest: each file as given, each directory's notice files recursively,
    sorted so that runs are reproducible. Hidden files and Word lock files (~$x.docx) are left out."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files += sorted(p for p in path.rglob("*")
                            if p.is_file() and p.suffix.lower() in NOTICE_SUFFIXES
                            and not p.name.startswith((".", "~$")))
        else:
            files.append(path)
    return files


def add_file(db: sqlite_utils.Database, path: str | Path) -> StoredDocument:
    """Extract one file and store it (unless the same file is already stored).

    Raises:
        NoticeError: the file cannot be read, or storing it failed (nothing was written).
    """
    return store_notice(db, extract(path))
