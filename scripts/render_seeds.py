#!/usr/bin/env python3
"""Render the seed notices (corpus/seeds/*.txt) into the formats users actually drop in.

For every seed ``corpus/seeds/00N_*.txt`` this writes, under ``corpus/rendered/``:

* ``seed-00N.docx``      laid out like a real official document (Decree 30/2020/NĐ-CP):
                         A4, Times New Roman, borderless two-column header table, kind and
                         subject centred in bold, justified body with first-line indent,
                         outline markers produced by Word AUTOMATIC NUMBERING (numbering.xml),
                         "Nơi nhận" + signature in a borderless two-column table;
* ``seed-00N.doc``       Word 97, converted from the .docx by LibreOffice;
* ``seed-00N.pdf``       converted from the .docx by LibreOffice (text layer);
* ``seed-00N-scan.pdf``  image-only: pdftoppm -r 150 -gray pages, JPEG, no text layer.

Only the layout is added. The words are the seed's own (OCR slips included); what is removed
are converter artefacts that are not the document's text: markdown marks (``**``, ``*``,
``#``, ``<url>``), trailing markdown line-break spaces, the stray ``D:\\...`` footer path,
and blank-line page breaks inside a sentence (the two halves are rejoined). Seeds that start
at "Số:" get their issuer lines derived from the number symbol and the place line.

Usage:  .venv/bin/python scripts/render_seeds.py [--only seed-002] [--no-convert]
Needs:  python-docx, lxml, pillow; soffice (LibreOffice) and pdftoppm (poppler) on PATH.
"""
from __future__ import annotations

import argparse
import copy
import io
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "corpus" / "seeds"
OUT = ROOT / "corpus" / "rendered"
LO_PROFILE = "file:///tmp/lo-render-profile"
FONT = "Times New Roman"
BODY_PT = 14
FIRST_LINE = Cm(1.27)  # 720 twips

# --------------------------------------------------------------------------------------
# Outline markers that become Word automatic numbering. Everything else stays typed
# ("(1)", "(i)", "a)", "đ)", ...), as in real documents.
RE_ROMAN = re.compile(r"^(?P<m>(?:I|II|III|IV|V|VI|VII|VIII|IX|X))\.\s+(?P<t>.+)$")
RE_DEC2 = re.compile(r"^(?P<a>\d{1,2})\.(?P<b>\d{1,2})\.\s+(?P<t>.+)$")
RE_DEC1 = re.compile(r"^(?P<a>\d{1,2})\.\s+(?P<t>.+)$")
RE_DASH = re.compile(r"^-\s+(?P<t>.+)$")
RE_PLUS = re.compile(r"^\+\s+(?P<t>.+)$")
RE_KIND = re.compile(r"^(THÔNG BÁO|KẾ HOẠCH|BÁO CÁO|QUYẾT ĐỊNH|CHỈ THỊ|TỜ TRÌNH)$")
RE_PLACE_DATE = re.compile(r"^(?P<place>[^,\d]{2,40}), ngày\b")
RE_NUMBER = re.compile(r"^Số:\s*(?P<n>\S*?)\s*/\s*(?P<sym>\S+)$")

NUM_OUTLINE = 1   # w:numId of the decimal / Roman outline list
NUM_BULLET = 2    # w:numId of the "-" / "+" bullet list


@dataclass
class Para:
    text: str
    kind: str = "body"        # body | outline | bullet
    ilvl: int = 0
    bold: bool = False


@dataclass
class Seed:
    sid: str                  # seed-00N
    issuer: list[str] = field(default_factory=list)
    number: str = ""
    place_date: str = ""
    motto: list[str] = field(default_factory=list)
    kind: str = ""            # THÔNG BÁO ... or "" for a Công văn
    subject: str = ""         # title, or the "V/v ..." line of a Công văn
    kinh_gui: list[str] = field(default_factory=list)
    body: list[Para] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    sign_titles: list[str] = field(default_factory=list)
    signer: str = ""
    roman: bool = False       # the outline's top level is I., II.


