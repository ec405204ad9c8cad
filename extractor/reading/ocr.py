"""Scanned PDF pages → visual lines, with Tesseract's Vietnamese model.

Only the pages whose text layer is unusable are recognised (the PDF reader decides per
page). Each page is rendered at 300 dpi in grey and handed to one ``tesseract`` process with
``OMP_THREAD_LIMIT=1``: its own threading is several times slower on two cores, so pages run
in parallel instead, one per core (measured: about 1.4 s a page a core, body CER 0.2% on
clean scans). Never the ``eng`` model: 22% CER on Vietnamese. The lines come back with their
positions, in PDF points, so the PDF reader rebuilds paragraphs from them as from a text layer.
"""
from __future__ import annotations

import io
import os
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from contextvars import ContextVar

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image

from ..errors import ConversionFailed, ConverterUnavailable, NeedsOCR
from .ocr_cleanup import clean_ocr_line
from .settings import seconds
from .scan_tables import Word, empty_cells, erase_rules, fill_table, find_grids

DPI = 300
MIN_DPI = 100               # below this the image is not the page's scan: render at DPI
LANGUAGE = "vie"
PAGE_TIMEOUT = 120          # seconds for one page; NOTICES_OCR_TIMEOUT overrides it
# Pages one file may send to OCR (a 500-page scan is refused with a clear message);
# NOTICES_OCR_PAGE_LIMIT overrides it.
DEFAULT_PAGE_LIMIT = 100


# False while a caller reads without OCR (``read(path, ocr=False)``): pages that need it
# then raise NeedsOCR, as a quick check of the text layers alone.
OCR_ENABLED: ContextVar[bool] = ContextVar("ocr_enabled", default=True)


def page_timeout() -> float:
    """Seconds Tesseract may spend on one page before it is given up on."""
    return seconds("NOTICES_OCR_TIMEOUT", PAGE_TIMEOUT)


def page_limit() -> int:
    value = os.environ.get("NOTICES_OCR_PAGE_LIMIT", "")
    return int(value) if value.isdigit() else DEFAULT_PAGE_LIMIT


def check_page_limit(name: str, pages: int) -> None:
    """Raises NeedsOCR when more pages than the limit would be sent to OCR."""
    if pages > page_limit():
        raise NeedsOCR(name, f"{pages} pages need OCR, more than the limit of "
                             f"{page_limit()}; set NOTICES_OCR_PAGE_LIMIT to read it anyway")


