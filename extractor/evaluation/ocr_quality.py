"""How well scans are read: character error rate of the OCR path against the seed texts, for
scans made at 200 and 300 dpi, and the seconds it takes per page (`notices bench`).

Each seed's text PDF (corpus/rendered/seed-NNN.pdf) is rasterised at the resolution asked
(grey, as a scanner makes it) into an image-only PDF, which the reader must then OCR. The
reference is the same PDF's own text layer, so the two hold exactly the same words; both are
compared after NFC and with runs of whitespace made one space. CER = Levenshtein distance /
reference length (rapidfuzz).
"""
from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium

from ..reading import read
from ..text import collapse
from . import CORPUS_DIR


def scan_of(pdf: Path, dpi: int, target: Path) -> int:
    """Write an image-only PDF of ``pdf``'s pages at ``dpi`` (grey) to ``target``; returns
    its page count."""
    document = pdfium.PdfDocument(str(pdf))
    try:
        images = [document[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
                  for i in range(len(document))]
    finally:
        document.close()
    images[0].save(target, save_all=True, append_images=images[1:], resolution=dpi)
    return len(images)


def character_error_rate(hypothesis: str, reference: str) -> float:
    from rapidfuzz.distance import Levenshtein
    reference, hypothesis = collapse(reference), collapse(hypothesis)
    return Levenshtein.distance(hypothesis, reference) / max(len(reference), 1)


def ocr_cer(corpus_dir: Path = CORPUS_DIR, dpis: tuple[int, ...] = (200, 300)) -> dict[str, Any]:
    """Per resolution: the CER over all seed pages (total edits / total characters), the
    worst seed's CER, and the seconds per page (the pages of a file run in parallel, one
    per core, so this is wall time divided by pages)."""
    seeds = sorted(Path(corpus_dir, "rendered").glob("seed-[0-9][0-9][0-9].pdf"))
    report: dict[str, Any] = {"seeds": len(seeds), "dpi": {}}
    with tempfile.TemporaryDirectory(prefix="notices-ocr-cer-") as folder:
        for dpi in dpis:
            edits = characters = pages = 0
            seconds, worst = 0.0, 0.0
            for seed in seeds:
                reference = " ".join(b.text for b in read(seed, ocr=False).blocks)
                scan = Path(folder) / f"{seed.stem}-{dpi}.pdf"
                pages += scan_of(seed, dpi, scan)
                started = time.perf_counter()
                hypothesis = " ".join(b.text for b in read(scan).blocks)
                seconds += time.perf_counter() - started
                cer = character_error_rate(hypothesis, reference)
                worst = max(worst, cer)
                edits += cer * len(collapse(reference))
                characters += len(collapse(reference))
            report["dpi"][dpi] = {"cer": round(edits / characters, 4), "worst_seed": round(worst, 4),
                                  "pages": pages, "s_per_page": round(seconds / pages, 2)}
    return report


def format_ocr(report: dict[str, Any]) -> str:
    lines = [f"OCR of the {report['seeds']} seed PDFs rasterised as scans (Tesseract vie, "
             "pages in parallel), against their text layers:"]
    for dpi, r in report["dpi"].items():
        lines.append(f"  {dpi} dpi: CER {r['cer']:.2%} (worst seed {r['worst_seed']:.2%}), "
                     f"{r['s_per_page']:.2f} s/page over {r['pages']} pages")
    return "\n".join(lines)
