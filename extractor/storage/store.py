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
from .query import province_key


@dataclass
class StoredDocument:
    """Where a notice went: its ``documents.id``, and False in ``created`` when the same file
    (same SHA-256) was already stored and nothing was written."""
    id: int
    created: bool


def store_notice(db: sqlite_utils.Database, notice: Notice) -> StoredDocument:
    """Store a notice with its tasks, bodies, targets and citations in one transaction.

    Raises:
        StorageFailed: SQLite refused a write; the transaction was rolled back, so no row of
            this notice remains.
    """
    try:
        with db.atomic():
            existing = find_document(db, notice.document.sha256)
            if existing is not None:
                return StoredDocument(existing, created=False)
            document_id = _insert_document(db, notice)
            for seq, task in enumerate(notice.tasks, start=1):
                _insert_task(db, document_id, seq, task, notice.metadata.province)
    except sqlite3.Error as error:
        raise StorageFailed(notice.document.source,
                            f"could not be stored, nothing was written ({error})") from error
    return StoredDocument(document_id, created=True)


def find_document(db: sqlite_utils.Database, sha256: str) -> int | None:
    """The id of the stored document with this SHA-256, or None."""
    row = db.execute("SELECT id FROM documents WHERE sha256 = ?", [sha256]).fetchone()
    return row[0] if row else None


def _insert_document(db: sqlite_utils.Database, notice: Notice) -> int:
    m, d = notice.metadata, notice.document
    row = {
        "sha256": d.sha256, "source": d.source, "format": d.format,
        "kind": m.kind, "number": m.number, "issuer": m.issuer,
        "issuer_parent": m.issuer_parent,
        "province": m.province, "province_folded": province_key(m.province) if m.province else None,
        "issued_on": m.issued_on, "subject": m.subject,
        "meeting_on": m.meeting_on, "chair": m.chair,
        "signer_name": m.signer.name, "signer_title": m.signer.title,
        "recipients": json.dumps(m.recipients, ensure_ascii=False),
        "outline": json.dumps([asdict(n) for n in notice.structured.outline], ensure_ascii=False),
        "pages": d.pages,
        "added_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    return _insert(db, "documents", row)


def _insert_task(db: sqlite_utils.Database, document_id: int, seq: int, task: Task,
                 province: str | None) -> None:
    """One task and everything hanging from it, plus its row in the folded full-text index."""
    deadline = task.deadline
    task_id = _insert(db, "tasks", {
        "document_id": document_id, "seq": seq, "point": task.point, "text": _nfc(task.text),
        "deadline_text": deadline.text if deadline else None,
        "deadline_date": deadline.date if deadline else None,
        "deadline_kind": deadline.kind if deadline else None,
        "deadline_granularity": deadline.granularity if deadline else None,
    })
    for role, bodies in (("lead", task.lead), ("support", task.support)):
        for body_seq, body in enumerate(bodies, start=1):
            _link_body(db, task_id, role, body_seq, body, province)
    for target_seq, target in enumerate(task.targets, start=1):
        _insert(db, "targets", {"task_id": task_id, "seq": target_seq, **asdict(target)})
    for cite_seq, cite in enumerate(task.cites, start=1):
        _insert(db, "citations", {"task_id": task_id, "seq": cite_seq, **asdict(cite)})
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


def _nfc(text: str) -> str:
    """Stored text is NFC whatever the caller passed (the model promises NFC; be sure)."""
    return unicodedata.normalize("NFC", text)
