"""Scoring a prediction (the JSON contract of ``notices extract --json``) against a gold record.

Tasks are matched by anchor: a predicted task matches a gold task when the gold anchor
(folded, whitespace collapsed) occurs in the predicted task's text, one to one and in
document order (the largest such matching). Each field is then counted over items:

- tasks: matched gold tasks are hits, unmatched gold tasks misses, unmatched predictions
  false alarms.
- lead, support, targets, cites, deadline: over the items of matched pairs; the items of an
  unmatched gold task all count as misses, those of an unmatched prediction as false alarms.
  A deadline is one item per task that has one; it is right when the dates are within a
  day of each other, or when both are recurring without a date.
- document metadata (province, kind, number, issued_on, signer): one item per document,
  compared folded (both null is right). A wrong or missing value counts as a miss and a false
  alarm at once, so that P = R = F1 = accuracy.

Every count that is not a hit leaves an ``ScoreError`` behind, so each number can be explained.
"""
from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable

from .gold import match_key

TASK_FIELDS = ("tasks", "lead", "support", "deadline", "targets", "cites")
METADATA_FIELDS = ("province", "kind", "number", "issued_on", "signer")
FIELDS = TASK_FIELDS + METADATA_FIELDS


@dataclass
class Counts:
    """Hits, false alarms and misses of one field."""
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __iadd__(self, other: "Counts") -> "Counts":
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        return self

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        total = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / total if total else None


@dataclass
class ScoreError:
    """One miss or false alarm, with what gold and the prediction said."""
    category: str           # "missed task", "wrong lead", "wrong date", "wrong province", ...
    document: str           # the corpus file
    point: str = ""
    gold: str = ""
    predicted: str = ""

    def __str__(self) -> str:
        where = f"{self.document}" + (f" [{self.point}]" if self.point else "")
        return f"{self.category}: {where}: gold={self.gold!r} predicted={self.predicted!r}"


@dataclass
class Score:
    """Counts per field and the errors behind them; scores of documents add up."""
    counts: dict[str, Counts] = field(default_factory=lambda: {f: Counts() for f in FIELDS})
    errors: list[ScoreError] = field(default_factory=list)

    def __iadd__(self, other: "Score") -> "Score":
        for name, counts in other.counts.items():
            self.counts.setdefault(name, Counts())
            self.counts[name] += counts
        self.errors += other.errors
        return self

    def error_categories(self) -> Counter:
        return Counter(e.category for e in self.errors)


# ── matching ───────────────────────────────────────────────────────────────────────────

def match_tasks(gold_tasks: list[dict], predicted_tasks: list[dict]) -> list[tuple[int, int]]:
    """Pairs (gold index, predicted index): the largest one-to-one matching that keeps
    document order, where a pair needs the gold anchor inside the predicted text."""
    anchors = [match_key(t.get("anchor", "")) for t in gold_tasks]
    texts = [match_key(t.get("text", "")) for t in predicted_tasks]
    n, m = len(anchors), len(texts)
    ok = [[bool(a) and a in t for t in texts] for a in anchors]
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best[i][j] = max(best[i + 1][j], best[i][j + 1],
                             best[i + 1][j + 1] + 1 if ok[i][j] else 0)
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        if ok[i][j] and best[i][j] == best[i + 1][j + 1] + 1:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


def _key(text: Any) -> str:
    return match_key(str(text)) if text is not None else ""


def same_body(gold: dict, predicted: dict) -> bool:
    """Bodies are the same when their folded canonical names or folded names are equal."""
    return any(_key(gold.get(k)) and _key(gold.get(k)) == _key(predicted.get(k))
               for k in ("canonical", "name"))


def same_target(gold: dict, predicted: dict) -> bool:
    try:
        close = abs(float(gold["value"]) - float(predicted["value"])) <= 1e-6
    except (KeyError, TypeError, ValueError):
        return False
    return close and _key(gold.get("unit")) == _key(predicted.get("unit"))


def same_citation(gold: dict, predicted: dict) -> bool:
    return bool(_key(gold.get("number"))) and _key(gold.get("number")) == _key(predicted.get("number"))


def same_deadline(gold: dict, predicted: dict) -> bool:
    """Dates within a day of each other, or both recurring without a date."""
    gold_date, predicted_date = gold.get("date"), predicted.get("date")
    if gold_date is None and predicted_date is None:
        return gold.get("kind") == "recurring" and predicted.get("kind") == "recurring"
    if gold_date is None or predicted_date is None:
        return False
    try:
        gap = datetime.date.fromisoformat(gold_date) - datetime.date.fromisoformat(predicted_date)
    except (TypeError, ValueError):
        return _key(gold_date) == _key(predicted_date)
    return abs(gap.days) <= 1


def match_items(gold: list[dict], predicted: list[dict],
                same: Callable[[dict, dict], bool]) -> tuple[list[dict], list[dict], list[dict]]:
    """(matched gold items, unmatched gold items, unmatched predicted items), one to one."""
    free = list(predicted)
    matched, missed = [], []
    for item in gold:
        partner = next((p for p in free if same(item, p)), None)
        if partner is None:
            missed.append(item)
        else:
            free.remove(partner)
            matched.append(item)
    return matched, missed, free


# ── scoring ────────────────────────────────────────────────────────────────────────────

