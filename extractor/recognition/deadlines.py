"""Deadlines: the first deadline phrase of a task, its date, kind and granularity."""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from ..data import load
from ..model import Deadline
from ..text import strip_marks
from .patterns import opening_words

# The date rules deadlines.toml may name; an unknown rule fails when the file is loaded.
DATE_RULES = ("day", "end_of_month", "end_of_previous_month", "end_of_quarter",
              "end_of_previous_quarter", "end_of_first_half", "end_of_year", "days_after_issue",
              "months_after_issue", "none")
_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


@dataclass(frozen=True)
class _Phrasing:
    regex: re.Pattern
    kind: str
    granularity: str
    rule: str
    weak: bool = False
    words: tuple[str, ...] = ()         # the pattern's words: one of them must be in the text

    def __post_init__(self):
        object.__setattr__(self, "words", tuple(sorted(opening_words(self.regex.pattern))))


@cache
def _phrasings() -> tuple[_Phrasing, ...]:
    data = load("deadlines")
    fragments = data["fragments"]

    def expand(pattern: str) -> str:
        for _ in range(3):
            pattern = re.sub(r"\{(\w+)\}", lambda m: fragments.get(m.group(1), m.group(0)), pattern)
        return pattern

    phrasings = []
    for d in data["deadline"]:
        if d["date"] not in DATE_RULES:
            raise ValueError(f"deadlines.toml: unknown date rule {d['date']!r} in the entry "
                             f"{d['pattern']!r}; known rules: {', '.join(DATE_RULES)}")
        phrasings.append(_Phrasing(re.compile(expand(d["pattern"])), d["kind"],
                                   d["granularity"] or None, d["date"], d.get("weak", False)))
    return tuple(phrasings)


@cache
def _column_phrasings() -> tuple[_Phrasing, ...]:
    phrasings = []
    for d in load("deadlines")["column"]:
        if d["date"] not in DATE_RULES:
            raise ValueError(f"deadlines.toml: unknown date rule {d['date']!r} in the column "
                             f"entry {d['pattern']!r}; known rules: {', '.join(DATE_RULES)}")
        phrasings.append(_Phrasing(re.compile(d["pattern"]), d["kind"], d["granularity"],
                                   d["date"]))
    return tuple(phrasings)


def column_deadline(cell: str, year: int | None, issued_on: str | None = None) -> Deadline | None:
    """The deadline a task table's time cell gives: the whole cell read as a time
    ("Quý II/2025", "02-03/2020" → end of the range, "Hằng năm" → recurring), else the first
    deadline phrase inside it; None for ongoing work ("Thường xuyên")."""
    text = " ".join(cell.split()).rstrip(" .;")
    folded = strip_marks(text).lower()
    for phrasing in _column_phrasings():
        if m := phrasing.regex.fullmatch(folded):
            return Deadline(text=text, date=_date(m.groupdict(), phrasing.rule, year, issued_on),
                            kind=phrasing.kind, granularity=phrasing.granularity)
    return find_deadline(text, folded, year, issued_on)


@cache
def _exclusions() -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in load("deadlines")["exclusions"]["before"]))


def find_deadline(original: str, folded: str, year: int | None,
                  issued_on: str | None = None) -> Deadline | None:
    """The earliest deadline phrase in a task (``folded`` is fold-aligned with ``original``).

    ``year`` is the document's year, used when a day-month has none; ``issued_on`` its ISO
    date, from which "trong thời hạn 30 ngày kể từ ngày ký" is counted.
    """
    best: tuple[int, _Phrasing, re.Match] | None = None
    dated = any(c.isdigit() for c in folded)    # a dated deadline is written with digits
    for phrasing in _phrasings():
        if not dated and phrasing.kind != "recurring":
            continue
        if phrasing.words and not any(word in folded for word in phrasing.words):
            continue                     # none of the words it opens with: it cannot match
        for m in phrasing.regex.finditer(folded):
            if _excluded(folded, m.start(), phrasing.weak):
                continue
            if best is None or m.start() < best[0]:
                best = (m.start(), phrasing, m)
            break
    if best is None:
        return None
    start, phrasing, m = best
    return Deadline(text=original[start:m.end()].strip(" ,;()"),
                    date=_date(m.groupdict(), phrasing.rule, year, issued_on),
                    kind=phrasing.kind, granularity=phrasing.granularity)


def _excluded(folded: str, start: int, weak: bool) -> bool:
    clause_start = max(folded.rfind(";", 0, start), folded.rfind(". ", 0, start)) + 1
    before = folded[clause_start:start].rstrip()
    if weak and _weak_after().search(before):
        return True
    return bool(_exclusions().search(before))


@cache
def _weak_after() -> re.Pattern:
    return re.compile(load("deadlines")["exclusions"]["weak_after"])


def _date(groups: dict, rule: str, default_year: int | None,
          issued_on: str | None = None) -> str | None:
    """The deadline day of a match under one of the rules named in deadlines.toml."""
    if rule == "none":
        return None
    if rule in ("days_after_issue", "months_after_issue"):
        return _after_issue(rule, groups, issued_on)
    year = int(groups["year"]) if groups.get("year") else default_year
    if year is None:
        return None
    try:
        return _rule_date(rule, year, groups).isoformat()
    except ValueError:
        return None     # "31/2" or a month 13: not a date, so no date rather than a wrong one


def _after_issue(rule: str, groups: dict, issued_on: str | None) -> str | None:
    """"trong thời hạn 30 ngày kể từ ngày ký": the document's date plus the period, when the
    document's full date is known (never a guessed day)."""
    if not issued_on or len(issued_on) != 10:
        return None
    start = date.fromisoformat(issued_on)
    amount = int(groups["amount"])
    if rule == "days_after_issue":
        return (start + timedelta(days=amount)).isoformat()
    month = start.month - 1 + amount
    year, month = start.year + month // 12, month % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1])).isoformat()


def _rule_date(rule: str, year: int, groups: dict) -> date:
    if rule == "day":
        return date(year, int(groups["month"]), int(groups["day"]))
    if rule == "end_of_month":
        month = int(groups["month"])
        return date(year, month, calendar.monthrange(year, month)[1])
    if rule == "end_of_previous_month":
        return date(year, int(groups["month"]), 1) - timedelta(days=1)
    if rule in ("end_of_quarter", "end_of_previous_quarter"):
        quarter = _QUARTERS[groups["quarter"]] - (rule == "end_of_previous_quarter")
        if quarter == 0:
            return date(year - 1, 12, 31)
        month = quarter * 3
        return date(year, month, calendar.monthrange(year, month)[1])
    if rule == "end_of_first_half":
        return date(year, 6, 30)
    if rule == "end_of_year":
        return date(year, 12, 31)
    raise KeyError(rule)
