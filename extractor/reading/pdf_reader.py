"""PDF, read with pypdfium2 (about 1 ms a page), and with Tesseract where a page has no
usable text layer.

PDF readers give one line per visual line, so paragraphs are rebuilt from line positions
(``rebuild_paragraphs``). Pages that need OCR — scans, and text layers whose fonts map
glyphs to the wrong code points ("6Ӣ CÔNG 7+ѬѪ1*" for "SỞ CÔNG THƯƠNG") — are detected
page by page and read with OCR (``ocr.py``) rather than as garbage.
"""
from __future__ import annotations

import os
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..errors import NeedsOCR, UnreadableFile
from ..model import Block, ReadDocument
from .ocr import ocr_pages
from .pdf_tables import PageTable, TableFinder
from .markers import is_upper_line, page_number_pattern, starts_outline, syllable_counts

_ENDS_PARAGRAPH = (".", ":", ";", "!", "?", "…")

MIN_SYLLABLE_SHARE = 0.6    # measured: good text layers 0.95-1.00, broken ones 0.20-0.34
MIN_TOKENS_TO_JUDGE = 20
SCAN_IMAGE_COVER = 0.5      # share of the page covered by images on a scanned page
SCAN_MAX_TOKENS = 30        # a stamp or a signature caption, not a page of text


@dataclass
class Line:
    """One visual line of a page and where it sits (PDF points, y grows upwards)."""
    text: str
    page: int
    left: float
    right: float
    top: float
    table: PageTable | None = None      # a ruled table standing here, in place of its lines


def read_pdf(path: Path, data: bytes) -> ReadDocument:
    """Reader for PDF files: the text layer where it is usable, OCR for the other pages.

    Raises:
        UnreadableFile: not a PDF, damaged, or password-protected.
        NeedsOCR: more scanned pages than the OCR page limit.
        ConverterUnavailable, ConversionFailed: OCR could not run (see ``ocr.ocr_pages``).
    """
    document = _open(path.name, data)
    if len(document) > pdf_page_limit():
        count = len(document)
        document.close()
        raise UnreadableFile(path.name, f"has {count} pages, more than the limit of "
                                        f"{pdf_page_limit()} for one notice; split it, or set "
                                        "NOTICES_PDF_PAGE_LIMIT to read it anyway")
    finder = TableFinder(data)
    try:
        pages: list[list[Line] | None] = []
        for index in range(len(document)):
            try:
                pages.append(page_lines(path.name, document, index, finder))
            except NeedsOCR:
                pages.append(None)      # decided per page: this one is read by OCR
        scanned = [i for i, lines in enumerate(pages) if lines is None]
        if scanned:
            recognised = ocr_pages(path.name, document, scanned)
            pages = [recognised[i] if lines is None else lines for i, lines in enumerate(pages)]
        count = len(document)
    finally:
        finder.close()
        document.close()
    lines = remove_running_heads(pages)
    reader = "pypdfium2" + (f"+tesseract({len(scanned)} of {count} pages)" if scanned else "")
    return ReadDocument(path.name, "", "pdf", rebuild_paragraphs(lines), count, reader=reader)


# A notice with its appendices runs to tens of pages; a 500-page PDF is a gazette or a
# mistake, and reading it would hold a web worker for minutes. NOTICES_PDF_PAGE_LIMIT
# overrides it.
DEFAULT_PDF_PAGE_LIMIT = 300


def pdf_page_limit() -> int:
    value = os.environ.get("NOTICES_PDF_PAGE_LIMIT", "")
    return int(value) if value.isdigit() else DEFAULT_PDF_PAGE_LIMIT


