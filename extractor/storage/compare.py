"""Comparing directives across provinces: topic × province, side by side, similar directives.

``compare_provinces`` makes the table of `notices compare`: per topic and province, the
number of tasks, their commonest lead bodies, the median days from the notice's date to the
deadline, and the shares with a deadline and with a numeric target. ``similar_tasks`` finds,
for one task, the closest tasks of other provinces: TF-IDF cosine over the folded words and
word pairs of the task texts (no model to download), plus a small bonus for each topic they
share, so that two steering-committee directives worded differently still meet.
"""
from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlite_utils

from ..data import load
from ..recognition.topics import NO_TOPIC, topic_labels
from ..text import fold
from .query import TaskQuery, province_key, search_tasks

TOPIC_BONUS = 0.15          # added to the cosine per shared topic (at most two)
_WORD = re.compile(r"\w+")


def province_names(db: sqlite_utils.Database) -> list[str]:
    """The provinces of the stored notices, as written, with most tasks first."""
    return [r[0] for r in db.execute(
        "SELECT d.province FROM documents d JOIN tasks t ON t.document_id = d.id "
        "WHERE d.province IS NOT NULL AND t.deleted_at IS NULL "
        "GROUP BY d.province ORDER BY count(*) DESC, d.province").fetchall()]


def compare_provinces(db: sqlite_utils.Database, provinces: list[str], topic: str | None = None,
                      year: int | None = None) -> dict[str, Any]:
    """The topic × province table: {"provinces": [as stored], "topics": [keys with tasks],
    "cells": {topic: {province: cell}}}; a cell has tasks, leads ([name, count] × 3),
    median_days, with_deadline and with_target (shares 0..1)."""
    names, rows = [], {}
    for asked in provinces:
        found = search_tasks(db, TaskQuery(province=asked, topic=topic, year=year))
        name = found[0]["province"] if found else asked
        names.append(name)
        rows[name] = found
    topics = Counter(t for found in rows.values() for row in found for t in row["topics"] or [NO_TOPIC])
    keys = [key for key, _ in topics.most_common() if topic is None or key == topic]
    cells = {key: {name: _cell([r for r in rows[name] if key in (r["topics"] or [NO_TOPIC])])
                   for name in names} for key in keys}
    return {"provinces": names, "topics": keys, "cells": cells,
            "totals": {name: _cell(rows[name]) for name in names},
            "today": {name: province_today(name) for name in names}}


def province_today(name: str) -> str | None:
    """The province a province of before 1 July 2025 belongs to today ("Quảng Nam" → "Đà
    Nẵng"), or None when it kept its name."""
    return load("provinces")["merged_into"].get(name)


def comparison_rows(comparison: dict[str, Any]) -> list[dict[str, Any]]:
    """The table flattened to one row per topic and province (for csv, xlsx, json)."""
    labels = topic_labels()
    return [{"topic": topic, "topic_label": labels.get(topic, topic), "province": province,
             "tasks": cell["tasks"], "leads": "; ".join(f"{n} ({k})" for n, k in cell["leads"]),
             "median_days_to_deadline": cell["median_days"],
             "share_with_deadline": cell["with_deadline"], "share_with_target": cell["with_target"]}
            for topic in comparison["topics"]
            for province, cell in comparison["cells"][topic].items()]


def _cell(rows: list[dict[str, Any]]) -> dict[str, Any]:
    leads = Counter(name for row in rows for name in row["lead"])
    days = [d for d in (_days(row) for row in rows) if d is not None]
    n = len(rows)
    return {"tasks": n, "leads": leads.most_common(3),
            "median_days": statistics.median(days) if days else None,
            "with_deadline": round(sum(1 for r in rows if r["deadline_text"]) / n, 2) if n else None,
            "with_target": round(sum(1 for r in rows if r.get("has_target")) / n, 2) if n else None,
            "task_ids": [r["task_id"] for r in rows]}


def _days(row: dict[str, Any]) -> int | None:
    """Days from the notice's date to the deadline's last day; a reduced date of issue
    ("2022-09") counts from its first day."""
    if not row["due_on"] or not row["issued_on"]:
        return None
    parts = (row["issued_on"] + "-01-01")[:10]
    try:
        return (date.fromisoformat(row["due_on"]) - date.fromisoformat(parts)).days
    except ValueError:
        return None


