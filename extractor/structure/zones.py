"""Cut a document's blocks into zones: header, body, closing, and tail (recipients, signature)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from ..data import load
from ..model import Block
from ..text import fold, strip_marks

_HEADER_SCAN_LIMIT = 40


@dataclass
class Zones:
    header: list[Block] = field(default_factory=list)
    kind_title: str | None = None
    subject: str | None = None
    addressees: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)
    tail: list[Block] = field(default_factory=list)


@cache
def _patterns() -> dict[str, re.Pattern]:
    meta = load("metadata")
    bounds = meta["body_bounds"]
    return {
        "motto": re.compile("|".join(meta["motto"])),
        "number": re.compile(meta["number"]),
        "place_date": re.compile(meta["place_date"]),
        "subject": re.compile(meta["subject_prefix"]),
        "closing": re.compile("|".join(bounds["closing"])),
        "recipients": re.compile(bounds["recipients"]),
        "addressees": re.compile(bounds["addressees"]),
        "authority": re.compile(bounds["signature_authority"]),
        "opening": re.compile(meta["opening"]["body_opening"]),
        "enacting": re.compile(bounds["enacting_formula"]),
    }


def kind_of_title(text: str) -> str | None:
    """"THÔNG BÁO" → "Thông báo" when the block is a kind title printed in capitals."""
    letters = [c for c in text if c.isalpha()]
    if not letters or len(text) > 60 or not all(c.isupper() for c in letters):
        return None
    folded = fold(text).strip(" .:")
    for title, kind in load("metadata")["kinds"].items():
        if folded == title:
            return kind
    return None


def split_zones(blocks: list[Block]) -> Zones:
    """Find where the header ends and the body, closing and tail begin."""
    folded = [fold(b.text) for b in blocks]
    zones = Zones()
    body_start = _read_header(blocks, folded, zones)
    body_end = _body_end(blocks, folded, body_start)
    zones.body = [b.text for b in blocks[body_start:body_end]]
    tail_start = body_end
    while tail_start < len(blocks) and _patterns()["closing"].search(folded[tail_start]) \
            and not _patterns()["recipients"].match(folded[tail_start]):
        zones.closing.append(blocks[tail_start].text)
        tail_start += 1
    zones.tail = blocks[tail_start:]
    return zones


def _read_header(blocks: list[Block], folded: list[str], zones: Zones) -> int:
    """Fill the header fields of ``zones``; return the index of the first body block."""
    p = _patterns()
    last = -1
    i = 0
    while i < min(len(blocks), _HEADER_SCAN_LIMIT):
        text, f = blocks[i].text, folded[i]
        if p["motto"].search(f) or p["number"].match(f) or p["place_date"].match(f):
            last = i
        elif (kind := kind_of_title(text)) and zones.kind_title is None:
            zones.kind_title, last = kind, i
            i, zones.subject = _subject_after(blocks, folded, i + 1)
            last = i - 1
            continue
        elif p["subject"].match(f) and zones.subject is None:
            zones.subject, last = text, i
        elif p["addressees"].match(f):
            i = _addressees(blocks, folded, i, zones)
            last = i - 1
            continue
        elif last >= 0 and len(text) > 150 and not _is_upper(text):
            break
        elif _is_issuer_line(text) and zones.kind_title is None and zones.subject is None:
            last = i
        i += 1
    zones.header = blocks[: last + 1]
    return last + 1


def _subject_after(blocks, folded, start) -> tuple[int, str | None]:
    """The subject lines after a kind title: until the opening paragraph."""
    parts: list[str] = []
    i = start
    while i < len(blocks) and not _patterns()["opening"].match(folded[i]):
        emphasised = blocks[i].bold or blocks[i].centered
        if parts and not emphasised:
            break
        parts.append(blocks[i].text)
        i += 1
        if blocks[i - 1].bold is None and blocks[i - 1].centered is None:
            break   # plain text: the subject is one paragraph
    return i, " ".join(parts) or None


def _addressees(blocks, folded, i, zones) -> int:
    """"Kính gửi: X" or "Kính gửi:" followed by "- X;" lines; return the next index."""
    first = after_prefix(_patterns()["addressees"], blocks[i].text)
    if first:
        zones.addressees.append(first.rstrip(";.").strip())
    i += 1
    while i < len(blocks) and blocks[i].text.startswith(("-", "+", "•")) and len(blocks[i].text) < 200:
        zones.addressees.append(blocks[i].text.lstrip("-+• ").rstrip(";.").strip())
        i += 1
    return i


def _body_end(blocks: list[Block], folded: list[str], start: int) -> int:
    p = _patterns()
    for i in range(start, len(blocks)):
        f = folded[i]
        if p["closing"].search(f) or p["recipients"].match(f):
            return i
        if p["authority"].match(f) and _is_upper(blocks[i].text) and len(f) < 60 \
                and not _enacts(folded[i + 1:i + 3]):
            return i
    return len(blocks)


def _enacts(following: list[str]) -> bool:
    """After "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH" a decision goes on with its grounds ("Căn cứ
    ...") or its formula ("QUYẾT ĐỊNH:"): the line is the enacting authority, not a signature."""
    p = _patterns()
    return any(p["opening"].match(f) or p["enacting"].match(f) for f in following)


def _is_issuer_line(text: str) -> bool:
    """A short line in capitals before the title: the issuing body ("ỦY BAN NHÂN DÂN")."""
    from .outline import match_marker
    return _is_upper(text) and len(text) < 120 and match_marker(text) is None


def after_prefix(pattern: re.Pattern, text: str) -> str:
    """``text`` without the prefix that ``pattern`` (written on folded text) matches at its
    start: after_prefix(<"^kinh gui\\s*:?">, "Kính gửi: Sở Y tế") → "Sở Y tế"."""
    # strip_marks keeps one character per character, so the span is the original's.
    found = pattern.match(strip_marks(text.strip()).lower())
    return text.strip()[found.end():].strip() if found else text.strip()


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)
