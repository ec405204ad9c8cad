"""People correcting the machine: edit any field of a task, add, split, merge or delete one.

What a person corrects is what every page, search and export shows: the task row itself is
rewritten. What the machine extracted is kept beside it: before a machine-made task is
first changed, its extraction is saved in ``machine_tasks`` and never overwritten; each
change is a row of ``corrections`` (action, field, old and new value as JSON, who, when).
A deleted task is kept, marked ``deleted_at``, and left out of everything people see.
Each call is one transaction.
"""
from __future__ import annotations

import json
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import sqlite_utils

from ..errors import InvalidQuery
from ..model import Body, Citation, Deadline, Target, Task
from ..recognition.bodies import canonical_name
from ..recognition.deadlines import find_deadline
from ..recognition.quantities import find_targets
from ..recognition.topics import task_topics
from ..text import fold, normalize
from .query import task_json
from .store import insert_task, rewrite_task
from .schema import write_transaction

FIELDS = ("point", "text", "lead", "support", "deadline", "targets")


def correct_task(db: sqlite_utils.Database, task_id: int, changes: dict[str, Any], who: str) -> None:
    """Change fields of a task. ``changes`` maps a field of ``FIELDS`` to its new value:
    point and text a string; lead and support a list of names as written; deadline its
    text ("trước ngày 30/6/2025", or an ISO date) or None; targets a list of texts ("13 xã").

    Raises:
        InvalidQuery: no such task, an unknown field, an empty text, a deadline or target
            that cannot be read.
    """
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise InvalidQuery(f"task {task_id}", f"has no field {', '.join(sorted(unknown))}; "
                                              f"fields: {', '.join(FIELDS)}")
    with write_transaction(db):
        current, context = _stored(db, task_id)
        task = _model_task(current)
        for field, value in changes.items():
            setattr(task, field, _parse(field, value, context))
        task.topics = task_topics(task.text)
        new = _as_json(task)
        changed = [f for f in changes if _as_json_field(current, f) != new[f]]
        if not changed:
            return
        _keep_machine_extraction(db, current)
        rewrite_task(db, task_id, task, context["province"])
        for field in changed:
            _log(db, context["document_id"], task_id, "edit", field,
                 _as_json_field(current, field), new[field], who)


def add_task(db: sqlite_utils.Database, document_id: int, fields: dict[str, Any], who: str) -> int:
    """Add a task a person found and the machine missed, at the end of the notice; returns
    its id. ``fields`` as for ``correct_task``; text is required.

    Raises:
        InvalidQuery: no such notice, no text, or a field that cannot be read.
    """
    with write_transaction(db):
        context = _document_context(db, document_id)
        task = Task(point="", text="")
        for field, value in fields.items():
            if field not in FIELDS:
                raise InvalidQuery("new task", f"has no field {field}")
            setattr(task, field, _parse(field, value, context))
        if not task.text:
            raise InvalidQuery("new task", "needs a text")
        task.topics = task_topics(task.text)
        seq = db.execute("SELECT coalesce(max(seq), 0) + 1 FROM tasks WHERE document_id = ?",
                         [document_id]).fetchone()[0]
        task_id = insert_task(db, document_id, seq, task, context["province"])
        db.execute("UPDATE tasks SET origin = 'person' WHERE id = ?", [task_id])
        _log(db, document_id, task_id, "add", None, None, _as_json(task), who)
    return task_id


def delete_task(db: sqlite_utils.Database, task_id: int, who: str) -> None:
    """Take a task out of every page, search and export (it is not a task); the record stays.

    Raises:
        InvalidQuery: no such task.
    """
    with write_transaction(db):
        current, context = _stored(db, task_id)
        _keep_machine_extraction(db, current)
        db.execute("UPDATE tasks SET deleted_at = ? WHERE id = ?", [_now(), task_id])
        db.execute("DELETE FROM tasks_fts WHERE rowid = ?", [task_id])
        _log(db, context["document_id"], task_id, "delete", None, current, None, who)


def split_task(db: sqlite_utils.Database, task_id: int, at: int, who: str) -> int:
    """Split a task's text at character ``at``: the task keeps the first part, a new task
    right after it gets the rest, with the same bodies and deadline; returns the new id.

    Raises:
        InvalidQuery: no such task, or ``at`` leaves one part without a word.
    """
    with write_transaction(db):
        current, context = _stored(db, task_id)
        first, rest = current["text"][:at].strip(), current["text"][at:].strip()
        if not any(c.isalnum() for c in first) or not any(c.isalnum() for c in rest):
            raise InvalidQuery(f"task {task_id}", f"cannot be split at {at}: both parts need words")
        _keep_machine_extraction(db, current)
        head, tail = _model_task(current), _model_task(current)
        head.text, tail.text = first, rest
        head.topics, tail.topics = task_topics(first), task_topics(rest)
        rewrite_task(db, task_id, head, context["province"])
        _make_room_after(db, context["document_id"], current["seq"])
        new_id = insert_task(db, context["document_id"], current["seq"] + 1, tail, context["province"])
        db.execute("UPDATE tasks SET origin = 'person' WHERE id = ?", [new_id])
        _log(db, context["document_id"], task_id, "split", "text", current["text"],
             [first, rest], who)
    return new_id


