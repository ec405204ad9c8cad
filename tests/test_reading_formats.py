"""The .docx, .doc and .pdf readers on the bundled corpus (real files, real LibreOffice)."""
from __future__ import annotations

import zipfile

import pytest

from conftest import CORPUS
from extractor.errors import ConversionFailed, NeedsOCR, UnreadableFile
from extractor.reading import read
from extractor.reading.doc_reader import catdoc_blocks
from extractor.reading.numbering import format_number

RENDERED = CORPUS / "rendered"
REAL = CORPUS / "real"


def texts(path) -> list[str]:
    return [block.text for block in read(path).blocks]


def body(blocks: list[str]) -> list[str]:
    """Blocks from the title to the closing line (before "Nơi nhận:")."""
    start = blocks.index("THÔNG BÁO")
    return blocks[start:blocks.index("Nơi nhận:")]


# ── .docx ──────────────────────────────────────────────────────────────────────────────

def test_seed_002_docx_renders_word_numbering():
    document = read(RENDERED / "seed-002.docx")
    blocks = [b.text for b in document.blocks]
    assert "2.1. Đối với UBND cấp huyện" in blocks       # "%1.%2." from numbering.xml
    assert "2. Nhiệm vụ cụ thể" in blocks
    assert sum(b.startswith("- ") for b in blocks) >= 15  # bullets rendered as "-"
    with zipfile.ZipFile(RENDERED / "seed-002.docx") as archive:
        assert "2.1. Đối" not in archive.read("word/document.xml").decode()
    assert (document.format, document.reader) == ("docx", "lxml+numbering")


def test_seed_002_docx_header_table_comes_out_as_cells():
    blocks = read(RENDERED / "seed-002.docx").blocks
    cells = {b.text: b.cell for b in blocks if b.cell}
    assert cells["UBND TỈNH LÀO CAI"] == (0, 0, 0)
    assert cells["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"] == (0, 0, 1)
    assert next(b for b in blocks if b.text == "THÔNG BÁO").centered is True


def test_seed_004_docx_letters_continue_after_a_typed_marker():
    blocks = texts(RENDERED / "seed-004.docx")
    markers = [b[:2] for b in blocks if b[:2] in ("a)", "b)", "c)", "d)", "đ)", "e)")]
    assert markers == ["a)", "b)", "c)", "d)", "đ)", "e)"]


def test_docx_with_body_inside_tables_yields_the_body():
    blocks = read(REAL / "CV-UBND-KT_giao-SCT-tham-muu-uy-quyen_truoc-15.9.2025.docx").blocks
    text = " ".join(b.text for b in blocks)
    assert "Giao Sở Công Thương chủ trì, phối hợp với Sở Tư pháp" in text
    assert {"Kính gửi:", "- Sở Công Thương;"} <= {b.text for b in blocks if b.cell}


def test_docx_empty_numbered_cells_keep_their_row_number():
    blocks = read(REAL / "KH-3957_3.7.2026_Kiem-tra-cap-GCN-19-don-vi.docx").blocks
    numbers = [b.text for b in blocks if b.cell and b.cell[2] == 0 and b.text[0].isdigit()]
    assert numbers[:3] == ["1.", "2.", "3."]


@pytest.mark.parametrize("path", sorted(REAL.glob("*.docx")), ids=lambda p: p.name[:30])
def test_every_real_docx_reads_to_nfc_blocks(path):
    document = read(path)
    assert len(document.blocks) >= 10
    assert all(b.text and b.text == " ".join(b.text.split()) for b in document.blocks)


