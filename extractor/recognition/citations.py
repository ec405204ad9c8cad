"""Cited documents: "Kế hoạch số 104/KH-BCĐ ngày 15/02/2024" → kind, number, date."""
from __future__ import annotations

import re
from functools import cache

from ..data import load
from ..model import Citation


@cache
def _pattern() -> re.Pattern:
    data = load("citations")
    kinds = sorted(data["kinds"], key=len, reverse=True)
    kind = "|".join(re.escape(k) for k in kinds)
    return re.compile(rf"\b(?P<kind>{kind})" + data["number_lead"] + data["number"], re.I)


@cache
def _titled() -> re.Pattern:
    """"Luật <title> số <number>": kinds cited with their title before the number."""
    data = load("citations")
    kinds = "|".join(re.escape(k) for k in sorted(data["titled_kinds"], key=len, reverse=True))
    return re.compile(rf"\b(?P<kind>{kinds})" + data["title"] + data["number"], re.I)


@cache
def _date() -> re.Pattern:
    """The date after a cited symbol, on folded text ("ngày 15/02/2024")."""
    return re.compile(load("citations")["date"])


def find_citations(original: str, stripped: str) -> list[Citation]:
    """Every cited document with a number/symbol (``stripped`` = strip_marks(original)),
    once: a number cited again is the same document."""
    kinds = load("citations")["kinds"]
    found = []
    titled = list(_titled().finditer(stripped))
    plain = [m for m in _pattern().finditer(stripped)
             if not any(t.start() <= m.start() < t.end() for t in titled)]
    for m in sorted(titled + plain, key=lambda m: m.start()):
        end = m.end()
        date = None
        if d := _date().match(stripped.lower(), end):
            date = f"{int(d.group('year')):04d}-{int(d.group('month')):02d}-{int(d.group('day')):02d}"
            end = d.end()
        number = original[m.start("number"):m.end("number")].rstrip(".")
        if any(c.number == number for c in found):
            continue
        found.append(Citation(text=original[m.start():end], kind=kinds[m.group("kind").lower()],
                              number=number, date=date))
    return found