def merge_tasks(db: sqlite_utils.Database, task_ids: list[int], who: str) -> int:
    """Merge tasks of one notice into the first: texts joined, bodies, targets and citations
    put together, the first deadline kept; the others are deleted. Returns the first id.

    Raises:
        InvalidQuery: fewer than two tasks, unknown ones, or tasks of different notices.
    """
    if len(set(task_ids)) < 2:
        raise InvalidQuery("merge", "needs two tasks or more")
    with write_transaction(db):
        stored = [_stored(db, task_id) for task_id in task_ids]
        if len({context["document_id"] for _, context in stored}) > 1:
            raise InvalidQuery("merge", "tasks of different notices cannot be merged")
        (first, context), others = stored[0], stored[1:]
        merged = _model_task(first)
        for current, _ in others:
            part = _model_task(current)
            merged.text = f"{merged.text} {part.text}"
            merged.lead += [b for b in part.lead if b not in merged.lead]
            merged.support += [b for b in part.support if b not in merged.support]
            merged.targets += part.targets
            merged.cites += [c for c in part.cites if c not in merged.cites]
            merged.deadline = merged.deadline or part.deadline
        merged.topics = task_topics(merged.text)
        for current, _ in stored:
            _keep_machine_extraction(db, current)
        rewrite_task(db, first["id"], merged, context["province"])
        for current, _ in others:
            db.execute("UPDATE tasks SET deleted_at = ? WHERE id = ?", [_now(), current["id"]])
            db.execute("DELETE FROM tasks_fts WHERE rowid = ?", [current["id"]])
        _log(db, context["document_id"], first["id"], "merge", None,
             [t["id"] for t, _ in stored], _as_json(merged), who)
    return first["id"]


def machine_extraction(db: sqlite_utils.Database, task_id: int) -> dict | None:
    """The task as the machine extracted it, if a person has changed it since; else None."""
    row = db.execute("SELECT extraction FROM machine_tasks WHERE task_id = ?", [task_id]).fetchone()
    return json.loads(row[0]) if row else None


def task_history(db: sqlite_utils.Database, task_id: int) -> list[dict]:
    """Every correction of a task, oldest first: action, field, old, new, who, at."""
    rows = db.query("SELECT action, field, old, new, who, at FROM corrections "
                    "WHERE task_id = ? ORDER BY id", [task_id])
    return [{**r, "old": json.loads(r["old"]), "new": json.loads(r["new"])} for r in rows]


def corrected_documents(db: sqlite_utils.Database) -> list[int]:
    """The ids of the notices a person has corrected, in order."""
    return [r[0] for r in db.execute(
        "SELECT DISTINCT document_id FROM corrections ORDER BY document_id").fetchall()]


# ── parsing what a person typed ───────────────────────────────────────────────────────

def _parse(field: str, value: Any, context: dict) -> Any:
    """A field's value as the model holds it, from what a person typed."""
    if field in ("point", "text"):
        text = " ".join(normalize(str(value or "")).split())
        if field == "text" and not text:
            raise InvalidQuery("text", "a task needs a text; delete the task instead")
        return text
    if field in ("lead", "support"):
        names = [" ".join(normalize(n).split()) for n in _as_list(value)]
        return [Body(name=n, canonical=canonical_name(n)) for n in dict.fromkeys(names) if n]
    if field == "deadline":
        return _parse_deadline(value, context)
    return [_parse_target(text) for text in _as_list(value)]


def _as_list(value: Any) -> list[str]:
    """A list of strings from a list or from text with one entry per line or ";"."""
    if isinstance(value, str):
        value = value.replace(";", "\n").split("\n")
    return [str(v).strip() for v in (value or []) if str(v).strip()]


def _parse_deadline(value: Any, context: dict) -> Deadline | None:
    text = " ".join(normalize(str(value or "")).split())
    if not text:
        return None
    try:
        return Deadline(text=text, date=date.fromisoformat(text).isoformat(), kind="before",
                        granularity="day")
    except ValueError:
        pass
    issued = context["issued_on"]
    found = find_deadline(text, fold(text), int(issued[:4]) if issued else date.today().year, issued)
    if found is None:
        raise InvalidQuery("deadline", f"{text!r} is not a deadline this program can read; "
                                       "write a date, e.g. 30/6/2025 or 2025-06-30")
    if found.text != text and found.date is not None:
        found = Deadline(text=text, date=found.date, kind=found.kind, granularity=found.granularity)
    return found


