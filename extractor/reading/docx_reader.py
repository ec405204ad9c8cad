"""Word .docx: body paragraphs and tables in document order, with Word's numbering rendered.

Reads the zip with lxml directly: python-docx objects cost about 1.4 ms a page for the
walk alone, and we need only a few attributes per paragraph. numbering.xml and styles.xml
are parsed once per document.
"""
from __future__ import annotations

import io
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..errors import UnreadableFile
from ..model import Block, ReadDocument
from .numbering import W, Numbering
from .legacy_fonts import run_text

_W = "{%s}" % W
_VAL = _W + "val"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Elements that merely wrap block content (content controls, custom XML, tracked inserts).
_WRAPPERS = {_W + "sdt", _W + "sdtContent", _W + "customXml", _W + "ins", _W + "smartTag"}
_OFF = ("0", "false", "off")
_PAGES = re.compile(rb"<Pages>(\d+)</Pages>")
_RUN_TEXT = {_W + "t": None, _W + "tab": " ", _W + "br": " ", _W + "cr": " ",
             _W + "noBreakHyphen": "-",
             # a soft hyphen is invisible, except in a TCVN3 run, where byte 0xAD is "ư"
             # (Word 97 and LibreOffice keep it as an optional hyphen): run_text decides
             _W + "softHyphen": "\u00ad"}


def read_docx(path: Path, data: bytes) -> ReadDocument:
    """Reader for .docx files."""
    blocks, pages = docx_blocks(path.name, data)
    return ReadDocument(source=path.name, sha256="", format="docx", blocks=blocks,
                        pages=pages, reader="lxml+numbering")


def docx_blocks(name: str, data: bytes) -> tuple[list[Block], int | None]:
    """The blocks of a .docx held in ``data`` and its page count when Word recorded one.

    Raises:
        UnreadableFile: not a zip, no word/document.xml, or malformed XML.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = {n: _read_part(name, archive, n)
                     for n in ("word/document.xml", "word/numbering.xml", "word/styles.xml",
                               "docProps/app.xml")
                     if n in archive.NameToInfo}
        document = etree.fromstring(parts["word/document.xml"])
        styles = Styles(parts.get("word/styles.xml"))
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, OSError) as error:
        raise UnreadableFile(name, _not_docx(data, error)) from None
    walker = BodyWalker(styles, Numbering(parts.get("word/numbering.xml"), styles.num))
    body = document.find(_W + "body")
    blocks = walker.content(body, None) if body is not None else []
    pages = _PAGES.search(parts.get("docProps/app.xml", b""))
    return blocks, int(pages.group(1)) if pages else None


def max_part_bytes() -> int:
    """The largest part of a .docx that is inflated (NOTICES_MAX_PART_MB, default 200 MB):
    the document.xml of a 300-page plan is a few MB, a zip bomb's is gigabytes."""
    try:
        return int(float(os.environ.get("NOTICES_MAX_PART_MB", "200")) * 1_000_000)
    except ValueError:
        return 200_000_000


# A part that inflates more than this many times its stored size is not text: Word's XML
# compresses 5 to 20 times; a zip bomb, thousands.
MAX_RATIO = 500


def _read_part(name: str, archive: zipfile.ZipFile, part: str) -> bytes:
    """One part of the archive, refused before it is inflated when it declares a size or a
    compression ratio no Word document has; reading stops at the cap whatever it declares."""
    info = archive.getinfo(part)
    cap = max_part_bytes()
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > cap or (info.file_size > 10_000_000 and ratio > MAX_RATIO):
        raise UnreadableFile(name, f"its {part} would inflate to {info.file_size / 1e6:,.0f} MB "
                                   f"({ratio:,.0f} times its stored size): refused as a zip bomb. "
                                   "A real .docx this large can be read with "
                                   "NOTICES_MAX_PART_MB set higher")
    with archive.open(info) as stream:
        data = stream.read(cap + 1)
    if len(data) > cap:
        raise UnreadableFile(name, f"its {part} inflates beyond {cap / 1e6:,.0f} MB "
                                   "(NOTICES_MAX_PART_MB): refused as a zip bomb")
    return data


def _not_docx(data: bytes, error: Exception) -> str:
    """Why the bytes are not a .docx, in words a user can act on."""
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return ("is not a valid Word .docx file (it is an OLE file: a Word 97 .doc saved "
                "with the wrong suffix, or a password-protected document); rename it to .doc "
                "or remove the password")
    return (f"is not a valid Word .docx file ({type(error).__name__}: {error}); open it in "
            "Word or LibreOffice and save it again as .docx")


@dataclass
class ParagraphStyle:
    """What the reader needs from a paragraph style, after following w:basedOn."""
    num: tuple[str, int | None] | None = None
    bold: bool = False
    centered: bool = False
    font: str | None = None          # w:rFonts of the style: a legacy font types TCVN3 or VNI


