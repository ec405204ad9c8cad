"""The dataclasses that flow between the stages.

    path ──read──▶ ReadDocument ──structure──▶ StructuredNotice ──recognise──▶ Notice ──store──▶ SQLite

Each stage is a plain function from one of these to the next (see ``extractor/pipeline.py``).
Text inside every dataclass is Unicode NFC; spelling is kept as written.
"""
from __future__ import annotations

from dataclasses import dataclass, field, asdict
from typing import Any


# ── reading ────────────────────────────────────────────────────────────────────────────

@dataclass
class Block:
    """One paragraph of the document, in document order.

    ``text`` holds the paragraph as a reader of the printed page sees it, with the outline
    marker that Word's automatic numbering would print ("1. ", "a) ", "- ") in front.
    ``cell`` is (table, row, column) when the paragraph sits in a table cell, so the header
    table's two columns can be told apart; a cell merged down over several rows is repeated in
    each row with ``merged`` set, so that a task table's rows all see their lead. ``bold`` and ``centered`` are None when unknown.
    """
    text: str
    cell: tuple[int, int, int] | None = None
    page: int | None = None
    bold: bool | None = None
    centered: bool | None = None
    merged: bool = False        # a vertically merged cell's repeat (the text of the cell above
                                # it spans): read by task tables only, never as a paragraph


@dataclass
class ReadDocument:
    """What a reader returns: the file's paragraphs in order, and where they came from."""
    source: str                 # file name as given (no directory needed for display)
    sha256: str
    format: str                 # "docx" | "doc" | "pdf" | "txt"
    blocks: list[Block]
    pages: int | None = None    # None when the format has no pages (txt)
    reader: str = ""            # which reader produced the blocks, e.g. "python-docx+numbering"


# ── structure ──────────────────────────────────────────────────────────────────────────

@dataclass
class Signer:
    name: str | None = None
    title: str | None = None


@dataclass
class Metadata:
    kind: str | None = None             # Thông báo, Công văn, Kế hoạch, ...
    number: str | None = None           # "123/TB-UBND" or "/TB-UBND" when the number is blank
    issuer: str | None = None           # "Ủy ban nhân dân tỉnh Lào Cai"
    issuer_parent: str | None = None    # the body above the issuer in the header, if any
    province: str | None = None         # "Lào Cai"
    issued_on: str | None = None        # ISO date, reduced when parts are blank: "2022-09", "2024"
    subject: str | None = None
    meeting_on: str | None = None
    chair: str | None = None
    signer: Signer = field(default_factory=Signer)
    recipients: list[str] = field(default_factory=list)


@dataclass
class OutlineNode:
    """A numbered (or bulleted) point and what it holds.

    ``label`` is the marker as written ("2.1", "a", "-", "(1)"), ``style`` its family
    ("roman", "decimal", "decimal2", "alpha", "dash", "plus", "paren", "roman_paren", ...),
    ``level`` the depth in the tree (0 for top-level points).
    ``text`` the point's own text without the marker; ``paragraphs`` any further paragraphs
    that belong to it before the next marker.
    """
    label: str
    style: str
    level: int
    text: str
    paragraphs: list[str] = field(default_factory=list)
    children: list["OutlineNode"] = field(default_factory=list)
    path: str = ""                      # "2.1" / "3.a" / "2.1.-2": the point's address for display


@dataclass
class TableRow:
    """One data row of a task table: its address and its cells by role ("task", "lead",
    "support", "deadline", "product", "monitor")."""
    point: str
    cells: dict[str, str]


@dataclass
class TaskTable:
    """A table whose header names a task column and a lead or time column."""
    index: int                          # the reader's table number
    block: int                          # index of its first block in the document
    rows: list[TableRow] = field(default_factory=list)


@dataclass
class Attachment:
    """A part issued with the notice ("PHỤ LỤC", "KẾ HOẠCH ... (Ban hành kèm theo Quyết định
    số ...)"): part of the same notice, with its own outline; its tasks' points start with
    ``label`` ("PL", "PLI", "PLII")."""
    label: str
    title: str
    preamble: list[str] = field(default_factory=list)
    outline: list[OutlineNode] = field(default_factory=list)
    tables: list[TaskTable] = field(default_factory=list)


@dataclass
class StructuredNotice:
    document: ReadDocument
    metadata: Metadata
    preamble: list[str]                 # opening paragraphs before the first point
    outline: list[OutlineNode]          # the body's points, as a tree
    closing: list[str]                  # closing line(s) after the last point
    tables: list[TaskTable] = field(default_factory=list)            # task tables of the body
    attachments: list[Attachment] = field(default_factory=list)      # parts issued with it


# ── recognition ────────────────────────────────────────────────────────────────────────

@dataclass
class Body:
    """An agency as written and its canonical name (abbreviations expanded, spelling unified)."""
    name: str
    canonical: str


@dataclass
class Deadline:
    text: str
    date: str | None            # ISO; None for recurring deadlines or when unknown
    kind: str                   # "before" | "within" | "by_end" | "recurring"
    granularity: str | None     # "day" | "month" | "quarter" | "year" | None


@dataclass
class Target:
    text: str
    value: float | int
    unit: str


@dataclass
class Citation:
    text: str
    kind: str | None
    number: str | None
    date: str | None


@dataclass
class Task:
    point: str
    text: str
    lead: list[Body] = field(default_factory=list)
    support: list[Body] = field(default_factory=list)
    deadline: Deadline | None = None
    targets: list[Target] = field(default_factory=list)
    cites: list[Citation] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)     # keys of extractor/data/topics.toml


@dataclass
class Notice:
    """The end product of the pipeline for one file: the JSON contract of `notices extract`."""
    structured: StructuredNotice
    tasks: list[Task]

    @property
    def document(self) -> ReadDocument:
        return self.structured.document

    @property
    def metadata(self) -> Metadata:
        return self.structured.metadata

    def to_json(self) -> dict[str, Any]:
        """The stable JSON shape documented in README.md."""
        m = self.metadata
        return {
            "document": {
                "source": self.document.source,
                "sha256": self.document.sha256,
                "format": self.document.format,
                "kind": m.kind,
                "number": m.number,
                "issuer": m.issuer,
                "issuer_parent": m.issuer_parent,
                "province": m.province,
                "issued_on": m.issued_on,
                "subject": m.subject,
                "meeting_on": m.meeting_on,
                "chair": m.chair,
                "signer": asdict(m.signer),
                "recipients": list(m.recipients),
            },
            "tasks": [task_to_json(t) for t in self.tasks],
        }


def task_to_json(task: Task) -> dict[str, Any]:
    return {
        "point": task.point,
        "text": task.text,
        "lead": [asdict(b) for b in task.lead],
        "support": [asdict(b) for b in task.support],
        "deadline": asdict(task.deadline) if task.deadline else None,
        "targets": [asdict(t) for t in task.targets],
        "cites": [asdict(c) for c in task.cites],
        "topics": list(task.topics),
    }
