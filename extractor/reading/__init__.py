"""READING stage: a file on disk → ``ReadDocument`` (NFC paragraphs in document order).

``read(path)`` picks a reader by the file's suffix from ``READERS``. A reader is a plain
function ``(path, data) -> ReadDocument`` that receives the file's bytes; ``read`` then
fills in ``source`` and ``sha256`` and cleans every block (NFC, spaces collapsed, empty
blocks dropped), so a reader added with ``register_reader`` obeys the same contract as the
built-in ones.
"""
from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path
from typing import Callable

from ..errors import NoText, UnreadableFile, UnsupportedFormat
from ..model import Block, ReadDocument
from ..text import collapse, normalize
from .ocr import OCR_ENABLED
from .language import check_vietnamese
from .legacy_fonts import latin_lookalikes, document_text, legacy_document
from .sniff import IMAGE_SUFFIXES, sniff

Reader = Callable[[Path, bytes], ReadDocument]
READERS: dict[str, Reader] = {}


def register_reader(suffix: str, reader: Reader) -> None:
    """Make ``read`` hand files ending in ``suffix`` (".docx", "odt", ...) to ``reader``."""
    suffix = suffix.lower()
    READERS[suffix if suffix.startswith(".") else "." + suffix] = reader


def read(path: str | Path, *, ocr: bool = True) -> ReadDocument:
    """Read one notice file into NFC blocks in document order; ``ocr=False`` reads text
    layers only (a scanned page then raises NeedsOCR).

    Raises:
        UnsupportedFormat: the suffix has no reader.
        UnreadableFile: missing, a directory, empty, corrupt or undecodable.
        NeedsOCR, ConverterUnavailable, ConversionFailed: see the individual readers.
        NoText: the file was read but holds no text.
    """
    path = Path(path)
    # An unknown suffix is refused before anything is read, unless the file exists: its
    # first bytes may still say what it is.
    data = _read_bytes(path) if path.is_file() or path.suffix.lower() in READERS else b""
    reader = _reader_for(path, data)
    token = OCR_ENABLED.set(ocr)
    try:
        document = reader(path, data)
    finally:
        OCR_ENABLED.reset(token)
    raw = document.blocks
    legacy = legacy_document([b.text for b in raw])    # TCVN3 / VNI text without its fonts
    if legacy:
        raw = [dataclasses.replace(b, text=document_text(b.text, legacy)) for b in raw]
    blocks = [b for b in map(_clean_block, raw) if b.text]
    if not blocks:
        raise NoText(path.name, "the file holds no text; check that it is the right file "
                                "(a scanned document needs OCR)")
    check_vietnamese(path.name, blocks)
    return dataclasses.replace(document, source=path.name, blocks=blocks,
                               sha256=hashlib.sha256(data).hexdigest())


def _reader_for(path: Path, data: bytes) -> Reader:
    """The reader the content calls for when its first bytes are unmistakable (a .pdf named
    .docx is read as a PDF), else the one the suffix names."""
    suffix = path.suffix.lower()
    by_content = sniff(data)
    text_suffix = suffix in (".txt", ".md")
    if by_content and by_content != suffix and by_content in READERS and \
            (not text_suffix or by_content != ".pdf" or data.startswith(b"%PDF-")):
        return READERS[by_content]
    reader = READERS.get(suffix)
    if reader is None:
        supported = ", ".join(sorted(READERS))
        raise UnsupportedFormat(path.name, f"files of type '{path.suffix or '(none)'}' are "
                                           f"not supported; convert it to one of {supported}")
    return reader


def _read_bytes(path: Path) -> bytes:
    if path.is_dir():
        raise UnreadableFile(path.name, f"{path} is a directory, not a file; give a file path")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UnreadableFile(path.name, f"file not found ({path}); check the path") from None
    except OSError as error:
        raise UnreadableFile(path.name, f"cannot open the file ({error.strerror}); "
                                        "check its permissions") from error
    if not data:
        raise UnreadableFile(path.name, "the file is empty (0 bytes); it may not have been "
                                        "saved or copied completely")
    return data


def _clean_block(block: Block) -> Block:
    """NFC, invisible marks gone, all whitespace collapsed, Cyrillic and Greek look-alikes
    made Latin: the contract of ``Block.text``."""
    return dataclasses.replace(block, text=latin_lookalikes(collapse(normalize(block.text))))


def _register_builtins() -> None:
    # Imported here so that a reader module may import helpers from this package.
    from . import text_reader
    for suffix in (".txt", ".md"):
        register_reader(suffix, text_reader.read_text)
    _register_optional()


def _register_optional() -> None:
    from . import doc_reader, docx_reader, image_reader, pdf_reader
    for suffix in IMAGE_SUFFIXES:
        register_reader(suffix, image_reader.read_image)
    register_reader(".docx", docx_reader.read_docx)
    register_reader(".doc", doc_reader.read_doc)
    register_reader(".pdf", pdf_reader.read_pdf)


_register_builtins()

__all__ = ["read", "READERS", "register_reader", "Reader"]
