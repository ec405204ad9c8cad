"""Labelled fields: "Cơ quan chủ trì: X", "Cơ quan phối hợp: Y; Thời gian thực hiện: ...".

A plan often writes a task's roles as labelled fields, under the item or inline in it. The
value after a lead or support label is a list of bodies just like a task table's cell, so
it is read as one (``cell_bodies``): a body the catalogue does not know ("Viễn thông Lào
Cai") is still a body there. The labels are in ``data/directives.toml``.
"""
from __future__ import annotations

import re
from functools import cache

from ..data import load
from ..model import Body
from ..text import strip_marks
from .table_tasks import cell_bodies


def _alternatives(items: list[str]) -> str:
    return "|".join(sorted(items, key=len, reverse=True))


@cache
def _labels() -> re.Pattern:
    d = load("directives")
    return re.compile(
        rf"(?<!\w)(?:(?P<lead>{_alternatives(d['lead_labels'])})|"
        rf"(?P<support>{_alternatives(d['support_labels'])})|"
        rf"(?P<other>{_alternatives(d['field_labels'])}))\s*:\s*")


# A value ends at ";", at a sentence end or at a line break (or at the next label).
_VALUE_END = re.compile(r";|\.(?=\s|$)|\n")


def labelled_roles(text: str) -> tuple[list[Body], list[Body]]:
    """The bodies given as the lead and as support by labelled fields in ``text``."""
    folded = strip_marks(text).lower()
    found = list(_labels().finditer(folded))
    roles: dict[str, list[Body]] = {"lead": [], "support": []}
    for i, m in enumerate(found):
        role = m.lastgroup
        if role not in roles:
            continue
        stop = found[i + 1].start() if i + 1 < len(found) else len(text)
        end = _VALUE_END.search(text, m.end(), stop)
        value = text[m.end():end.start() if end else stop]
        roles[role] += cell_bodies(value)
    return roles["lead"], roles["support"]
