"""Rows of the ``jobs`` table: files received by the web app and how their reading went.

state: queued → reading → done (document_id, outcome) | failed (error, naming the file).
"""
from __future__ import annotations

import uuid
from datetime import datetime, timezone

import sqlite_utils
from .schema import write_transaction

def create_job(db: sqlite_utils.Database, filename: str, who: str) -> dict:
    """A new queued job for a received file; returns its row."""
    row = {"id": uuid.uuid4().hex, "filename": filename, "state": "queued", "who": who,
           "created_at": _now()}
    with write_transaction(db):
        db.execute("INSERT INTO jobs (id, filename, state, who, created_at) "
                   "VALUES (:id, :filename, :state, :who, :created_at)", row)
    return row


def update_job(db: sqlite_utils.Database, job_id: str, state: str, **values) -> None:
    """Move a job to ``state``, with document_id/outcome or error; stamps finished_at when
    the job ends."""
    values["state"] = state
    if state in ("done", "failed"):
        values["finished_at"] = _now()
    with write_transaction(db):
        db.execute("UPDATE jobs SET " + ", ".join(f"{k} = ?" for k in values) + " WHERE id = ?",
                   [*values.values(), job_id])


def interrupt_jobs(db: sqlite_utils.Database, why: str) -> int:
    """Fail every job still queued or reading (the server stopped under them)."""
    with write_transaction(db):
        return db.execute("UPDATE jobs SET state = 'failed', finished_at = ?, error = ? "
                          "WHERE state IN ('queued', 'reading')", [_now(), why]).rowcount


def get_job(db: sqlite_utils.Database, job_id: str) -> dict | None:
    """One job's row, or None."""
    rows = list(db.query("SELECT * FROM jobs WHERE id = ?", [job_id]))
    return rows[0] if rows else None


def recent_jobs(db: sqlite_utils.Database, limit: int = 30) -> list[dict]:
    """The latest jobs, newest first."""
    return [dict(r) for r in db.query(
        "SELECT * FROM jobs ORDER BY created_at DESC, rowid DESC LIMIT ?", [limit])]


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
