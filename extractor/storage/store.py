"""Writing one ``Notice`` into the database: all of it in one transaction, or nothing."""
from __future__ import annotations

import json
import sqlite3
import unicodedata
from dataclasses import asdict, dataclass
from datetime import datetime, timezone

import sqlite_utils

from ..errors import StorageFailed
from ..model import Body, Notice, Task
from ..text import fold
from .copies import number_key, same_notice, store_sketch, trigrams
from .query import province_key
from .tracking import due_on
from .schema import write_transaction


@dataclass
class StoredDocument:
    """Where a notice went: its ``documents.id``; ``outcome`` says how: "added" (a new
    notice), "same file" (these bytes were stored already; nothing was written) or "copy"
    (another file of a stored notice, linked to it as a copy; no task was written)."""
    id: int
    outcome: str = "added"

    @property
    def created(self) -> bool:
        """True when a new notice (and its tasks) was stored."""
        return self.outcome == "added"


def store_notice(db: sqlite_utils.Database, notice: Notice) -> StoredDocument:
    """Store a notice with its tasks, bodies, targets and citations in one transaction.

    Raises:
        StorageFailed: SQLite refused a write; the transaction was rolled back, so no row of
            this notice remains.
    """
    try:
        with write_transaction(db):
            existing = find_document(db, notice.document.sha256)
            if existing is not None:
                return StoredDocument(existing, "same file")
            grams = trigrams(notice_blocks(notice))
            match = same_notice(db, notice, grams)
            if match is not None:
                _insert_copy(db, match.document_id, notice, match.by)
                return StoredDocument(match.document_id, "copy")
            document_id = _insert_document(db, notice)
            _insert_copy(db, document_id, notice, "first")
            store_sketch(db, document_id, grams)
            for seq, task in enumerate(notice.tasks, start=1):
                insert_task(db, document_id, seq, task, notice.metadata.province)
    except sqlite3.Error as error:
        raise StorageFailed(notice.document.source,
                            f"could not be stored, nothing was written ({error})") from error
    return StoredDocument(document_id, "added")


def find_document(db: sqlite_utils.Database, sha256: str | None) -> int | None:
    """The id of the stored notice one of whose files has this SHA-256, or None."""
    row = db.execute("SELECT document_id FROM copies WHERE sha256 = ?", [sha256]).fetchone()
    return row[0] if row else None


def _insert_copy(db: sqlite_utils.Database, document_id: int, notice: Notice, by: str) -> None:
    d = notice.document
    _insert(db, "copies", {"document_id": document_id, "sha256": d.sha256, "source": d.source,
                           "format": d.format, "matched_by": by, "added_at": _now()})


def _insert_document(db: sqlite_utils.Database, notice: Notice) -> int:
    m, d = notice.metadata, notice.document
    row = {
        "sha256": d.sha256, "source": d.source, "format": d.format,
        "kind": m.kind, "kind_folded": fold(m.kind) if m.kind else None, "number": m.number, "issuer": m.issuer,
        "issuer_parent": m.issuer_parent,
        "province": m.province, "province_folded": province_key(m.province) if m.province else None,
        "issued_on": m.issued_on, "subject": m.subject,
        "meeting_on": m.meeting_on, "chair": m.chair,
        "signer_name": m.signer.name, "signer_title": m.signer.title,
        "recipients": json.dumps(m.recipients, ensure_ascii=False),
        "outline": json.dumps([asdict(n) for n in notice.structured.outline], ensure_ascii=False),
        "pages": d.pages, "number_key": number_key(m.number),
        "text": json.dumps(notice_blocks(notice), ensure_ascii=False),
        "added_at": _now(),
    }
    return _insert(db, "documents", row)


def insert_task(db: sqlite_utils.Database, document_id: int, seq: int, task: Task,
                province: str | None) -> int:
    """One task and everything hanging from it, plus its row in the folded full-text index;
    returns its id. The caller holds the transaction."""
    task_id = _insert(db, "tasks", {"document_id": document_id, "seq": seq, **_task_columns(task)})
    write_task_parts(db, task_id, task, province)
    return task_id


