"""The notice's text beside its tasks: where each task starts, and its bodies, deadlines and
targets marked. Presentation only: it reads ``load_document``'s result and returns pieces
that the template escapes one by one (no HTML is built here)."""
from __future__ import annotations

from typing import Any

from ...text import fold, strip_marks

KINDS = ("lead", "support", "deadline", "target")
_ANCHOR_CHARS = 40


def source_blocks(document: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[int, int]]:
    """One entry per text block: {"index", "tasks": [ids of the tasks starting there],
    "pieces": [(text, kind or None), ...]} with the tasks' phrases marked by kind; and
    where each task starts (task id → block index)."""
    blocks = document["text"]
    folded = [fold(b) for b in blocks]
    starts: dict[int, list[int]] = {}
    phrases: list[tuple[str, str]] = []
    cursor = 0
    for task in document["tasks"]:
        at = _find_block(folded, fold(task["text"])[:_ANCHOR_CHARS], cursor)
        if at is not None:
            starts.setdefault(at, []).append(task["id"])
            cursor = at
        phrases += [(b["name"], "lead") for b in task["lead"]]
        phrases += [(b["name"], "support") for b in task["support"]]
        phrases += [(t["text"], "target") for t in task["targets"]]
        if task["deadline"]:
            phrases.append((task["deadline"]["text"], "deadline"))
    where = {task_id: i for i, ids in starts.items() for task_id in ids}
    return [{"index": i, "tasks": starts.get(i, []), "pieces": mark(text, phrases)}
            for i, text in enumerate(blocks)], where


def _find_block(folded: list[str], needle: str, start: int) -> int | None:
    """The first block at or after ``start`` (then from the top) holding ``needle``."""
    if not needle.strip():
        return None
    order = list(range(start, len(folded))) + list(range(0, start))
    return next((i for i in order if needle in folded[i]), None)


def mark(text: str, phrases: list[tuple[str, str]]) -> list[tuple[str, str | None]]:
    """``text`` cut into pieces, each phrase's occurrences (diacritics-insensitive) tagged
    with its kind; the longest phrase wins where two overlap."""
    keyed = strip_marks(text).lower()         # same length as text, for NFC text
    tags: list[str | None] = [None] * len(text)
    for phrase, kind in sorted(set(phrases), key=lambda p: -len(p[0])):
        needle = strip_marks(phrase).lower()
        if len(needle) < 3:
            continue
        at = keyed.find(needle)
        while at >= 0:
            span = range(at, at + len(needle))
            if all(tags[i] is None for i in span):
                for i in span:
                    tags[i] = kind
            at = keyed.find(needle, at + len(needle))
    pieces: list[tuple[str, str | None]] = []
    for char, tag in zip(text, tags):
        if pieces and pieces[-1][1] == tag:
            pieces[-1] = (pieces[-1][0] + char, tag)
        else:
            pieces.append((char, tag))
    return pieces
