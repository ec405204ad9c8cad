"""Cheap tests before a regex runs: the words a data-file pattern can open with.

Deadline phrasings and agency patterns are tried at many positions of every clause; a
pattern whose every match opens with one of a few words need not run where none of them is.
"""
from __future__ import annotations

import re


def opening_words(pattern: str) -> set[str]:
    """Words one of which starts every match of ``pattern``: the first word of each
    alternative of its first mandatory part, plus those of optional parts before it.
    Used as a cheap test (``word in text``) before the pattern is run; an empty set means
    the pattern is always run."""
    alternatives = top_level(pattern)
    if len(alternatives) > 1:
        found = [opening_words(alt) for alt in alternatives]
        return set().union(*found) if all(found) else set()
    words: set[str] = set()
    rest = re.sub(r"^(?:\\b|\(\?<!?[^)]*\))+", "", pattern)
    while rest:
        if rest.startswith("(?:"):
            depth, end = 0, 0
            for end, char in enumerate(rest):
                depth += (char == "(") - (char == ")")
                if depth == 0:
                    break
            body, after = rest[3:end], rest[end + 1:]
            firsts = [re.match(r"[a-z]+", alt) for alt in top_level(body)]
            if not all(firsts):
                return set()            # an alternative opens with a class or a group
            words |= {f.group() for f in firsts}
            if after[:1] in ("?", "*"):
                rest = re.sub(r"^[?*]\s*(?:\\s[+*]?)?", "", after)
                continue
            return words
        first = re.match(r"[a-z]+", rest)
        return words | {first.group()} if first else set()
    return set()


def top_level(body: str) -> list[str]:
    """The alternatives of a group's body, split at "|" outside nested groups."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(body):
        depth += (char == "(") - (char == ")")
        if char == "|" and depth == 0:
            parts.append(body[start:i])
            start = i + 1
    return parts + [body[start:]]
