"""Task tables → tasks: one task per data row, roles from the columns.

The task cell is the task's text (its targets and citations come from it); the lead and
support cells list bodies ("Sở Tư pháp; UBND các xã, phường, đặc khu"); the time cell is
read as a whole ("Quý II/2025", "02-03/2020", "Hằng năm") by ``column_deadline``. The
product and monitoring columns give no role.
"""
from __future__ import annotations

import re
from functools import cache

from ..data import load
from ..model import Body, TaskTable, Task
from ..text import strip_marks
from .bodies import body_at, body_list_at, canonical_name, continues_as_prose, same_body
from .citations import find_citations
from .deadlines import column_deadline
from .quantities import find_targets

_PIECES = re.compile(r"\s*[;\n]\s*")


def table_tasks(table: TaskTable, prefix: str, year: int | None,
                issued_on: str | None) -> list[Task]:
    """The tasks of a task table; ``prefix`` ("PL", "PLII") starts each point."""
    tasks = []
    for row in table.rows:
        text = " ".join((row.cells.get("task") or "").split())
        if not text:
            continue
        if row.cells.get("detail"):     # unnamed columns after the task: its details
            text = f"{text} {' '.join(row.cells['detail'].split())}"
        point = ".".join(p for p in (prefix, row.point) if p)
        lead = cell_bodies(row.cells.get("lead") or "")
        support = [b for b in cell_bodies(row.cells.get("support") or "")
                   if not any(same_body(b, l) for l in lead)]
        when = row.cells.get("deadline")
        deadline = column_deadline(when, year, issued_on) if when else None
        stripped = strip_marks(text)
        cites = find_citations(text, stripped)
        targets = find_targets(text, stripped.lower())
        if when and deadline is None:      # a time limit ("02 ngày làm việc") is an amount
            targets += find_targets(when, strip_marks(when).lower())
        tasks.append(Task(
            point=point, text=text, lead=lead, support=support,
            deadline=deadline, targets=targets,
            cites=cites))
    return tasks


def cell_bodies(cell: str) -> list[Body]:
    """The bodies a lead or support cell lists, each kept as written.

    The cell is cut at ";", line breaks and bullets, then each piece at ",", "và" and " - ".
    A part that opens with a known body starts a body; a part that does not ("Thương mại
    và Du lịch" after "Trung tâm Xúc tiến Đầu tư", "Đà Lạt" after "UBND phường Xuân Hương")
    continues the name before it, since a cell holds nothing but names. A first part that
    opens with no known body is an office the catalogue has not met yet, kept whole, unless
    it reads as spill-over of the column ("Khoản 4 Điều 33": digits, lower case)."""
    bodies: list[Body] = []
    for piece in _PIECES.split(cell):
        piece = piece.strip(" .,;:-–")
        if not piece:
            continue
        for body in _piece_bodies(piece):
            if not any(same_body(body, other) for other in bodies):
                bodies.append(body)
    return bodies


@cache
def _parts() -> re.Pattern:
    """Where a cell's piece may pass from one body to the next: ",", " - " and the joining
    words of agencies.toml ("và", "cùng"), on strip_marks text."""
    words = "|".join(re.escape(w) for w in load("agencies")["list_separators"])
    return re.compile(rf"\s*,\s*|\s+(?:{words}|-|–)\s+", re.I)


# A trailing remark in brackets is not part of the name: "Sở Tài chính (chủ trì)" (on
# strip_marks text: a lower-case word inside).
_REMARK = re.compile(r"\s*\((?=[^)]*\b[a-z]{2,})[^)]*\)\s*$")


def _piece_bodies(piece: str) -> list[Body]:
    stripped = strip_marks(piece)
    mentions = body_list_at(piece, stripped, 0)
    if mentions and not piece[mentions[-1].end:].strip(" .,;:-–"):
        return [m.body for m in mentions]      # the catalogue reads the whole piece
    groups: list[list[int]] = []          # [start, end, opens with a known body]
    position = 0
    for m in [*_parts().finditer(stripped), None]:
        end = m.start() if m else len(piece)
        if end > position:
            known = body_at(piece, stripped, position) is not None
            if known or not groups:
                groups.append([position, end, known])
            else:
                groups[-1][1] = end
        position = m.end() if m else len(piece)
    bodies: list[Body] = []
    for start, end, known in groups:
        remark = _REMARK.search(stripped, start, end)
        text = piece[start:remark.start() if remark else end].strip(" .,;:-–")
        if not text:
            continue
        if known:
            bodies.append(_as_body(text))
        elif _names_a_body(text) and not bodies:
            bodies.append(Body(name=text, canonical=canonical_name(text)))
        elif inside := _bodies_inside(text, strip_marks(text)):
            bodies += inside     # "Khoản 4 Điều 33. Bộ Nông nghiệp và Môi trường"
    return bodies


def _as_body(text: str) -> Body:
    """The body a cell part names: the catalogue's when it covers the part or the part goes
    on as prose ("Sở Tài chính chủ trì, tham mưu"), else the part as written ("Trung tâm
    Xúc tiến Đầu tư, Thương mại và Du lịch")."""
    first = body_at(text, strip_marks(text), 0)
    rest = text[first.end:].strip(" ,")
    if not rest or continues_as_prose(rest):
        return first.body
    return Body(name=text, canonical=canonical_name(text))


def _names_a_body(text: str) -> bool:
    """A part that can be an unknown office: capitalised, short, no digits."""
    return text[:1].isupper() and not any(c.isdigit() for c in text) and len(text.split()) <= 14


def _bodies_inside(piece: str, stripped: str) -> list[Body]:
    """Bodies that start at a word inside a cell that also holds other words."""
    for m in re.finditer(r"(?<!\S)\S", stripped):
        if mentions := body_list_at(piece, stripped, m.start()):
            return [x.body for x in mentions]
    return []


def without_repeats(tasks: list[Task], rows: list[Task]) -> list[Task]:
    """The body's tasks that a task-table row does not repeat. Plans often list each task in
    the body and again as a table row with its lead, support and time: it is one task, and
    the row, which carries the roles, is kept."""
    if not rows:
        return tasks
    starts = {_start(r.text) for r in rows}
    return [t for t in tasks if _start(t.text) not in starts]


def _start(text: str, words: int = 8) -> str:
    return " ".join(strip_marks(text).lower().split()[:words])
