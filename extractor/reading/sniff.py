"""What a file is, from its first bytes rather than its name.

Offices rename files: a .pdf saved as "congvan.docx", a .docx mailed as ".doc". The reader is
chosen by content when the content is unmistakable (a PDF header, a Word zip, an OLE
compound file, RTF), and by the suffix otherwise. A ".doc" whose bytes are none of the
formats LibreOffice reads as a Word document is refused at once instead of being handed to
LibreOffice (which spends a minute on 50 KB of noise and returns an empty document).
"""
from __future__ import annotations

import io
import zipfile

from ..errors import UnreadableFile

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGES = {b"\x89PNG\r\n\x1a\n": ".png", b"\xff\xd8\xff": ".jpg", b"II*\x00": ".tif",
           b"MM\x00*": ".tif"}
# The stream an encrypted .docx/.xlsx keeps inside its OLE container (Office's
# "Encrypt with Password"), as the container's directory writes names: UTF-16LE.
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")


def sniff(data: bytes) -> str | None:
    """The suffix the content says the file has (".pdf", ".docx", ".doc", ".png", ".jpg",
    ".tif"), or None when the first bytes do not tell (plain text, or something unknown)."""
    if b"%PDF-" in data[:1024]:
        return ".pdf"
    if data.startswith(b"PK\x03\x04") and _is_word_zip(data):
        return ".docx"
    if data.startswith(_OLE) or data.startswith(b"{\\rtf"):
        return ".doc"          # Word 97-2003 (or RTF): LibreOffice reads both
    return next((suffix for magic, suffix in _IMAGES.items() if data.startswith(magic)), None)


def _is_word_zip(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.NameToInfo
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def check_doc(name: str, data: bytes) -> None:
    """Refuse a ".doc" whose bytes are not a Word document of any kind, or one that is
    password-protected (LibreOffice cannot open it without the password). An image never
    gets here: ``read`` hands it to the image reader by its content."""
    if data.startswith(_OLE) and _ENCRYPTED in data:
        raise UnreadableFile(name, "is a password-protected Word document; open it, remove "
                                   "the password (File → Info → Protect Document) and save "
                                   "it again")
    if sniff(data) is not None:
        return
    raise UnreadableFile(name, "is not a Word .doc file (its first bytes are not those of "
                               "Word 97-2003, RTF, .docx or PDF); open it in Word or "
                               "LibreOffice and save it again")
