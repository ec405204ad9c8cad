"""How fast the search page answers on a large database (`notices bench --search-tasks N`).

The database is made from real notices: the bundled seed texts are extracted and stored,
then their documents and tasks (with bodies, topics, targets and index rows) are copied until it holds N
tasks, each copy under another province and year so that facets have many values. Each
page is then asked for through the real app (Flask's test client: routing, queries,
template, no network), and the median of a few runs is reported.
"""
from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

from ...data import load
from ...pipeline import extract
from ...storage import open_database, store_notice
from ...storage.query import province_key
from ...storage.schema import write_transaction

PAGES = [
    ("first page, all tasks", "/nhiem-vu"),
    ("agency without diacritics", "/nhiem-vu?agency=so+xay+dung"),
    ("text search", "/nhiem-vu?q=ra+soat"),
    ("overdue, page 20", "/nhiem-vu?state=overdue&page=20"),
    ("province and year", "/nhiem-vu?province=quang+nam&year=2022"),
    ("JSON twin", "/api/nhiem-vu?agency=so+xay+dung"),
    ("progress per agency", "/tien-do"),
    ("one task, similar elsewhere", "/nhiem-vu/3"),
    ("compare provinces", "/so-sanh"),
]


def bench_search(seed_files: list[Path], tasks: int = 100_000, repeat: int = 5,
                 progress: Callable[[str], None] = lambda m: None) -> dict[str, Any]:
    """Build a database of ``tasks`` tasks from ``seed_files`` and time each of PAGES."""
    from . import create_app
    with tempfile.TemporaryDirectory(prefix="notices-bench-web-") as folder:
        path = Path(folder) / "search.db"
        db = open_database(path)
        for file in seed_files:
            store_notice(db, extract(file))
        started = time.perf_counter()
        stored = _grow(db, tasks)
        build_s = time.perf_counter() - started
        progress(f"search bench: {stored} tasks stored in {build_s:.0f} s")
        db.close()
        app = create_app(path)
        client = app.test_client()
        timings = {}
        for label, url in PAGES:
            client.get(url)                                  # warm: caches, page cache
            runs = []
            for _ in range(repeat):
                t0 = time.perf_counter()
                response = client.get(url)
                runs.append((time.perf_counter() - t0) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            timings[label] = {"url": url, "median_ms": round(statistics.median(runs), 1),
                              "max_ms": round(max(runs), 1)}
        app.extensions["jobs"].shutdown()
    return {"tasks": stored, "build_s": round(build_s, 1), "pages": timings}


def _grow(db, target: int) -> int:
    """Copy the stored documents and their tasks until ``target`` tasks are stored."""
    provinces = [p["name"] if isinstance(p, dict) else p for p in load("provinces")["provinces"]]
    documents = [dict(r) for r in db.query("SELECT * FROM documents")]
    tasks = {d["id"]: [dict(r) for r in db.query("SELECT * FROM tasks WHERE document_id = ?",
                                                 [d["id"]])] for d in documents}
    links = {t["id"]: [dict(r) for r in db.query("SELECT * FROM task_bodies WHERE task_id = ?",
                                                 [t["id"]])] for ts in tasks.values() for t in ts}
    count = db.execute("SELECT count(*) FROM tasks").fetchone()[0]
    copy = 0
    with write_transaction(db):
        while count < target:
            copy += 1
            for document in documents:
                if count >= target:
                    break
                count += _copy_document(db, document, tasks[document["id"]], links, copy,
                                        provinces[copy % len(provinces)], target - count)
    return count


def _copy_document(db, document: dict, tasks: list[dict], links: dict, copy: int,
                   province: str, room: int) -> int:
    row = {k: v for k, v in document.items() if k != "id"}
    row.update(sha256=f"{copy:08d}{document['sha256'][8:]}", province=province,
               issued_on=f"{2019 + copy % 8}-0{1 + copy % 9}-15")
    row["province_folded"] = province_key(province)
    document_id = _insert(db, "documents", row)
    written = 0
    for task in tasks[:room]:
        task_row = {k: v for k, v in task.items() if k not in ("id", "document_id")}
        task_id = _insert(db, "tasks", {**task_row, "document_id": document_id})
        for link in links[task["id"]]:
            _insert(db, "task_bodies", {**link, "task_id": task_id})
        db.execute("INSERT INTO tasks_fts (rowid, text, bodies) SELECT ?, text, bodies "
                   "FROM tasks_fts WHERE rowid = ?", [task_id, task["id"]])
        for table, columns in (("task_topics", "topic"), ("targets", "seq, text, value, unit")):
            db.execute(f"INSERT INTO {table} (task_id, {columns}) SELECT ?, {columns} "
                       f"FROM {table} WHERE task_id = ?", [task_id, task["id"]])
        written += 1
    return written


def _insert(db, table: str, row: dict) -> int:
    columns = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    return db.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})",
                      list(row.values())).lastrowid


def format_search(report: dict[str, Any]) -> str:
    lines = [f"Search pages on {report['tasks']:,} tasks (built in {report['build_s']} s), "
             "median / max ms per request:"]
    for label, t in report["pages"].items():
        lines.append(f"  {label:<28} {t['median_ms']:>8.1f} {t['max_ms']:>8.1f}   {t['url']}")
    return "\n".join(lines)
