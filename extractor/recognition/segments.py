"""The units a learned recogniser reads: every point, letter paragraph and table row of a
structured notice, in document order.

A ``Segment`` is what a person would judge on its own ("is this a task? who leads it?"):
an outline point with the paragraphs that follow it, a paragraph of a letter without
points, or a row of a task table. ``text`` is the task's text should it be one (for a row:
its task cell); ``source`` is what the model reads, which for a row is every cell in order
with " | " between them, so that the lead and time cells can be recognised too.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model import OutlineNode, StructuredNotice, TaskTable

CELL_SEPARATOR = " | "
# A point under another reads after its parent's first words ("Đối với UBND cấp huyện »
# rà soát ..."): a lead named by the heading is then in the text the model reads.
CONTEXT_SEPARATOR = " » "
HEADING_CONTEXT = True
HEADING_WORDS = 16
# The roles of a table row as the model reads them, in the order a plan's table has them.
ROW_ROLES = ("task", "detail", "lead", "support", "deadline")


@dataclass
class Segment:
    point: str
    text: str
    source: str
    row: bool = False          # a table row: its roles come from the columns


def segments(structured: StructuredNotice) -> list[Segment]:
    """Every unit of the notice that could be a task, in document order: the body's points
    (or a letter's paragraphs), its task tables' rows, then each attached part's."""
    found = _outline_segments(structured.preamble, structured.outline, "")
    found += [s for table in structured.tables for s in _row_segments(table, "")]
    for part in structured.attachments:
        found += _outline_segments(part.preamble, part.outline, part.label)
        found += [s for table in part.tables for s in _row_segments(table, part.label)]
    return found


def _address(prefix: str, point: str) -> str:
    return ".".join(p for p in (prefix, point) if p)


def _outline_segments(preamble: list[str], outline: list[OutlineNode], prefix: str) -> list[Segment]:
    if not outline:
        # A letter: each paragraph of its body is a unit ("Bộ Công Thương đề nghị ...").
        return [Segment(_address(prefix, ""), " ".join(p.split()), " ".join(p.split()))
                for p in preamble if p.strip()]
    found: list[Segment] = []

    def visit(node: OutlineNode, heading: str) -> None:
        text = " ".join(" ".join([node.text, *node.paragraphs]).split())
        if text:
            source = f"{heading}{CONTEXT_SEPARATOR}{text}" if heading and HEADING_CONTEXT else text
            found.append(Segment(_address(prefix, node.path), text, source))
        own = " ".join(node.text.split()[:HEADING_WORDS])
        for child in node.children:
            visit(child, own)

    for node in outline:
        visit(node, "")
    return found


def _row_segments(table: TaskTable, prefix: str) -> list[Segment]:
    found = []
    for row in table.rows:
        task = " ".join((row.cells.get("task") or "").split())
        if not task:
            continue
        if row.cells.get("detail"):
            task = f"{task} {' '.join(row.cells['detail'].split())}"
        cells = [task] + [" ".join(row.cells[role].split()) for role in ROW_ROLES[2:]
                          if (row.cells.get(role) or "").strip()]
        found.append(Segment(_address(prefix, row.point), task, CELL_SEPARATOR.join(cells),
                             row=True))
    return found
