"""Image files (.png, .jpg, .tif: a scan, or a phone photo of a signed notice) → the OCR path
of the PDF reader.

Each frame (a multi-page TIFF has several) is turned upright by its EXIF orientation, made
grey, straightened (``skew_angle``), and wrapped as a page of an in-memory PDF at the
image's own resolution; the PDF reader then finds no text layer and sends every page to
Tesseract, one per core, exactly as for a scanned PDF.
"""
from __future__ import annotations

import dataclasses
import io
from pathlib import Path

from ..errors import UnreadableFile
from ..model import ReadDocument
from .ocr import check_page_limit

MAX_SKEW = 6.0              # degrees either way: a photo tilted more is retaken, not fixed
SKEW_STEP = 0.25
A4_WIDTH_INCHES = 8.27      # the resolution of an image that does not record one


def read_image(path: Path, data: bytes) -> ReadDocument:
    """Reader for image files.

    Raises:
        UnreadableFile: not an image Pillow can open, or a decompression bomb.
        NeedsOCR: more frames than the OCR page limit.
    """
    from PIL import Image, ImageOps, ImageSequence
    from .pdf_reader import read_pdf
    try:
        image = Image.open(io.BytesIO(data))
        frames = [ImageOps.exif_transpose(frame).convert("L")
                  for frame in ImageSequence.Iterator(image)]
    except Image.DecompressionBombError as error:
        raise UnreadableFile(path.name, f"the image is too large to be a page ({error})") from None
    except (OSError, ValueError, SyntaxError) as error:
        raise UnreadableFile(path.name, f"is not an image that can be opened ({error}); save "
                                        "it again as PNG, JPEG or TIFF") from None
    check_page_limit(path.name, len(frames))
    dpi = _resolution(image, frames[0])
    pages = [straighten(frame) for frame in frames]
    buffer = io.BytesIO()
    pages[0].save(buffer, format="PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    document = read_pdf(path, buffer.getvalue())
    return dataclasses.replace(document, format="image",
                               reader=f"pillow+deskew+{document.reader}")


def _resolution(image, frame) -> float:
    recorded = image.info.get("dpi", (0, 0))[0]
    try:
        recorded = float(recorded)
    except (TypeError, ValueError):
        recorded = 0.0
    if recorded >= 72:
        return recorded
    return max(72.0, frame.width / A4_WIDTH_INCHES)


def skew_angle(image) -> float:
    """The angle (degrees, counter-clockwise) that makes the text lines of ``image`` level:
    the rotation whose row profile of dark pixels is sharpest (lines and gaps alternate)."""
    import numpy as np
    from PIL import Image
    small = image.copy()
    small.thumbnail((1000, 1000))
    ink = Image.eval(small, lambda v: 255 if v < 128 else 0)
    best, best_score = 0.0, -1.0
    steps = int(MAX_SKEW / SKEW_STEP)
    for k in range(-steps, steps + 1):
        angle = k * SKEW_STEP
        rows = np.asarray(ink.rotate(angle, resample=Image.NEAREST, fillcolor=0),
                          dtype=np.float32).sum(axis=1)
        score = float(np.square(np.diff(rows)).sum())
        if score > best_score:
            best, best_score = angle, score
    return best


def straighten(image):
    from PIL import Image
    angle = skew_angle(image)
    if abs(angle) < SKEW_STEP:
        return image
    return image.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=255)
