"""The learned recogniser: a spaCy pipeline trained on annotations/ (``notices train``) that
reads each segment of a notice (a point, a letter's paragraph, a table row) and says
whether it is a task, and where its lead and support bodies, deadline and targets are.

Three ways to recognise, chosen by ``mode``:

- ``rules``: the rules alone (the data files under extractor/data).
- ``model``: the model alone. It decides which segments are tasks and which words are
  bodies, deadlines and targets; turning a recognised phrase into a value (a deadline's
  date, a target's number, a body's canonical name) and finding citations stay with the
  rules' parsers, which are not guesses.
- ``combined``: the rules where they are certain, the model where they are silent. A task
  the rules found keeps what the rules gave it; the fields in ``FILLED`` that the rules left
  empty are taken from the model; a segment the rules did not make a task becomes one when
  the model is more than ``ADD_THRESHOLD`` sure of it. Both are set from cross-validation.

The model is loaded once per process (``load_model``).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ...errors import NoticeError
from ...model import Body, Task
from ...text import strip_marks
from ..bodies import canonical_name, same_body
from ..citations import find_citations
from ..deadlines import column_deadline, find_deadline
from ..quantities import find_targets
from ..segments import CELL_SEPARATOR, Segment

MODES = ("rules", "model", "combined")
# What `notices extract` and every other command use unless told otherwise: the combined
# pipeline becomes the default only when it beats the rules on the kept-aside split and in
# grouped cross-validation (see models/recogniser/CARD.md).
DEFAULT_MODE = "rules"
MODEL_DIR = Path(__file__).resolve().parents[3] / "models" / "recogniser"
TASK_THRESHOLD = 0.5        # model mode: a segment is a task above this probability
# Combined mode, as grouped cross-validation on the dev split chose it (2026-12-03): adding
# segments the rules passed over lowered task F1 at every threshold tried (0.9: 0.909 → 0.858;
# 0.97: → 0.881), and filling support, deadline or targets lowered theirs; filling the lead
# raised lead F1 (0.821 → 0.824) and changed nothing else. So the model fills leads only and
# adds no task (a probability is never above 1.0); the parameters stay for measuring again.
ADD_THRESHOLD = 1.0
FILLED = ("lead",)


class ModelUnavailable(NoticeError):
    """The learned recogniser is asked for but is not trained or cannot be loaded."""


@dataclass
class Reading:
    """What the model says of one segment."""
    segment: Segment
    task: float                                   # probability that it is a task
    spans: list[tuple[str, str]] = field(default_factory=list)    # (label, text as written)

    def texts(self, label: str) -> list[str]:
        return [text for found, text in self.spans if found == label]


@lru_cache(maxsize=4)
def load_model(path: str | Path | None = None):
    """The trained recogniser at ``path`` (default: $NOTICES_MODEL, else models/recogniser),
    loaded once per process: a spaCy pipeline, or a token classifier made by the transformers
    backend."""
    path = Path(path or os.environ.get("NOTICES_MODEL") or MODEL_DIR)
    from .transformers_reader import TransformersRecogniser, is_transformers_model
    if is_transformers_model(path):
        try:
            return TransformersRecogniser(path)
        except ImportError as error:
            raise ModelUnavailable(str(path), str(error)) from None
    if not (path / "config.cfg").exists():
        raise ModelUnavailable(str(path), "no trained recogniser here; run `notices train` "
                               "(it trains from annotations/ in a few minutes)")
    try:
        import spacy
        from . import tokenizer  # noqa: F401  (registers the underthesea tokenizer)
    except ImportError as error:
        raise ModelUnavailable(str(path), f"the learned recogniser needs spaCy and underthesea "
                               f"({error}); install the project's nlp extra: "
                               "pip install -e '.[nlp]'") from None
    return spacy.load(path)


def read_segments(units: list[Segment], nlp=None) -> list[Reading]:
    """The model's reading of each segment."""
    if not units:
        return []
    nlp = nlp or load_model()
    readings = []
    for unit, doc in zip(units, nlp.pipe([u.source for u in units], batch_size=64)):
        readings.append(Reading(unit, float(doc.cats.get("TASK", 0.0)),
                                [(e.label_, e.text) for e in doc.ents]))
    return readings