def _parse_target(text: str) -> Target:
    text = " ".join(normalize(text).split())
    found = find_targets(text, fold(text))
    if not found:
        raise InvalidQuery("targets", f"{text!r} has no number with a unit (e.g. 13 xã)")
    return found[0]


# ── the stored task as a model Task and back ──────────────────────────────────────────

def _stored(db: sqlite_utils.Database, task_id: int) -> tuple[dict, dict]:
    rows = list(db.query("SELECT * FROM tasks WHERE id = ? AND deleted_at IS NULL", [task_id]))
    if not rows:
        raise InvalidQuery(f"task {task_id}", "is not in the database")
    return task_json(db, rows[0]), _document_context(db, rows[0]["document_id"])


def _document_context(db: sqlite_utils.Database, document_id: int) -> dict:
    row = db.execute("SELECT province, issued_on FROM documents WHERE id = ?",
                     [document_id]).fetchone()
    if row is None:
        raise InvalidQuery(f"document {document_id}", "is not in the database")
    return {"document_id": document_id, "province": row[0], "issued_on": row[1]}


def _model_task(stored: dict) -> Task:
    d = stored["deadline"]
    return Task(point=stored["point"] or "", text=stored["text"],
                lead=[Body(**b) for b in stored["lead"]],
                support=[Body(**b) for b in stored["support"]],
                deadline=Deadline(**d) if d else None,
                targets=[Target(**t) for t in stored["targets"]],
                cites=[Citation(**c) for c in stored["cites"]])


def _as_json(task: Task) -> dict:
    from ..model import task_to_json
    data = task_to_json(task)
    data.pop("topics")           # derived from the text, never corrected on their own
    return data


def _as_json_field(stored: dict, field: str) -> Any:
    return _as_json(_model_task(stored))[field]


def _keep_machine_extraction(db: sqlite_utils.Database, stored: dict) -> None:
    """Save a machine-made task as extracted, the first time a person changes it."""
    if stored.get("origin", "machine") == "machine":
        db.execute("INSERT OR IGNORE INTO machine_tasks (task_id, extraction) VALUES (?, ?)",
                   [stored["id"], json.dumps(stored, ensure_ascii=False)])


def _make_room_after(db: sqlite_utils.Database, document_id: int, seq: int) -> None:
    """Move the tasks after ``seq`` one place down (through negatives: seq is UNIQUE)."""
    db.execute("UPDATE tasks SET seq = -(seq + 1) WHERE document_id = ? AND seq > ?",
               [document_id, seq])
    db.execute("UPDATE tasks SET seq = -seq WHERE document_id = ? AND seq < 0", [document_id])


def _log(db: sqlite_utils.Database, document_id: int, task_id: int, action: str,
         field: str | None, old: Any, new: Any, who: str) -> None:
    db.execute("INSERT INTO corrections (document_id, task_id, action, field, old, new, who, at) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
               [document_id, task_id, action, field, json.dumps(old, ensure_ascii=False),
                json.dumps(new, ensure_ascii=False), who, _now()])


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# ── people's corrections as gold records ──────────────────────────────────────────────

ANCHOR_WORDS = 8


def corrections_as_gold(db: sqlite_utils.Database, document_id: int) -> dict:
    """A corrected notice as a gold record in the annotations format (annotations/GUIDE.md):
    its document fields, and its tasks as people left them, each with a verbatim ``anchor``
    taken from the notice's text (the task's first words where they occur there)."""
    from .query import load_document
    stored = load_document(db, document_id)
    document = {k: stored["document"][k] for k in (
        "source", "sha256", "format", "kind", "number", "issuer", "province",
        "issued_on", "subject", "meeting_on", "chair", "signer", "recipients")}
    people = sorted({r[0] for r in db.execute(
        "SELECT who FROM corrections WHERE document_id = ?", [document_id]).fetchall()})
    tasks = []
    for task in stored["tasks"]:
        tasks.append({"anchor": _anchor(task["text"], stored["text"]), "point": task["point"] or "",
                      **{k: task[k] for k in ("text", "lead", "support", "deadline", "targets",
                                              "cites")}})
    stem = Path(document["source"]).stem
    return {"id": stem, "document": document, "tasks": tasks,
            "notes": f"Exported from the corrections of {', '.join(people)} in the web app; "
                     "review against the document before moving it to annotations/gold/."}


def _anchor(text: str, blocks: list[str]) -> str:
    """The longest run of the task's first words (up to ANCHOR_WORDS) found verbatim in the
    text (diacritics-insensitive search, the text's own spelling returned)."""
    words = text.split()
    joined = " ".join(blocks)
    folded = fold(joined)
    for n in range(min(ANCHOR_WORDS, len(words)), 0, -1):
        at = folded.find(fold(" ".join(words[:n])))
        if at >= 0:
            return joined[at:at + len(" ".join(words[:n]))]
    return " ".join(words[:ANCHOR_WORDS])
