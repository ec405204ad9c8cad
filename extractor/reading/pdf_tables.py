"""Tables of a PDF page: the ruled grid found by pdfplumber, the text of each cell by pdfium.

A plan's task table printed to PDF is a grid of ruling lines. pdfplumber finds the grid
(rows, columns, merged cells) from the page's lines and rectangles; the text of each cell is
taken from pdfium's text layer inside the cell's box, because pdfium decodes fonts that
pdfminer leaves as "(cid:264)". Each cell becomes blocks with ``cell=(table, row, column)``,
as the .docx reader gives them, and the page's lines inside a table are left out of the
running text.

Only grids that read as tables are kept: at least two rows and two columns, and cells that
hold words (highlight boxes drawn around single words look like a grid of one-word cells).
Pages without enough ruling lines are not handed to pdfplumber at all.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .markers import starts_outline, syllable_counts

MIN_RULES = 6             # path objects on a page before it is worth looking for a grid
MIN_WORDS_PER_CELL = 1.8  # measured: task tables 3-20, word-highlight boxes about 1.0
MAX_COLUMNS = 15
MAX_EMPTY_SHARE = 0.6


@dataclass
class PageTable:
    """One ruled table of a page: its box (pdfium coordinates, y up) and its cells' text."""
    left: float
    bottom: float
    right: float
    top: float
    rows: list[list[list[str] | None]] = field(default_factory=list)   # row → col → paragraphs
    merged: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    """(row, col) of a cell that a cell above merges down over → (row, col) of that cell."""

    @property
    def columns(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def extend(self, part: "PageTable") -> None:
        """Append the rows of this table's part on the next page. A repeated header row is
        dropped; a first row without its number cell whose text goes on in lower case is
        the last row cut by the page break, and its cells join that row's."""
        rows, merged = part.rows, dict(part.merged)
        if rows and self.rows and _same_row(rows[0], self.rows[0]):
            self.rows[0] = _better_read(self.rows[0], rows[0])
            rows = rows[1:]
            merged = {(r - 1, c): (ar - 1, ac) for (r, c), (ar, ac) in merged.items() if r}
        if rows and self.rows and _continues_row(rows[0]):
            last = self.rows[-1]
            for c, paragraphs in enumerate(rows[0]):
                if paragraphs and c < len(last):
                    if last[c]:
                        last[c][-1] += " " + paragraphs[0]
                        last[c].extend(paragraphs[1:])
                    else:
                        last[c] = list(paragraphs)
            rows = rows[1:]
            merged = {(r - 1, c): (ar - 1, ac) for (r, c), (ar, ac) in merged.items() if r}
        shift = len(self.rows)          # row -1 of the part is this table's last row
        self.rows.extend(rows)
        self.merged.update({(r + shift, c): (ar + shift, ac)
                            for (r, c), (ar, ac) in merged.items()})

    def holds(self, x: float, y: float) -> bool:
        return self.left - 1 <= x <= self.right + 1 and self.bottom - 1 <= y <= self.top + 1


def has_rules(page: pdfium.PdfPage) -> bool:
    """Enough line or rectangle objects on the page for a ruled table."""
    count = 0
    for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=2):
        count += 1
        if count >= MIN_RULES:
            return True
    return False


