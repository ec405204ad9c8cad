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

from .query import TaskQuery, _filters, _from, _today, agency_needles, search_tasks, _like
from ..text import fold
from .tracking import state_sql, states

FACET_LIMIT = 12


def task_facets(db: sqlite_utils.Database, query: TaskQuery) -> dict[str, list[dict[str, Any]]]:
    """For each facet, the values among the matching tasks with their counts, largest first:
    {"agency": [{"value": "Sở Tài chính", "count": 12}, ...], "province": ..., "kind": ...,
    "year": ..., "state": ...}."""
    where, params = _filters(query)
    base = _from(where)
    groups = {
        "province": ("d.province", base),
        "kind": ("d.kind", base),
        "year": ("substr(d.issued_on, 1, 4)", base),
        "agency": ("b.canonical", base.replace(
            " WHERE ", " JOIN task_bodies tb ON tb.task_id = t.id "
                       "JOIN bodies b ON b.id = tb.body_id WHERE ", 1)),
    }
    facets = {}
    for name, (column, source) in groups.items():
        count = "count(DISTINCT t.id)" if name == "agency" else "count(*)"
        sql = (f"SELECT {column} AS value, {count} AS n{source} AND {column} IS NOT NULL "
               f"GROUP BY {column} ORDER BY n DESC, value LIMIT {FACET_LIMIT}")
        facets[name] = [{"value": v, "count": n} for v, n in db.execute(sql, params).fetchall()]
    sql = f"SELECT {state_sql()} AS value, count(*) AS n{base} GROUP BY value"
    counted = dict(db.execute(sql, [_today(query), *params]).fetchall())
    facets["state"] = [{"value": key, "count": counted.get(key, 0)} for key in states()]
    return facets


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
    params = [_like(n) for n in needles for _ in range(2)]
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