def ocr_pages(name: str, document: pdfium.PdfDocument, indices: list[int]) -> dict[int, list]:
    """page index → its lines (``pdf_reader.Line``), for the pages in ``indices``.

    Raises:
        NeedsOCR: more pages than the page limit.
        ConverterUnavailable: Tesseract or its Vietnamese model is not installed.
        ConversionFailed: Tesseract failed or timed out on a page.
    """
    if not OCR_ENABLED.get():
        raise NeedsOCR(name, f"page {indices[0] + 1} has no usable text layer; it needs OCR "
                             "(reading without OCR was asked for)")
    check_page_limit(name, len(indices))
    tesseract = _tesseract(name)
    images = {i: _render(document, i) for i in indices}   # pdfium is not thread-safe
    workers = max(1, min(len(indices), os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pages = dict(zip(indices, pool.map(lambda i: _read_page(name, tesseract, i, *images[i]),
                                           indices)))
    return pages


def _read_page(name: str, tesseract: str, index: int, grey: np.ndarray, height: float,
               dpi: int) -> list:
    """One page's lines, with each ruled table (its grid found in the image, its rules
    erased before OCR) standing as one item in place of the lines inside it."""
    from .pdf_reader import with_tables
    grids = find_grids(grey, dpi)
    image = erase_rules(grey, grids) if grids else grey
    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, format="PNG")
    words = _words(_recognise(name, tesseract, index, buffer.getvalue()))
    if grids:
        boxes = [box for grid in grids for box in empty_cells(image, grid, words)]
        words += _cells_again(name, tesseract, index, image, boxes, len(words))
    lines = _lines(words, index + 1, height, dpi)
    tables = [t for t in (fill_table(g, words, height, dpi) for g in grids) if t is not None]
    return with_tables(lines, tables, index + 1) if tables else lines


def _tesseract(name: str) -> str:
    path = shutil.which("tesseract")
    if path is None:
        raise ConverterUnavailable(name, "the scanned pages need Tesseract OCR, which is not "
                                         "installed; run scripts/setup.sh (Debian packages "
                                         "tesseract-ocr and tesseract-ocr-vie)")
    return path


def _render(document: pdfium.PdfDocument, index: int) -> tuple[np.ndarray, float, int]:
    """(the page in grey, its height in points, the dots per inch used)."""
    page = document[index]
    try:
        height = page.get_height()
        dpi = _scan_dpi(page)
        image = page.render(scale=dpi / 72, grayscale=True).to_pil()
    finally:
        page.close()
    return np.asarray(image.convert("L")), height, dpi


def _scan_dpi(page: pdfium.PdfPage) -> int:
    """The resolution of the page's scan, capped at DPI: a 150 dpi scan is not oversampled
    (measured: oversampling a poor scan raised the error rate to 14%)."""
    best = 0.0
    for image in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        left, _, right, _ = image.get_bounds()
        pixels = image.get_px_size()[0]
        if right - left > 100:
            best = max(best, pixels / ((right - left) / 72))
    return int(min(DPI, best)) if best >= MIN_DPI else DPI


def _recognise(name: str, tesseract: str, index: int, png: bytes,
               single_block: bool = False) -> str:
    """Tesseract's TSV for one image; ``single_block``: read it as one block of text (psm 6),
    for a strip of table cells."""
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    layout = ["--psm", "6"] if single_block else []
    try:
        done = subprocess.run([tesseract, "stdin", "stdout", "-l", LANGUAGE, *layout, "tsv"],
                              input=png, capture_output=True, env=env, timeout=page_timeout())
    except subprocess.TimeoutExpired:
        raise ConversionFailed(name, f"OCR of page {index + 1} took longer than "
                                     f"{page_timeout():g} s; the scan may be damaged, or set "
                                     "NOTICES_OCR_TIMEOUT to wait longer") from None
    if done.returncode != 0:
        error = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["?"]
        if "vie" in error[0] and ("load" in error[0] or "data" in error[0]):
            raise ConverterUnavailable(name, "Tesseract's Vietnamese model is missing; install "
                                             "the Debian package tesseract-ocr-vie")
        raise ConversionFailed(name, f"OCR of page {index + 1} failed ({error[0]})")
    return done.stdout.decode("utf-8", "replace")


GAP = 24        # white pixels between the cells stacked for a second reading


def _cells_again(name: str, tesseract: str, index: int, grey: np.ndarray,
                 boxes: list[tuple[int, int, int, int]], first: int) -> list[Word]:
    """Cells the page's OCR left empty, read again as one strip (the cells stacked one
    under another, one Tesseract run for all), their words put back where the cells are."""
    if not boxes:
        return []
    width = max(b[2] - b[0] for b in boxes) + 2 * GAP
    height = sum(b[3] - b[1] + GAP for b in boxes) + GAP
    strip = np.full((height, width), 255, dtype=np.uint8)
    offsets = []
    y = GAP
    for left, top, right, bottom in boxes:
        strip[y:y + bottom - top, GAP:GAP + right - left] = grey[top:bottom, left:right]
        offsets.append((y, y + bottom - top, left - GAP, top - y))
        y += bottom - top + GAP
    buffer = io.BytesIO()
    Image.fromarray(strip).save(buffer, format="PNG")
    found = []
    for word in _words(_recognise(name, tesseract, index, buffer.getvalue(), single_block=True)):
        middle = (word.top + word.bottom) / 2
        for top, bottom, dx, dy in offsets:
            if top <= middle < bottom:
                found.append(Word(word.left + dx, word.top + dy, word.right + dx,
                                  word.bottom + dy, word.text, ("cell",) + word.line[1:],
                                  first + len(found)))
                break
    return found


def _words(tsv: str) -> list[Word]:
    """Tesseract's words (level 5 of its TSV) with their boxes, in its reading order."""
    words = []
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5" or not cells[11].strip():
            continue
        left, top, width, height = (int(v) for v in cells[6:10])
        words.append(Word(left, top, left + width, top + height, cells[11].strip(),
                          (cells[2], cells[3], cells[4]), len(words)))
    return words


def _lines(words: list[Word], page: int, height: float, dpi: int):
    """Tesseract's words grouped into its lines, positioned in PDF points (y upwards)."""
    from .pdf_reader import Line
    scale = 72 / dpi
    grouped: dict[tuple[str, str, str], list[tuple[int, int, int, str]]] = {}
    for word in words:
        grouped.setdefault(word.line, []).append((word.left, word.top, word.right, word.text))
    lines = []
    for words in grouped.values():
        words.sort()
        text = clean_ocr_line(" ".join(w[3] for w in words))
        lines.append(Line(text, page, words[0][0] * scale, max(w[2] for w in words) * scale,
                          height - min(w[1] for w in words) * scale))
    return lines            # Tesseract's reading order: a header's two columns stay apart
