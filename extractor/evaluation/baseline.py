"""The baseline row of `notices eval`: an extractor made only of off-the-shelf parts.

- reading: plain readers, no cleverness: python-docx paragraphs and table cells in order
  (Word's automatic numbering is NOT rendered), pypdfium2 page text split into lines,
  .doc converted to .docx by LibreOffice then python-docx, .txt split into lines. Every
  reader's text is NFC-normalised and markdown marks are removed, as any user would do.
- tasks: every line that starts with an outline marker (I. 1. 2.1. a) - + (1) (i) ...).
- deadline: the first date dateparser finds in the task (``search_dates``, Vietnamese).
- lead: the ORG and LOC entities of underthesea's NER (its bundled CRF model).
- no support, targets, citations or document metadata.

It is never tuned against our pipeline or the gold annotations: it is there to show what
the pipeline adds over the obvious tools.
"""
from __future__ import annotations

import re
import subprocess
import tempfile
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

from ..errors import ConversionFailed, ConverterUnavailable, UnreadableFile, UnsupportedFormat
from ..text import collapse, strip_markdown

# Outline markers of Vietnamese documents: "I.", "1.", "2.1.", "2.1", "a)", "đ)", "-", "+",
# "•", "(1)", "(i)", "1)".
OUTLINE_MARKER = re.compile(
    r"^(?:[IVXLC]+\.|\d+(?:\.\d+)+\.?|\d+[.)]|[a-zđ][.)]|[-+•–]|\(\d+\)|\([ivx]+\)|\([a-zđ]\))\s*"
)


def baseline_extract(path: str | Path) -> dict[str, Any]:
    """The baseline's prediction for one file, in the shape of the JSON contract."""
    path = Path(path)
    tasks = [_task(line) for line in read_lines(path) if OUTLINE_MARKER.match(line)]
    return {"document": {"source": path.name}, "tasks": [t for t in tasks if t["text"]]}


def _task(line: str) -> dict[str, Any]:
    marker = OUTLINE_MARKER.match(line)
    text = line[marker.end():].strip()
    return {"point": marker.group(0).strip(), "text": text, "lead": organisations(text),
            "support": [], "deadline": first_date(text), "targets": [], "cites": []}


# ── reading ────────────────────────────────────────────────────────────────────────────

def read_lines(path: Path) -> list[str]:
    """The file's text as lines, by the plain reader for its format."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        raw = docx_lines(path.read_bytes())
    elif suffix == ".doc":
        raw = docx_lines(doc_to_docx(path))
    elif suffix == ".pdf":
        raw = pdf_lines(path)
    elif suffix in (".txt", ".md"):
        raw = path.read_bytes().decode("utf-8-sig", errors="replace").splitlines()
    else:
        raise UnsupportedFormat(path.name, f"the baseline has no reader for '{suffix}'")
    lines = (collapse(strip_markdown(unicodedata.normalize("NFC", line))) for line in raw)
    return [line for line in lines if line]


def docx_lines(data: bytes) -> list[str]:
    """python-docx: body paragraphs and table cells (nested too) in document order."""
    import io
    import docx
    from docx.oxml.ns import qn
    document = docx.Document(io.BytesIO(data))
    return [line for paragraph in _paragraphs(document.element.body, qn)
            for line in paragraph.split("\n")]


def _paragraphs(element, qn) -> Iterator[str]:
    from docx.text.paragraph import Paragraph
    for child in element.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, None).text
        elif child.tag == qn("w:tbl"):
            for row in child.iterchildren(qn("w:tr")):
                for cell in row.iterchildren(qn("w:tc")):
                    yield from _paragraphs(cell, qn)
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _paragraphs(content, qn)


def pdf_lines(path: Path) -> list[str]:
    """pypdfium2: each page's text, split into lines."""
    import pypdfium2
    try:
        pdf = pypdfium2.PdfDocument(str(path))
    except pypdfium2.PdfiumError as error:
        raise UnreadableFile(path.name, f"pypdfium2 cannot open it ({error})") from None
    lines: list[str] = []
    try:
        for page in pdf:
            textpage = page.get_textpage()
            lines += textpage.get_text_range().splitlines()
            textpage.close()
            page.close()
    finally:
        pdf.close()
    return lines


def doc_to_docx(path: Path) -> bytes:
    """Convert a legacy .doc to .docx bytes with LibreOffice: the reading stage's long-lived
    server when it can run (conversion only), else a headless run of our own."""
    from ..reading import doc_reader
    if doc_reader.OfficeServer.available():
        return doc_reader.office_server().convert(path)
    import shutil
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise ConverterUnavailable(path.name, "LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory(prefix="baseline-doc-") as tmp:
        profile = Path(tmp) / "profile"
        command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                   "--convert-to", "docx", "--outdir", tmp, str(path.resolve())]
        try:
            subprocess.run(command, capture_output=True, timeout=120, check=False)
        except subprocess.TimeoutExpired:
            raise ConversionFailed(path.name, "LibreOffice took over 120 s") from None
        out = Path(tmp) / (path.stem + ".docx")
        if not out.exists():
            raise ConversionFailed(path.name, "LibreOffice produced no .docx")
        return out.read_bytes()


# ── recognition ────────────────────────────────────────────────────────────────────────

def first_date(text: str) -> dict[str, Any] | None:
    """dateparser's first date in the text as a deadline ("before", day), or None."""
    found = _search_dates(text)
    if not found:
        return None
    phrase, when = found[0]
    return {"text": phrase, "date": when.date().isoformat(), "kind": "before",
            "granularity": "day"}


def _search_dates(text: str):
    from dateparser.search import search_dates
    try:
        return search_dates(text, languages=["vi"])
    except Exception:   # dateparser raises assorted errors on odd input; the baseline shrugs
        return None


def organisations(text: str) -> list[dict[str, str]]:
    """underthesea NER: each ORG or LOC entity as a body (name = canonical = as written)."""
    spans: list[list[str]] = []
    previous = "O"
    for token, *_, tag in _ner()(text):
        kind = tag[2:] if tag[:2] in ("B-", "I-") else None
        if kind in ("ORG", "LOC") and (tag.startswith("B-") or previous[2:] != kind):
            spans.append([token])
        elif kind in ("ORG", "LOC"):
            spans[-1].append(token)
        previous = tag if kind in ("ORG", "LOC") else "O"
    names = [" ".join(span) for span in spans]
    return [{"name": name, "canonical": name} for name in dict.fromkeys(names)]


@lru_cache(maxsize=1)
def _ner():
    from underthesea import ner
    return ner