def model_tasks(readings: list[Reading], year: int | None, issued_on: str | None,
                threshold: float = TASK_THRESHOLD) -> list[Task]:
    """The model alone: one task per segment it judges a task."""
    return [_task(r, year, issued_on) for r in readings if r.task > threshold]


def combine(rule_tasks: list[Task], units: list[Segment], year: int | None,
            issued_on: str | None, model=None, threshold: float = ADD_THRESHOLD,
            fill: tuple[str, ...] = FILLED) -> list[Task]:
    """The rules' tasks, with the fields named in ``fill`` taken from the model where the
    rules left them empty, and the segments the model is more than ``threshold`` sure of that
    no rule task covers, in document order. Only the segments whose answer can change
    something are read by the model."""
    owner = _owners(rule_tasks, units)
    owned = set(owner)
    wanted = {i for i in range(len(units)) if i not in owned and threshold < 1.0}
    wanted |= {owner[j] for j, t in enumerate(rule_tasks)
               if owner[j] is not None and _lacks(t, fill)}
    order = sorted(wanted)
    readings = dict(zip(order, read_segments([units[i] for i in order], model)))
    tasks: list[Task] = []
    for i in range(len(units)):
        own = [t for j, t in enumerate(rule_tasks) if owner[j] == i]
        reading = readings.get(i)
        if reading is not None:
            for task in own:
                _fill(task, reading, year, issued_on, fill)
            if not own and reading.task > threshold:
                tasks.append(_task(reading, year, issued_on))
        tasks += own
    # Rule tasks no segment holds (none today; kept so that no task is ever dropped).
    tasks += [t for j, t in enumerate(rule_tasks) if owner[j] is None]
    return tasks


def _lacks(task: Task, fill: tuple[str, ...]) -> bool:
    empty = {"lead": not task.lead, "support": not task.support,
             "deadline": task.deadline is None, "targets": not task.targets}
    return any(empty[name] for name in fill)


def _owners(rule_tasks: list[Task], units: list[Segment]) -> list[int | None]:
    """For each rule task, the segment its text comes from (the first whose text starts the
    same or holds it), looking forward from the previous one."""
    keys = [_key(u.text) for u in units]
    owners: list[int | None] = []
    cursor = 0
    for task in rule_tasks:
        start = _key(task.text)[:60]
        order = list(range(cursor, len(units))) + list(range(0, cursor))
        hit = next((i for i in order if start and start in keys[i]), None)
        if hit is None:
            hit = next((i for i in order if keys[i] and keys[i][:60] in _key(task.text)), None)
        owners.append(hit)
        cursor = hit if hit is not None else cursor
    return owners


def _key(text: str) -> str:
    return " ".join(strip_marks(text).lower().split())


def _task(reading: Reading, year: int | None, issued_on: str | None) -> Task:
    segment = reading.segment
    task = Task(point=segment.point, text=segment.text)
    _fill(task, reading, year, issued_on)
    stripped = strip_marks(segment.text)
    task.cites = find_citations(segment.text, stripped)
    return task


def _fill(task: Task, reading: Reading, year: int | None, issued_on: str | None,
          fill: tuple[str, ...] = ("lead", "support", "deadline", "targets")) -> None:
    """The fields named in ``fill`` that the task lacks, from the model's spans."""
    if not task.lead and "lead" in fill:
        task.lead = _bodies(reading.texts("LEAD"), [])
    if not task.support and "support" in fill:
        task.support = _bodies(reading.texts("SUPPORT"), task.lead)
    if task.deadline is None and "deadline" in fill:
        for text in reading.texts("DEADLINE"):
            parse = column_deadline if reading.segment.row else _deadline
            if deadline := parse(text, year, issued_on):
                task.deadline = deadline
                break
    if not task.targets and "targets" in fill:
        for text in reading.texts("TARGET"):
            task.targets += find_targets(text, strip_marks(text).lower())


def _deadline(text: str, year: int | None, issued_on: str | None):
    return find_deadline(text, strip_marks(text).lower(), year, issued_on)


def _bodies(texts: list[str], other: list[Body]) -> list[Body]:
    found: list[Body] = []
    for text in texts:
        name = text.strip(" ,.;:-–" + CELL_SEPARATOR.strip())
        if len(name) < 2:
            continue
        body = Body(name=name, canonical=canonical_name(name))
        if not any(same_body(body, b) for b in found + other):
            found.append(body)
    return found
