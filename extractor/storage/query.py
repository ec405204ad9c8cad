"""Reading tasks and documents back: the task search behind `notices tasks`/`export`, and
one whole document for `notices show`.

Every filter that takes words compares folded forms (``extractor.text.fold``), so a user
may type "so xay dung" or "Đồng Nai" / "dong nai" alike; what is returned keeps the
spelling as written.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

import sqlite_utils

from ..data import load
from ..errors import InvalidQuery
from ..recognition.bodies import canonical_name
from ..recognition.catalogue import lookup, predecessors, successor
from ..text import fold
from .copies import notice_copies
from .tracking import next_due, state_sql, states, task_state


@dataclass
class TaskQuery:
    """Filters for ``search_tasks``; None means "any". Dates are ISO and inclusive.

    ``agency`` matches a part of a body's canonical name or of the name as written, as
    typed or with its abbreviations expanded (lead or support, or only ``role`` when
    given); ``province`` the document's province, whole; ``text`` a phrase in the task
    text or its body names.
    """
    agency: str | None = None
    province: str | None = None
    due_before: str | None = None
    due_after: str | None = None
    text: str | None = None
    status: str | None = None
    role: str | None = None
    document_id: int | None = None
    limit: int | None = None
    kind: str | None = None          # the notice's kind, folded and whole ("thong bao")
    year: int | None = None          # the year the notice was issued
    state: str | None = None         # a tracking state key (extractor.storage.tracking)
    offset: int = 0                  # with limit: one page of results
    sort: str = "deadline"           # "deadline" | "newest" (latest notice first)
    today: date | None = None        # what "overdue" is counted from (default: today)
    topic: str | None = None         # a topic key (extractor/data/topics.toml)
    successors: bool = False         # with agency: also the tasks of its predecessors (2025)
    task_ids: tuple[int, ...] | None = None   # only these tasks


_TASK_COLUMNS = """
SELECT t.id AS task_id, t.document_id, d.source, d.number, d.province, d.kind, d.issued_on,
       t.seq, t.point, t.text,
       t.deadline_text, t.deadline_date, t.deadline_kind, t.deadline_granularity, t.due_on,
       t.status, t.completed_on, t.topic, t.origin, {state} AS state,
       EXISTS (SELECT 1 FROM targets x WHERE x.task_id = t.id) AS has_target