def score_document(gold: dict, predicted: dict | None, document: str,
                   reason: str = "not read") -> Score:
    """Score one prediction against its gold record.

    ``predicted`` None means the file was not read at all (``reason`` says why): every gold
    task and item is a miss and every metadata field wrong.
    """
    score = Score()
    unread = predicted is None
    if unread:
        # One error for the document; its tasks are counted as misses but not listed.
        kind, _, detail = reason.partition(":")
        score.errors.append(ScoreError(f"document {kind}", document,
                                       gold=f"{len(gold.get('tasks') or [])} tasks",
                                       predicted=detail.strip()))
        predicted = {"document": {}, "tasks": []}
        _score_metadata(score, gold.get("document") or {}, None, document)
    else:
        _score_metadata(score, gold.get("document") or {}, predicted.get("document") or {},
                        document)
    gold_tasks, predicted_tasks = gold.get("tasks") or [], predicted.get("tasks") or []
    pairs = match_tasks(gold_tasks, predicted_tasks)
    matched_gold = {i for i, _ in pairs}
    matched_predicted = {j for _, j in pairs}
    for i, j in pairs:
        score.counts["tasks"].tp += 1
        _score_pair(score, gold_tasks[i], predicted_tasks[j], document)
    for i, task in enumerate(gold_tasks):
        if i not in matched_gold:
            score.counts["tasks"].fn += 1
            if not unread:
                score.errors.append(ScoreError("missed task", document, task.get("point", ""),
                                               gold=task.get("anchor", "")))
            _score_pair(score, task, _EMPTY_TASK, document, quiet=True)
    for j, task in enumerate(predicted_tasks):
        if j not in matched_predicted:
            score.counts["tasks"].fp += 1
            score.errors.append(ScoreError("spurious task", document, task.get("point", ""),
                                           predicted=_first_words(task.get("text", ""))))
            _score_pair(score, _EMPTY_TASK, task, document, quiet=True)
    return score


_EMPTY_TASK: dict[str, Any] = {"lead": [], "support": [], "deadline": None, "targets": [],
                               "cites": []}


def _score_pair(score: Score, gold: dict, predicted: dict, document: str,
                quiet: bool = False) -> None:
    """Count the items of a gold task against those of a predicted task. ``quiet`` (for an
    unmatched task, already reported as missed or spurious) counts without listing errors."""
    point = gold.get("point", "")
    for role in ("lead", "support"):
        matched, missed, extra = match_items(gold.get(role) or [], predicted.get(role) or [],
                                             same_body)
        _add(score.counts[role], matched, missed, extra)
        if not quiet and (missed or extra):
            category = (f"missing {role}" if not predicted.get(role) else
                        f"spurious {role}" if not gold.get(role) else f"wrong {role}")
            score.errors.append(ScoreError(category, document, point,
                                           _names(gold.get(role)), _names(predicted.get(role))))
    _score_deadline(score, gold.get("deadline"), predicted.get("deadline"), document, point,
                    quiet)
    for name, same, label in (("targets", same_target, "target"),
                              ("cites", same_citation, "citation")):
        matched, missed, extra = match_items(gold.get(name) or [], predicted.get(name) or [], same)
        _add(score.counts[name], matched, missed, extra)
        if not quiet:
            score.errors += [ScoreError(f"missed {label}", document, point, gold=item.get("text", ""))
                             for item in missed]
            score.errors += [ScoreError(f"spurious {label}", document, point,
                                        predicted=item.get("text", "")) for item in extra]


def _score_deadline(score: Score, gold: dict | None, predicted: dict | None, document: str,
                    point: str, quiet: bool) -> None:
    counts = score.counts["deadline"]
    if gold and predicted and same_deadline(gold, predicted):
        counts.tp += 1
        return
    counts.fn += bool(gold)
    counts.fp += bool(predicted)
    if quiet or not (gold or predicted):
        return
    category = ("missing deadline" if not predicted else
                "spurious deadline" if not gold else "wrong date")
    score.errors.append(ScoreError(category, document, point, _deadline(gold),
                                   _deadline(predicted)))


def _score_metadata(score: Score, gold: dict, predicted: dict | None, document: str) -> None:
    for name in METADATA_FIELDS:
        gold_value = _metadata_value(gold, name)
        predicted_value = _metadata_value(predicted or {}, name)
        counts = score.counts[name]
        if predicted is not None and _key(gold_value) == _key(predicted_value):
            counts.tp += 1
            continue
        counts.fp += 1
        counts.fn += 1
        if predicted is not None:
            score.errors.append(ScoreError(f"wrong {name}", document, "",
                                           gold_value or "", predicted_value or ""))


def _metadata_value(document: dict, name: str) -> str | None:
    if name == "signer":
        return (document.get("signer") or {}).get("name")
    return document.get(name)


def _add(counts: Counts, matched: list, missed: list, extra: list) -> None:
    counts.tp += len(matched)
    counts.fn += len(missed)
    counts.fp += len(extra)


def _names(bodies: list[dict] | None) -> str:
    return "; ".join(b.get("name", "") for b in bodies or [])


def _deadline(deadline: dict | None) -> str:
    if not deadline:
        return ""
    return f"{deadline.get('date') or deadline.get('kind')} ({deadline.get('text', '')})"


def _first_words(text: str, words: int = 10) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")