# --------------------------------------------------------------------------------------
# 1. Clean the converter output into blocks (paragraph groups), keeping the words.

def _strip_md_line(line: str) -> str:
    line = line.rstrip()
    line = re.sub(r"^#{1,6}\s+", "", line)                       # ## headings
    line = re.sub(r"<(https?://[^>\s]+)>", r"\1", line)          # <url> autolinks
    return line


def clean_blocks(text: str) -> list[list[str]]:
    blocks: list[list[str]] = []
    cur: list[str] = []
    for raw in text.split("\n"):
        line = _strip_md_line(raw)
        if re.match(r"^[A-Za-z]:\\", line.strip()):               # D:\Dropbox\... footer path
            continue
        if line.strip():
            cur.append(line.strip())
        elif cur:
            blocks.append(cur)
            cur = []
    if cur:
        blocks.append(cur)
    # Rejoin page breaks that cut a sentence: the block before does not end a sentence and
    # the next one continues in lower case (or with a bare number such as "2020 có ...").
    out: list[list[str]] = []
    for b in blocks:
        if out and len(out[-1]) == 1 and len(b) == 1 and _continues(out[-1][-1], b[0]):
            out[-1][-1] = out[-1][-1] + " " + b[0]
        else:
            out.append(b)
    return out


def _continues(prev: str, nxt: str) -> bool:
    p = plain(prev)
    if not p or p[-1] in ".:;!?”\"" or p.endswith("./."):
        return False
    n = plain(nxt)
    if RE_DEC1.match(n) or RE_DEC2.match(n) or RE_ROMAN.match(n):
        return False
    return n[0].islower() or (n[0].isdigit() and not re.match(r"^\d+[.)]", n))


def plain(s: str) -> str:
    """Text without markdown emphasis marks."""
    return s.replace("**", "").replace("*", "")


def runs_of(s: str) -> list[tuple[str, bool, bool]]:
    """Split '**bold** and *italic*' into (text, bold, italic) runs, marks removed."""
    out = []
    pos = 0
    for m in re.finditer(r"\*\*(.+?)\*\*|\*(.+?)\*", s):
        if m.start() > pos:
            out.append((s[pos:m.start()], False, False))
        if m.group(1) is not None:
            out.append((m.group(1), True, False))
        else:
            out.append((m.group(2), False, True))
        pos = m.end()
    if pos < len(s):
        out.append((s[pos:], False, False))
    return [(t.replace("*", ""), b, i) for t, b, i in out if t]


# --------------------------------------------------------------------------------------
# 2. Find the parts of the notice.

def derive_issuer(symbol: str, place: str) -> list[str]:
    """Issuer lines from the number symbol and the place line (layout, not content)."""
    prov = place.strip().upper()
    body = symbol.split("-", 1)[1] if "-" in symbol else symbol
    if body.startswith("VPUBND"):
        return [f"UBND TỈNH {prov}", "VĂN PHÒNG"]
    if body.startswith("UBND"):
        return ["ỦY BAN NHÂN DÂN", f"TỈNH {prov}"]
    raise ValueError(f"cannot derive issuer from symbol {symbol!r}")


def widen_blanks(s: str) -> str:
    """Blank number/day/month parts are wide gaps in real documents, not one space."""
    s = re.sub(r"^Số:\s*/", "Số:        /", s)
    s = re.sub(r"ngày\s+tháng", "ngày      tháng", s)
    s = re.sub(r"tháng\s+năm", "tháng      năm", s)
    return s


