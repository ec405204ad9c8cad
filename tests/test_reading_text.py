"""The .txt/.md reader and the ``read`` front door, on the bundled seed notices."""
from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, strategies as st

from conftest import seed_path
from extractor.errors import NoText, UnreadableFile, UnsupportedFormat
from extractor.reading import READERS, read, register_reader
from extractor.model import ReadDocument, Block


def texts(path) -> list[str]:
    return [block.text for block in read(path).blocks]


def test_seed_002_keeps_numbered_headings_as_blocks():
    blocks = texts(seed_path(2))
    assert "2.1. Đối với UBND cấp huyện" in blocks
    assert "2. Nhiệm vụ cụ thể" in blocks


def test_seed_000_rejoins_paragraph_cut_by_page_break_and_drops_footer_path():
    blocks = texts(seed_path(0))
    point_1 = next(b for b in blocks if b.startswith("1. Đề nghị các cấp"))
    assert "toàn thể Nhân dân để xác định xây dựng NTM" in point_1
    assert not any(b.startswith("để xác định") for b in blocks)
    assert not any("Dropbox" in b for b in blocks)


def test_seed_000_signature_lines_stay_apart_and_lose_markdown():
    document = read(seed_path(0))
    signature = [b for b in document.blocks if b.bold]
    assert [b.text for b in signature] == ["TL.CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG",
                                          "PHÓ CHÁNH VĂN PHÒNG"]
    assert not any("*" in b.text for b in document.blocks)


def test_seed_001_header_lines_apart_wrapped_subject_joined():
    blocks = texts(seed_path(1))
    assert blocks[:2] == ["ỦY BAN NHÂN DÂN", "TỈNH KON TUM"]
    assert ("V/v triển khai kết luận của Ban Chấp hành Đảng bộ tỉnh về Chương trình xây "
            "dựng nông thôn mới") in blocks


def test_seed_004_page_break_before_a_year_is_rejoined():
    blocks = texts(seed_path(4))
    assert any("nông thôn mới năm 2020 có 03 xã đặc biệt khó khăn" in b for b in blocks)
    assert "đ) Tập trung" in "\n".join(blocks)


def test_document_fields():
    document = read(seed_path(3))
    assert (document.format, document.reader, document.pages) == ("txt", "text", None)
    assert document.source == seed_path(3).name
    assert len(document.sha256) == 64