class Styles:
    """Paragraph styles from styles.xml, each parsed on first use, inheritance resolved.

    Word's styles.xml is often 300+ KB of latent and unused styles: parsing it whole costs
    ~7 ms, more than the rest of the document. A regex pass indexes the w:style start tags
    and only the styles a document uses are parsed, each with the root tag's namespaces.
    """

    _START = re.compile(rb"<w:style\b[^>]*>")
    _ATTR = re.compile(rb'w:(styleId|type|default)="([^"]*)"')
    _DEFAULT_FONT = re.compile(rb'<w:rPrDefault>.*?<w:rFonts[^>]*\bw:(?:ascii|hAnsi)="([^"]*)"', re.S)

    def __init__(self, xml: bytes | None):
        self.xml = xml or b""
        self.offsets: dict[str, int] = {}
        self.default: str | None = None
        self.resolved: dict[str | None, ParagraphStyle] = {}
        defaults = self._DEFAULT_FONT.search(self.xml)
        self.default_font = defaults.group(1).decode("utf-8", "replace") if defaults else None
        root = self.xml.find(b"<w:styles")
        self.root_tag = self.xml[root:self.xml.find(b">", root) + 1] if root >= 0 else b""
        for match in self._START.finditer(self.xml):
            attrs = {k.decode(): v.decode() for k, v in self._ATTR.findall(match.group())}
            self.offsets[attrs.get("styleId", "")] = match.start()
            if attrs.get("type") == "paragraph" and attrs.get("default") in ("1", "true"):
                self.default = attrs.get("styleId")

    def element(self, style_id: str | None):
        """The parsed w:style element, or None."""
        start = self.offsets.get(style_id) if style_id is not None else None
        if start is None or not self.root_tag:
            return None
        tag_end = self.xml.find(b">", start)
        end = tag_end + 1 if self.xml[tag_end - 1:tag_end] == b"/" else \
            self.xml.find(b"</w:style>", start) + len(b"</w:style>")
        return etree.fromstring(self.root_tag + self.xml[start:end] + b"</w:styles>")[0]

    def num(self, style_id: str | None) -> tuple[str, int | None] | None:
        """The w:numPr of a (numbering or paragraph) style, following w:basedOn."""
        return self.get(style_id).num

    def get(self, style_id: str | None) -> ParagraphStyle:
        """The resolved style (a default one for unknown ids)."""
        if style_id not in self.resolved:
            self.resolved[style_id] = ParagraphStyle()     # guards against basedOn loops
            self.resolved[style_id] = self._resolve(style_id)
        return self.resolved[style_id]

    def _resolve(self, style_id: str | None) -> ParagraphStyle:
        style = self.element(style_id)
        if style is None:
            return ParagraphStyle()
        based = style.find(_W + "basedOn")
        parent = self.get(based.get(_VAL)) if based is not None else ParagraphStyle()
        ppr, rpr = style.find(_W + "pPr"), style.find(_W + "rPr")
        bold = _flag(rpr, "b") if rpr is not None else None
        jc = ppr.find(_W + "jc") if ppr is not None else None
        return ParagraphStyle(
            num=_num_pr(ppr) or parent.num,
            bold=parent.bold if bold is None else bold,
            centered=parent.centered if jc is None else jc.get(_VAL) == "center",
            font=_font(rpr) or parent.font or (self.default_font if based is None else None))


def _num_pr(ppr) -> tuple[str, int | None] | None:
    """(numId, ilvl or None) from a w:pPr's w:numPr, if it has one."""
    num_pr = ppr.find(_W + "numPr") if ppr is not None else None
    if num_pr is None:
        return None
    num_id, ilvl = num_pr.find(_W + "numId"), num_pr.find(_W + "ilvl")
    return (num_id.get(_VAL) if num_id is not None else "",
            int(ilvl.get(_VAL)) if ilvl is not None else None)


def _flag(props, tag: str) -> bool | None:
    """A toggle property (w:b, w:vanish): True, False, or None when not set."""
    element = props.find(_W + tag)
    return None if element is None else element.get(_VAL) not in _OFF


