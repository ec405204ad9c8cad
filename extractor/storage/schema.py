"""The SQLite schema and its migrations.

``open_database`` brings any file up to ``SCHEMA_VERSION`` by running the missing steps of
``MIGRATIONS`` in order, recording the version in the ``meta`` table, so a later issue adds
a step instead of editing the tables in place.

Columns named ``*_folded`` hold ``extractor.text.fold`` of their neighbour (lower case, no
diacritics, đ→d): filters compare against them, while the neighbour keeps the spelling as
written. ``tasks_fts`` is an FTS5 index over the folded task text and body names, keyed by
``tasks.id``; FTS5's own ``remove_diacritics`` is not enough because it leaves đ alone.
"""
from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import sqlite_utils

from ..errors import StorageFailed
from ..text import fold

_VERSION_1 = """
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    format TEXT,
    kind TEXT,
    number TEXT,
    issuer TEXT,
    province TEXT,
    province_folded TEXT,
    issued_on TEXT,
    subject TEXT,
    meeting_on TEXT,
    chair TEXT,
    signer_name TEXT,
    signer_title TEXT,
    recipients TEXT NOT NULL DEFAULT '[]',   -- JSON list of strings
    outline TEXT NOT NULL DEFAULT '[]',      -- JSON tree of OutlineNode, for `show`
    pages INTEGER,
    added_at TEXT NOT NULL
);
CREATE INDEX documents_province_folded ON documents(province_folded);

CREATE TABLE tasks (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,                    -- order within the document
    point TEXT,
    text TEXT NOT NULL,
    deadline_text TEXT,
    deadline_date TEXT,
    deadline_kind TEXT,
    deadline_granularity TEXT,
    -- Tracking is the web app's business (a later issue); only the room for it is here.
    status TEXT NOT NULL DEFAULT 'todo',
    completed_on TEXT,
    topic TEXT,
    UNIQUE (document_id, seq)
);
CREATE INDEX tasks_deadline_date ON tasks(deadline_date);
CREATE INDEX tasks_status ON tasks(status);

-- A canonical agency is (province, name): "Sở Tài chính" exists in every province.
-- province is '' when unknown, because UNIQUE treats NULLs as all different.
CREATE TABLE bodies (
    id INTEGER PRIMARY KEY,
    province TEXT NOT NULL DEFAULT '',
    canonical TEXT NOT NULL,
    canonical_folded TEXT NOT NULL,
    UNIQUE (province, canonical)
);
CREATE INDEX bodies_canonical_folded ON bodies(canonical_folded);

CREATE TABLE task_bodies (
    task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    body_id INTEGER NOT NULL REFERENCES bodies(id),
    role TEXT NOT NULL CHECK (role IN ('lead', 'support')),
    seq INTEGER NOT NULL,
    name_as_written TEXT NOT NULL,
    name_folded TEXT NOT NULL,
    PRIMARY KEY (task_id, role, seq)
);
CREATE INDEX task_bodies_body ON task_bodies(body_id);

CREATE TABLE targets (
    task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    text TEXT NOT NULL,
    value NUMERIC,                           -- keeps 13 an integer, 4111.5 a real
    unit TEXT,
    PRIMARY KEY (task_id, seq)
);

CREATE TABLE citations (
    task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    text TEXT NOT NULL,
    kind TEXT,
    number TEXT,
    date TEXT,
    PRIMARY KEY (task_id, seq)
);

CREATE VIRTUAL TABLE tasks_fts USING fts5(text, bodies, tokenize = 'unicode61');
"""

# Version 2: the body above the issuer in a two-level header ("Ủy ban nhân dân tỉnh Lào Cai"
# over "Sở Công Thương") is kept apart from the issuer.
_VERSION_2 = """
ALTER TABLE documents ADD COLUMN issuer_parent TEXT;
"""