def parse_seed(sid: str, text: str) -> Seed:
    blocks = clean_blocks(text)
    seed = Seed(sid)
    i = 0
    # --- header zone: everything up to the kind line or the V/v line
    while i < len(blocks):
        b = [plain(x) for x in blocks[i]]
        first = b[0]
        if RE_KIND.match(first) or first.startswith("V/v"):
            break
        if first.startswith("Số:"):
            seed.number = first
        elif RE_PLACE_DATE.match(first):
            seed.place_date = first
        elif first.startswith("CỘNG HO"):
            seed.motto = b
        else:
            seed.issuer = b
        i += 1
    m = RE_NUMBER.match(seed.number)
    place = RE_PLACE_DATE.match(seed.place_date).group("place")
    if not seed.issuer:
        seed.issuer = derive_issuer(m.group("sym"), place)
    if not seed.motto:
        seed.motto = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    # --- kind + subject, or V/v + Kính gửi
    first = plain(blocks[i][0])
    if RE_KIND.match(first):
        seed.kind = first
        seed.subject = " ".join(plain(x) for x in blocks[i + 1])
        i += 2
    else:
        seed.subject = " ".join(plain(x) for x in blocks[i])
        i += 1
        if plain(blocks[i][0]).startswith("Kính gửi"):
            head = plain(blocks[i][0])
            rest = head[len("Kính gửi:"):].strip()
            i += 1
            if rest:
                seed.kinh_gui = [rest]
            else:
                seed.kinh_gui = [plain(x) for x in blocks[i]]
                i += 1
    # --- body up to "Nơi nhận:"
    while i < len(blocks) and not plain(blocks[i][0]).startswith("Nơi nhận"):
        for line in blocks[i]:
            seed.body.append(classify(line))
        i += 1
    # --- recipients, signature
    head = plain(blocks[i][0])
    rest = blocks[i][1:]
    i += 1
    if not rest:
        rest = blocks[i]
        i += 1
    seed.recipients = [plain(x) for x in rest]
    tail = blocks[i:]
    seed.signer = plain(tail[-1][-1])
    seed.sign_titles = [plain(x).strip() for b in tail[:-1] for x in b] + [
        plain(x).strip() for x in tail[-1][:-1]]
    _assign_levels(seed)
    return seed


def classify(line: str) -> Para:
    p = plain(line)
    for rx, kind in ((RE_ROMAN, "roman"), (RE_DEC2, "dec2"), (RE_DEC1, "dec1"),
                     (RE_DASH, "dash"), (RE_PLUS, "plus")):
        m = rx.match(line)
        if m:
            text = m.group("t")
            para = Para(text, kind="outline" if kind in ("roman", "dec1", "dec2") else "bullet")
            para._marker = kind  # type: ignore[attr-defined]
            t = plain(text)
            if para.kind == "outline" and len(t) < 90 and t[-1] not in ".;":
                para.bold = True     # a heading such as "2. Nhiệm vụ cụ thể"
            return para
    return Para(line)


def _assign_levels(seed: Seed) -> None:
    seed.roman = any(getattr(p, "_marker", "") == "roman" for p in seed.body)
    shift = 1 if seed.roman else 0
    for p in seed.body:
        mk = getattr(p, "_marker", "")
        if mk == "roman":
            p.ilvl = 0
        elif mk == "dec1":
            p.ilvl = 0 + shift
        elif mk == "dec2":
            p.ilvl = 1 + shift
        elif mk == "dash":
            p.ilvl = 0
        elif mk == "plus":
            p.ilvl = 1


# --------------------------------------------------------------------------------------
# 3. numbering.xml: real Word list definitions.

def _lvl(ilvl: int, fmt: str, text: str, start: int = 1, bullet: bool = False) -> str:
    rpr = (f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}" w:hint="default"/>'
           "</w:rPr>")
    return (f'<w:lvl w:ilvl="{ilvl}">'
            f'<w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:suff w:val="space"/>'
            f'<w:pPr><w:ind w:left="0" w:firstLine="720"/></w:pPr>{rpr}</w:lvl>')


