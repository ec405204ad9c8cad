"""Counts beside a task search (facets), agency suggestions, and the per-agency progress view.

Each facet counts the tasks that match the search, grouped by one field: agency (canonical
name, lead or support), province, kind of notice, year of issue, tracking state. Agencies
are suggested from the stored canonical names and names as written, diacritics optional,
abbreviations expanded ("NN&PTNT").
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import sqlite_utils

from .query import (TaskQuery, agency_needles, like_pattern, search_tasks, task_filters,
                    task_source, today_of)
from ..text import fold
from .tracking import state_sql, states

FACET_LIMIT = 12


def task_facets(db: sqlite_utils.Database, query: TaskQuery) -> dict[str, list[dict[str, Any]]]:
    """For each facet, the values among the matching tasks with their counts, largest first:
    {"agency": [{"value": "Sở Tài chính", "count": 12}, ...], "province": ..., "kind": ...,
    "year": ..., "state": ...}, and "total": the number of matching tasks.

    One pass over the matching tasks counts them per notice and state; the notice facets
    are then summed from the per-notice counts (a notice has one province, kind and year),
    so a search of 100,000 tasks costs two scans, not five.
    """
    where, params = task_filters(query)
    base = task_source(where)
    per_document: dict[int, int] = {}
    by_state: dict[str, int] = {}
    sql = f"SELECT t.document_id, {state_sql()} AS state, count(*){base} GROUP BY 1, 2"
    for document_id, state, n in db.execute(sql, [today_of(query), *params]):
        per_document[document_id] = per_document.get(document_id, 0) + n
        by_state[state] = by_state.get(state, 0) + n
    counts: dict[str, dict[Any, int]] = {"province": {}, "kind": {}, "year": {}}
    for document_id, province, kind, issued in db.execute(
            "SELECT id, province, kind, substr(issued_on, 1, 4) FROM documents"):
        n = per_document.get(document_id)
        if n:
            for name, value in (("province", province), ("kind", kind), ("year", issued)):
                if value:
                    counts[name][value] = counts[name].get(value, 0) + n
    facets = {name: _largest(values) for name, values in counts.items()}
    # the matching ids once, as a set for SQLite to probe (3× faster than joining through)
    matching = f"(SELECT t.id{base})"
    sql = (f"SELECT b.canonical, count(DISTINCT tb.task_id) AS n FROM task_bodies tb "
           f"JOIN bodies b ON b.id = tb.body_id WHERE tb.task_id IN {matching} "
           f"GROUP BY b.canonical ORDER BY n DESC, b.canonical LIMIT {FACET_LIMIT}")
    facets["agency"] = [{"value": v, "count": n} for v, n in db.execute(sql, params).fetchall()]
    sql = (f"SELECT tt.topic, count(*) AS n FROM task_topics tt WHERE tt.task_id IN {matching} "
           f"GROUP BY tt.topic ORDER BY n DESC, tt.topic LIMIT {FACET_LIMIT}")
    facets["topic"] = [{"value": v, "count": n} for v, n in db.execute(sql, params).fetchall()]
    facets["state"] = [{"value": key, "count": by_state.get(key, 0)} for key in states()]
    facets["total"] = sum(by_state.values())
    return facets


def _largest(values: dict[Any, int]) -> list[dict[str, Any]]:
    ranked = sorted(values.items(), key=lambda item: (-item[1], str(item[0])))
    return [{"value": v, "count": n} for v, n in ranked[:FACET_LIMIT]]


def agency_suggestions(db: sqlite_utils.Database, typed: str, limit: int = 10) -> list[dict[str, Any]]:
    """Canonical agency names that hold what was typed (diacritics optional, abbreviations
    expanded), with the number of tasks each takes part in, most tasks first."""
    needles = agency_needles(typed)
    condition = " OR ".join(["b.canonical_folded LIKE ? ESCAPE '\\' OR tb.name_folded LIKE ? "
                             "ESCAPE '\\'"] * len(needles))
    sql = ("SELECT b.canonical, count(DISTINCT tb.task_id) AS n FROM bodies b "
           "JOIN task_bodies tb ON tb.body_id = b.id JOIN tasks t ON t.id = tb.task_id "
           f"WHERE t.deleted_at IS NULL AND ({condition}) "
           f"GROUP BY b.canonical ORDER BY n DESC, b.canonical LIMIT {int(limit)}")
    params = [like_pattern(n) for n in needles for _ in range(2)]
    return [{"name": name, "tasks": n} for name, n in db.execute(sql, params).fetchall()]


def agency_progress(db: sqlite_utils.Database, today: date | None = None,
                    agency: str | None = None, soon_days: int = 7) -> dict[str, Any]:
    """The progress view: per lead agency the count of its tasks in each state and of those
    falling due within ``soon_days``; and the lists of overdue tasks and of tasks due soon
    (for one agency when ``agency`` is given)."""
    today = today or date.today()
    soon = (today + timedelta(days=soon_days)).isoformat()
    state = state_sql()
    sql = (f"SELECT b.canonical, {state} AS state, count(DISTINCT t.id), "
           "sum(t.completed_on IS NULL AND t.due_on >= ? AND t.due_on <= ?) "
           "FROM tasks t JOIN task_bodies tb ON tb.task_id = t.id AND tb.role = 'lead' "
           "JOIN bodies b ON b.id = tb.body_id WHERE t.deleted_at IS NULL "
           "GROUP BY b.canonical, state")
    agencies: dict[str, dict[str, Any]] = {}
    for name, key, n, due_soon in db.execute(sql, [today.isoformat(), today.isoformat(), soon]):
        row = agencies.setdefault(name, {"agency": name, "due_soon": 0,
                                         **{k: 0 for k in states()}})
        row[key] += n
        row["due_soon"] += due_soon or 0
    rows = sorted(agencies.values(), key=lambda r: (-r["overdue"], -r["due_soon"], r["agency"]))
    if agency:
        needles = agency_needles(agency)
        rows = [r for r in rows if any(n in fold(r["agency"]) for n in needles)]
    query = TaskQuery(agency=agency, role="lead" if agency else None, today=today, limit=200)
    overdue = search_tasks(db, replace(query, state="overdue"))
    due_soon = search_tasks(db, replace(query, state="in_progress", due_after=today.isoformat(),
                                        due_before=soon))
    return {"today": today.isoformat(), "soon_days": soon_days, "agencies": rows,
            "overdue": overdue, "due_soon": due_soon}