def _open(name: str, data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise UnreadableFile(name, "the PDF is password-protected; remove the password "
                                       "and try again") from None
        raise UnreadableFile(name, f"is not a valid PDF file ({error}); it may be damaged or "
                                   "incompletely downloaded") from None


def page_lines(name: str, document: pdfium.PdfDocument, index: int,
               finder: TableFinder | None = None) -> list[Line]:
    """The visual lines of one page, after checking that its text layer is usable; a ruled
    table (found by ``finder``) stands as one item in place of the lines inside it.

    Raises:
        NeedsOCR: the page is an image (no text, or a stamp over a scan) or garbled.
    """
    page = document[index]
    try:
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        good, bad = syllable_counts(text)
        if good + bad < SCAN_MAX_TOKENS and _image_cover(page) >= SCAN_IMAGE_COVER:
            raise _needs_ocr(name, index, "scanned image")
        if good + bad >= MIN_TOKENS_TO_JUDGE and good / (good + bad) < MIN_SYLLABLE_SHARE:
            raise _needs_ocr(name, index, "broken font encoding")
        lines = _lines(textpage, text, index + 1)
        tables = finder.tables(page, textpage, index) if finder else []
        return with_tables(lines, tables, index + 1) if tables else lines
    finally:
        page.close()


def _needs_ocr(name: str, index: int, why: str) -> NeedsOCR:
    return NeedsOCR(name, f"page {index + 1} has no usable text layer ({why}); "
                          "it needs OCR")


def _image_cover(page: pdfium.PdfPage) -> float:
    """Share of the page area covered by its largest image (1.0 for a full-page scan)."""
    width, height = page.get_size()
    largest = 0.0
    for image in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        left, bottom, right, top = image.get_bounds()
        largest = max(largest, max(0.0, right - left) * max(0.0, top - bottom))
    return largest / (width * height) if width and height else 0.0


def _lines(textpage: pdfium.PdfTextPage, text: str, page: int) -> list[Line]:
    """Split the page text at pdfium's generated line breaks and locate each line.

    pdfium counts its generated "\\r\\n" as characters, so an offset in ``text`` is also
    a character index for ``get_charbox``.
    """
    lines, offset = [], 0
    for raw in text.split("\n"):
        content = raw.rstrip("\r")
        stripped = content.strip()
        if stripped:
            first = offset + (len(content) - len(content.lstrip()))
            last = offset + len(content.rstrip()) - 1
            left, _, _, top = textpage.get_charbox(first)
            _, _, right, _ = textpage.get_charbox(last)
            lines.append(Line(" ".join(stripped.split()), page, left, right, top))
        offset += len(raw) + 1
    return lines


def with_tables(lines: list[Line], tables: list[PageTable], page: int) -> list[Line]:
    """The page's lines outside its tables, each table as one item where it stands."""
    items = [line for line in lines
             if not any(t.holds((line.left + line.right) / 2, line.top - 2) for t in tables)]
    for table in sorted(tables, key=lambda t: -t.top):
        at = next((i for i, line in enumerate(items)
                   if line.table is None and line.top < table.top), len(items))
        items.insert(at, Line("", page, table.left, table.right, table.top, table=table))
    return items


def remove_running_heads(pages: list[list[Line]]) -> list[Line]:
    """All lines in order, without bare page numbers and without header or footer lines
    repeated at the top or bottom of several pages."""
    edge_counts: Counter[str] = Counter()
    for lines in pages:
        edges = {_shape(line.text) for line in lines[:2] + lines[-2:] if line.table is None}
        edge_counts.update(edges)
    repeated = {shape for shape, count in edge_counts.items()
                if count >= 2 and count >= len(pages) / 2}
    kept = []
    for lines in pages:
        for position, line in enumerate(lines):
            if line.table is not None:
                kept.append(line)
                continue
            at_edge = position < 2 or position >= len(lines) - 2
            if _is_page_number(line, at_edge) or (at_edge and _shape(line.text) in repeated):
                continue
            kept.append(line)
    return kept


def _shape(text: str) -> str:
    """A header/footer line with its numbers blanked ("Trang 2/5" ~ "Trang 3/5")."""
    return re.sub(r"\d+", "#", text)


def _is_page_number(line: Line, at_edge: bool) -> bool:
    """A line that is only a page number: the page's own number, or any small number at
    the top or bottom of the page."""
    match = page_number_pattern().match(line.text)
    return bool(match) and (int(match.group(1)) == line.page or at_edge)


def rebuild_paragraphs(lines: list[Line]) -> list[Block]:
    """Join visual lines into paragraphs (across pages too); ``Block.page`` is where the
    paragraph starts."""
    if not lines:
        return []
    lines = join_split_tables(lines)
    text_lines = [line for line in lines if line.table is None] or lines
    layout = Layout(_full_line_right(text_lines), _line_pitch(text_lines))
    blocks: list[Block] = []
    previous: Line | None = None
    tables = 0
    for line in lines:
        if line.table is not None:
            blocks.extend(table_blocks(line.table, tables, line.page))
            tables += 1
            previous = None
            continue
        if previous is not None and not layout.starts_paragraph(previous, line):
            blocks[-1].text += " " + line.text
        else:
            blocks.append(Block(line.text, page=line.page))
        previous = line
    return blocks


def join_split_tables(lines: list[Line]) -> list[Line]:
    """A table that goes on over a page break is one table: the part on the next page
    (nothing but page furniture between) with the same columns joins the part before it."""
    kept: list[Line] = []
    for line in lines:
        before = kept[-1].table if kept and line.page != kept[-1].page else None
        if line.table is not None and before is not None and before.columns == line.table.columns:
            before.extend(line.table)
            continue
        kept.append(line)
    return kept


def table_blocks(table: PageTable, index: int, page: int) -> list[Block]:
    """A table's cells as blocks with ``cell=(table, row, column)``; a cell merged down
    over several rows is repeated in each with ``merged`` set (as the .docx reader does)."""
    blocks: list[Block] = []
    for r, row in enumerate(table.rows):
        for c, paragraphs in enumerate(row):
            if paragraphs is None and (r, c) in table.merged:
                above_r, above_c = table.merged[(r, c)]
                text = " ".join(table.rows[above_r][above_c] or [])
                if text:
                    blocks.append(Block(text, page=page, cell=(index, r, c), merged=True))
                continue
            for text in paragraphs or []:
                blocks.append(Block(text, page=page, cell=(index, r, c)))
    return blocks


def _full_line_right(lines: list[Line]) -> float:
    """Where justified lines end: the right edge most long lines reach."""
    rights = sorted(line.right for line in lines)
    return rights[int(len(rights) * 0.9)]


def _line_pitch(lines: list[Line]) -> float:
    """The usual distance between the tops of two lines of one paragraph."""
    pitches = [a.top - b.top for a, b in zip(lines, lines[1:])
               if a.page == b.page and a.top > b.top]
    return statistics.median(pitches) if pitches else 0.0


@dataclass
class Layout:
    """What a justified page looks like: where full lines end, how far lines are apart."""
    full_right: float
    pitch: float

    def starts_paragraph(self, previous: Line, line: Line) -> bool:
        """Does ``line`` begin a new paragraph after ``previous``?

        Justified text fills every line of a paragraph but the last, so a line stopping
        short of the margin ends a paragraph unless the next line goes on in lower case
        (a subject or header cell wrapped inside its own column). A marker starts a
        paragraph unless the line before runs full width without closing its sentence
        ("đồng chí Đặng Xuân Phong" / "- Ủy viên BCH ..."). Extra space between lines,
        a line in capitals before, or a first-line indent after a closed sentence also
        start one.
        """
        full = previous.right >= self.full_right - 15
        closed = previous.text.endswith(_ENDS_PARAGRAPH)
        if starts_outline(line.text):
            return closed or not full
        if is_upper_line(previous.text) or self._gap(previous, line):
            return True
        if not full:
            # A comma never closes a paragraph: "V/v ... hoạt động VLNCN," / "TCTN trên ..."
            return closed or not (line.text[0].islower() or previous.text.endswith(","))
        return closed and line.left > previous.left + 8

    def _gap(self, previous: Line, line: Line) -> bool:
        """Paragraph spacing, or a jump back up the page (the next column of a table)."""
        if previous.page != line.page or not self.pitch:
            return False
        pitch = previous.top - line.top
        return pitch > self.pitch * 1.3 or pitch < -self.pitch / 2