# Version 3: what the office web app needs.
# - copies: every file of a notice. The first file is a copy too; a later file of the same
#   notice (the .pdf after the .docx, a scan of the signed copy) is linked here instead of
#   being stored as a second notice with duplicate tasks. Existing documents get their row.
# - documents.text: the notice's text blocks (JSON list), shown beside its tasks; sketches:
#   a bottom-k sketch of its word trigrams, to find the stored copies of a new file fast.
# - tasks.due_on: the last day a deadline allows ("2022-09" → 2022-09-30), for status.
# - machine_tasks: the extraction as the machine made it, saved before a person's first
#   correction of the task and never overwritten; corrections: who changed what, when;
#   progress: completion dates (and their withdrawal) recorded by people.
# - task_topics: each task's topics (tasks stored before get theirs from their text).
# - users: office accounts (argon2 hashes); jobs: files dropped into the web app.
_VERSION_3 = """
CREATE TABLE copies (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    sha256 TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    format TEXT,
    matched_by TEXT NOT NULL,                -- 'first' | 'number' | 'text'
    added_at TEXT NOT NULL
);
CREATE INDEX copies_document ON copies(document_id);
CREATE TABLE sketches (                      -- the smallest hashes of a notice's word trigrams
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    hash INTEGER NOT NULL
);
CREATE INDEX sketches_hash ON sketches(hash);
INSERT INTO copies (document_id, sha256, source, format, matched_by, added_at)
    SELECT id, sha256, source, format, 'first', added_at FROM documents;
ALTER TABLE documents ADD COLUMN text TEXT NOT NULL DEFAULT '[]';
ALTER TABLE documents ADD COLUMN kind_folded TEXT;
UPDATE documents SET kind_folded = notices_fold(kind);
CREATE INDEX documents_kind_folded ON documents(kind_folded);
ALTER TABLE documents ADD COLUMN number_key TEXT;
UPDATE documents SET number_key = replace(notices_fold(number), ' ', '') WHERE number GLOB '*[0-9]*';
CREATE INDEX documents_number_key ON documents(number_key);
CREATE INDEX documents_issued_on ON documents(issued_on);
ALTER TABLE tasks ADD COLUMN due_on TEXT;
UPDATE tasks SET due_on = CASE
    WHEN length(deadline_date) = 10 THEN deadline_date
    WHEN length(deadline_date) = 7 THEN date(deadline_date || '-01', '+1 month', '-1 day')
    WHEN length(deadline_date) = 4 THEN deadline_date || '-12-31'
    END;
CREATE INDEX tasks_due_on ON tasks(due_on);
ALTER TABLE tasks ADD COLUMN origin TEXT NOT NULL DEFAULT 'machine';  -- or 'person'
ALTER TABLE tasks ADD COLUMN deleted_at TEXT;  -- a person deleted it; kept for the record
CREATE INDEX tasks_completed_on ON tasks(completed_on);
CREATE TABLE task_topics (                   -- keys of extractor/data/topics.toml
    task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    topic TEXT NOT NULL,
    PRIMARY KEY (task_id, topic)
);
CREATE INDEX task_topics_topic ON task_topics(topic);
INSERT INTO task_topics (task_id, topic)
    SELECT t.id, j.value FROM tasks t, json_each(notices_topics(t.text)) j;
CREATE TABLE machine_tasks (
    task_id INTEGER PRIMARY KEY REFERENCES tasks(id) ON DELETE CASCADE,
    extraction TEXT NOT NULL                 -- JSON, the shape of load_document's tasks
);
CREATE TABLE corrections (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    task_id INTEGER,                         -- kept after the task is deleted
    action TEXT NOT NULL,                    -- 'edit' | 'add' | 'delete' | 'split' | 'merge'
    field TEXT,
    old TEXT,
    new TEXT,
    who TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX corrections_task ON corrections(task_id);
CREATE INDEX corrections_document ON corrections(document_id);
CREATE TABLE progress (
    id INTEGER PRIMARY KEY,
    task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    completed_on TEXT,                       -- NULL: the completion was withdrawn
    note TEXT,
    report_name TEXT,                        -- an attached report (its name as received)
    report BLOB,
    who TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX progress_task ON progress(task_id);
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('reader', 'editor', 'admin')),
    created_at TEXT NOT NULL
);
CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    filename TEXT NOT NULL,
    state TEXT NOT NULL,                     -- 'queued' | 'reading' | 'done' | 'failed'
    document_id INTEGER,
    outcome TEXT,                            -- 'added' | 'same file' | 'copy'
    error TEXT,
    who TEXT,
    created_at TEXT NOT NULL,
    finished_at TEXT
);
"""