def side_by_side(db: sqlite_utils.Database, provinces: list[str], topic: str,
                 year: int | None = None) -> dict[str, list[dict[str, Any]]]:
    """For one topic, each province's tasks (search rows), in the order asked."""
    out = {}
    for asked in provinces:
        found = search_tasks(db, TaskQuery(province=asked, topic=topic, year=year))
        out[found[0]["province"] if found else asked] = found
    return out


# ── similar directives ────────────────────────────────────────────────────────────────

@dataclass
class _Index:
    vectors: dict[int, dict[str, float]]
    topics: dict[int, set[str]]
    province: dict[int, str]
    rows: dict[int, dict[str, Any]]


def _terms(text: str) -> list[str]:
    words = _WORD.findall(fold(text))
    return words + [f"{a}_{b}" for a, b in zip(words, words[1:])]


CANDIDATES = 800         # a page asks among at most this many tasks, most topics shared first


def _index(db: sqlite_utils.Database, rows: dict[int, dict[str, Any]] | None = None) -> _Index:
    """TF-IDF vectors of ``rows`` (task id → search row; default: every stored task)."""
    rows = rows if rows is not None else {r["task_id"]: r for r in search_tasks(db, TaskQuery())}
    counts = {task_id: Counter(_terms(r["text"])) for task_id, r in rows.items()}
    frequency = Counter(term for c in counts.values() for term in c)
    n = max(len(counts), 1)
    vectors = {}
    for task_id, c in counts.items():
        weights = {t: (1 + math.log(k)) * math.log((1 + n) / (1 + frequency[t])) for t, k in c.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        vectors[task_id] = {t: w / norm for t, w in weights.items()}
    return _Index(vectors, {i: set(r["topics"]) for i, r in rows.items()},
                  {i: province_key(r["province"] or "") for i, r in rows.items()}, rows)


def _candidate_index(db: sqlite_utils.Database, task_id: int) -> _Index:
    """An index over the task and at most CANDIDATES tasks sharing its topics, those sharing
    the most first (the latest tasks when it has none): what one page can afford on a
    database of 100,000 tasks."""
    topics = [r[0] for r in db.execute("SELECT topic FROM task_topics WHERE task_id = ?", [task_id])]
    if topics:
        sql = (f"SELECT tt.task_id FROM task_topics tt JOIN tasks t ON t.id = tt.task_id "
               f"WHERE t.deleted_at IS NULL AND tt.topic IN ({', '.join('?' for _ in topics)}) "
               f"GROUP BY tt.task_id ORDER BY count(*) DESC, tt.task_id DESC LIMIT {CANDIDATES}")
    else:
        sql = f"SELECT id FROM tasks WHERE deleted_at IS NULL ORDER BY id DESC LIMIT {CANDIDATES}"
    ids = [r[0] for r in db.execute(sql, topics)] + [task_id]
    rows: dict[int, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        found = search_tasks(db, TaskQuery(task_ids=tuple(chunk)))
        rows.update({r["task_id"]: r for r in found})
    return _index(db, rows)


def similar_tasks(db: sqlite_utils.Database, task_id: int, limit: int = 5,
                  index: _Index | None = None) -> list[dict[str, Any]]:
    """The tasks of other provinces closest to task ``task_id``, best first: each a search
    row with ``score`` (cosine of TF-IDF vectors plus TOPIC_BONUS per shared topic)."""
    index = index or _candidate_index(db, task_id)
    if task_id not in index.vectors:
        return []
    mine, province, topics = index.vectors[task_id], index.province[task_id], index.topics[task_id]
    scored = []
    for other, vector in index.vectors.items():
        if other == task_id or index.province[other] == province:
            continue
        small, large = (mine, vector) if len(mine) < len(vector) else (vector, mine)
        cosine = sum(w * large.get(t, 0.0) for t, w in small.items())
        score = cosine + TOPIC_BONUS * min(2, len(topics & index.topics[other]))
        scored.append((score, other))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [{**index.rows[other], "score": round(score, 3)} for score, other in scored[:limit]]


def similarity_index(db: sqlite_utils.Database) -> _Index:
    """The index ``similar_tasks`` uses, built once for many queries."""
    return _index(db)
