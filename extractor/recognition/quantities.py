"""Numeric targets in a task: "13 xã", "100% vốn", "4.111,5 tỷ đồng", "100/189 thôn"."""
from __future__ import annotations

import re
from functools import cache

from ..data import load
from ..model import Target

# Vietnamese number: "4.111,5", "05", "11,5"; an optional range end ("-12") or total ("/189").
_NUMBER = r"(?P<number>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)(?:\s*-\s*\d+(?:,\d+)?|/\d+)?"


@cache
def _pattern() -> re.Pattern:
    data = load("quantities")
    units = sorted(data["units"], key=len, reverse=True)
    times = sorted(data["time_units"], key=len, reverse=True)
    qualifiers = "|".join(map(re.escape, data["qualifiers"]))
    unit = "|".join(re.escape(u) for u in units)
    time = "|".join(re.escape(t) for t in times)
    return re.compile(
        rf"(?<![\w/.,-])(?:(?P<qualifier>(?:{qualifiers})\s+))?{_NUMBER}\s*"
        rf"(?P<unit>%|(?:{unit}|{time})(?:/(?:{unit}|{time}))?)(?![\w/])")


@cache
def _labels() -> re.Pattern:
    words = sorted(load("quantities")["not_after"], key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\s*$")


def parse_number(text: str) -> int | float:
    """"4.111,5" → 4111.5; "05" → 5."""
    value = float(text.replace(".", "").replace(",", "."))
    return int(value) if value.is_integer() else value


def find_targets(original: str, folded: str) -> list[Target]:
    """Every quantity with a unit in a task, except labels ("tiêu chí số 2") and bare durations."""
    targets = []
    time_units = set(load("quantities")["time_units"])
    for m in _pattern().finditer(folded):
        if _labels().search(folded[max(0, m.start() - 20):m.start()]):
            continue
        unit_key = m.group("unit")
        if unit_key in time_units and not m.group("qualifier"):
            continue
        start = m.start("number")
        text = original[start:m.end()]
        unit = original[m.start("unit"):m.end("unit")]
        targets.append(Target(text=text, value=parse_number(m.group("number")), unit=unit))
    return targets