def test_nfd_text_comes_out_nfc(tmp_path):
    path = tmp_path / "nfd.txt"
    path.write_text(unicodedata.normalize("NFD", "Đề nghị Sở Tài chính\n"), encoding="utf-8")
    assert texts(path) == ["Đề nghị Sở Tài chính"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_bom_encodings(tmp_path, encoding):
    path = tmp_path / "bom.txt"
    path.write_text("Số: 12/TB-UBND\n\nKính gửi: Sở Xây dựng\n", encoding=encoding)
    assert texts(path) == ["Số: 12/TB-UBND", "Kính gửi: Sở Xây dựng"]


def test_windows_1258_text_is_read_and_unknown_bytes_are_refused(tmp_path):
    path = tmp_path / "cp1258.txt"
    path.write_bytes("Thông báo".encode("cp1258"))      # no tone: Windows-1258 has ô, á
    assert texts(path) == ["Thông báo"]
    path.write_bytes(b"Th\x81ng b\x8do \x90\x9d")       # bytes no Vietnamese code page uses
    with pytest.raises(UnreadableFile, match="cp1258.txt: the text is in no encoding this "
                                             "program knows .*save it as UTF-8"):
        read(path)


def test_pipe_row_becomes_cells(tmp_path):
    path = tmp_path / "table.txt"
    path.write_text("ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                    "Số: 5/UBND-KT | Lạng Sơn, ngày 2 tháng 3 năm 2024\n\nNội dung.\n",
                    encoding="utf-8")
    blocks = read(path).blocks
    assert [(b.text, b.cell) for b in blocks[:4]] == [
        ("ỦY BAN NHÂN DÂN", (0, 0, 0)), ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", (0, 0, 1)),
        ("Số: 5/UBND-KT", (0, 1, 0)), ("Lạng Sơn, ngày 2 tháng 3 năm 2024", (0, 1, 1))]
    assert blocks[4].cell is None


def test_missing_file(tmp_path):
    with pytest.raises(UnreadableFile, match="nothere.txt: file not found"):
        read(tmp_path / "nothere.txt")


def test_directory(tmp_path):
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(UnreadableFile, match="is a directory"):
        read(folder)


def test_unknown_suffix_lists_supported(tmp_path):
    path = tmp_path / "notice.xyz"
    path.write_text("x")
    with pytest.raises(UnsupportedFormat, match=r"notice.xyz: .*'.xyz'.*\.doc, \.docx, \.jpeg, \.jpg, \.md, \.pdf, \.png, \.tif, \.tiff, \.txt"):
        read(path)


def test_empty_and_blank_files(tmp_path):
    empty, blank = tmp_path / "empty.txt", tmp_path / "blank.txt"
    empty.write_bytes(b"")
    blank.write_text("\n \n\t\n")
    with pytest.raises(UnreadableFile, match="empty.txt: the file is empty"):
        read(empty)
    with pytest.raises(NoText, match="blank.txt"):
        read(blank)


def test_register_reader_plugs_in_a_format(tmp_path):
    def read_upper(path, data):
        return ReadDocument("", "", "upper", [Block("  Ba\u0301o   cáo "), Block("  ")], reader="up")
    register_reader("UPPER", read_upper)
    try:
        path = tmp_path / "x.upper"
        path.write_bytes(b"1")
        document = read(path)
        assert [b.text for b in document.blocks] == ["Báo cáo"]
        assert document.source == "x.upper" and document.reader == "up"
    finally:
        READERS.pop(".upper")


# Vietnamese letters including đ, some given decomposed, plus spaces and line breaks.
_LETTERS = st.sampled_from(list("aăâeêioôơuưyđĐ") + ["a\u0301", "e\u0323", "o\u031b\u0300",
                                                      "u\u0303", "A\u0302\u0301", " ", "\n"])


@given(st.lists(_LETTERS, min_size=1, max_size=40).map("".join))
def test_read_returns_nfc_whatever_the_input_form(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("p") / "t.txt"
    path.write_text("x " + text, encoding="utf-8")
    joined = " ".join(texts(path))
    assert unicodedata.is_normalized("NFC", joined)
    assert joined.replace(" ", "") == unicodedata.normalize("NFC", "x" + text).replace(
        " ", "").replace("\n", "")


GRID = """PHỤ LỤC

+-----+----------------------------+-------------------+---------------+
| STT | Nội dung nhiệm vụ          | Cơ quan chủ trì   | Thời gian     |
+=====+============================+===================+===============+
| 1   | Nâng cấp trung tâm dữ liệu | Sở Khoa học và    | Quý II/2026   |
|     | của tỉnh                   | Công nghệ         |               |
+-----+----------------------------+-------------------+---------------+
| 2   | Số hóa hồ sơ               | - Công an tỉnh    | 02-03/2026    |
|     |                            | - Sở Nội vụ       |               |
+-----+----------------------------+-------------------+---------------+
"""


def test_grid_table_rows_are_cells_across_their_wrapped_lines(tmp_path):
    """A grid table (pandoc's plain and markdown output): a row's wrapped lines are one
    cell per column; a bullet inside a cell starts a paragraph of its own."""
    path = tmp_path / "luoi.txt"
    path.write_text(GRID, encoding="utf-8")
    cells = [(b.cell[1], b.cell[2], b.text) for b in read(path).blocks if b.cell]
    assert (1, 1, "Nâng cấp trung tâm dữ liệu của tỉnh") in cells
    assert (1, 2, "Sở Khoa học và Công nghệ") in cells
    assert (2, 2, "- Công an tỉnh") in cells and (2, 2, "- Sở Nội vụ") in cells
    assert not any("+--" in text or "===" in text for _, _, text in cells)


def test_tab_separated_rows_are_cells_and_a_lone_tab_is_a_space(tmp_path):
    path = tmp_path / "tab.txt"
    path.write_text("STT\tNội dung nhiệm vụ\tCơ quan chủ trì\n1\tSố hóa hồ sơ\tSở Nội vụ\n\n"
                    "Sở Tài chính\tbố trí kinh phí.\n", encoding="utf-8")
    blocks = read(path).blocks
    assert [(b.cell[1], b.cell[2], b.text) for b in blocks if b.cell][-1] == (1, 2, "Sở Nội vụ")
    assert blocks[-1].cell is None and blocks[-1].text == "Sở Tài chính bố trí kinh phí."


def test_cyrillic_look_alikes_of_a_broken_text_layer_become_latin(tmp_path):
    path = tmp_path / "ky-hieu.txt"
    path.write_text("Số: 24/HDLN-BCA-ВСТ-ВТC\n\nĐề nghị các đơn vị thực hiện.\n", encoding="utf-8")
    texts = [b.text for b in read(path).blocks]
    assert texts[0] == "Số: 24/HDLN-BCA-BCT-BTC"
