"""Every error the library raises on purpose. Each message names the file and the cause,
and says what the user can do. The CLI prints them as one line: ``Error: <message>``."""
from __future__ import annotations


class NoticeError(Exception):
    """Base class: a problem with one input file or with the user's request."""

    def __init__(self, source: str, cause: str):
        self.source = str(source)
        self.cause = cause
        super().__init__(f"{self.source}: {cause}")


class UnsupportedFormat(NoticeError):
    """The file's type is not one we read (.docx, .doc, .pdf, .txt, .md)."""


class UnreadableFile(NoticeError):
    """The file exists but cannot be opened or parsed (corrupt, encrypted, empty, missing)."""


class NeedsOCR(NoticeError):
    """A PDF page is an image, or its text layer is garbage: it must be read with OCR."""


class ConverterUnavailable(NoticeError):
    """A legacy format needs a converter (LibreOffice or catdoc) that is not installed."""


class ConversionFailed(NoticeError):
    """The converter ran but did not produce a document (timeout, crash, empty output)."""


class NoText(NoticeError):
    """The file was read but holds no text at all."""


class NotVietnamese(NoticeError):
    """The file was read, but its text is not Vietnamese (English, Chinese, noise)."""


class StorageFailed(NoticeError):
    """The database (or an export file) cannot be opened or written; nothing was half-written."""


class InvalidQuery(NoticeError):
    """A search filter or document id the user gave cannot be used as it is."""
