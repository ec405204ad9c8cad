"""Outline markers and the outline tree of a notice's body.

Writers mix and skip levels freely ("1." then "-" then "+", or "II." then "2.1."), so levels
are not fixed per marker family: a family nests under whatever is open when it first
appears, and a family already open closes everything below it (it starts a sibling).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import OutlineNode
from ..reading.markers import marker_patterns

_BULLET_STYLES = {"dash": "-", "plus": "+", "star": "*"}


@dataclass(frozen=True)
class Marker:
    style: str          # family from markers.toml; "decimal_multi" is split by depth below
    label: str
    rest: str           # the paragraph text after the marker

    @property
    def family(self) -> str:
        """The key that decides siblings: "2.1" and "3.2" are one family, "2.1.1" another."""
        if self.style == "decimal_multi":
            return f"decimal{self.label.count('.') + 1}"
        return self.style


def _marker_patterns() -> tuple[tuple[str, re.Pattern], ...]:
    """The markers of markers.toml, compiled once and shared with the readers."""
    return marker_patterns()


def match_marker(text: str) -> Marker | None:
    """The outline marker at the start of a paragraph, if any."""
    for style, pattern in _marker_patterns():
        found = pattern.match(text)
        if found and found.end() < len(text):
            return Marker(style, found.group("label"), text[found.end():].strip())
    return None


def build_outline(paragraphs: list[str]) -> tuple[list[str], list[OutlineNode]]:
    """Split body paragraphs into the preamble (before the first point) and a tree of points.

    A paragraph without a marker belongs to the innermost open point.
    """
    preamble: list[str] = []
    roots: list[OutlineNode] = []
    open_points: list[tuple[str, OutlineNode]] = []     # (family, node), outermost first
    for text in paragraphs:
        marker = match_marker(text)
        if marker is None:
            (open_points[-1][1].paragraphs if open_points else preamble).append(text)
            continue
        families = [family for family, _ in open_points]
        if marker.family in families:
            del open_points[families.index(marker.family):]
        else:
            del open_points[_first_outranked(marker.style, open_points):]
        parent = open_points[-1][1] if open_points else None
        siblings = parent.children if parent else roots
        node = OutlineNode(label=marker.label, style=marker.style, level=len(open_points),
                           text=marker.rest)
        node.path = _path(parent, node, siblings)
        siblings.append(node)
        open_points.append((marker.family, node))
    return preamble, roots


# Families that never sit under a lower one: an article or a Roman section after "-" items
# (a list of "Căn cứ ..." grounds, say) starts a new top-level point, and a numbered point
# after bullets that hang at the top is not their child.
_TOP_STYLES = ("article", "roman")
_NUMBERED = ("article", "roman", "decimal", "decimal_multi")


def _first_outranked(style: str, open_points: list[tuple[str, OutlineNode]]) -> int:
    """Index of the first open point the new marker closes (len(open_points) for none)."""
    styles = [node.style for _, node in open_points]
    if style in _TOP_STYLES:
        rank = _TOP_STYLES.index(style)
        for i, open_style in enumerate(styles):
            if open_style not in _TOP_STYLES or _TOP_STYLES.index(open_style) >= rank:
                return i
    elif style in _NUMBERED and styles and all(s in _BULLET_STYLES for s in styles):
        return 0
    return len(open_points)


def _path(parent: OutlineNode | None, node: OutlineNode, siblings: list[OutlineNode]) -> str:
    """Address of a point for display: "2.1", "II.2", "3.a", "2.1-3" (third dash item)."""
    prefix = parent.path if parent else ""
    if node.style in _BULLET_STYLES:
        count = 1 + sum(1 for s in siblings if s.style == node.style)
        return f"{prefix}{_BULLET_STYLES[node.style]}{count}"
    if node.style in ("decimal", "decimal_multi") and parent and parent.style in ("decimal", "decimal_multi"):
        if node.label.startswith(parent.label + "."):     # "2.1" under "II.2" → "II.2.1"
            return prefix[: len(prefix) - len(parent.label)] + node.label
        return f"{prefix}.{node.label}"
    if node.style in ("paren_decimal", "paren_roman", "paren_alpha"):
        return f"{prefix}({node.label})"
    return f"{prefix}.{node.label}" if prefix else node.label


def walk(nodes: list[OutlineNode]):
    """Every node of the tree in document order, depth first."""
    for node in nodes:
        yield node
        yield from walk(node.children)