def test_corrupt_docx_is_unreadable(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(UnreadableFile, match=r"broken.docx: is not a valid Word .docx file"):
        read(path)


@pytest.mark.parametrize("value, fmt, expected", [
    (4, "upperRoman", "IV"), (14, "lowerRoman", "xiv"), (3, "lowerLetter", "c"),
    (27, "lowerLetter", "aa"),      # Word doubles the letter after z
    (2, "upperLetter", "B"), (7, "decimalZero", "07"), (12, "decimal", "12"),
])
def test_number_formats(value, fmt, expected):
    assert format_number(value, fmt) == expected


# ── .doc ───────────────────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("seed", ["000", "002", "004"])
def test_doc_via_libreoffice_matches_the_docx_body(seed):
    document = read(RENDERED / f"seed-{seed}.doc")
    assert (document.format, document.reader) == ("doc", "libreoffice+lxml")
    assert body(texts(RENDERED / f"seed-{seed}.doc")) == body(texts(RENDERED / f"seed-{seed}.docx"))


def test_real_doc_keeps_header_table_cells():
    blocks = read(REAL / "CV-tu-choi-TKBVTC-da-hoa-LangLanhII.doc").blocks
    assert any(b.text == "SỞ CÔNG THƯƠNG" and b.cell for b in blocks)
    assert any(b.text.startswith("Sở Công Thương nhận được Tờ trình số 18/2025") for b in blocks)


def test_catdoc_fallback_reads_text_without_markers():
    blocks = [b.text for b in catdoc_blocks(REAL / "CV-tu-choi-TKBVTC-da-hoa-LangLanhII.doc")]
    assert "Nơi nhận:" in blocks
    assert not any("MERGEFORMAT" in b for b in blocks)


def test_doc_that_is_not_a_word_file_fails_conversion(tmp_path):
    path = tmp_path / "fake.doc"
    path.write_bytes(b"\x00\x01garbage" * 50)
    with pytest.raises((ConversionFailed, UnreadableFile), match="fake.doc"):
        read(path)


# ── .pdf ───────────────────────────────────────────────────────────────────────────────

def test_seed_002_pdf_paragraphs_have_markers_and_no_page_numbers():
    document = read(RENDERED / "seed-002.pdf")
    blocks = [b.text for b in document.blocks]
    assert "2.1. Đối với UBND cấp huyện" in blocks
    assert any(b.startswith("(5) Phát huy vai trò") for b in blocks)
    assert not any(b.isdigit() for b in blocks)
    assert (document.format, document.pages) == ("pdf", 4)
    assert {b.page for b in document.blocks} == {1, 2, 3, 4}


def test_pdf_rejoins_a_sentence_cut_by_a_line_and_a_page_break():
    blocks = texts(RENDERED / "seed-002.pdf")
    opening = next(b for b in blocks if b.startswith("Ngày 05/4/2024"))
    assert "đồng chí Đặng Xuân Phong - Ủy viên BCH Trung ương Đảng" in opening
    point_4 = next(b for b in blocks if b.startswith("(4) Triển khai"))
    assert point_4.endswith("tầm nhìn đến năm 2050.")       # runs over pages 1 → 2


def test_pdf_good_text_layer_with_header_columns():
    blocks = texts(REAL / "CV-UBND-tinh-chi-dao-quan-ly-giam-sat-VLNCN.pdf")
    assert "1. Sở Công Thương" in blocks
    assert any(b.startswith("đ) Thực hiện nghiêm công tác tổng hợp") for b in blocks)
    assert "2" not in blocks


@pytest.mark.parametrize("name, printed", [
    ("rendered/seed-002-scan.pdf", "Đối với UBND cấp huyện"),         # an image-only scan
    ("real/KH-1105-DKT-ke-hoach-kiem-tra.pdf", "SỞ CÔNG THƯƠNG"),       # a garbled text layer
])
def test_pages_without_a_usable_text_layer_are_read_with_ocr(name, printed):
    document = read(CORPUS / name)
    assert "tesseract" in document.reader
    assert any(printed in b.text for b in document.blocks)


def test_a_page_with_a_good_text_layer_is_not_sent_to_ocr():
    document = read(REAL / "CV-UBND-tinh-chi-dao-quan-ly-giam-sat-VLNCN.pdf")
    assert document.reader == "pypdfium2"


def test_a_scan_over_the_ocr_page_limit_is_refused_clearly(monkeypatch):
    monkeypatch.setenv("NOTICES_OCR_PAGE_LIMIT", "1")
    with pytest.raises(NeedsOCR) as caught:
        read(CORPUS / "rendered/seed-003-scan.pdf")
    message = str(caught.value)
    assert message.startswith("seed-003-scan.pdf: ")
    assert "more than the limit of 1" in message and "NOTICES_OCR_PAGE_LIMIT" in message


def test_corrupt_pdf_is_unreadable(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n" + bytes(range(256)))
    with pytest.raises(UnreadableFile, match="broken.pdf: is not a valid PDF"):
        read(path)
