"""Structure stage: ReadDocument → StructuredNotice (metadata, preamble, outline, closing,
task tables, attached parts).

Task tables are taken out first (their cells are structure, not paragraphs). The rest is cut
into zones (header, body, closing, recipients and signature), because only the body holds
points, and a header's "Kính gửi: - ..." list or the "Nơi nhận" list must never be read as
outline items. Parts issued with the notice ("PHỤ LỤC", an attached plan) follow the
signature and get their own outline.
"""
from __future__ import annotations

from ..model import ReadDocument, StructuredNotice, TaskTable
from .attachments import build_attachment, split_attachments
from .metadata import read_metadata
from .outline import build_outline, match_marker, walk
from .tables import find_task_tables
from .zones import split_zones

__all__ = ["structure", "build_outline", "match_marker", "walk"]


def structure(document: ReadDocument) -> StructuredNotice:
    """Find the metadata, the outline, the task tables and the attached parts of a document."""
    tables, in_tables = find_task_tables(document.blocks)
    blocks = [b for i, b in enumerate(document.blocks) if i not in in_tables and not b.merged]
    zones = split_zones(blocks)
    zones.tail, parts = split_attachments(zones.tail)
    preamble, outline = build_outline(zones.body)
    metadata = read_metadata(zones, preamble)
    position = {id(b): i for i, b in enumerate(document.blocks)}
    starts = [position[id(first)] for first, _ in parts]
    attachments = [build_attachment(part, _tables_between(tables, start, end))
                   for (_, part), start, end in zip(parts, starts, starts[1:] + [10**9])]
    main_tables = _tables_between(tables, -1, starts[0] if starts else 10**9)
    return StructuredNotice(document=document, metadata=metadata, preamble=preamble,
                            outline=outline, closing=zones.closing, tables=main_tables,
                            attachments=attachments)


def _tables_between(tables: list[TaskTable], start: int, end: int) -> list[TaskTable]:
    return [t for t in tables if start <= t.block < end]