# Step n brings a database from version n-1 to n. Append; never edit a released step.
MIGRATIONS: list[str] = [_VERSION_1, _VERSION_2, _VERSION_3]
SCHEMA_VERSION = len(MIGRATIONS)


def open_database(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if needed) the notices database at ``path``, migrated to the latest schema.

    Raises:
        StorageFailed: the file is not an SQLite database, cannot be created, or was written
            by a newer version of this program.
    """
    try:
        db = sqlite_utils.Database(path)
        db.execute("PRAGMA foreign_keys = ON")
        # several writers (the web app's workers, a CLI `add` beside it) wait for each other,
        # and readers never block them (write-ahead log; kept by the file once set)
        db.execute("PRAGMA busy_timeout = 30000")
        if str(path) != ":memory:":
            db.execute("PRAGMA journal_mode = WAL")
        # fold() for SQL: migrations fill *_folded columns of rows stored before them
        db.conn.create_function("notices_fold", 1, lambda t: fold(t) if t else None,
                                deterministic=True)
        db.conn.create_function("notices_topics", 1, _topics_json, deterministic=True)
        _migrate(db, str(path))
    except sqlite3.Error as error:
        raise StorageFailed(str(path), f"cannot be used as a notices database ({error})") from error
    return db


@contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One transaction that takes the write lock at its start (BEGIN IMMEDIATE), commits on
    success and rolls back on any error. ``db.atomic()`` begins DEFERRED: a transaction that
    reads first (is this file stored already?) and writes later then fails at once with
    "database is locked" when another writer got in between, instead of waiting its turn.
    Inside an open transaction it is a savepoint."""
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.conn.rollback()
        raise
    db.conn.commit()


def schema_version(db: sqlite_utils.Database) -> int:
    """The schema version recorded in the database (0 for a new, empty file)."""
    if "meta" not in db.table_names():
        return 0
    row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else 0


def _migrate(db: sqlite_utils.Database, path: str) -> None:
    """Run the migration steps the file has not seen, each step in its own transaction."""
    current = schema_version(db)
    if current == 0 and _foreign_tables(db):
        raise StorageFailed(path, "is an SQLite file of another program; choose another --db")
    if current > SCHEMA_VERSION:
        raise StorageFailed(path, f"has schema version {current}, newer than this program "
                                  f"({SCHEMA_VERSION}); upgrade notices-extractor")
    for version in range(current + 1, SCHEMA_VERSION + 1):
        with db.atomic():
            db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            for statement in _statements(MIGRATIONS[version - 1]):
                db.execute(statement)
            db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)",
                       [str(version)])


def _topics_json(text: str | None) -> str:
    from ..recognition.topics import task_topics
    return json.dumps(task_topics(text or ""))


def _foreign_tables(db: sqlite_utils.Database) -> list[str]:
    """Tables of a file that has no ``meta`` table: we must not write into someone else's data."""
    return [name for name in db.table_names() if not name.startswith("sqlite_")]


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (``executescript`` would commit mid-way)."""
    statements, pending = [], ""
    for line in script.splitlines(keepends=True):
        pending += line.split("--", 1)[0] + "\n" if "--" in line else line
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip())
            pending = ""
    return [s for s in statements if s]
