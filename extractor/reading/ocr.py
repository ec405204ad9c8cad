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

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..errors import ConversionFailed, ConverterUnavailable, NeedsOCR
from .ocr_cleanup import clean_ocr_line

DPI = 300
MIN_DPI = 100               # below this the image is not the page's scan: render at DPI
LANGUAGE = "vie"
PAGE_TIMEOUT = 120          # seconds for one page
# Pages one file may send to OCR (a 500-page scan is refused with a clear message);
# NOTICES_OCR_PAGE_LIMIT overrides it.
DEFAULT_PAGE_LIMIT = 100


# False while a caller reads without OCR (``read(path, ocr=False)``): pages that need it
# then raise NeedsOCR, as a quick check of the text layers alone.
OCR_ENABLED: ContextVar[bool] = ContextVar("ocr_enabled", default=True)


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
        tsv = dict(zip(indices, pool.map(lambda i: _recognise(name, tesseract, i, images[i][0]),
                                         indices)))
    return {i: _lines(tsv[i], i + 1, images[i][1], images[i][2]) for i in indices}


def _tesseract(name: str) -> str:
    path = shutil.which("tesseract")
    if path is None:
        raise ConverterUnavailable(name, "the scanned pages need Tesseract OCR, which is not "
                                         "installed; run scripts/setup.sh (Debian packages "
                                         "tesseract-ocr and tesseract-ocr-vie)")
    return path


def _render(document: pdfium.PdfDocument, index: int) -> tuple[bytes, float, int]:
    """(PNG of the page in grey, page height in points, the dots per inch used)."""
    page = document[index]
    try:
        height = page.get_height()
        dpi = _scan_dpi(page)
        image = page.render(scale=dpi / 72, grayscale=True).to_pil()
    finally:
        page.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue(), height, dpi


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


def _recognise(name: str, tesseract: str, index: int, png: bytes) -> str:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    try:
        done = subprocess.run([tesseract, "stdin", "stdout", "-l", LANGUAGE, "tsv"],
                              input=png, capture_output=True, env=env, timeout=PAGE_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise ConversionFailed(name, f"OCR of page {index + 1} took longer than "
                                     f"{PAGE_TIMEOUT} s; the scan may be damaged") from None
    if done.returncode != 0:
        error = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["?"]
        if "vie" in error[0] and ("load" in error[0] or "data" in error[0]):
            raise ConverterUnavailable(name, "Tesseract's Vietnamese model is missing; install "
                                             "the Debian package tesseract-ocr-vie")
        raise ConversionFailed(name, f"OCR of page {index + 1} failed ({error[0]})")
    return done.stdout.decode("utf-8", "replace")


def _lines(tsv: str, page: int, height: float, dpi: int):
    """Tesseract's words grouped into its lines, positioned in PDF points (y upwards)."""
    from .pdf_reader import Line
    scale = 72 / dpi
    grouped: dict[tuple[str, str, str], list[tuple[int, int, int, str]]] = {}
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5" or not cells[11].strip():
            continue
        left, top, width = int(cells[6]), int(cells[7]), int(cells[8])
        grouped.setdefault((cells[2], cells[3], cells[4]), []).append(
            (left, top, left + width, cells[11].strip()))
    lines = []
    for words in grouped.values():
        words.sort()
        text = clean_ocr_line(" ".join(w[3] for w in words))
        lines.append(Line(text, page, words[0][0] * scale, max(w[2] for w in words) * scale,
                          height - min(w[1] for w in words) * scale))
    return lines            # Tesseract's reading order: a header's two columns stay apart
