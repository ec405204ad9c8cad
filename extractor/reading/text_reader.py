"""Plain text and light markdown (.txt, .md): the text of a notice as a converter wrote it.

Paragraphs are separated by blank lines. Inside a paragraph the converter's line breaks are
either real (header and signature lines in capitals, list items) or just wrapping, and a
page break may cut one paragraph in two; see ``ParagraphBuilder`` for the rules.
"""
from __future__ import annotations

import codecs
import unicodedata
import re
from itertools import groupby
from pathlib import Path

from ..errors import UnreadableFile
from ..model import Block, ReadDocument
from ..text import nfc, normalize, strip_markdown
from .markers import is_footer_path, is_upper_line, starts_outline
from .legacy_fonts import legacy_document

_BLANK_LINES = re.compile(r"\n[ \t]*\n")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
# A markdown table's rule line: "|---|:---:|".
_TABLE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")


def read_text(path: Path, data: bytes) -> ReadDocument:
    """Reader for .txt and .md files (UTF-8, UTF-16, Windows-1258, TCVN3, VNI)."""
    blocks = text_blocks(decode_text(path.name, data))
    return ReadDocument(source=path.name, sha256="", format="txt", blocks=blocks,
                        pages=None, reader="text")


def decode_text(name: str, data: bytes) -> str:
    """Decode by byte-order mark, else UTF-8; failing that, UTF-16 without its mark (half
    the bytes NUL), TCVN3/VNI bytes (returned as Latin-1 characters, which ``read`` converts
    to Unicode) or Windows-1258, the Vietnamese Windows code page.

    Raises:
        UnreadableFile: the bytes are none of these.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode(name, data, "utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    wide = _utf16_without_mark(data)
    if wide:
        return _decode(name, data, wide)
    latin = data.decode("latin-1")
    if legacy_document([latin]):
        return latin
    try:
        return unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError:
        raise UnreadableFile(name, "the text is in no encoding this program knows (not "
                                   "UTF-8, UTF-16, Windows-1258, TCVN3 or VNI); open it in a "
                                   "text editor and save it as UTF-8") from None


def _utf16_without_mark(data: bytes) -> str | None:
    """"utf-16-le" or "-be" when most odd (or even) bytes are NUL, as in Vietnamese or
    English text saved as UTF-16 without a byte-order mark."""
    if len(data) < 4 or len(data) % 2:
        return None
    odd, even = data[1::2].count(0), data[0::2].count(0)
    half = len(data) // 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _decode(name: str, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise UnreadableFile(name, f"the text is not valid {encoding.upper()} (byte "
                                   f"{error.start}: {error.reason}); save it as UTF-8 and "
                                   "try again") from None


def text_blocks(text: str) -> list[Block]:
    """Blocks from plain text: paragraphs by blank lines; rows written as "a | b", as a grid
    table ("+----+----+" borders) or with tabs between cells, as cells."""
    text = nfc(text.replace("\r\n", "\n").replace("\r", "\n"))
    builder = ParagraphBuilder()
    for paragraph in _BLANK_LINES.split(text):
        lines = [line for line in paragraph.split("\n") if line.strip() and not is_footer_path(line)]
        grid = any(_GRID_RULE.match(line) for line in lines)
        for kind, group in groupby(lines, key=lambda line: _line_kind(line, grid)):
            group = list(group)
            if kind == "grid":
                builder.add_grid(group)
            elif kind == "row" or (kind == "tabs" and len(group) >= 2):
                builder.add_rows(group)
            else:
                builder.add_lines([normalize(line) for line in group])
    return builder.blocks


# Where a cell holds several paragraphs: an HTML line break (markdown converters) or a new
# line opening with a bullet.
_CELL_PARTS = re.compile(r"<BR\s*/?>|\n(?=\s*[-+•]\s)", re.I)
_GRID_RULE = re.compile(r"^\s*\+(?:[-=:]+\+)+\s*$")


def _line_kind(line: str, grid: bool) -> str:
    """"grid" (a line of a grid table, in a paragraph that has its borders), "row", "tabs"
    (cells parted by tabs) or "text"."""
    if grid and (_GRID_RULE.match(line) or line.lstrip().startswith("|")):
        return "grid"
    if is_table_row(line):
        return "row"
    if "\t" in line.strip():
        return "tabs"
    return "text"


def is_table_row(line: str) -> bool:
    """Table rows as other tools export them: "cell | cell" or "| cell | cell |"."""
    return " | " in line or (len(line) > 2 and line.startswith("|") and line.endswith("|"))


class ParagraphBuilder:
    """Collects blocks paragraph by paragraph, remembering what came last.

    The memory is needed for two things: a paragraph cut by a page break is glued back to
    the one before it, and consecutive table rows form one table.
    """

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.tables = 0
        self.row = -1           # row in the current table; -1 when the last block is text

    def add_lines(self, lines: list[str]) -> None:
        """One paragraph's lines (no table rows): markdown removed, wrapped lines joined."""
        self.row = -1
        bold = _wholly_bold(lines)
        lines = [clean for clean in (strip_markdown(_HEADING.sub("", l)).strip() for l in lines)
                 if clean]
        units = join_wrapped_lines(lines)
        if units and self._continues(units[0]):
            self.blocks[-1].text += " " + units.pop(0)
        self.blocks.extend(Block(text=unit, bold=bold) for unit in units)

    def add_rows(self, rows: list[str]) -> None:
        """Table rows ("a | b" or "a<tab>b"): one block per non-empty cell with
        ``cell=(table, row, col)``; "<br>" inside a cell (markdown converters) parts it."""
        if self.row < 0:
            self.tables += 1
        for row in rows:
            if _TABLE_RULE.match(row.strip()):
                continue
            cells = row.strip().strip("|").split("|") if "|" in row else row.strip().split("\t")
            self._add_row(cells)

    def add_grid(self, lines: list[str]) -> None:
        """A grid table ("+-----+-----+" borders, "| a   | b   |" lines): each row's cells
        are the column slices of its lines, cut where the border line above has "+"."""
        if self.row < 0:
            self.tables += 1
        edges: list[int] = []
        row: list[list[str]] = []
        for line in lines + ["+"]:
            if _GRID_RULE.match(line) or line == "+":
                if row and any(any(part.strip() for part in cell) for cell in row):
                    self._add_row(["\n".join(cell) for cell in row])
                row = []
                if line != "+":
                    edges = [i for i, ch in enumerate(line) if ch == "+"]
                continue
            spans = list(zip(edges, edges[1:])) or [(0, len(line))]
            if not row:
                row = [[] for _ in spans]
            for cell, (start, end) in zip(row, spans):
                cell.append(line[start + 1:end].strip(" |"))

    def _add_row(self, cells: list[str]) -> None:
        self.row += 1
        for col, cell in enumerate(cells):
            for part in _CELL_PARTS.split(cell):
                text = " ".join(strip_markdown(normalize(part)).split())
                if text:
                    self.blocks.append(Block(text=text, cell=(self.tables - 1, self.row, col)))

    def _continues(self, first: str) -> bool:
        """Does this paragraph continue the previous one across a page break?

        A lower-case start is never a new paragraph in Vietnamese ("để xác định ...").
        A start with a bare number ("2020 có 03 xã") is one when the previous paragraph
        is long and stops mid-sentence ("... về đích nông thôn mới năm").
        """
        if not self.blocks or self.blocks[-1].cell or starts_outline(first):
            return False
        previous = self.blocks[-1].text
        if first[0].islower():
            return not is_upper_line(previous)
        return (first[0].isdigit() and len(previous) >= 60
                and (previous[-1].isalnum() or previous[-1] == ","))


def join_wrapped_lines(lines: list[str]) -> list[str]:
    """Join lines a converter wrapped; keep lines apart after a line in capitals
    ("ỦY BAN NHÂN DÂN" / "TỈNH KON TUM") and before a line with an outline marker."""
    units: list[str] = []
    for line in lines:
        if units and not is_upper_line(units[-1]) \
                and not starts_outline(line):
            units[-1] += " " + line
        else:
            units.append(line)
    return units


def _wholly_bold(lines: list[str]) -> bool | None:
    """True when the paragraph is one ``**...**`` span; None (unknown) otherwise, since
    plain text cannot say that a paragraph is not bold."""
    joined = _HEADING.sub("", "\n".join(lines)).strip()
    if len(joined) > 4 and joined.startswith("**") and joined.endswith("**") \
            and "**" not in joined[2:-2]:
        return True
    return None