def numbering_xml(roman: bool) -> str:
    if roman:   # I. -> 1. -> 1.1. -> a)
        outline = [_lvl(0, "upperRoman", "%1."), _lvl(1, "decimal", "%2."),
                   _lvl(2, "decimal", "%2.%3."), _lvl(3, "lowerLetter", "%4)")]
    else:       # 1. -> 1.1. -> a)
        outline = [_lvl(0, "decimal", "%1."), _lvl(1, "decimal", "%1.%2."),
                   _lvl(2, "lowerLetter", "%3)")]
    bullets = [_lvl(0, "bullet", "-", bullet=True), _lvl(1, "bullet", "+", bullet=True)]
    return (f'<w:numbering {nsdecls("w")}>'
            f'<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="multilevel"/>'
            f'{"".join(outline)}</w:abstractNum>'
            f'<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="multilevel"/>'
            f'{"".join(bullets)}</w:abstractNum>'
            f'<w:num w:numId="{NUM_OUTLINE}"><w:abstractNumId w:val="0"/></w:num>'
            f'<w:num w:numId="{NUM_BULLET}"><w:abstractNumId w:val="1"/></w:num>'
            f'</w:numbering>')


def install_numbering(doc, roman: bool) -> None:
    part = doc.part.numbering_part
    new = parse_xml(numbering_xml(roman))
    old = part.element
    for ch in list(old):
        old.remove(ch)
    for ch in list(new):
        old.append(ch)


def set_numpr(par, num_id: int, ilvl: int) -> None:
    ppr = par._p.get_or_add_pPr()
    ppr.insert(0, parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))


# --------------------------------------------------------------------------------------
# 4. The .docx.

def _fmt(par, align=None, before=0, after=0, first_line=None, line=None, keep=False):
    pf = par.paragraph_format
    if align is not None:
        pf.alignment = align
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    if first_line is not None:
        pf.first_line_indent = first_line
    if line is not None:
        pf.line_spacing = line
    if keep:
        pf.keep_with_next = True


def _add_runs(par, text: str, size=BODY_PT, bold=False, italic=False, underline=False):
    for t, b, i in runs_of(text):
        r = par.add_run(t)
        r.font.size = Pt(size)
        r.font.bold = bold or b or None
        r.font.italic = italic or i or None
        if underline:
            r.font.underline = True
    return par


def _cell_par(cell, first: bool):
    return cell.paragraphs[0] if first else cell.add_paragraph()