def _task_columns(task: Task) -> dict:
    deadline = task.deadline
    return {
        "point": task.point, "text": _nfc(task.text),
        "deadline_text": deadline.text if deadline else None,
        "deadline_date": deadline.date if deadline else None,
        "deadline_kind": deadline.kind if deadline else None,
        "deadline_granularity": deadline.granularity if deadline else None,
        "due_on": due_on(deadline.date if deadline else None),
    }


def rewrite_task(db: sqlite_utils.Database, task_id: int, task: Task, province: str | None) -> None:
    """Replace a stored task's fields, bodies, targets, citations and index row by ``task``'s
    (a person's correction). The caller holds the transaction."""
    columns = _task_columns(task)
    db.execute("UPDATE tasks SET " + ", ".join(f"{c} = ?" for c in columns) + " WHERE id = ?",
               [*columns.values(), task_id])
    for table in ("task_bodies", "targets", "citations", "task_topics", "tasks_fts"):
        key = "rowid" if table == "tasks_fts" else "task_id"
        db.execute(f"DELETE FROM {table} WHERE {key} = ?", [task_id])
    write_task_parts(db, task_id, task, province)


def write_task_parts(db: sqlite_utils.Database, task_id: int, task: Task, province: str | None) -> None:
    """A task's bodies, targets and citations, and its row in the folded full-text index."""
    for role, bodies in (("lead", task.lead), ("support", task.support)):
        for body_seq, body in enumerate(bodies, start=1):
            _link_body(db, task_id, role, body_seq, body, province)
    for target_seq, target in enumerate(task.targets, start=1):
        _insert(db, "targets", {"task_id": task_id, "seq": target_seq, **asdict(target)})
    for cite_seq, cite in enumerate(task.cites, start=1):
        _insert(db, "citations", {"task_id": task_id, "seq": cite_seq, **asdict(cite)})
    for topic in dict.fromkeys(task.topics):
        db.execute("INSERT INTO task_topics (task_id, topic) VALUES (?, ?)", [task_id, topic])
    names = [n for b in task.lead + task.support for n in (b.canonical, b.name)]
    db.execute("INSERT INTO tasks_fts (rowid, text, bodies) VALUES (?, ?, ?)",
               [task_id, fold(task.text), fold(" ; ".join(names))])


def _link_body(db: sqlite_utils.Database, task_id: int, role: str, seq: int, body: Body,
               province: str | None) -> None:
    """Link a task to the canonical agency (province, name), creating the agency if new."""
    canonical = _nfc(body.canonical or body.name)
    province_name = _nfc(province or "")
    row = db.execute("SELECT id FROM bodies WHERE province = ? AND canonical = ?",
                     [province_name, canonical]).fetchone()
    body_id = row[0] if row else _insert(db, "bodies", {
        "province": province_name, "canonical": canonical, "canonical_folded": fold(canonical)})
    _insert(db, "task_bodies", {
        "task_id": task_id, "body_id": body_id, "role": role, "seq": seq,
        "name_as_written": _nfc(body.name), "name_folded": fold(body.name)})


def _insert(db: sqlite_utils.Database, table: str, row: dict) -> int:
    """Plain INSERT returning the rowid. Explicit SQL rather than ``Table.insert`` so that a
    value SQLite cannot bind fails loudly instead of being turned into a new column type."""
    columns = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    cursor = db.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(row.values()))
    return cursor.lastrowid


def notice_blocks(notice: Notice) -> list[str]:
    """The notice's text as the reader gave it, one string per block (shown beside its tasks)."""
    return [block.text for block in notice.document.blocks]


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _nfc(text: str) -> str:
    """Stored text is NFC whatever the caller passed (the model promises NFC; be sure)."""
    return unicodedata.normalize("NFC", text)
