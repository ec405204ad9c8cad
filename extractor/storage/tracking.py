"""Tracking each task to completion: the four states of government task trackers.

A task's state follows from three dates, never stored but computed, so that it is right
tomorrow without any job rewriting rows:

- ``due_on``: the last day its deadline allows ("2022-09" → 2022-09-30, "2024" →
  2024-12-31); None when it has none. A recurring deadline has no fixed date; its next due
  date (``next_due``) is shown, and it is never overdue on its own.
- ``completed_on``: the day a person recorded it done (``record_completion``), or None.
- today.

in_progress   not done, and not past due (or without deadline)   đang thực hiện trong hạn
overdue       not done, due before today                          quá hạn chưa hoàn thành
done_on_time  done on or before its due day (or without deadline) hoàn thành đúng hạn
done_late     done after its due day                              hoàn thành quá hạn
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timezone
from functools import cache

import sqlite_utils

from ..data import load
from ..errors import InvalidQuery
from ..text import fold
from .schema import write_transaction


@dataclass(frozen=True)
class State:
    key: str
    label: str
    colour: str


@cache
def states() -> dict[str, State]:
    """The four states by key, in the order of ``data/tracking.toml``."""
    return {s["key"]: State(**s) for s in load("tracking")["states"]}


def due_on(deadline_date: str | None) -> str | None:
    """The last day a (possibly reduced) ISO deadline allows: "2022-09" → "2022-09-30"."""
    if not deadline_date:
        return None
    parts = [int(p) for p in deadline_date.split("-")]
    if len(parts) == 3:
        return deadline_date
    year, month = parts[0], parts[1] if len(parts) == 2 else 12
    return date(year, month, calendar.monthrange(year, month)[1]).isoformat()


def task_state(due: str | None, completed_on: str | None, today: date | str) -> str:
    """The state key of a task from its due day, completion day and today (ISO strings)."""
    today = today.isoformat() if isinstance(today, date) else today
    if completed_on:
        return "done_late" if due and completed_on > due else "done_on_time"
    return "overdue" if due and due < today else "in_progress"


def state_sql() -> str:
    """The SQL expression of ``task_state`` over ``t.due_on`` and ``t.completed_on``; it takes
    today's ISO date as its one parameter (bind it where the expression appears)."""
    return ("CASE WHEN t.completed_on IS NOT NULL THEN "
            "CASE WHEN t.due_on IS NOT NULL AND t.completed_on > t.due_on THEN 'done_late' "
            "ELSE 'done_on_time' END "
            "WHEN t.due_on IS NOT NULL AND t.due_on < ? THEN 'overdue' ELSE 'in_progress' END")


@cache
def _recurrences() -> tuple[tuple[str, re.Pattern], ...]:
    return tuple((r["every"], re.compile(r["pattern"])) for r in load("tracking")["recurrence"])


def next_due(deadline_text: str | None, today: date) -> str | None:
    """The next due day, on or after ``today``, of a recurring deadline written as
    ``deadline_text`` ("trước ngày 30 tháng 6 hằng năm" → the coming 30 June); None when
    the text gives no day to count from."""
    if not deadline_text:
        return None
    folded = fold(deadline_text)
    for every, pattern in _recurrences():
        m = pattern.search(folded)
        if m:
            return _next(every, m.groupdict(), today)
    return None


def _next(every: str, groups: dict, today: date) -> str | None:
    """The first day of the recurrence ``every`` on or after ``today``."""
    if every in ("year", "month"):
        day = int(groups["day"])
        month = int(groups["month"]) if every == "year" else today.month
        candidates = [(today.year + k, month) if every == "year" else _add_months(today, k)
                      for k in range(3)]
        for year, m in candidates:
            if 1 <= m <= 12:
                found = date(year, m, min(day, calendar.monthrange(year, m)[1]))
                if found >= today:
                    return found.isoformat()
        return None
    step = {"quarter": 3, "half_year": 6, "year_end": 12}[every]
    month = ((today.month - 1) // step + 1) * step
    return date(today.year, month, calendar.monthrange(today.year, month)[1]).isoformat()


def _add_months(today: date, k: int) -> tuple[int, int]:
    months = today.year * 12 + today.month - 1 + k
    return months // 12, months % 12 + 1


def record_completion(db: sqlite_utils.Database, task_id: int, completed_on: str | None,
                      who: str, note: str | None = None,
                      report: tuple[str, bytes] | None = None) -> None:
    """Record that a task was done on ``completed_on`` (ISO), or withdraw its completion
    (None), with who said so, an optional note and an optional attached report (its name
    as received, and its bytes); one transaction.

    Raises:
        InvalidQuery: the task does not exist, or the date is not ISO or lies in the future.
    """
    if completed_on is not None:
        try:
            day = date.fromisoformat(completed_on.strip())
        except ValueError:
            raise InvalidQuery("completed_on", f"{completed_on!r} is not a date; "
                                               "write it as YYYY-MM-DD") from None
        if day > date.today():
            raise InvalidQuery("completed_on", f"{day.isoformat()} is in the future")
        completed_on = day.isoformat()
    with write_transaction(db):
        if db.execute("SELECT 1 FROM tasks WHERE id = ?", [task_id]).fetchone() is None:
            raise InvalidQuery(f"task {task_id}", "is not in the database")
        db.execute("UPDATE tasks SET completed_on = ?, status = ? WHERE id = ?",
                   [completed_on, "done" if completed_on else "todo", task_id])
        name, data = report if report and report[1] else (None, None)
        db.execute("INSERT INTO progress (task_id, completed_on, note, report_name, report, who, at) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?)",
                   [task_id, completed_on, (note or "").strip() or None, name, data, who, _now()])


def progress_history(db: sqlite_utils.Database, task_id: int) -> list[dict]:
    """Every completion recorded or withdrawn for a task, oldest first (a report's size,
    not its bytes)."""
    return [dict(r) for r in db.query(
        "SELECT id, completed_on, note, report_name, length(report) AS report_bytes, who, at "
        "FROM progress WHERE task_id = ? ORDER BY id", [task_id])]


def progress_report(db: sqlite_utils.Database, task_id: int, progress_id: int) -> tuple[str, bytes]:
    """The report attached to one progress entry of a task: (name as received, bytes).

    Raises:
        InvalidQuery: no such entry, or it has no report.
    """
    row = db.execute("SELECT report_name, report FROM progress WHERE id = ? AND task_id = ?",
                     [progress_id, task_id]).fetchone()
    if row is None or row[1] is None:
        raise InvalidQuery(f"report {progress_id}", "is not in the database")
    return row[0], row[1]


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
