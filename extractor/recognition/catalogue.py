"""The agency catalogue (extractor/data/catalogue.toml): what a body is, and what became of it.

``lookup`` finds a body's entry from its canonical name (diacritics and case aside, a
trailing place left out: "Sở Xây dựng tỉnh Lào Cai" is "Sở Xây dựng"); ``successor`` follows
the 2025 reforms to the body that does its work today; ``predecessors`` goes the other way,
so that a search for "Sở Nông nghiệp và Môi trường" can also find the tasks given to the Sở
Nông nghiệp và Phát triển nông thôn and the Sở Tài nguyên và Môi trường before 1 March 2025.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from ..data import load
from ..text import fold
from .bodies import canonical_name


@dataclass(frozen=True)
class Agency:
    name: str
    level: str
    kind: str
    variants: tuple[str, ...] = field(default=())
    successor: str | None = None
    since: str | None = None


@cache
def catalogue() -> dict[str, Agency]:
    """Folded name or variant → its entry."""
    entries: dict[str, Agency] = {}
    for raw in load("catalogue")["agency"]:
        agency = Agency(raw["name"], raw["level"], raw["kind"], tuple(raw.get("variants", ())),
                        raw.get("successor"), raw.get("since"))
        for key in (agency.name, canonical_name(agency.name), *agency.variants):
            entries.setdefault(_key(key), agency)
    return entries


def _key(name: str) -> str:
    return " ".join(fold(name).split())


def lookup(name: str) -> Agency | None:
    """The catalogue entry of a body, or None when the catalogue does not know it."""
    key = _key(canonical_name(name))
    entries = catalogue()
    if key in entries:
        return entries[key]
    for word in load("catalogue")["place_words"]:
        at = key.rfind(f" {word} ")
        if at > 0:
            for candidate in (key[:at], f"{key[:at]} {word}"):
                if candidate in entries:
                    return entries[candidate]
    return None


def catalogue_name(name: str) -> str | None:
    """The catalogue's name for a body written exactly as one of its entries or variants
    (no place left out: "Sở Xây dựng tỉnh Lào Cai" keeps its place), else None."""
    entry = catalogue().get(_key(canonical_name(name)))
    return entry.name if entry is not None else None


def successor(name: str) -> Agency | None:
    """The body that does this body's work today (following mergers), or None when the
    body still exists or is unknown."""
    agency, seen = lookup(name), set()
    found = None
    while agency is not None and agency.successor and agency.name not in seen:
        seen.add(agency.name)
        found = lookup(agency.successor)
        agency = found
    return found


def predecessors(name: str) -> list[Agency]:
    """The bodies whose work passed to this body, directly or through a chain of mergers."""
    target = lookup(name)
    if target is None:
        return []
    unique = {a.name: a for a in catalogue().values()}
    return [a for a in unique.values() if a.successor and (s := successor(a.name)) is not None
            and s.name == target.name]
