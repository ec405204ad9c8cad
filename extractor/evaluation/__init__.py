"""EVALUATION: the instruments that judge the pipeline by numbers.

``gold``      loads the corpus manifest and the gold annotations, and validates them.
``scoring``   matches predicted tasks to gold tasks by anchor and counts P/R/F1 per field.
``baseline``  an off-the-shelf extractor (plain readers, dateparser, underthesea NER).
``runner``    runs the pipeline and the baseline over the annotated corpus (`notices eval`).
``bench``     speed and memory per format and stage, and batch ingest (`notices bench`).
"""
from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CORPUS_DIR = REPO / "corpus"
ANNOTATIONS_DIR = REPO / "annotations"