class BodyWalker:
    """Turns body content into blocks in document order, numbering as it goes."""

    def __init__(self, styles: Styles, numbering: Numbering):
        self.styles = styles
        self.numbering = numbering
        self.tables = 0

    def content(self, container, cell) -> list[Block]:
        """Blocks of the paragraphs and tables directly inside ``container``."""
        blocks: list[Block] = []
        for child in container:
            tag = child.tag
            if tag == _W + "p":
                self.paragraph(child, cell, blocks)
            elif tag == _W + "tbl":
                blocks.extend(self.table(child))
            elif tag in _WRAPPERS:
                blocks.extend(self.content(child, cell))
        return blocks

    def table(self, table) -> list[Block]:
        """Each cell's content with ``cell=(table, row, grid column)``; a merged cell once."""
        index, self.tables = self.tables, self.tables + 1
        blocks: list[Block] = []
        above: dict[int, str] = {}          # grid column → text of the cell merging down
        for row_number, row in enumerate(_children(table, _W + "tr")):
            column = _grid_before(row)
            for cell in _children(row, _W + "tc"):
                span, continued = _cell_merge(cell)
                where = (index, row_number, column)
                if not continued:
                    content = self.content(cell, where)
                    blocks.extend(content)
                    above[column] = " ".join(b.text for b in content if b.cell == where)
                elif _vertical(cell) and above.get(column):
                    blocks.append(Block(above[column], cell=where, merged=True))
                column += span
        return blocks

    def paragraph(self, paragraph, cell, blocks: list[Block]) -> None:
        """Append the paragraph's block (marker + text), then any text-box paragraphs."""
        ppr = paragraph.find(_W + "pPr")
        style_id = self.styles.default
        if ppr is not None:
            pstyle = ppr.find(_W + "pStyle")
            style_id = pstyle.get(_VAL) if pstyle is not None else style_id
        style = self.styles.get(style_id)
        marker = self.marker(ppr, style_id, style)
        text, bold = _runs(paragraph, style.bold, style.font or self.styles.default_font)
        # An empty numbered paragraph in a table is a row number ("TT" column): keep it.
        if text.strip() or (marker and cell is not None):
            jc = ppr.find(_W + "jc") if ppr is not None else None
            centered = style.centered if jc is None else jc.get(_VAL) == "center"
            blocks.append(Block(f"{marker} {text}".strip() if marker else text, cell=cell,
                                bold=bold, centered=centered))
        for box in _text_boxes(paragraph):
            blocks.extend(self.content(box, cell))

    def marker(self, ppr, style_id: str | None, style: ParagraphStyle) -> str:
        """The rendered numbering marker of a paragraph, or "" when it is not numbered."""
        num = _num_pr(ppr) or style.num
        if num is None:
            return ""
        num_id, ilvl = num
        if not num_id and style.num:       # w:numPr with only w:ilvl: list from the style
            num_id = style.num[0]
        if not num_id or num_id == "0":    # numId 0 switches numbering off
            return ""
        if ilvl is None:
            ilvl = self.numbering.level_for_style(num_id, style_id)
        return self.numbering.marker(num_id, ilvl)


def _children(parent, tag: str):
    """Children with ``tag``, looking through content-control and custom-XML wrappers."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tag)


def _grid_before(row) -> int:
    """Grid columns skipped at the start of a row (w:trPr/w:gridBefore)."""
    before = row.find(f"{_W}trPr/{_W}gridBefore")
    return int(before.get(_VAL, 0)) if before is not None else 0


def _cell_merge(cell) -> tuple[int, bool]:
    """(grid columns the cell spans, True when it continues a merge above or to the left)."""
    props = cell.find(_W + "tcPr")
    if props is None:
        return 1, False
    span = props.find(_W + "gridSpan")
    vmerge, hmerge = props.find(_W + "vMerge"), props.find(_W + "hMerge")
    continued = ((vmerge is not None and vmerge.get(_VAL, "continue") != "restart")
                 or (hmerge is not None and hmerge.get(_VAL, "continue") != "restart"))
    return (int(span.get(_VAL, 1)) if span is not None else 1), continued


def _vertical(cell) -> bool:
    """True when the cell continues a vertical merge (w:vMerge without "restart")."""
    vmerge = cell.find(f"{_W}tcPr/{_W}vMerge")
    return vmerge is not None and vmerge.get(_VAL, "continue") != "restart"


def _font(props) -> str | None:
    """The font a w:rPr names (w:rFonts ascii, else hAnsi), or None."""
    fonts = props.find(_W + "rFonts") if props is not None else None
    if fonts is None:
        return None
    return fonts.get(_W + "ascii") or fonts.get(_W + "hAnsi")


def _runs(paragraph, style_bold: bool, style_font: str | None = None) -> tuple[str, bool]:
    """The paragraph's visible text (runs in a legacy TCVN3/VNI font converted to Unicode)
    and whether every run that has text is bold."""
    parts: list[str] = []
    bold = True
    for run in paragraph.iter(_W + "r"):
        if _inside_box_or_fallback(run, paragraph):
            continue
        props = run.find(_W + "rPr")
        if props is not None and _flag(props, "vanish"):
            continue
        text = "".join(_RUN_TEXT.get(c.tag, c.text) if _RUN_TEXT.get(c.tag, "") is not None
                       else (c.text or "") for c in run if c.tag in _RUN_TEXT)
        text = run_text(text, _font(props) or style_font)
        if text.strip():
            run_bold = _flag(props, "b") if props is not None else None
            bold = bold and (style_bold if run_bold is None else run_bold)
        parts.append(text)
    return "".join(parts), bold


def _inside_box_or_fallback(run, paragraph) -> bool:
    """True for runs of a text box or of a compatibility fallback (read elsewhere or
    duplicated). Runs directly in the paragraph (the usual case) are checked in one step."""
    parent = run.getparent()
    while parent is not paragraph and parent is not None:
        if parent.tag in (_W + "txbxContent", _MC_FALLBACK):
            return True
        parent = parent.getparent()
    return False


def _text_boxes(paragraph):
    """Text boxes anchored in the paragraph (not their compatibility fallback copies)."""
    if paragraph.find(f".//{_W}txbxContent") is None:
        return []
    return [box for box in paragraph.iter(_W + "txbxContent")
            if not any(a.tag == _MC_FALLBACK for a in box.iterancestors())]