"""
# Undated tasks last, then the order of the documents and of the tasks inside them.
ORDERS = {
    "deadline": " ORDER BY t.due_on IS NULL, t.due_on, t.document_id, t.seq",
    "newest": " ORDER BY d.issued_on IS NULL, d.issued_on DESC, t.document_id DESC, t.seq",
}


def search_tasks(db: sqlite_utils.Database, query: TaskQuery) -> list[dict[str, Any]]:
    """Tasks matching every filter of ``query``, soonest deadline first (or ``query.sort``).

    Each row: task_id, document_id, source, number, province, kind, issued_on, seq, point,
    text, lead and support (lists of canonical names), deadline_text/date/kind/granularity,
    due_on, status, completed_on, topic, origin, state (tracking.task_state).

    Raises:
        InvalidQuery: a date is not ISO (YYYY-MM-DD), the text has no word, the limit or
            offset is negative, the role is neither "lead" nor "support", or the sort unknown.
    """
    where, params = task_filters(query)
    if query.sort not in ORDERS:
        raise InvalidQuery("sort", f"is {query.sort!r}; use {' or '.join(ORDERS)}")
    sql = (_TASK_COLUMNS.format(state=state_sql()) + task_source(where) + ORDERS[query.sort])
    if query.limit is not None:
        if query.limit < 0 or query.offset < 0:
            raise InvalidQuery("--limit", "must be zero or more")
        sql += f" LIMIT {int(query.limit)} OFFSET {int(query.offset)}"
    rows = [dict(r) for r in db.query(sql, [today_of(query), *params])]
    _attach_body_names(db, rows)
    if query.agency and query.successors:
        _mark_predecessors(rows, query.agency)
    return rows


def _mark_predecessors(rows: list[dict[str, Any]], agency: str) -> None:
    """``predecessors``: the task's bodies that are predecessors of ``agency`` (found
    because of --successors), so that a list can say so."""
    earlier = {a.name for a in predecessors(agency)}
    for row in rows:
        row["predecessors"] = [name for name in row["lead"] + row["support"]
                               if (entry := lookup(name)) is not None and entry.name in earlier]


def count_tasks(db: sqlite_utils.Database, query: TaskQuery) -> int:
    """How many tasks match ``query`` (its limit and offset aside)."""
    where, params = task_filters(query)
    return db.execute("SELECT count(*)" + task_source(where), params).fetchone()[0]


def task_source(where: list[str]) -> str:
    """FROM ... WHERE of a task search: the tasks people see (not deleted) and ``where``."""
    return (" FROM tasks t JOIN documents d ON d.id = t.document_id WHERE t.deleted_at IS NULL"
            + "".join(f" AND {condition}" for condition in where))


def today_of(query: TaskQuery) -> str:
    """The day tracking states are counted from, ISO."""
    return (query.today or date.today()).isoformat()


def task_filters(query: TaskQuery) -> tuple[list[str], list[Any]]:
    """SQL conditions and their parameters, one per filter that is set."""
    where: list[str] = []
    params: list[Any] = []
    if query.kind:
        where.append("d.kind_folded = ?")
        params.append(" ".join(fold(query.kind).split()))
    if query.task_ids is not None:
        where.append(f"t.id IN ({', '.join('?' for _ in query.task_ids) or 'NULL'})")
        params += list(query.task_ids)
    if query.topic:
        where.append("t.id IN (SELECT task_id FROM task_topics WHERE topic = ?)")
        params.append(query.topic)
    if query.year:
        where.append("substr(d.issued_on, 1, 4) = ?")
        params.append(f"{int(query.year):04d}")
    if query.state:
        if query.state not in states():
            raise InvalidQuery("state", f"is {query.state!r}; use one of {', '.join(states())}")
        where.append(f"({state_sql()}) = ?")
        params += [today_of(query), query.state]
    if query.agency:
        needles = agency_needles(query.agency)
        if query.successors:
            needles += [fold(a.name) for a in predecessors(query.agency)]
        where.append(_agency_condition(query.role, len(needles)))
        params += [like_pattern(needle) for needle in needles for _ in range(2)]
        if query.role:
            params.append(query.role)
    elif query.role:
        raise InvalidQuery("--role", "needs --agency: the role says how that agency takes part")
    if query.province:
        where.append("d.province_folded = ?")
        params.append(province_key(query.province))
    if query.due_before:
        where.append("t.due_on <= ?")
        params.append(_iso_date(query.due_before, "--due-before"))
    if query.due_after:
        where.append("t.due_on >= ?")
        params.append(_iso_date(query.due_after, "--due-after"))
    if query.text:
        where.append("t.id IN (SELECT rowid FROM tasks_fts WHERE tasks_fts MATCH ?)")
        params.append(fts_phrase(query.text))
    if query.status:
        where.append("t.status = ?")
        params.append(query.status)
    if query.document_id is not None:
        where.append("t.document_id = ?")
        params.append(query.document_id)
    return where, params


def agency_needles(agency: str) -> list[str]:
    """The folded forms an agency filter looks for: as typed, and with its abbreviations
    expanded ("Sở NN&PTNT" → also "so nong nghiep va phat trien nong thon"; abbreviations
    are capitals, so "so nn&ptnt" is expanded as "SO NN&PTNT" too)."""
    written = " ".join(agency.split())
    forms = [written, canonical_name(written), canonical_name(written.upper())]
    return list(dict.fromkeys(fold(form) for form in forms)) if written else [""]


def _agency_condition(role: str | None, needles: int) -> str:
    """Some body of the task (in ``role``, if given) whose canonical name or name as written
    holds one of ``needles`` LIKE patterns; each pattern is bound twice. The canonical names
    are matched in ``bodies`` (a few thousand rows) and the tasks found through the index of
    ``task_bodies``, rather than one LIKE per task."""
    if role not in (None, "lead", "support"):
        raise InvalidQuery("--role", f"is {role!r}; use lead or support")
    role_sql = " AND tb.role = ?" if role else ""
    one = ("tb.body_id IN (SELECT id FROM bodies WHERE canonical_folded LIKE ? ESCAPE '\\') "
           "OR tb.name_folded LIKE ? ESCAPE '\\'")
    return ("t.id IN (SELECT tb.task_id FROM task_bodies tb WHERE ("
            + " OR ".join([one] * needles) + ")" + role_sql + ")")


def like_pattern(needle: str) -> str:
    """A LIKE pattern matching ``needle`` anywhere, with the user's % and _ taken literally."""
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@cache
def _province_prefix() -> re.Pattern:
    return re.compile("^" + load("provinces")["prefix"] + r"\s+")