def _borderless(table) -> None:
    tblPr = table._tbl.tblPr
    for el in tblPr.findall(qn("w:tblBorders")):
        tblPr.remove(el)
    tblPr.append(parse_xml(
        f'<w:tblBorders {nsdecls("w")}>' + "".join(
            f'<w:{s} w:val="nil"/>' for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
        + "</w:tblBorders>"))


def _two_col(doc, left_cm: float, right_cm: float):
    t = doc.add_table(rows=1, cols=2)
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    _borderless(t)
    for cell, w in zip(t.rows[0].cells, (left_cm, right_cm)):
        cell.width = Cm(w)
    for col, w in zip(t.columns, (left_cm, right_cm)):
        col.width = Cm(w)
    return t.rows[0].cells


def build_docx(seed: Seed, path: Path) -> None:
    doc = Document()
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.top_margin, sec.bottom_margin = Cm(2.0), Cm(2.0)
    sec.left_margin, sec.right_margin = Cm(3.0), Cm(1.5)
    st = doc.styles["Normal"]
    st.font.name = FONT
    st.font.size = Pt(BODY_PT)
    rpr = st.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    for a in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(a), FONT)
    st.paragraph_format.space_after = Pt(0)
    install_numbering(doc, seed.roman)

    # ---- header table: issuer | motto ; number (+ V/v) | place-date
    left, right = _two_col(doc, 6.5, 10.0)
    for k, line in enumerate(seed.issuer):
        p = _cell_par(left, k == 0)
        _fmt(p, WD_ALIGN_PARAGRAPH.CENTER)
        # a body under a parent ("UBND TỈNH X" / "VĂN PHÒNG"): parent regular, own name bold
        parent = len(seed.issuer) > 1 and k == 0 and line.startswith("UBND")
        _add_runs(p, line, size=13, bold=not parent)
    p = left.add_paragraph()
    _fmt(p, WD_ALIGN_PARAGRAPH.CENTER, before=8)
    _add_runs(p, widen_blanks(seed.number), size=13)
    if not seed.kind:           # Công văn: "V/v ..." under the number
        p = left.add_paragraph()
        _fmt(p, WD_ALIGN_PARAGRAPH.CENTER, before=2)
        _add_runs(p, seed.subject, size=12)
    p = _cell_par(right, True)
    _fmt(p, WD_ALIGN_PARAGRAPH.CENTER)
    _add_runs(p, seed.motto[0], size=12, bold=True)
    p = right.add_paragraph()
    _fmt(p, WD_ALIGN_PARAGRAPH.CENTER)
    _add_runs(p, seed.motto[1], size=13, bold=True, underline=True)
    p = right.add_paragraph()
    _fmt(p, WD_ALIGN_PARAGRAPH.CENTER, before=14)
    _add_runs(p, widen_blanks(seed.place_date), size=14, italic=True)

    # ---- kind and subject / Kính gửi
    if seed.kind:
        p = doc.add_paragraph()
        _fmt(p, WD_ALIGN_PARAGRAPH.CENTER, before=18, keep=True)
        _add_runs(p, seed.kind, bold=True)
        p = doc.add_paragraph()
        _fmt(p, WD_ALIGN_PARAGRAPH.CENTER, after=12, keep=True)
        _add_runs(p, seed.subject, bold=True)
    else:
        doc.add_paragraph()
    if seed.kinh_gui:
        if len(seed.kinh_gui) == 1:
            p = doc.add_paragraph()
            _fmt(p, WD_ALIGN_PARAGRAPH.CENTER, after=12)
            _add_runs(p, "Kính gửi: " + seed.kinh_gui[0])
        else:
            l, r = _two_col(doc, 5.0, 11.5)
            p = _cell_par(l, True)
            _fmt(p, WD_ALIGN_PARAGRAPH.RIGHT)
            _add_runs(p, "Kính gửi:")
            for k, line in enumerate(seed.kinh_gui):
                p = _cell_par(r, k == 0)
                _fmt(p, WD_ALIGN_PARAGRAPH.LEFT)
                _add_runs(p, line)
            p = doc.add_paragraph()
            _fmt(p, after=6)

    # ---- body
    for para in seed.body:
        p = doc.add_paragraph()
        _fmt(p, WD_ALIGN_PARAGRAPH.JUSTIFY, before=6, line=1.1, first_line=FIRST_LINE,
             keep=para.bold)
        if para.kind == "outline":
            set_numpr(p, NUM_OUTLINE, para.ilvl)
        elif para.kind == "bullet":
            set_numpr(p, NUM_BULLET, para.ilvl)
        _add_runs(p, para.text, bold=para.bold)

    # ---- Nơi nhận | signature
    doc.add_paragraph()
    l, r = _two_col(doc, 8.5, 8.0)
    p = _cell_par(l, True)
    _add_runs(p, "Nơi nhận:", size=12, bold=True, italic=True)
    for line in seed.recipients:
        p = l.add_paragraph()
        _add_runs(p, line, size=11)
    for k, line in enumerate(seed.sign_titles):
        p = _cell_par(r, k == 0)
        _fmt(p, WD_ALIGN_PARAGRAPH.CENTER)
        _add_runs(p, line, size=14, bold=True)
    for _ in range(4):
        r.add_paragraph()
    p = r.add_paragraph()
    _fmt(p, WD_ALIGN_PARAGRAPH.CENTER)
    _add_runs(p, seed.signer, size=14, bold=True)

    # neutral metadata: no invented author or dates
    cp = doc.core_properties
    cp.author = ""
    cp.last_modified_by = ""
    cp.title = ""
    cp.revision = 1
    el = cp._element
    for tag in ("dcterms:created", "dcterms:modified", "cp:lastPrinted"):
        for e in el.findall(qn(tag)):
            el.remove(e)
    buf = io.BytesIO()
    doc.save(buf)
    _write_deterministic_zip(buf.getvalue(), path)


