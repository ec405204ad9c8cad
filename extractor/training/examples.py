"""Gold records → training examples: each segment of a document, whether it is a task, and
where in it the gold lead and support bodies, the deadline and the targets are written.

One file per gold record is read (text formats before scans: the same notice in four
formats would teach the model four times the same thing). A segment is a task when a gold
anchor lies in its text; each anchor is given to the first such segment not yet taken, in
document order, as the scorer matches them. Spans are found in the segment's ``source`` by
their written form, compared with diacritics and case folded: lead and support bodies at
every place they are written, the deadline and targets at their first.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from ..errors import NoticeError
from ..model import StructuredNotice
from ..evaluation import ANNOTATIONS_DIR, CORPUS_DIR
from ..evaluation.gold import load_gold, load_manifest, match_key
from ..reading import read
from ..recognition.learned.labels import LABELS
from ..recognition.segments import Segment, segments
from ..structure import structure
from ..text import strip_marks

# Reading order of formats: the cleanest rendering of a notice first; scans only when a
# notice has nothing else.
FORMAT_ORDER = ("txt", "docx", "doc", "pdf", "scan")


@dataclass
class Example:
    """One segment with its labels: ``spans`` are (start, end, label) over ``segment.source``."""
    document: str
    group: str
    segment: Segment
    is_task: bool
    spans: list[tuple[int, int, str]] = field(default_factory=list)
    year: int | None = None
    issued_on: str | None = None


@dataclass
class DocumentExamples:
    gold_id: str
    file: str
    group: str
    split: str
    examples: list[Example]
    anchors: int            # gold tasks of the record
    placed: int             # of them, anchors that found a segment of their own
    structured: StructuredNotice | None = None
    gold: dict | None = None


def source_group(entry: dict) -> str:
    """The source a file comes from: its manifest ``source_group``, else its gold record
    (a seed and its renderings are one source)."""
    return entry.get("source_group") or entry["gold"]


def training_entries(split: str | None = "dev", corpus_dir: Path = CORPUS_DIR) -> list[dict]:
    """One manifest entry per gold record of the split (None: every split), the cleanest format."""
    chosen: dict[str, dict] = {}
    for entry in load_manifest(corpus_dir):
        if not entry.get("gold") or (split and (entry.get("split") or "dev") != split):
            continue
        fmt = entry.get("format") or Path(entry["file"]).suffix.lstrip(".")
        rank = FORMAT_ORDER.index(fmt) if fmt in FORMAT_ORDER else len(FORMAT_ORDER)
        held = chosen.get(entry["gold"])
        if held is None or rank < held[0]:
            chosen[entry["gold"]] = (rank, entry)
    return [entry for _, entry in chosen.values()]


def document_examples(entry: dict, corpus_dir: Path = CORPUS_DIR,
                      annotations_dir: Path = ANNOTATIONS_DIR) -> DocumentExamples:
    """The examples of one annotated corpus file."""
    gold = load_gold(entry["gold"], annotations_dir)
    structured = structure(read(Path(corpus_dir) / entry["file"]))
    issued_on = structured.metadata.issued_on
    year = int(issued_on[:4]) if issued_on and issued_on[:4].isdigit() else None
    units = segments(structured)
    keys = [match_key(s.text) for s in units]
    taken: dict[int, dict] = {}
    cursor = 0
    for task in gold.get("tasks") or []:
        anchor = match_key(task.get("anchor", ""))
        if not anchor:
            continue
        # The scorer keeps document order: look from the last placed segment on, then from
        # the start (a table row's anchor may come before a point of an attached part).
        order = list(range(cursor, len(units))) + list(range(0, cursor))
        hit = next((i for i in order if i not in taken and anchor in keys[i]), None)
        if hit is not None:
            taken[hit] = task
            cursor = hit
    group = source_group(entry)
    examples = []
    for i, unit in enumerate(units):
        task = taken.get(i)
        examples.append(Example(entry["file"], group, unit, task is not None,
                                gold_spans(unit.source, task) if task else [],
                                year, issued_on))
    return DocumentExamples(entry["gold"], entry["file"], group, entry.get("split") or "dev",
                            examples, len(gold.get("tasks") or []), len(taken), structured, gold)


def corpus_examples(entries: Iterable[dict], corpus_dir: Path = CORPUS_DIR,
                    annotations_dir: Path = ANNOTATIONS_DIR,
                    progress: Callable[[str], None] | None = None) -> list[DocumentExamples]:
    """The examples of every entry; a file that cannot be read is left out, with a message."""
    found = []
    for entry in entries:
        if progress:
            progress(entry["file"])
        try:
            found.append(document_examples(entry, corpus_dir, annotations_dir))
        except NoticeError as error:
            if progress:
                progress(f"{entry['file']}: left out: {error}")
    return found


def gold_spans(source: str, task: dict) -> list[tuple[int, int, str]]:
    """Where the gold items of a task are written in a segment, without overlaps (bodies
    first, longest first, then the deadline, then targets)."""
    folded = strip_marks(source).lower()
    wanted: list[tuple[str, str, bool]] = []       # (written form, label, every occurrence)
    for role, label in (("lead", "LEAD"), ("support", "SUPPORT")):
        for body in task.get(role) or []:
            wanted.append((body.get("name") or "", label, True))
    wanted.sort(key=lambda w: -len(w[0]))
    if task.get("deadline"):
        wanted.append((task["deadline"].get("text") or "", "DEADLINE", False))
    wanted += [(t.get("text") or "", "TARGET", False) for t in task.get("targets") or []]
    spans: list[tuple[int, int, str]] = []
    for written, label, every in wanted:
        key = strip_marks(" ".join(written.split())).lower().strip(" .,;:")
        if len(key) < 2:
            continue
        pattern = re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, key.split())) + r"(?!\w)")
        for m in pattern.finditer(folded):
            if any(m.start() < end and start < m.end() for start, end, _ in spans):
                continue
            spans.append((m.start(), m.end(), label))
            if not every:
                break
    return sorted(spans)
