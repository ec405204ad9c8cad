"""One notice, not one file: recognising that a new file is another copy of a stored notice.

Offices receive the same notice as a .docx, then as the signed .pdf, then as a scan of the
stamped paper. Each has other bytes (another SHA-256), but it is one notice with one set of
tasks. A new file is linked to a stored notice when

- its number and date agree with the stored notice's (and their texts share at least
  ``NUMBER_AGREES`` of their word trigrams: two notices of one office may share a number
  across years, and OCR can misread a digit), or
- failing that, when their texts share at least ``TEXT_AGREES`` of their word trigrams,
  counted against the shorter text (a rendering without its header still matches); both
  texts must be long enough (``MIN_TRIGRAMS``) for the share to mean something.

The candidates are the stored notices with the same number, and those whose bottom-k
sketch (the ``SKETCH`` smallest hashes of their trigrams, table ``sketches``) shares at
least ``SKETCH_SHARED`` hashes with the new file's: near-identical texts share most of their
smallest hashes, so the look-up is an index search, not a comparison with every notice.

Trigrams are of folded words, so a scan's lost diacritics or a converter's spacing do not
count against it; containment rather than Jaccard, so that a copy with an extra annex page
is still the same notice.

Two files whose numbers, or whose dates, are both known and differ are never one notice:
an office's letters share their template (in the bundled corpus, two inspection plans of
one department share 77% of their trigrams, two yearly plans 93%), never their number and date.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

import sqlite_utils

from ..model import Notice
from ..text import fold

NUMBER_AGREES = 0.3
TEXT_AGREES = 0.8
MIN_TRIGRAMS = 30          # fewer shared word triples than this prove nothing by text alone
SKETCH = 16
SKETCH_SHARED = 2
_WORD = re.compile(r"\w+")


@dataclass
class NoticeMatch:
    """The stored notice a new file is a copy of, and what matched: "number" or "text"."""
    document_id: int
    by: str
    similarity: float


def number_key(number: str | None) -> str | None:
    """The notice number as compared: folded, without spaces; None when it has no digit
    ("/TB-UBND" with the number left blank identifies nothing)."""
    if not number or not any(c.isdigit() for c in number):
        return None
    return "".join(fold(number).split())


def trigrams(blocks: list[str]) -> set[tuple[str, str, str]]:
    """The set of consecutive folded word triples of a text given as blocks."""
    words = _WORD.findall(fold(" ".join(blocks)))
    return set(zip(words, words[1:], words[2:]))


def containment(a: set, b: set) -> float:
    """Share of the smaller set found in the other (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def sketch(grams: set[tuple[str, str, str]]) -> list[int]:
    """The ``SKETCH`` smallest 63-bit hashes of the trigrams (stable across runs)."""
    hashes = {int.from_bytes(hashlib.blake2b(" ".join(g).encode(), digest_size=8).digest(),
                             "big") >> 1 for g in grams}
    return sorted(hashes)[:SKETCH]


def store_sketch(db: sqlite_utils.Database, document_id: int, grams: set) -> None:
    """Record a stored notice's sketch (the caller holds the transaction)."""
    for value in sketch(grams):
        db.execute("INSERT INTO sketches (document_id, hash) VALUES (?, ?)", [document_id, value])


def same_notice(db: sqlite_utils.Database, notice: Notice,
                grams: set | None = None) -> NoticeMatch | None:
    """The stored notice that ``notice`` is another copy of, or None when it is new.
    ``grams``: the notice's trigrams, when the caller has them already."""
    key, issued = number_key(notice.metadata.number), notice.metadata.issued_on
    mine = grams if grams is not None else trigrams([b.text for b in notice.document.blocks])
    hashes = sketch(mine)
    marks = ", ".join("?" for _ in hashes) or "NULL"
    rows = db.execute(
        "SELECT id, number_key, issued_on, text FROM documents WHERE id IN ("
        "  SELECT id FROM documents WHERE number_key = ?"
        f"  UNION SELECT document_id FROM sketches WHERE hash IN ({marks})"
        f"  GROUP BY document_id HAVING count(*) >= {SKETCH_SHARED}) ORDER BY id LIMIT 200",
        [key, *hashes]).fetchall()
    best: NoticeMatch | None = None
    for document_id, their_key, their_date, text in rows:
        if _conflict(key, their_key) or _conflict(issued, their_date, prefix=True):
            continue          # another number or another date: another notice, however alike
        theirs = trigrams(json.loads(text))
        similarity = containment(mine, theirs)
        same_number = key is not None and key == their_key and issued == their_date
        # a notice stored before texts were kept (schema 2) can only agree by its number
        if same_number and (similarity >= NUMBER_AGREES or not theirs):
            match = NoticeMatch(document_id, "number", similarity)
        elif similarity >= TEXT_AGREES and min(len(mine), len(theirs)) >= MIN_TRIGRAMS:
            match = NoticeMatch(document_id, "text", similarity)
        else:
            continue
        if best is None or match.similarity > best.similarity:
            best = match
    return best


def _conflict(mine: str | None, theirs: str | None, prefix: bool = False) -> bool:
    """Both known and different; with ``prefix``, a reduced date ("2026-07") agrees with
    any day of its month."""
    if not mine or not theirs:
        return False
    return not (mine.startswith(theirs) or theirs.startswith(mine)) if prefix else mine != theirs


def notice_copies(db: sqlite_utils.Database, document_id: int) -> list[dict]:
    """The files of a stored notice, the first one first: source, format, sha256, how it
    was matched, when it was added."""
    return [dict(r) for r in db.query(
        "SELECT source, format, sha256, matched_by, added_at FROM copies "
        "WHERE document_id = ? ORDER BY id", [document_id])]