def _write_deterministic_zip(blob: bytes, path: Path) -> None:
    """Same input -> same bytes: fixed entry order and timestamps."""
    src = zipfile.ZipFile(io.BytesIO(blob))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info.filename))


# --------------------------------------------------------------------------------------
# 5. .doc / .pdf with LibreOffice, image-only scan with pdftoppm + Pillow.

def soffice_convert(docx: Path, fmt: str) -> Path:
    with tempfile.TemporaryDirectory() as td:
        filt = {"doc": "doc:MS Word 97", "pdf": "pdf:writer_pdf_Export"}[fmt]
        cmd = ["soffice", f"-env:UserInstallation={LO_PROFILE}", "--headless",
               "--convert-to", filt, "--outdir", td, str(docx)]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=180)
        made = Path(td) / (docx.stem + "." + fmt)
        if not made.exists():
            raise RuntimeError(f"soffice made no {fmt} for {docx.name}")
        target = docx.with_suffix("." + fmt)
        shutil.move(str(made), target)
        return target


def make_scan(pdf: Path, target: Path, dpi: int = 150, quality: int = 60) -> None:
    """Image-only PDF: one grey JPEG per page, no text layer, fixed metadata."""
    with tempfile.TemporaryDirectory() as td:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", str(pdf), f"{td}/p"], check=True)
        pages = [Image.open(p).convert("L") for p in sorted(Path(td).glob("p-*.pgm"))]
        # Pillow writes mode "L" pages as DCTDecode (JPEG) streams at this quality
        pages[0].save(target, "PDF", save_all=True, append_images=pages[1:], resolution=dpi,
                      quality=quality, optimize=True, title="", author="", creator="",
                      producer="", creationDate=None, modDate=None)


# --------------------------------------------------------------------------------------

def seed_files(only: str | None) -> list[tuple[str, Path]]:
    out = []
    for f in sorted(SEEDS.glob("[0-9][0-9][0-9]_*.txt")):
        sid = f"seed-{f.name[:3]}"
        if only and sid != only:
            continue
        out.append((sid, f))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", help="render one seed, e.g. seed-002")
    ap.add_argument("--no-convert", action="store_true", help="write the .docx only")
    ap.add_argument("--scan-dpi", type=int, default=150, help="scan resolution (default 150)")
    ap.add_argument("--scan-quality", type=int, default=60, help="scan JPEG quality (default 60)")
    args = ap.parse_args(argv)
    todo = seed_files(args.only)
    if not todo:
        print(f"no seed matches {args.only!r}", file=sys.stderr)
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    for sid, f in todo:
        seed = parse_seed(sid, f.read_text(encoding="utf-8"))
        docx = OUT / f"{sid}.docx"
        build_docx(seed, docx)
        made = [docx]
        if not args.no_convert:
            made.append(soffice_convert(docx, "doc"))
            pdf = soffice_convert(docx, "pdf")
            made.append(pdf)
            scan = OUT / f"{sid}-scan.pdf"
            make_scan(pdf, scan, dpi=args.scan_dpi, quality=args.scan_quality)
            made.append(scan)
        print(f"{sid}: " + ", ".join(f"{p.name} ({p.stat().st_size // 1024} KB)" for p in made))
    return 0


if __name__ == "__main__":
    sys.exit(main())