class TableFinder:
    """Opens the file with pdfplumber once, on the first page that has ruling lines."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._plumber = None

    def close(self) -> None:
        if self._plumber is not None:
            self._plumber.close()

    def tables(self, page: pdfium.PdfPage, textpage: pdfium.PdfTextPage,
               index: int) -> list[PageTable]:
        if not has_rules(page):
            return []
        try:
            import pdfplumber
            if self._plumber is None:
                self._plumber = pdfplumber.open(io.BytesIO(self._data))
            found = self._plumber.pages[index].find_tables()
        except Exception:       # a grid pdfminer cannot parse: the page is read as text
            return []
        height = page.get_height()
        chars = _chars(textpage) if found else []
        tables = []
        for table in found:
            x0, top, x1, bottom = table.bbox
            result = PageTable(x0, height - bottom, x1, height - top)
            for row in table.rows:
                result.rows.append([None if box is None else
                                    _cell_paragraphs(chars, box, height)
                                    for box in row.cells])
            result.merged = _merged_down(table.rows)
            if reads_as_table(result):
                tables.append(result)
        return tables


def _chars(textpage: pdfium.PdfTextPage) -> list[tuple[int, str, float, float]]:
    """(index, character, x, y of its centre) for every character of the page."""
    text = textpage.get_text_range()
    chars = []
    for i in range(min(len(text), textpage.count_chars())):
        left, bottom, right, top = textpage.get_charbox(i)
        chars.append((i, text[i], (left + right) / 2, (bottom + top) / 2))
    return chars


def _cell_paragraphs(chars: list, box: tuple, height: float) -> list[str]:
    """The text whose characters centre inside one cell box (a character box may reach
    into the row above: "Ể"), its wrapped lines joined into paragraphs; a line that opens
    with a marker or a bullet ("- Sở Tư pháp") starts a paragraph."""
    x0, top, x1, bottom = box
    low, high = height - bottom, height - top
    pieces: list[str] = []
    last = -2
    for i, char, x, y in chars:
        if x0 <= x <= x1 and low <= y <= high:
            pieces.append(("\n" if i != last + 1 else "") + char)
            last = i
    return paragraphs_of_lines("".join(pieces).replace("\r", "\n").split("\n"))


def paragraphs_of_lines(lines: list[str]) -> list[str]:
    """A cell's lines joined into paragraphs: a line that opens with a marker or a bullet
    ("- Sở Tư pháp") starts one, the others go on the line before (wrapped text)."""
    paragraphs: list[str] = []
    for raw in lines:
        line = " ".join(raw.split())
        if not line:
            continue
        if paragraphs and not starts_outline(line):
            paragraphs[-1] += " " + line
        else:
            paragraphs.append(line)
    return paragraphs


def _row_text(row: list[list[str] | None]) -> str:
    return " | ".join(" ".join(cell or []) for cell in row)


def _same_row(a: list[list[str] | None], b: list[list[str] | None]) -> bool:
    """The header repeated on the next page: the same text, allowing for OCR slips."""
    from rapidfuzz import fuzz
    return len(a) == len(b) and fuzz.ratio(_row_text(a), _row_text(b)) >= 80


def _better_read(a: list[list[str] | None], b: list[list[str] | None]) -> list[list[str] | None]:
    """Cell by cell, the reading with more Vietnamese syllables in it (OCR garbles a header
    cell on one page and reads it on the next: "Phốhợẹp thựchiện" / "Phối hợp thực hiện")."""
    def share(cell: list[str]) -> float:
        good, bad = syllable_counts(" ".join(cell))
        return good / (good + bad) if good + bad else 0.0
    return [y if x is None or (y is not None and share(y) > share(x)) else x
            for x, y in zip(a, b)]


def _continues_row(row: list[list[str] | None]) -> bool:
    """The top of a row cut by a page break: no number in its first cell, and its first
    text in lower case."""
    if row and row[0]:
        return False
    texts = [p[0] for p in row[1:] if p]
    return bool(texts) and texts[0][:1].islower()


def _merged_down(rows) -> dict[tuple[int, int], tuple[int, int]]:
    """Cells covered by a cell above them (its box reaches down past their row's top): a
    lead or time cell shared by several task rows. Cells covered from the left (a heading
    row spanning the table) are not."""
    merged: dict[tuple[int, int], tuple[int, int]] = {}
    owner: dict[int, tuple[int, float]] = {}      # column → (row of the cell, its bottom)
    for r, row in enumerate(rows):
        top = row.bbox[1]
        for c, box in enumerate(row.cells):
            if box is not None:
                owner[c] = (r, box[3])
            elif c in owner and owner[c][1] > top + 1:
                merged[(r, c)] = (owner[c][0], c)
    return merged


def reads_as_table(table: PageTable) -> bool:
    columns = max((len(r) for r in table.rows), default=0)
    if len(table.rows) < 2 or not 2 <= columns <= MAX_COLUMNS:
        return False
    cells = [c for row in table.rows for c in row if c is not None]
    filled = [c for c in cells if c]
    if not filled or len(cells) - len(filled) > MAX_EMPTY_SHARE * len(cells):
        return False
    words = sum(len(" ".join(c).split()) for c in filled)
    return words / len(filled) >= MIN_WORDS_PER_CELL
