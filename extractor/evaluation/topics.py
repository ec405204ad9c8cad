"""Measuring topics and similar directives against hand-labelled samples.

annotations/topics.json: tasks of gold records with their text (copied from the document)
and 1-3 topics, main topic first. Scored: top-1 (the first predicted topic is one of the
labelled ones), any (some predicted topic is labelled), and micro precision/recall/F1 over
(task, topic) pairs.

annotations/similar.json: groups of equivalent directives across the seed notices (gold
anchors). The seeds are stored in a fresh database; each member is found as the stored task
whose text holds its anchor; then, for each member, ``similar_tasks`` ranks the tasks of the
other provinces, and top-k counts a hit when one of the group's other members is among the
first k.
"""
from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from ..recognition.topics import task_topics
from ..text import fold
from . import ANNOTATIONS_DIR, CORPUS_DIR


def score_topics(annotations_dir: Path = ANNOTATIONS_DIR) -> dict[str, Any]:
    """Topic accuracy of the keyword rules on annotations/topics.json."""
    sample = json.loads((Path(annotations_dir) / "topics.json").read_text(encoding="utf-8"))
    tasks = sample["tasks"]
    top1 = anyhit = tp = fp = fn = 0
    per_topic: dict[str, dict[str, int]] = {}
    for task in tasks:
        gold, predicted = set(task["topics"]), task_topics(task["text"])
        top1 += bool(predicted) and predicted[0] in gold
        anyhit += bool(gold & set(predicted))
        for topic in gold | set(predicted):
            row = per_topic.setdefault(topic, {"tp": 0, "fp": 0, "fn": 0})
            key = "tp" if topic in gold and topic in predicted else ("fp" if topic in predicted else "fn")
            row[key] += 1
        tp += len(gold & set(predicted))
        fp += len(set(predicted) - gold)
        fn += len(gold - set(predicted))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    n = len(tasks)
    return {"tasks": n, "top1": round(top1 / n, 3), "any": round(anyhit / n, 3),
            "precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
            "per_topic": per_topic}


def score_similar(annotations_dir: Path = ANNOTATIONS_DIR, corpus_dir: Path = CORPUS_DIR,
                  ks: tuple[int, ...] = (1, 3)) -> dict[str, Any]:
    """Top-k accuracy of ``similar_tasks`` on annotations/similar.json over the seeds."""
    from ..pipeline import extract
    from ..storage import open_database, store_notice
    from ..storage.compare import similar_tasks, similarity_index
    from .gold import load_manifest

    groups = json.loads((Path(annotations_dir) / "similar.json").read_text(encoding="utf-8"))["groups"]
    golds = {m["gold"] for g in groups for m in g["members"]}
    files = {e["gold"]: e["file"] for e in load_manifest(corpus_dir)
             if e["gold"] in golds and e["file"].endswith(".txt")}
    with tempfile.TemporaryDirectory(prefix="notices-similar-") as folder:
        db = open_database(Path(folder) / "similar.db")
        documents = {gold: store_notice(db, extract(Path(corpus_dir) / file)).id
                     for gold, file in sorted(files.items())}
        index = similarity_index(db)
        found = {}
        for group in groups:
            for member in group["members"]:
                found[(member["gold"], member["anchor"])] = _task_of(db, documents[member["gold"]],
                                                                      member["anchor"])
        hits = {k: 0 for k in ks}
        queries = unmatched = 0
        for group in groups:
            ids = [found[(m["gold"], m["anchor"])] for m in group["members"]]
            for i, task_id in enumerate(ids):
                others = {t for j, t in enumerate(ids) if j != i and t is not None}
                if task_id is None or not others:
                    unmatched += task_id is None
                    continue
                queries += 1
                ranked = [r["task_id"] for r in similar_tasks(db, task_id, max(ks), index)]
                for k in ks:
                    hits[k] += bool(others & set(ranked[:k]))
        db.close()
    return {"groups": len(groups), "queries": queries, "members_not_found": unmatched,
            **{f"top{k}": round(hits[k] / queries, 3) if queries else 0.0 for k in ks}}


def _task_of(db, document_id: int, anchor: str) -> int | None:
    """The stored task of a document whose text holds the anchor (folded), else the one
    whose text shares the anchor's first words."""
    key = " ".join(fold(anchor).split())
    rows = db.execute("SELECT id, text FROM tasks WHERE document_id = ? AND deleted_at IS NULL "
                      "ORDER BY seq", [document_id]).fetchall()
    for task_id, text in rows:
        if key in " ".join(fold(text).split()):
            return task_id
    start = " ".join(key.split()[:5])
    return next((task_id for task_id, text in rows if start in " ".join(fold(text).split())), None)
