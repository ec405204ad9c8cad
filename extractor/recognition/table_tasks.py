"""Task tables → tasks: one task per data row, roles from the columns.

The task cell is the task's text (its targets and citations come from it); the lead and
support cells list bodies ("Sở Tư pháp; UBND các xã, phường, đặc khu"); the time cell is
read as a whole ("Quý II/2025", "02-03/2020", "Hằng năm") by ``column_deadline``. The
product and monitoring columns give no role.
"""
from __future__ import annotations

import re

from ..model import Body, TaskTable, Task
from ..text import strip_marks
from .bodies import body_list_at, canonical_name, same_body
from .citations import find_citations
from .deadlines import column_deadline
from .quantities import find_targets

_PIECES = re.compile(r"\s*[;\n]\s*|\s+-\s+")
# A cell whose recognised bodies cover less than this share of its letters is kept whole
# as one body written as it is (an office the catalogue does not know yet).
_COVERED = 0.6


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
    """The bodies a lead or support cell lists, each kept as written. Pieces the catalogue
    does not know are kept whole (an office it has not met yet) unless other pieces of the
    cell are known bodies: then they are the column's spill-over ("Khoản 4 Điều 33")."""
    known: list[Body] = []
    unknown: list[Body] = []
    for piece in _PIECES.split(cell):
        piece = piece.strip(" .,;:-–")
        if not piece:
            continue
        stripped = strip_marks(piece)
        mentions = body_list_at(piece, stripped, 0)
        covered = sum(m.end - m.start for m in mentions)
        if mentions and covered >= _COVERED * len(piece):
            known += [m.body for m in mentions]
        elif inside := _bodies_inside(piece, stripped):
            known += inside     # "Khoản 4 Điều 33. Bộ Nông nghiệp và Môi trường"
        else:
            unknown.append(Body(name=piece, canonical=canonical_name(piece)))
    bodies: list[Body] = []
    for body in known or unknown:
        if not any(same_body(body, other) for other in bodies):
            bodies.append(body)
    return bodies


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
