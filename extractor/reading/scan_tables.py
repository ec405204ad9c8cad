"""Ruled tables on a scanned page: the grid from the image's lines, the text from Tesseract.

OCR reads a task table row by row across its columns, so the roles of the cells (lead,
support, time) would be lost. The grid is found in the page image instead: long runs of dark
pixels are the ruling lines (horizontal ones at least ``H_RUN_MM`` long, vertical ones
``V_RUN_MM``), consecutive lines that vertical rules join form one table,
and a border missing between two grid cells merges them. Each word Tesseract found goes to
the cell its centre falls in. Before OCR the rules are painted white (``erase_rules``):
Tesseract reads a rule beside a word as "|" or "„". The result is the same ``PageTable``
the text-layer reader gives (``pdf_tables``), in PDF points.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .pdf_tables import PageTable, paragraphs_of_lines, reads_as_table

DARK = 160          # grey level below which a pixel is ink
H_RUN_MM = 12       # a horizontal rule: a dark run at least this long
V_RUN_MM = 10       # a vertical rule (letters are at most about 5 mm tall)
BORDER = 0.6        # share of a cell side that must be dark for the border to be there
NEAR = 4            # pixels: rules this close are one


@dataclass
class Word:
    left: int
    top: int
    right: int
    bottom: int
    text: str
    line: tuple[str, str, str]     # Tesseract's (block, paragraph, line)
    order: int                     # position in Tesseract's reading order


@dataclass
class _Rule:
    at: float           # y of a horizontal rule, x of a vertical one (pixels)
    start: int          # where it begins and ends along its length
    end: int


@dataclass
class Grid:
    """A ruled table found in a page image: its row and column edges (pixels) and, for each
    grid cell, the cell that owns it (itself, or the cell it is merged into)."""
    ys: list[float]
    xs: list[float]
    owner: dict[tuple[int, int], tuple[int, int]]


def find_grids(grey: np.ndarray, dpi: int) -> list[Grid]:
    """The ruled tables of a page image (``grey``: H×W, 0 black … 255 white)."""
    ink = grey < DARK
    horizontal = _rules(ink, int(dpi * H_RUN_MM / 25.4))
    if len(horizontal) < 2:
        return []
    vertical = _rules(ink.T, int(dpi * V_RUN_MM / 25.4))
    return [Grid(ys, xs, _owners(ink, ys, xs)) for ys, xs in _grids(horizontal, vertical)]


def erase_rules(grey: np.ndarray, grids: list[Grid]) -> np.ndarray:
    """The image with the tables' ruling lines painted white: Tesseract reads a rule next
    to a word as "|", "_" or "„" and splits words at it."""
    clean = grey.copy()
    for grid in grids:
        top, bottom = int(grid.ys[0]) - NEAR, int(grid.ys[-1]) + NEAR + 1
        left, right = int(grid.xs[0]) - NEAR, int(grid.xs[-1]) + NEAR + 1
        for y in grid.ys:
            clean[max(0, int(y) - 3):int(y) + 4, max(0, left):right] = 255
        for x in grid.xs:
            clean[max(0, top):bottom, max(0, int(x) - 3):int(x) + 4] = 255
    return clean


def empty_cells(grey: np.ndarray, grid: Grid, words: list[Word]) -> list[tuple[int, int, int, int]]:
    """Boxes (left, top, right, bottom; pixels) of the cells that hold ink but got no word:
    OCR of a whole page drops short lone text ("3" in a number column, "2026")."""
    filled = {grid.owner[(r, c)] for w in words
              if (r := _index(grid.ys, (w.top + w.bottom) / 2)) is not None
              and (c := _index(grid.xs, (w.left + w.right) / 2)) is not None}
    boxes = []
    for (r, c), head in grid.owner.items():
        if head != (r, c) or head in filled:
            continue
        right = max(cc for (rr, cc), h in grid.owner.items() if h == head) + 1
        bottom = max(rr for (rr, cc), h in grid.owner.items() if h == head) + 1
        box = (int(grid.xs[c]) + 2 * NEAR, int(grid.ys[r]) + 2 * NEAR,
               int(grid.xs[right]) - 2 * NEAR, int(grid.ys[bottom]) - 2 * NEAR)
        if box[2] > box[0] and box[3] > box[1] and \
                (grey[box[1]:box[3], box[0]:box[2]] < DARK).sum() >= MIN_INK:
            boxes.append(box)
    return boxes


MIN_INK = 30        # dark pixels in a cell before it is worth reading again


def fill_table(grid: Grid, words: list[Word], height_pt: float, dpi: int) -> PageTable | None:
    """The table of ``grid`` with the words whose centres fall in its cells, in PDF points
    (y upwards); None when it does not read as a table (``reads_as_table``)."""
    ys, xs, owner, scale = grid.ys, grid.xs, grid.owner, 72 / dpi
    texts: dict[tuple[int, int], list[Word]] = {}
    for word in words:
        r = _index(ys, (word.top + word.bottom) / 2)
        c = _index(xs, (word.left + word.right) / 2)
        if r is not None and c is not None:
            texts.setdefault(owner[(r, c)], []).append(word)
    table = PageTable(xs[0] * scale, height_pt - ys[-1] * scale, xs[-1] * scale,
                      height_pt - ys[0] * scale)
    for r in range(len(ys) - 1):
        row: list[list[str] | None] = []
        for c in range(len(xs) - 1):
            head = owner[(r, c)]
            if head != (r, c):
                row.append(None)
                if head[1] == c:
                    table.merged[(r, c)] = head
                continue
            row.append(paragraphs_of_lines(_cell_lines(texts.get(head, []))))
        table.rows.append(row)
    return table if reads_as_table(table) else None


def _rules(ink: np.ndarray, run: int) -> list[_Rule]:
    """Runs of at least ``run`` dark pixels along each row of ``ink``, rows close together
    joined into one rule (a rule is a few pixels thick)."""
    counts = np.cumsum(ink, axis=1, dtype=np.int32)
    window = counts[:, run - 1:] - np.pad(counts, ((0, 0), (1, 0)))[:, :-run]
    starts = window >= run - 1                      # a run of `run` pixels starts here
    found: list[_Rule] = []
    for y in np.flatnonzero(starts.any(axis=1)):
        xs = np.flatnonzero(starts[y])
        for a, b in _segments(xs):
            start, end = int(a), int(b) + run
            previous = next((r for r in reversed(found[-8:]) if y - r.at <= NEAR
                             and min(end, r.end) - max(start, r.start) > 0), None)
            if previous is not None:
                previous.at = (previous.at + y) / 2 if y - previous.at <= 1 else previous.at
                previous.start, previous.end = min(previous.start, start), max(previous.end, end)
            else:
                found.append(_Rule(float(y), start, end))
    return found


def _segments(xs: np.ndarray, gap: int = 3) -> list[tuple[int, int]]:
    """Consecutive runs of indices (allowing small gaps) as (first, last)."""
    if not len(xs):
        return []
    breaks = np.flatnonzero(np.diff(xs) > gap)
    firsts = np.concatenate(([xs[0]], xs[breaks + 1]))
    lasts = np.concatenate((xs[breaks], [xs[-1]]))
    return list(zip(firsts, lasts))


def _grids(horizontal: list[_Rule], vertical: list[_Rule]) -> list[tuple[list[float], list[float]]]:
    """(row edges, column edges) of each table: horizontal rules joined by vertical ones.
    Pieces of one rule (broken where a merged cell has no border) count as one."""
    horizontal = _joined_pieces(sorted(horizontal, key=lambda r: r.at))
    grids = []
    group = [horizontal[0]]
    for rule in horizontal[1:]:
        if _joined(group[-1], rule, vertical):
            group.append(rule)
            continue
        if len(group) >= 2:
            grids.append(group)
        group = [rule]
    if len(group) >= 2:
        grids.append(group)
    result = []
    for group in grids:
        top, bottom = group[0].at, group[-1].at
        left = min(r.start for r in group)
        right = max(r.end for r in group)
        xs = _merge_close([v.at for v in vertical if left - NEAR <= v.at <= right + NEAR
                           and v.start <= bottom + NEAR and v.end >= top - NEAR
                           and min(v.end, bottom) - max(v.start, top) > 10])
        ys = _merge_close([r.at for r in group])
        if len(xs) >= 3 and len(ys) >= 3:
            result.append((ys, xs))
    return result


def _joined_pieces(rules: list[_Rule]) -> list[_Rule]:
    joined: list[_Rule] = []
    for rule in rules:
        if joined and rule.at - joined[-1].at <= NEAR:
            joined[-1].start = min(joined[-1].start, rule.start)
            joined[-1].end = max(joined[-1].end, rule.end)
        else:
            joined.append(_Rule(rule.at, rule.start, rule.end))
    return joined


def _joined(upper: _Rule, lower: _Rule, vertical: list[_Rule]) -> bool:
    """Two horizontal rules are rows of one table when a vertical rule runs between them."""
    for v in vertical:
        if v.start <= upper.at + NEAR and v.end >= lower.at - NEAR \
                and max(upper.start, lower.start) - NEAR <= v.at <= min(upper.end, lower.end) + NEAR:
            return True
    return False


def _merge_close(values: list[float]) -> list[float]:
    merged: list[float] = []
    for value in sorted(values):
        if merged and value - merged[-1] <= 2 * NEAR:
            merged[-1] = (merged[-1] + value) / 2
        else:
            merged.append(value)
    return merged


def _owners(ink: np.ndarray, ys: list[float], xs: list[float]) -> dict[tuple[int, int], tuple[int, int]]:
    """Each grid cell → the cell it belongs to: a missing border merges it with the cell on
    its left, or with the one above."""
    rows, cols = len(ys) - 1, len(xs) - 1
    owner = {(r, c): (r, c) for r in range(rows) for c in range(cols)}
    for r in range(rows):
        for c in range(1, cols):
            if not _border(ink, xs[c], ys[r], ys[r + 1], vertical=True):
                owner[(r, c)] = owner[(r, c - 1)]
    for r in range(1, rows):
        for c in range(cols):
            if owner[(r, c)] == (r, c) and not _border(ink, ys[r], xs[c], xs[c + 1], vertical=False):
                owner[(r, c)] = owner[(r - 1, c)]
    return owner


def _border(ink: np.ndarray, at: float, start: float, end: float, vertical: bool) -> bool:
    """Is the border at ``at`` (x of a vertical one, y of a horizontal one) drawn between
    ``start`` and ``end``? The inner part of the side, a few pixels either way."""
    a, b = int(start + 2 * NEAR), int(end - 2 * NEAR)
    if b <= a:
        return True
    lo, hi = max(0, int(at) - NEAR), int(at) + NEAR + 1
    band = ink[a:b, lo:hi] if vertical else ink[lo:hi, a:b].T
    return band.any(axis=1).mean() >= BORDER


def _index(edges: list[float], value: float) -> int | None:
    for i in range(len(edges) - 1):
        if edges[i] <= value < edges[i + 1]:
            return i
    return None


def _cell_lines(words: list[Word]) -> list[str]:
    """The words of one cell as its visual lines: words whose middles lie within half a word
    height of each other share a line (Tesseract's own line ids may split a wrapped name:
    "phòng" a few pixels above "Văn"), each line read left to right."""
    if not words:
        return []
    height = sorted(w.bottom - w.top for w in words)[len(words) // 2] or 1
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.top + w.bottom) / 2):
        middle = (word.top + word.bottom) / 2
        if lines and abs(middle - _middle(lines[-1])) <= height / 2:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [" ".join(w.text for w in sorted(line, key=lambda w: w.left)) for line in lines]


def _middle(line: list[Word]) -> float:
    return sum((w.top + w.bottom) / 2 for w in line) / len(line)