def province_key(province: str) -> str:
    """Folded province without a leading "tỉnh"/"thành phố", as ``province_folded`` holds it."""
    return _province_prefix().sub("", " ".join(fold(province).split()))


def _iso_date(value: str | date, option: str) -> str:
    """Check an ISO date so that a typo fails instead of silently comparing as text."""
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise InvalidQuery(option, f"{value!r} is not a date; write it as YYYY-MM-DD") from None


def fts_phrase(text: str) -> str:
    """The FTS5 query for ``text``: its folded words as one phrase ("ra soat" finds "Rà soát").

    A phrase rather than separate words because Vietnamese words are several syllables:
    "xay dung" must not match "xây" and "dựng" far apart.

    Raises:
        InvalidQuery: the text holds no letter or digit.
    """
    words = re.findall(r"\w+", fold(text))
    if not words:
        raise InvalidQuery("--text", f"{text!r} has no word to search for")
    return '"' + " ".join(words) + '"'


def _attach_body_names(db: sqlite_utils.Database, rows: list[dict[str, Any]]) -> None:
    """Add ``lead`` and ``support`` (canonical names, in the document's order) to each row."""
    by_task = {row["task_id"]: row for row in rows}
    for row in rows:
        row["lead"], row["support"] = [], []
    if not by_task:
        return
    marks = ", ".join("?" for _ in by_task)
    sql = ("SELECT tb.task_id, tb.role, b.canonical FROM task_bodies tb "
           f"JOIN bodies b ON b.id = tb.body_id WHERE tb.task_id IN ({marks}) "
           "ORDER BY tb.task_id, tb.role, tb.seq")
    for task_id, role, canonical in db.execute(sql, list(by_task)).fetchall():
        by_task[task_id][role].append(canonical)
    for row in rows:
        row["topics"] = []
    for task_id, topic in db.execute(f"SELECT task_id, topic FROM task_topics WHERE task_id IN "
                                     f"({marks}) ORDER BY rowid", list(by_task)).fetchall():
        by_task[task_id]["topics"].append(topic)


def load_document(db: sqlite_utils.Database, document_id: int,
                  today: date | None = None) -> dict[str, Any]:
    """One stored notice: ``document`` (metadata, shaped like ``Notice.to_json()`` plus id,
    pages, added_at), ``copies`` (its files), ``outline`` (the tree), ``text`` (its blocks)
    and ``tasks`` (with bodies, targets, cites and tracking; deleted tasks left out).

    Raises:
        InvalidQuery: no document has this id.
    """
    rows = list(db.query("SELECT * FROM documents WHERE id = ?", [document_id]))
    if not rows:
        raise InvalidQuery(f"document {document_id}",
                           "is not in the database; `notices tasks` shows the stored ids (#N)")
    row = rows[0]
    return {
        "document": _document_json(row),
        "copies": notice_copies(db, document_id),
        "outline": json.loads(row["outline"]),
        "text": json.loads(row["text"]),
        "tasks": [task_json(db, t, today) for t in db.query(
            "SELECT * FROM tasks WHERE document_id = ? AND deleted_at IS NULL ORDER BY seq",
            [document_id])],
    }


def load_task(db: sqlite_utils.Database, task_id: int, today: date | None = None) -> dict[str, Any]:
    """One stored task (``task_json``) with ``document_id``.

    Raises:
        InvalidQuery: no task has this id, or it was deleted.
    """
    rows = list(db.query("SELECT * FROM tasks WHERE id = ? AND deleted_at IS NULL", [task_id]))
    if not rows:
        raise InvalidQuery(f"task {task_id}", "is not in the database")
    return {**task_json(db, rows[0], today), "document_id": rows[0]["document_id"]}


def _document_json(row: dict[str, Any]) -> dict[str, Any]:
    keys = ("id", "source", "sha256", "format", "kind", "number", "issuer", "issuer_parent", "province",
            "issued_on", "subject", "meeting_on", "chair")
    out = {key: row[key] for key in keys}
    out["signer"] = {"name": row["signer_name"], "title": row["signer_title"]}
    out["recipients"] = json.loads(row["recipients"])
    out.update(pages=row["pages"], added_at=row["added_at"])
    return out


