"""From paths the user names to stored notices: which files to read, and reading one."""
from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import tempfile
from pathlib import Path
from typing import Iterable

import sqlite_utils

from ..errors import NoticeError, UnreadableFile, UnsupportedFormat
from ..reading.sniff import sniff
from ..pipeline import extract
from .store import StoredDocument, find_document, store_notice

# What a directory is searched for; a file named explicitly is always tried (and an
# unsupported one gets its UnsupportedFormat error, rather than being skipped in silence).
NOTICE_SUFFIXES = (".docx", ".doc", ".pdf", ".txt", ".md", ".png", ".jpg", ".jpeg", ".tif",
                   ".tiff")
# The corpus ships with the repository, next to the package (an editable install).
CORPUS_DIR = Path(__file__).resolve().parents[2] / "corpus"


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
    """Extract one file and store it, unless the same bytes are already stored (then it is
    not even read: re-adding a folder must not convert every .doc again).

    Raises:
        NoticeError: the file cannot be read, or storing it failed (nothing was written).
    """
    known = find_document(db, _file_sha256(Path(path)))
    if known is not None:
        return StoredDocument(known, "same file")
    return store_notice(db, extract(path))


def add_upload(db: sqlite_utils.Database, filename: str, data: bytes) -> StoredDocument:
    """Extract and store a file received as bytes (the web app's uploads). The name is only
    shown, never used as a path: the bytes go to a private temporary file named by their
    content's type (or by the name's suffix for plain text), removed afterwards. The stored
    source, and any error, carry ``filename``.

    Raises:
        NoticeError: the file cannot be read or stored (the message names ``filename``).
    """
    name = display_name(filename)
    known = find_document(db, hashlib.sha256(data).hexdigest())
    if known is not None:
        return StoredDocument(known, "same file")
    suffix = sniff(data) or _text_suffix(name)
    if suffix is None:
        raise UnsupportedFormat(name, "is not a notice file this program reads (by its "
                                      "content: .docx, .doc, .pdf, image; by its name: .txt, .md)")
    with tempfile.TemporaryDirectory(prefix="notices-upload-") as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(data)
        try:
            notice = extract(path)
        except NoticeError as error:
            raise type(error)(name, error.cause) from None
    notice.structured.document = dataclasses.replace(notice.document, source=name)
    return store_notice(db, notice)


def display_name(filename: str) -> str:
    """A received file's name as shown: its last path part, control characters removed."""
    name = re.split(r"[\\/]", filename or "")[-1]
    name = "".join(c for c in name if c.isprintable()).strip()
    return name[:200] or "(no name)"


def _text_suffix(name: str) -> str | None:
    suffix = Path(name).suffix.lower()
    return suffix if suffix in (".txt", ".md") else None


def _file_sha256(path: Path) -> str | None:
    """SHA-256 of the file's bytes, as the readers compute it; None if it cannot be read
    (``extract`` then reports why, in its own words)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def bundled_corpus_files(corpus_dir: Path = CORPUS_DIR) -> list[Path]:
    """The files ``corpus/manifest.json`` lists (a list of {"file": ...}, or {"files": [...]}).

    Raises:
        UnreadableFile: the manifest is missing or is not such JSON.
    """
    manifest = Path(corpus_dir) / "manifest.json"
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        entries = data.get("files", []) if isinstance(data, dict) else data
        return [Path(corpus_dir) / entry["file"] for entry in entries]
    except FileNotFoundError:
        raise UnreadableFile(str(manifest), "is missing: the bundled corpus comes with a "
                                            "checkout of the repository") from None
    except (ValueError, TypeError, KeyError, AttributeError) as error:
        raise UnreadableFile(str(manifest), f"is not a list of corpus files ({error!r})") from None
