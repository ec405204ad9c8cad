"""Topics of a task, from transparent keyword rules (extractor/data/topics.toml).

Each topic lists keywords (regexes on folded text); a task gets every topic one of whose
keywords occurs in its text, in the order of the data file's groups: the subject matter
first (NTM criteria and other fields), then the management themes. The rules are measured
on the hand-labelled sample annotations/topics.json (`notices eval --topics`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..data import load
from ..text import fold

_ORDER = {"criteria": 0, "field": 0, "management": 1}


@dataclass(frozen=True)
class Topic:
    key: str
    label: str
    group: str
    pattern: re.Pattern


@cache
def topics() -> tuple[Topic, ...]:
    """Every topic of the taxonomy, in the data file's order."""
    return tuple(Topic(t["key"], t["label"], t["group"],
                       re.compile("|".join(f"(?:{k})" for k in t["keywords"])))
                 for t in load("topics")["topic"])


NO_TOPIC = "(none)"


def topic_labels() -> dict[str, str]:
    """Topic key → its Vietnamese label (and NO_TOPIC → the label of tasks without one)."""
    return {**{t.key: t.label for t in topics()}, NO_TOPIC: load("topics")["no_topic_label"]}


def task_topics(text: str) -> list[str]:
    """The topic keys of a task's text: subject topics first, then management themes, each
    group ordered by where its first keyword occurs in the text."""
    folded = fold(text)
    found = []
    for topic in topics():
        m = topic.pattern.search(folded)
        if m:
            found.append((_ORDER.get(topic.group, 0), m.start(), topic.key))
    return [key for _, _, key in sorted(found)]