def task_json(db: sqlite_utils.Database, task: dict[str, Any],
              today: date | None = None) -> dict[str, Any]:
    """A stored task in the shape of ``task_to_json`` plus its id and tracking fields
    (due_on, next_due for a recurring deadline, completed_on, state, origin)."""
    bodies = list(db.query(
        "SELECT tb.role, tb.name_as_written AS name, b.canonical FROM task_bodies tb "
        "JOIN bodies b ON b.id = tb.body_id WHERE tb.task_id = ? ORDER BY tb.role, tb.seq",
        [task["id"]]))
    deadline = None
    if task["deadline_text"] is not None:
        deadline = {"text": task["deadline_text"], "date": task["deadline_date"],
                    "kind": task["deadline_kind"], "granularity": task["deadline_granularity"]}
    today = today or date.today()
    recurring = task["deadline_kind"] == "recurring"
    return {
        "id": task["id"], "seq": task["seq"], "point": task["point"], "text": task["text"],
        "lead": [{"name": b["name"], "canonical": b["canonical"]} for b in bodies if b["role"] == "lead"],
        "support": [{"name": b["name"], "canonical": b["canonical"]} for b in bodies if b["role"] == "support"],
        "deadline": deadline,
        "targets": _children(db, "SELECT text, value, unit FROM targets", task["id"]),
        "cites": _children(db, "SELECT text, kind, number, date FROM citations", task["id"]),
        "topics": [r[0] for r in db.execute(
            "SELECT topic FROM task_topics WHERE task_id = ? ORDER BY rowid", [task["id"]])],
        "status": task["status"], "completed_on": task["completed_on"], "topic": task["topic"],
        "due_on": task["due_on"], "origin": task["origin"],
        "next_due": next_due(task["deadline_text"], today) if recurring else None,
        "state": task_state(task["due_on"], task["completed_on"], today),
    }


def _children(db: sqlite_utils.Database, select: str, task_id: int) -> list[dict[str, Any]]:
    return [dict(r) for r in db.query(select + " WHERE task_id = ? ORDER BY seq", [task_id])]


def list_documents(db: sqlite_utils.Database, limit: int = 50,
                   offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    """One page of stored notices, newest first, each with its number of tasks and of
    copies (files received); and how many notices there are in all."""
    total = db.execute("SELECT count(*) FROM documents").fetchone()[0]
    rows = [dict(r) for r in db.query(
        "SELECT d.id, d.kind, d.number, d.issuer, d.province, d.issued_on, d.subject, d.source, "
        "(SELECT count(*) FROM tasks t WHERE t.document_id = d.id AND t.deleted_at IS NULL) AS tasks, "
        "(SELECT count(*) FROM copies c WHERE c.document_id = d.id) AS copies "
        "FROM documents d ORDER BY d.id DESC LIMIT ? OFFSET ?", [int(limit), int(offset)])]
    return rows, total


def stored_agencies(db: sqlite_utils.Database, unknown_only: bool = False) -> list[dict[str, Any]]:
    """Every canonical body stored, with its number of tasks (as lead, in all), ways it was
    written, and its catalogue entry (level, kind, successor today), most tasks first;
    ``unknown_only``: only the bodies the catalogue does not know."""
    rows = db.execute(
        "SELECT b.canonical, count(DISTINCT tb.task_id), "
        "count(DISTINCT CASE WHEN tb.role = 'lead' THEN tb.task_id END), "
        "group_concat(DISTINCT tb.name_as_written) FROM bodies b "
        "JOIN task_bodies tb ON tb.body_id = b.id JOIN tasks t ON t.id = tb.task_id "
        "WHERE t.deleted_at IS NULL GROUP BY b.canonical ORDER BY 2 DESC, 1").fetchall()
    found = []
    for canonical, tasks, lead, written in rows:
        entry = lookup(canonical)
        if unknown_only and entry is not None:
            continue
        today = successor(canonical)
        found.append({"canonical": canonical, "tasks": tasks, "lead": lead,
                      "written": sorted(set((written or "").split(","))),
                      "catalogue": entry.name if entry else None,
                      "level": entry.level if entry else None,
                      "kind": entry.kind if entry else None,
                      "successor": today.name if today else None,
                      "since": entry.since if entry and today else None})
    return found

